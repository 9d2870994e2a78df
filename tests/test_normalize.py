from pipeline import normalize
from tests.helpers import curation, mini_circular, records, regional, staged

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
    assert records(opened, ["region_code", "rome_code", "basis"]) == [
        ["74", "14232", "regional"], ["74", "32112", "national"], ["74", "61231", "national"],
        ["94", "14232", "regional"], ["94", "32112", "both"], ["94", "61222", "regional"],
        ["94", "61231", "national"]]
    notes = normalize.correction_notes(cur.corrections, lists, rows)
    assert notes == ["correction applied: T region_name 'Korse' -> 'Corse' (source line 15)"]


def test_a_code_correction_applies_in_its_source_and_region_only():
    text = mini_circular(regional("Corse", [("16222", "Géomètre")]), regional("Limousin", [("16222", "Géomètre")]))
    cur = curation(corrections=[("T", "Limousin", "rome_code", "16222", "61222", "typo", "line 20", 2)])
    _, rows = staged([(text, "circulaire", "T"), (text, "circulaire", "U")], cur)
    assert records(rows[rows.rome_code_as_printed == "16222"], ["source_id", "region_code", "rome_code", "corrected"]) \
        == [["T", "94", "16222", False], ["T", "74", "61222", True],
            ["U", "94", "16222", False], ["U", "74", "16222", False]]


def test_a_region_name_correction_applies_in_its_source_only():
    text = mini_circular(regional("Korse", SAME), regional("Limousin", SAME))
    cur = curation(corrections=[("T", "", "region_name", "Korse", "Corse", "typo", "line 15", 2)])
    lists, _ = staged([(text, "circulaire", "T"), (text, "circulaire", "U")], cur)
    assert records(lists[lists.region_name_as_printed == "Korse"], ["source_id", "region_code"]) == [
        ["T", "94"], ["U", None]]
