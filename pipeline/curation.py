"""Load the curated files: region reference, corrections, acknowledgements, label mapping, severity policy."""
import csv
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import CurationError
from pipeline.paths import Layout

SEVERITIES = ("error", "warning", "info")
CORRECTABLE_FIELDS = ("rome_code", "region_name")
CODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Curation:
    """Everything a curator edits without touching Python."""

    regions: pd.DataFrame
    corrections: pd.DataFrame
    acknowledgements: pd.DataFrame
    label_map: pd.DataFrame
    severity: dict[str, str]


def read_csv(path: Path, columns: tuple[str, ...], required: tuple[str, ...] = ()) -> pd.DataFrame:
    """A curated CSV as text columns, with `line` (its line in the file); checks its header and required cells."""
    if not path.is_file():
        raise CurationError("curated file is missing", path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CurationError(f"header lacks column(s) {', '.join(missing)}", path, 1)
        records = []
        for record in reader:
            empty = [c for c in required if not (record.get(c) or "").strip()]
            if empty:
                raise CurationError(f"empty {', '.join(empty)}", path, reader.line_num)
            records.append({**{c: (record.get(c) or "").strip() for c in columns}, "line": reader.line_num})
    return pd.DataFrame(records, columns=[*columns, "line"])


def load_regions(path: Path) -> pd.DataFrame:
    cols = ("region_code", "region_name", "region_2016_code", "region_2016_name", "evidence")
    regions = read_csv(path, cols, required=cols)
    duplicated = regions[regions.region_code.duplicated()]
    if len(duplicated):
        raise CurationError(f"region_code {duplicated.region_code.iloc[0]} listed twice", path,
                            int(duplicated.line.iloc[0]))
    return regions


def load_corrections(path: Path) -> pd.DataFrame:
    cols = ("source_id", "region", "field", "printed_value", "corrected_value", "reason", "evidence")
    corrections = read_csv(path, cols, required=("source_id", "field", "printed_value", "corrected_value",
                                                 "reason", "evidence"))
    for row in corrections.itertuples():
        if row.field not in CORRECTABLE_FIELDS:
            raise CurationError(f"field '{row.field}' cannot be corrected (one of {', '.join(CORRECTABLE_FIELDS)})",
                                path, row.line)
        if row.field == "rome_code" and not CODE.match(row.corrected_value):
            raise CurationError(f"corrected code '{row.corrected_value}' is not five digits", path, row.line)
    return corrections


def load_acknowledgements(path: Path, severity: dict[str, str]) -> pd.DataFrame:
    acks = read_csv(path, ("source_id", "check", "region", "code", "reason", "evidence"),
                    required=("source_id", "check", "reason"))
    unknown = acks[~acks.check.isin(list(severity))]
    if len(unknown):
        raise CurationError(f"unknown check '{unknown.check.iloc[0]}'", path, int(unknown.line.iloc[0]))
    return acks


def load_label_map(path: Path) -> pd.DataFrame:
    labels = read_csv(path, ("label", "rome_code", "reason", "evidence"), required=("label", "rome_code", "reason"))
    bad = labels[~labels.rome_code.str.match(CODE)]
    if len(bad):
        raise CurationError(f"code '{bad.rome_code.iloc[0]}' is not five digits", path, int(bad.line.iloc[0]))
    return labels


def load_policy(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise CurationError("policy file is missing", path)
    try:
        severity = tomllib.loads(path.read_text(encoding="utf-8")).get("severity", {})
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"not valid TOML: {exc}", path) from None
    wrong = {k: v for k, v in severity.items() if v not in SEVERITIES}
    if wrong:
        raise CurationError(f"severity of {next(iter(wrong))} must be one of {', '.join(SEVERITIES)}", path)
    return severity


def load(layout: Layout) -> Curation:
    """All curated files of a layout."""
    severity = load_policy(layout.curation / "policy.toml")
    return Curation(
        regions=load_regions(layout.reference / "regions.csv"),
        corrections=load_corrections(layout.curation / "corrections.csv"),
        acknowledgements=load_acknowledgements(layout.curation / "acknowledgements.csv", severity),
        label_map=load_label_map(layout.curation / "label_map.csv"),
        severity=severity,
    )
