"""Stage 1 for PDF sources: open with pdfplumber, enforce the limits, turn each page into a geometry.Page
(its words and rulings), and let pipeline.geometry rebuild the lines the text grammar reads."""
import contextlib
import logging
import signal
import threading
import time
from pathlib import Path

from pipeline.errors import LimitError, NoTextLayer, PdfError
from pipeline.extract_text import Line
from pipeline.geometry import Page, Word, page_rows
from pipeline.paths import MAX_PDF_PAGES, MAX_SECONDS_PER_PDF_PAGE


def as_page(page, number: int) -> Page:
    """A pdfplumber page as geometry sees it: words with their boxes, and the edges of lines and rects."""
    words = tuple(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                  for w in page.extract_words(x_tolerance=1.5, y_tolerance=2))
    rulings = tuple((e["x0"], e["top"], e["x1"], e["bottom"]) for e in page.edges)
    return Page(number, float(page.width), float(page.height), words, rulings)


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
    refuses a page of an image and no text among pages with text (scanned into a text PDF, it would be skipped)."""
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
            imaged = []  # pages that hold an image and no text: scanned, if other pages have text
            for number, page in enumerate(pdf.pages, 1):
                with time_limit(path, number):
                    pages.append(as_page(page, number))
                    if not pages[-1].words and page.images:
                        imaged.append(number)
                page.close()
    except (PdfminerException, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, LimitError):
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise PdfError("PDF is encrypted: decrypt it first", path) from None
        raise PdfError(f"not a readable PDF ({type(cause).__name__}): damaged or cut short? export or download it "
                       "again", path) from None
    if imaged and any(page.words for page in pages):
        raise PdfError("an image and no text, among pages with text: a page scanned into a text PDF would be left "
                       "out; add its text by OCR (`ocrmypdf --skip-text in.pdf out.pdf`) or give the document scanned "
                       "whole", path, page=imaged[0])
    return pages


def pdf_lines(path: Path) -> list[Line]:
    """The lines of a PDF source, ready for the text grammar."""
    pages = read_pages(path)
    if not pages:
        raise PdfError("PDF has no pages: export or download it again", path)
    if not any(page.words for page in pages):
        raise NoTextLayer("PDF has no text layer (a scan)", path, 1)
    return page_rows(pages, path)
