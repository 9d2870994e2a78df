import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from pipeline.core import dictionary
from pipeline.core.errors import OutputError
from pipeline.core.paths import Layout
from pipeline.publish import picture
from pipeline.publish import writers as publish
from pipeline.publish.datapackage import descriptor, fingerprint, releases, texts
from pipeline.serve.prepare import checked, extracted, prepare
from tests.helpers import (
    ROOT,
    committed,
    committed_names,
    curation,
    mini_circular,
    parsed,
    records,
)


@pytest.fixture(scope="module")
def prepared():
    return prepare(Layout())


def digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in (".csv", ".parquet", ".json", ".duckdb")}


def test_two_builds_are_byte_identical(prepared, real_build, tmp_path):
    """Published here, and by the real build (another process, another time, another folder)."""
    publish.write(prepared.tables, tmp_path, prepared.intermediate)
    here, there = digests(tmp_path), digests(real_build)
    assert len(here) == 2 * 14 + 2 + 4 + 1 and here == {name: there.get(name) for name in here}
    assert str(tmp_path) not in (tmp_path / "datapackage.json").read_text(encoding="utf-8")


PUBLISHED_DIGESTS = """
import hashlib, io, json, sys
import pyarrow.parquet as pq
from pipeline.core import dictionary
from pipeline.publish import writers as publish
from pipeline.core.paths import Layout
from pipeline.serve.prepare import prepare

def digests(tables):
    out = {}
    for name in dictionary.tables():
        parquet = io.BytesIO()
        pq.write_table(publish.arrow_table(tables[name], name), parquet)
        out[name] = [hashlib.sha256(publish.csv_text(tables[name], publish.types_of(name)).encode()).hexdigest(),
                     hashlib.sha256(parquet.getvalue()).hexdigest()]
    return out

if __name__ == "__main__":
    tables = prepare(Layout()).tables
    import pandas as pd
    print(json.dumps([pd.Series(["text"], dtype="string").dtype.storage, digests(tables)]))
"""


