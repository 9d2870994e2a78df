"""`python -m pipeline sql`: the published DuckDB file, opened read-only, in the environment's DuckDB.

The DuckDB shell on PyPI (duckdb-cli) lags the Python package and cannot read the files it writes, so
this is a small SQL prompt in Python: statements end with `;`, `.tables` lists the tables and views
with their descriptions, `.quit` or end of input leaves.
"""
import sys

import duckdb

from pipeline.core.errors import UsageError
from pipeline.core.text import visible
from pipeline.serve.duck import connect

TABLES = """SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables() WHERE NOT internal
            UNION ALL SELECT view_name, 'view', comment FROM duckdb_views() WHERE NOT internal ORDER BY name"""


def show(con, text: str, out) -> None:
    """Run each statement of `text`; print each result as DuckDB's box table."""
    for statement in con.extract_statements(text):
        relation = con.sql(statement.query)
        if relation is not None:
            print(relation, file=out)


def statements(lines):
    """SQL statements (each ending with `;`) and dot commands, from lines of input."""
    pending = ""
    for line in lines:
        if not pending and line.strip().startswith("."):
            yield line.strip()
            continue
        pending += line
        if pending.rstrip().endswith(";"):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


def prompted():
    """Lines typed at a terminal, with a prompt and line editing."""
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    prompt = "metiers> "
    while True:
        try:
            line = input(prompt)
        except EOFError:
            print()
            return
        prompt = "     ...> " if line.strip() and not line.rstrip().endswith(";") and \
            not line.strip().startswith(".") else "metiers> "
        yield line + "\n"


def run(out_dir, command: str | None = None, stdin=None, out=None) -> int:
    """Run `command`, or every statement read from stdin (a prompt when it is a terminal)."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    con = connect(out_dir)
    try:
        if command is not None:
            try:
                show(con, command, out)
            except duckdb.Error as exc:
                raise UsageError(f"SQL: {exc}".splitlines()[0]) from None
            return 0
        interactive = stdin.isatty()
        if interactive:
            print(f"{out_dir / 'metiers.duckdb'} (read-only). End statements with ';'. "
                  ".tables lists the tables and views; .quit leaves.", file=out)
        failed = 0
        for statement in statements(prompted() if interactive else stdin):
            if statement in (".quit", ".exit"):
                break
            try:
                show(con, TABLES if statement == ".tables" else statement, out)
            except duckdb.Error as exc:
                print(visible(f"error: {exc}".splitlines()[0]), file=sys.stderr)
                failed = 1
        return 0 if interactive else failed
    finally:
        con.close()
