import pandas as pd
import pytest

from pipeline.transform import normalize, review
from tests.helpers import (
    ROOT,
    curation,
    mini_circular,
    mini_regions,
    records,
    regional,
    staged,
)

SAME = [("14232", "Technicien de la vente à distance"), ("61222", "Géomètre")]


def test_canonical_label_is_the_most_printed_then_the_first_printed():
    text = mini_circular(regional("Corse", [("14232", "Vendeur"), ("61222", "Géomètre")]),
                         regional("Limousin", [("14232", "Télévendeur"), ("61222", "Géomètre arpenteur")]))
    _, rows = staged([(text, "circulaire", "T"), (mini_circular(regional("Corse", SAME)), "circulaire", "U")],
                     curation())
    labels = normalize.canonical_labels(rows)
    assert records(labels[labels.source_id == "T"], ["rome_code", "label", "label_variants"]) == [
        ["14232", "Vendeur", "Vendeur|Télévendeur"], ["32112", "Cadre de l'audit", "Cadre de l'audit"],
        ["61222", "Géomètre", "Géomètre|Géomètre arpenteur"],
        ["61231", "Chef de chantier du BTP", "Chef de chantier du BTP"]]


def test_regions_resolve_through_corrections_and_openings_say_why():
    text = mini_circular(regional("Korse", SAME + [("32112", "Cadre de l'audit")]), regional("Limousin", SAME[:1]))
    cur = curation(corrections=[("T", "", "region_name", "Korse", "Corse", "typo", "line 15", 2)])
    lists, rows = staged([(text, "circulaire", "T")], cur)
    assert records(lists, ["region_name_as_printed", "region_name_corrected", "region_code"]) == [
        [None, None, None], ["Korse", "Corse", "94"], ["Limousin", "Limousin", "74"]]
    opened = normalize.openings(rows, cur.regions)
    assert opened.columns.tolist() == ["source_id", "region_code", "rome_code", "basis"]
    assert records(opened, ["region_code", "rome_code", "basis"]) == [
        ["74", "14232", "regional"], ["74", "32112", "national"], ["74", "61231", "national"],
        ["94", "14232", "regional"], ["94", "32112", "both"], ["94", "61222", "regional"],
        ["94", "61231", "national"]]
    notes = normalize.correction_notes(cur.corrections, lists, rows)
    assert notes == ["correction applied: T region_name 'Korse' -> 'Corse' (source line 15)"]


def tiny_tables():
    """The mini circular (Corse, Limousin) and a mini arrêté (Limousin only): openings, regions, occupations."""
    cur = curation()
    circular = mini_circular()
    arrete = "Limousin\n\nTechnicien de la vente à distance.\n\nGéomètre.\n"
    lists, rows = staged([(circular, "circulaire", "C"), (arrete, "arrete", "A")], cur)
    rows = rows.assign(rome_code=rows.rome_code.fillna(rows.label_as_printed.map(
        {"Technicien de la vente à distance.": "14232", "Géomètre.": "61222"})))
    labels = normalize.canonical_labels(rows)
    opened = normalize.openings(rows, cur.regions)
    tables = {"openings": opened, "regions": normalize.region_table(lists, rows, opened, cur.regions),
              "occupations": normalize.occupation_table(rows, labels),
              "sources": pd.DataFrame({"source_id": ["A", "C"], "kind": ["arrete", "circulaire"]})}
    return tables


