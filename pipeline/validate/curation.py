"""Load the curated files: region reference, corrections, acknowledgements, label mapping, severity policy.

Read strictly: UTF-8, exactly the expected columns, one record per line (no cell spanning lines, no
unterminated quote), no empty required cell, no key given twice; anything else names its file and line.
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.dictionary import declared
from pipeline.core.errors import CurationError
from pipeline.core.paths import ABBREVIATIONS_NAME, Layout
from pipeline.core.text import label_text, name_key, region_key, source_key
from pipeline.extract.sources import CONTROL, SOURCE_ID, position

if TYPE_CHECKING:
    import pandas as pd

SEVERITIES = ("error", "warning", "info")
CORRECTABLE_FIELDS = ("rome_code", "region_name")
CODE = re.compile(declared()["patterns"]["rome_code"])
REGION_CODE = declared()["patterns"]["region_code"]
# Key columns that name a region, compared as the build compares a region heading with them
# (pipeline.core.text.region_key): 'ILE DE FRANCE' and 'Ile de France' are one key, given twice.
REGION_COLUMNS = ("region", "region_name", "abbreviation")
CORRECTIONS, ACKNOWLEDGEMENTS = "corrections.csv", "acknowledgements.csv"
# The contracts are the last guard of the published schema (codes of five ASCII digits among others):
# a policy may not lower them.
LOCKED = {"contract": "error"}


@dataclass(frozen=True)
class Curation:
    """Everything a curator edits without touching Python."""

    regions: pd.DataFrame
    corrections: pd.DataFrame
    acknowledgements: pd.DataFrame
    label_map: pd.DataFrame
    severity: dict[str, str]


def read_csv(path: Path, columns: tuple[str, ...], required: tuple[str, ...] = (),
             keys: tuple[tuple[str, ...], ...] = ()) -> pd.DataFrame:
    """A curated CSV as text columns, with `line` (the line its record starts on); read strictly, each of
    `keys` given once."""
    import pandas as pd

    return pd.DataFrame(read_records(path, columns, required, keys), columns=[*columns, "line"])


def read_records(path: Path, columns: tuple[str, ...], required: tuple[str, ...] = (),
                 keys: tuple[tuple[str, ...], ...] = ()) -> list[dict]:
    """read_csv's records, as dicts (without pandas, for `lookup`)."""
    if not path.is_file():
        raise CurationError("curated file is missing", path)
    data = path.read_bytes()
    control = CONTROL.search(data)
    if control:
        raise CurationError(f"control character U+{control.group()[0]:04X}: not a text file", path,
                            position(data, control.start())[0])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise CurationError(f"not UTF-8: byte 0x{data[exc.start]:02X} at line {line}, column {column}; "
                            "save the file as UTF-8", path, line) from None
    records, header = [], None
    for line, cells in csv_records(text, path):
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            if missing or extra or len(set(header)) != len(header):
                twice = sorted({c for c in header if header.count(c) > 1})
                raise CurationError(f"header must be {','.join(columns)}"
                                    + (f"; lacks {', '.join(missing)}" if missing else "")
                                    + (f"; has unknown {', '.join(map(repr, extra))}" if extra else "")
                                    + (f"; has {', '.join(twice)} twice" if twice else ""), path, line)
            continue
        if len(cells) != len(header):
            raise CurationError(f"{len(cells)} cells, expected {len(header)} (an unquoted comma, or a missing "
                                "one?)", path, line)
        record = {c: unicodedata.normalize("NFC", v.strip()) for c, v in zip(header, cells)}  # 'é' one way
        empty = [c for c in required if not record[c]]
        if empty:
            raise CurationError(f"empty {', '.join(empty)}", path, line)
        records.append({**{c: record[c] for c in columns}, "line": line})
    if header is None:
        raise CurationError(f"empty file: the header {','.join(columns)} is missing", path, 1)
    for key in keys:
        twice = repeated([tuple(region_key(r[c]) if c in REGION_COLUMNS else r[c] for c in key) for r in records],
                         [r["line"] for r in records])
        if twice:
            record, first = records[twice[0]], twice[1]
            raise CurationError(f"{', '.join(f'{c} {record[c]!r}' for c in key)} given twice (first at line "
                                f"{first}): keep one", path, record["line"])
    return records


def repeated(keys: list, lines: list[int]) -> tuple[int, int] | None:
    """Where the first key an earlier record gave is, and that earlier record's line; None if each is given once."""
    seen: dict = {}
    for at, (key, line) in enumerate(zip(keys, lines)):
        if key in seen:
            return at, seen[key]
        seen[key] = line
    return None


