import fcntl
import os

import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"

from pipeline.build import build  # noqa: E402
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
