import pandas as pd
import pytest

from pipeline.transform import normalize, review
from tests.helpers import (
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


def evidence_for(label: str, read: str, before: str, after: str, owners=("61222",), label_confidence=96.0):
    """What evidence says of a row read as `read`, printing `label` (read with `label_confidence`), between settled
    rows `before` and `after`, when settled rows print Géomètre under `owners`."""
    settled = pd.DataFrame({"source_id": "S", "list_index": 1, "position": [1, 3], "rome_code": [before, after]})
    row = pd.Series({"source_id": "S", "list_index": 1, "position": 2, "label_as_printed": label, "rome_code": read,
                     "ocr_label_confidence": label_confidence})
    return review.evidence(row, settled, pd.Series({("S", "geometre"): list(owners)}))


def test_ocr_evidence_corrects_a_code_to_the_one_its_label_is_printed_under_where_it_fits():
    fits = "which fits the list's order (after 61221, before 61231)"
    assert evidence_for("Géomètre", "61229", "61221", "61231") == (
        "61222", f"'Géomètre' is printed under 61222 alone, {fits}: corrected to 61222")
    assert evidence_for("61229 Géomètre", "61229", "61221", "61231") == (  # the code read into the label too
        "61222", f"'61229 Géomètre' is printed under 61222 alone, {fits}: corrected to 61222")
    assert evidence_for("Géomètre", "61222", "61221", "61231") == (
        "61222", f"'Géomètre' is printed under 61222 alone, {fits}: confirmed")


@pytest.mark.parametrize(("before", "after", "owners", "said"), [
    ("61222", "61231", ("61222",), "its label is printed under 61222, which does not fit the list's order (after "
                                   "61222, before 61231): left as read"),
    ("61221", "61222", ("61222",), "its label is printed under 61222, which does not fit the list's order (after "
                                   "61221, before 61222): left as read"),
    ("61221", "61231", ("61222", "61299"), "its label is printed under 61222 and 61299: left as read"),
    ("61221", "61231", (), "its label is printed under no other code: left as read"),
])
def test_ocr_evidence_leaves_a_code_as_read_when_it_is_not_clear(before, after, owners, said):
    assert evidence_for("Géomètre", "61229", before, after, owners) == (None, said)


@pytest.mark.parametrize(("read", "before", "after", "said"), [
    # 52151 is printed on one list only (Nord-Pas-de-Calais, between 52133 and 52212), read 'S2151'
    ("S2151", "52133", "52212", (
        "52151", "'S2151' reads 52151 with its letters taken for the digits they look like, which fits the list's "
        "order (after 52133, before 52212); its label is printed under no other code: corrected to 52151")),
    ("S2151", "52133", "52142", (  # the digits it spells do not fit
        None, "its label is printed under no other code: left as read")),
    ("5215", "52133", "52212", (None, "its label is printed under no other code: left as read")),  # a digit lost
    ("S2I51", "52133", "52212", (
        "52151", "'S2I51' reads 52151 with its letters taken for the digits they look like, which fits the list's "
        "order (after 52133, before 52212); its label is printed under no other code: corrected to 52151")),
])
def test_a_code_read_with_letters_for_digits_is_corrected_where_its_label_says_nothing_and_it_fits(
        read, before, after, said):
    assert evidence_for("Modéliste des industries des matériaux souples", read, before, after, ()) == said
    assert evidence_for("Modéliste des industries des matériaux souples", read, before, after, (), 79.9) == (
        None, "its label is printed under no other code: left as read")  # a label it cannot read: no evidence


def test_a_correction_applied_on_two_lines_names_both():
    corrections = pd.DataFrame({"source_id": ["S"], "region": ["Corse"], "field": ["rome_code"],
                                "printed_value": ["16222"], "corrected_value": ["61222"], "line": [2]})
    lists = pd.DataFrame({"source_id": ["S"], "region_name_as_printed": ["Corse"],
                          "source_line": pd.array([9], dtype="Int64")})
    rows = pd.DataFrame({"source_id": "S", "region_name_as_printed": "Corse", "rome_code_as_printed": "16222",
                         "corrected": True, "source_line": pd.array([10, 20], dtype="Int64")})
    assert normalize.correction_notes(corrections, lists, rows) == [
        "correction applied: S rome_code '16222' -> '61222' (source line 10, 20)"]


def reviewed(*lists: list[tuple]) -> list[list]:
    """review_ocr on one source whose lists print (code as read, label, code's confidence[, label's confidence,
    96 if not given]) rows: each row's code and what the review says of it."""
    rows = pd.DataFrame([{"source_id": "S", "list_index": index, "position": position, "rome_code": code,
                          "label_as_printed": label, "ocr_code_confidence": confidence,
                          "ocr_label_confidence": label_confidence[0] if label_confidence else 96.0}
                         for index, rows in enumerate(lists, 1) for position, (code, label, confidence,
                                                                              *label_confidence)
                         in enumerate(rows, 1)]).assign(seq=lambda f: range(len(f)), corrected=False)
    return records(review.review_ocr(rows), ["list_index", "rome_code", "ocr_doubt", "ocr_evidence"])


def test_ocr_evidence_is_a_label_printed_under_one_code_even_when_not_its_canonical_label():
    # 61231 prints Chef twice (its canonical label) and Géomètre once: Géomètre is printed under 61231 alone
    chef, variant = ("61231", "Chef", 96.0), ("61231", "Géomètre", 96.0)
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, chef], [first, chef], [first, variant], [first, ("6l231", "Géomètre", 96.0)])[-1] == [
        4, "61231", "not five ASCII digits", "'Géomètre' is printed under 61231 alone, which fits the list's order "
        "(after 61221, before -): corrected to 61231"]