def test_text_held_by_pyarrow_is_published_the_same(prepared):
    """The programs and the tests hold all text in Python (pipeline.serve.cli.python_strings); a library user's pandas
    holds the text of its working tables in pyarrow (in a fresh interpreter): the same CSV and Parquet."""
    run = subprocess.run([sys.executable, "-c", PUBLISHED_DIGESTS], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    namespace = {"__name__": "digests"}
    exec(PUBLISHED_DIGESTS, namespace)
    assert json.loads(run.stdout) == ["pyarrow", namespace["digests"](prepared.tables)]
    assert pd.Series(["text"], dtype="string").dtype.storage == "python"


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
    assert len(report["tasks"]) == 15


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
    # the panels (pipeline.publish.picture): the circular's from about 25 % to 61 % of the width, the arrêté's from 63 %
    left = colours(image.crop((0, 0, int(width * 0.62), int(height * 0.9))))  # above the legend
    right = colours(image.crop((int(width * 0.62), 0, width, int(height * 0.9))))
    national, both, regional = (picture.COLOURS[b] for b in ("national", "both", "regional"))
    assert {national, both, regional} <= left
    assert regional in right and not {national, both} & right


@pytest.fixture(scope="module")
def mini():
    """The tables of a small circular (two regional lists), checked as a build checks them."""
    sources, layer = extracted([parsed(mini_circular(), "circulaire", "TEST")])
    return checked(sources, layer, curation(), {})[0], layer


@pytest.fixture(scope="module")
def mini_published(mini, tmp_path_factory):
    """The folder the mini tables are published into (once for the tests that read it)."""
    tables, layer = mini
    folder = tmp_path_factory.mktemp("mini")
    publish.write(tables, folder, layer)
    return folder


@pytest.mark.parametrize("value, kind, text", [
    (None, "string", ""), (pd.NA, "integer", ""), (float("nan"), "number", ""), (True, "boolean", "true"),
    (False, "boolean", "false"), (2 / 3, "number", "0.667"), (0.0, "number", "0.000"), (7, "integer", "7"),
    ("52313", "string", "52313"), (1.5, "string", "1.5"),
])
def test_a_cell_as_published(value, kind, text):
    assert publish.cell(value, kind) == text


def test_csv_text_quotes_what_needs_it_and_ends_lines_with_newlines():
    frame = pd.DataFrame({"a": ["x,y", None, 'say "hi"'], "b": [True, pd.NA, False]})
    assert publish.csv_text(frame, ["string", "boolean"]) == 'a,b\n"x,y",true\n,\n"say ""hi""",false\n'


def test_write_publishes_every_file_in_every_format(mini, mini_published):
    (tables, layer), out = mini, mini_published
    names = list(dictionary.tables())
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        [f"csv/{n}.csv" for n in names + ["openings_matrix"]] + [f"parquet/{n}.parquet" for n in names]
        + ["intermediate/printed_lists.parquet", "intermediate/printed_rows.parquet", "datapackage.json",
           "openings.png", "metiers.duckdb", "site/index.html"])
    assert (out / "csv" / "regions.csv").read_text(encoding="utf-8") == \
        publish.csv_text(tables["regions"], publish.types_of("regions"))
    matrix = tables["openings_matrix"]
    assert (out / "csv" / "openings_matrix.csv").read_text(encoding="utf-8") == \
        publish.csv_text(matrix, ["string"] * len(matrix.columns))
    for folder, name in [("parquet", "regions"), ("parquet", "occupations"), ("intermediate", "printed_rows")]:
        stored = pq.ParquetFile(out / folder / f"{name}.parquet")
        assert stored.metadata.row_group(0).column(0).compression == "ZSTD"
        table = stored.read()
        assert [(f.name, str(f.type)) for f in table.schema] == [
            (c["name"], {"string": "string", "integer": "int64", "boolean": "bool", "number": "double"}[c["type"]])
            for c in dictionary.columns(name)]
        frame = (tables if folder == "parquet" else layer)[name]
        assert table.to_pylist() == as_dicts(frame) and len(frame) > 0
    text = (out / "datapackage.json").read_text(encoding="utf-8")
    package = json.loads(text)
    assert [r["name"] for r in package["resources"]] == names + ["openings_matrix"]
    assert text == json.dumps(package, indent=2, ensure_ascii=False) + "\n" and "é" in text
    assert (out / "openings.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Limousin" in (out / "site" / "index.html").read_text(encoding="utf-8")


def as_dicts(frame: pd.DataFrame) -> list[dict]:
    return [dict(zip(frame.columns, row)) for row in records(frame, list(frame.columns))]


def test_the_duckdb_file_holds_every_table_the_matrix_the_views_and_their_comments(mini, mini_published):
    (tables, _), out = mini, mini_published
    con = duckdb.connect(str(out / "metiers.duckdb"), read_only=True)
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    assert kinds == {**{n: "BASE TABLE" for n in [*dictionary.tables(), "openings_matrix"]},
                     **{n: "VIEW" for n in dictionary.views()}}
    for name in dictionary.tables():
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (len(tables[name]),), name
    assert con.execute("SELECT * FROM regions ORDER BY region_code").fetchdf().pipe(as_dicts) == \
        tables["regions"].sort_values("region_code").pipe(as_dicts)
    matrix = tables["openings_matrix"]
    assert publish.matrix_codes(matrix) == list(matrix.columns[3:]) and len(matrix.columns) > 3
    stored = con.execute("SELECT * FROM openings_matrix").fetchall()
    assert stored == [tuple(None if v == "" else v for v in row) for row in matrix.itertuples(index=False)]
    assert con.execute("SELECT count(*) FROM regions_2016").fetchone() == (2,)
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'regions'").fetchone() == \
        (dictionary.tables()["regions"]["description"],)
    assert con.execute("SELECT comment FROM duckdb_views() WHERE view_name = 'regions_2016'").fetchone() == \
        (dictionary.views()["regions_2016"]["description"],)
    # The code columns are described once, in the table's comment (a comment each would cost the square of the
    # codes); the three key columns each have theirs.
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'openings_matrix'").fetchone() == (
        "The openings as a wide table for spreadsheets: one row per source and region, one column per ROME code. "
        "Each column after region_name is named by a ROME code: why ROME <code> is open in the region (national, "
        "regional, both); NULL if not.",)
    assert con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'openings_matrix' AND "
                       "comment IS NOT NULL").fetchall() == [
        ("source_id", "Source of the lists."), ("region_code", "INSEE code (2008) of the region."),
        ("region_name", "Official name of the region (2008).")]
    con.close()
    assert not (out / "metiers.duckdb.wal").exists()


