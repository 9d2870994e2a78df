"""Faults: a failed or killed build never leaves a half-written file where readers look."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipeline.core.hashing import published_sha256
from pipeline.serve import cli
from tests.helpers import CIRCULAR, ROOT, copy_raw, rehash

ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}


def tree_hashes(folder):
    """Every file's digest as the manifest records it (the DuckDB file's by its content)."""
    return {p.relative_to(folder).as_posix(): published_sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(*args):
    """`python -m pipeline build ARGS` without its Great Expectations gate (tests/ungated.py)."""
    return subprocess.Popen([sys.executable, "-m", "tests.ungated", "build", *map(str, args)], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_failed_build_leaves_the_previous_one_byte_for_byte(real_build, tmp_path, capsys, no_expectations, no_picture):
    out = tmp_path / "out"
    shutil.copytree(real_build, out)
    before = tree_hashes(out)
    raw = copy_raw(tmp_path / "raw")
    path = raw / CIRCULAR.name
    path.write_text(path.read_text(encoding="utf-8").replace("CODE ROME\t8 métiers", "CODE ROME\t9 métiers"),
                    encoding="utf-8")
    assert cli.main(["build", "--raw", str(raw), "--out", str(out)]) == 2  # manifest hash no longer matches
    rehash(raw)
    assert cli.main(["build", "--raw", str(raw), "--out", str(out)]) == 1  # gate: Corse count
    assert "count_mismatch: Corse: header states 9 métiers, 8 rows are printed" in capsys.readouterr().err
    assert tree_hashes(out) == before


def staging(lock: Path) -> bool:
    """Whether a build holds the lock `lock` and is staging: its journal names its staging folder (read, not
    locked, so that this look cannot make the build wait)."""
    return lock.is_file() and "staging" in lock.read_text(encoding="utf-8")


def test_two_builds_at_once_take_turns(tmp_path, capsys, no_expectations, no_picture):
    """A build run as a program holds the output folder's lock; a second build (this process) waits for it,
    then replaces its output."""
    out = tmp_path / "out"
    first = start_build("--raw", CIRCULAR, "--out", out)
    while not staging(tmp_path / ".out.lock"):
        assert first.poll() is None, first.communicate()[1]
        time.sleep(0.02)
    assert cli.main(["build", "--out", str(out)]) == 0
    assert first.wait() == 0
    assert "waiting for another build" not in first.communicate()[1]
    assert f"waiting for another build of {out} to finish..." in capsys.readouterr().err.splitlines()
    assert (out / "csv" / "listings.csv").read_bytes() == (ROOT / "build" / "csv" / "listings.csv").read_bytes()


def test_a_reader_keeps_the_old_data_while_a_rebuild_replaces_the_file(tmp_path, no_expectations, no_picture):
    out = tmp_path / "out"
    assert cli.main(["build", "--raw", str(CIRCULAR), "--out", str(out)]) == 0
    reader = duckdb.connect(str(out / "metiers.duckdb"), read_only=True)
    assert reader.execute("SELECT count(*) FROM sources").fetchone() == (1,)
    assert cli.main(["build", "--out", str(out)]) == 0
    assert reader.execute("SELECT count(*) FROM sources").fetchone() == (1,)
    assert reader.execute("SELECT count(*) FROM listings").fetchone() == (433,)
    fresh = subprocess.run([sys.executable, "-c", "import duckdb, sys; print(duckdb.connect(sys.argv[1], "
                            "read_only=True).execute('SELECT count(*) FROM sources').fetchone()[0])",
                            str(out / "metiers.duckdb")], capture_output=True, text=True)
    assert fresh.stdout.strip() == "2"  # a new reader (another process: DuckDB caches open files per process)


def test_the_build_manifest_lists_every_file_and_the_sources(real_build):
    manifest = json.loads((real_build / "manifest.json").read_text(encoding="utf-8"))
    assert [s["sha256"] for s in manifest["sources"]] == [
        "72d342a8a0de88b1b7668ad157c23f1847184c56b5db93133240fc1f0b256109",
        "38f9e909473e65100d7d107efe4ddac6fd5ffcdb452fa85904b559763574c7cc"]
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    on_disk = {k: v for k, v in tree_hashes(real_build).items() if k != "manifest.json"}
    assert listed == on_disk
    assert "data-docs/index.html" in listed
