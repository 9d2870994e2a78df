"""Stage 1 dispatcher: each source, text or PDF, to its printed lists and rows, named by its source_id."""
from dataclasses import dataclass, replace

import pandas as pd

from pipeline.errors import SourceFormatError
from pipeline.extract_text import LIST_COLUMNS, ROW_COLUMNS, Extract, extract_lines, frame, text_lines
from pipeline.sources import Source, read_text


@dataclass(frozen=True)
class Parsed:
    """A source with what it prints."""

    source: Source
    extract: Extract
    encoding: str


def lines_of(source: Source) -> tuple[list, str]:
    if source.format == "pdf":
        from pipeline.extract_pdf import pdf_lines

        return pdf_lines(source.path), "pdf"
    text = read_text(source.path, source.encoding)
    return text_lines(text.lines), text.encoding


def parse(source: Source) -> Parsed:
    """Extract one source; a file outside a manifest is a circular named by the NOR printed in it."""
    lines, encoding = lines_of(source)
    extract = extract_lines(lines, source.kind or "circulaire", source.path)
    if source.source_id is None:
        nor = extract.meta["nor"]
        if nor is None:
            raise SourceFormatError("no NOR printed ('NOR : ...'): name this source in a manifest",
                                    source.path, 1)
        source = replace(source, source_id=nor, kind="circulaire", title=extract.meta["subject"] or "",
                         date=extract.meta["printed_date"] or "")
    return Parsed(source, extract, encoding)


def combine(parsed: list[Parsed]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All sources' lists and rows in two frames, each row with its source_id and its order (`seq`)."""
    lists = frame([r for p in parsed for r in p.extract.list_records], LIST_COLUMNS,
                  source_id=[p.source.source_id for p in parsed for _ in p.extract.list_records])
    rows = frame([r for p in parsed for r in p.extract.row_records], ROW_COLUMNS,
                 source_id=[p.source.source_id for p in parsed for _ in p.extract.row_records],
                 seq=[n for p in parsed for n in range(len(p.extract.row_records))])
    return lists, rows


def source_table(parsed: list[Parsed]) -> pd.DataFrame:
    """The sources table: the manifest's facts and what the source prints about itself."""
    records = [{
        "source_id": p.source.source_id, "kind": p.source.kind, "title": p.source.title, "date": p.source.date,
        "nor": p.extract.meta["nor"] or p.source.source_id, "file": p.source.path.name,
        "format": p.source.format, "sha256": p.source.sha256, "nor_as_printed": p.extract.meta["nor_as_printed"],
        "printed_date": p.extract.meta["printed_date"], "subject": p.extract.meta["subject"],
        "encoding": p.encoding, "provenance": p.source.provenance, "licence": p.source.licence,
        "nor_line": p.extract.meta["nor_line"],
    } for p in parsed]
    return pd.DataFrame(records).sort_values("source_id").reset_index(drop=True)
