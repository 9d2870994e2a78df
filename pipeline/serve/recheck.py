"""`python -m pipeline check`: re-run the check catalogue on a published build and summarize the findings.

The checks read what the build read: the intermediate layer it stored (build/intermediate/: every
printed list and row, as extracted) and its sources table, with today's curated files. Nothing is
reconstructed from the published tables.
"""
import sys
from pathlib import Path

import pandas as pd

from pipeline.core import dictionary
from pipeline.core.errors import InputError
from pipeline.core.paths import Layout
from pipeline.core.text import visible
from pipeline.serve.prepare import checked
from pipeline.validate import curation as curation_files
from pipeline.validate.findings import blocking, open_errors


def read(path: Path, name: str, what: str) -> pd.DataFrame:
    """A stored table, read back from Parquet in its dictionary types."""
    if not path.is_file():
        raise InputError(f"no {what} here: run `make build` first", path)
    frame = pd.read_parquet(path)
    missing = [c["name"] for c in dictionary.columns(name) if c["name"] not in frame]
    if missing:
        raise InputError(f"no column {', '.join(missing)}: built by another version? run `make build`", path)
    return dictionary.conform(frame, name)


def rerun(layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Findings of a re-run of every check on the stored intermediate layer, the published findings, the sources
    and the notes of the re-run."""
    sources = read(layout.parquet / "sources.parquet", "sources", "published table")
    published = read(layout.parquet / "findings.parquet", "findings", "published table")
    # The editions' layer is there only where the build read editions (`check` found every file the manifest lists).
    layer = {name: read(layout.intermediate / f"{name}.parquet", name, "intermediate layer")
             for name in dictionary.intermediate()
             if not name.startswith("edition_") or (layout.intermediate / f"{name}.parquet").is_file()}
    cur = curation_files.load(layout)
    curation_files.check_source_ids(cur, layout, sources.source_id.tolist())
    _, found, notes = checked(sources, layer, cur, {})
    return found, published, sources, notes


def recheck(layout: Layout, out=sys.stdout) -> int:
    """Print findings by check and status; exit 1 on an open error (each printed on stderr, with the warnings of
    the re-run, as a build prints them) or when the published findings differ."""
    found, published, sources, notes = rerun(layout)
    for line in blocking(found, dict(zip(sources.source_id, sources.file)), notes):
        print(visible(line), file=sys.stderr)
    counts = found.groupby(["check", "severity", "status"]).size().rename("findings").reset_index()
    print(counts.to_string(index=False), file=out)
    key = ["source_id", "check", "status", "source_line"]
    same = found[key].astype(str).value_counts().equals(published[key].astype(str).value_counts())
    errors = len(open_errors(found))
    print(f"{len(found)} findings, {errors} open error(s); "
          f"{'the published findings agree' if same else 'the published findings DIFFER'} with this re-run",
          file=out)
    return 0 if same and not errors else 1
