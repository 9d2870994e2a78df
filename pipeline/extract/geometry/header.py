"""A table's header row, and what starts a row under it."""
from dataclasses import dataclass
from itertools import takewhile

from pipeline.extract.geometry.lines import (
    DIGITS,
    Page,
    Visual,
    furniture_key,
    is_header_word,
    visual_lines,
)
from pipeline.extract.printed import Line, Word, code_core, looks_like_code


def is_code(word: Word, header: "Header") -> bool:
    """A code as read: it starts with a digit, or is a code an OCR engine misread ('S2111', '*32321',
    pipeline.extract.printed.looks_like_code), or may be one whose every digit it misread (code_shaped)."""
    return looks_like_code(word.text) or code_shaped(word, header)


def code_shaped(word: Word, header: "Header") -> bool:
    """Three to six letters or digits within the code header's width ('ÉGSEL', 'SALL')."""
    core = code_core(word.text)
    return 3 <= len(core) <= 6 and core.isalnum() and word.x1 <= header.code_right \
        and core.casefold() not in ("code", "rome")  # a header whose other word OCR lost


def starts_row(line: Visual, header: "Header") -> bool:
    """A table line that starts a row: a code, or a code whose every digit OCR misread, that is a
    code-shaped word either beside a label (the next word right of the code header) or in capitals alone
    ('BEI'); not 'Page 3' nor 'Corse'."""
    first = line.words[0]
    if looks_like_code(first.text):
        return True
    beside = len(line.words) > 1 and line.words[1].x0 > header.code_right
    return code_shaped(first, header) and (beside or (len(line.words) == 1 and first.text == first.text.upper()))


@dataclass
class Header:
    """A table's header row: the code header's words, the label column's title, and where columns end."""

    page: int
    code_words: list[Word]
    title_words: list[Word]
    label_right: float
    lines: int  # how many visual lines it spans

    @property
    def code_right(self) -> float:
        return max(w.x1 for w in self.code_words)

    @property
    def title(self) -> str:
        return " ".join(w.text for line in visual_lines(self.page, self.title_words) for w in line.words)

    def line(self) -> Line:
        words = tuple(self.code_words + self.title_words)
        return Line("CODE ROME\t" + self.title, None, self.page, words,
                    (min(w.top for w in words), max(w.bottom for w in words)))


def header_at(lines: list[Visual], i: int, page: Page) -> Header | None:
    """The header row that starts at line i ("CODE ROME", or "CODE" over "ROME"), if one does."""
    first = lines[i].words[0]
    if not is_header_word(first):
        return None
    code_words = [first]
    if first.text.casefold() == "code":
        beside = list(lines[i].words[1:2])
        under = [w for line in lines[i + 1:i + 4] for w in line.words
                 if w.x0 < first.x1 and w.x1 > first.x0 and w.top < first.bottom + 2 * (first.bottom - first.top)]
        rome = [w for w in beside + under[:1] if w.text.casefold() == "rome"]
        if not rome:
            return None
        code_words.append(rome[0])
    top, bottom = min(w.top for w in code_words), max(w.bottom for w in code_words)
    right = max(w.x1 for w in code_words)
    spanned = list(takewhile(lambda line: top - 1 <= line.middle <= bottom + 1, lines[i:]))
    cells = columns([w for line in spanned for w in line.words if w.x0 >= right and w not in code_words])
    label_right = min([c[0].x0 for c in cells[1:]] + [x for x in vertical_rulings(page, top, bottom)
                                                      if cells and x >= max(w.x1 for w in cells[0])],
                      default=float("inf"))
    return Header(page.number, code_words, cells[0] if cells else [], label_right, len(spanned))


def same_title(one: str, other: str) -> bool:
    """Two header titles alike: the same count ('17 métiers', and 'es 17 métiers' where OCR read a
    speck as letters), or the same words when there is no count."""
    counts = DIGITS.findall(one), DIGITS.findall(other)
    return counts[0] == counts[1] if counts[0] or counts[1] else furniture_key(one) == furniture_key(other)


def columns(words: list[Word]) -> list[list[Word]]:
    """Header words cut into cells where their horizontal projection leaves a gap wider than a word's height."""
    cells: list[list[Word]] = []
    right = None
    for word in sorted(words, key=lambda w: w.x0):
        if right is None or word.x0 > right + (word.bottom - word.top):
            cells.append([])
            right = word.x1
        cells[-1].append(word)
        right = max(right, word.x1)
    return cells


def vertical_rulings(page: Page, top: float, bottom: float) -> list[float]:
    """The x of vertical rulings that span the band (top, bottom)."""
    return sorted(x0 for x0, t, x1, b in page.rulings if x1 - x0 < 1 and t <= top + 1 and b >= bottom - 1)


def horizontal_rulings(page: Page, left: float, right: float) -> list[float]:
    """The y of horizontal rulings that reach into the columns from left to right."""
    return sorted(t for x0, t, x1, b in page.rulings if b - t < 1 and x0 < right and x1 > left)
