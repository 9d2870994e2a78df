"""Each check: a crafted input that triggers it (exact findings), and a clean input that does not."""
import pandas as pd
import pytest

from pipeline.validate.checks.catalogue import CATALOGUE
from pipeline.validate.checks.rules import View, spelled, where
from tests.helpers import mini_circular, regional, view_of

SAME = [("14232", "Technicien de la vente à distance"), ("61222", "Géomètre")]
CLEAN = mini_circular(regional("Corse", SAME), regional("Limousin", SAME))


def run(name, text):
    found = CATALOGUE[name].run(view_of(text))
    return sorted(found[["region_code", "rome_code", "source_line", "message"]].astype(object)
                  .where(found.notna(), None).values.tolist(), key=str)


@pytest.mark.parametrize("name", sorted(n for n, c in CATALOGUE.items() if c.reads == "view"))
def test_clean_source_triggers_nothing(name):
    assert run(name, CLEAN) == []


def test_count_mismatch():
    text = mini_circular(regional("Corse", SAME, stated=3), regional("Limousin", SAME))
    assert run("count_mismatch", text) == [["94", None, 17, "Corse: header states 3 métiers, 2 rows are printed"]]


def test_label_variant_lists_each_label_and_its_lines():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [("14232", "Vendeur à distance"), SAME[1]]))
    assert run("label_variant", text) == [[None, "14232", 24, "14232 printed under 2 labels: "
                                          "'Technicien de la vente à distance' (1x: lines 18); "
                                          "'Vendeur à distance' (1x: lines 24)"]]


@pytest.mark.parametrize(("label", "shaped"), [
    ("Géomètre", True),
    ("associés)", False),  # a label's last line grouped as a row of its own
    ("Opérateur de formage (transformation) du verre Conducteur de machine (et matériaux", False),  # two labels' lines
])
def test_label_shape_names_a_pdf_s_label_not_printed_as_the_annex_prints_every_label(label, shaped):
    view = view_of(mini_circular(regional("Corse", [SAME[0], ("61222", label)]), regional("Limousin", SAME)))
    assert CATALOGUE["label_shape"].run(view).empty  # a text's lines are its rows, printed so
    view.rows["source_page"] = 1  # a PDF's, grouped from its words
    found = CATALOGUE["label_shape"].run(view)
    assert found[["region_code", "rome_code", "source_line", "message"]].values.tolist() == ([] if shaped else [
        ["94", "61222", 19, f"Corse, row 2: '{label}' is not shaped as a label (a capital first, each parenthesis "
                            "closed, letters and . ' - ( ) , only): a label's lines grouped under another code, or a misprint"]])


def test_label_shape_leaves_a_label_read_by_ocr_to_ocr_misread():
    view = view_of(mini_circular(regional("Corse", [SAME[0], ("61222", "géomètre")]), regional("Limousin", SAME)))
    view.rows[["source_page", "ocr_code_confidence"]] = [1, 96.0]
    assert CATALOGUE["label_shape"].run(view).empty


def test_code_label_conflict_points_at_the_odd_code():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", [SAME[0], ("61223", "Géomètre")]),
                         regional("Corse ", SAME))
    assert run("code_label_conflict", text) == [
        ["74", "61223", 25, "'Géomètre' printed under 61223 here and under 61222 2 times elsewhere: "
                            "61223 is likely a typo"]]


def test_region_name_variant():
    text = mini_circular(regional("CORSE", SAME), regional("Limousin", SAME))
    assert run("region_name_variant", text) == [["94", None, 15, "region printed as 'CORSE', official name 'Corse'"]]


def test_out_of_order():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", SAME[::-1]))
    assert run("out_of_order", text) == [
        ["74", "14232", 25, "Limousin: 14232 comes after 61222; the other lists are sorted by code"]]


def test_out_of_order_needs_most_lists_sorted():
    text = mini_circular(regional("Corse", SAME[::-1]), regional("Limousin", SAME[::-1])).replace(
        "32112\tCadre de l'audit\n61231", "61231\tChef\n32112")
    assert run("out_of_order", text) == []


def test_out_of_order_needs_more_than_half_the_lists_sorted():
    """Nationwide and Corse sorted, Limousin and Atlantide not: half the lists are sorted, which is not most."""
    half = mini_circular(regional("Corse", SAME), regional("Limousin", SAME[::-1]), regional("Atlantide", SAME[::-1]))
    assert run("out_of_order", half) == []
    most = mini_circular(regional("Corse", SAME), regional("Limousin", SAME[::-1]), regional("Atlantide", SAME))
    assert run("out_of_order", most) == [
        ["74", "14232", 25, "Limousin: 14232 comes after 61222; the other lists are sorted by code"]]


def test_duplicate_row():
    text = mini_circular(regional("Corse", SAME + SAME[:1]), regional("Limousin", SAME))
    assert run("duplicate_row", text) == [["94", "14232", 20, "Corse: 14232 is printed a second time"]]


def test_duplicate_list():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", SAME), regional("Corse", SAME))
    assert run("duplicate_list", text) == [["94", None, 27, "Corse has a second list here"]]


def test_empty_list():
    text = mini_circular(regional("Corse", []), regional("Limousin", SAME))
    assert run("empty_list", text) == [["94", None, 15, "Corse: no rows under its heading"]]


def test_unknown_region():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", SAME), regional("Atlantide", SAME))
    assert run("unknown_region", text) == [
        [None, None, 27, "'Atlantide' is not a region of 2008 (raw/reference/regions.csv)"]]


def test_missing_region():
    text = mini_circular(regional("Corse", SAME))
    assert run("missing_region", text) == [["74", None, 19, "no list for Limousin (74) by the end of the annex"]]