def test_a_code_s_canonical_label_in_a_tie_is_the_first_printed_in_the_ocr_review():
    # 61222 prints Géomètre (first) and Topographe once each: Géomètre is its canonical label, so 61229 beside it
    # is doubted for that before it is found on no other list
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, ("61222", "Géomètre", 96.0)], [first, ("61222", "Topographe", 96.0)],
                    [first, ("61229", "Géomètre", 96.0)])[-1] == [
        3, "61222", "its label is the canonical label of 61222; on no other list of the source",
        "'Géomètre' is printed under 61222 alone, which fits the list's order (after 61221, before -): corrected "
        "to 61222"]


def test_a_label_canonical_for_two_codes_names_the_lower_one_in_the_ocr_review():
    both = [("61222", "Géomètre", 96.0), ("61223", "Géomètre", 96.0)]
    assert reviewed(both, both, [("61229", "Géomètre", 96.0)])[-1] == [
        3, "61229", "its label is the canonical label of 61222; on no other list of the source",
        "its label is printed under no other code: left as read"]


def test_a_code_read_at_the_low_confidence_threshold_is_not_doubted():
    # LOW_CONFIDENCE is 80; 79.96 would read 80 if rounded
    first = ("61221", "Arpenteur", 96.0)
    assert reviewed([first, ("61222", "Géomètre", 79.96)], [first, ("61222", "Géomètre", 96.0)])[1][2] == \
        "read with low confidence (79.9 < 80)"
    assert reviewed([first, ("61222", "Géomètre", 80.0)], [first, ("61222", "Géomètre", 96.0)])[1][2] == ""
    assert reviewed([first, ("61222", "Géomètre", 79.9)], [first, ("61222", "Géomètre", 96.0)])[1][2] == \
        "read with low confidence (79.9 < 80)"


@pytest.mark.parametrize("label_confidence, said", [
    (80.0, "its label is the canonical label of 61222; on no other list of the source"),
    (79.9, "")])  # no owner: 61229, read with confidence, in its list's order, is what the page prints
