import shutil
import unicodedata

import pytest

from pipeline.core.errors import CurationError
from pipeline.core.paths import Layout
from pipeline.validate import curation
from pipeline.validate.checks.catalogue import CATALOGUE
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


COLUMNS = ("code", "name")


def read(tmp_path, data: bytes, required=(), keys=()):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    try:
        return curation.read_csv(path, COLUMNS, required=required, keys=keys)
    except CurationError as exc:
        return str(exc).removeprefix(f"{path}")


def test_a_curated_csv_is_read_as_stripped_text_with_the_line_each_record_starts_on(tmp_path):
    frame = read(tmp_path, b'\xef\xbb\xbfname,code\n\n 01 ,"Ain, Rh\xc3\xb4ne"\n02,\n')
    assert frame.columns.tolist() == ["code", "name", "line"]
    assert frame.values.tolist() == [["Ain, Rhône", "01", 3], ["", "02", 4]]


@pytest.mark.parametrize(("data", "said"), [
    (b"code,name\n1,a\x07b\n", ":2: control character U+0007: not a text file"),
    (b"code,name\n1,\xff\n", ":2: not UTF-8: byte 0xFF at line 2, column 3; save the file as UTF-8"),
    (b"", ":1: empty file: the header code,name is missing"),
    (b"\n\ncode\n", ":3: header must be code,name; lacks name"),
    (b"code,name,note,more\n", ":1: header must be code,name; has unknown 'note', 'more'"),
    (b"code, name\n", ":1: header must be code,name; lacks name; has unknown ' name'"),
    (b'code,name\n1,"a"b\n', ":2: not valid CSV (',' expected after '\"'): an unterminated quote?"),
    (b"code,name,name\n", ":1: header must be code,name; has name twice"),
    (b"name,code,name,code\n", ":1: header must be code,name; has code, name twice"),
    (b"code,name\n1\n", ":2: 1 cells, expected 2 (an unquoted comma, or a missing one?)"),
    (b'code,name\n1,"a\nb"\n', ":2: a record spans several lines: an unterminated quote?"),
    (b"code,name\n1, \n", ":2: empty name"),
    (b"code,name\n1,a\n2,b\n1,c\n", ":4: code '1' given twice (first at line 2): keep one"),
])
def test_a_curated_csv_is_read_strictly(tmp_path, data, said):
    assert read(tmp_path, data, required=COLUMNS, keys=(("code",),)) == said


def test_a_key_of_two_columns_is_given_once(tmp_path):
    assert len(read(tmp_path, b"code,name\n1,a\n1,b\n", keys=(("code", "name"),))) == 2
    assert read(tmp_path, b"code,name\n1,a\n2,a\n1,a\n", keys=(("code", "name"),)) == \
        ":4: code '1', name 'a' given twice (first at line 2): keep one"


def test_a_region_name_corrected_twice(layout):
    # The source's region name 'Ile de France' (corrections.csv line 3), corrected again under another region.
    path = layout.curation / "corrections.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("IMIN0800012C,Ile de France,region_name,Ile de France,")
    append(path, "IMIN0800012C,Corse,region_name,Ile de France,Corse,why,where\n")
    assert error(layout) == f"{path}:{len(lines) + 1}: region name 'Ile de France' of IMIN0800012C corrected " \
                            "twice (first at line 3): keep one"


def test_a_region_name_corrected_in_two_sources_is_not_twice(layout):
    # Champagne is corrected for IMIN0800012C (line 4) only
    append(layout.curation / "corrections.csv", "IMID0800328A,Champagne,region_name,Champagne,"
                                                "Champagne-Ardenne,why,where\n")
    assert len(curation.load(layout).corrections) == 6


@pytest.mark.parametrize("spelling", ["ILE DE FRANCE", "Île-de-France", "Ile  de France"])
def test_a_region_name_corrected_twice_in_another_spelling(layout, spelling):
    # IMID0800328A's Ile-de-France is corrected at line 5: the build compares region names without case, accents
    # nor spaces, so a second correction of another spelling would apply to the same heading
    path = layout.curation / "corrections.csv"
    append(path, f"IMID0800328A,,region_name,{spelling},Île-de-France,why,where\n")
    assert error(layout) == f"{path}:7: region name '{spelling}' of IMID0800328A corrected twice (first at line " \
                            "5): keep one"


