import gc
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"

from pipeline.serve.cli import fewer_collections, python_strings  # noqa: E402

python_strings()  # as the programs do, before any table is made
fewer_collections()

from pipeline.extract.sources import sha256_of  # noqa: E402
from tests.helpers import ROOT, shared_folder  # noqa: E402
from tests.ungated import NoExpectations  # noqa: E402

REAL_BUILD_SECONDS = 600


def start_real_build(root: Path) -> None:
    """Build the real sources with `python -m pipeline build`, Great Expectations included, in the background,
    once per run (whichever worker comes first): started as soon as a test that needs it is collected, so that
    the workers run other tests meanwhile instead of waiting for it."""
    try:
        os.close(os.open(root / "real_build.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    script = '"$0" -m pipeline build --out "$1" > "$2" 2>&1; echo $? > "$3.tmp" && mv "$3.tmp" "$3"'
    subprocess.Popen(["sh", "-c", script, sys.executable, root / "real_build", root / "real_build.log",
                      root / "real_build.rc"], cwd=ROOT, stdin=subprocess.DEVNULL, start_new_session=True)


def pytest_collection_finish(session):
    # What is imported and collected lives to the end: the cycle collector need not look at it again (the suite
    # takes 3-5 % less CPU).
    gc.collect()
    gc.freeze()
    if any(item.get_closest_marker("real_build") for item in session.items):
        start_real_build(shared_folder(session.config._tmp_path_factory))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real sources built once for the whole run, shared by the workers of pytest-xdist."""
    root = shared_folder(tmp_path_factory)
    start_real_build(root)
    done = root / "real_build.rc"
    deadline = time.monotonic() + REAL_BUILD_SECONDS
    while not done.is_file():
        if time.monotonic() > deadline:
            pytest.fail(f"the real build took over {REAL_BUILD_SECONDS} s: {root / 'real_build.log'}")
        time.sleep(0.05)
    if done.read_text().strip() != "0":
        pytest.fail(f"the real build failed: {(root / 'real_build.log').read_text(encoding='utf-8')}")
    return root / "real_build"


# The modules whose tests run whole programs or OCR (seconds each), started first so that the workers of
# `make test` end together rather than one waiting for the other's last long test; in each part, the tests
# of the real build come last, to give its background build time to end.
SLOW_FIRST = ("test_readme.py", "test_publish_kills.py", "test_faults.py", "test_ocr.py", "test_site.py",
              "test_site_page.py", "test_gates.py", "test_fuzz.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if "real_build" in getattr(item, "fixturenames", ()):
            item.add_marker("real_build")
    items.sort(key=lambda item: (item.path.name not in SLOW_FIRST, item.get_closest_marker("real_build") is not None))


@pytest.fixture
def no_expectations(monkeypatch):
    """Builds in this process without the Great Expectations gate (tests/ungated.py)."""
    monkeypatch.setattr("pipeline.serve.build.Gate", NoExpectations)


@pytest.fixture
def no_picture(monkeypatch):
    """Builds in this process publish the committed build/openings.png instead of drawing theirs (0.4 CPU-s a
    build): for the tests of what surrounds publishing. The drawing is tested in tests/unit/test_picture.py and
    tests/integration/test_publish.py, and by the real build."""
    picture = (ROOT / "build" / "openings.png").read_bytes()
    monkeypatch.setattr("pipeline.publish.picture.png", lambda *_: picture)


@pytest.fixture
def pdf_lines_once(monkeypatch, tmp_path_factory):
    """pipeline.extract.pdf.pdf_lines reading each PDF once per test run (a second or so each), whichever worker
    reads it first: for the tests of what the lines become. Keyed by the file's content; the tests of reading
    itself (limits, damaged files) do not use it."""
    from pipeline.extract import pdf as extract_pdf

    read = extract_pdf.pdf_lines
    folder = shared_folder(tmp_path_factory) / "pdf-lines"
    folder.mkdir(exist_ok=True)

    def once(path):
        stored = folder / f"{sha256_of(Path(path))}.pickle"
        if not stored.is_file():
            partial = stored.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(read(path)))
            partial.replace(stored)
        return pickle.loads(stored.read_bytes())

    monkeypatch.setattr(extract_pdf, "pdf_lines", once)
    return once
