"""Stage 1 for laid-out pages: rebuild the annex's lines from where each word sits on its page.

Renderer-independent: reads `Page`s of `Word` boxes (a PDF's text layer through pipeline.extract_pdf,
or OCR) and returns, with `page_rows`, the `Line`s the text grammar reads (pipeline.extract_text), each
with its page, its band and the words that made it.

- Words: ligatures (ﬁ, ﬂ...) and non-breaking spaces folded. Words are grouped into visual lines by
  their vertical centres; a line in the top or bottom margin printed on most pages (a running header, a
  footer, a page number; digits folded) is page furniture and dropped.
- A table starts at its header: "CODE" with "ROME" beside it or under it (a stacked cell), and the cells
  to their right whose words fall in the same band (the count, "29 métiers", however it is aligned;
  other columns' titles). The code column is the table body's leftmost column (its words' horizontal
  projection, up to the first gap); the label column runs to the next header cell or vertical ruling;
  anything further right is an extra column.
- Rows: the label column's lines are cut into one contiguous group per code (dynamic programming), the
  cut that lines every code up with its group under one vertical alignment for the whole document (top,
  middle or bottom) without crossing a horizontal ruling. Only lines on the code's own page count for
  the alignment, so a row split by a page break keeps its lines from the next page.
- Other lines are printed as they are, a paragraph's wrapped lines joined back into one.
- A table ends at a line that starts left of the code header's right edge and is not a code, or that a
  header follows (the next list's heading, wherever it is printed), or at a header that is not its own
  repeated at the top of a page.
"""
import re
import statistics
from dataclasses import dataclass, field
from itertools import takewhile

import numpy as np

from pipeline.dictionary import declared
from pipeline.errors import LayoutError
from pipeline.extract_text import Line, code_core, looks_like_code

FOLD = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
ROME_CODE = re.compile(declared()["patterns"]["rome_code"])
DIGITS = re.compile(r"[0-9]+")
MARKS = re.compile(r"[^\w#]+")
MARGIN_SHARE = 0.12  # the top and bottom share of a page where running headers and footers sit
FURNITURE_SHARE = 0.5  # a margin line on at least this share of the pages is furniture
ALIGNMENTS = ("top", "middle", "bottom")
MAX_ROW_LINES = 10  # a cut's most lines a row, a row taking them all refused (its label may go on): 9 are read
# (a label wraps over 1-4 lines; more in a narrow column or a row split by a page break)
BEAM = 50  # cuts kept after each code, the cheapest: bounds the time a table of thousands of rows takes
RULED = 1000.0  # cost of a row band crossing a horizontal ruling
EARLIER_PAGE = 20.0  # cost of a label line on a page before its code's page (rather than after)


@dataclass(frozen=True)
class Word:
    """A word and its box, in PDF points with the origin at the top left (as pdfplumber gives them)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence 0-100; None for a text layer

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Page:
    """A page: its number (1-based), size, words, and rulings, (x0, top, x1, bottom) of lines and rect edges."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rulings: tuple[tuple[float, float, float, float], ...] = ()


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
    """Words with ligatures folded and runs of white space (non-breaking spaces too) made one space; blank
    ones dropped."""
    out = []
    for word in words:
        text = " ".join(word.text.translate(FOLD).split())
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
                if MARGIN_SHARE * page.height < line.middle < (1 - MARGIN_SHARE) * page.height \
                        or ROME_CODE.fullmatch(line.words[0].text) or is_header_word(line.words[0]):
                    break
                seen.setdefault(furniture_key(line.text), set()).add(page.number)
    return {text for text, on in seen.items() if len(on) >= max(2, FURNITURE_SHARE * len(pages))}


def furniture_key(text: str) -> str:
    """A margin line as compared across pages: its numbers folded, its marks dropped ('Page 3 / 26' and
    'Page 4 26', where OCR lost the slash, are the same footer)."""
    return " ".join(MARKS.sub(" ", DIGITS.sub("#", text)).split()).casefold()


def is_header_word(word: Word) -> bool:
    return word.text.casefold() in ("code", "code rome")


def is_code(word: Word, header: "Header") -> bool:
    """A code as read: it starts with a digit, or is a code an OCR engine misread ('S2111', '*32321',
    pipeline.extract_text.looks_like_code), or may be one whose every digit it misread (code_shaped)."""
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


