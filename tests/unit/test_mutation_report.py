"""The mutation report's arithmetic (tools/mutation_report.py): what counts as killed, survived, equivalent."""
from tools.mutation_report import module_report


def test_a_module_s_score_leaves_out_equivalents_and_mutants_not_run():
    # mutmut's exit codes: 1 killed, 0 survived, 36 timed out, None not run
    codes = {"m.a": 1, "m.b": 0, "m.c": 0, "m.d": None, "m.e": 36}
    report = module_report(codes, {"m.b": "why it cannot be killed", "m.a": "listed, but killed"})
    assert report == {"mutants": 5, "killed": 1, "survived": 1, "equivalent": 1, "timeout": 1, "not_checked": 1,
                      "no_tests": 0, "score": 0.667, "survivors": ["m.c"], "stale_equivalents": ["m.a"]}


def test_an_equivalent_no_mutant_of_its_module_has_is_stale():
    codes = {"p.m.x_f__mutmut_1": 0, "p.m.xǁCǁg__mutmut_1": 0}
    listed = {"p.m.x_f__mutmut_1": "why", "p.m.x_f__mutmut_9": "renumbered", "p.other.x_h__mutmut_1": "not run"}
    assert module_report(codes, listed)["stale_equivalents"] == ["p.m.x_f__mutmut_9"]
