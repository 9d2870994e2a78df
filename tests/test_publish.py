import hashlib
import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from PIL import Image

from pipeline import picture, publish
from pipeline.prepare import prepare
from pipeline.datapackage import fingerprint, releases
from pipeline.paths import Layout
from tests.helpers import committed


@pytest.fixture(scope="module")
def prepared():
    return prepare(Layout())


def digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in (".csv", ".parquet", ".json")}


def test_two_builds_are_byte_identical(prepared, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        publish.write(prepared.tables, tmp_path / name, prepared.intermediate)
    first, second = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(first) == 2 * 9 + 2 + 2 and first == second
    assert str(tmp_path) not in (tmp_path / "a" / "datapackage.json").read_text(encoding="utf-8")


def test_csv_cells(prepared):
    text = publish.csv_text(prepared.tables["occupations"], publish.types_of("occupations"))
    assert text.splitlines()[0] == ("source_id,rome_code,label,label_variants,in_national_list,regions_listing,"
                                    "label_variant_count")
    assert "IMIN0800012C,32112,Cadre de l'audit et du contrôle comptable et financier," in text
    assert ",true," in text and ",false," in text


def test_the_committed_datapackage_is_valid_and_reproduced(real_build):
    assert (real_build / "datapackage.json").read_bytes() == committed("build/datapackage.json")
    run = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                         cwd=real_build, capture_output=True, text=True)
    report = json.loads(run.stdout)
    assert report["valid"], [t["errors"][:3] for t in report["tasks"] if t["errors"]]
    assert len(report["tasks"]) == 10


def test_data_changes_need_a_new_release(real_build):
    csvs = {p.stem: p.read_bytes() for p in (real_build / "csv").glob("*.csv")}
    version, recorded = releases()[0]
    package = json.loads((real_build / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == version
    assert fingerprint(csvs) == recorded, (
        "the published data changed: add a release to CHANGELOG.md with the new data fingerprint "
        f"{fingerprint(csvs)} and a new version")


def test_views_answer_the_common_questions(real_build):
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM regions_2016").fetchone() == (22,)
    assert con.execute("SELECT count(DISTINCT region_2016_code) FROM regions_2016").fetchone() == (13,)
    matrix = con.execute("SELECT \"61224\" FROM openings_matrix WHERE source_id = 'IMIN0800012C' "
                         "AND region_code = '24'").fetchone()
    assert matrix == ("regional",)
    side = con.execute("SELECT count(*) FROM sources_side_by_side WHERE in_a <> in_b").fetchone()
    assert side == (14,)
    assert con.execute("SELECT count(*) FROM findings_in_source WHERE printed_code = '52213'").fetchone()[0] == 3


def test_matrix_csv_and_picture(real_build):
    matrix = pd.read_csv(real_build / "csv" / "openings_matrix.csv", dtype=str, keep_default_na=False)
    assert matrix.shape == (44, 3 + 32)
    assert list(matrix.columns[3:9]) == ["32112", "32321", "32331", "61223", "61231", "61232"]
def test_one_matrix_for_the_csv_and_duckdb(real_build):
    """The DuckDB table is the CSV's frame: same columns in the same order, NULL where the CSV is empty."""
    csv_matrix = pd.read_csv(real_build / "csv" / "openings_matrix.csv", dtype=str, keep_default_na=False)
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    table = con.execute("SELECT * FROM openings_matrix").fetchdf()
    assert list(table.columns) == list(csv_matrix.columns)
    assert table.fillna("").astype(str).values.tolist() == csv_matrix.values.tolist()


def test_openings_by_region_is_the_published_table_in_duckdb(real_build):
    con = duckdb.connect(str(real_build / "metiers.duckdb"), read_only=True)
    kinds = dict(con.execute("SELECT table_name, 'table' FROM duckdb_tables()").fetchall())
    assert kinds.get("openings_by_region") == "table"
    openings = pd.read_csv(real_build / "csv" / "openings.csv", dtype=str, keep_default_na=False)
    assert con.execute("SELECT count(*) FROM openings_by_region").fetchone()[0] == len(openings)


def colours(image) -> set[str]:
    return {"#%02x%02x%02x" % rgb[:3] for _, rgb in image.getcolors(maxcolors=1 << 20)}


def test_the_picture_shows_the_circular_beside_the_arrete(real_build):
    """The circular has a nationwide list, repeated in regional lists (national and both cells); the arrêté has
    none: its panel, on the right, shows regional cells only."""
    image = Image.open(real_build / "openings.png").convert("RGB")
    width, height = image.size
    # the panels (pipeline.picture): the circular's from about 25 % to 61 % of the width, the arrêté's from 63 %
    left = colours(image.crop((0, 0, int(width * 0.62), int(height * 0.9))))  # above the legend
    right = colours(image.crop((int(width * 0.62), 0, width, int(height * 0.9))))
    national, both, regional = (picture.COLOURS[b] for b in ("national", "both", "regional"))
    assert {national, both, regional} <= left
    assert regional in right and not {national, both} & right
