"""Stage 1 dispatcher: each source, text, PDF or scan, to its printed lists and rows, named by its source_id."""
from dataclasses import dataclass, replace

import pandas as pd

from pipeline.core.errors import LayoutError, NoTextLayer, SourceFormatError
from pipeline.core.text import nor_near
from pipeline.extract.grammar import (
    LIST_COLUMNS,
    ROW_COLUMNS,
    Extract,
    extract_lines,
    frame,
    text_lines,
)
from pipeline.extract.sources import Source, read_text


@dataclass(frozen=True)
class Parsed:
    """A source with what it prints."""

    source: Source
    extract: Extract
    encoding: str
    reading: object = None  # pipeline.extract.ocr.reading.Reading, for a scan
    words: tuple = ()  # OCR_COLUMNS records of the lines read by OCR


OCR_COLUMNS = ["source_page", "source_line", "ocr_code_confidence", "ocr_code_box", "ocr_label_confidence"]
OCR_SOURCE_COLUMNS = {"ocr_engine": "engine", "ocr_engine_version": "version", "ocr_language": "language",
                      "ocr_dpi": "dpi"}


def lines_of(source: Source, fresh: bool = False) -> tuple[list, str, object]:
    if source.format == "pdf":
        from pipeline.extract.pdf import pdf_lines

        try:
            return pdf_lines(source.path), "pdf", None
        except NoTextLayer:
            from pipeline.extract.ocr import cache, layer

            reading = cache.read(source.path, source.sha256, fresh=fresh)
            try:
                return layer.scan_lines(reading, source.path), "pdf", reading
            except LayoutError as exc:
                raise exc.at(source.path).read_by_ocr() from None
    text = read_text(source.path, source.encoding)
    return text_lines(text.lines), text.encoding, None


def ocr_records(lines: list) -> tuple:
    """Per line read by OCR: its first word's confidence and box (a row's code), the lowest confidence
    of the others (a row's label)."""
    return tuple([line.page, line.number, line.words[0].conf,
                  ",".join(f"{v:g}" for v in (line.words[0].x0, line.words[0].top, line.words[0].x1,
                                               line.words[0].bottom)),
                  min((w.conf for w in line.words[1:]), default=None)]
                 for line in lines if line.words and line.words[0].conf is not None)


def parse(source: Source, known: dict[str, str | None] | None = None, fresh: bool = False) -> Parsed:
    """Extract one source; a file outside a manifest is a circular named by the NOR printed in it, or by the one
    source id of `known` (those the curated files name, each with its date of signature where checks/texts.csv
    records one) that OCR misread it for (core.text.nor_near: the `nor_misread` check names both), and dated by
    the date it prints, or, a scan whose date OCR did not read, by the one recorded for it (`date_unread` says
    so). `fresh`: a scan is read by the OCR engine, not from the cache (`build --no-cache`)."""
    known = known or {}
    lines, encoding, reading = lines_of(source, fresh)
    try:
        extract = extract_lines(lines, source.kind or "circulaire", source.path)
    except SourceFormatError as exc:
        raise exc.read_by_ocr() if reading else exc
    if source.source_id is None:
        nor, printed = extract.meta["nor"], extract.meta["nor_as_printed"]
        if nor is None:
            said = f"read '{printed}' where a NOR should be" if printed else "no NOR printed ('NOR : ...')"
            raise SourceFormatError(f"{said}: name this source in a manifest", source.path,
                                    extract.meta["nor_line"] or 1)
        near = sorted(k for k in known if nor_near(nor, k))
        source_id = near[0] if reading and nor not in known and len(near) == 1 else nor
        date = extract.meta["printed_date"] or (known.get(source_id) if reading else None)
        if date is None:
            raise SourceFormatError("read no date ('le 7 janvier 2008') before the annex: name this source in a "
                                    "manifest, with its date", source.path, extract.meta["nor_line"] or 1)
        source = replace(source, source_id=source_id, kind="circulaire", title=extract.meta["subject"] or "",
                         date=date)
    return Parsed(source, extract, encoding, reading, ocr_records(lines))


def combine(parsed: list[Parsed]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All sources' lists and rows in two frames, each row with its source_id and its order (`seq`)."""
    lists = frame([r for p in parsed for r in p.extract.list_records], LIST_COLUMNS,
                  source_id=[p.source.source_id for p in parsed for _ in p.extract.list_records])
    rows = frame([r for p in parsed for r in p.extract.row_records], ROW_COLUMNS,
                 source_id=[p.source.source_id for p in parsed for _ in p.extract.row_records],
                 seq=[n for p in parsed for n in range(len(p.extract.row_records))])
    read = frame([r for p in parsed for r in p.words], OCR_COLUMNS,
                 source_id=[p.source.source_id for p in parsed for _ in p.words])
    return lists, rows.merge(read, how="left", on=["source_id", "source_page", "source_line"])


def source_table(parsed: list[Parsed]) -> pd.DataFrame:
    """The sources table: the manifest's facts and what the source prints about itself."""
    records = [{
        "source_id": p.source.source_id, "kind": p.source.kind, "title": p.source.title, "date": p.source.date,
        "nor": p.extract.meta["nor"] or p.source.source_id, "file": p.source.path.name,
        "format": p.source.format, "sha256": p.source.sha256, "nor_as_printed": p.extract.meta["nor_as_printed"],
        "printed_date": p.extract.meta["printed_date"], "subject": p.extract.meta["subject"],
        "encoding": p.encoding, "provenance": p.source.provenance, "licence": p.source.licence,
        "nor_line": p.extract.meta["nor_line"],
        **{column: getattr(p.reading, field) if p.reading else None for column, field in OCR_SOURCE_COLUMNS.items()},
    } for p in parsed]
    return pd.DataFrame(records).sort_values("source_id").reset_index(drop=True)


def ocr_provenance(parsed: list[Parsed]) -> dict[str, dict]:
    """Per scan: whether its words came from the OCR cache or the engine, and its pages (for the manifest)."""
    return {p.source.source_id: {"from": p.reading.origin, "pages": [page.number for page in p.reading.pages]}
            for p in parsed if p.reading is not None}