def csv_records(text: str, path: Path):
    """(line the record starts on, cells) for each non-blank record; a cell that spans lines is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CurationError(f"not valid CSV ({exc}): an unterminated quote?", path, start) from None
        if reader.line_num != start:
            raise CurationError("a record spans several lines: an unterminated quote?", path, start)
        if any(c.strip() for c in cells):
            yield start, cells
        start = reader.line_num + 1


def load_regions(path: Path) -> pd.DataFrame:
    cols = ("region_code", "region_name", "region_2016_code", "region_2016_name", "evidence")
    regions = read_csv(path, cols, required=cols, keys=(("region_name",), ("region_code",)))
    for column in ("region_code", "region_2016_code"):
        bad = regions[~regions[column].str.fullmatch(REGION_CODE)]
        if len(bad):
            raise CurationError(f"{column} {bad[column].iloc[0]!r} is not two ASCII digits", path,
                                int(bad.line.iloc[0]))
    named = {}
    for code, name, line in zip(regions.region_2016_code, regions.region_2016_name, regions.line):
        if named.setdefault(code, (name, line))[0] != name:
            raise CurationError(f"region_2016_code {code} is named {name!r} here and {named[code][0]!r} at line "
                                f"{named[code][1]}: give a region one name", path, int(line))
    return regions


def load_abbreviations(path: Path, regions: list[tuple[str, str]]) -> list[dict]:
    """The usual abbreviations of region names `lookup` accepts ('PACA'), as records: each names a region of
    `regions` (code, name: of 2008 or 2016) by its code, and is no region's name."""
    records = read_records(path, ("abbreviation", "region_code", "evidence"),
                           required=("abbreviation", "region_code", "evidence"), keys=(("abbreviation",),))
    codes = {code for code, _ in regions}
    named = {name_key(name): code for code, name in regions}
    for record in records:
        key = name_key(record["abbreviation"])
        if re.search(r"[0-9]", record["abbreviation"]):
            raise CurationError(f"abbreviation {record['abbreviation']!r} holds a digit: codes are looked up as codes",
                                path, record["line"])
        if record["region_code"] not in codes:
            raise CurationError(f"region_code {record['region_code']!r} is no region's code of 2008 or 2016",
                                path, record["line"])
        if key in named:
            raise CurationError(f"abbreviation {record['abbreviation']!r} is the name of region {named[key]}: an "
                                "abbreviation names no region otherwise", path, record["line"])
    return records


def load_corrections(path: Path, regions: pd.DataFrame) -> pd.DataFrame:
    """Corrections of printed codes and region names; a region name is corrected to a reference's name as the
    reference spells it."""
    cols = ("source_id", "region", "field", "printed_value", "corrected_value", "reason", "evidence")
    corrections = read_csv(path, cols, required=("source_id", "field", "printed_value", "corrected_value",
                                                 "reason", "evidence"),
                           keys=(("source_id", "region", "field", "printed_value"),))
    source_ids(corrections, path)
    names = corrections[corrections.field == "region_name"]
    twice = repeated(list(zip(names.source_id, names.printed_value.map(region_key))), names.line.tolist())
    if twice:
        row = names.iloc[twice[0]]
        raise CurationError(f"region name {row.printed_value!r} of {row.source_id} corrected twice (first at line "
                            f"{twice[1]}): keep one", path, int(row.line))
    official = {region_key(name): name for name in regions.region_name}
    for row in corrections.itertuples():
        if row.field not in CORRECTABLE_FIELDS:
            raise CurationError(f"field '{row.field}' cannot be corrected (one of {', '.join(CORRECTABLE_FIELDS)})",
                                path, row.line)
        if row.field == "rome_code" and not CODE.match(row.corrected_value):
            raise CurationError(f"corrected code '{row.corrected_value}' is not five digits", path, row.line)
        meant = official.get(region_key(row.corrected_value)) if row.field == "region_name" else None
        if meant not in (None, row.corrected_value):  # it would resolve, its name variant stay open
            raise CurationError(f"corrected region name {row.corrected_value!r} is the reference's {meant!r} "
                                "spelled otherwise: write it as the reference does", path, row.line)
    return corrections


def source_ids(frame: pd.DataFrame, path: Path) -> None:
    """Each record's source_id spelled as a manifest's can be: one of other characters (an invisible space, a
    Cyrillic letter) would name no source and be taken for a source not built, its curation left alone."""
    for source_id, line in zip(frame.source_id, frame.line):
        if not SOURCE_ID.fullmatch(source_id):
            raise CurationError(f"source_id {source_id!r} is not ASCII letters and digits (with '.', '-' or '_' "
                                "inside), as source ids are", path, int(line))


def check_ids() -> list[str]:
    """The ids of the catalogue's checks (imported here, not with this module: the catalogue brings every
    check and pandera, which `lookup` reads curated files without)."""
    from pipeline.validate.checks.catalogue import CATALOGUE

    return list(CATALOGUE)


