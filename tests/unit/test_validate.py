from dataclasses import replace

import pandas as pd
import pytest

from pipeline.core.errors import ValidationFailed
from pipeline.validate import findings as validate
from tests.helpers import curation, mini_circular, prepared, regional

SAME = [("14232", "Technicien de la vente à distance"), ("61222", "Géomètre")]
SOURCES = pd.DataFrame([{"source_id": "TEST", "kind": "circulaire", "date": "2008-01-07", "nor": "TEST",
                         "nor_as_printed": None, "printed_date": None, "nor_line": None, "ocr_engine": None}])


def findings(text, cur):
    tables, lists, rows = prepared([(text, "circulaire", "TEST")], cur)
    return validate.findings(lists, rows, {**tables, "sources": SOURCES}, cur)


def summary(found):
    return sorted(zip(found.check, found.severity, found.status, found.source_line.astype(object)))


def test_a_finding_removed_by_a_correction_is_corrected():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [SAME[0], ("16222", "Géomètre")]))
    text = text.replace("61231\tChef de chantier du BTP\n", "61222\tGéomètre\n61231\tChef de chantier du BTP\n")
    fix = ("TEST", "Limousin", "rome_code", "16222", "61222", "typo", "line 26", 2)
    found, notes = findings(text, curation(corrections=[fix]))
    assert summary(found) == [("code_label_conflict", "error", "corrected", 26),
                              ("national_repeated", "info", "open", 20),
                              ("national_repeated", "info", "open", 26),
                              ("single_region", "info", "corrected", 26)]
    before, _ = findings(text, curation())
    assert set(before.status) == {"open"}


def test_an_acknowledged_finding_and_an_unused_acknowledgement():
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    pinned = "Corse: header states 3 métiers, 2 rows are printed"
    acks = [("TEST", "count_mismatch", "94", "", pinned, "two rows lost", "line 17", 2),
            ("TEST", "duplicate_row", "94", "14232", "x", "nothing", "", 3)]
    found, notes = findings(text, curation(acks=acks))
    assert summary(found) == [("count_mismatch", "error", "acknowledged", 17)]
    assert notes == ["acknowledged: TEST count_mismatch 94 - (1 finding(s))",
                     "warning: acknowledgement matched nothing: TEST duplicate_row 94 14232 "
                     "(acknowledgements.csv line 3)"]


def test_an_acknowledgement_outlived_by_its_fact_no_longer_holds():
    """The count changes (3 stated becomes 0): the acknowledgement pinned to 3 no longer holds, the build
    stops and says which acknowledgement is stale."""
    text = mini_circular(regional("Corse", SAME, stated=0), regional("Limousin", SAME))
    acks = [("TEST", "count_mismatch", "94", "", "Corse: header states 3 métiers, 2 rows are printed", "lost", "",
             2)]
    found, notes = findings(text, curation(acks=acks))
    assert summary(found) == [("count_mismatch", "error", "open", 17)]
    with pytest.raises(ValidationFailed) as info:
        validate.gate(found, {"TEST": "t.txt"}, notes)
    assert info.value.report == [
        "t.txt:17: count_mismatch: Corse: header states 0 métiers, 2 rows are printed",
        "warning: stale acknowledgement: acknowledgements.csv line 2 (TEST count_mismatch 94 -) no longer matches: it pins 'Corse: header "
        "states 3 métiers, 2 rows are printed', the finding is now 'Corse: header states 0 métiers, 2 rows are "
        "printed'; check the source, then update or remove the acknowledgement"]


def test_a_failed_build_says_which_acknowledgement_matched_nothing():
    # Corse's count acknowledged under its name, not its code (94): the count_mismatch stays open.
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    acks = [("TEST", "count_mismatch", "Corse", "", "Corse: header states 3 métiers, 2 rows are printed", "r", "", 2)]
    found, notes = findings(text, curation(acks=acks))
    with pytest.raises(ValidationFailed) as info:
        validate.gate(found, {"TEST": "t.txt"}, ["acknowledged: nothing", *notes])
    assert info.value.report == [
        "t.txt:17: count_mismatch: Corse: header states 3 métiers, 2 rows are printed",
        "warning: acknowledgement matched nothing: TEST count_mismatch Corse - (acknowledgements.csv line 2)"]


