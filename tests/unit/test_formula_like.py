"""formula_like: a published text cell a spreadsheet would run as a formula (CSV injection) stops the build
unless acknowledged; acknowledged, it is published as printed."""
import pandas as pd
import pytest

from pipeline.core.errors import ValidationFailed
from pipeline.validate import findings as validate
from pipeline.validate.checks.catalogue import CATALOGUE
from tests.helpers import curation, mini_circular, prepared, regional

SOURCES = pd.DataFrame([{"source_id": "TEST", "kind": "circulaire", "date": "2008-01-07", "nor": "TEST",
                         "nor_as_printed": None, "printed_date": None, "nor_line": None, "ocr_engine": None}])
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-1+1", "@SUM(1)"]


def findings(label, acks=()):
    text = mini_circular(regional("Corse", [("14232", "Technicien de la vente à distance"), ("61222", label)]),
                         regional("Limousin", [("14232", "Technicien de la vente à distance")]))
    cur = curation(acks=acks)
    tables, lists, rows = prepared([(text, "circulaire", "TEST")], cur)
    return validate.findings(lists, rows, {**tables, "sources": SOURCES}, cur)


def formula_findings(found):
    return found[found.check == "formula_like"][["source_id", "severity", "status", "source_line", "message"]] \
        .astype(object).values.tolist()


@pytest.mark.parametrize("label", FORMULAS)
def test_a_formula_label_is_an_open_error_that_stops_the_build(label):
    found, _ = findings(label)
    [[source, severity, status, line, message]] = formula_findings(found)
    assert (source, severity, status, line) == ("TEST", "error", "open", 19)
    assert message.startswith(f"{label!r} starts with {label[0]!r}: a spreadsheet opening the CSVs would read it")
    for cell in ("listings.label_as_printed", "listings.label", "occupations.label", "openings_by_region.label",
                 "printed_rows.label_as_printed"):
        assert cell in message
    with pytest.raises(ValidationFailed) as failed:
        validate.gate(found, {"TEST": "test.txt"})
    assert any("formula_like" in line for line in failed.value.report)


@pytest.mark.parametrize("label", FORMULAS)
def test_an_acknowledged_formula_passes_and_is_published_as_printed(label):
    ack = ("TEST", "formula_like", "", "", repr(label), "printed so", "line 19", 2)
    found, notes = findings(label, acks=[ack])
    assert [row[2] for row in formula_findings(found)] == ["acknowledged"]
    assert notes == ["acknowledged: TEST formula_like - - (1 finding(s))"]
    validate.gate(found, {"TEST": "test.txt"})
    tables, _, _ = prepared([(mini_circular(regional("Corse", [("61222", label)])), "circulaire", "TEST")],
                            curation())
    assert label in set(tables["listings"].label)


LEADS = ["=1+1", "+1", "-1+1", "@SUM(1)", "\tGéomètre", "\rGéomètre"]


@pytest.mark.parametrize("value", LEADS)
@pytest.mark.parametrize("table, column", [("regions", "region_name"), ("occupations", "label_variants"),
                                           ("openings_matrix", "region_name"), ("sources", "title")])
def test_every_text_column_of_every_table_is_read(table, column, value):
    """Any table, any text column, every lead: a tab or a carriage return too, which no source line keeps."""
    frame = pd.DataFrame({"source_id": ["TEST", "TEST"], column: ["Corse", value], "count": [1, -1]})
    found = CATALOGUE["formula_like"].run({table: frame, "other": pd.DataFrame({"source_id": ["TEST"]})})
    assert found[["source_id", "message"]].values.tolist() == [
        ["TEST", (f"{value!r} starts with {value[0]!r}: a spreadsheet opening the CSVs would read it as a formula "
                  f"(in {table}.{column})")]]
    assert found.facts.tolist() == [repr(value)]


def test_clean_tables_and_numbers_trigger_nothing():
    """A negative number is a number to a spreadsheet; a hyphen inside a label is no lead."""
    frame = pd.DataFrame({"source_id": ["TEST"], "label": ["Chef de chantier - BTP"], "n": [-1], "x": [-1.5]})
    assert CATALOGUE["formula_like"].run({"listings": frame}).empty