def test_openings_by_region_says_which_text_binds():
    t = tiny_tables()
    by_region = normalize.openings_by_region(t["openings"], t["regions"], t["occupations"], t["sources"])
    assert records(by_region[by_region.region_code == "74"], list(by_region.columns)) == [
        ["A", True, "74", "Limousin", "75", "Nouvelle-Aquitaine", "14232", "Technicien de la vente à distance",
         "regional"],
        ["A", True, "74", "Limousin", "75", "Nouvelle-Aquitaine", "61222", "Géomètre", "regional"],
        ["C", False, "74", "Limousin", "75", "Nouvelle-Aquitaine", "14232", "Technicien de la vente à distance",
         "regional"],
        ["C", False, "74", "Limousin", "75", "Nouvelle-Aquitaine", "32112", "Cadre de l'audit", "national"],
        ["C", False, "74", "Limousin", "75", "Nouvelle-Aquitaine", "52313", "Installateur", "regional"],
        ["C", False, "74", "Limousin", "75", "Nouvelle-Aquitaine", "61231", "Chef de chantier du BTP", "national"],
        ["C", False, "74", "Limousin", "75", "Nouvelle-Aquitaine", "61232", "Conducteur", "regional"]]


def test_openings_matrix_puts_nationwide_codes_first():
    t = tiny_tables()
    matrix = normalize.openings_matrix(t["openings"], t["regions"], t["occupations"])
    assert list(matrix.columns) == ["source_id", "region_code", "region_name", "32112", "61231", "14232", "52313",
                                    "61222", "61232"]
    assert matrix.values.tolist() == [
        ["A", "74", "Limousin", "", "", "regional", "", "regional", ""],
        ["C", "74", "Limousin", "national", "national", "regional", "regional", "", "regional"],
        ["C", "94", "Corse", "national", "national", "regional", "", "regional", ""]]


def test_a_code_correction_applies_in_its_source_and_region_only():
    text = mini_circular(regional("Corse", [("16222", "Géomètre")]), regional("Limousin", [("16222", "Géomètre")]))
    cur = curation(corrections=[("T", "Limousin", "rome_code", "16222", "61222", "typo", "line 20", 2)])
    _, rows = staged([(text, "circulaire", "T"), (text, "circulaire", "U")], cur)
    assert records(rows[rows.rome_code_as_printed == "16222"], ["source_id", "region_code", "rome_code", "corrected"]) \
        == [["T", "94", "16222", False], ["T", "74", "61222", True],
            ["U", "94", "16222", False], ["U", "74", "16222", False]]


def test_corrections_apply_to_a_region_name_as_ocr_reads_it():
    # Curated for "Korse" and "Limousin" as printed; OCR read "KORSE" and "Llmousln" (l for i: pipeline.core.text.region_key).
    text = mini_circular(regional("KORSE", SAME), regional("Llmousln", [("16222", "Géomètre")]))
    cur = curation(corrections=[("T", "", "region_name", "Korse", "Corse", "typo", "line 15", 2),
                                ("T", "Limousin", "rome_code", "16222", "61222", "typo", "line 20", 3)])
    lists, rows = staged([(text, "circulaire", "T")], cur)
    assert records(lists, ["region_name_as_printed", "region_name_corrected", "region_code"]) == [
        [None, None, None], ["KORSE", "Corse", "94"], ["Llmousln", "Llmousln", "74"]]
    assert records(rows[rows.region_code == "74"], ["rome_code_as_printed", "rome_code", "corrected"]) == [
        ["16222", "61222", True]]
    assert normalize.correction_notes(cur.corrections, lists, rows) == [
        "correction applied: T region_name 'Korse' -> 'Corse' (source line 15)",
        "correction applied: T rome_code '16222' -> '61222' (source line 24)"]  # heading 21, header 23


def test_a_region_name_correction_applies_in_its_source_only():
    text = mini_circular(regional("Korse", SAME), regional("Limousin", SAME))
    cur = curation(corrections=[("T", "", "region_name", "Korse", "Corse", "typo", "line 15", 2)])
    lists, _ = staged([(text, "circulaire", "T"), (text, "circulaire", "U")], cur)
    assert records(lists[lists.region_name_as_printed == "Korse"], ["source_id", "region_code"]) == [
        ["T", "94"], ["U", None]]


TEXT = mini_circular(regional("Corse", SAME + [("32112", "Cadre de l'audit")]),
                     regional("Limousin", [("14232", "Vendeur")], stated=3))


