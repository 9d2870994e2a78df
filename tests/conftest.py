import fcntl
import hashlib
import os
import pickle
from pathlib import Path

import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"

from pipeline.cli import python_strings  # noqa: E402

python_strings()  # as the programs do, before any table is made

from pipeline.build import build  # noqa: E402
from pipeline.gate import Gate  # noqa: E402
from pipeline.paths import Layout  # noqa: E402
from tests.helpers import quiet, shared_folder  # noqa: E402


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real sources built once, Great Expectations included, into a temporary folder: once for the whole
    run, also when pytest-xdist runs the tests in several workers (the first builds, the others wait for it)."""
    root = shared_folder(tmp_path_factory)
    out = root / "real_build"
    with open(root / "real_build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "manifest.json").is_file():
            build(Layout(out=out), out=quiet())
    return out


# The modules whose tests run whole programs or OCR (seconds each), started first so that the workers of
# `make test` end together rather than one waiting for the other's last long test; in each part, the tests
# of the real build come last, so that a worker needing it while the other builds it seldom waits long.
SLOW_FIRST = ("test_readme.py", "test_publish_kills.py", "test_faults.py", "test_ocr.py", "test_site.py",
              "test_gates.py", "test_fuzz.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if "real_build" in getattr(item, "fixturenames", ()):
            item.add_marker("real_build")
    items.sort(key=lambda item: (item.path.name not in SLOW_FIRST, item.get_closest_marker("real_build") is not None))


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


@pytest.fixture
def pdf_lines_once(monkeypatch, tmp_path_factory):
    """pipeline.extract_pdf.pdf_lines reading each PDF once per test run (a second or so each), whichever worker
    reads it first: for the tests of what the lines become. Keyed by the file's content; the tests of reading
    itself (limits, damaged files) do not use it."""
    from pipeline import extract_pdf

    read = extract_pdf.pdf_lines
    folder = shared_folder(tmp_path_factory) / "pdf-lines"
    folder.mkdir(exist_ok=True)

    def once(path):
        stored = folder / f"{hashlib.sha256(Path(path).read_bytes()).hexdigest()}.pickle"
        if not stored.is_file():
            partial = stored.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(read(path)))
            partial.replace(stored)
        return pickle.loads(stored.read_bytes())

    monkeypatch.setattr(extract_pdf, "pdf_lines", once)
    return once
