"""Summarize a mutmut run (mutants/**/*.meta) into .mutation/mutation.json: mutants, killed, survived, by module.

Survivors listed in tools/equivalent_mutants.toml (each with the reason it cannot be killed) count as equivalent.
"""
import json
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / ".mutation" / "mutation.json"
EQUIVALENT = ROOT / "tests" / "equivalent_mutants.toml"


def equivalents() -> dict[str, str]:
    return {m["name"]: m["reason"] for m in tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))["mutant"]}


def module_report(exit_codes: dict[str, int | None], equivalent: dict[str, str]) -> dict:
    status = {name: status_by_exit_code[code] for name, code in exit_codes.items()}
    counts = Counter(status.values())
    survivors = sorted(n for n, s in status.items() if s == "survived")
    judged = [n for n in survivors if n in equivalent]
    modules = {module_of(n) for n in status}
    checked = counts["killed"] + counts["survived"] + counts["timeout"] + counts["no tests"]  # untested: not killed
    return {
        "mutants": len(status), "killed": counts["killed"], "survived": counts["survived"] - len(judged),
        "equivalent": len(judged), "timeout": counts["timeout"], "not_checked": counts["not checked"],
        "no_tests": counts["no tests"],
        "score": round((counts["killed"] + counts["timeout"]) / (checked - len(judged)), 3) if checked else None,
        "survivors": [n for n in survivors if n not in equivalent],
        # listed as equivalent, run, and not a survivor: killed now, or renumbered since it was listed; or listed
        # for this module under a name no mutant of it has (its function renamed, moved or shortened)
        "stale_equivalents": sorted(n for n in equivalent
                                    if (n in status and status[n] not in ("survived", "not checked"))
                                    or (n not in status and module_of(n) in modules)),
    }


def module_of(mutant: str) -> str:
    """'pipeline.transform.normalize.x_listings__mutmut_6' -> 'pipeline.transform.normalize' (methods are xǁClassǁname)."""
    return mutant.rsplit(".", 1)[0]


def report(mutants: Path = ROOT / "mutants") -> dict:
    equivalent = equivalents()
    modules = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            modules[meta.relative_to(mutants).as_posix().removesuffix(".meta")] = module_report(codes, equivalent)
    keys = ("mutants", "killed", "survived", "equivalent", "timeout", "not_checked", "no_tests")
    total = {k: sum(m[k] for m in modules.values()) for k in keys}
    return {"tool": "mutmut 3.8.1", "total": total, "modules": modules}


if __name__ == "__main__":
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, module in report()["modules"].items():
        print(f"{name:32} {module['killed']:4} killed {module['survived']:4} survived {module['equivalent']:3} "
              f"equivalent {module['no_tests']:4} untested  score {module['score']}")
    print(f"report: {REPORT.relative_to(ROOT)}")
