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
    bad = openings([("S", "74", "5231", "regional"), ("S", "74", "5231", "sometimes")])
    found = contracts.failures("openings", bad, contracts.Openings)
    messages = sorted(set(found.message))
    assert messages == [
        "openings.basis: 'sometimes' fails isin(['national', 'regional', 'both'])",
        "openings.region_code: '74' fails multiple_fields_uniqueness",
        "openings.rome_code: '5231' fails multiple_fields_uniqueness",
        "openings.rome_code: '5231' fails str_matches('^\\d{5}$')",
        "openings.source_id: 'S' fails multiple_fields_uniqueness",
    ]
    assert len(found) == 9  # lazy: every failure of every row, not the first one
    assert set(found.check) == {"contract"}
