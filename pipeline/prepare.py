"""Everything before publishing: sources → extracted rows → normalized tables → checked, gated."""
import contextlib
import time
from dataclasses import dataclass, field

import pandas as pd

from pipeline import compare, contracts, curation as curation_files, dictionary, normalize, validate
from pipeline.extract import Parsed, combine, parse, source_table
from pipeline.match_labels import match, unused_curations
from pipeline.paths import Layout
from pipeline.sources import discover


@dataclass
class Prepared:
    """The checked tables, ready to publish, with the notes to show the user."""

    tables: dict[str, pd.DataFrame]
    notes: list[str]
    files: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def timed(seconds: dict[str, float], stage: str):
    """Add the time spent in the block to `seconds[stage]` (for the benchmark)."""
    started = time.perf_counter()
    yield
    seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


def normalized(parsed: list[Parsed], cur) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame, list[str]]:
    lists, rows = combine(parsed)
    lists = normalize.resolve_regions(lists, cur.regions, cur.corrections)
    rows = rows.merge(lists[["source_id", "list_index", "region_code"]], how="left", on=["source_id", "list_index"])
    rows = normalize.review_ocr(normalize.correct_codes(rows, cur.corrections))
    notes = normalize.correction_notes(cur.corrections, lists, rows)
    matches = match(rows, cur.label_map)
    notes += unused_curations(cur.label_map, matches)
    rows = normalize.assign_matches(rows, matches)
    labels = normalize.canonical_labels(rows)
    opened = normalize.openings(rows, cur.regions)
    tables = {
        "sources": source_table(parsed),
        "listings": normalize.listings(rows, labels),
        "regions": normalize.region_table(lists, rows, opened, cur.regions),
        "occupations": normalize.occupation_table(rows, labels),
        "openings": opened,
        "label_matches": matches,
    }
    tables["source_differences"] = compare.differences(tables)
    return tables, lists, rows, notes


def prepare(layout: Layout) -> Prepared:
    """Everything up to publishing: raises ValidationFailed when an error finding is still open."""
    seconds: dict[str, float] = {}
    with timed(seconds, "extract"):
        cur = curation_files.load(layout)
        parsed = [parse(source) for source in discover(layout.raw)]
    with timed(seconds, "normalize"):
        tables, lists, rows, notes = normalized(parsed, cur)
    with timed(seconds, "checks"):
        extra = pd.concat([compare.findings(tables), compare.unmatched(tables["label_matches"], rows)],
                          ignore_index=True)
        found, ack_notes = validate.findings(lists, rows, tables["sources"], cur, layout, extra)
        tables["findings"] = found
        tables = {name: dictionary.conform(tables[name], name) for name in dictionary.tables()}
        found = pd.concat([found, contracts.check(tables)], ignore_index=True)
    files = {p.source.source_id: str(p.source.path) for p in parsed}
    notes += [f"warning: {p.source.path} is not UTF-8: decoded as {p.encoding}" for p in parsed
              if p.encoding not in ("utf-8", "pdf")]
    validate.gate(found, files)
    return Prepared(tables, notes + ack_notes, files, seconds)


def summary(prepared: Prepared) -> str:
    t = prepared.tables
    f = t["findings"]
    counts = f.groupby(["status"]).size().to_dict()
    return (f"built {len(t['sources'])} source(s): {len(t['listings'])} printed rows, {len(t['occupations'])} "
            f"occupations, {len(t['openings'])} openings; findings: "
            + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
