"""The command line: exit codes, one-line errors, no traceback; lookup answers.

The commands run in this process (pipeline.cli.main); one test runs `python -m pipeline` as a program.
"""
import io
import json
import subprocess
from collections import Counter
import sys
from contextlib import redirect_stderr, redirect_stdout
from typing import NamedTuple

import pytest

from pipeline.cli import main
from tests.helpers import FACTS, ROOT, copy_raw, rehash


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def cli(*args) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main([str(a) for a in args])
    return Run(code, stdout.getvalue(), stderr.getvalue())


def test_the_module_runs_as_a_program():
    run = subprocess.run([sys.executable, "-m", "pipeline", "frobnicate"], cwd=ROOT, capture_output=True, text=True,
                         env={"GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("pipeline:0: argument command: invalid choice: 'frobnicate'")


def one_line_error(run, code=2):
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr.strip()


def test_usage_errors():
    assert one_line_error(cli("build", "--nope")) == \
        "pipeline:0: unrecognized arguments: --nope (see python -m pipeline --help)"
    assert one_line_error(cli("frobnicate")).startswith("pipeline:0: argument command: invalid choice")


def test_missing_raw_path(tmp_path):
    assert one_line_error(cli("build", "--raw", tmp_path / "none.txt", "--out", tmp_path / "out")) == \
        f"{tmp_path / 'none.txt'}:0: no such file or folder"


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
        f"{tmp_path}/parquet/sources.parquet:0: no published table here: run `make build` first"


def test_lookup_rome(real_build):
    run = cli("lookup", "--rome", "52313", "--out", real_build, "--source", "IMIN0800012C", "--format", "json")
    answer = json.loads(run.stdout)
    assert answer["occupation"][0]["label"] == "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    assert answer["occupation"][0]["label_variants"].count("|") == 2
    regions = {r["region_code"]: r["basis"] for r in answer["openings"]}
    assert len(regions) == 17 and regions["11"] == "regional"  # 16 lists print 52313, plus the misprint


@pytest.mark.parametrize("name", ["limousin", "LIMOUSIN", "Limousin", "74"])
def test_lookup_region_by_name_or_code(real_build, name):
    run = cli("lookup", "--region", name, "--out", real_build, "--source", "IMIN0800012C", "--format", "csv")
    lines = run.stdout.splitlines()
    assert lines[0] == "source_id,region_code,region_name,region_2016_name,rome_code,label,basis"
    assert len(lines) == 1 + 23


def test_lookup_region_by_printed_and_2016_names(real_build):
    printed = cli("lookup", "--region", "Champagne", "--out", real_build, "--format", "csv").stdout
    assert {line.split(",")[1] for line in printed.splitlines()[1:]} == {"21"}
    merged = cli("lookup", "--region", "Nouvelle Aquitaine", "--out", real_build, "--format", "csv").stdout
    assert {line.split(",")[1] for line in merged.splitlines()[1:]} == {"54", "72", "74"}
    accents = cli("lookup", "--region", "ile-de-france", "--out", real_build, "--format", "csv").stdout
    assert {line.split(",")[2] for line in accents.splitlines()[1:]} == {"Île-de-France"}


def test_lookup_unknowns_suggest_the_closest(real_build):
    assert one_line_error(cli("lookup", "--region", "Limosin", "--out", real_build)) == \
        "lookup:0: no region 'Limosin' in the published data; closest: Limousin, Lorraine"
    assert one_line_error(cli("lookup", "--rome", "52213", "--out", real_build)) == \
        "lookup:0: 52213 is a misprint corrected in the published data (IMIN0800012C line 106 -> 52313)"
    assert one_line_error(cli("lookup", "--rome", "99999", "--out", real_build)).startswith(
        "lookup:0: no occupation 99999 in the published data; closest:")
