"""`check`, first part: is a published build whole? Every file against manifest.json, and every table
the same in each format it is published in (CSV, Parquet, DuckDB), rendered through the CSV writer."""
from pathlib import Path

import pandas as pd

from pipeline import dictionary
from pipeline.errors import PublishedError
from pipeline.paths import DUCKDB_NAME
from pipeline.publish import csv_text, types_of
from pipeline.workspace import MANIFEST, files_under, read_manifest, sha256


def files(out: Path) -> list[str]:
    """Each published file that is missing, changed since the build, or not the build's."""
    manifest = read_manifest(out / MANIFEST)
    if manifest is None:
        raise PublishedError("no build manifest here (or not this pipeline's): run `make build` first", out / MANIFEST)
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    problems = []
    for name, digest in listed.items():
        path = out / name
        if not path.is_file():
            problems.append(f"{path}: missing, though manifest.json lists it")
        elif sha256(path) != digest:
            problems.append(f"{path}: differs from manifest.json (sha256 {sha256(path)}, recorded {digest}): "
                            "changed after the build; rebuild with `make build`")
    problems += [f"{out / name}: not listed in manifest.json: not written by this build" for name in files_under(out)
                 if name not in listed and name != MANIFEST]
    return problems


def formats(out: Path) -> list[str]:
    """Each table whose Parquet file or DuckDB table does not render to the published CSV's bytes."""
    import duckdb

    problems = []
    con = duckdb.connect(str(out / DUCKDB_NAME), read_only=True)
    try:
        for table in dictionary.tables():
            published = (out / "csv" / f"{table}.csv").read_bytes()
            copies = {out / "parquet" / f"{table}.parquet": pd.read_parquet(out / "parquet" / f"{table}.parquet"),
                      out / DUCKDB_NAME: con.execute(f'SELECT * FROM "{table}"').df()}
            for path, frame in copies.items():
                rendered = csv_text(dictionary.conform(frame, table), types_of(table)).encode()
                if rendered != published:
                    problems.append(f"{path}: table {table} differs from csv/{table}.csv")
    finally:
        con.close()
    return problems


def verify(out: Path) -> list[str]:
    """Every problem that makes a published build untrustworthy; none for a whole build."""
    return files(out) or formats(out)