def test_a_label_variant_acknowledgement_pins_the_set_of_labels():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [SAME[0], ("61222", "Géomètre-expert")]))
    acks = [("TEST", "label_variant", "", "61222", "Géomètre | Géomètre-topographe", "two wordings", "", 2)]
    found, _ = findings(text, curation(acks=acks))
    assert ("label_variant", "warning", "open", 25) in summary(found)
    acks = [("TEST", "label_variant", "", "61222", "Géomètre | Géomètre-expert", "two wordings", "", 2)]
    found, _ = findings(text, curation(acks=acks))
    assert ("label_variant", "warning", "acknowledged", 25) in summary(found)


@pytest.mark.parametrize("ack", [("TEST", "duplicate_row", "94", ""), ("TEST", "count_mismatch", "74", ""),
                                 ("TEST", "count_mismatch", "94", "14232")])
def test_an_acknowledgement_matches_its_source_check_region_and_code_only(ack):
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    pinned = "Corse: header states 3 métiers, 2 rows are printed"
    found, notes = findings(text, curation(acks=[(*ack, pinned, "reason", "evidence", 2)]))
    assert summary(found) == [("count_mismatch", "error", "open", 17)]
    assert notes == [f"warning: acknowledgement matched nothing: {' '.join(a or '-' for a in ack)} "
                     "(acknowledgements.csv line 2)"]


def test_an_acknowledgement_of_a_source_not_built_says_nothing():
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    pinned = "Corse: header states 3 métiers, 2 rows are printed"
    found, notes = findings(text, curation(acks=[("OTHER", "count_mismatch", "94", "", pinned, "r", "e", 2)]))
    assert summary(found) == [("count_mismatch", "error", "open", 17)] and notes == []


def test_a_corrected_finding_stays_corrected_when_also_acknowledged():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [SAME[0], ("16222", "Géomètre")]))
    fix = ("TEST", "Limousin", "rome_code", "16222", "61222", "typo", "line 25", 2)
    ack = ("TEST", "single_region", "74", "16222", "16222 is open in Limousin only", "reason", "evidence", 2)
    found, notes = findings(text, curation(corrections=[fix], acks=[ack]))
    assert ("single_region", "info", "corrected", 25) in summary(found)
    assert notes[0].startswith("warning: acknowledgement matched nothing: TEST single_region 74 16222")


def test_a_defect_introduced_by_a_correction_is_open():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", SAME))
    fix = ("TEST", "Limousin", "rome_code", "61222", "14232", "wrong fix", "none", 2)
    found, _ = findings(text, curation(corrections=[fix]))
    assert ("duplicate_row", "error", "open", 25) in summary(found)


def test_gate_lists_every_open_error_and_fails_once():
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Atlantide", SAME))
    found, _ = findings(text, curation())
    with pytest.raises(ValidationFailed) as info:
        validate.gate(found, {"TEST": "t.txt"})
    assert info.value.exit_code == 1
    assert info.value.report == [
        "t.txt:17: count_mismatch: Corse: header states 3 métiers, 2 rows are printed",
        "t.txt:25: missing_region: no list for Limousin (74) by the end of the annex",
        "t.txt:21: unknown_region: 'Atlantide' is not a region of 2008 (raw/reference/regions.csv)",
    ]


def test_gate_passes_warnings_and_info():
    text = mini_circular(regional("CORSE", SAME + [("61224", "Sous-sol")]), regional("Limousin", SAME))
    found, _ = findings(text, curation())
    assert summary(found) == [("region_name_variant", "warning", "open", 15), ("single_region", "info", "open", 20)]
    validate.gate(found, {})


def test_severity_is_the_catalogue_default_unless_the_policy_overrides_it():
    text = mini_circular(regional("CORSE", SAME + [("61224", "Sous-sol")]), regional("Limousin", SAME))
    cur = curation()
    # pipeline/validate/checks/rules.py registers single_region as "info" and region_name_variant as "warning".
    defaults = replace(cur, severity={})
    assert summary(findings(text, defaults)[0]) == [("region_name_variant", "warning", "open", 15),
                                                    ("single_region", "info", "open", 20)]
    stricter = replace(cur, severity={"single_region": "error"})
    assert summary(findings(text, stricter)[0])[1] == ("single_region", "error", "open", 20)