@dataclass
class Table:
    """A table being read: its header, the words of its body on each page, and those pages' rulings."""

    header: Header
    words: list[tuple[int, Word]] = field(default_factory=list)
    pages: dict[int, Page] = field(default_factory=dict)
    _parts: "Parts | None" = None
    _cuts: dict = field(default_factory=dict)  # by alignment: (cost, groups)

    def add(self, page: Page, line: Visual) -> None:
        self.pages[page.number] = page
        self.words += [(page.number, w) for w in line.words]

    def parts(self, path) -> "Parts":
        """The body cut into columns (code lines, label lines, extra cells' lines), the rulings, the spacing."""
        if self._parts is None:
            code_right = code_column(self.words)
            codes = by_lines([(p, w) for p, w in self.words if w.x0 <= code_right])
            stray = next((line for line in codes if not is_code(line.words[0], self.header)), None)
            if stray is not None:
                stray = next(line for line in by_lines(self.words)
                             if line.page == stray.page and line.top <= stray.middle <= line.bottom)
                raise LayoutError(f"'{stray.text}' (y {stray.top:.0f}–{stray.bottom:.0f}) in the code column is not a "
                                  "code: a label line under the codes, or a code misread?", path, page=stray.page)
            labels = by_lines([(p, w) for p, w in self.words if code_right < w.x0 < self.header.label_right])
            extras = by_lines([(p, w) for p, w in self.words if w.x0 >= self.header.label_right])
            rulings = {n: horizontal_rulings(page, code_right, self.header.label_right)
                       for n, page in self.pages.items()}
            height = statistics.median([line.bottom - line.top for line in labels + codes])
            below = gaps(labels)
            leading, padding = spacing([g for g in below if g is not None], height)
            wide = [g is not None and g >= padding for g in below]
            self._parts = Parts(codes, labels, extras, rulings, height, leading, wide)
        return self._parts

    def costs(self, path) -> dict[str, float]:
        """What the cheapest cut of the body into rows costs under each alignment (no body: nothing)."""
        if not self.words:
            return dict.fromkeys(ALIGNMENTS, 0.0)
        return {align: self.cut(path, align)[0] for align in ALIGNMENTS}

    def cut(self, path, align: str) -> tuple[float, list[list[Visual]]]:
        """The cheapest cut of the body into rows under an alignment, and its cost (computed once)."""
        if align not in self._cuts:
            self._cuts[align] = partition(self.parts(path), align)
        return self._cuts[align]

    def lines(self, path, align: str) -> list[Line]:
        """The header line, then one line per code: code, tab, label (and a tab and extra cells, if any)."""
        out = [self.header.line()]
        if not self.words:
            return out
        parts = self.parts(path)
        bands = []
        for code, group in zip(parts.codes, rows(parts, self.cut(path, align)[1], path)):
            same = [line for line in group if line.page == code.page] + [code]
            band = (min(line.top for line in same), max(line.bottom for line in same))
            cells = [code.text, joined(group)]
            extra = [line for line in parts.extras if line.page == code.page and band[0] <= line.middle <= band[1]]
            if extra:
                cells.append(joined(extra))
            bands.append((code.page, band))
            words = tuple(w for line in [code] + group + extra for w in line.words)
            out.append(Line("\t".join(cells), None, code.page, words, band))
        stray = next((line for line in parts.extras if not any(page == line.page and top <= line.middle <= bottom
                                                               for page, (top, bottom) in bands)), None)
        if stray is not None:
            raise LayoutError(f"'{stray.text}' (y {stray.top:.0f}–{stray.bottom:.0f}) right of the labels is in no "
                              "code's row band", path, page=stray.page)
        return out


@dataclass
class Parts:
    """A table body's columns as visual lines, its pages' horizontal rulings, and its spacing."""

    codes: list[Visual]
    labels: list[Visual]
    extras: list[Visual]
    rulings: dict[int, list[float]]
    height: float  # a line's median height
    leading: float  # the narrowest gap between two label lines
    wide: list[bool]  # below each label line, a gap wider than the leading: padding between two rows


