"""The command line: exit codes, one-line errors, no traceback; lookup answers.

The commands run in this process (pipeline.serve.cli.main); one test runs `python -m pipeline` as a program.
"""
import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from typing import NamedTuple

import pandas as pd
import pytest

from pipeline.serve.cli import main
from tests.helpers import FACTS, ROOT, copy_raw, record, rehash


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _no_gate_nor_picture(no_expectations, no_picture):
    """Neither Great Expectations nor the picture is what these tests test: no worker, no drawing
    (tests/conftest.py)."""


def cli(*args, env=None) -> Run:
    """The command run in this process, with `env` added to the environment meanwhile."""
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # --help
                code = exc.code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Run(code, stdout.getvalue(), stderr.getvalue())


def test_the_module_runs_as_a_program():
    run = subprocess.run([sys.executable, "-m", "pipeline", "frobnicate"], cwd=ROOT, capture_output=True, text=True,
                         env={"GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("argument command: invalid choice: 'frobnicate'")


def one_line_error(run, code=2):
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr.strip()


def test_usage_errors():
    assert one_line_error(cli("build", "--nope")) == "unrecognized arguments: --nope (see python -m pipeline --help)"
    assert one_line_error(cli("frobnicate")).startswith("argument command: invalid choice")


def test_missing_raw_path(tmp_path):
    assert one_line_error(cli("build", "--raw", tmp_path / "none.txt", "--out", tmp_path / "out")) == \
        f"{tmp_path / 'none.txt'}: no such file or folder: give a manifest folder or one source file (--raw)"


def test_edited_raw_file_is_refused(tmp_path):
    raw = copy_raw(tmp_path / "raw")
    path = raw / "circulaire-IMIN0800012C-2008-01-07.txt"
    path.write_bytes(path.read_bytes().replace(b"29 m", b"28 m", 1))
    message = one_line_error(cli("build", "--raw", raw, "--out", tmp_path / "out"))
    assert message.startswith(f"{path}:1: sha256 is ")
    assert message.endswith("manifest says 38f9e909473e65100d7d107efe4ddac6fd5ffcdb452fa85904b559763574c7cc: "
                            "the raw file was changed")
    assert not (tmp_path / "out" / "csv").exists()


def test_gate_on_a_new_defect_fails_with_exactly_that_finding(tmp_path):
    raw = copy_raw(tmp_path / "raw")
    path = raw / "circulaire-IMIN0800012C-2008-01-07.txt"
    path.write_bytes(path.read_bytes().replace(b"CODE ROME\t13 m\xc3\xa9tiers", b"CODE ROME\t14 m\xc3\xa9tiers", 1))
    rehash(raw)
    run = cli("build", "--raw", raw, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{path}:144: count_mismatch: Picardie: header states 14 métiers, 13 rows are printed",
        "validation failed: 1 open error(s); nothing was published"]
    assert not (tmp_path / "out" / "csv").exists()


def test_single_text_file_takes_its_source_id_from_the_nor(tmp_path):
    run = cli("build", "--raw", ROOT / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "correction applied: IMIN0800012C rome_code '52213' -> '52313' (source line 106)" in run.stderr
    assert (tmp_path / "csv" / "listings.csv").read_text(encoding="utf-8").count("\nIMIN0800012C,") == 433


def test_check_summarizes_published_findings(real_build):
    run = cli("check", "--out", real_build)
    assert run.returncode == 0, run.stderr
    total = sum(f["count"] for f in FACTS["findings"])
    per_check = Counter()
    for f in FACTS["findings"]:
        per_check[(f["check"], f["status"])] += f["count"]
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["check", "severity", "status", "findings"]
    assert Counter({(check, status): int(n) for check, _, status, n in map(str.split, lines[1:-1])}) == per_check
    assert lines[-1] == f"{total} findings, 0 open error(s); the published findings agree with this re-run"


def test_check_without_a_build(tmp_path):
    assert one_line_error(cli("check", "--out", tmp_path)) == \
        f"{tmp_path}/manifest.json: no build manifest here (or not this pipeline's): run `make build` first"


def test_lookup_rome(real_build):
    run = cli("lookup", "--rome", "52313", "--out", real_build, "--source", "IMIN0800012C", "--format", "json")
    answer = json.loads(run.stdout)
    assert answer["occupation"][0]["label"] == "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    assert answer["occupation"][0]["label_variants"].count("|") == 2
    regions = {r["region_code"]: r["basis"] for r in answer["openings"]}
    assert len(regions) == 17 and regions["11"] == "regional"  # 16 lists print 52313, plus the misprint


def test_check_re_runs_the_catalogue_on_the_stored_intermediate_layer(real_build, tmp_path):
    out = tmp_path / "build"
    shutil.copytree(real_build, out)
    rows = pd.read_parquet(out / "intermediate" / "printed_rows.parquet")
    # Drop the Corse list's last row (61231, nationwide too): its header (8 métiers, circular line 587) no longer
    # matches its rows, a new open count_mismatch; the row's national_repeated finding goes with it.
    corse = rows[(rows.source_id == "IMIN0800012C") & (rows.region_name_as_printed == "Corse")]
    rows.drop(index=corse.index[-1]).to_parquet(out / "intermediate" / "printed_rows.parquet")
    record(out, "intermediate/printed_rows.parquet")
    run = cli("check", "--out", out)
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1] == ("108 findings, 1 open error(s); the published findings DIFFER "
                                           "with this re-run")


def test_check_without_the_intermediate_layer(real_build, tmp_path):
    out = tmp_path / "build"
    shutil.copytree(real_build, out)
    shutil.rmtree(out / "intermediate")
    run = cli("check", "--out", out)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{out}/intermediate/{name}.parquet: missing, though manifest.json lists it"
        for name in ("edition_lists", "edition_rows", "printed_lists", "printed_rows")] + [
        "check failed: 4 problem(s) with the published files"]


def test_check_with_an_intermediate_layer_of_another_schema(real_build, tmp_path):
    out = tmp_path / "build"
    shutil.copytree(real_build, out)
    path = out / "intermediate" / "printed_lists.parquet"
    pd.read_parquet(path).drop(columns=["stated_count"]).to_parquet(path)
    record(out, "intermediate/printed_lists.parquet")
    assert one_line_error(cli("check", "--out", out)) == \
        f"{path}: no column stated_count: built by another version? run `make build`"
