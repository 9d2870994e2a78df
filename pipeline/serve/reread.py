"""`check --raw`, for a build that read scans: each scan read again by the OCR engine (never from the OCR cache,
which is left as it is) and its rows compared with those the build stored (build/intermediate/printed_rows).

The cache's digest tells an entry damaged or edited by hand from one the pipeline wrote, but anyone can compute
a digest: reading the scan again is what shows that the published rows are what the page prints."""
from pathlib import Path

import pandas as pd

from pipeline.core.errors import InputError
from pipeline.extract.grammar import ROW_COLUMNS, extract_lines, frame
from pipeline.extract.ocr import layer
from pipeline.extract.ocr.recognize import recognize
from pipeline.extract.ocr.tesseract import engine_version
from pipeline.extract.sources import discover
from pipeline.publish.workspace import MANIFEST, read_manifest
from pipeline.serve.recheck import read

COMPARED = ["list_index", "position", "rome_code_as_printed", "label_as_printed"]
WHERE = ["source_page", "source_line"]
SHOWN = 10  # differences named per scan; the rest counted


def reread(out: Path, raw: Path) -> list[str]:
    """Each difference between the rows the build in `out` stored and the rows its scans give when read again,
    each scan found in `raw` (a manifest folder or one file) by its sha256."""
    scans = [s for s in read_manifest(out / MANIFEST)["sources"] if "ocr" in s]
    if not scans:
        return []
    stored = read(out / "intermediate" / "printed_rows.parquet", "printed_rows", "intermediate layer")
    found = {source.sha256: source for source in discover(raw)}
    missing = next((scan for scan in scans if scan["sha256"] not in found), None)
    if missing is not None:
        raise InputError(f"holds no file with the sha256 of {missing['file']} (source {missing['source_id']}), which "
                         "the build read by OCR: give --raw the file or folder it was built from", raw)
    problems = []
    for scan in scans:
        source = found[scan["sha256"]]
        path = source.path
        lines = layer.scan_lines(recognize(path, engine_version(path)), path)
        again = frame(extract_lines(lines, source.kind or "circulaire", path).row_records, ROW_COLUMNS)
        problems += differences(path, stored[stored.source_id == scan["source_id"]], again)
    return problems


def differences(path: Path, stored: pd.DataFrame, again: pd.DataFrame) -> list[str]:
    """Rows read again that differ from the stored ones, by page and line: what the build stored, what the scan
    reads now."""
    def text(row, suffix: str) -> str:
        code, label = row[f"rome_code_as_printed{suffix}"], row[f"label_as_printed{suffix}"]
        if pd.isna(label):
            return "no row"
        return f"list {row[f'list_index{suffix}']} row {row[f'position{suffix}']} '{'' if pd.isna(code) else code} " \
               f"{label}'"

    key = lambda frame: frame[WHERE + COMPARED].astype(object).where(frame[WHERE + COMPARED].notna(), None)
    both = key(stored).merge(key(again), how="outer", on=WHERE, suffixes=("", "_again"), indicator=True)
    differ = both[(both._merge != "both") | (both[COMPARED].to_numpy() != both[[f"{c}_again" for c in COMPARED]]
                                             .to_numpy()).any(axis=1)].sort_values(WHERE)
    out = [f"{path}: page {row.source_page} line {row.source_line}: the build stored {text(row._asdict(), '')}, "
           f"the scan reads {text(row._asdict(), '_again')} when the engine reads it again: build again with "
           "--no-cache" for row in differ.head(SHOWN).itertuples()]
    if len(differ) > SHOWN:
        out.append(f"{path}: {len(differ) - SHOWN} more row(s) differ")
    return out