def test_an_acknowledgement_without_region_matches_a_finding_without_region():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [("14232", "Vendeur à distance"), SAME[1]]))
    acks = [("TEST", "label_variant", "", "14232", "Technicien de la vente à distance | Vendeur à distance", "reason",
             "evidence", 2),
            ("TEST", "duplicate_list", "", "", "x", "reason", "evidence", 3)]
    found, notes = findings(text, curation(acks=acks))
    assert ("label_variant", "warning", "acknowledged", 24) in summary(found)
    assert notes == ["acknowledged: TEST label_variant - 14232 (1 finding(s))",
                     "warning: acknowledgement matched nothing: TEST duplicate_list - - (acknowledgements.csv line 3)"]


def test_a_new_defect_and_an_acknowledged_one_keep_their_own_status():
    """The findings of the printed source and those only the corrected source has are numbered apart: an
    acknowledgement marks its own finding, never one that happens to share its row number."""
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    fix = ("TEST", "Limousin", "rome_code", "61222", "14232", "wrong fix", "none", 2)
    ack = ("TEST", "count_mismatch", "94", "", "Corse: header states 3 métiers, 2 rows are printed", "reason", "evidence",
           2)
    found, _ = findings(text, curation(corrections=[fix], acks=[ack]))
    assert [f for f in summary(found) if f[0] in ("count_mismatch", "duplicate_row")] == [
        ("count_mismatch", "error", "acknowledged", 17), ("duplicate_row", "error", "open", 25)]
    assert found.index.is_unique


def test_a_corrected_region_name_is_a_corrected_finding():
    text = mini_circular(regional("Korse", SAME), regional("Limousin", SAME))
    fix = ("TEST", "", "region_name", "Korse", "Corse", "typo", "line 15", 2)
    found, _ = findings(text, curation(corrections=[fix]))
    assert summary(found) == [("region_name_variant", "warning", "corrected", 15)]


def test_gate_names_the_source_when_its_file_is_unknown_and_no_line_when_none():
    found = pd.DataFrame([{"source_id": "TEST", "check": "missing_region", "severity": "error", "status": "open",
                           "source_line": pd.NA, "message": "no list"}])
    with pytest.raises(ValidationFailed) as info:
        validate.gate(found, {"OTHER": "o.txt"})
    assert info.value.report == ["TEST: missing_region: no list"]
    assert info.value.message == "validation failed: 1 open error(s); nothing was published"


def test_the_published_tables_are_checked_against_their_contracts_and_gate():
    from pipeline.serve.prepare import checked, extracted
    from tests.helpers import parsed

    sources, layer = extracted([parsed(mini_circular(), "circulaire", "TEST")])
    tables = checked(sources, layer, curation(), {})[0]
    assert validate.published({**tables, **layer}, curation()).empty
    tables["openings"] = tables["openings"].copy()
    tables["openings"].loc[0, "basis"] = "sometimes"
    found = validate.published({**tables, **layer}, curation())
    assert found[["source_id", "check", "severity", "status"]].values.tolist() == [["TEST", "contract", "error", "open"]]
    assert found.message.str.startswith("openings.basis: 'sometimes' fails ").all()


def test_an_acknowledgement_of_two_findings_whose_facts_changed_is_stale_once():
    found = pd.DataFrame({"source_id": ["S", "S"], "check": ["empty_list", "empty_list"], "region_code": [pd.NA, pd.NA],
                          "rome_code": [pd.NA, pd.NA], "facts": ["now A", "now B"], "status": ["open", "open"]})
    acks = pd.DataFrame({"source_id": ["S"], "check": ["empty_list"], "region": [""], "code": [""],
                         "pinned": ["then"], "line": [2]})
    marked, notes = validate.acknowledge(found, acks)
    assert marked.status.tolist() == ["open", "open"]
    assert notes == ["warning: stale acknowledgement: acknowledgements.csv line 2 (S empty_list - -) no longer "
                     "matches: it pins 'then', the finding is now 'now A'; check the source, then update or "
                     "remove the acknowledgement"]


def test_a_new_finding_acknowledged_leaves_a_corrected_one_corrected():
    """Findings raised on the printed and on the corrected sources are numbered apart: marking one cannot mark
    another that happened to carry the same row number in its own view."""
    def one(check, facts):
        return pd.DataFrame({"source_id": ["S"], "check": [check], "region_code": ["94"], "rome_code": ["12345"],
                             "source_line": [3], "message": [facts], "facts": [facts]})
    found = validate.statuses(one("invalid_code", "typo"), one("out_of_order", "order"))
    acks = pd.DataFrame({"source_id": ["S"], "check": ["out_of_order"], "region": ["94"], "code": ["12345"],
                         "pinned": ["order"], "line": [2]})
    marked, _ = validate.acknowledge(found, acks)
    assert marked[["check", "status"]].values.tolist() == [["invalid_code", "corrected"],
                                                           ["out_of_order", "acknowledged"]]


