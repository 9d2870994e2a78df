"""A full disk anywhere in a build (the tables, the DuckDB file, the Great Expectations worker's Data Docs) is
exit 2 and one line naming the output folder and the lack of space, never 1 ("validation failed"); the previous
build survives whole. On a real file system: a small tmpfs (root only; skipped where mounting is refused)."""
import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out):
    return subprocess.run([sys.executable, "-m", "pipeline", "build", "--out", str(out)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def disk(tmp_path):
    """A 32 MiB tmpfs, unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def used_kib(folder):
    return sum(p.stat().st_blocks for p in folder.rglob("*") if p.is_file()) // 2


def fill(disk, leave_kib):
    """Fill the disk but `leave_kib` KiB."""
    free_kib = shutil.disk_usage(disk).free // 1024
    with open(disk / "filler", "wb") as filler:
        filler.write(b"\0" * max(free_kib - leave_kib, 0) * 1024)


def test_a_full_disk_is_exit_2_naming_the_folder_and_the_first_build_survives(disk):
    out = disk / "out"
    first = build(out)
    assert first.returncode == 0, first.stderr
    before = tree(out)
    docs = used_kib(out / "data-docs")
    files = used_kib(out) - docs
    # No room at all; room for half the tables; room for every table and the DuckDB file but not the Data Docs,
    # which the Great Expectations worker writes last.
    for leave in (0, files // 2, files + 64):
        fill(disk, leave)
        second = build(out)
        assert second.returncode == 2, (leave, second.stderr)
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1, (leave, second.stderr)
        assert lines[0].startswith(f"{out}: no space left on its device to stage a new build beside it ("), lines
        assert lines[0].endswith("the previous build is untouched): free some space and build again"), lines
        assert tree(out) == before
        assert {p.name for p in disk.iterdir()} == {"out", ".out.lock", "filler"}
        (disk / "filler").unlink()
