"""Stage 1: parse an annex, given as numbered lines, into printed lists and printed rows.

The circular's annex is a sequence of lists: the nationwide one ("Liste des métiers ouverts dans
l'ensemble des régions françaises"), then one per region, each a heading, a header row
("CODE ROME <tab> 29 métiers") and rows "<code> <tab> <label>". The arrêté's annex is a heading per
region followed by labels ending in a full stop. Both parsers keep every row as printed.
"""
import re
import unicodedata
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline.core.errors import SourceFormatError
from pipeline.core.paths import MAX_STATED_COUNT
from pipeline.core.text import AS_DIGIT, edits, plain, strip_accents
from pipeline.extract.printed import Line, looks_like_code

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


# re.ASCII: \d is 0-9 only (it would take fullwidth or Arabic-Indic digits too).
NOR_SLASHED = re.compile(r"NOR\s*:\s*([A-Z]{3})/([A-Z])/(\d{2})/(\d{5})/([A-Z])", re.ASCII)
NOR_COMPACT = re.compile(r"NOR\s*:\s*([A-Z]{4}\d{7}[A-Z])\b", re.ASCII)
# A NOR as OCR may read it: 'NOR : IMLN/08/00012/C' (a slash lost), 'NOR; IMI/N/O8/00012/C' (a letter for a digit).
NOR_READ = re.compile(r"\bNOR\b\s*[:;.,]?\s*(\S+(?:\s*/\s*\S+)*)", re.ASCII)
NOR_SHAPE = re.compile(r"[A-Z]{4}[0-9]{7}[A-Z]", re.ASCII)
AS_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G", "|": "I"})
DATE = re.compile(r"\ble (1er|\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", re.ASCII)
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
COUNT = re.compile(r"^(\S+)\s+métiers?$", re.IGNORECASE)
# A count as OCR may read it: its number, the word 'métiers' misread or lost ('29;', '29 métlers').
COUNT_READ = re.compile(r"^([0-9]{1,3})\W*(?:m\S{3,8})?\W*$", re.IGNORECASE | re.ASCII)
ASCII_NUMBER = re.compile(r"[0-9]+")
# 'CODEROME', 'CODE ROME.' as OCR may read it; 'CODE 16 métiers' and 'ROME' where the header wrapped, 'CODE' over
# 'ROME', the two lines apart (a page break between them).
HEADER = re.compile(r"^(?:code\s*(?:rome\b)?|rome\b)\W*(.*)$", re.IGNORECASE)
ROW = re.compile(r"^[^\t]+\t\s*\S")  # a cell, a tab, more: a row, whatever its code looks like (checked later)
NATIONAL_TITLE = "liste des métiers ouverts dans l'ensemble"
# Characters OCR may misread in the nationwide list's title and still tell it ('dans fensemble' for "dans l'ensemble",
# two; the annex's nearest other heading, 'Ile de France', is 31 away).
TITLE_EDITS = 4




LIST_COLUMNS = ["list_index", "list_scope", "region_name_as_printed", "stated_count", "stated_line",
                "source_line", "source_page"]


ROW_COLUMNS = ["list_index", "list_scope", "region_name_as_printed", "position", "rome_code_as_printed",
               "label_as_printed", "source_line", "source_page"]


def format_error(message: str, path, line: Line | None) -> SourceFormatError:
    """The grammar's error at a line (none: an empty source): `path:line: ...` in a text, `path: page N: ...`
    on a page."""
    if line is None:
        return SourceFormatError(message, path, 1)
    return SourceFormatError(message, path, line.number, page=line.page)


@dataclass
class Extract:
    """What a source prints: its metadata, its lists (with stated counts) and its rows, as records."""

    meta: dict
    list_records: list
    row_records: list

    @property
    def lists(self) -> pd.DataFrame:
        return frame(self.list_records, LIST_COLUMNS)

    @property
    def rows(self) -> pd.DataFrame:
        return frame(self.row_records, ROW_COLUMNS)


INTEGERS = {"list_index", "stated_count", "stated_line", "source_line", "source_page", "position"}


def frame(records: list, columns: list[str], **constant) -> pd.DataFrame:
    """Records as a frame, integer columns nullable; `constant` adds columns of one value."""
    out = pd.DataFrame(records, columns=columns)
    for col in INTEGERS.intersection(columns):
        out[col] = out[col].astype("Int64")
    return out.assign(**constant)


