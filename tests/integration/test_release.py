"""The release archive of the real build, and its DuckDB file opened by the oldest DuckDB it is written for."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from pipeline.core.errors import OutputError
from pipeline.publish import archive
from pipeline.publish.datapackage import current_release
from tests.helpers import ROOT

DUCKDB11 = ROOT / ".venv-duckdb11" / "bin" / "python"


def test_the_same_build_gives_the_same_archive(real_build, tmp_path):
    """Archived twice, the files' dates changed between: the same bytes, and SHA256SUMS says their sha256."""
    first = archive.write(real_build, tmp_path / "one").read_bytes()
    later = time.time() + 3600
    for path in real_build.rglob("*"):
        os.utime(path, (later, later))
    written = archive.write(real_build, tmp_path / "two")
    assert written.read_bytes() == first
    assert written.name == f"metiers-ouverts-2008-{current_release().version}.zip"
    sums = (tmp_path / "two" / "SHA256SUMS").read_text(encoding="utf-8")
    assert sums == f"{hashlib.sha256(first).hexdigest()}  {written.name}\n"


def test_the_archive_holds_every_published_file(real_build, tmp_path):
    written = archive.write(real_build, tmp_path)
    folder = written.name.removesuffix(".zip") + "/"
    with zipfile.ZipFile(written) as zipped:
        infos = zipped.infolist()
        names = [i.filename for i in infos]
        package = json.loads(zipped.read(folder + "datapackage.json"))
        assert zipped.testzip() is None
    assert names == sorted(names) and all(n.startswith(folder) for n in names)
    inside = {n.removeprefix(folder) for n in names}
    assert {r["path"] for r in package["resources"]} <= inside
    assert all(not s.get("path", "").startswith("../") for s in package["sources"])
    assert {"metiers.duckdb", "site/index.html", "openings.png", "data-docs/index.html", "LICENSE", "CITATION.cff",
            "CHANGELOG.md", "README.txt"} <= inside
    assert {f"parquet/{r['name']}.parquet" for r in package["resources"] if r["name"] != "openings_matrix"} <= inside
    assert not any(n.startswith("intermediate/") or n == "manifest.json" for n in inside)
    assert {i.date_time for i in infos} == {(*map(int, current_release().date.split("-")), 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    with zipfile.ZipFile(written) as zipped:
        readme = zipped.read(folder + "README.txt").decode()
    assert readme.startswith(f"metiers-ouverts-2008 {current_release().version} ({current_release().date})\n")
    for name in inside - {"LICENSE", "CITATION.cff", "CHANGELOG.md", "README.txt"}:
        with zipfile.ZipFile(written) as zipped:
            assert zipped.read(folder + name) == (real_build / name).read_bytes(), name


def test_a_build_that_changed_since_its_manifest_is_not_archived(real_build, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(real_build, copy)
    with (copy / "csv" / "openings.csv").open("a", encoding="utf-8") as csv:
        csv.write("x\n")
    with pytest.raises(OutputError, match="not a whole build"):
        archive.write(copy, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_release_command_writes_and_says_how_to_tag(real_build, tmp_path):
    run = subprocess.run([sys.executable, "-m", "pipeline", "release", "--out", real_build, "--dist", tmp_path],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    version = current_release().version
    assert f'tag the release: git tag -a v{version} -m "metiers-ouverts-2008 {version}"' in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SHA256SUMS", f"metiers-ouverts-2008-{version}.zip"]


OPEN_WITH_DUCKDB_11 = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__)
print(con.execute("SELECT count(*) FROM openings_by_region").fetchone()[0])
print(con.execute("SELECT count(*) FROM regions_2016").fetchone()[0])
print(con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").fetchone()[0] > 0)
"""


@pytest.mark.skipif(not DUCKDB11.is_file(), reason=(
    f"no {DUCKDB11.parent.parent.name}/ with DuckDB 1.1.3: `make test` creates it (pip install duckdb==1.1.3, "
    "from PyPI); it cannot be downloaded while the tests run"))
def test_duckdb_1_1_opens_the_published_file(real_build):
    run = subprocess.run([DUCKDB11, "-c", OPEN_WITH_DUCKDB_11, real_build / "metiers.duckdb"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1.1.3", "958", "22", "True"]
