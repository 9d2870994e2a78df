import pandas as pd

from pipeline.transform.labels import SIMILAR_MIN, match, unused_curations
from pipeline.validate.checks.catalogue import CATALOGUE

CODED = [("52313", "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"),
         ("32321", "Informaticien d'étude (dont chef de projet)"),
         ("32112", "Cadre de l'audit et du contrôle comptable et financier"),
         ("52211", "Technicien de fabrication de la construction mécanique et du travail des métaux"),
         ("52212", "Technicien qualité de la construction mécanique et du travail des métaux"),
         ("61222", "Géomètre"), ("61299", "Géomètre")]


def rows(labels):
    coded = pd.DataFrame([{"source_id": "C", "rome_code_as_printed": c, "rome_code": c, "label_as_printed": lab}
                          for c, lab in CODED])
    plain = pd.DataFrame([{"source_id": "A", "rome_code_as_printed": None, "rome_code": None, "label_as_printed": lab}
                          for lab in labels])
    return pd.concat([coded, plain], ignore_index=True)


def label_map(*entries):
    return pd.DataFrame([{"label": lab, "rome_code": code, "reason": "r", "evidence": "e", "line": n}
                         for n, (lab, code) in enumerate(entries, 2)], columns=["label", "rome_code", "reason",
                                                                                 "evidence", "line"])


def matched(labels, curated=()):
    found = match(rows(labels), label_map(*curated))
    return {r.label_as_printed: (r.rome_code, r.method, r.score) for r in found.itertuples()}


def test_each_rule_in_turn():
    assert matched([
        "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques).",
        "Informaticien d'étude.",
    ]) == {
        "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques).": ("52313", "exact", 1.0),
        "Informaticien d'étude.": ("32321", "normalized", 1.0),
    }
    found = matched(["Cadre de l'audit et du contrôle comptable.",
                     "Technicien qualité construction mécanique et du travail des métaux."])
    assert {label: (code, method) for label, (code, method, _) in found.items()} == {
        "Cadre de l'audit et du contrôle comptable.": ("32112", "similar"),
        "Technicien qualité construction mécanique et du travail des métaux.": ("52212", "similar")}
    assert all(SIMILAR_MIN <= score < 1 for _, _, score in found.values())


def similar_to(coded, label):
    """The code, method and score of `label` (printed without a code) among `coded` (code, label) rows."""
    rows = pd.DataFrame(
        [{"source_id": "C", "rome_code_as_printed": c, "rome_code": c, "label_as_printed": lab} for c, lab in coded]
        + [{"source_id": "A", "rome_code_as_printed": None, "rome_code": None, "label_as_printed": label}])
    found = match(rows, label_map())
    return found.rome_code[0], found.method[0], found.score[0]


# 20 letters; a label sharing its first n letters, then other letters, is 2n/40 alike (difflib's ratio).
TWENTY = "abcdefghijklmnopqrst"


def test_similar_needs_the_minimum_likeness():
    assert similar_to([("11111", TWENTY)], "abcdefghijklmnopWYZW.") == ("11111", "similar", 0.8)
    assert similar_to([("11111", TWENTY)], "abcdefghijklmnoVWYZW.") == (None, None, None)  # 0.75


def test_similar_needs_a_margin_over_any_other_code():
    label = "abcdefghijklmnopqrsz."  # 0.95 alike TWENTY
    assert similar_to([("11111", TWENTY), ("22222", "abcdefghijklmnopYYYY")], label) == ("11111", "similar", 0.95)
    assert similar_to([("11111", TWENTY), ("22222", "abcdefghijklmnopqrYY")], label) == (None, None, None)  # 0.05


def test_exactly_the_margin_ahead_is_enough():
    label = "abcdefghijklmnopqrYZ."  # 0.9 alike TWENTY, 0.8 alike the other: 0.1 ahead
    assert similar_to([("11111", TWENTY), ("22222", "abcdefghijklmnopWWWW")], label) == ("11111", "similar", 0.9)


def test_a_code_printed_with_several_labels_is_as_close_as_its_closest():
    label = "abcdefghijklmnopqrsz."  # 0.95 alike TWENTY, printed under 11111 before another label
    assert similar_to([("11111", TWENTY), ("11111", "zyxwvutsrq")], label) == ("11111", "similar", 0.95)


def test_the_likeness_is_given_to_three_decimals():
    assert similar_to([("11111", TWENTY)], "abcdefghijklmnopqVWXY.") == ("11111", "similar", 0.829)  # 34/41


def test_a_label_under_two_codes_is_never_guessed():
    assert matched(["Géomètre."]) == {"Géomètre.": (None, None, None)}
    assert matched(["Géomètre."], curated=[("Géomètre", "61222")]) == {"Géomètre.": ("61222", "curated", None)}
    # Not printed so, but so once case, accents and plurals are dropped: the same two codes.
    assert matched(["Geometres."]) == {"Geometres.": (None, None, None)}
    assert matched(["Geometres."], curated=[("Geometres", "61299")]) == {"Geometres.": ("61299", "curated", None)}


def unmatched(matches, printed_rows):
    return CATALOGUE["unmatched_label"].run({"label_matches": matches, "printed_rows": printed_rows})


def test_unmatched_labels_are_error_findings_and_unused_curations_warned():
    found = match(rows(["Astronaute."]), label_map(("Cosmonaute", "99999")))
    assert found.rome_code.isna().all()
    plain = rows(["Astronaute."]).assign(source_line=range(1, 9))
    findings = unmatched(found, plain)
    assert findings.message.tolist() == [
        "no ROME code for 'Astronaute': no rule settles it; add it to checks/label_map.csv"]
    assert findings.source_line.tolist() == [8]
    assert unused_curations(label_map(("Cosmonaute", "99999")), found) == [
        "warning: curated label matched nothing: 'Cosmonaute' (label_map.csv line 2)"]


def test_no_unmatched_finding_when_all_match():
    found = match(rows(["Géomètre."]), label_map(("Géomètre", "61222")))
    assert unmatched(found, rows(["Géomètre."]).assign(source_line=1)).empty
    assert unused_curations(label_map(("Géomètre", "61222")), found) == []


def test_real_arrete_matches_checked_by_hand(real_build):
    lm = pd.read_csv(real_build / "csv" / "label_matches.csv", dtype=str, keep_default_na=False)
    assert len(lm) == 33 and (lm.rome_code != "").all()
    got = {r.label_as_printed: (r.rome_code, r.method) for r in lm.itertuples()}
    assert got["Marchandiseur."] == ("33121", "normalized")
    assert got["Opérateur de formage du verre."] == ("45222", "normalized")
    assert got["Mécanicien d'engins de chantier, de levage et manutention et de machines agricoles."] == \
        ("44316", "normalized")
    assert got["Technicien contrôle-essai-qualité en électricité et électronique."] == ("52221", "similar")
    assert got["Façonneur bois et matériaux associés (production de série)."] == ("46322", "exact")
    assert got["Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)."] == ("52313", "exact")
    assert lm.method.value_counts().to_dict() == {"exact": 26, "normalized": 4, "similar": 3}