@dataclass
class _Heading:
    """A list being read: its heading, the count its header states, and how many rows it has so far."""

    index: int
    scope: str
    name: str | None
    line: Line
    stated: int | None = None
    stated_line: int | None = None
    rows: int = 0
    headed: bool = False  # its header ('CODE ROME ...') was read

    def record(self) -> list:
        return [self.index, self.scope, self.name, self.stated, self.stated_line, self.line.number, self.line.page]


@dataclass
class _Lists:
    """Accumulates lists and rows, as records, while a parser walks the lines."""

    path: object
    headings: list[_Heading] = field(default_factory=list)
    rows: list = field(default_factory=list)

    def open(self, scope: str, name: str | None, line: Line) -> None:
        self.headings.append(_Heading(len(self.headings) + 1, scope, name, line))

    def current(self, line: Line, what: str) -> _Heading:
        if not self.headings:
            raise format_error(f"{what} before any list heading", self.path, line)
        return self.headings[-1]

    def add_row(self, code: str | None, label: str, line: Line) -> None:
        head = self.current(line, "row")
        head.rows += 1
        self.rows.append([head.index, head.scope, head.name, head.rows, code, label, line.number, line.page])

    def extract(self, meta: dict) -> "Extract":
        return Extract(meta, [h.record() for h in self.headings], self.rows)


def clean(text: str) -> str:
    """Fold non-breaking spaces and runs of white space to one space, and strip the ends."""
    return " ".join(text.replace("\u00a0", " ").split())


def nor_of(lines: list[Line]) -> tuple[str | None, str, int] | None:
    """The NOR printed in a source, as (compact NOR, as printed, line), if any. Where no line prints one exactly,
    a line that reads "NOR" and something (OCR): what follows, in a NOR's shape where its characters can be read
    so (letters, then digits, then a letter: an 'O' among the digits is a 0), else no compact NOR."""
    for line in lines:
        slashed = NOR_SLASHED.search(line.text)
        if slashed:
            return "".join(slashed.groups()), slashed.group(0).split(":", 1)[1].strip(), line.number
        compact = NOR_COMPACT.search(line.text)
        if compact:
            return compact.group(1), compact.group(1), line.number
    for line in lines:
        read = NOR_READ.search(line.text)
        if read:
            chars = re.sub(r"[/\s]", "", read.group(1))
            shaped = chars[:4].translate(AS_LETTER) + chars[4:11].translate(AS_DIGIT) + chars[11:].translate(AS_LETTER)
            return (shaped if NOR_SHAPE.fullmatch(shaped) else None), read.group(1), line.number
    return None


def circular_meta(lines: list[Line]) -> dict:
    """NOR, date and subject as printed before the annex."""
    nor = nor_of(lines)
    meta = {"nor": nor[0] if nor else None, "nor_as_printed": nor[1] if nor else None,
            "nor_line": nor[2] if nor else None, "printed_date": None, "subject": None}
    for line in lines:
        date = DATE.search(line.text)
        if date and meta["printed_date"] is None:
            day = 1 if date.group(1) == "1er" else int(date.group(1))
            meta["printed_date"] = f"{date.group(3)}-{MONTHS.index(date.group(2)) + 1:02d}-{day:02d}"
        if line.text.startswith("OBJET") and meta["subject"] is None:
            meta["subject"] = clean(LINK.sub(r"\1", line.text.split(":", 1)[-1]))
    return meta


def parse_circulaire(lines: list[Line], path) -> Extract:
    """Parse the circular: metadata before the line ANNEXE, then the nationwide and regional lists."""
    start = next((i for i, line in enumerate(lines) if clean(line.text) == "ANNEXE"), None)
    if start is None:
        raise format_error("no line 'ANNEXE': the annex is missing", path, lines[-1] if lines else None)
    acc = _Lists(path)
    for line in lines[start + 1:]:
        circulaire_line(acc, clean(line.text), line)
    if not acc.headings:
        raise format_error("the annex has no lists", path, lines[-1])
    return acc.extract(circular_meta(lines[:start]))


def circulaire_line(acc: _Lists, text: str, line: Line) -> None:
    if not text:
        return
    if national(text, line):
        acc.open("national", None, line)
    elif HEADER.match(text):
        header(acc, HEADER.match(text).group(1), line)
    elif looks_like_code(text.split()[0]) or ROW.match(line.text.lstrip()):
        circulaire_row(acc, line)
    elif acc.headings and not acc.headings[-1].headed and not acc.headings[-1].rows:
        continued(acc.headings[-1], text, line)
    else:
        acc.open("regional", text, line)


