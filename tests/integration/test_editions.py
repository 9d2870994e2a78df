"""The editions as published (texts, list_entries, rome_v2_v3, fap_rome, edition_findings) and `lookup --on`,
on the real sources. Each fact is checked against the line of the raw file that prints it (cited)."""
import json

import duckdb
import pytest

from tests.helpers import read_table
from tests.integration.test_cli import cli

ED = "raw/editions/"


def lookup_on(build, *args, code=0):
    run = cli("lookup", "--out", build, *args, env={"COLUMNS": "100"})
    assert run.returncode == code, run.stdout + run.stderr
    return run.stdout


def test_counts_per_text(real_build):
    entries = read_table(real_build, "list_entries")
    counts = entries.groupby(["text_id", "version", "method"]).size().to_dict()
    assert counts == {("ETSD1120263A", "0e0c3654", "exact"): 10, ("ETSD1120263A", "0e0c3654", "curated"): 4,
                      ("IMID0800327A", "ec7f7b3a", "exact"): 285, ("IMID0800327A", "ec7f7b3a", "curated"): 6,
                      ("IMID0800327A", "793f6c58", "exact"): 30, ("IMID0800327A", "793f6c58", "none"): 120}
    texts = read_table(real_build, "texts").set_index(["text_id", "version", "part"])
    # ETSD.../annexe/article-.md line 3: "LISTE DES MÉTIERS OUVERTS ..." (no count); 793f6c58 line 5 "LISTE DES 150
    # MÉTIERS ..."; ec7f7b3a line 3 "LISTE DES 291 MÉTIERS ...": each agrees with the lines printed.
    assert texts.loc[("ETSD1120263A", "0e0c3654", "annex"), ["stated_count", "listed_count"]].tolist() == ["", "14"]
    assert texts.loc[("IMID0800327A", "793f6c58", "annex"), ["stated_count", "listed_count"]].tolist() == ["150", "150"]
    assert texts.loc[("IMID0800327A", "ec7f7b3a", "annex"), ["stated_count", "listed_count"]].tolist() == ["291", "291"]
    findings = read_table(real_build, "edition_findings")
    assert "annex_count_mismatch" not in set(findings.check)


def test_entries_as_printed_and_coded(real_build):
    entries = read_table(real_build, "list_entries").set_index(["text_id", "version", "source_line"])
    # ETSD1120263A annexe line 13: "Dessin BTP."; fap225_rome.csv line 98: "B6Z72;F1104;Dessin BTP" (exact).
    row = entries.loc[("ETSD1120263A", "0e0c3654", "13")]
    assert (row.label_as_printed, row.rome_v3_code, row.method) == ("Dessin BTP.", "F1104", "exact")
    # ETSD1120263A annexe line 5: "Cadre de l'audit et du contrôle comptable." (a v2 label): curated M1202.
    row = entries.loc[("ETSD1120263A", "0e0c3654", "5")]
    assert (row.rome_v3_code, row.method) == ("M1202", "curated")
    # 793f6c58 annexe line 9: "Assistant des travaux publics et du gros oeuvre.", under "Bâtiment et travaux
    # publics" (line 7); no 2008 label matches it.
    row = entries.loc[("IMID0800327A", "793f6c58", "9")]
    assert (row.heading, row.method, row.rome_v2_code) == ("Bâtiment et travaux publics", "none", "")
    # 793f6c58 annexe line 321: "Marchandiseur (conception de points de vente et de rayons)." declined in
    # checks/list150_notes.csv (the circular prints "... de rayon").
    assert entries.loc[("IMID0800327A", "793f6c58", "321")].reason.startswith("Near miss, NOT coded")


def test_crosswalk_decides_every_2008_code(real_build):
    cross = read_table(real_build, "rome_v2_v3")
    opened = set(read_table(real_build, "occupations").rome_code)
    assert set(cross.rome_v2_code) == opened and len(opened) == 32
    by_code = cross.groupby("rome_v2_code").status.first().value_counts().to_dict()
    assert by_code == {"same": 18, "broader": 10, "split": 3, "none": 1}
    assert (cross.status == "split").sum() == 6


