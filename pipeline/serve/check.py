"""`check`, first part: is a published build whole? Every file against manifest.json, and every table
the same in each format it is published in (CSV, Parquet, DuckDB), rendered through the CSV writer."""
import json
from pathlib import Path

import pandas as pd

from pipeline.core import dictionary
from pipeline.core.errors import PublishedError
from pipeline.core.hashing import published_sha256, sha256
from pipeline.core.paths import DUCKDB_NAME
from pipeline.publish import views
from pipeline.publish.workspace import MANIFEST, entries, read_manifest
from pipeline.publish.writers import csv_text, types_of
from pipeline.transform import normalize


def files(out: Path, manifest: dict) -> list[str]:
    """Each published file that is missing, changed since the build, or not the build's."""
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    problems = []
    for name, digest in listed.items():
        path = out / name
        actual = published_sha256(path) if path.is_file() else None
        if actual is None:
            problems.append(f"{path}: missing, though manifest.json lists it")
        elif actual != digest:
            problems.append(f"{path}: differs from manifest.json (sha256 {actual}, recorded {digest}): "
                            "changed after the build; rebuild with `make build`")
    problems += [f"{out / name}: not listed in manifest.json: not written by this build" for name in entries(out)
                 if name not in listed and name != MANIFEST]
    return problems


def formats(out: Path, manifest: dict) -> list[str]:
    """Each published file that disagrees with another: every table's Parquet file and DuckDB table must
    render to its CSV's bytes, the openings matrix must be the one its tables make, the data package must
    record each CSV's hash, and the DuckDB file must hold exactly the declared tables, columns and views,
    each view giving what it gives on the Parquet tables."""
    import duckdb

    tables = {name: dictionary.conform(pd.read_parquet(out / "parquet" / f"{name}.parquet"), name)
              for name in dictionary.tables()}
    from pipeline.serve.duck import READING

    con = duckdb.connect(str(out / DUCKDB_NAME), read_only=True, config=READING)
    try:
        problems = [f"{path}: table {name} differs from csv/{name}.csv"
                    for name, frame in tables.items()
                    for path, copy in ((out / "parquet" / f"{name}.parquet", frame),
                                       (out / DUCKDB_NAME, con.execute(f'SELECT * FROM "{name}"').df()))
                    if render(copy, name) != (out / "csv" / f"{name}.csv").read_bytes()]
        matrix = normalize.openings_matrix(tables["openings"], tables["regions"], tables["occupations"])
        published = con.execute('SELECT * FROM "openings_matrix"').df().fillna("")
        for path, copy in ((out / "csv" / "openings_matrix.csv", None), (out / DUCKDB_NAME, published)):
            text = (out / "csv" / "openings_matrix.csv").read_bytes() if copy is None else plain_csv(copy)
            if text != plain_csv(matrix):
                problems.append(f"{path}: openings_matrix differs from the one its tables make")
        problems += package(out) + database(con, tables, out / DUCKDB_NAME) + sources(out, manifest, tables["sources"])
    finally:
        con.close()
    return problems


def render(frame: pd.DataFrame, name: str) -> bytes:
    return csv_text(dictionary.conform(frame, name), types_of(name)).encode()


def plain_csv(frame: pd.DataFrame) -> bytes:
    return csv_text(frame.astype(str), ["string"] * len(frame.columns)).encode()


def sources(out: Path, manifest: dict, table: pd.DataFrame) -> list[str]:
    """The manifest's record of the sources the build read against the published sources table."""
    recorded = {(s.get("source_id"), s.get("file"), s.get("sha256")) for s in manifest["sources"]}
    published = set(zip(table.source_id, table.file, table.sha256))
    return [] if recorded == published else [f"{out / MANIFEST}: its sources (sha256) differ from the published "
                                             "sources table"]


def package(out: Path) -> list[str]:
    """The data package's record of each CSV (its hash) against the CSV."""
    described = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    return [f"{out / resource['path']}: differs from its hash in datapackage.json"
            for resource in described["resources"]
            if resource["hash"] != f"sha256:{sha256(out / resource['path'])}"]


def database(con, tables: dict[str, pd.DataFrame], path: Path) -> list[str]:
    """The DuckDB file's tables, columns and views against the declarations, each view's rows against
    the same view on the Parquet tables."""
    import duckdb

    problems = []
    found = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if found != {*dictionary.tables(), "openings_matrix"}:
        problems.append(f"{path}: holds tables {sorted(found)}, not the declared ones")
    shown = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    if shown != set(views.VIEWS):
        problems.append(f"{path}: holds views {sorted(shown)}, not the declared ones")
    for name in dictionary.tables():
        columns = [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                             "ORDER BY column_index", [name]).fetchall()]
        if columns != [c["name"] for c in dictionary.columns(name)]:
            problems.append(f"{path}: table {name} has columns {columns}, not the declared ones")
    fresh = duckdb.connect()
    try:
        for name, frame in tables.items():
            fresh.register(name, frame)
        for statement in views.definitions():
            fresh.execute(statement)
        problems += [f"{path}: view {name} differs from the same view on the Parquet tables" for name in views.VIEWS
                     if name in shown and not con.execute(f'SELECT * FROM "{name}"').df().equals(
                         fresh.execute(f'SELECT * FROM "{name}"').df())]
    finally:
        fresh.close()
    return problems


def verify(out: Path) -> list[str]:
    """Every problem that makes a published build untrustworthy; none for a whole build."""
    manifest = read_manifest(out / MANIFEST)
    if manifest is None:
        raise PublishedError("no build manifest here (or not this pipeline's): run `make build` first",
                             out / MANIFEST)
    return files(out, manifest) or formats(out, manifest)
