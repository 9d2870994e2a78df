"""OCR words made a text layer's: specks and rulings dropped, boxes from baseline to ascender; then rows."""
import re
import statistics
from dataclasses import replace
from pathlib import Path

import numpy as np

from pipeline.core.confidence import LOW_CONFIDENCE, tenth
from pipeline.core.errors import LayoutError, PdfError
from pipeline.extract.geometry.table import page_rows
from pipeline.extract.ocr.reading import Reading
from pipeline.extract.printed import Line, Word

UNREADABLE_CONFIDENCE = 50.0  # a page whose words' median confidence is lower was not read: upside down?
UNREADABLE_WORDS = 20  # ... if it has at least this many (a near-empty page says little)
INK_GAP_INCHES = 0.012  # as many blank rows part a word's ink (2 pixels at 200 dpi: an accent 1 row up stays)
TALLEST = 1.6  # a word taller than this many times the page's ascent has a speck in its box
MIN_GLYPH_HEIGHT = 2.0  # points: a mark smaller than this is a speck, not a character
ASCENDERS = re.compile(r"[A-Z0-9bdfhklt'àâäéèêëîïôöùûüÿÀ-ÖØ-Þ()\[\]{}/]")
DESCENDERS = re.compile(r"[gjpqyçQ,;()\[\]{}/]")
RULING_MARKS = "|¦"


def inked(image, words: list[Word], dpi: int) -> list[Word]:
    """Words with their boxes' tops and bottoms moved to their ink: Tesseract sometimes gives a word set
    between two lines (a code beside a label of two) a box as tall as both. Within the box, the rows
    holding ink, in bands split by blank gaps of INK_GAP_INCHES or more (an accent or a dot stays with its
    letters), the band with the most ink. Marks keep their boxes."""
    ink = np.asarray(image) < 160
    scale, gap = dpi / 72, max(1, round(INK_GAP_INCHES * dpi))
    out = []
    for word in words:
        top, left = round(word.top * scale), round(word.x0 * scale)
        rows = ink[top:round(word.bottom * scale) + 1, left:round(word.x1 * scale) + 1].sum(axis=1)
        inked_rows = np.flatnonzero(rows)
        if inked_rows.size == 0 or is_mark(word):  # a mark (':') is in pieces
            out.append(word)
            continue
        bands = np.split(inked_rows, np.flatnonzero(np.diff(inked_rows) > gap) + 1)
        band = max(bands, key=lambda b: rows[b].sum())
        out.append(replace(word, top=round((top + band[0]) / scale, 2), bottom=round((top + band[-1] + 1) / scale, 2)))
    return out


def is_speck(word: Word) -> bool:
    """A mark that is not text: smaller than any character, or no letter nor digit read with low confidence."""
    return word.bottom - word.top < MIN_GLYPH_HEIGHT or (
        is_mark(word) and (word.conf or 0) < LOW_CONFIDENCE)


def is_mark(word: Word) -> bool:
    """No letter nor digit: punctuation, a ruling OCR read as '|', a speck."""
    return not any(c.isalnum() for c in word.text)


def font_boxes(words: list[Word]) -> list[Word]:
    """Words with the boxes a text layer gives them: from the baseline up to the ascenders' height and
    down to the descenders', whatever letters they hold. OCR boxes hug the ink ('verre' is lower than
    'Verre', 'rayon)' deeper than 'rayon'), which moves a line's top and bottom by a fifth of its height
    and makes the gaps between lines, which tell a wrapped label from the next row, vary as much.

    The page's heights: ascent, the median height of words with an ascender and no descender; descent,
    what words with both add to it. A word with an ascender keeps its top (a heading's larger type keeps
    its size, up to TALLEST times the ascent); its baseline is its bottom, or its bottom less the descent
    if it has a descender."""
    letters = [(w, ASCENDERS.search(w.text) is not None, DESCENDERS.search(w.text) is not None) for w in words]
    tall = [w.bottom - w.top for w, up, down in letters if up and not down]
    if not tall:
        return words
    ascent = statistics.median(tall)
    deep = [w.bottom - w.top - ascent for w, up, down in letters if up and down]
    descent = max(0.0, statistics.median(deep)) if deep else 0.25 * ascent
    out = []
    for word, up, down in letters:
        if is_mark(word):
            out.append(word)
            continue
        baseline = word.bottom - descent if down else word.bottom
        top = word.top if up and baseline - word.top < TALLEST * ascent else baseline - ascent  # else a speck
        bottom = baseline + descent * (baseline - top) / ascent
        out.append(replace(word, top=top, bottom=bottom) if (top, bottom) != (word.top, word.bottom) else word)
    return out


def cleaned(word: Word) -> Word:
    """A word without the table rulings OCR reads as bars stuck to it ('|ROME')."""
    text = word.text.strip(RULING_MARKS)
    return word if text == word.text else replace(word, text=text)


def median_confidence(words) -> float:
    """The median confidence of a page's words that are not marks (0 where there is none)."""
    return statistics.median([w.conf for w in words if not is_mark(w)] or [0.0])


def unreadable(words) -> str | None:
    """Why OCR's reading of a page is not to be trusted, if it is not: most of its words read with low
    confidence (at least UNREADABLE_WORDS of them: a near-empty page says little)."""
    confidences = [w.conf for w in words if not is_mark(w)]
    if len(confidences) >= UNREADABLE_WORDS and (median := median_confidence(words)) < UNREADABLE_CONFIDENCE:
        return (f"OCR read nothing it trusts on this page (median confidence {tenth(median)} over "
                f"{len(confidences)} words), upright or turned: too faint, or not text? scan it again")
    return None


def scan_lines(reading: Reading, path: Path) -> list[Line]:
    """The scan's lines, ready for the text grammar, each with the words that made it: the pages'
    words, rulings and specks dropped, boxes made a text layer's, through the renderer-independent geometry.
    A page OCR could not read (upside down, a photo) is refused by its number, before the geometry finds
    something amiss in the table it interrupts."""
    if all(is_mark(w) for page in reading.pages for w in page.words):
        raise PdfError("OCR read no text on any page: blank pages, or pictures? scan the document again", path)
    for page in reading.pages:
        refused = unreadable(page.words)
        if refused:
            raise PdfError(refused, path, page=page.number)
    pages = [replace(page, words=tuple(font_boxes([w for w in map(cleaned, page.words) if not is_speck(w)])))
             for page in reading.pages]
    try:
        return page_rows(pages)
    except LayoutError as exc:
        raise exc.at(path)