def national(text: str, line: Line) -> bool:
    """The nationwide list's title ('l’ensemble' too), or, read by OCR, a line within TITLE_EDITS characters of it,
    accents and case aside ('Liste des metiers ouverts dans fensemble', development 1019): a heading OCR misread
    is still the one it is."""
    folded = plain(text).casefold()
    if folded.startswith(NATIONAL_TITLE):
        return True
    if not any(w.conf is not None for w in line.words):
        return False
    title, bare = strip_accents(NATIONAL_TITLE), strip_accents(folded)
    return any(edits(bare[:len(title) + k], title, TITLE_EDITS) <= TITLE_EDITS
               for k in range(-TITLE_EDITS, TITLE_EDITS + 1))


def continued(head: _Heading, text: str, line: Line) -> None:
    """A heading that wrapped onto a second line ('... des régions' / 'françaises'), the line under it before its
    header: one heading, the nationwide list's where the two lines make its title."""
    if head.name is None:
        return
    head.name = f"{head.name} {text}"
    if national(head.name, line):
        head.scope, head.name = "national", None


def header(acc: _Lists, rest: str, line: Line) -> None:
    head = acc.current(line, "header 'CODE ROME'")
    if head.rows:
        raise format_error("header 'CODE ROME' after the rows of its list", acc.path, line)
    read_by_ocr = any(w.conf is not None for w in line.words)
    count = COUNT.match(rest) or (COUNT_READ.match(rest) if read_by_ocr else None)
    second_line = head.headed and not count  # a header's second line ('ROME' under 'CODE 16 métiers')
    head.headed = True
    if head.scope == "national" or second_line:  # the national list states no count
        return
    if not count:
        raise format_error(f"header 'CODE ROME' of {head.name} has no count ('N métiers')", acc.path, line)
    if not ASCII_NUMBER.fullmatch(count.group(1)):
        raise format_error(f"count '{count.group(1)}' of {head.name} is not a number", acc.path, line)
    if int(count.group(1)) > MAX_STATED_COUNT:
        raise format_error(f"count {count.group(1)} of {head.name} is over MAX_STATED_COUNT={MAX_STATED_COUNT}: "
                           "a misprint? correct the source", acc.path, line)
    if head.stated is not None and head.stated != int(count.group(1)):
        raise format_error(f"header 'CODE ROME' of {head.name} states {count.group(1)} where the one above it "
                           f"states {head.stated}", acc.path, line)
    head.stated, head.stated_line = int(count.group(1)), line.number


def circulaire_row(acc: _Lists, line: Line) -> None:
    """A row: code and label in two tab-separated columns, or else the first word and the rest.

    The code is kept as printed: a non-breaking or zero-width space inside it makes an invalid_code finding."""
    text = line.text.strip()
    columns = [c.strip(" ") for c in text.split("\t") if c.strip()]
    if len(columns) > 2:
        raise format_error(f"row has {len(columns)} columns, expected 2 (code, label)", acc.path, line)
    parts = columns if len(columns) == 2 else text.split(None, 1)  # a non-breaking space parts words too
    if len(parts) < 2:
        raise format_error(f"row '{clean(text)}' has a code but no label", acc.path, line)
    head = acc.current(line, "row")
    if head.scope == "regional" and head.stated is None:
        raise format_error(f"row before the 'CODE ROME' header of {head.name}", acc.path, line)
    acc.add_row(parts[0], clean(parts[1]), line)


def parse_arrete(lines: list[Line], path) -> Extract:
    """Parse the arrêté's annex: region headings, each followed by labels ending in a full stop."""
    acc = _Lists(path)
    titled = False
    for line in lines:
        text = clean(line.text)
        if not text or text.startswith("#"):
            continue
        if not titled and text.upper() == text:
            titled = True
        elif text.endswith("."):
            acc.current(line, "label")
            acc.add_row(None, text, line)
        else:
            acc.open("regional", text, line)
    if not acc.headings:
        raise format_error("no region heading found", path, lines[-1] if lines else None)
    return acc.extract({"nor": None, "nor_as_printed": None, "nor_line": None, "printed_date": None,
                        "subject": None})


PARSERS = {"circulaire": parse_circulaire, "arrete": parse_arrete}


def extract_lines(lines: list[Line], kind: str, path) -> Extract:
    """Parse the lines of a source of the given kind, their text composed (NFC: 'é' one character, as most
    producers write it, not 'e' and an accent, as some PDFs give it)."""
    return PARSERS[kind]([line if unicodedata.is_normalized("NFC", line.text) else
                          replace(line, text=unicodedata.normalize("NFC", line.text)) for line in lines], path)


def text_lines(lines: list[str]) -> list[Line]:
    return [Line(text, number) for number, text in enumerate(lines, 1)]
