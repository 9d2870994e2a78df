"""The real sources, built once: facts verified by reading the circular and the arrêté by hand."""
import hashlib
from pathlib import Path

import pandas as pd

from pipeline.prepare import findings_summary
from tests.helpers import committed, committed_names, read_table

CIRC, ARR = "IMIN0800012C", "IMID0800328A"
# Rows printed under each region's heading in the circular, and the count its header states (read by hand).
PRINTED = {"11": (29, 29), "21": (23, 23), "22": (13, 13), "23": (21, 21), "25": (11, 11), "24": (25, 25),
           "26": (20, 20), "31": (17, 17), "41": (17, 17), "42": (29, 29), "43": (20, 20), "52": (21, 21),
           "53": (13, 13), "54": (20, 20), "72": (15, 15), "73": (21, 21), "74": (18, 20), "82": (29, 29),
           "83": (16, 16), "91": (17, 17), "93": (24, 24), "94": (8, 8)}


def test_listings_row_counts(real_build):
    listings = read_table(real_build, "listings")
    assert (listings.source_id == CIRC).sum() == 433
    assert ((listings.source_id == CIRC) & (listings.list_scope == "national")).sum() == 6
    assert (listings.source_id == ARR).sum() == 478


def test_regions_stated_and_printed_counts(real_build):
    regions = read_table(real_build, "regions")
    circ = regions[regions.source_id == CIRC].set_index("region_code")
    assert {code: (int(r.listed_count), int(r.stated_count)) for code, r in circ.iterrows()} == PRINTED
    assert circ.loc["11", ["region_name", "region_name_as_printed"]].tolist() == ["Île-de-France", "Ile de France"]
    assert circ.loc["21", ["region_name", "region_name_as_printed"]].tolist() == ["Champagne-Ardenne", "Champagne"]
    assert circ.loc["74", ["region_2016_code", "region_2016_name"]].tolist() == ["75", "Nouvelle-Aquitaine"]
    # Limousin: 18 rows, of which 61232 is nationwide too; with the other 5 nationwide codes, 23 open.
    assert circ.loc[["11", "74", "94"], "open_count"].tolist() == ["29", "23", "12"]
    assert regions[regions.source_id == ARR].stated_count.eq("").all()


def test_the_mistyped_code_is_corrected_and_kept_as_printed(real_build):
    listings = read_table(real_build, "listings")
    row = listings[(listings.source_id == CIRC) & (listings.source_line == "106")].iloc[0]
    assert (row.region_code, row.rome_code_as_printed, row.rome_code) == ("11", "52213", "52313")
    assert row.label == "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    occupations = read_table(real_build, "occupations")
    assert "52213" not in set(occupations.rome_code)
    assert (occupations.source_id == CIRC).sum() == 32


def test_canonical_label_and_variants(real_build):
    occupations = read_table(real_build, "occupations").set_index(["source_id", "rome_code"])
    row = occupations.loc[(CIRC, "52121")]
    assert row.label == "Dessinateur-projeteur de la construction mécanique et du travail des métaux"
    assert row.label_variants.split("|") == [
        "Dessinateur-projeteur de la construction mécanique et du travail des métaux",
        "Dessinateur-projet construction mécanique", "Dessinateur-projeteur construction mécanique"]
    national = occupations.loc[CIRC][occupations.loc[CIRC].in_national_list == "true"].index.tolist()
    assert national == ["32112", "32321", "32331", "61223", "61231", "61232"]


def test_openings_basis(real_build):
    openings = read_table(real_build, "openings").set_index(["source_id", "region_code", "rome_code"]).basis
    assert openings[(CIRC, "74", "61232")] == "both"
    assert openings[(CIRC, "74", "61223")] == "national"
    assert openings[(CIRC, "24", "61224")] == "regional"
    assert (CIRC, "74", "52151") not in openings.index
    assert len(openings.loc[CIRC]) == 22 * 6 + 433 - 6 - 79


def test_findings_of_the_real_sources(real_build):
    f = read_table(real_build, "findings")
    circ = f[f.source_id == CIRC]
    key = {(r.check, r.status, r.region_code, r.rome_code, r.source_line) for r in circ.itertuples()
           if r.check not in ("national_repeated", "source_difference")}
    assert key == {
        ("count_mismatch", "acknowledged", "74", "", "463"),
        ("code_label_conflict", "corrected", "11", "52213", "106"),
        ("out_of_order", "corrected", "11", "52213", "106"),
        ("single_region", "corrected", "11", "52213", "106"),
        ("region_name_variant", "corrected", "11", "", "82"),
        ("region_name_variant", "corrected", "21", "", "115"),
        ("label_variant", "acknowledged", "", "52121", "97"),
        ("label_variant", "acknowledged", "", "52313", "318"),
        ("single_region", "open", "24", "61224", "224"),
        ("single_region", "open", "31", "52151", "264"),
    }
    assert (circ.check == "national_repeated").sum() == 79
    assert not ((f.severity == "error") & (f.status == "open")).any()


