"""Two builds of the same sources in different environments (HOME unset, LANG=C, another time zone, another
PYTHONHASHSEED, another working folder) publish the same bytes: every file but the DuckDB file, whose header holds
a random database identifier (pipeline.core.hashing.DUCKDB_RANDOM), is byte-identical, and the DuckDB file is
identical by content (the digest manifest.json records and `check` verifies). site/index.html shows the DuckDB
file's byte sha256, so it differs too (the page is another piece of work: the test names it, it does not excuse
anything else)."""
import json
import os
import subprocess
import sys

from pipeline.core.hashing import duckdb_content_sha256
from tests.helpers import ROOT

SHOWS_THE_DUCKDB_BYTES = {"site/index.html"}


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out, env, cwd):
    program = (f"import runpy, sys; sys.path.insert(0, {str(ROOT)!r}); "
               f"sys.argv = ['pipeline', 'build', '--out', {str(out)!r}]; "
               "runpy.run_module('pipeline', run_name='__main__', alter_sys=True)")
    run = subprocess.run([sys.executable, "-c", program], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr


def test_two_builds_in_different_environments_publish_the_same_files(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    build(tmp_path / "a", {"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "Pacific/Auckland",
                           "PYTHONHASHSEED": "123", "GX_ANALYTICS_ENABLED": "False"}, elsewhere)
    build(tmp_path / "b", {**os.environ, "HOME": str(tmp_path), "LANG": "fr_FR.UTF-8", "TZ": "UTC",
                           "PYTHONHASHSEED": "7", "GX_ANALYTICS_ENABLED": "False"}, ROOT)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(a) == sorted(b)
    differ = sorted(name for name in a if a[name] != b[name])
    assert set(differ) <= {"metiers.duckdb", "manifest.json"} | SHOWS_THE_DUCKDB_BYTES, differ
    assert duckdb_content_sha256(tmp_path / "a" / "metiers.duckdb") == \
        duckdb_content_sha256(tmp_path / "b" / "metiers.duckdb")
    # The manifest records the DuckDB file by its content: it is byte-identical but for the entry of a file that
    # shows the DuckDB file's bytes' hash.
    assert "manifest.json" not in differ or set(differ) & SHOWS_THE_DUCKDB_BYTES
    manifests = [json.loads(m) for m in (a["manifest.json"], b["manifest.json"])]
    for manifest in manifests:
        manifest["files"] = [f for f in manifest["files"] if f["path"] not in SHOWS_THE_DUCKDB_BYTES]
    assert manifests[0] == manifests[1]
    assert [n for n in a if n.startswith("data-docs/") and a[n] != b[n]] == []


def test_the_duckdb_content_digest_leaves_out_the_random_identifier_only(real_build, tmp_path, capsys):
    """check verifies the DuckDB file by that digest: a changed identifier passes, any other changed byte fails."""
    import shutil

    from pipeline.serve import cli

    out = tmp_path / "out"
    shutil.copytree(real_build, out)
    path = out / "metiers.duckdb"
    before = duckdb_content_sha256(path)
    data = bytearray(path.read_bytes())
    data[124:140] = bytes(range(16))
    path.write_bytes(data)
    assert duckdb_content_sha256(path) == before
    data[200] ^= 0xFF
    path.write_bytes(data)
    assert duckdb_content_sha256(path) != before
    assert cli.main(["check", "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}: differs from manifest.json")
