"""The Frictionless Data Package descriptor of the published CSVs, and the dataset's version.

The version is the newest release in CHANGELOG.md; each release there records the fingerprint of
the data it published, so a change of data without a new release is caught by the tests.
"""
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.core import dictionary
from pipeline.core.errors import CurationError
from pipeline.core.paths import ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
PACKAGE = Path(__file__).with_name("package.toml")
CONSTRAINTS = {"required": "required", "pattern": "pattern", "enum": "enum", "minimum": "minimum",
               "maximum": "maximum", "min_length": "minLength"}
RELEASE = re.compile(r"^## \[([0-9]+\.[0-9]+\.[0-9]+)\] .*data fingerprint `([0-9a-f]{16})`", re.MULTILINE)
BASIS = ["national", "regional", "both"]
MATRIX_DESCRIPTION = ("The openings as a wide table for spreadsheets: one row per source and region, one column per "
                      "ROME code.")


@dataclass(frozen=True)
class Release:
    version: str  # x.y.z, as in pyproject.toml, datapackage.json, CITATION.cff and the archive's name
    date: str  # YYYY-MM-DD, the day it was released
    fingerprint: str


DATED = re.compile(r"^## \[([0-9]+\.[0-9]+\.[0-9]+)\] - ([0-9]{4}-[0-9]{2}-[0-9]{2}) - data fingerprint "
                   r"`([0-9a-f]{16})`", re.MULTILINE)


def current_release(path: Path = CHANGELOG) -> Release:
    """The dataset's version, release date and data fingerprint: the newest release of the changelog, its
    heading written `## [x.y.z] - YYYY-MM-DD - data fingerprint `...``. The one place the version is read
    from (the data package, the home page, the release archive)."""
    version, _ = releases(path)[0]
    dated = DATED.search(path.read_text(encoding="utf-8"))
    if dated is None or dated.group(1) != version:
        raise CurationError(f"the newest release, {version}, has no date: '## [{version}] - YYYY-MM-DD - data "
                            "fingerprint `...`'", path)
    return Release(*dated.groups())


def releases(path: Path = CHANGELOG) -> list[tuple[str, str]]:
    """(version, data fingerprint) of each release in the changelog, newest first."""
    found = RELEASE.findall(path.read_text(encoding="utf-8")) if path.is_file() else []
    if not found:
        raise CurationError("no release line '## [x.y.z] ... data fingerprint `...`'", path)
    return found


def fingerprint(csv_files: dict[str, bytes]) -> str:
    """A short hash of every published CSV's content: changes whenever the published data does."""
    lines = "".join(f"{name} {sha256(data)}\n" for name, data in sorted(csv_files.items()))
    return sha256(lines.encode())[:16]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def field(col: dict) -> dict:
    out = {"name": col["name"], "type": col["type"], "description": col["description"]}
    constraints = {key: col[name] for name, key in CONSTRAINTS.items() if name in col}
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(name: str) -> dict:
    table = dictionary.tables()[name]
    schema = {"fields": [field(c) for c in table["columns"]], "missingValues": [""]}
    if "primary_key" in table:
        schema["primaryKey"] = table["primary_key"]
    if "foreign_keys" in table:
        schema["foreignKeys"] = [{"fields": fk["fields"], "reference": {"resource": fk["table"],
                                                                         "fields": fk["reference"]}}
                                 for fk in table["foreign_keys"]]
    return schema


# What each code column of the matrix holds, in datapackage.json per column and in DuckDB once, in the table's comment.
MATRIX_CODE_COLUMN = "Why ROME {code} is open in the region (national, regional, both); empty if not."


def matrix_schema(codes: list[str]) -> dict:
    fields = [{"name": "source_id", "type": "string", "description": "Source of the lists."},
              {"name": "region_code", "type": "string", "description": "INSEE code (2008) of the region."},
              {"name": "region_name", "type": "string", "description": "Official name of the region (2008)."}]
    fields += [{"name": code, "type": "string", "constraints": {"enum": BASIS},
                "description": MATRIX_CODE_COLUMN.format(code=code)}
               for code in codes]
    return {"fields": fields, "missingValues": [""], "primaryKey": ["source_id", "region_code"]}


def resource(name: str, data: bytes, schema: dict, description: str, licences: list[dict] | None = None) -> dict:
    out = {"name": name, "path": f"csv/{name}.csv", "format": "csv", "mediatype": "text/csv",
           "encoding": "utf-8", "description": description, "bytes": len(data),
           "hash": f"sha256:{sha256(data)}", "schema": schema}
    return out | ({"licenses": licences} if licences else {})


def descriptor(csv_files: dict[str, bytes], sources: pd.DataFrame, codes: list[str]) -> dict:
    """The datapackage.json of the given CSV files (table name -> bytes)."""
    version = current_release().version
    tables = dictionary.tables()
    meta = tomllib.loads(PACKAGE.read_text(encoding="utf-8"))
    known = meta["licence_texts"]
    resources = [resource(n, csv_files[n], table_schema(n), tables[n]["description"],
                          [known[k] for k in tables[n].get("licences", [])]) for n in tables]
    resources.append(resource("openings_matrix", csv_files["openings_matrix"], matrix_schema(codes),
                              MATRIX_DESCRIPTION))
    return {
        "name": meta["name"],
        "title": meta["title"].format(sources=texts(sources, meta["kinds"])),
        "description": meta["description"],
        "version": version,
        "keywords": meta["keywords"],
        "licenses": meta["licenses"],
        "contributors": meta["contributors"],
        "sources": [source(s) for s in sources.itertuples()] + meta["edition_sources"],
        "resources": resources,
    }


def source(row) -> dict:
    """A source as the package cites it: its title, where it comes from and the sha256 of the file read (no path:
    the raw files are not part of the package, and `../raw/` would point outside it)."""
    cited = {"title": f"{row.source_id}: {row.title}"}
    if row.provenance:
        cited["description"] = row.provenance
    return cited | {"file": row.file, "hash": f"sha256:{row.sha256}"}


def texts(sources: pd.DataFrame, kinds: dict[str, str]) -> str:
    """'circulaire A, circulaire B and arrêté C': each source's kind and NOR, kinds in `kinds` order."""
    order = sources.assign(rank=sources.kind.map(list(kinds).index)).sort_values(["rank", "source_id"])
    named = [f"{kinds[k]} {s}" for k, s in zip(order.kind, order.source_id)]
    return " and ".join(named) if len(named) < 3 else ", ".join(named[:-1]) + " and " + named[-1]