def spacing(known: list[float], height: float) -> tuple[float, float]:
    """The leading of a wrapped cell's lines, and from what gap on the gap is the padding between two rows:
    gaps sorted fall in two groups where the widest jump between two of them is over a seventh of a line
    (OCR boxes make each group spread by a point or two); otherwise all are leading (a table whose wrapped
    lines and rows have the same pitch, or that never wraps)."""
    known = sorted(g for g in known if g >= 0)  # lines that overlap were misplaced (a speck in a box)
    jump, cut = max(((b - a, i + 1) for i, (a, b) in enumerate(zip(known, known[1:]))), default=(0.0, len(known)))
    if jump <= max(1.0, 0.15 * height):
        cut = len(known)
    leading = statistics.median(known[:cut]) if known else 0.0
    return leading, (known[cut] if cut < len(known) else float("inf"))


def code_column(words: list[tuple[int, Word]]) -> float:
    """The right edge of the leftmost column: the body's horizontal projection up to its first gap."""
    ordered = sorted((w for _, w in words), key=lambda w: w.x0)
    right = ordered[0].x1
    for word in ordered[1:]:
        if word.x0 > right + 0.5:
            break
        right = max(right, word.x1)
    return right


def by_lines(words: list[tuple[int, Word]]) -> list[Visual]:
    """Words grouped into visual lines, page by page, in reading order."""
    pages: dict[int, list[Word]] = {}
    for number, word in words:
        pages.setdefault(number, []).append(word)
    return [line for number in sorted(pages) for line in visual_lines(number, pages[number])]


def rows(parts: Parts, groups: list[list[Visual]], path) -> list[list[Visual]]:
    """Each code's label lines, the cut that lines codes up best under the document's alignment, once
    checked: every code has lines beside it, in line with it, none far below, none across a ruling."""
    codes, labels, rulings, height, leading = parts.codes, parts.labels, parts.rulings, parts.height, parts.leading
    if not groups:
        raise LayoutError(f"{len(labels)} label lines beside {len(codes)} code(s) (y {codes[0].top:.0f}–"
                          f"{labels[-1].bottom:.0f}): over {MAX_ROW_LINES} lines a row", path, page=codes[0].page)
    for code, group in zip(codes, groups):
        if not group:
            above = [y for y in rulings[code.page] if y <= code.top + 1]
            below = [y for y in rulings[code.page] if y >= code.bottom - 1]
            top, bottom = (above[-1] if above else code.top), (below[0] if below else code.bottom)
            raise LayoutError(f"code {code.text} with no label in its row band (y {top:.0f}–{bottom:.0f})",
                              path, page=code.page)
        same = [line for line in group if line.page == code.page]
        band = f"y {min(code.top, same[0].top):.0f}–{max(code.bottom, same[-1].bottom):.0f}" if same else ""
        if len(group) == MAX_ROW_LINES:
            raise LayoutError(f"code {code.text} takes {MAX_ROW_LINES} label lines ({band or 'on other pages'}), the "
                              "most a row is read with: a longer label would run into the next row; a label that long, "
                              "or lines with no code? print the label column wider", path, page=code.page)
        if not same or min(anchor(code, same[0].top, same[-1].bottom, a) for a in ALIGNMENTS) > height / 2:
            raise LayoutError(f"code {code.text} does not line up with the label beside it "
                              f"({band or 'on another page'}): is a code or a label missing?", path, page=code.page)
        far = next((b for a, b in zip(same, same[1:]) if b.top - a.bottom > leading + 1.5 * height), None)
        if far is not None:
            raise LayoutError(f"'{far.text}' (y {far.top:.0f}–{far.bottom:.0f}) is far below the label of code "
                              f"{code.text}: a label with no code in its row band?", path, page=code.page)
        if crossings(rulings[code.page], min(code.top, same[0].top), max(code.bottom, same[-1].bottom)):
            raise LayoutError(f"the label of code {code.text} runs across a ruling ({band}): "
                              "a label with no code in its row band?", path, page=code.page)
    return groups


def crossings(ys: list[float], top, bottom):
    """How many horizontal rulings (a page's, their ys sorted) run through a row's band: from the top of its code
    or of its first label line on the code's page to the bottom of the lower of the code and its last one
    (numbers, or numpy arrays of them)."""
    return np.maximum(0, np.searchsorted(ys, bottom - 1, side="left") - np.searchsorted(ys, top + 1, side="right"))


