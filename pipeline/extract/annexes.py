"""The annexes of the editions as printed: each annex one printed list (its title line, the count it states),
each métier line (a line ending with a full stop) a printed row with its line and the sector heading above it.

A heading is any other non-empty line after the list's title; a line in parentheses right after a heading
that has no row yet continues it ("Matériaux souples, bois, industries graphiques" / "(industries légères)").
Lines starting with '#' (the file's markdown title) and the spaced-out "A N N E X E" are not headings.
Article 1 of IMID0800327A names the states whose nationals the list is open to: they are read from its text.
"""
import re
from dataclasses import dataclass, field

from pipeline.extract.editions import EditionFile, read_lines

STATED = re.compile(r"^LISTE DES (?:(?P<count>[0-9]+) )?M[ÉE]TIERS\b")
SPACED = re.compile(r"^(?:[A-Z] ){2,}[A-Z]$")
# The states article 1 may name, as printed ("d'Estonie", "de la République tchèque"), with their ISO code.
STATES = {"Estonie": "EE", "Lettonie": "LV", "Lituanie": "LT", "Hongrie": "HU", "Pologne": "PL",
          "République tchèque": "CZ", "Slovaquie": "SK", "Slovénie": "SI", "Bulgarie": "BG", "Roumanie": "RO",
          "Croatie": "HR"}


@dataclass
class PrintedAnnex:
    """One annex: where its list's title is printed, the count it states (None when it states none), its rows."""

    file_id: str
    text: str
    version: str
    title: str = ""
    title_line: int | None = None
    stated_count: int | None = None
    rows: list[dict] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


def parse_annex(item: EditionFile) -> PrintedAnnex:
    """The annex's printed list and rows (UTF-8, LF line ends, as the texts are received)."""
    return parse_lines(read_lines(item, "utf-8", "lf"), item.file_id, item.text, item.version)


def parse_lines(lines: list[str], file_id: str, text: str, version: str) -> PrintedAnnex:
    annex = PrintedAnnex(file_id, text, version)
    heading, heading_rows = None, 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#") or SPACED.fullmatch(line):
            continue
        stated = STATED.match(line)
        if stated and annex.title_line is None:
            annex.title, annex.title_line = line, number
            annex.stated_count = int(stated["count"]) if stated["count"] else None
            continue
        if line.endswith("."):
            annex.rows.append({"line": number, "position": len(annex.rows) + 1, "heading": heading,
                               "label_as_printed": raw.rstrip()})
            heading_rows += 1
        elif line.startswith("(") and line.endswith(")") and heading is not None and heading_rows == 0:
            heading = f"{heading} {line}"
            annex.headings[-1] = (annex.headings[-1][0], heading)
        else:
            heading, heading_rows = line, 0
            annex.headings.append((number, line))
    return annex


def states_named(item: EditionFile) -> tuple[list[str], int]:
    """The ISO codes of the states article 1 names, in the order printed, and the line that names them."""
    lines = read_lines(item, "utf-8", "lf")
    for number, line in enumerate(lines, 1):
        found = sorted((m.start(), STATES[name]) for name in STATES
                       for m in re.finditer(rf"\b{re.escape(name)}\b", line))
        if found:
            return [code for _, code in found], number
    return [], 0


def title_of(item: EditionFile) -> tuple[str, int]:
    """The title printed on the first line of a text's README ('# Arrêté du ...'), and its line."""
    for number, line in enumerate(read_lines(item, "utf-8", "lf"), 1):
        if line.startswith("# "):
            return line[2:].strip(), number
    return "", 0


def layer(annexes: list[PrintedAnnex], files: dict) -> tuple[list[dict], list[dict]]:
    """The intermediate layer of the editions: one record per annex (edition_lists), one per métier line
    (edition_rows)."""
    lists = [{"text_id": a.text, "version": a.version, "file": f"editions/{files[a.file_id].file}",
              "title_as_printed": a.title or None, "title_line": a.title_line, "stated_count": a.stated_count,
              "listed_count": len(a.rows), "headings": len(a.headings)} for a in annexes]
    rows = [{"text_id": a.text, "version": a.version, "source_line": r["line"], "position": r["position"],
             "heading": r["heading"], "label_as_printed": r["label_as_printed"]} for a in annexes for r in a.rows]
    return lists, rows
