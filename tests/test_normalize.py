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
