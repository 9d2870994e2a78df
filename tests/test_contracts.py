import pandas as pd

from pipeline import contracts, dictionary


def test_every_model_matches_the_dictionary():
    for name, model in contracts.MODELS.items():
        assert list(model.to_schema().columns) == [c["name"] for c in dictionary.columns(name)], name
    assert set(contracts.MODELS) == set(dictionary.tables())


def openings(rows):
    return dictionary.conform(pd.DataFrame(rows, columns=["source_id", "region_code", "rome_code", "basis"]),
                              "openings")


def test_a_table_that_keeps_its_contract_gives_no_finding():
    assert contracts.failures("openings", openings([("S", "74", "52313", "regional")]), contracts.Openings).empty


def test_every_failure_is_a_contract_finding():
    """Two rows share a key, both codes have 4 digits, one basis is not allowed: every failure of every row is
    reported (lazily), each naming its table, column and value."""
    bad = openings([("S", "74", "5231", "regional"), ("S", "74", "5231", "sometimes")])
    found = contracts.failures("openings", bad, contracts.Openings)
    assert set(found.check) == {"contract"} and set(found.source_id) == {"S"}
    messages = found.message.tolist()
    assert [m for m in messages if m.startswith("openings.basis: ")] == [
        "openings.basis: 'sometimes' fails isin(['national', 'regional', 'both'])"]
    pattern = [m for m in messages if m.startswith("openings.rome_code: '5231' fails str_matches(")]
    assert len(pattern) == 2  # one per row
    key = [m for m in messages if m not in pattern and not m.startswith("openings.basis: ")]
    assert {m.split(":")[0] for m in key} == {"openings.source_id", "openings.region_code", "openings.rome_code"}
