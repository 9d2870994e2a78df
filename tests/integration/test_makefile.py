"""`make build` rebuilds when any published output is missing or older than an input (asked with `make -q`,
which runs nothing), on a copy of the Makefile in a folder of empty stand-in files."""
import os
import shutil
import subprocess
import time

import pytest

from pipeline.core import dictionary
from tests.helpers import ROOT

TABLES = list(dictionary.tables())
OUTPUTS = ["build/metiers.duckdb", "build/datapackage.json", "build/openings.png", "build/site/index.html",
           "build/data-docs/index.html", "build/manifest.json", "build/csv/openings_matrix.csv",
           *(f"build/csv/{t}.csv" for t in TABLES), *(f"build/parquet/{t}.parquet" for t in TABLES),
           *(f"build/intermediate/{t}.parquet" for t in dictionary.intermediate())]
INPUTS = ["requirements/runtime.lock", "pyproject.toml", "CHANGELOG.md", "raw/sources.toml", "raw/reference/regions.csv",
          "checks/policy.toml", "pipeline/serve/build.py"]


def up_to_date(folder) -> bool:
    run = subprocess.run(["make", "-q", "build"], cwd=folder, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode == 0


@pytest.fixture
def tree(tmp_path):
    if not shutil.which("make"):
        pytest.skip("no make")
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "pipeline" / "core").mkdir(parents=True)
    shutil.copy(ROOT / "pipeline" / "core" / "dictionary.toml", tmp_path / "pipeline" / "core")
    for name in [*INPUTS, ".venv/.installed", *OUTPUTS]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    past = time.time() - 100
    for name in [*INPUTS, "pipeline/core/dictionary.toml", ".venv/.installed"]:
        os.utime(tmp_path / name, (past, past))
    return tmp_path


def test_nothing_to_do_when_every_output_is_newer(tree):
    assert up_to_date(tree)


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_missing_output_is_rebuilt(tree, output):
    (tree / output).unlink()
    assert not up_to_date(tree)


def test_a_missing_folder_of_outputs_is_rebuilt(tree):
    shutil.rmtree(tree / "build" / "parquet")
    assert not up_to_date(tree)


@pytest.mark.parametrize("output", ["build/csv/openings_by_region.csv", "build/site/index.html"])
def test_an_output_older_than_an_input_is_rebuilt(tree, output):
    os.utime(tree / output, (time.time() - 200, time.time() - 200))
    assert not up_to_date(tree)


def test_the_build_writes_exactly_these_outputs(real_build):
    """The Makefile's list (as above) is every file the build publishes, Data Docs by their index page."""
    written = {p.relative_to(real_build).as_posix() for p in real_build.rglob("*")
               if p.is_file() and ("data-docs" not in p.parts or p.name == "index.html" and p.parent.name ==
                                   "data-docs") and p.name != ".lock"}
    assert written == {o.removeprefix("build/") for o in OUTPUTS}
