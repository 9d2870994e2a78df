import os
import re
import subprocess
import sys

import duckdb

from tests.helpers import ROOT
from tools import readme

TEXT = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_parts_are_up_to_date():
    assert readme.render(TEXT) == TEXT, "run: .venv/bin/python -m tools.readme"


def test_the_three_example_queries(real_build):
    queries = re.findall(r"```sql\n(.*?)```", TEXT, re.DOTALL)
    assert len(queries) == 3
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    results = [con.execute(q).fetchall() for q in queries]
    assert results[0] == [("IMID0800328A", "regional"), ("IMIN0800012C", "regional")]
    assert results[1] == [("IMIN0800012C", "Limousin", 20, 18)]
    assert results[2] == [("Auvergne-Rhône-Alpes", 2), ("Bourgogne-Franche-Comté", 2), ("Grand Est", 2),
                          ("Normandie", 2), ("Pays de la Loire", 2), ("Provence-Alpes-Côte d'Azur", 2),
                          ("Centre-Val de Loire", 1), ("Hauts-de-France", 1)]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", TEXT, re.DOTALL)


def run_example(command: str, **kwargs):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "False", "COLUMNS": "100"}, **kwargs)


def test_every_shell_example_runs_as_written():
    """Each line of each sh block, in the README's order, from the repository's root (`make build` comes
    first and builds what the others read); `make test` is what runs this test, so it is not run again."""
    lines = [line for block in blocks("sh") for line in block.splitlines() if line.strip()]
    assert lines[:2] == ["make build   # creates .venv if missing, installs the pinned dependencies "
                         "(requirements/runtime.lock, with hashes), builds build/", "make test    # the whole test suite"]
    outputs = {}
    for line in [lines[0], *lines[2:]]:
        run = run_example(["bash", "-c", line], input="SELECT count(*) AS regions FROM regions_2016;\n")
        assert run.returncode == 0, (line, run.stderr)
        outputs[line.split("#")[0].strip()] = run.stdout
    assert "74 Limousin" in outputs[".venv/bin/python -m pipeline lookup --rome 52313"]
    assert "│      22 │" in outputs["make sql"]
    assert outputs[".venv/bin/python -m pipeline lookup --region PACA --source arrete --format plain"] \
        .splitlines()[0] == "14232"


def test_every_python_example_runs_as_written():
    """Both one-line reads say 52313 is open in Limousin by both texts, the arrêté binding, codes as text."""
    examples = blocks("python")
    assert len(examples) == 2
    for example in examples:
        run = run_example([sys.executable, "-c", example])
        assert run.returncode == 0, run.stderr
        assert "IMID0800328A" in run.stdout and "IMIN0800012C" in run.stdout and "regional" in run.stdout
        assert re.search(r"IMID0800328A'?,? +'?(true|True)", run.stdout), run.stdout
