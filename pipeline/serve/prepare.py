"""Everything before publishing: sources → the intermediate layer (printed lists and rows) → normalized
tables → checked, gated. `python -m pipeline check` runs the same steps from the stored intermediate layer."""
import contextlib
import time
from dataclasses import dataclass, field

import pandas as pd

from pipeline.core import dictionary
from pipeline.core.paths import Layout
from pipeline.extract import editions as edition_files
from pipeline.extract.parse import Parsed, combine, ocr_provenance, parse, source_table
from pipeline.extract.sources import discover
from pipeline.transform import compare, normalize, review
from pipeline.transform import editions as edition_tables
from pipeline.transform.labels import match, unused_curations
from pipeline.validate import curation as curation_files
from pipeline.validate import curation_editions
from pipeline.validate import findings as validate


@dataclass
class Prepared:
    """The checked tables, ready to publish (every table of the dictionary, and the wide `openings_matrix`:
    one column per code, so outside the dictionary), the intermediate layer they come from, and the notes."""

    tables: dict[str, pd.DataFrame]
    intermediate: dict[str, pd.DataFrame]
    notes: list[str]
    files: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    ocr: dict[str, dict] = field(default_factory=dict)  # per scan: its words from the OCR cache or the engine


@contextlib.contextmanager
def timed(seconds: dict[str, float], stage: str):
    """Add the time spent in the block to `seconds[stage]` (for the benchmark)."""
    started = time.perf_counter()
    yield
    seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


def extracted(parsed: list[Parsed]) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The sources table and the intermediate layer: every printed list and row, in their declared types."""
    lists, rows = combine(parsed)
    return source_table(parsed), {"printed_lists": dictionary.conform(lists, "printed_lists"),
                                  "printed_rows": dictionary.conform(rows, "printed_rows")}


def normalized(sources: pd.DataFrame, layer: dict[str, pd.DataFrame], cur):
    """The published tables but findings, the resolved lists and rows the checks read, and notes."""
    read = frozenset(sources.source_id[sources.ocr_engine.fillna("") != ""])
    lists = normalize.resolve_regions(layer["printed_lists"], cur.regions, cur.corrections, read)
    rows = layer["printed_rows"].merge(lists[["source_id", "list_index", "region_code"]], how="left",
                                       on=["source_id", "list_index"])
    rows = review.review_ocr(normalize.correct_codes(rows, cur.corrections))
    notes = normalize.correction_notes(cur.corrections, lists, rows)
    matches = match(rows, cur.label_map)
    notes += unused_curations(cur.label_map, matches)
    rows = normalize.assign_matches(rows, matches)
    labels = normalize.canonical_labels(rows)
    opened = normalize.openings(rows, cur.regions)
    tables = {
        "sources": sources,
        "listings": normalize.listings(rows, labels),
        "regions": normalize.region_table(lists, rows, opened, cur.regions),
        "occupations": normalize.occupation_table(rows, labels),
        "openings": opened,
        "label_matches": matches,
    }
    tables["source_differences"] = compare.differences(tables)
    tables["openings_by_region"] = normalize.openings_by_region(opened, tables["regions"], tables["occupations"],
                                                                tables["sources"])
    tables["openings_matrix"] = normalize.openings_matrix(opened, tables["regions"], tables["occupations"])
    return tables, lists, rows, notes


def checked(sources: pd.DataFrame, layer: dict[str, pd.DataFrame], cur, seconds: dict, editions=None):
    """The published tables in their declared types, every finding (published or gating), and notes.
    `editions`: the raw files of the editions and their curated decisions, or None (their tables are empty)."""
    with timed(seconds, "normalize"):
        tables, lists, rows, notes = normalized(sources, layer, cur)
    with timed(seconds, "editions"):
        files, ed_cur = editions or ({}, None)
        built = edition_tables.build(files, sources, tables["occupations"], ed_cur)
        ed_found = validate.editions({**built.tables, **built.facts, "regions": cur.regions}, cur) if files else \
            pd.DataFrame(columns=validate.COLUMNS)
        tables |= built.tables | {"edition_findings": ed_found}
        if files:  # the intermediate layer of the editions, stored with the 2008 sources' printed lists and rows
            layer |= {name: dictionary.conform(frame, name) for name, frame in built.intermediate.items()}
    with timed(seconds, "checks"):
        found, ack_notes = validate.findings(lists, rows, {**tables, **layer}, cur)
        tables["findings"] = found
        tables = {name: dictionary.conform(tables[name], name) for name in dictionary.tables()} | {
            "openings_matrix": tables["openings_matrix"]}
        found = pd.concat([found, ed_found, validate.published({**tables, **layer}, cur)], ignore_index=True)
    return tables, found, notes + ack_notes


def prepare(layout: Layout) -> Prepared:
    """Everything up to publishing: raises ValidationFailed when an error finding is still open."""
    seconds: dict[str, float] = {}
    with timed(seconds, "extract"):
        cur = curation_files.load(layout)
        known = dict.fromkeys([*cur.corrections.source_id, *cur.acknowledgements.source_id]) | \
            curation_editions.signed_dates(layout)
        parsed = [parse(source, known, fresh=not layout.ocr_cache) for source in discover(layout.raw)]
        curation_files.check_source_ids(cur, layout, [p.source.source_id for p in parsed])
        sources, layer = extracted(parsed)
        editions = edition_files.load(layout.raw)
        editions = (editions, curation_editions.load(layout)) if editions else None
    tables, found, notes = checked(sources, layer, cur, seconds, editions)
    files = {p.source.source_id: str(p.source.path) for p in parsed}
    files |= {f"{e.text}@{e.version}": str(e.path) for e in (editions[0].values() if editions else [])
              if e.part in ("annex", "fap_rome", "regions")}
    notes = [f"warning: {p.source.path} is not UTF-8: decoded as {p.encoding}" for p in parsed
             if p.encoding not in ("utf-8", "pdf")] + [p.reading.note for p in parsed if p.reading and p.reading.note] \
        + notes
    validate.gate(found, files, notes)
    return Prepared(tables, layer, notes, files, seconds, ocr_provenance(parsed))


PLURALS = {"error": "errors", "warning": "warnings", "info": "info"}


def findings_summary(findings: pd.DataFrame) -> str:
    """The open findings by severity, then those a curator dealt with: `0 errors, 14 warnings, 81 info
    (6 acknowledged, 7 corrected)`."""
    severities = findings[findings.status == "open"].severity.value_counts()
    statuses = findings.status.value_counts()
    counts = ", ".join(f"{severities.get(s, 0)} {s if severities.get(s, 0) == 1 else plural}"
                       for s, plural in PLURALS.items())
    dealt = ", ".join(f"{statuses[s]} {s}" for s in ("acknowledged", "corrected") if statuses.get(s, 0))
    return counts + (f" ({dealt})" if dealt else "")


def summary(prepared: Prepared) -> str:
    t = prepared.tables
    return (f"built {len(t['sources'])} source(s): {len(t['listings'])} printed rows, {len(t['occupations'])} "
            f"occupations, {len(t['openings'])} openings; findings: {findings_summary(t['findings'])}")
