"""Words folded and grouped into visual lines; the pages' furniture (running headers, footers)."""
import re
from dataclasses import dataclass, replace

from pipeline.core.confidence import LOW_CONFIDENCE
from pipeline.core.dictionary import declared
from pipeline.extract.printed import Word

ROME_CODE = re.compile(declared()["patterns"]["rome_code"])
DIGITS = re.compile(r"[0-9]+")
MARKS = re.compile(r"[^\w#]+")
COUNT_SHAPE = re.compile(r"(?=\S*[0-9])[0-9OoIlSB|]{1,3}\s+m\S{4,7}", re.IGNORECASE)  # '29 métiers', '29 métlers'; not 'des métaux'
MARGIN_SHARE = 0.12  # the top and bottom share of a page where running headers and footers sit
FURNITURE_SHARE = 0.5  # a margin line on more than this share of the pages (most of them) is furniture


@dataclass(frozen=True)
class Page:
    """A page: its number (1-based), size, words, and rulings, (x0, top, x1, bottom) of lines and rect edges;
    where a page set in columns was read as one, the y at which each column moved under the first begins, and how
    far down it moved, with what was printed below both (`place`)."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rulings: tuple[tuple[float, float, float, float], ...] = ()
    column_tops: tuple[float, ...] = ()
    column_shift: float = 0.0


def place(page: Page | None, top: float, bottom: float) -> str:
    """Where lines run on the page as printed ('y 120–131'): on a page set in columns and read as one (its right
    column under the left one), a place in the right column, or below both, moved back up to where it is printed;
    the right column's said so ('y 403–414, right column', not 'y 1183–1194', off the page)."""
    if page is None or not page.column_tops or top < page.column_tops[0]:
        return f"y {top:.0f}–{bottom:.0f}"
    right = top < page.column_tops[0] + page.column_shift
    return f"y {top - page.column_shift:.0f}–{bottom - page.column_shift:.0f}" + (", right column" if right else "")


@dataclass(frozen=True)
class Visual:
    """A line as printed: its words left to right, on one page, and its vertical extent."""

    page: int
    words: tuple[Word, ...]
    top: float
    bottom: float

    @classmethod
    def of(cls, page: int, words: list[Word]) -> "Visual":
        return cls(page, tuple(sorted(words, key=lambda w: w.x0)), min(w.top for w in words),
                   max(w.bottom for w in words))

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def folded(words) -> list[Word]:
    """Words with runs of white space (non-breaking spaces too) made one space; blank ones dropped. Ligatures
    are kept as printed (canonical labels and keys fold them: pipeline.core.text.plain)."""
    out = []
    for word in words:
        text = " ".join(word.text.split())
        if text:
            out.append(word if text == word.text else Word(text, word.x0, word.x1, word.top, word.bottom, word.conf))
    return out


def visual_lines(page: int, words: list[Word]) -> list[Visual]:
    """Words grouped into lines: a word joins the line whose first word's extent holds its vertical centre."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        home = next((line for line in reversed(lines[-3:]) if line[0].top <= word.middle <= line[0].bottom), None)
        if home is None:
            lines.append([word])
        else:
            home.append(word)
    return sorted((Visual.of(page, line) for line in lines), key=lambda line: line.top)


def furniture(pages: list[Page], lines: list[list[Visual]]) -> set[str]:
    """Texts (furniture_key) printed in the top or bottom margin of most pages: headers, footers, page numbers.
    Only the lines between a page's edge and its first row or table header count."""
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for page, page_lines in zip(pages, lines):
        for ordered in (page_lines, page_lines[::-1]):
            for line in ordered:
                if not in_margin(line, page) \
                        or ROME_CODE.fullmatch(line.words[0].text) or is_header_word(line.words[0]) \
                        or has_role(line):
                    break
                seen.setdefault(furniture_key(line.text), set()).add(page.number)
    return {text for text, on in seen.items() if len(on) >= 2 and len(on) > FURNITURE_SHARE * len(pages)}


def in_margin(line: Visual, page: Page) -> bool:
    """In a page's top or bottom margin (MARGIN_SHARE of it), where furniture sits."""
    return not MARGIN_SHARE * page.height < line.middle < (1 - MARGIN_SHARE) * page.height


def furnished(line: Visual, page: Page, skip: set[str]) -> bool:
    """Furniture (`furniture`: its text printed in the margins of most pages) where it is printed: in the page's
    margin, and no code (a code set alone between its label's lines folds as a page number does, '#': an outside
    review's middle-aligned tables lost every such row, those at a page's top too)."""
    return in_margin(line, page) and not ROME_CODE.fullmatch(line.words[0].text) and furniture_key(line.text) in skip


def furniture_key(text: str) -> str:
    """A margin line as compared across pages: its numbers folded, its marks dropped ('Page 3 / 26' and
    'Page 4 26', where OCR lost the slash, are the same footer)."""
    return " ".join(MARKS.sub(" ", DIGITS.sub("#", text)).split()).casefold()


def is_header_word(word: Word) -> bool:
    return word.text.casefold() in ("code", "code rome", "coderome")


def header_word(word: Word) -> bool:
    return is_header_word(word) or word.text.casefold() == "rome"


def header_word_as_read(word: Word) -> bool:
    """'CODE' or 'ROME' as OCR may read them in a header: a letter off or lost, marks stuck to them ('ROM:',
    'COD).')."""
    letters = "".join(c for c in word.text.casefold() if c.isalpha())
    return header_word(word) or (len(letters) >= 3 and any(near(letters, w) for w in ("code", "rome")))


def near(one: str, other: str) -> bool:
    """Two words one letter apart: one changed, added or lost."""
    if abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other)) <= 1
    short, long = sorted((one, other), key=len)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


def has_role(line: Visual) -> bool:
    """A header line as OCR may read it in part: the code header's words alone ('CODE', its 'ROME' lost), or a
    count cell ('29 métiers', '29 métlers') beside them or alone: with OCR's noise set aside, or as read, whatever
    the confidence (a shaded header is read with less); not 'Code de Rome'."""
    confident = [w for w in line.words if not unread(w)]
    return any(role(words) for words in (confident, list(line.words)))


def unread(word: Word) -> bool:
    """A word OCR read with no confidence (below LOW_CONFIDENCE); a text layer's words are read."""
    return word.conf is not None and word.conf < LOW_CONFIDENCE


def role(words: list[Word]) -> bool:
    """The code header's words alone, or a count cell beside them, as OCR may read them (`header_word_as_read`:
    'RCME' under 'CCDE 23 métiers', a header wrapped in its cell), marks aside (a speck read ':' in 'COD : 11
    métiers')."""
    words = [w for w in words if any(c.isalnum() for c in w.text)]
    if words and all(header_word_as_read(w) for w in words):
        return True
    rest = [w for w in words if not header_word_as_read(w)]
    if rest and COUNT_SHAPE.fullmatch(" ".join(w.text for w in rest)):
        return True
    # The code header's word read in pieces beside the count ("C''" at 37 and 'DE' for 'CODE': development 1121).
    left, count = words[:-2], words[-2:]
    return bool(left) and COUNT_SHAPE.fullmatch(" ".join(w.text for w in count)) is not None \
        and header_word_as_read(replace(left[0], text="".join(w.text for w in left)))
