import fcntl
import os

import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"

from pipeline.build import build  # noqa: E402
from pipeline.gate import Gate  # noqa: E402
from pipeline.paths import Layout  # noqa: E402
from tests.helpers import quiet  # noqa: E402


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real sources built once, Great Expectations included, into a temporary folder: once for the whole
    run, also when pytest-xdist runs the tests in several workers (the first builds, the others wait for it)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    out = root / "real_build"
    with open(root / "real_build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "manifest.json").is_file():
            build(Layout(out=out), out=quiet())
    return out


def pytest_collection_modifyitems(items):
    for item in items:
        if "real_build" in getattr(item, "fixturenames", ()):
            item.add_marker("real_build")


class DeferredGate(Gate):
    """The Great Expectations worker started when the tables are sent rather than first: a build that fails
    before (bad input, open errors) then starts none. For tests that build to see a build fail."""

    def __init__(self):
        self.process = None

    def submit(self, tables: dict, docs) -> None:
        Gate.__init__(self)
        super().submit(tables, docs)

    def close(self) -> None:
        if self.process is not None:
            super().close()


@pytest.fixture
def deferred_gate(monkeypatch):
    monkeypatch.setattr("pipeline.build.Gate", DeferredGate)
