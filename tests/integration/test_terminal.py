"""What a message quotes from the command line reaches the terminal as characters to read: escape codes, control
characters and line separators are shown as Python escapes (pipeline.core.text.visible, used by the command
line's every message), never obeyed."""
import subprocess
import sys

import pytest

from pipeline.core.text import visible
from tests.helpers import ROOT

CLEAR = "\x1b[2J\x1b[H"  # clears the screen and moves the cursor home
HOSTILE = f"{CLEAR}\x07\r\n\u2028\x9b31m"


def program(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={"GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})


def shown(run):
    """The one line of the error, which must hold no character that is not printable."""
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    line = run.stderr.removesuffix("\n")
    assert "\n" not in line and all(c.isprintable() for c in line), repr(run.stderr)
    return line


def test_visible_shows_every_non_printing_character_and_keeps_the_rest():
    assert visible("Île-de-France 52313 'é' \\") == "Île-de-France 52313 'é' \\"
    assert visible(HOSTILE) == "\\x1b[2J\\x1b[H\\x07\\r\\n\\u2028\\x9b31m"
    assert visible("a\tb\x00c\x7f") == "a\\tb\\x00c\\x7f"


@pytest.mark.parametrize("args, quoted", [
    (["lookup", "--region", f"Li{HOSTILE}"], "no region 'Li\\x1b[2J\\x1b[H\\x07\\r\\n\\u2028\\x9b31m'"),
    (["lookup", "--rome", f"5{CLEAR}"], "'5\\x1b[2J\\x1b[H' is not a ROME code"),
    (["lookup", "--region", "74", "--source", f"X{CLEAR}"], "unknown source 'X\\x1b[2J\\x1b[H'"),
    (["frobnicate", f"{CLEAR}"], "argument command: invalid choice: 'frobnicate'"),
    (["build", f"{CLEAR}"], "unrecognized arguments: \\x1b[2J\\x1b[H"),
    (["sql", "-c", f'SELECT * FROM "t{CLEAR}"'], "Table with name t\\x1b[2J\\x1b[H does not exist"),
])
def test_a_quoted_value_is_shown_not_obeyed(real_build, args, quoted):
    if args[0] in ("lookup", "sql"):
        args = [*args, "--out", real_build]
    assert quoted in shown(program(*args))


def test_a_quoted_path_is_shown_not_obeyed(tmp_path):
    folder = tmp_path / f"out{CLEAR}"
    assert shown(program("lookup", "--region", "74", "--out", folder)) == \
        f"{visible(folder)}/metiers.duckdb: no published DuckDB file here: run `make build` first"
    assert shown(program("build", "--raw", folder, "--out", tmp_path / "out")).startswith(
        f"{visible(folder)}: no such file or folder")
