"""The house's plan, kept: the layering (import-linter's contract), rooms under 400 lines, the runtime apart
from the tests, a runtime lock without test tools, one function per subcommand."""
import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.serve import cli
from tests.helpers import ROOT

MODULES = sorted((ROOT / "pipeline").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
TEST_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "playwright", "mutmut", "fpdf2", "frictionless", "import-linter",
              "ruff", "uv"}


def locked(path: Path) -> dict[str, str]:
    """name -> the rest of its requirement, of a lock's pinned packages."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(.*)$", text, re.MULTILINE)}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 400


def test_the_runtime_lock_holds_no_test_tool_and_every_package_has_hashes():
    runtime, dev = locked(ROOT / "requirements" / "runtime.lock"), locked(ROOT / "requirements" / "dev.lock")
    assert runtime and not TEST_TOOLS & set(runtime)
    assert TEST_TOOLS - {"fpdf2", "frictionless"} <= set(dev)
    assert all("--hash=sha256:" in rest for rest in [*runtime.values(), *dev.values()])
    assert all(dev[name].split()[0] == rest.split()[0] for name, rest in runtime.items())  # one version of each


def strings(tree: ast.AST) -> list[str]:
    """The string constants of a module that are not docstrings."""
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_the_runtime_reads_nothing_from_the_tests():
    for module in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assert not [s for s in strings(tree) if re.search(r"\btests\b", s)], module
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("tests")]


def test_each_subcommand_has_its_own_function():
    subcommands = next(a for a in cli.parser()._actions if a.dest == "command").choices
    assert set(subcommands) == set(cli.COMMANDS)


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
                    reason="import-linter is not installed (make test installs it)")
@pytest.mark.parametrize(("module", "planted", "kept"), [
    ("core/text.py", "import pipeline.serve.cli", False),  # a lower layer importing a higher one
    ("extract/geometry/lines.py", "import pipeline.extract.geometry.table", False),  # a cycle between siblings
    ("serve/sql.py", "import pipeline.core.text", True),  # downwards: allowed
])
def test_the_layering_contract_refuses_an_upward_import_and_a_cycle(tmp_path, module, planted, kept):
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "pipeline" / module).open("a", encoding="utf-8") as handle:
        handle.write(f"\n{planted}  # noqa\n")
    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=tmp_path,
                         capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert (run.returncode == 0) == kept, run.stdout[-2000:]
