import pandas as pd
import pytest

from pipeline.errors import ValidationFailed
from pipeline.paths import Layout
from pipeline import validate
from tests.helpers import curation, mini_circular, regional, staged

SAME = [("14232", "Technicien de la vente à distance"), ("61222", "Géomètre")]
SOURCES = pd.DataFrame([{"source_id": "TEST", "date": "2008-01-07", "nor": "TEST", "nor_as_printed": None,
                         "printed_date": None, "nor_line": None}])


def findings(text, cur):
    lists, rows = staged([(text, "circulaire", "TEST")], cur)
    return validate.findings(lists, rows, SOURCES, cur, Layout())


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
    acks = [("TEST", "count_mismatch", "94", "", "two rows lost", "line 17", 2),
            ("TEST", "duplicate_row", "94", "14232", "nothing", "", 3)]
    found, notes = findings(text, curation(acks=acks))
    assert summary(found) == [("count_mismatch", "error", "acknowledged", 17)]
    assert notes == ["acknowledged: TEST count_mismatch 94 - (1 finding(s))",
                     "warning: acknowledgement matched nothing: TEST duplicate_row 94 14232 "
                     "(acknowledgements.csv line 3)"]


@pytest.mark.parametrize("ack", [("OTHER", "count_mismatch", "94", ""), ("TEST", "duplicate_row", "94", ""),
                                 ("TEST", "count_mismatch", "74", ""), ("TEST", "count_mismatch", "94", "14232")])
def test_an_acknowledgement_matches_its_source_check_region_and_code_only(ack):
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    found, notes = findings(text, curation(acks=[(*ack, "reason", "evidence", 2)]))
    assert summary(found) == [("count_mismatch", "error", "open", 17)]
    assert notes == [f"warning: acknowledgement matched nothing: {' '.join(a or '-' for a in ack)} "
                     "(acknowledgements.csv line 2)"]


def test_a_corrected_finding_stays_corrected_when_also_acknowledged():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [SAME[0], ("16222", "Géomètre")]))
    fix = ("TEST", "Limousin", "rome_code", "16222", "61222", "typo", "line 25", 2)
    ack = ("TEST", "single_region", "74", "16222", "reason", "evidence", 2)
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
