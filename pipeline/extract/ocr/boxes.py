"""OCR words as read: boxes moved to their ink, marks told from words, a page's reading weighed (`layer` makes
them a text layer's, after reading)."""
import statistics
from dataclasses import replace

import numpy as np

from pipeline.core.confidence import tenth
from pipeline.extract.printed import Word

UNREADABLE_CONFIDENCE = 50.0  # a page whose words' median confidence is lower was not read: upside down?
UNREADABLE_WORDS = 20  # ... if it has at least this many (a near-empty page says little)
INK_GAP_INCHES = 0.012  # as many blank rows part a word's ink (2 pixels at 200 dpi: an accent 1 row up stays)


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


def is_mark(word: Word) -> bool:
    """No letter nor digit: punctuation, a ruling OCR read as '|', a speck."""
    return not any(c.isalnum() for c in word.text)


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
