import shutil

import pytest

from pipeline import curation
from pipeline.errors import CurationError
from pipeline.paths import Layout
from tests.helpers import ROOT


@pytest.fixture
def layout(tmp_path):
    shutil.copytree(ROOT / "checks", tmp_path / "checks")
    shutil.copytree(ROOT / "raw" / "reference", tmp_path / "reference")
    return Layout(curation=tmp_path / "checks", reference=tmp_path / "reference")


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def error(layout):
    with pytest.raises(CurationError) as info:
        curation.load(layout)
    return str(info.value)


def test_the_real_curation_loads():
    cur = curation.load(Layout())
    assert (len(cur.regions), len(cur.corrections), len(cur.acknowledgements)) == (22, 5, 6)


def test_a_correction_of_an_unknown_field(layout):
    append(layout.curation / "corrections.csv", "X,Corse,label,a,b,why,where\n")
    assert error(layout) == f"{layout.curation / 'corrections.csv'}:7: field 'label' cannot be corrected " \
                            "(one of rome_code, region_name)"


def test_a_correction_without_evidence(layout):
    append(layout.curation / "corrections.csv", "X,Corse,rome_code,1,12345,why,\n")
    assert error(layout) == f"{layout.curation / 'corrections.csv'}:7: empty evidence"


def test_an_acknowledgement_of_an_unknown_check(layout):
    append(layout.curation / "acknowledgements.csv", "X,no_such_check,,,facts,why,where\n")
    assert error(layout) == f"{layout.curation / 'acknowledgements.csv'}:8: unknown check id 'no_such_check'"


def test_a_region_reference_without_a_column(layout):
    path = layout.reference / "regions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("region_2016_name,", "", 1), encoding="utf-8")
    assert error(layout) == f"{path}:1: header must be region_code,region_name,region_2016_code,region_2016_name," \
                            "evidence; lacks region_2016_name"


def test_a_policy_with_a_bad_severity(layout):
    path = layout.curation / "policy.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('empty_list = "error"', 'empty_list = "fatal"'), encoding="utf-8")
    line = text.splitlines().index('empty_list = "error"') + 1
    assert error(layout) == f"{path}:{line}: severity of empty_list must be one of error, warning, info"
