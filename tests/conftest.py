import fcntl
import hashlib
import os
from pathlib import Path

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


class NoExpectations(Gate):
    """A gate that starts no Great Expectations worker and passes every build: for the tests of what surrounds
    the gate (inputs refused, the output folder, the command line), where a worker would cost seconds of CPU
    per build. The gate itself is tested with the real worker: tests/test_gates.py, the real build, and the
    builds run as programs (tests/test_faults.py, tests/test_publish_kills.py, tests/test_readme.py)."""

    def __init__(self):
        self.process = None

    def submit(self, tables: dict, docs) -> None:
        pass

    def wait(self) -> dict[str, float]:
        return {}

    def close(self) -> None:
        pass


@pytest.fixture
def no_expectations(monkeypatch):
    monkeypatch.setattr("pipeline.build.Gate", NoExpectations)


@pytest.fixture(scope="session")
def _pdf_lines_read():
    return {}


@pytest.fixture
def pdf_lines_once(monkeypatch, _pdf_lines_read):
    """pipeline.extract_pdf.pdf_lines reading each PDF once per test process (a second or so each): for the tests
    of what the lines become. Keyed by the file's content; the tests of reading itself (limits, damaged files)
    do not use it."""
    from pipeline import extract_pdf

    read = extract_pdf.pdf_lines

    def once(path):
        key = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        if key not in _pdf_lines_read:
            _pdf_lines_read[key] = read(path)
        return list(_pdf_lines_read[key])

    monkeypatch.setattr(extract_pdf, "pdf_lines", once)
    return once