@pytest.fixture
def tables():
    cur = curation()
    lists, rows = staged([(TEXT, "circulaire", "T")], cur)
    labels = normalize.canonical_labels(rows)
    return lists, rows, labels, normalize.openings(rows, cur.regions), cur.regions


def test_listings_keep_a_row_printed_without_a_code(tables):
    _, rows, labels, _, _ = tables
    rows = rows.assign(rome_code=rows.rome_code.mask(rows.position == 1))
    table = normalize.listings(rows, labels)
    assert len(table) == len(rows) and table[table.position == 1].label.isna().all()


def test_a_region_whose_list_prints_no_row_and_opens_nothing_counts_zeros():
    lists = pd.DataFrame({"source_id": "S", "list_scope": "regional", "region_code": ["74", "94"],
                          "list_index": [1, 2], "region_name_as_printed": ["Limousin", "Corse"],
                          "stated_count": [1, 0], "source_line": [10, 20], "stated_line": [11, 21]})
    rows = pd.DataFrame({"source_id": ["S"], "list_index": [1]})
    opened = pd.DataFrame({"source_id": ["S"], "region_code": ["74"], "rome_code": ["52313"]})
    table = normalize.region_table(lists, rows, opened, mini_regions())
    assert records(table, ["region_code", "stated_count", "listed_count", "open_count"]) == [
        ["74", 1, 1, 1], ["94", 0, 0, 0]]
    assert pd.api.types.is_integer_dtype(table.listed_count) and pd.api.types.is_integer_dtype(table.open_count)


def test_matched_codes_go_to_their_rows_whatever_the_rows_index():
    rows = pd.DataFrame({"source_id": "A", "rome_code_as_printed": [None, "14232"], "rome_code": [None, "14232"],
                         "label_as_printed": ["Géomètre.", "Vendeur."]}, index=[5, 7])
    matches = pd.DataFrame({"source_id": ["A"], "label_as_printed": ["Géomètre."], "rome_code": ["61222"]})
    assert normalize.assign_matches(rows, matches).rome_code.to_dict() == {5: "61222", 7: "14232"}


def test_listings_national_first_then_by_region_and_position(tables):
    _, rows, labels, _, _ = tables
    table = normalize.listings(rows, labels)
    assert table.columns.tolist() == [
        "source_id", "list_scope", "region_code", "position", "rome_code_as_printed", "rome_code", "label_as_printed",
        "label", "source_line", "source_page", "region_name_as_printed", "list_index"]
    assert records(table, [
        "list_scope", "region_code", "position", "rome_code", "label_as_printed", "label", "source_line"]) == [
        ["national", None, 1, "32112", "Cadre de l'audit", "Cadre de l'audit", 12],
        ["national", None, 2, "61231", "Chef de chantier du BTP", "Chef de chantier du BTP", 13],
        ["regional", "74", 1, "14232", "Vendeur", "Technicien de la vente à distance", 25],
        ["regional", "94", 1, "14232", "Technicien de la vente à distance", "Technicien de la vente à distance", 18],
        ["regional", "94", 2, "61222", "Géomètre", "Géomètre", 19],
        ["regional", "94", 3, "32112", "Cadre de l'audit", "Cadre de l'audit", 20]]


def test_region_table_counts_what_is_stated_listed_and_open(tables):
    lists, rows, _, opened, regions = tables
    table = normalize.region_table(lists, rows, opened, regions)
    assert records(table, list(table.columns)) == [
        ["T", "74", "Limousin", "Limousin", 3, 1, 3, "75", "Nouvelle-Aquitaine", 22, 24],
        ["T", "94", "Corse", "Corse", 3, 3, 4, "94", "Corse", 15, 17]]