def test_a_label_read_at_the_low_confidence_threshold_makes_its_code_the_label_s_owner(label_confidence, said):
    first, owner = ("61221", "Arpenteur", 96.0), ("61222", "Géomètre", 96.0, label_confidence)
    assert reviewed([first, owner], [first, owner], [first, ("61229", "Géomètre", 96.0)])[-1][2] == said


def test_a_doubted_code_owns_no_label():
    """6l222 is not five ASCII digits: though on two lists, with its label read with confidence, the label is
    not its own; it is 61229's, printed under no other code, and 6l222 is corrected to it."""
    first, misread = ("61221", "Arpenteur", 96.0), ("6l222", "Géomètre", 96.0)
    corrected = [[n, "61229", "not five ASCII digits", "'Géomètre' is printed under 61229 alone, which fits the "
                  "list's order (after 61221, before -): corrected to 61229"] for n in (1, 2)]
    assert reviewed([first, misread], [first, misread], [first, ("61229", "Géomètre", 96.0)])[1::2] == [
        *corrected, [3, "61229", "", ""]]


def test_rows_not_read_by_ocr_have_nothing_to_review():
    rows = pd.DataFrame({"source_id": "S", "rome_code": ["61222"], "label_as_printed": ["Géomètre"],
                         "ocr_code_confidence": pd.array([None], dtype="Float64")})
    assert records(review.review_ocr(rows), ["ocr_doubt", "ocr_evidence", "ocr_doubt_corrected",
                                                "ocr_label_doubt"]) == [["", "", "", ""]]


def test_a_confident_code_printed_on_one_list_only_is_what_the_page_says():
    """Rarity is no evidence: the circular prints 61224 and 52151 on one list each (text lines 224 and 264).
    A code read with confidence, on one list, in its list's order, and whose label no other code prints, stands."""
    first, last = ("61221", "Arpenteur", 96.0), ("61231", "Chef", 96.0)
    assert reviewed([first, last], [first, ("61224", "Chargé d'études", 97.0), last])[3] == [2, "61224", "", ""]


def test_a_confident_code_on_one_list_that_breaks_its_order_is_doubted():
    first, last = ("61221", "Arpenteur", 96.0), ("61231", "Chef", 96.0)
    assert reviewed([first, last], [first, ("91224", "Chargé d'études", 97.0), last])[3] == [
        2, "91224", "on no other list of the source, and out of its list's order",
        "its label is printed under no other code: left as read"]


def test_readings_that_agree_confirm_a_code_read_with_low_confidence():
    """32321 read at 74 on two lists, each in its list's order, with the same label read with confidence: the two
    readings confirm it, and then it owns its label, which corrects 82321 (read at 0) on a third list."""
    first, last = ("14232", "Technicien", 96.0), ("61231", "Chef", 96.0)
    low, misread = ("32321", "Informaticien d'étude", 74.3), ("82321", "Informaticien d'étude", 0.0)
    got = reviewed([first, low, last], [first, low, last], [first, misread, last])
    confirmed = ("read with low confidence (74.3 < 80)", "'Informaticien d'étude' is read under 32321 in 2 lists, each "
                 "time where it fits the list's order: confirmed")
    assert got[1] == [1, "32321", *confirmed] and got[4] == [2, "32321", *confirmed]
    assert got[7] == [3, "32321", "read with low confidence (0 < 80); on no other list of the source",
                      "'Informaticien d'étude' is printed under 32321 alone, which fits the list's order (after 14232, "
                      "before 61231): corrected to 32321"]


@pytest.mark.parametrize("second", [
    ("82321", "Informaticien d'étude", 74.3),  # the two readings disagree
    ("32321", "Informaticien d'étude", 74.3, 60.0),  # a label read with low confidence
    ("62321", "Informaticien d'étude", 74.3),  # out of its list's order (after 61231 below)
])
def test_readings_that_do_not_agree_confirm_nothing(second):
    first, last = ("14232", "Technicien", 96.0), ("61231", "Chef", 96.0)
    low = ("32321", "Informaticien d'étude", 74.3)
    assert reviewed([first, low, last], [first, second, last])[1][3] == \
        "its label is printed under no other code: left as read"