def test_codes_as_printed_are_compared_as_printed(layout):
    # 522l3 is how OCR may read 52213: two printed codes, two corrections (only region names are compared loosely)
    append(layout.curation / "corrections.csv", "IMIN0800012C,Ile de France,rome_code,522l3,52313,why,where\n")
    assert len(curation.load(layout).corrections) == 6


@pytest.mark.parametrize("spelling", ["ILE DE FRANCE", "Île-de-France"])
def test_a_correction_s_region_given_twice_in_another_spelling(layout, spelling):
    """Keys that name a region are compared as the build compares region names."""
    path = layout.curation / "corrections.csv"
    append(path, f"IMIN0800012C,{spelling},rome_code,52213,52313,why,where\n")
    assert error(layout) == (f"{path}:7: source_id 'IMIN0800012C', region '{spelling}', field 'rome_code', "
                             "printed_value '52213' given twice (first at line 2): keep one")


@pytest.mark.parametrize("spelling", ["ILE DE FRANCE", "ile de france"])
def test_a_reference_region_given_twice_in_another_spelling(layout, spelling):
    path = layout.reference / "regions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if ",Île-de-France," in line)
    append(path, f"99,{spelling},11,Île-de-France,why\n")
    assert error(layout) == (f"{path}:{len(lines) + 1}: region_name '{spelling}' given twice (first at line "
                             f"{first}): keep one")


def test_a_label_mapped_twice(layout):
    path = layout.curation / "label_map.csv"
    append(path, "Cadre de banque,32112,why,where\n Cadre de banque. ,32113,why,where\n")  # the arrêté's full stop
    assert error(layout) == f"{path}:3: label 'Cadre de banque.' given twice (first at line 2): keep one"


@pytest.mark.parametrize("column", ["region_code", "region_2016_code"])
def test_a_region_code_of_other_digits_is_refused(layout, column):
    path = layout.reference / "regions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[3].split(",")
    cells[0 if column == "region_code" else 2] = "\uff12\uff16"  # fullwidth 26 (Bourgogne)
    write(path, "".join(lines[:3]) + ",".join(cells) + "".join(lines[4:]))
    assert error(layout) == f"{path}:4: {column} '\uff12\uff16' is not two ASCII digits"


@pytest.mark.parametrize(("name", "key"), [
    ("corrections.csv", "source_id 'IMIN0800012C', region 'Ile de France', field 'rome_code', printed_value '52213'"),
    ("acknowledgements.csv", "source_id 'IMIN0800012C', check 'count_mismatch', region '74', code ''"),
])
def test_a_curated_record_given_twice(layout, name, key):
    path = layout.curation / name
    lines = path.read_text(encoding="utf-8").splitlines()
    append(path, lines[1] + "\n")
    assert error(layout) == f"{path}:{len(lines) + 1}: {key} given twice (first at line 2): keep one"


def test_a_policy_saved_with_a_byte_order_mark_is_read(layout):
    path = layout.curation / "policy.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert curation.load_policy(path)["empty_list"] == "error"


@pytest.mark.parametrize(("data", "said"), [
    (b'[severity]\nempty_list = "\xe9rror"\n', "not UTF-8: save the file as UTF-8"),
    (b'severity = "error"\n', '[severity] must be a table of check = "severity"'),
])
def test_a_policy_that_is_not_a_table_of_severities(layout, data, said):
    path = layout.curation / "policy.toml"
    path.write_bytes(data)
    assert error(layout) == f"{path}: {said}"


def policy_error(layout, replace: tuple[str, str]) -> tuple[str, int]:
    path = layout.curation / "policy.toml"
    text = path.read_text(encoding="utf-8")
    assert replace[0] in text
    write(path, text.replace(*replace))
    return error(layout).removeprefix(f"{path}"), text.splitlines().index(replace[0]) + 1


def test_a_policy_naming_no_check(layout):
    said, line = policy_error(layout, ('empty_list = "error"', 'empty_lists = "error"'))
    assert said == f":{line}: unknown check id 'empty_lists' (known: {', '.join(sorted(CATALOGUE))})"


