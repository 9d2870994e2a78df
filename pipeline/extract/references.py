"""The two reference tables of the editions, read as received.

- DARES `fap225_rome.csv` (StatDares/PortraitStatMetiers, GPL-3.0): Windows-1252, LF, ';'-separated, header
  `Fap;Rome;intitule_rome`, `NA` where a FAP family has no ROME fiche, and a `*` or `**` after some titles. Its
  documentation does not say what the marks mean. The three `;;` lines that end it hold nothing: skipped, and
  counted.
- etalab/geohisto `exports/regions/regions.csv` (Licence Ouverte 2.0): UTF-8, CRLF, ','-separated.
"""
import csv
import io
import re

from pipeline.core.errors import SourceFormatError
from pipeline.extract.editions import EditionFile, read_lines

DARES_HEADER = ["Fap", "Rome", "intitule_rome"]
GEOHISTO_HEADER = ["id", "insee_code", "start_datetime", "end_datetime", "name", "successors", "ancestors",
                   "population", "surface", "nuts_code", "chef_lieu", "wikipedia"]
MARK = re.compile(r"\s*(\*+)$")
FAP = re.compile(r"[A-Z][0-9][A-Z][0-9]{2}")
ROME_V3 = re.compile(r"[A-N][0-9]{4}")


def dares(item: EditionFile) -> tuple[list[dict], int]:
    """The DARES rows (line, fap_code, rome_v3_code or None for NA, the title as printed, the title without its
    mark, the mark), and the number of empty lines skipped."""
    lines = read_lines(item, "windows-1252", "lf")
    if lines[0].split(";") != DARES_HEADER:
        raise SourceFormatError(f"header is {lines[0]!r}, expected {';'.join(DARES_HEADER)}", item.path, 1)
    rows, empty = [], 0
    for number, line in enumerate(lines[1:], 2):
        cells = next(csv.reader([line], delimiter=";"))
        if len(cells) != 3:
            raise SourceFormatError(f"{len(cells)} cells, expected 3", item.path, number)
        fap, rome, title = cells
        if not any(cells):
            empty += 1
            continue
        if not FAP.fullmatch(fap) or not (rome == "NA" or ROME_V3.fullmatch(rome)):
            raise SourceFormatError(f"FAP {fap!r} or ROME {rome!r} malformed", item.path, number)
        mark = MARK.search(title)
        rows.append({"source_line": number, "fap_code": fap, "rome_v3_code": None if rome == "NA" else rome,
                     "title_as_printed": None if title == "NA" else title,
                     "title": None if title == "NA" else MARK.sub("", title),
                     "mark": mark.group(1) if mark else None})
    return rows, empty


def geohisto(item: EditionFile) -> list[dict]:
    """The geohisto regions, one dict a line with its `source_line`."""
    lines = read_lines(item, "utf-8", "crlf")
    reader = csv.reader(io.StringIO("\n".join(lines)))
    header = next(reader)
    if header != GEOHISTO_HEADER:
        raise SourceFormatError(f"header is {','.join(header)}, expected {','.join(GEOHISTO_HEADER)}", item.path, 1)
    return [dict(zip(header, cells), source_line=number) for number, cells in enumerate(reader, 2)]