def load_acknowledgements(path: Path) -> pd.DataFrame:
    """Acknowledged findings, each pinned to the facts it accepts (a count_mismatch's message, a
    label_variant's labels): when they change, the acknowledgement no longer holds."""
    acks = read_csv(path, ("source_id", "check", "region", "code", "pinned", "reason", "evidence"),
                    required=("source_id", "check", "pinned", "reason"),
                    keys=(("source_id", "check", "region", "code"),))
    source_ids(acks, path)
    unknown = acks[~acks.check.isin(check_ids())]
    if len(unknown):
        raise CurationError(f"unknown check id '{unknown.check.iloc[0]}'", path, int(unknown.line.iloc[0]))
    return acks


def load_label_map(path: Path) -> pd.DataFrame:
    labels = read_csv(path, ("label", "rome_code", "reason", "evidence"), required=("label", "rome_code", "reason"))
    twice = repeated(labels.label.map(label_text).tolist(), labels.line.tolist())
    if twice:
        row = labels.iloc[twice[0]]
        raise CurationError(f"label {row.label!r} given twice (first at line {twice[1]}): keep one", path,
                            int(row.line))
    bad = labels[~labels.rome_code.str.match(CODE)]
    if len(bad):
        raise CurationError(f"code '{bad.rome_code.iloc[0]}' is not five digits", path, int(bad.line.iloc[0]))
    return labels


def load_policy(path: Path) -> dict[str, str]:
    """Severity overrides of the catalogue's defaults, by check id: no unknown id."""
    if not path.is_file():
        raise CurationError("policy file is missing", path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise CurationError("not UTF-8: save the file as UTF-8", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"not valid TOML: {exc}", path) from None

    def line_of(name: str) -> int | None:
        """The line of a key or a table header, bare or quoted."""
        found = re.search(rf"^\s*\[?\s*[\"']?{re.escape(name)}[\"']?\s*[=\]]", text, re.MULTILINE)
        return text[: found.start()].count("\n") + 1 if found else None

    unknown = [name for name in data if name != "severity"]
    if unknown:  # an override out of its table, or a table misspelled, would be ignored
        raise CurationError(f"unknown table or key '{unknown[0]}': the policy holds a [severity] table only", path,
                            line_of(unknown[0]))
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise CurationError("[severity] must be a table of check = \"severity\"", path)

    known = check_ids()
    for check, value in severity.items():
        if check not in known:
            raise CurationError(f"unknown check id '{check}' (known: {', '.join(sorted(known))})", path,
                                line_of(check))
        if value not in SEVERITIES:
            raise CurationError(f"severity of {check} must be one of {', '.join(SEVERITIES)}", path, line_of(check))
        if LOCKED.get(check, value) != value:
            raise CurationError(f"{check} cannot be lowered: the contracts guard what is published", path,
                                line_of(check))
    return severity


def load(layout: Layout) -> Curation:
    """All curated files of a layout."""
    severity = load_policy(layout.curation / "policy.toml")
    regions = load_regions(layout.reference / "regions.csv")
    if (layout.reference / ABBREVIATIONS_NAME).is_file():  # read by `lookup`: refused before a build publishes
        load_abbreviations(layout.reference / ABBREVIATIONS_NAME, region_names(regions.to_dict("records")))
    return Curation(
        regions=regions,
        corrections=load_corrections(layout.curation / CORRECTIONS, regions),
        acknowledgements=load_acknowledgements(layout.curation / ACKNOWLEDGEMENTS),
        label_map=load_label_map(layout.curation / "label_map.csv"),
        severity=severity,
    )


def region_names(regions: list[dict]) -> list[tuple[str, str]]:
    """(code, name) of every region of 2008 and 2016, from records of the reference or the published regions."""
    return [(r["region_code"], r["region_name"]) for r in regions] + [
        (r["region_2016_code"], r["region_2016_name"]) for r in regions]


def check_source_ids(cur: Curation, layout: Layout, built: list[str]) -> None:
    """Refuse a correction or acknowledgement that names a source built in another spelling ('imin0800012c',
    'IMID08OO328A', fullwidth letters): taken for a source not built, whose curation is left alone, it would
    do nothing."""
    spelled = {source_key(source_id): source_id for source_id in built}
    for name, frame in ((CORRECTIONS, cur.corrections), (ACKNOWLEDGEMENTS, cur.acknowledgements)):
        for source_id, line in zip(frame.source_id, frame.line):
            meant = spelled.get(source_key(source_id), source_id)
            if meant != source_id:
                raise CurationError(f"source_id {source_id!r} is no source built; {meant} is: write it so (source ids "
                                    "are compared exactly)", layout.curation / name, int(line))