@pytest.mark.parametrize("key", ['"empty_lists"', '"empty_list "', "'empty_lists'"])
def test_a_check_named_by_a_quoted_key_is_named_with_its_line(layout, key):
    said, line = policy_error(layout, ('empty_list = "error"', f'{key} = "error"'))
    assert said == f":{line}: unknown check id '{key[1:-1]}' (known: {', '.join(sorted(CATALOGUE))})"


def test_a_check_named_by_a_dotted_key_is_named_without_a_line(layout):
    path = layout.curation / "policy.toml"
    write(path, 'severity.empty_lists = "error"\n')
    assert error(layout) == f"{path}: unknown check id 'empty_lists' (known: {', '.join(sorted(CATALOGUE))})"


@pytest.mark.parametrize(("replace", "name", "below"), [
    (("[severity]", 'source_difference = "error"\n[severity]'), "source_difference", 0),  # before its table
    (("[severity]", "[severity]\n[severities]"), "severities", 1),  # every override under a misspelled table
])
def test_a_policy_holds_its_severity_table_only(layout, replace, name, below):
    said, line = policy_error(layout, replace)
    assert said == f":{line + below}: unknown table or key '{name}': the policy holds a [severity] table only"


def test_the_contracts_cannot_be_lowered(layout):
    said, line = policy_error(layout, ('contract = "error"', 'contract = "warning"'))
    assert said == f":{line}: contract cannot be lowered: the contracts guard what is published"


@pytest.mark.parametrize(("name", "spelling"), [
    ("corrections.csv", "imin0800012c"), ("acknowledgements.csv", "Imin0800012C"),
    ("corrections.csv", "IMIN08OOO12C"), ("acknowledgements.csv", "lMIN08000l2C"),  # letters for 0 and 1
])
def test_curation_naming_a_source_built_in_another_spelling_is_refused(layout, name, spelling):
    path = layout.curation / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nIMIN0800012C,", f"\n{spelling},", 1), encoding="utf-8")
    line = text[:text.index("\nIMIN0800012C,")].count("\n") + 2
    with pytest.raises(CurationError) as refused:
        curation.check_source_ids(curation.load(layout), layout, ["IMID0800328A", "IMIN0800012C"])
    assert str(refused.value) == (f"{path}:{line}: source_id {spelling!r} is no source built; IMIN0800012C is: write "
                                  "it so (source ids are compared exactly)")


@pytest.mark.parametrize(("name", "spelling"), [
    ("corrections.csv", "IMIN0800012C\u200b"), ("acknowledgements.csv", "IMIN0800012\u0421"),  # a Cyrillic С
    ("acknowledgements.csv", "\uff29MIN0800012C"), ("corrections.csv", "IMIN0800012C."), ("corrections.csv", "IMIN 08"),
])
def test_a_curated_source_id_of_other_characters_is_refused(layout, name, spelling):
    # It would name no source, and be taken for a source not built: its correction or acknowledgement left alone.
    path = layout.curation / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nIMIN0800012C,", f"\n{spelling},", 1), encoding="utf-8")
    line = text[:text.index("\nIMIN0800012C,")].count("\n") + 2
    assert error(layout) == (f"{path}:{line}: source_id {spelling!r} is not ASCII letters and digits (with '.', '-' "
                             "or '_' inside), as source ids are")


def test_curation_of_sources_not_built_or_spelled_as_built_is_left_alone(layout):
    append(layout.curation / "acknowledgements.csv", "X,count_mismatch,74,,facts,why,where\n")
    curation.check_source_ids(curation.load(layout), layout, ["IMIN0800012C"])


def test_curated_text_is_read_composed(layout):
    # regions.csv and the label map saved with decomposed letters (NFD): read as the build writes names (NFC)
    for name in ("regions.csv",):
        path = layout.reference / name
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    append(layout.curation / "label_map.csv", unicodedata.normalize("NFD", "Géomètre,61222,why,where\n"))
    cur = curation.load(layout)
    assert "Île-de-France" in set(cur.regions.region_name) and cur.label_map.label.iloc[-1] == "Géomètre"


