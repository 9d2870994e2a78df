"""The real sources, built once: facts verified by reading the circular and the arrêté by hand."""
import hashlib
from pathlib import Path

import pandas as pd

from pipeline.serve.prepare import findings_summary
from tests.helpers import FACTS, committed, committed_names, read_table

CIRC, ARR = FACTS["circular"]["source_id"], FACTS["arrete"]["source_id"]


def test_listings_row_counts(real_build):
    listings = read_table(real_build, "listings")
    national = len(FACTS["circular"]["national"]["codes"])
    assert (listings.source_id == CIRC).sum() == national + sum(r["listed"] for r in FACTS["circular"]["regions"])
    assert ((listings.source_id == CIRC) & (listings.list_scope == "national")).sum() == national
    assert (listings.source_id == ARR).sum() == sum(r["listed"] for r in FACTS["arrete"]["regions"])


def test_regions_open_counts_and_2016_regions(real_build):
    """Stated and listed counts, printed names: tests/integration/test_facts.py."""
    regions = read_table(real_build, "regions")
    circ = regions[regions.source_id == CIRC].set_index("region_code")
    assert circ.loc["74", ["region_2016_code", "region_2016_name"]].tolist() == ["75", "Nouvelle-Aquitaine"]
    # Limousin: 18 rows, of which 61232 is nationwide too; with the other 5 nationwide codes, 23 open.
    assert circ.loc[["11", "74", "94"], "open_count"].tolist() == ["29", "23", "12"]
    assert regions[regions.source_id == ARR].stated_count.eq("").all()


def test_occupations_of_the_nationwide_list(real_build):
    occupations = read_table(real_build, "occupations").set_index(["source_id", "rome_code"])
    assert (len(occupations.loc[CIRC]), len(occupations.loc[ARR])) == \
        (FACTS["circular"]["occupations"], FACTS["arrete"]["occupations"])
    national = occupations.loc[CIRC][occupations.loc[CIRC].in_national_list == "true"].index.tolist()
    assert national == ["32112", "32321", "32331", "61223", "61231", "61232"]


def test_openings_basis(real_build):
    openings = read_table(real_build, "openings").set_index(["source_id", "region_code", "rome_code"]).basis
    assert openings[(CIRC, "74", "61232")] == "both"
    assert openings[(CIRC, "74", "61223")] == "national"
    assert openings[(CIRC, "24", "61224")] == "regional"
    assert (CIRC, "74", "52151") not in openings.index
    assert len(openings.loc[CIRC]) == 22 * 6 + 433 - 6 - 79


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
                  "source_differences", "openings_by_region", "texts", "list_entries", "rome_v2_v3", "fap_rome",
                  "edition_findings"):
        assert f"success_text': 'Success', 'asset_name': '{table}'" in index
    assert index.count("ge-success-icon") == 14
    assert "Failure" not in index


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
    """From the table of defects of docs/checks.md: 14 open warnings (source_difference), 79 national_repeated and 2
    single_region open infos; 6 acknowledged (count_mismatch, 5 label_variant); 7 corrected (three on the
    52213 misprint, four region names)."""
    assert findings_summary(read_table(real_build, "findings")) == \
        "0 errors, 14 warnings, 81 info (6 acknowledged, 7 corrected)"


def test_the_summary_says_one_error_and_nothing_dealt_with():
    found = pd.DataFrame({"severity": ["error", "warning", "info"], "status": ["open", "open", "open"]})
    assert findings_summary(found) == "1 error, 1 warning, 1 info"
    found = pd.DataFrame({"severity": ["error", "error"], "status": ["acknowledged", "open"]})
    assert findings_summary(found) == "1 error, 0 warnings, 0 info (1 acknowledged)"