def gaps(labels: list[Visual]) -> list[float | None]:
    """The gap below each label line to the next one, None at a page break (or after the last)."""
    return [(b.top - a.bottom) if a.page == b.page else None for a, b in zip(labels, labels[1:])] + [None]


def anchor(code: Visual, top, bottom, align: str):
    """How far a code is from where its alignment puts it beside the top of its first label line and the bottom
    of its last (numbers, or numpy arrays of them)."""
    if align == "top":
        return abs(top - code.top)
    if align == "bottom":
        return abs(bottom - code.bottom)
    return abs((top + bottom) / 2 - code.middle)


def partition(parts: Parts, align: str) -> tuple[float, list[list[Visual]]]:
    """The cheapest cut of the label lines into one contiguous group per code (dynamic programming, keeping
    the BEAM cheapest cuts after each code); no cut at all when MAX_ROW_LINES a code cannot take every line.

    A group costs how far its code is from its alignment (on the code's page), RULED per ruling through
    its band, EARLIER_PAGE per line on a page before its code's, and a third of a line for each wide gap
    inside it, for a cut at a narrow gap below it (a page break is no wider than a narrow gap: a cut
    there is no cheaper than a wrap elsewhere) and for a first line that starts in lower case (every
    label of the annex starts with a capital: such a line continues the row above); a code with no line
    costs 3/4 of a line.

    Each code's groups are weighed for every kept cut and every size at once (numpy), and chosen as a loop
    over the kept cuts (cheapest first), then over the sizes, keeping an end's first cheapest offer, would
    choose them: the same cut to the last tie."""
    codes, labels, rulings = parts.codes, parts.labels, parts.rulings
    m = len(labels)
    gap = parts.height / 3
    height = parts.height
    # Each label line's page, top, bottom, wide gap below, lower-case start; index m stands for a line past the
    # last, where the groups that would run past it point (they are not offered).
    page = np.array([line.page for line in labels] + [0])
    top = np.array([line.top for line in labels] + [0.0])
    bottom = np.array([line.bottom for line in labels] + [0.0])
    wide = np.array([*parts.wide, False])
    lower = np.array([line.text[:1].islower() for line in labels] + [False])
    sizes = np.arange(1, MAX_ROW_LINES + 1)
    ends, costs = np.array([0]), np.array([0.0])  # the cuts so far: the first line not yet taken, and the cost
    backs: list[dict[int, int]] = []
    for code in codes:
        kept = np.argsort(costs, kind="stable")[:BEAM]
        start, base = ends[kept][:, None], costs[kept][:, None]  # a row per kept cut, a column per group size
        end = start + sizes
        valid = end <= m
        last = np.minimum(end - 1, m)  # the group's last line
        here = (page[last] == code.page) & valid
        earlier = np.cumsum(page[last] < code.page, axis=1)
        inside = np.cumsum(np.where(sizes > 1, wide[np.minimum(end - 2, m)], False), axis=1)
        narrow_cut = (end < m) & ~wide[last]
        cut = np.arange(len(start))[:, None]
        # Of the group's lines on the code's page: the first's top and the last's bottom (any line where there is
        # none yet: `seen` sets those groups' step aside).
        seen = np.cumsum(here, axis=1) > 0
        first_top = top[last[cut, here.argmax(axis=1)[:, None]]]
        last_bottom = bottom[last[cut, np.maximum.accumulate(np.where(here, sizes - 1, 0), axis=1)]]
        ruled = crossings(rulings[code.page], np.minimum(code.top, first_top), np.maximum(code.bottom, last_bottom))
        step = np.where(seen, anchor(code, first_top, last_bottom, align) + RULED * ruled, RULED)
        cost = base + step + EARLIER_PAGE * earlier + gap * (inside + narrow_cut + lower[start])
        # The offers in a loop's order: each kept cut's code with no line, then its groups by size.
        offered = np.hstack([np.ones_like(valid[:, :1]), valid])
        offer_start = np.broadcast_to(start, offered.shape)[offered]
        offer_end = np.hstack([start, end])[offered]
        offer_cost = np.hstack([base + 0.75 * height, cost])[offered]
        order = np.lexsort((np.arange(offer_cost.size), offer_cost, offer_end))
        cheapest = order[np.r_[True, np.diff(offer_end[order]) != 0]]
        # The ends in the order of their first offer, as the next code's stable sort breaks ties by it.
        cheapest = cheapest[np.argsort(np.unique(offer_end, return_index=True)[1])]
        ends, costs = offer_end[cheapest], offer_cost[cheapest]
        backs.append(dict(zip(ends.tolist(), offer_start[cheapest].tolist())))
    if m not in ends:
        return float("inf"), []
    groups, stop = [], m
    for back in reversed(backs):
        begin = back[stop]
        groups.append(labels[begin:stop])
        stop = begin
    return float(costs[ends == m][0]), groups[::-1]