def test_fap_rome_keeps_its_marks_and_says_its_licence(real_build):
    fap = read_table(real_build, "fap_rome").set_index("source_line")
    assert len(fap) == 765 and (fap.rome_v3_code == "").sum() == 16
    # fap225_rome.csv line 22: "A1Z41;F1101;Architecture du BTP*"
    assert fap.loc["22"].tolist() == ["A1Z41", "F1101", "Architecture du BTP*", "Architecture du BTP", "*"]
    marked = fap[fap.mark != ""]
    assert len(marked) == 13
    also_unmarked = set(marked.rome_v3_code) & set(fap[fap.mark == ""].rome_v3_code)
    assert len(also_unmarked) == 7  # as the table's description says
    package = json.loads((real_build / "datapackage.json").read_text(encoding="utf-8"))
    licences = {r["name"]: [x["name"] for x in r.get("licenses", [])] for r in package["resources"]}
    assert licences["fap_rome"] == ["GPL-3.0"]
    assert "GPL-3.0" in licences["list_entries"] and "GPL-3.0" in licences["rome_v2_v3"]
    assert licences["openings"] == []  # the package's licence


def test_dates_have_evidence_or_a_finding(real_build):
    texts = read_table(real_build, "texts").set_index(["text_id", "version", "part"])
    # ETSD1120263A-2011-08-11/README.md line 1: "# Arrêté du 11 août 2011 relatif ..."
    assert texts.loc[("ETSD1120263A", "0e0c3654", "annex"), "date_signed"] == "2011-08-11"
    # IMID0800328A-2008-01-18/v793f6c58/README.md line 1: "# Arrêté du 18 janvier 2008 relatif ..."
    assert texts.loc[("IMID0800328A", "793f6c58", "annex"), "date_signed"] == "2008-01-18"
    assert (texts.date_evidence != "").all()
    unknown = read_table(real_build, "edition_findings").query("check == 'date_unknown'")
    assert len(unknown) == len(texts)  # no stored file prints an entry into force or an end
    assert texts.loc[("IMID0800327A", "6525003d", "article-1"), ["date_signed", "lookup_from", "states"]].tolist() \
        == ["", "", "BG|RO|HR"]  # v6525003d/article-1.md line 3: "de Bulgarie, de Roumanie et de Croatie"


def test_geohisto_disagrees_on_grand_est_only(real_build):
    found = read_table(real_build, "edition_findings").query("check == 'geohisto_disagrees'")
    # geohisto regions.csv line 19: "fr:region:44@2016-01-01,44,...,Grand-Est,..."; regions.csv: "Grand Est".
    assert sorted(found.region_code) == ["21", "41", "42"]
    assert set(found.source_line) == {"19"}


def test_on_2009_06_01_in_limousin_the_2008_texts_answer(real_build):
    answer = json.loads(lookup_on(real_build, "--on", "2009-06-01", "--region", "Limousin", "--format", "json"))
    texts = [(t["text"]["text_id"], t["text"]["binding"]) for t in answer["texts"]]
    assert texts == [("IMID0800328A", True), ("IMIN0800012C", False)]  # the binding one first
    opened = {t["text"]["text_id"]: {r["rome_code"] for r in t["opens"]} for t in answer["texts"]}
    # arrêté line 505 "Limousin", line 541 "Installateur-maintenicien en ascenseurs (et autres systèmes
    # automatiques)." (52313); the circular prints 52313 for Limousin at line 478.
    assert "52313" in opened["IMID0800328A"] and "52313" in opened["IMIN0800012C"]
    assert len(opened["IMID0800328A"]) == 23