@pytest.mark.parametrize("message, said", [("could not write\nsecond line", "could not write"),
                                           ("", "IOException")])
def test_a_database_that_cannot_be_written_is_an_output_error(monkeypatch, tmp_path, message, said):
    def fails(*_):
        raise duckdb.IOException(message)

    monkeypatch.setattr(publish, "fill_duckdb", fails)
    with pytest.raises(OutputError) as info:
        publish.write_duckdb({}, pd.DataFrame(), tmp_path / "metiers.duckdb")
    assert str(info.value) == (f"metiers.duckdb: DuckDB could not write the database ({said}): check the free space "
                               "and build again")


def test_arrow_tables_take_the_declared_types_not_what_the_values_look_like(mini):
    regions = mini[0]["regions"].astype({"region_code": object})
    assert publish.arrow_table(regions, "regions").column("region_code").to_pylist() == ["74", "94"]
    regions["region_code"] = [74, 94]
    with pytest.raises(pa.ArrowTypeError):
        publish.arrow_table(regions, "regions")


def test_the_descriptor_of_the_committed_csvs_is_the_committed_datapackage():
    """datapackage.descriptor alone, without a build: the committed CSVs described as they were published."""
    csvs = {Path(name).stem: committed(f"build/csv/{name}") for name in committed_names("build/csv")}
    sources = pd.read_csv(io.BytesIO(csvs["sources"]), dtype=str, keep_default_na=False)
    codes = [c for c in csvs["openings_matrix"].decode().splitlines()[0].split(",")
             if c not in ("source_id", "region_code", "region_name")]
    package = json.dumps(descriptor(csvs, sources, codes), indent=2, ensure_ascii=False) + "\n"
    assert package.encode() == committed("build/datapackage.json")


@pytest.mark.parametrize(("text", "said"), [
    (None, "no release line '## [x.y.z] ... data fingerprint `...`'"),  # no changelog
    ("# Changelog\n## Unreleased\n", "no release line '## [x.y.z] ... data fingerprint `...`'"),
    ("## [１.0.0] - data fingerprint `0123456789abcdef`\n", "no release line '## [x.y.z] ... data fingerprint `...`'"),
    ("## [1.2.0] - data fingerprint `0123456789abcdef`\n## [1.1.0] - data fingerprint `fedcba9876543210`\n",
     [("1.2.0", "0123456789abcdef"), ("1.1.0", "fedcba9876543210")]),
])
def test_releases_are_read_from_the_changelog_newest_first(tmp_path, text, said):
    from pipeline.core.errors import CurationError

    path = tmp_path / "CHANGELOG.md"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    if isinstance(said, list):
        assert releases(path) == said
        return
    with pytest.raises(CurationError) as refused:
        releases(path)
    assert str(refused.value) == f"{path}: {said}"


@pytest.mark.parametrize(("ids", "named"), [
    (["A"], "circulaire A"), (["B", "A"], "circulaire A and arrêté B"),
    (["B", "A", "C"], "circulaire A, circulaire C and arrêté B"),
    (["B", "A", "C", "D"], "circulaire A, circulaire C, circulaire D and arrêté B"),
])
def test_the_package_title_names_each_source_by_kind_then_id(ids, named):
    sources = pd.DataFrame({"source_id": ids, "kind": ["arrete" if i == "B" else "circulaire" for i in ids]})
    assert texts(sources, {"circulaire": "circulaire", "arrete": "arrêté"}) == named
