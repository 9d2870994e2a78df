"""OCR words made a text layer's, after reading: specks and rulings dropped, each word read once, boxes from
baseline to ascender; then rows. Not part of the reading the cache keeps (`cache.PREPARING`): a change here reads
no scan again."""
import re
import statistics
from dataclasses import replace
from pathlib import Path

from pipeline.core.confidence import LOW_CONFIDENCE
from pipeline.core.errors import LayoutError, PdfError
from pipeline.extract.geometry.lines import unread
from pipeline.extract.geometry.table import page_rows
from pipeline.extract.ocr.boxes import is_mark, unreadable
from pipeline.extract.ocr.reading import Reading
from pipeline.extract.printed import Line, Word

TALLEST = 1.6  # a word taller than this many times the page's ascent has a speck in its box
MIN_GLYPH_HEIGHT = 2.0  # points: a mark smaller than this is a speck, not a character
ASCENDERS = re.compile(r"[A-Z0-9bdfhklt'àâäéèêëîïôöùûüÿÀ-ÖØ-Þ()\[\]{}/]")
DESCENDERS = re.compile(r"[gjpqyçQ,;()\[\]{}/]")
RULING_MARKS = "|¦"


def is_speck(word: Word) -> bool:
    """A mark that is not text: smaller than any character, or no letter nor digit read with low confidence."""
    return word.bottom - word.top < MIN_GLYPH_HEIGHT or (
        is_mark(word) and (word.conf or 0) < LOW_CONFIDENCE)


def read_once(words) -> list[Word]:
    """OCR's words but those it read twice: a word read with no confidence, half its box or more inside the box
    of a word read with confidence, is that word's ink read again ('Ni' at 7 inside a header's 'métiers' at 95
    made '25 Ni métiers' no count; 'ne' at 3 inside 'qualité' at 96); a line of its own, a little above or below,
    it read as a row's line. So is a word, whatever its confidence, half inside a longer word's box whose text holds
    its own ('q' at 91 inside 'mécanique' at 97: development 1080 published 'construction mécanique q')."""
    sure = [w for w in words if w.conf is not None and not unread(w)]
    area = lambda w: (w.x1 - w.x0) * (w.bottom - w.top)
    inside = lambda w, k: max(0.0, min(w.x1, k.x1) - max(w.x0, k.x0)) * max(0.0, min(w.bottom, k.bottom)
                                                                           - max(w.top, k.top))
    again = lambda w, k: unread(w) or (len(k.text) > len(w.text) and w.text.casefold() in k.text.casefold())
    return [w for w in words if not any(inside(w, k) >= area(w) / 2 > 0 and again(w, k) for k in sure if k is not w)]


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


def as_text_layer(words) -> list[Word]:
    """A page's OCR words as a text layer gives them: rulings and specks out, each word read once (`read_once`,
    on the boxes as OCR read them, hugging the ink: 'ne' at 3 inside 'qualité', given a font's box, stands above
    it, a line of its own), then font boxes."""
    return font_boxes(read_once([w for w in map(cleaned, words) if not is_speck(w)]))


def cleaned(word: Word) -> Word:
    """A word without the table rulings OCR reads as bars stuck to it ('|ROME')."""
    text = word.text.strip(RULING_MARKS)
    return word if text == word.text else replace(word, text=text)


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
    pages = [replace(page, words=tuple(as_text_layer(page.words))) for page in reading.pages]
    try:
        return page_rows(pages)
    except LayoutError as exc:
        raise exc.at(path)
