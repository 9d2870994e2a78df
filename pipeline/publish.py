"""Stage 4, the only one that writes: CSV, Parquet, DuckDB and their manifest, staged then moved into place.

Everything is written to a staging folder inside the output folder, then each file is moved into
place with os.replace (atomic on one file system), the manifest last. A failed or killed build
leaves the files readers see whole: the old ones or the new ones.
"""
import contextlib
import csv
import fcntl
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import datapackage, dictionary, picture, views
from pipeline.paths import DUCKDB_NAME

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "number": pa.float64()}
SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "number": "DOUBLE"}
LOCK_NAME = ".lock"


@contextlib.contextmanager
def lock(out: Path):
    """Hold the output folder's lock: a second build waits for the first to finish."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {out} to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def staging(out: Path):
    """A fresh staging folder inside `out`, removed on the way out whatever happens.

    Called under the lock: any other staging folder was left by a killed build, and goes.
    """
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def cell(value, kind: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        return f"{value:.3f}"
    return str(value)


def csv_text(frame: pd.DataFrame, table: str) -> str:
    """CSV as published: UTF-8, comma, header row, \\n line ends, codes as text, missing values empty."""
    kinds = [c["type"] for c in dictionary.columns(table)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        writer.writerow([cell(v, k) for v, k in zip(values, kinds)])
    return buffer.getvalue()


def arrow_table(frame: pd.DataFrame, table: str) -> pa.Table:
    schema = pa.schema([(c["name"], ARROW_TYPES[c["type"]]) for c in dictionary.columns(table)])
    arrays = [pa.array(frame[name].astype(object).where(frame[name].notna(), None).tolist(), type=schema.field(name).type)
              for name in schema.names]
    return pa.Table.from_arrays(arrays, schema=schema)


def matrix_csv(matrix: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(matrix.columns)
    writer.writerows(matrix.itertuples(index=False, name=None))
    return buffer.getvalue().encode()


def write(tables: dict[str, pd.DataFrame], stage: Path) -> None:
    """Write every published file into the staging folder."""
    (stage / "csv").mkdir()
    (stage / "parquet").mkdir()
    csv_files, arrows = {}, {}
    for name, frame in tables.items():
        csv_files[name] = csv_text(frame, name).encode()
        arrows[name] = arrow_table(frame, name)
        pq.write_table(arrows[name], stage / "parquet" / f"{name}.parquet", compression="zstd")
    matrix = picture.wide(tables["openings"], tables["regions"], tables["occupations"])
    csv_files["openings_matrix"] = matrix_csv(matrix)
    for name, data in csv_files.items():
        (stage / "csv" / f"{name}.csv").write_bytes(data)
    codes = [c for c in matrix.columns if c not in ("source_id", "region_code", "region_name")]
    package = datapackage.descriptor(csv_files, tables["sources"], codes)
    (stage / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    (stage / "openings.png").write_bytes(picture.png(matrix, tables["occupations"], tables["sources"]))
    write_duckdb(arrows, stage / DUCKDB_NAME)


def write_duckdb(arrows: dict[str, pa.Table], path: Path) -> None:
    """The DuckDB file: one table per published table, loaded in bulk, with comments and views."""
    con = duckdb.connect(str(path))
    try:
        for name, arrow in arrows.items():
            con.register("staged", arrow)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM staged')
            con.unregister("staged")
        codes = sorted(set(arrows["openings"].column("rome_code").to_pylist()))
        for statement in views.comments() + views.definitions(codes):
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(stage: Path, sources: pd.DataFrame) -> bytes:
    """Every published file with its sha256, and the sources it was built from."""
    files = sorted(p for p in stage.rglob("*") if p.is_file() and "data-docs" not in p.parts)
    return (json.dumps({
        "sources": [{"source_id": s, "file": f, "sha256": h}
                    for s, f, h in zip(sources.source_id, sources.file, sources.sha256)],
        "files": [{"path": p.relative_to(stage).as_posix(), "sha256": sha256(p)} for p in files],
    }, indent=2, ensure_ascii=False) + "\n").encode()


def commit(stage: Path, out: Path, sources: pd.DataFrame) -> None:
    """Move the staged files into place, one atomic rename each, the manifest last."""
    (stage / "manifest.json").write_bytes(manifest(stage, sources))
    for folder in ("csv", "parquet"):
        (out / folder).mkdir(exist_ok=True)
        fresh = {p.name for p in (stage / folder).iterdir()}
        for old in (out / folder).iterdir():
            if old.is_file() and old.name not in fresh:
                old.unlink()
    staged = sorted((p for p in stage.rglob("*") if p.is_file() and "data-docs" not in p.parts),
                    key=lambda p: p.name == "manifest.json")
    if (stage / "data-docs").is_dir():
        replace_folder(stage / "data-docs", out / "data-docs")
    for path in staged:
        target = out / path.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


def replace_folder(new: Path, target: Path) -> None:
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
