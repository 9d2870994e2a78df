"""Stage 4, the only one that writes: CSV, Parquet, DuckDB, the data package, the picture, the home page and
the intermediate layer (build/intermediate/*.parquet, which `python -m pipeline check` reads), into the
staging folder that pipeline.publish.workspace then switches into place."""
import csv
import errno
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core import dictionary
from pipeline.core.errors import OutputError
from pipeline.core.paths import DUCKDB_NAME
from pipeline.publish import datapackage, picture, site, views

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "number": pa.float64()}


def cell(value, kind: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        return f"{value:.3f}"
    return str(value)


def csv_text(frame: pd.DataFrame, kinds: list[str]) -> str:
    """CSV as published: UTF-8, comma, header row, \\n line ends, codes as text, missing values empty.

    `kinds`: each column's dictionary type."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        writer.writerow([cell(v, k) for v, k in zip(values, kinds)])
    return buffer.getvalue()


def arrow_table(frame: pd.DataFrame, table: str) -> pa.Table:
    schema = pa.schema([(c["name"], ARROW_TYPES[c["type"]]) for c in dictionary.columns(table)])
    arrays = [pa.array(frame[name].astype(object).where(frame[name].notna(), None).tolist(),
                       type=schema.field(name).type) for name in schema.names]
    return pa.Table.from_arrays(arrays, schema=schema)


def types_of(table: str) -> list[str]:
    return [c["type"] for c in dictionary.columns(table)]


def write(tables: dict[str, pd.DataFrame], stage: Path, intermediate: dict[str, pd.DataFrame]) -> None:
    """Write every published file, and the intermediate layer, into the staging folder: each table of the
    dictionary, the openings matrix, the data package, the picture, the DuckDB file, and last the home page
    that links them."""
    for folder in ("csv", "parquet", "intermediate"):
        (stage / folder).mkdir()
    arrows = {name: arrow_table(tables[name], name) for name in dictionary.tables()}
    matrix = tables["openings_matrix"]
    # DuckDB writes without holding the GIL: the database is written in a thread while this one writes the
    # other files and draws the picture.
    with ThreadPoolExecutor(1) as pool:
        database = pool.submit(write_duckdb, arrows, matrix, stage / DUCKDB_NAME)
        for name, frame in intermediate.items():
            pq.write_table(arrow_table(frame, name), stage / "intermediate" / f"{name}.parquet", compression="zstd")
        csv_files = {}
        for name, arrow in arrows.items():
            csv_files[name] = csv_text(tables[name], types_of(name)).encode()
            pq.write_table(arrow, stage / "parquet" / f"{name}.parquet", compression="zstd")
        csv_files["openings_matrix"] = csv_text(matrix, ["string"] * len(matrix.columns)).encode()
        for name, data in csv_files.items():
            (stage / "csv" / f"{name}.csv").write_bytes(data)
        package = datapackage.descriptor(csv_files, tables["sources"], matrix_codes(matrix))
        (stage / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
        (stage / "openings.png").write_bytes(picture.png(matrix, tables["occupations"], tables["sources"]))
        database.result()
    site.write(tables, stage)


def matrix_codes(matrix: pd.DataFrame) -> list[str]:
    return [c for c in matrix.columns if c not in ("source_id", "region_code", "region_name")]


def write_duckdb(arrows: dict[str, pa.Table], matrix: pd.DataFrame, path: Path) -> None:
    """The DuckDB file: one table per published table, loaded in bulk, the openings matrix (NULL where not
    open), with comments and views."""
    try:
        fill_duckdb(arrows, matrix, path)
    except duckdb.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if "No space left on device" in first:  # DuckDB's IOException carries no errno: a full disk said as one
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from None
        raise OutputError(f"DuckDB could not write the database ({first}): check the free space and build again",
                          path.name) from None


# The storage format the file is written in: DuckDB 1.1.0 and every later version open it (a file written in
# the writer's own format opens only in as new a DuckDB as the one that wrote it).
STORAGE_VERSION = "v1.1.0"


def fill_duckdb(arrows: dict[str, pa.Table], matrix: pd.DataFrame, path: Path) -> None:
    # Uncompressed: DuckDB's choice of a compression per block varies from run to run (the same data gave four
    # different files), uncompressed gives the same bytes every time, in a file of the same size (3 MB: blocks).
    con = duckdb.connect(config={"force_compression": "uncompressed"})
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS published (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE published")
        con.execute("BEGIN")
        for name, arrow in arrows.items():
            con.register("staged", arrow)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM staged')
            con.unregister("staged")
        con.register("staged", pa.Table.from_pandas(matrix.replace("", None), preserve_index=False))
        con.execute('CREATE TABLE "openings_matrix" AS SELECT * FROM staged')
        con.unregister("staged")
        for statement in views.definitions():
            con.execute(statement)
        created = {name: [row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()] for name in views.VIEWS}
        for statement in views.comments(created):
            con.execute(statement)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.execute("USE memory")
        con.execute("DETACH published")
    finally:
        con.close()