def test_on_2012_06_01_in_limousin_the_2011_arrete_answers(real_build):
    answer = json.loads(lookup_on(real_build, "--on", "2012-06-01", "--region", "Limousin", "--format", "json"))
    assert [t["text"]["text_id"] for t in answer["texts"]] == ["ETSD1120263A"]
    lines = {r["source_line"]: (r["label_as_printed"], r["rome_v3_code"]) for r in answer["texts"][0]["opens"]}
    assert len(lines) == 14  # a national list: the same in every region
    # ETSD1120263A-2011-08-11/annexe/article-.md line 13 "Dessin BTP.", line 15 "Marchandisage."
    assert lines[13] == ("Dessin BTP.", "F1104") and lines[15] == ("Marchandisage.", "D1506")
    table = lookup_on(real_build, "--on", "2012-06-01", "--region", "Limousin")
    assert "a national list: in every region" in table and "IMID0800328A" not in table


def test_a_code_of_either_rome_version(real_build):
    # ETSD1120263A annexe line 25: "Conception et dessin de produits électriques et électroniques." (H1202);
    # the crosswalk sends v2 52132 and 52133 to H1202.
    for code in ("H1202", "52132"):
        answer = json.loads(lookup_on(real_build, "--on", "2012-06-01", "--rome", code, "--format", "json"))
        assert [r["source_line"] for r in answer["texts"][0]["opens"]] == [25]


@pytest.mark.parametrize("day", ["2007-12-31", "2008-01-17"])
def test_before_2008_01_18_no_list_applies(real_build, day):
    answer = lookup_on(real_build, "--on", day, "--region", "Limousin", code=1)
    assert "no list applies" in answer


def test_the_eu_lists_by_nationality(real_build):
    answer = json.loads(lookup_on(real_build, "--on", "2009-06-01", "--nationality", "Roumanie", "--format", "json"))
    annex, article = answer["texts"]
    # v793f6c58/annexe/article-.md line 5 "LISTE DES 150 MÉTIERS"; v793f6c58/article-1.md line 3 "... de Bulgarie
    # et de Roumanie ..."
    assert (annex["text"]["version"], len(annex["opens"])) == ("793f6c58", 150)
    assert article["text"]["names_state"] is True
    answer = json.loads(lookup_on(real_build, "--on", "2013-06-01", "--nationality", "HR", "--format", "json"))
    annex, article = answer["texts"]
    assert (annex["text"]["version"], len(annex["opens"])) == ("ec7f7b3a", 291)  # vec7f7b3a line 3: 291
    assert article["text"]["names_state"] is False  # the dated wording names 10 states, not Croatia
    assert {w["version"]: w["names_state"] for w in answer["undated_wordings"]} == {"6525003d": True,
                                                                                  "ec7f7b3a": False}


def test_the_duckdb_macro(real_build):
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT text_id, version, part FROM lists_in_force(DATE '2012-06-01')").fetchall()
        assert rows == [("IMID0800327A", "793f6c58", "annex"), ("IMID0800327A", "793f6c58", "article-1"),
                        ("ETSD1120263A", "0e0c3654", "annex")]  # binding first, then by series
        assert con.execute("SELECT count(*) FROM lists_in_force('2008-01-17')").fetchone() == (1,)  # the circular
    finally:
        con.close()


@pytest.mark.parametrize(("args", "said"), [
    (["--on", "2009-13-01"], "--on '2009-13-01' is not a date YYYY-MM-DD"),
    (["--nationality", "RO", "--region", "74"], "--nationality goes with --on"),
    (["--on", "2010-01-01", "--nationality", "Germany"], "not a state IMID0800327A's article 1 names"),
    (["--on", "2010-01-01", "--rome", "5231"], "a ROME v2 code is five digits"),
])
def test_lookup_on_usage_errors(real_build, args, said):
    run = cli("lookup", "--out", real_build, *args)
    assert run.returncode == 2 and said in run.stderr