def test_committed_csvs_are_reproduced_byte_for_byte(real_build):
    names = committed_names("build/csv")
    assert "listings.csv" in names, "build/csv/ is committed"
    for name in names:
        fresh = (real_build / "csv" / name).read_bytes()
        assert hashlib.sha256(fresh).hexdigest() == hashlib.sha256(committed(f"build/csv/{name}")).hexdigest(), name
    assert sorted(p.name for p in (real_build / "csv").glob("*.csv")) == names


def test_csv_format(real_build):
    for path in (real_build / "csv").glob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data, path.name
        data.decode("utf-8")
    sources = read_table(real_build, "sources")
    assert sources.columns.tolist()[:8] == ["source_id", "kind", "title", "date", "nor", "file", "format", "sha256"]


def test_data_docs_show_every_suite_passing(real_build):
    index = Path(real_build / "data-docs" / "index.html").read_text(encoding="utf-8")
    for table in ("sources", "listings", "regions", "occupations", "openings", "findings", "label_matches",
                  "source_differences", "openings_by_region"):
        assert f"success_text': 'Success', 'asset_name': '{table}'" in index
    assert index.count("ge-success-icon") == 9
    assert "Failure" not in index


def test_differences_between_the_circular_and_the_arrete(real_build):
    """Read by hand: in six regions the circular prints 14312 where the arrêté prints 14232; the circular's
    Centre list has 61224 and its Nord-Pas-de-Calais list 52151, which the arrêté never prints."""
    diff = read_table(real_build, "source_differences")
    got = {(r.region_code, r.rome_code, r.in_a, r.in_b) for r in diff.itertuples()}
    swapped = {"25", "41", "43", "52", "83", "93"}
    assert got == {(r, "14312", "true", "false") for r in swapped} | \
        {(r, "14232", "false", "true") for r in swapped} | \
        {("24", "61224", "true", "false"), ("31", "52151", "true", "false")}
    assert set(diff.source_id_a) == {CIRC} and set(diff.source_id_b) == {ARR}
    findings = read_table(real_build, "findings")
    assert ((findings.check == "source_difference") & (findings.severity == "warning")).sum() == 14


def test_the_arrete_as_a_source(real_build):
    regions = read_table(real_build, "regions")
    arr = regions[regions.source_id == ARR].set_index("region_code")
    assert len(arr) == 22
    assert arr.loc["74", ["listed_count", "open_count"]].tolist() == ["23", "23"]
    assert arr.loc["31", "region_name_as_printed"] == "Nord - Pas-de-Calais"
    listings = read_table(real_build, "listings")
    assert (listings[listings.source_id == ARR].rome_code_as_printed == "").all()


def test_openings_by_region_answers_in_one_file(real_build):
    """Read by hand: Limousin prints 52313 in its own list in the circular (line 478) and in the arrêté."""
    table = read_table(real_build, "openings_by_region")
    assert table.columns.tolist() == ["source_id", "binding", "region_code", "region_name", "region_2016_code",
                                      "region_2016_name", "rome_code", "label", "basis"]
    label = "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    assert table[(table.region_name == "Limousin") & (table.rome_code == "52313")].values.tolist() == [
        [ARR, "true", "74", "Limousin", "75", "Nouvelle-Aquitaine", "52313", label, "regional"],
        [CIRC, "false", "74", "Limousin", "75", "Nouvelle-Aquitaine", "52313", label, "regional"]]
    openings = read_table(real_build, "openings")
    key = ["source_id", "region_code", "rome_code", "basis"]
    assert table[key].values.tolist() == openings[key].values.tolist()


def test_the_build_summary_counts_by_severity_and_status(real_build):
    """From the README's table of defects: 14 open warnings (source_difference), 79 national_repeated and 2
    single_region open infos; 6 acknowledged (count_mismatch, 5 label_variant); 7 corrected (three on the
    52213 misprint, four region names)."""
    assert findings_summary(read_table(real_build, "findings")) == \
        "0 errors, 14 warnings, 81 info (6 acknowledged, 7 corrected)"


def test_the_summary_says_one_error_and_nothing_dealt_with():
    found = pd.DataFrame({"severity": ["error", "warning", "info"], "status": ["open", "open", "open"]})
    assert findings_summary(found) == "1 error, 1 warning, 1 info"
    found = pd.DataFrame({"severity": ["error", "error"], "status": ["acknowledged", "open"]})
    assert findings_summary(found) == "1 error, 0 warnings, 0 info (1 acknowledged)"