ARRETE = ("# Article \n\nLISTE, PAR RÉGION, DES MÉTIERS OUVERTS AUX ÉTRANGERS\n\nCorse\n\n"
          "Technicien de la vente à distance.\n\nAstronaute.\n")


def test_the_findings_of_the_sources_and_of_the_tables_are_one_table(monkeypatch):
    """A circular and an arrêté: the checks of the sources (printed and corrected) and of the tables (the
    differences between the two, a label given no code) make one table, numbered once: an acknowledged
    difference marks that difference alone."""
    sources = pd.concat([SOURCES, SOURCES.assign(source_id="TESTA", kind="arrete", nor="TESTA")], ignore_index=True)

    def both(cur):
        tables, lists, rows = prepared([(mini_circular(regional("Corse", SAME)), "circulaire", "TEST"),
                                        (ARRETE, "arrete", "TESTA")], cur)
        return validate.findings(lists, rows, {**tables, "sources": sources}, cur)

    found, _ = both(curation())
    assert found.columns.tolist() == validate.COLUMNS
    assert found[["source_id", "check", "source_line"]].values.tolist() == [
        ["TEST", "missing_region", 19], ["TEST", "single_region", 18], ["TEST", "single_region", 19],
        ["TEST", "source_difference", 12], ["TEST", "source_difference", 12], ["TEST", "source_difference", 13],
        ["TEST", "source_difference", 13], ["TEST", "source_difference", 19], ["TESTA", "missing_region", 9],
        ["TESTA", "single_region", 7], ["TESTA", "unmatched_label", 9]]
    first = found[found.check == "source_difference"].iloc[0]
    ack = ("TEST", "source_difference", first.region_code, first.rome_code, first.message, "why", "where", 2)
    acked, notes = both(curation(acks=[ack]))
    assert acked.status.tolist() == ["open"] * 3 + ["acknowledged"] + ["open"] * 7
    assert acked.drop(columns="status").equals(found.drop(columns="status"))


def test_no_finding_at_all_is_an_empty_table_of_the_published_types():
    found, notes = findings(mini_circular(regional("Corse", SAME), regional("Limousin", SAME)), curation())
    assert found.empty and notes == []
    assert found.columns.tolist() == validate.COLUMNS and str(found.source_line.dtype) == "Int64"


def test_findings_without_a_line_come_first_within_their_source_and_check(monkeypatch):
    # No check of the catalogue gives one source findings both with and without a line: two made here.
    run_all = validate.run_all
    made = pd.DataFrame({"source_id": ["TEST", "TEST"], "check": ["single_region"] * 2, "region_code": ["94", None],
                         "rome_code": ["14232", None], "source_line": [1, None], "message": ["with a line", "none"]})
    monkeypatch.setattr(validate, "run_all", lambda reads, data: pd.concat(
        [run_all(reads, data), made if reads == "tables" else None], ignore_index=True))
    found, _ = findings(mini_circular(regional("Corse", SAME)), curation())
    assert found[found.check == "single_region"].message.tolist() == [
        "none", "with a line", "14232 is open in Corse only", "61222 is open in Corse only"]


def test_the_gate_counts_and_lists_open_errors_only():
    found = pd.DataFrame({"source_id": ["S"] * 4,
                          "check": ["empty_list", "label_variant", "empty_list", "invalid_code"],
                          "severity": ["error", "warning", "error", "error"],
                          "status": ["open", "open", "corrected", "open"],
                          "source_line": pd.array([3, 4, 5, None], dtype="Int64"),
                          "message": ["a", "b", "c", "d"]})
    with pytest.raises(ValidationFailed) as info:
        validate.gate(found, {"S": "s.txt"}, ["warning: w", "acknowledged: x"])
    assert str(info.value) == "validation failed: 2 open error(s); nothing was published"
    assert info.value.report == ["s.txt:3: empty_list: a", "s.txt: invalid_code: d", "warning: w"]
    validate.gate(found[found.status != "open"], {"S": "s.txt"}, ["warning: w"])  # none open: the gate is passed
