"""The Frictionless Data Package descriptor of the published CSVs, and the dataset's version.

The version is the newest release in CHANGELOG.md; each release there records the fingerprint of
the data it published, so a change of data without a new release is caught by the tests.
"""
import hashlib
import re
from pathlib import Path

import pandas as pd

from pipeline import dictionary
from pipeline.errors import CurationError
from pipeline.paths import ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] .*data fingerprint `([0-9a-f]{16})`", re.MULTILINE)
BASIS = ["national", "regional", "both"]
MATRIX_DESCRIPTION = ("The openings as a wide table for spreadsheets: one row per source and region, one column per "
                      "ROME code.")


def releases(path: Path = CHANGELOG) -> list[tuple[str, str]]:
    """(version, data fingerprint) of each release in the changelog, newest first."""
    found = RELEASE.findall(path.read_text(encoding="utf-8")) if path.is_file() else []
    if not found:
        raise CurationError("no release line '## [x.y.z] ... data fingerprint `...`'", path)
    return found


def fingerprint(csv_files: dict[str, bytes]) -> str:
    """A short hash of every published CSV's content: changes whenever the published data does."""
    lines = "".join(f"{name} {hashlib.sha256(data).hexdigest()}\n" for name, data in sorted(csv_files.items()))
    return hashlib.sha256(lines.encode()).hexdigest()[:16]


def field(col: dict) -> dict:
    out = {"name": col["name"], "type": col["type"], "description": col["description"]}
    constraints = {k: col[k] for k in ("required", "pattern", "enum") if k in col}
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


def matrix_schema(codes: list[str]) -> dict:
    fields = [{"name": "source_id", "type": "string", "description": "Source of the lists."},
              {"name": "region_code", "type": "string", "description": "INSEE code (2008) of the region."},
              {"name": "region_name", "type": "string", "description": "Official name of the region (2008)."}]
    fields += [{"name": code, "type": "string", "constraints": {"enum": BASIS},
                "description": f"Why ROME {code} is open in the region (national, regional, both); empty if not."}
               for code in codes]
    return {"fields": fields, "missingValues": [""], "primaryKey": ["source_id", "region_code"]}


def resource(name: str, data: bytes, schema: dict, description: str) -> dict:
    return {"name": name, "path": f"csv/{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "description": description, "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "schema": schema}


def descriptor(csv_files: dict[str, bytes], sources: pd.DataFrame, codes: list[str]) -> dict:
    """The datapackage.json of the given CSV files (table name -> bytes)."""
    version = releases()[0][0]
    tables = dictionary.tables()
    resources = [resource(n, csv_files[n], table_schema(n), tables[n]["description"]) for n in tables]
    resources.append(resource("openings_matrix", csv_files["openings_matrix"], matrix_schema(codes),
                              MATRIX_DESCRIPTION))
    return {
        "name": "metiers-ouverts-2008",
        "title": "Métiers ouverts aux étrangers, 2008: circulaire IMIN0800012C and arrêté IMID0800328A",
        "description": "Occupations (ROME v2 codes) open to third-country nationals in each region of France "
                       "in 2008, as listed by the circular of 7 January 2008 and the arrêté of 18 January 2008, "
                       "with every inconsistency of the sources found and documented.",
        "version": version,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0",
                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"}],
        "sources": [{"title": f"{s.source_id}: {s.title}", "path": f"../raw/{s.file}"}
                    for s in sources.itertuples()],
        "resources": resources,
    }
