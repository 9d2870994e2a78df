import pandas as pd

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