def test_occupation_table_says_where_each_code_is_listed(tables):
    _, rows, labels, _, _ = tables
    table = normalize.occupation_table(rows, labels)
    assert records(table, list(table.columns)) == [
        ["T", "14232", "Technicien de la vente à distance", "Technicien de la vente à distance|Vendeur", False,
         "74|94", 2],
        ["T", "32112", "Cadre de l'audit", "Cadre de l'audit", True, "94", 1],
        ["T", "61222", "Géomètre", "Géomètre", False, "94", 1],
        ["T", "61231", "Chef de chantier du BTP", "Chef de chantier du BTP", True, "", 1]]


def test_rows_printed_without_a_code_take_the_matched_one():
    rows = pd.DataFrame({"source_id": ["A", "A", "C"], "label_as_printed": ["Géomètre.", "Astronaute.", "Géomètre"],
                         "rome_code_as_printed": [None, None, "61222"], "rome_code": [None, None, "61222"]})
    matches = pd.DataFrame({"source_id": ["A", "A"], "label_as_printed": ["Astronaute.", "Géomètre."],
                            "rome_code": [None, "61222"]})
    assert records(normalize.assign_matches(rows, matches), ["rome_code"]) == [["61222"], [None], ["61222"]]
    assert records(normalize.assign_matches(rows, matches.iloc[0:0]), ["rome_code"]) == [[None], [None], ["61222"]]


def test_notes_on_code_corrections_applied_and_unused():
    text = mini_circular(regional("Corse", [("16222", "Géomètre")]), regional("Limousin", [("16222", "Géomètre")]))
    text = text.replace("61231\tChef", "61213\tChef")
    cur = curation(corrections=[("T", "Corse", "rome_code", "16222", "61222", "typo", "e", 2),
                                ("T", "", "rome_code", "61213", "61231", "typo", "e", 3),
                                ("T", "Corse", "rome_code", "99999", "61222", "typo", "e", 4)])
    lists, rows = staged([(text, "circulaire", "T")], cur)
    assert normalize.correction_notes(cur.corrections, lists, rows) == [
        "correction applied: T rome_code '16222' -> '61222' (source line 18)",
        "correction applied: T rome_code '61213' -> '61231' (source line 13)",
        "warning: correction matched nothing: T rome_code '99999' (corrections.csv line 4)"]
    assert records(rows[rows.corrected], ["region_code", "rome_code"]) == [[None, "61231"], ["94", "61222"]]


def test_the_canonical_label_is_the_most_printed_even_when_printed_later():
    text = mini_circular(regional("Corse", [("14232", "Vendeur")]), regional("Limousin", [("14232", "Télévendeur")]),
                         regional("Corse ", [("14232", "Télévendeur")]))
    _, rows = staged([(text, "circulaire", "U"), (text, "circulaire", "T")], curation())
    labels = normalize.canonical_labels(rows)
    assert records(labels, ["source_id", "rome_code", "label", "label_variants"])[:2] == [
        ["T", "14232", "Télévendeur", "Télévendeur|Vendeur"],
        ["T", "32112", "Cadre de l'audit", "Cadre de l'audit"]]


def labelled(*printed: tuple[str, float | None]) -> list[str]:
    """canonical_labels of one code printed with these (label, OCR confidence of the label; None: not read by
    OCR) rows, in order: its label and its variants."""
    rows = pd.DataFrame({"source_id": "S", "rome_code": "61222", "label_as_printed": [p for p, _ in printed],
                         "ocr_label_confidence": pd.array([c for _, c in printed], dtype="Float64"),
                         "seq": range(len(printed))})
    return records(normalize.canonical_labels(rows), ["label", "label_variants"])[0]


def test_a_label_read_at_the_low_confidence_threshold_is_trusted():
    # LOW_CONFIDENCE is 80: read at 80, Géomètre is trusted, so Topographe (twice, at 79) does not vote
    assert labelled(("Géomètre", 80.0), ("Topographe", 79.0), ("Topographe", 79.0)) == [
        "Géomètre", "Topographe|Géomètre"]
    assert labelled(("Géomètre", 79.9), ("Topographe", 79.0), ("Topographe", 79.0)) == [
        "Topographe", "Topographe|Géomètre"]


