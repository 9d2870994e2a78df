import pandas as pd

from pipeline.transform import compare
from pipeline.validate.checks.catalogue import CATALOGUE

SOURCES = pd.DataFrame({"source_id": ["C", "A"], "kind": ["circulaire", "arrete"]})


def tables(c_openings, a_openings):
    openings = pd.DataFrame([("C", r, c) for r, c in c_openings] + [("A", r, c) for r, c in a_openings],
                            columns=["source_id", "region_code", "rome_code"]).assign(basis="regional")
    codes = sorted({c for _, c in c_openings + a_openings})
    occupations = pd.DataFrame([(s, c, f"label {c}") for s in "CA" for c in codes],
                               columns=["source_id", "rome_code", "label"])
    listings = openings.assign(source_line=range(10, 10 + len(openings)), list_scope="regional")
    regions = pd.DataFrame({"source_id": ["C", "C"], "region_code": ["74", "94"],
                            "region_name": ["Limousin", "Corse"]})
    out = {"sources": SOURCES, "openings": openings, "occupations": occupations, "listings": listings,
           "regions": regions}
    out["source_differences"] = compare.differences(out)
    return out


def test_differences_and_their_findings():
    t = tables([("74", "11111"), ("74", "22222")], [("74", "11111"), ("94", "33333")])
    diff = t["source_differences"]
    assert diff[["region_code", "rome_code", "in_a", "in_b"]].values.tolist() == [
        ["74", "22222", True, False], ["94", "33333", False, True]]
    found = CATALOGUE["source_difference"].run(t)
    assert found[["source_id", "check", "source_line", "message"]].values.tolist() == [
        ["C", "source_difference", 11, "Limousin: 22222 'label 22222' is open in C, not in A"],
        ["A", "source_difference", 13, "Corse: 33333 'label 33333' is open in A, not in C"]]


def test_no_difference_no_finding():
    t = tables([("74", "11111")], [("74", "11111")])
    assert t["source_differences"].empty and CATALOGUE["source_difference"].run(t).empty
