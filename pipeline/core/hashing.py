"""The one place the pipeline hashes files."""
import hashlib
from pathlib import Path


def sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks: the one place the pipeline hashes files."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# A DuckDB file (duckdb 2.0.1) differs from another of the same tables in 24 bytes of its main header: a random
# 16-byte database identifier (bytes 124-139), made anew for every file, and the 8-byte checksum of that header
# (bytes 0-7). Its content digest is the sha256 of the file with those bytes zeroed: the same for the same tables,
# whatever the run; a change anywhere else (a table, a view, a comment) changes it.
DUCKDB_RANDOM = ((0, 8), (124, 140))


def duckdb_content_sha256(path: Path) -> str:
    """The sha256 of a DuckDB file with its random database identifier and header checksum zeroed."""
    data = bytearray(path.read_bytes())
    for start, end in DUCKDB_RANDOM:
        data[start:end] = bytes(min(end, len(data)) - min(start, len(data)))
    return hashlib.sha256(data).hexdigest()


def published_sha256(path: Path) -> str:
    """The digest the manifest records for a published file: its sha256, and for the DuckDB file its content
    digest (duckdb_content_sha256), so that two builds of the same data have the same manifest."""
    return duckdb_content_sha256(path) if path.suffix == ".duckdb" else sha256(path)