def test_a_label_not_read_by_ocr_is_trusted():
    assert labelled(("Géomètre", None), ("Topographe", 50.0), ("Topographe", 50.0)) == [
        "Géomètre", "Topographe|Géomètre"]


def label_doubts(*printed: tuple[str, float]) -> list[str]:
    """review_ocr's ocr_label_doubt_corrected (what stays doubted) for one code (61222, read with confidence) printed
    with these (label, the label's OCR confidence) rows, one list each."""
    rows = pd.DataFrame({"source_id": "S", "list_index": range(1, len(printed) + 1), "position": 1,
                         "rome_code": "61222", "label_as_printed": [label for label, _ in printed],
                         "ocr_code_confidence": 96.0, "ocr_label_confidence": [conf for _, conf in printed],
                         "seq": range(len(printed)), "corrected": False})
    return review.review_ocr(rows).ocr_label_doubt_corrected.tolist()


def test_a_label_printed_most_often_that_is_not_the_one_most_often_read_with_confidence_is_doubted():
    # Géomètre, read with confidence once, is the canonical label; Geometre, printed twice, read at 50 and 90: which
    # one the page prints, OCR does not tell (a 1-bit scan drops accents; OCR reads short labels with more
    # confidence). A tie tells nothing against the readings read with confidence.
    doubt = ("label 'Geometre' is the one printed most often under 61222 (2 rows), not the one most often read "
             "with confidence ('Géomètre'): which one the page prints OCR does not tell: its canonical label cannot "
             "be taken")
    assert label_doubts(("Géomètre", 96.0), ("Geometre", 50.0), ("Geometre", 90.0)) == [UNMARKED, doubt, doubt]
    assert label_doubts(("Géomètre", 96.0), ("Géomètre", 50.0), ("Geometre", 90.0)) == ["", "", ""]
    assert label_doubts(("Géomètre", 96.0), ("Geometre", 90.0)) == ["", ""]


UNMARKED = ("its label is read 'Géomètre' on some rows, 'Geometre' most often: readings that differ in their accents; "
            "which the page prints OCR does not tell: its canonical label cannot be taken")


@pytest.mark.parametrize(("printed", "doubted"), [
    ([("Geometre", 90.0), ("Geometre", 90.0), ("Géomètre", 69.0)], True),  # 1033: most read without its accents
    ([("Géomètre", 90.0), ("Géomètre", 90.0), ("Geometre", 69.0)], False),  # one row lost them
    ([("Geometre", 90.0), ("GEOMETRE.", 90.0), ("Topographe", 90.0)], False),  # case, punctuation, other words
])
def test_a_reading_with_accents_the_most_printed_label_lacks_doubts_it(printed, doubted):
    assert label_doubts(*printed) == [UNMARKED if doubted else ""] * 3


def test_a_list_of_an_unknown_region_opens_nothing():
    text = mini_circular(regional("Corse", SAME), regional("Limousin", SAME),
                         regional("Atlantide", [("52151", "M")]))
    cur = curation()
    _, rows = staged([(text, "circulaire", "T")], cur)
    assert "52151" not in set(normalize.openings(rows, cur.regions).rome_code)


def test_a_correction_applied_on_two_lines_names_both():
    corrections = pd.DataFrame({"source_id": ["S"], "region": ["Corse"], "field": ["rome_code"],
                                "printed_value": ["16222"], "corrected_value": ["61222"], "line": [2]})
    lists = pd.DataFrame({"source_id": ["S"], "region_name_as_printed": ["Corse"],
                          "source_line": pd.array([9], dtype="Int64")})
    rows = pd.DataFrame({"source_id": "S", "region_name_as_printed": "Corse", "rome_code_as_printed": "16222",
                         "corrected": True, "source_line": pd.array([10, 20], dtype="Int64")})
    assert normalize.correction_notes(corrections, lists, rows) == [
        "correction applied: S rome_code '16222' -> '61222' (source line 10, 20)"]


