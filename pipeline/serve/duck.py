"""The published DuckDB file opened for reading: by `lookup`, `sql` and `check`."""
from pathlib import Path

import duckdb

from pipeline.core.errors import InputError, PublishedError
from pipeline.core.paths import DUCKDB_NAME

# A published file is read as it is: no extension fetched or loaded to read another format (a SQLite file
# named metiers.duckdb would reach for the network), no Python variable standing in for a missing table.
READING = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
           "python_enable_replacements": False}
# What `sql` and `lookup` run can read the tables of this one file and nothing else: no file read or written
# outside it (COPY ... TO, read_text, read_csv, ATTACH, EXPORT DATABASE, INSTALL), and the configuration locked so
# that no statement can turn this back on (SET enable_external_access = true is refused).
CONFINED = {**READING, "enable_external_access": False, "lock_configuration": True}


def connect(out: Path):
    path = out / DUCKDB_NAME
    if not path.is_file():
        raise InputError("no published DuckDB file here: run `make build` first", path)
    try:
        return duckdb.connect(str(path), read_only=True, config=CONFINED)
    except duckdb.Error as exc:
        raise damaged(path, exc) from None


def damaged(path: Path, exc: Exception) -> PublishedError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return PublishedError(f"not a readable DuckDB file of this dataset ({first}): rebuild it with `make build`", path)