def test_invalid_code():
    text = mini_circular(regional("Corse", [("1423", "Technicien"), ("6122A", "Géomètre")]),
                         regional("Limousin", SAME))
    assert run("invalid_code", text) == [
        ["94", "1423", 18, "code '1423' is not five ASCII digits (4 digits)"],
        ["94", "6122A", 19, "code '6122A' is not five ASCII digits (U+0041 LATIN CAPITAL LETTER A)"]]


def test_national_repeated():
    text = mini_circular(regional("Corse", [("32112", "Cadre de l'audit")] + SAME), regional("Limousin", SAME))
    assert run("national_repeated", text) == [["94", "32112", 18, "Corse: 32112 is on the nationwide list too"]]


def test_single_region():
    text = mini_circular(regional("Corse", SAME + [("61224", "Sous-sol")]), regional("Limousin", SAME))
    assert run("single_region", text) == [["94", "61224", 20, "61224 is open in Corse only"]]


def test_source_metadata():
    view = view_of(CLEAN)
    sources = pd.DataFrame([{"source_id": "TEST", "date": "2008-01-08", "nor": "OTHER", "nor_as_printed": "O/T",
                             "printed_date": "2008-01-07", "nor_line": 1, "ocr_engine": None}])
    found = CATALOGUE["source_metadata"].run(View(view.lists, view.rows, sources, view.regions))
    assert found.message.tolist() == ["prints NOR OTHER, manifest says TEST",
                                      "prints the date 2008-01-07, manifest says 2008-01-08"]


@pytest.mark.parametrize(("engine", "nor", "printed", "said"), [
    ("tesseract", "IMLN0800012C", "IMLN/08/00012/C", ["nor_misread: read 'IMLN/08/00012/C' where its NOR IMIN0800012C "
                                                      "is printed: taken as IMIN0800012C (characters OCR reads one for "
                                                      "another)"]),
    ("tesseract", None, "voir", ["nor_misread: read 'voir' where a NOR should be"]),
    ("tesseract", "IMXN0800012C", "IMX/N/08/00012/C", ["source_metadata: prints NOR IMXN0800012C, manifest says "
                                                       "IMIN0800012C"]),  # X is no misread of I
    (None, "IMLN0800012C", "IMLN/08/00012/C", ["source_metadata: prints NOR IMLN0800012C, manifest says "
                                               "IMIN0800012C"]),  # a text prints what it prints
])
def test_a_nor_misread_by_ocr_is_a_warning_naming_both_strings(engine, nor, printed, said):
    view = view_of(CLEAN)
    sources = pd.DataFrame([{"source_id": "IMIN0800012C", "date": "2008-01-07", "nor": nor, "nor_as_printed": printed,
                             "printed_date": None, "nor_line": 3, "ocr_engine": engine}])
    view = View(view.lists, view.rows, sources, view.regions)
    assert [f"{name}: {message}" for name in ("nor_misread", "source_metadata")
            for message in CATALOGUE[name].run(view).message] == said


@pytest.mark.parametrize(("engine", "printed", "provenance", "said"), [
    ("tesseract", None, "", ["read no date in the scan: dated 2008-01-07, the date of signature checks/texts.csv "
                             "records for IMIN0800012C"]),
    ("tesseract", None, "Légifrance", ["read no date in the scan: dated 2008-01-07, as its manifest says"]),
    ("tesseract", "2008-01-07", "", []),  # read
    (None, None, "Légifrance", []),  # a text source: what it prints is what it prints
])
def test_a_scan_whose_date_ocr_did_not_read_says_where_its_date_comes_from(engine, printed, provenance, said):
    view = view_of(CLEAN)
    sources = pd.DataFrame([{"source_id": "IMIN0800012C", "date": "2008-01-07", "nor": "IMIN0800012C",
                             "nor_as_printed": "IMI/N/08/00012/C", "printed_date": printed, "nor_line": 3,
                             "ocr_engine": engine, "provenance": provenance}])
    view = View(view.lists, view.rows, sources, view.regions)
    assert CATALOGUE["date_unread"].run(view).message.tolist() == said


def test_a_finding_on_the_nationwide_list_says_so():
    text = CLEAN.replace("61231\tChef de chantier du BTP\n", "61231\tChef de chantier du BTP\n32112\tCadre\n")
    assert run("duplicate_row", text) == [[None, "32112", 14, "the nationwide list: 32112 is printed a second time"]]


def test_a_list_without_a_name_is_named_so():
    lists = pd.DataFrame({"list_scope": ["regional", "regional", "national", "regional"],
                          "region_name": [None, "Corse", None, ""]})
    assert where(lists).tolist() == ["a list with no name", "Corse", "the nationwide list", "a list with no name"]


@pytest.mark.parametrize("code, said", [
    ("52313", "5 digits"), ("0129", "4 digits"), ("5231O", "U+004F LATIN CAPITAL LETTER O"),
    ("１４１", "U+FF11 FULLWIDTH DIGIT ONE, U+FF14 FULLWIDTH DIGIT FOUR"), ("1\u0378", "U+0378 unnamed"),
    ("/:", "U+002F SOLIDUS, U+003A COLON"),
])
def test_a_code_s_characters_that_are_not_ascii_digits_are_spelled(code, said):
    assert spelled(code) == said


def test_a_scan_s_heading_read_as_no_region_is_a_warning_naming_both_and_no_variant():
    view = view_of(CLEAN)
    said = "read 'Korse' where a region's heading is printed: taken as Corse, whose name it is 1 character(s) from"
    lists = view.lists.assign(region_name=[None, "Korse", "Limousin"], region_evidence=["", said, ""])
    view = View(lists, view.rows, view.sources, view.regions)
    assert [(name, message) for name in ("region_misread", "region_name_variant")
            for message in CATALOGUE[name].run(view).message] == [("region_misread", said)]
