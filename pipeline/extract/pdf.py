"""Stage 1 for PDF sources: open with pdfplumber, enforce the limits, turn each page into a geometry.Page
(its words and rulings), and let pipeline.extract.geometry rebuild the lines the text grammar reads."""
import contextlib
import logging
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

from pipeline.core.errors import LayoutError, LimitError, NoTextLayer, PdfError
from pipeline.core.paths import MAX_PDF_PAGES, MAX_SECONDS_PER_PDF_PAGE
from pipeline.extract.geometry.lines import Page
from pipeline.extract.geometry.table import page_rows
from pipeline.extract.printed import Line, Word

STAMP_WORDS = 20  # a page covered by an image with fewer words is a scan (a page number stamped on it)


def as_page(page, number: int) -> Page:
    """A pdfplumber page as geometry sees it: words with their boxes, and the edges of lines and rects."""
    words = tuple(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                  for w in roomless_spaces_dropped(page).extract_words(x_tolerance=1.5, y_tolerance=2))
    rulings = tuple((e["x0"], e["top"], e["x1"], e["bottom"]) for e in page.edges)
    return Page(number, float(page.width), float(page.height), words, rulings)


def roomless_spaces_dropped(page):
    """The page without the spaces its text layer holds where there is no room for one: a space under the next
    character, as Chromium writes a soft hyphen inside a word ('Infor' ' ' 'maticien', the space and the 'r' at
    one x) or before the hyphen it prints where one broke a line ('comp' ' ' '‐')."""
    chars = page.chars
    roomless = {(c["x0"], c["top"]) for c, after in zip(chars, chars[1:])
                if c["text"] == " " and abs(after["top"] - c["top"]) < 1 and after["x0"] < (c["x0"] + c["x1"]) / 2}
    if not roomless:
        return page
    return page.filter(lambda obj: not (obj.get("object_type") == "char" and obj.get("text") == " "
                                        and (obj["x0"], obj["top"]) in roomless))


@contextlib.contextmanager
def time_limit(path: Path, number: int):
    """Stop reading a page after MAX_SECONDS_PER_PDF_PAGE: an alarm in the main thread, and a check once the page
    is read, since a library may catch the alarm's exception and carry on, and other threads have no alarm."""
    def stop(*_):
        raise LimitError(f"page {number} took over MAX_SECONDS_PER_PDF_PAGE={MAX_SECONDS_PER_PDF_PAGE} s to read",
                         path)

    alarm = threading.current_thread() is threading.main_thread()
    if alarm:
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS_PER_PDF_PAGE)
    started = time.monotonic()
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - started > MAX_SECONDS_PER_PDF_PAGE:
        stop()


def read_pages(path: Path) -> list[Page]:
    """Every page's words and rulings, closing each page once read; enforces the page and time limits, and
    refuses a page that shows what its text does not hold among pages with text (scanned into a text PDF, it
    would be skipped). A scan's pages come with no words, whatever was stamped on them."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on odd fonts are not the user's business
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise LimitError(f"PDF has {len(pdf.pages)} pages, over the limit MAX_PDF_PAGES={MAX_PDF_PAGES}",
                                 path)
            pages: list[Page] = []
            unread = []  # pages that show what their text does not hold
            for number, page in enumerate(pdf.pages, 1):
                with time_limit(path, number):
                    pages.append(as_page(page, number))
                    if shown_not_written(page, pages[-1].words):
                        unread.append(number)
                        pages[-1] = replace(pages[-1], words=())  # a scan's stamp ('2/2') is not its text
                page.close()
    except (PdfminerException, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, LimitError):
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise PdfError("PDF is encrypted: decrypt it first", path) from None
        raise PdfError(f"not a readable PDF ({type(cause).__name__}): damaged or cut short? export or download it "
                       "again", path) from None
    if unread and any(page.words for page in pages):
        raise PdfError("shows what its text does not hold (a scanned page, or letters drawn as outlines), among "
                       "pages with text: it would be left out; export the document with its text on every page, "
                       "or give it scanned whole", path, page=unread[0])
    return pages


def shown_not_written(page, words) -> bool:
    """A page whose text layer does not hold what it shows: an image over half of it and fewer than STAMP_WORDS
    words (a scan, perhaps stamped with its number), or drawn curves and no word (letters turned into outlines)."""
    width, height = float(page.width), float(page.height)
    covered = sum(max(0.0, min(float(i["x1"]), width) - max(float(i["x0"]), 0.0))
                  * max(0.0, min(float(i["bottom"]), height) - max(float(i["top"]), 0.0)) for i in page.images)
    return (covered >= width * height / 2 and len(words) < STAMP_WORDS) or (not words and bool(page.curves))


def pdf_lines(path: Path) -> list[Line]:
    """The lines of a PDF source, ready for the text grammar."""
    pages = read_pages(path)
    if not pages:
        raise PdfError("PDF has no pages: export or download it again", path)
    if not any(page.words for page in pages):
        raise NoTextLayer("PDF has no text layer (a scan)", path, 1)
    try:
        return page_rows(pages)
    except LayoutError as exc:
        raise exc.at(path)