def joined(lines: list[Visual]) -> str:
    """A cell's lines as one text."""
    text = ""
    for line in lines:
        text = glued(text, line.text)
    return text


def glued(text: str, more: str) -> str:
    """Text and the line below it as one: a line ending in a hyphen joins the next without a space
    ("sous-" "sol")."""
    if not text:
        return more
    return text + ("" if text.endswith("-") and not text.endswith(" -") and more[:1].isalpha() else " ") + more


def paragraph(out: list, line: Visual, right: float) -> None:
    """Add a line outside the tables; one that continues the paragraph above it is joined to it, as the
    text source prints it: close below a line that wrapped (its first word would not have fitted at the end
    of the line above, before the right edge of the page's text)."""
    height = line.bottom - line.top
    above = out[-1] if out and isinstance(out[-1], Line) else None
    first = line.words[0]
    if above is not None and above.page == line.page \
            and 0 <= line.top - above.band[1] < 0.6 * height \
            and above.words[-1].x1 + 0.25 * height + (first.x1 - first.x0) > right:
        out[-1] = Line(glued(above.text, line.text), None, line.page, above.words + line.words,
                       (above.band[0], line.bottom))
    else:
        out.append(Line(line.text, None, line.page, line.words, (line.top, line.bottom)))


def page_rows(pages: list[Page], path) -> list[Line]:
    """The lines of laid-out pages, ready for the text grammar: tables rebuilt into rows and headers,
    every other line as printed, furniture dropped; each numbered within its page.

    One alignment for the whole document (a document has one style): the one under which its tables'
    rows cost least together. A table alone can read both ways: where wrapped lines and rows have the
    same pitch, codes on the first line of their rows (top) and on the last (bottom, each wrapped line
    taken by the row below) line up equally well, unless its last row wraps."""
    lines = [visual_lines(page.number, folded(page.words)) for page in pages]
    skip = furniture(pages, lines)
    out: list[Line | Table] = []
    table: Table | None = None
    for page, page_lines in zip(pages, lines):
        page_lines = [line for line in page_lines if furniture_key(line.text) not in skip]
        right = max((line.words[-1].x1 for line in page_lines), default=0.0)
        i = 0
        while i < len(page_lines):
            header = header_at(page_lines, i, page)
            if header is not None:
                # The line before a header ends the table: one still open here had its rows on earlier pages, and
                # this header tops a page; with the same title, it is the table's header printed again.
                repeated = table is not None and same_title(header.title, table.header.title) and table.words
                if not repeated:
                    table = Table(header)
                    out.append(table)
                i += header.lines
                continue
            line = page_lines[i]
            heading = i + 1 < len(page_lines) and header_at(page_lines, i + 1, page) is not None
            if table is not None and not heading \
                    and (starts_row(line, table.header) or line.words[0].x0 >= table.header.code_right):
                table.add(page, line)
            else:
                table = None
                paragraph(out, line, right)
            i += 1
    costs = [item.costs(path) for item in out if isinstance(item, Table)]
    # Equal costs (every row consistent with two alignments) go to the first: top, the renderers' default.
    align = min(ALIGNMENTS, key=lambda a: round(sum(c[a] for c in costs), 3))
    return numbered([line for item in out
                     for line in (item.lines(path, align) if isinstance(item, Table) else [item])])


def numbered(lines: list[Line]) -> list[Line]:
    """Each line with its number within its page."""
    out, count = [], {}
    for line in lines:
        count[line.page] = count.get(line.page, 0) + 1
        out.append(Line(line.text, count[line.page], line.page, line.words, line.band))
    return out
