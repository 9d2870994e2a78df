"""`python -m pipeline sql`: the published DuckDB file at a SQL prompt, read-only."""
import shutil
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


def published_copy(real_build, tmp_path):
    """A copy of the real build that a statement could damage if it were let through."""
    out = tmp_path / "out"
    shutil.copytree(real_build, out)
    return out


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_statement_writes_a_file(real_build, tmp_path):
    """COPY ... TO, EXPORT DATABASE: refused as one line, exit 2, and no file written or changed (the guard:
    enable_external_access = false in pipeline/serve/duck.py)."""
    out = published_copy(real_build, tmp_path)
    before = tree(out)
    for statement in (f"COPY (SELECT 1) TO '{out}/csv/openings.csv'", f"COPY (SELECT 1) TO '{out}/evil.csv'",
                      f"COPY (SELECT 1 AS a) TO '{tmp_path}/evil.csv' (FORMAT csv)",
                      f"EXPORT DATABASE '{tmp_path}/exported'"):
        run = subprocess.run([sys.executable, "-m", "pipeline", "sql", "--out", str(out), "-c", statement],
                             cwd=ROOT, capture_output=True, text=True,
                             env={"GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})
        message = one_line_error(run)
        assert message.startswith("SQL: Permission Error: ") and "disabled by configuration" in message, message
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_no_statement_reads_a_file_nor_unlocks_the_configuration(real_build, tmp_path):
    """read_text, read_csv, a file named in FROM, ATTACH, INSTALL: refused; SET cannot turn access back on
    (the guard: lock_configuration = true in pipeline/serve/duck.py)."""
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n42\n", encoding="utf-8")
    for statement in (f"SELECT * FROM read_text('{secret}')", f"SELECT * FROM read_csv('{secret}')",
                      f"SELECT * FROM '{secret}'", f"ATTACH '{tmp_path}/other.duckdb' AS other",
                      "INSTALL httpfs"):
        message = one_line_error(cli("sql", "--out", real_build, "-c", statement))
        assert message.startswith("SQL: Permission Error: "), message
    for setting in ("enable_external_access = true", "lock_configuration = false", "temp_directory = '/tmp'"):
        message = one_line_error(cli("sql", "--out", real_build, "-c", f"SET {setting}; SELECT * FROM '{secret}'"))
        assert message.startswith("SQL: Invalid Input Error: Cannot change configuration option"), message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"]


def test_lookup_reads_through_the_same_confined_connection(real_build):
    from pipeline.serve import duck

    con = duck.connect(real_build)
    try:
        assert con.execute("SELECT current_setting('enable_external_access'), "
                           "current_setting('lock_configuration')").fetchone() == (False, True)
    finally:
        con.close()
    assert "74 Limousin" in cli("lookup", "--out", real_build, "--rome", "52313").stdout