def test_a_label_mapped_twice_in_two_unicode_forms(layout):
    path = layout.curation / "label_map.csv"
    append(path, "Géomètre,61222,why,where\n" + unicodedata.normalize("NFD", "Géomètre,61223,why,where\n"))
    lines = path.read_text(encoding="utf-8").count("\n")
    assert error(layout) == f"{path}:{lines}: label 'Géomètre' given twice (first at line {lines - 1}): keep one"


@pytest.mark.parametrize("value", ["île-de-france", "Ile de France", "ÎLE-DE-FRANCE"])
def test_a_region_name_is_corrected_to_a_name_as_the_reference_spells_it(layout, value):
    # A correction to another spelling was said to apply and left the region's name variant open.
    path = layout.curation / "corrections.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Ile de France,Île-de-France,", f",Ile de France,{value},"), encoding="utf-8")
    assert error(layout) == (f"{path}:3: corrected region name {value!r} is the reference's 'Île-de-France' spelled "
                             "otherwise: write it as the reference does")


def test_a_2016_region_has_one_name(layout):
    path = layout.reference / "regions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("74,Limousin,75,Nouvelle-Aquitaine", "74,Limousin,75,Nouvelle Aquitaine"),
                    encoding="utf-8")
    line = text[:text.index("74,Limousin")].count("\n") + 1
    first = text[:text.index(",75,Nouvelle-Aquitaine")].count("\n") + 1
    assert error(layout) == (f"{path}:{line}: region_2016_code 75 is named 'Nouvelle Aquitaine' here and "
                             f"'Nouvelle-Aquitaine' at line {first}: give a region one name")


def test_the_abbreviations_beside_the_reference_are_read_with_it(layout):
    # `lookup` reads them; a build refuses them first (an abbreviation of no region, as 2016's 75 is written 075)
    path = layout.reference / "region_abbreviations.csv"
    append(path, "NA,075,why\n")
    assert error(layout) == f"{path}:{path.read_text(encoding='utf-8').count(chr(10))}: region_code '075' is no " \
                            "region's code of 2008 or 2016"
    path.unlink()
    assert len(curation.load(layout).regions) == 22  # a reference without abbreviations: none to read


@pytest.mark.parametrize(("line", "said"), [
    ("NA,075,why", "region_code '075' is no region's code of 2008 or 2016"),
    ("74,93,why", "abbreviation '74' holds a digit: codes are looked up as codes"),
    ("NA,75,", "empty evidence"), ("paca,93,why", "abbreviation 'paca' given twice (first at line 2): keep one"),
    ("N-A,75,why", None),  # Nouvelle-Aquitaine's 2016 code
    ("corse,94,why", "abbreviation 'corse' is the name of region 94: an abbreviation names no region otherwise"),
    ("Aquitaine-Nouvelle,75,why", None),
    ("nouvelle aquitaine,75,why", "abbreviation 'nouvelle aquitaine' is the name of region 75: an abbreviation "
                                  "names no region otherwise"),
])
def test_an_abbreviation_names_a_region_by_its_code_and_no_region_otherwise(tmp_path, line, said):
    path = tmp_path / "region_abbreviations.csv"
    path.write_text(f"abbreviation,region_code,evidence\nPACA,93,why\n{line}\n", encoding="utf-8")
    regions = [{"region_code": "94", "region_name": "Corse", "region_2016_code": "94", "region_2016_name": "Corse"},
               {"region_code": "93", "region_name": "Provence-Alpes-Côte d'Azur", "region_2016_code": "93",
                "region_2016_name": "Provence-Alpes-Côte d'Azur"},
               {"region_code": "74", "region_name": "Limousin", "region_2016_code": "75",
                "region_2016_name": "Nouvelle-Aquitaine"}]
    if said is None:
        assert [r["abbreviation"] for r in curation.load_abbreviations(path, curation.region_names(regions))] == [
            "PACA", line.split(",")[0]]
        return
    with pytest.raises(CurationError) as refused:
        curation.load_abbreviations(path, curation.region_names(regions))
    assert str(refused.value) == f"{path}:3: {said}"
