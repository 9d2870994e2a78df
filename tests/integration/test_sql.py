"""`python -m pipeline sql`: the published DuckDB file at a SQL prompt, read-only."""
import subprocess
import sys

from tests.helpers import ROOT
from tests.integration.test_cli import cli, one_line_error


def piped(build, text):
    return subprocess.run([sys.executable, "-m", "pipeline", "sql", "--out", str(build)], cwd=ROOT, input=text,
                          capture_output=True, text=True,
                          env={"GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})


def test_one_statement(real_build):
    run = cli("sql", "--out", real_build, "-c", "SELECT count(*) AS limousin FROM openings_by_region "
              "WHERE region_name = 'Limousin' AND rome_code = '52313'")
    assert run.returncode == 0, run.stderr
    assert "│        2 │" in run.stdout


def test_every_statement_of_a_line_prints_its_result(real_build):
    run = cli("sql", "--out", real_build, "-c", "SELECT 'first' AS a; SELECT 'second' AS b")
    assert run.returncode == 0, run.stderr
    assert run.stdout.index("first") < run.stdout.index("second")
    piped_run = piped(real_build, "SELECT 'first' AS a; SELECT 'second' AS b;\n")
    assert piped_run.stdout.index("first") < piped_run.stdout.index("second")


def test_check_needs_no_quoting_in_the_view(real_build):
    run = cli("sql", "--out", real_build, "-c", "SELECT count(*) FROM findings_by_check WHERE check_id = "
              "'count_mismatch'")
    assert run.returncode == 0 and "│            1 │" in run.stdout, run.stdout


def test_piped_statements_run_in_order_and_the_file_is_read_only(real_build):
    run = piped(real_build, "SELECT 1 AS one;\n.tables\nCREATE TABLE mine (a INTEGER);\nSELECT\n  2 AS two;\n")
    assert run.stdout.index("one") < run.stdout.index("findings_by_check") < run.stdout.index("two")
    assert run.stderr.startswith("error: ") and "read-only" in run.stderr
    assert run.returncode == 1


def test_a_wrong_statement_is_one_line(real_build):
    assert one_line_error(cli("sql", "--out", real_build, "-c", "SELEC 1")) == \
        'SQL: Parser Error: syntax error at or near "SELEC"'


def test_without_a_build(tmp_path):
    assert one_line_error(cli("sql", "--out", tmp_path, "-c", "SELECT 1")) == \
        f"{tmp_path}/metiers.duckdb: no published DuckDB file here: run `make build` first"
