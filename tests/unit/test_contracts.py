import pandas as pd

from pipeline.core import dictionary
from pipeline.validate import contracts
from pipeline.validate.checks.catalogue import CATALOGUE


def openings(rows):
    return dictionary.conform(pd.DataFrame(rows, columns=["source_id", "region_code", "rome_code", "basis"]),
                              "openings")


def test_a_table_that_keeps_its_contract_gives_no_finding():
    assert contracts.failures("openings", openings([("S", "74", "52313", "regional")])).empty


def test_every_failure_is_a_contract_finding():
    """Two rows share a key, both codes have 4 digits, one basis is not allowed: every failure of every row is
    reported (lazily), each naming its table, column and value."""
    bad = openings([("S", "74", "5231", "regional"), ("S", "74", "5231", "sometimes")])
    found = CATALOGUE["contract"].run({"openings": bad})
    assert set(found.check) == {"contract"} and set(found.source_id) == {"S"}
    messages = found.message.tolist()
    assert [m for m in messages if m.startswith("openings.basis: ")] == [
        "openings.basis: 'sometimes' fails isin(['national', 'regional', 'both'])"]
    pattern = [m for m in messages if m.startswith("openings.rome_code: '5231' fails str_matches(")]
    assert len(pattern) == 2  # one per row
    key = [m for m in messages if m not in pattern and not m.startswith("openings.basis: ")]
    assert {m.split(":")[0] for m in key} == {"openings.source_id", "openings.region_code", "openings.rome_code"}


def test_codes_are_ascii_digits_only():
    # U+FF15 FULLWIDTH DIGIT FIVE etc.: `\d` would accept them; the declared pattern does not.
    fullwidth = "５２３１３"
    found = contracts.failures("openings", openings([("S", "74", fullwidth, "regional")]))
    assert found[["column", "value", "rule"]].values.tolist() == [["rome_code", fullwidth,
                                                                    "str_matches('^[0-9]{5}$')"]]


def listings(scopes_and_regions):
    n = len(scopes_and_regions)
    return dictionary.conform(pd.DataFrame({
        "source_id": ["S"] * n, "list_scope": [s for s, _ in scopes_and_regions],
        "region_code": [r for _, r in scopes_and_regions], "position": range(1, n + 1), "rome_code": ["52313"] * n,
        "label_as_printed": ["x"] * n, "label": ["x"] * n}), "listings")


def test_cross_column_rule_a_national_row_has_no_region():
    assert contracts.failures("listings", listings([("national", None), ("regional", "74")])).empty
    table = listings([("national", "74"), ("regional", None)]).assign(source_line=pd.array([12, 13], dtype="Int64"))
    found = contracts.failures("listings", table)
    assert set(found.rule) == {"national_has_no_region"}
    assert sorted(set(zip(found.source_id, found.source_line))) == [("S", 12), ("S", 13)]  # where each row is


def test_text_columns_are_checked_by_type_and_object_columns_value_by_value():
    """Text held by Python passes; held by pyarrow, the column fails as a whole; an object column (a table
    made by hand) passes when each value is text or missing, else fails at the value that is not."""
    table = openings([("S", "74", "52313", "regional"), ("S", "11", "52313", "regional")])
    assert contracts.failures("openings", table).empty
    arrow = contracts.failures("openings", table.assign(region_code=table.region_code.astype("string[pyarrow]")))
    assert arrow[["source_id", "source_line", "column", "value", "rule"]].values.tolist() == [
        ["pipeline", None, "region_code", "string", "dtype('string[python]')"]]  # the column, not a row, fails
    assert contracts.failures("openings", table.assign(region_code=table.region_code.astype(object))).empty
    mixed = table.assign(region_code=pd.Series(["74", 11], dtype=object))
    assert contracts.failures("openings", mixed)[["column", "value", "rule"]].values.tolist() == [
        ["region_code", 11, "dtype('string[python]')"], ["region_code", 11, "str_matches('^[0-9]{2}$')"]]


def test_each_declared_constraint_is_its_pandera_check():
    """Called on a column, not through the schema (which is built once per process)."""
    column = {"name": "x", "type": "string", "pattern": "^[0-9]{5}$", "enum": ["a", "b"], "minimum": 1,
              "maximum": 9, "min_length": 2, "required": True, "description": "d"}
    assert [(c.name, c.statistics) for c in contracts.column_checks(column)] == [
        ("str_matches", {"pattern": "^[0-9]{5}$"}), ("isin", {"allowed_values": ["a", "b"]}),
        ("greater_than_or_equal_to", {"min_value": 1}), ("less_than_or_equal_to", {"max_value": 9}),
        ("str_length", {"min_value": 2, "max_value": None, "exact_value": None})]
    assert contracts.column_checks({"name": "x", "type": "string", "required": True}) == []


def test_a_column_missing_or_unknown_fails_the_table():
    table = openings([("S", "74", "52313", "regional")])
    assert contracts.failures("openings", table.assign(extra="x")).values.tolist() == [
        ["pipeline", None, "openings", "openings", "extra", "column_in_schema"]]
    assert contracts.failures("openings", table.drop(columns="basis")).values.tolist() == [
        ["pipeline", None, "openings", "openings", "basis", "column_in_dataframe"]]
