"""The README and docs/: generated parts current, every example run as written, the README short, links alive."""
import os
import re
import subprocess
import sys

import duckdb

from tests.helpers import ROOT
from tools import readme

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
# The pages whose examples run, in this order after the README's (the README's `make build` builds what they read).
EXAMPLES = ("using.md", "scans.md")
MAX_README_BYTES = 15_000


def test_generated_parts_are_up_to_date():
    for page in readme.PAGES:
        assert readme.render(DOCS[page], page) == DOCS[page], "run: make readme"


def test_the_readme_fits_on_a_screen_and_says_what_a_newcomer_asks():
    assert len(TEXT.encode()) <= MAX_README_BYTES, "move the detail to docs/"
    headings = re.findall(r"^## (.*)$", TEXT, re.MULTILINE)
    assert headings == ["Two commands", "What you get", "Is this occupation open in this region? Three ways to ask",
                        "How to cite", "Licence", "Report an error in the data", "The code", "More"]
    report = TEXT.split("## Report an error in the data", 1)[1].split("\n## ", 1)[0]
    assert all(word in report for word in ("**the code**", "**the region**", "**the line**"))


def test_every_relative_link_leads_to_a_file():
    for name, text in [("README.md", TEXT), *((f"docs/{n}", t) for n, t in DOCS.items())]:
        folder = (ROOT / name).parent
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+:", target):
                assert (folder / target).exists(), (name, target)


def blocks(text: str, kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", text, re.DOTALL)


LIMOUSIN = [("IMID0800328A", "regional"), ("IMIN0800012C", "regional")]


def test_the_example_queries(real_build):
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    assert [con.execute(q).fetchall() for q in blocks(TEXT, "sql")] == [LIMOUSIN]
    results = [con.execute(q).fetchall() for q in blocks(DOCS["using.md"], "sql")]
    assert len(results) == 3
    assert results[0] == LIMOUSIN
    assert results[1] == [("IMIN0800012C", "Limousin", 20, 18)]
    assert results[2] == [("Auvergne-Rhône-Alpes", 2), ("Bourgogne-Franche-Comté", 2), ("Grand Est", 2),
                          ("Normandie", 2), ("Pays de la Loire", 2), ("Provence-Alpes-Côte d'Azur", 2),
                          ("Centre-Val de Loire", 1), ("Hauts-de-France", 1)]


def run_example(command, columns: int = 100, **kwargs):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "False", "COLUMNS": str(columns)}, **kwargs)


def test_every_shell_example_runs_as_written():
    """Each line of each sh block, the README's then the docs' pages in EXAMPLES, from the repository's root
    (`make build` comes first and builds what the others read); `make test` is what runs this test, so it is
    not run again."""
    pages = [TEXT, *(DOCS[name] for name in EXAMPLES)]
    lines = [line for page in pages for block in blocks(page, "sh") for line in block.splitlines() if line.strip()]
    assert lines[:2] == ["make build   # creates .venv if missing, installs the pinned dependencies "
                         "(requirements/runtime.lock, with hashes), builds build/", "make test    # the whole test suite"]
    assert len(lines) == 2 + 1 + 1 + 1 + 4 + 1
    outputs = {}
    for line in [lines[0], *lines[2:]]:
        run = run_example(["bash", "-c", line], input="SELECT count(*) AS regions FROM regions_2016;\n")
        assert run.returncode == 0, (line, run.stderr)
        outputs[line.split("#")[0].strip()] = run.stdout
    assert "74 Limousin" in outputs[".venv/bin/python -m pipeline lookup --rome 52313"]
    assert "│      22 │" in outputs["make sql"]
    assert outputs[".venv/bin/python -m pipeline lookup --region PACA --source arrete --format plain"] \
        .splitlines()[0] == "14232"


def test_the_readme_shows_what_lookup_prints():
    """The README's answer is the command's, in a terminal 120 columns wide."""
    command = blocks(TEXT, "sh")[1].strip()
    run = run_example(["bash", "-c", command], columns=120)
    assert run.returncode == 0, run.stderr
    assert TEXT.split(f"```sh\n{command}\n```\n\n```text\n", 1)[1].split("```", 1)[0] == run.stdout


def test_every_python_example_runs_as_written():
    """Both one-line reads say 52313 is open in Limousin by both texts, the arrêté binding, codes as text."""
    examples = blocks(DOCS["using.md"], "python")
    assert len(examples) == 2
    for example in examples:
        run = run_example([sys.executable, "-c", example])
        assert run.returncode == 0, run.stderr
        assert "IMID0800328A" in run.stdout and "IMIN0800012C" in run.stdout and "regional" in run.stdout
        assert re.search(r"IMID0800328A'?,? +'?(true|True)", run.stdout), run.stdout