@pytest.mark.parametrize("printed", ["Dessinateur\u2010projeteur", "Dessinateur\u2011projeteur",
                                     "Dessinateur\u00adprojeteur"])
def test_a_hyphen_in_any_of_its_typographic_forms_is_one_hyphen_in_canonical_labels(printed):
    from pipeline.core.text import plain

    assert plain(printed) == "Dessinateur-projeteur"


AS_HEADINGS = "(compared as headings are: case, accents, spaces and marks aside, l, I and 1 alike, O and 0 alike)"
REGIONS_2008 = pd.read_csv(ROOT / "raw" / "reference" / "regions.csv", dtype=str)


def read_as(*names: str, read_by_ocr=frozenset({"S"}), corrections=()) -> list[list]:
    """Headings of source S named `names`, resolved against the 22 regions of 2008: code, name, evidence."""
    lists = pd.DataFrame({"source_id": "S", "list_index": range(1, len(names) + 1), "list_scope": "regional",
                          "region_name_as_printed": list(names)})
    fixes = pd.DataFrame(list(corrections), columns=["source_id", "region", "field", "printed_value",
                                                     "corrected_value", "reason", "evidence", "line"])
    return records(normalize.resolve_regions(lists, REGIONS_2008, fixes, read_by_ocr),
                   ["region_code", "region_name", "region_evidence"])


def test_a_scan_s_heading_read_as_no_region_is_the_region_whose_name_it_is_clearly_nearest():
    assert read_as("uvergne", "Portou-Charentes") == [  # development 1058 and 1074
        ["83", "Auvergne", "read 'uvergne' where a region's heading is printed: taken as Auvergne, 1 character(s) "
                           f"from 'Auvergne' {AS_HEADINGS}, every other region's name 3 or more"],
        ["54", "Poitou-Charentes", "read 'Portou-Charentes' where a region's heading is printed: taken as "
                                   f"Poitou-Charentes, 1 character(s) from 'Poitou-Charentes' {AS_HEADINGS}, every "
                                   "other region's name 3 or more"]]
    short = ("S", "", "region_name", "Champagne", "Champagne-Ardenne", "printed so", "line 115", 2)
    other = ("T", "", "region_name", "Nord - Pas-de-Calais", "Nord-Pas-de-Calais", "printed so", "line 641", 3)
    assert read_as("Champagnc", corrections=[other, short]) == [[  # 1 from the name curated for S, 8 from the official
        "21", "Champagne-Ardenne", "read 'Champagnc' where a region's heading is printed: taken as Champagne-Ardenne, "
                                   "1 character(s) from 'Champagne', a name curated for Champagne-Ardenne in this "
                                   f"source {AS_HEADINGS}, every other region's name 3 or more"]]
    assert read_as("Nord-Pas-de-Calaix", corrections=[other, short])[0][:2] == ["31", "Nord-Pas-de-Calais"]
    assert read_as("Champagnc", corrections=[("T", *short[1:])]) == [[None, None, ""]]  # curated for another source


@pytest.mark.parametrize("name", [
    "Normandie",  # 5 characters from Basse- and from Haute-Normandie: neither clearly nearest
    "Hasse-Normandie",  # 1 from Basse-Normandie, 2 from Haute-Normandie
    "Champagne",  # 5 from Bretagne and 7 from Champagne-Ardenne (curated for the circular, not for S)
])
def test_a_heading_no_region_s_name_is_clearly_nearest_names_none(name):
    assert read_as(name) == [[None, None, ""]]


def test_a_text_s_heading_is_what_it_prints():
    assert read_as("uvergne", read_by_ocr=frozenset()) == [[None, None, ""]]
