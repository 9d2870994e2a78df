"""The benchmark's generated inputs (tests/synthetic.py) build, so that `make bench` measures builds that publish:
N variants of the circular, each with its curation, and one region grown to N rows (its codes in the crosswalk)."""
from pipeline.core.paths import Layout
from pipeline.serve.prepare import prepare
from tests.synthetic import corpus, one_region


def test_variants_of_the_circular_build_with_their_curation(tmp_path):
    raw, curation = corpus(2, tmp_path)
    tables = prepare(Layout(raw=raw, curation=curation, out=tmp_path / "out")).tables
    assert sorted(tables["sources"].source_id) == ["IMIN0800001C", "IMIN0800002C"]


def test_a_region_grown_to_n_rows_builds_with_its_curation(tmp_path):
    raw, curation = one_region(60, tmp_path)
    tables = prepare(Layout(raw=raw, curation=curation, out=tmp_path / "out")).tables
    listed = tables["listings"]
    assert len(listed[(listed.source_id == "IMIN0800012C") & (listed.region_code == "74")]) == 60