def test_a_code_read_with_low_confidence_that_its_source_prints_elsewhere_with_confidence_is_confirmed():
    """52313 read at 0 (two readings, each confident, disagreed) beside the circular's one 'maintenancier', a label
    no other row prints, read with confidence or not: the source prints 52313 on two other lists, read with
    confidence, and it fits the list's order (development 1100, 1181). 'S2313' reads 52313 as digits: corrected,
    its label read with low confidence (read with confidence, its label printed under no other code is evidence
    enough: `evidence`)."""
    first, last = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0)
    sure = ("52313", "Installateur-maintenicien", 96.0)
    evidence = ("52313 is read with confidence on 2 other list(s) of the source, and fits this list's order (after "
                "52311, before 61231); its label is printed under no other code: ")
    for label_confidence in (96.0, 40.0):
        got = reviewed([first, sure, last], [first, sure, last],
                       [first, ("52313", "Installateur-maintenancier", 0.0, label_confidence), last])
        assert got[7] == [3, "52313", "read with low confidence (0 < 80)", evidence + "confirmed"]
    # The code read with confidence on the other lists, whatever its label's confidence there (development 1151)
    sure_code = ("52313", "Installateur-maintenicien", 96.0, 52.0)
    got = reviewed([first, sure_code, last], [first, sure_code, last],
                   [first, ("52313", "Installateur-maintenancier", 0.0), last])
    assert got[7] == [3, "52313", "read with low confidence (0 < 80)", evidence + "confirmed"]
    got = reviewed([first, sure, last], [first, sure, last],
                   [first, ("S2313", "Installateur-maintenancier", 0.0, 40.0), last])
    assert got[7] == [3, "52313", "not five ASCII digits; read with low confidence (0 < 80)",
                      "'S2313' reads 52313 as digits; " + evidence + "corrected to 52313"]


@pytest.mark.parametrize(("read", "code"), [
    ("S2151", "52151"), ("O3121", "03121"),  # letters OCR reads for digits
    ("4632 2", "46322"), ("'6221 1", "62211"),  # a code read in pieces (development 1030), marks before it aside
    ("5231 2313", None), ("5215", None), ("52151", None), ("F5", None),  # two codes, a digit lost, a code, no code
])
def test_a_code_read_with_letters_or_in_pieces_is_the_code_its_digits_spell(read, code):
    assert review.as_digits(read) == code

@pytest.mark.parametrize(("third", "at"), [
    (("52313", "Chef", 0.0), 1),  # its label printed under another code (61231)
    (("52313", "Installateur-maintenancier", 0.0), 2),  # out of its list's order, after 61231
    (("52319", "Installateur-maintenancier", 0.0), 1),  # a code the source prints nowhere else
])
def test_a_code_read_with_low_confidence_is_confirmed_by_no_other_list_where_the_rest_of_the_evidence_fails(third,
                                                                                                             at):
    first, last = ("52311", "Monteur", 96.0), ("61231", "Chef", 96.0)
    sure = ("52313", "Installateur-maintenicien", 96.0)
    third_list = [first, last]
    third_list.insert(at, third)
    got = reviewed([first, sure, last], [first, sure, last], third_list)
    assert "confirmed" not in got[6 + at][3] and got[6 + at][2] != ""

@pytest.mark.parametrize("printed", ["Dessinateur\u2010projeteur", "Dessinateur\u2011projeteur",
                                     "Dessinateur\u00adprojeteur"])
def test_a_hyphen_in_any_of_its_typographic_forms_is_one_hyphen_in_canonical_labels(printed):
    from pipeline.core.text import plain

    assert plain(printed) == "Dessinateur-projeteur"
