"""Stage 1 for PDF sources: pdfplumber's words → the same numbered lines the text grammar reads.

Ruled tables are read by pdfplumber's table finder, one row a line, cells joined by tabs (so a
wrapped cell, or a code centred beside a two-line label, stays in its row). Other words are grouped
into visual lines; lines repeated on most pages (running headers, footers, page
numbers) are dropped; a row is a line whose first word is a code, and a line that starts under the
row's label (and not at the left margin) continues that label, across a page break too. A header
cell that wraps ("CODE" / "ROME") is joined back into one header line. Each line keeps its page and
its line number within the page. A header row repeated at the top of a page is read once.
"""
import contextlib
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import LimitError, NoTextLayer, PdfError
from pipeline.extract_text import HEADER, Line, code_core, looks_like_code
from pipeline.paths import MAX_PDF_PAGES, MAX_SECONDS_PER_PDF_PAGE

COUNT = re.compile(r"^\d+ métiers?$", re.IGNORECASE)
LINE_GAP = 2.5
INDENT_TOLERANCE = 3.0
FURNITURE_SHARE = 0.5
MARGIN = 0.08


@dataclass
class Visual:
    """One line as printed on a page: its words (x0, text), its page and its number within the page."""

    words: list[tuple[float, str]]
    page: int
    number: int
    margin: bool = False
    cells: list[str] | None = None

    @property
    def text(self) -> str:
        if self.cells is not None:
            return "\t".join(self.cells)
        return " ".join(t for _, t in self.words)

    @property
    def x0(self) -> float:
        return self.words[0][0]


def page_lines(page, number: int) -> list[Visual]:
    """A page's lines, top to bottom: each ruled table row as one line of cells, other words grouped
    into visual lines; lines in the top or bottom margin are marked."""
    tables = page.find_tables()
    inside = [t.bbox for t in tables]
    words = [w for w in page.extract_words(x_tolerance=1.5, y_tolerance=2)
             if not any(x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
                        for x0, top, x1, bottom in inside)]
    items = [(top, [(w["x0"], w["text"]) for w in sorted(line, key=lambda w: w["x0"])], None)
             for top, line in visual_lines(words)]
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            texts = [" ".join((c or "").split()) for c in cells]
            if any(texts):
                items.append((row.bbox[1], [(row.bbox[0], texts[0])], texts))
    height = page.height
    return [Visual(words, number, n, margin=not MARGIN * height < top < (1 - MARGIN) * height, cells=cells)
            for n, (top, words, cells) in enumerate(sorted(items, key=lambda item: item[0]), 1)]


def visual_lines(words: list[dict]) -> list[tuple[float, list[dict]]]:
    """Words grouped into lines by their top, within LINE_GAP."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= LINE_GAP:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [(line[0]["top"], line) for line in lines]


def folded(text: str) -> str:
    """A margin line's text with its numbers folded: page 1 and page 2 footers compare equal."""
    return re.sub(r"\d+", "#", text)


def furniture(lines: list[Visual], pages: int, key=folded) -> set[str]:
    """Keys of the texts printed in the top or bottom margin of most pages: headers, footers, page numbers."""
    if pages < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for line in (v for v in lines if v.margin):
        seen.setdefault(key(line.text), set()).add(line.page)
    return {text for text, on in seen.items() if len(on) >= max(2, FURNITURE_SHARE * pages)}




def is_code(word: str) -> bool:
    """A row's code, as read: 4 to 6 characters (a misread code among them), not a footnote's number."""
    return 4 <= len(code_core(word)) <= 6 and looks_like_code(word)


def logical(lines: list[Visual], indent_tolerance: float = INDENT_TOLERANCE) -> list[Line]:
    """Rows, their wrapped labels and wrapped headers joined back; every other line as it is. A line
    continues a row's label when it starts no more than `indent_tolerance` left of the label."""
    out: list[Line] = []
    label_x = None
    in_header = False
    for line in lines:
        first = line.words[0][1]
        if line.cells is not None:
            out.append(table_row(line))
            label_x, in_header = None, False
        elif first == "CODE" or HEADER.match(line.text):
            out.append(Line("CODE ROME\t" + header_words(line.words[1:]), line.number, line.page))
            in_header, label_x = True, None
        elif in_header and (not is_code(first) or COUNT.match(line.text)):
            head = out[-1]
            out[-1] = Line((head.text + " " + header_words(line.words)).replace("\t ", "\t").strip(),
                           head.number, head.page)
        elif is_code(first) and len(line.words) > 1:
            out.append(Line(f"{first}\t{' '.join(t for _, t in line.words[1:])}", line.number, line.page))
            in_header, label_x = False, line.words[1][0]
        elif label_x is not None and line.x0 >= label_x - indent_tolerance:
            row = out[-1]
            out[-1] = Line(f"{row.text} {line.text}", row.number, row.page)
        else:
            out.append(Line(line.text, line.number, line.page))
            in_header, label_x = False, None
    return out


def drop_repeated_headers(lines: list[Line]) -> list[Line]:
    """Drop a table's header row repeated at the top of a new page (word processors repeat it)."""
    out: list[Line] = []
    last_header: Line | None = None
    for line in lines:
        if line.text.startswith("CODE ROME\t"):
            if last_header and line.text == last_header.text and line.page != last_header.page \
                    and out and out[-1].text[:1].isdigit():
                continue
            last_header = line
        out.append(line)
    return out


def header_words(words: list[tuple[float, str]]) -> str:
    return " ".join(t for _, t in words if t.upper().strip(".,:;") != "ROME")


def table_row(line: Visual) -> Line:
    """A ruled table's row: a header ('CODE ROME' however wrapped) or a row of cells."""
    cells = line.cells
    if cells[0].casefold().replace(" ", "") == "coderome":
        return Line("CODE ROME\t" + "\t".join(cells[1:]), line.number, line.page)
    return Line("\t".join(cells), line.number, line.page)


@contextlib.contextmanager
def time_limit(path: Path, number: int):
    """Stop reading a page after MAX_SECONDS_PER_PDF_PAGE (an alarm in the main thread; elsewhere, checked after)."""
    def stop(*_):
        raise LimitError(f"page {number} took over MAX_SECONDS_PER_PDF_PAGE={MAX_SECONDS_PER_PDF_PAGE} s to read",
                         path)

    if threading.current_thread() is not threading.main_thread():
        started = time.monotonic()
        yield
        if time.monotonic() - started > MAX_SECONDS_PER_PDF_PAGE:
            stop()
        return
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS_PER_PDF_PAGE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_pages(path: Path) -> tuple[list[Visual], int]:
    """Every page's visual lines, closing each page once read; enforces the page and time limits."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise LimitError(f"PDF has {len(pdf.pages)} pages, over the limit MAX_PDF_PAGES={MAX_PDF_PAGES}",
                                 path)
            lines: list[Visual] = []
            for number, page in enumerate(pdf.pages, 1):
                with time_limit(path, number):
                    lines += page_lines(page, number)
                page.close()
            return lines, len(pdf.pages)
    except (PdfminerException, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, LimitError):
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise PdfError("PDF is encrypted: decrypt it first", path) from None
        raise PdfError(f"not a readable PDF ({type(cause).__name__})", path) from None


def pdf_lines(path: Path) -> list[Line]:
    """The lines of a PDF source, ready for the text grammar."""
    visual, pages = read_pages(path)
    if not visual:
        raise NoTextLayer("PDF has no text layer (a scan)", path, 1)
    skip = furniture(visual, pages)
    return drop_repeated_headers(logical([v for v in visual if not (v.margin and folded(v.text) in skip)]))
