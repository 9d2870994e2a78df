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


def test_the_real_curation_reads_empty_cells_as_empty():
    cur = curation.load(Layout())
    count = cur.acknowledgements[cur.acknowledgements.check == "count_mismatch"]
    assert count[["source_id", "region", "code", "line"]].values.tolist() == [["IMIN0800012C", "74", "", 2]]
    assert list(cur.label_map.columns) == ["label", "rome_code", "reason", "evidence", "line"]
    assert cur.severity["count_mismatch"] == "error"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, text, message", [
    ("reference/regions.csv", "region_code,region_name,region_2016_code,region_2016_name,evidence\n"
                              "11,A,11,A,e\n11,B,11,B,e\n", "region_code '11' given twice (first at line 2): keep one"),
    ("reference/regions.csv", "region_code,region_name,region_2016_code,region_2016_name,evidence\n11,A,11,A,\n",
     "empty evidence"),
    ("checks/corrections.csv", "source_id,region,field,printed_value,corrected_value,reason,evidence\n"
                               "X,Corse,rome_code,1,1234,why,where\n", "corrected code '1234' is not five digits"),
    ("checks/corrections.csv", "source_id,region,field,printed_value,corrected_value,reason,evidence\n"
                               "X,Corse,region_name,Korse,Corse,why,where\n", None),
    ("checks/corrections.csv", "source_id,region\n", "header must be source_id,region,field,printed_value,"
                                                     "corrected_value,reason,evidence; lacks field, printed_value, "
                                                     "corrected_value, reason, evidence"),
    ("checks/acknowledgements.csv", "source_id,check,region,code,pinned,reason,evidence\n,count_mismatch,,,,,\n",
     "empty source_id, pinned, reason"),
    ("checks/label_map.csv", "label,rome_code,reason,evidence\nGéomètre,6122,why,\n",
     "code '6122' is not five digits"),
    ("checks/label_map.csv", "label,rome_code,reason,evidence\nGéomètre,61222,why,\n,61222,,\n",
     "empty label, reason"),
    ("checks/policy.toml", "[severity\n", "not valid TOML: Expected ']' at the end of a table declaration "
                                          "(at line 1, column 10)"),
])
def test_curated_file_errors(layout, name, text, message):
    folder, file = name.split("/")
    path = write((layout.curation if folder == "checks" else layout.reference) / file, text)
    if message is None:
        assert len(curation.load(layout).corrections) == 1
        return
    where = f"{path}" if file == "policy.toml" else f"{path}:{1 if 'header' in message else text.count(chr(10))}"
    assert error(layout) == f"{where}: {message}"


def test_a_curated_file_is_missing(layout):
    (layout.curation / "label_map.csv").unlink()
    assert error(layout) == f"{layout.curation / 'label_map.csv'}: curated file is missing"
    (layout.curation / "policy.toml").unlink()
    assert error(layout) == f"{layout.curation / 'policy.toml'}: policy file is missing"


def test_a_policy_without_severities_is_empty(layout):
    write(layout.curation / "policy.toml", "")
    assert curation.load_policy(layout.curation / "policy.toml") == {}


def test_the_label_map_is_read(layout):
    write(layout.curation / "label_map.csv", "label,rome_code,reason,evidence\nGéomètre,61222,why,where\n")
    assert curation.load(layout).label_map.values.tolist() == [["Géomètre", "61222", "why", "where", 2]]


def test_a_cell_that_spans_lines_is_refused_with_its_line(layout):
    """One record per line: a cell spanning lines is most often an unterminated quote swallowing the next row."""
    path = layout.curation / "corrections.csv"
    path.write_bytes(b"source_id,region,field,printed_value,corrected_value,reason,evidence\r\n"
                     b'X,Corse,rome_code,1,12345,"two\r\nlines",where\r\n')
    assert error(layout) == f"{path}:2: a record spans several lines: an unterminated quote?"
