"""Tables read off laid-out pages into the lines the grammar reads: `page_rows`."""
import itertools
import re
import statistics
from dataclasses import dataclass, field, replace

from pipeline.core.errors import LayoutError
from pipeline.extract.geometry.columns import one_column
from pipeline.extract.geometry.header import (
    Header,
    header_at,
    horizontal_rulings,
    is_code,
    noise,
    repeats,
    starts_row,
    surer,
)
from pipeline.extract.geometry.lines import (
    ROME_CODE,
    Page,
    Visual,
    folded,
    furniture,
    furniture_key,
    unread,
    visual_lines,
)
from pipeline.extract.geometry.rows import (
    ALIGNMENTS,
    Parts,
    checked,
    gaps,
    partition,
    spacing,
)
from pipeline.extract.printed import Line, Word


@dataclass
class Table:
    """A table being read: its header, the words of its body on each page, and those pages' rulings."""

    header: Header
    words: list[tuple[int, Word]] = field(default_factory=list)
    pages: dict[int, Page] = field(default_factory=dict)
    _parts: "Parts | None" = None
    _groupings: dict = field(default_factory=dict)  # by alignment: (cost, groups)

    def add(self, page: Page, line: Visual) -> None:
        self.pages[page.number] = page
        self.words += [(page.number, w) for w in line.words]

    def parts(self) -> "Parts":
        """The body split into columns (code lines, label lines, extra cells' lines), the rulings, the spacing."""
        if self._parts is None:
            code_right = code_column(self.words)
            codes = by_lines([(p, w) for p, w in self.words if w.x0 <= code_right])
            stray = next((line for line in codes if not is_code(line.words[0], self.header)), None)
            if stray is not None:
                stray = next(line for line in by_lines(self.words)
                             if line.page == stray.page and line.top <= stray.middle <= line.bottom)
                raise LayoutError(f"'{stray.text}' (y {stray.top:.0f}–{stray.bottom:.0f}) in the code column is not a "
                                  "code: a label line under the codes, or a code misread?", page=stray.page)
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

    def costs(self) -> dict[str, float]:
        """What the cheapest grouping of the body into rows costs under each alignment (no body: nothing)."""
        if not self.words:
            return dict.fromkeys(ALIGNMENTS, 0.0)
        return {align: self.grouping(align)[0] for align in ALIGNMENTS}

    def grouping(self, align: str) -> tuple[float, list[list[Visual]]]:
        """The cheapest grouping of the body into rows under an alignment, and its cost (computed once)."""
        if align not in self._groupings:
            self._groupings[align] = partition(self.parts(), align)
        return self._groupings[align]

    def rows(self, align: str) -> list[list[Visual]]:
        """Each code's label lines: the cheapest grouping under the document's alignment, checked. Where it fails
        its checks, the rulings may be what misleads (a zebra band's edge read as a ruling, a ruling lost or merged
        in a scan: they weigh on the alignment chosen too): the cheapest grouping without them, under that
        alignment or another, that passes the checks and that the lines' spacing bears out (`spaced`). Otherwise
        the first failure is the refusal."""
        parts = self.parts()
        try:
            return checked(parts, self.grouping(align)[1])
        except LayoutError:
            if not any(parts.rulings.values()):
                raise
            unruled = replace(parts, rulings={n: [] for n in parts.rulings})
            readings = {a: partition(unruled, a) for a in ALIGNMENTS}
            for other in sorted(ALIGNMENTS, key=lambda a: (a != align, readings[a][0])):
                try:
                    groups = checked(unruled, readings[other][1])
                except LayoutError:
                    continue
                if spaced(parts, groups):
                    return groups
            raise

    def lines(self, align: str, columns: dict[int, list[tuple[float, float]]] | None = None) -> list[Line]:
        """The header line, then one line per code: code, tab, label (and a tab and extra cells, if any)."""
        out = [self.header.line()]
        if not self.words:
            return out
        parts = self.parts()
        bands = []
        for code, group in zip(parts.codes, self.rows(align)):
            same = [line for line in group if line.page == code.page] + [code]
            band = (min(line.top for line in same), max(line.bottom for line in same))
            cells = [code.text, joined(group, columns)]
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
                              "code's row band", page=stray.page)
        return out


def spaced(parts: Parts, groups: list[list[Visual]]) -> bool:
    """Rows the spacing tells apart: every gap inside a row narrow, every break between two rows on one page wide;
    where every gap is alike (rows and wrapped lines at one pitch), rows whose every line after the first goes on
    from the line above (it does not start with a capital, as a label does)."""
    if not any(parts.wide):
        return all(not line.text[:1].isupper() for group in groups for line in group[1:])
    index = {id(line): n for n, line in enumerate(parts.labels)}
    ends = [index[id(group[-1])] for group in groups if group]
    inside = [index[id(line)] for group in groups for line in group[:-1]]
    same_page = lambda n: n + 1 < len(parts.labels) and parts.labels[n + 1].page == parts.labels[n].page
    return not any(parts.wide[n] for n in inside) and all(parts.wide[n] for n in ends[:-1] if same_page(n))


def code_column(words: list[tuple[int, Word]]) -> float:
    """The right edge of the leftmost column: the body's horizontal projection up to its first gap, of the words
    read with confidence (a code OCR could not read may have a box as wide as the gap: 'cr'Aey.' at 0)."""
    trusted = [w for _, w in words if not unread(w)]
    ordered = sorted(trusted or [w for _, w in words], key=lambda w: w.x0)
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


FULL_LINES = 3  # label lines that reach the column's right edge, at least, for a table to tell where it is
NARROWEST_COLUMN = 8  # line heights: a label column is no narrower (some fifteen characters a line)


def label_columns(labels: list[Visual], height: float) -> dict[int, list[tuple[float, float]]]:
    """Per page, the label column's left and right edges, one pair for each place it is printed at (a page set in
    two columns prints it twice): the page's label lines grouped by where they start, each group a column where
    FULL_LINES lines or more reach its right edge (within half a line's height) and it is NARROWEST_COLUMN line
    heights wide or more: in a table of a few short rows, the widest line tells nothing of the column."""
    groups: list[list[Visual]] = []
    for line in sorted(labels, key=lambda line: (line.page, line.words[0].x0)):
        last = groups[-1][-1] if groups else None
        if last is None or last.page != line.page or line.words[0].x0 > last.words[0].x0 + height / 4:
            groups.append([])
        groups[-1].append(line)
    out: dict[int, list[tuple[float, float]]] = {}
    for group in groups:
        left, right = min(line.words[0].x0 for line in group), max(line.words[-1].x1 for line in group)
        if sum(line.words[-1].x1 >= right - height / 2 for line in group) >= FULL_LINES \
                and right - left >= NARROWEST_COLUMN * height:
            out.setdefault(group[0].page, []).append((left, right))
    return out


def joined(lines: list[Visual], columns: dict[int, list[tuple[float, float]]] | None = None) -> str:
    """A cell's lines as one text. Where a line is full (its last word ends at its label column's right edge) and
    that word and the next line's first, not a capital, are together wider than the column, no line could hold
    them as one word: a renderer that does not hyphenate may have broken one word there ('méthodes-ordonnan' /
    'cement-planification'); marked (CUT) for `unbroken` to weigh against the document's words."""
    text, previous = "", None
    for line in lines:
        first, above = line.words[0], previous.words[-1] if previous else None
        column = next(((left, right) for left, right in (columns or {}).get(previous.page if previous else 0, [])
                       if left - 1 <= above.x0 <= right), None)
        if column is not None and first.text[:1].isalpha() and not first.text[:1].isupper() \
                and not above.text.endswith(("-", "\u00ad")) \
                and above.x1 >= column[1] - (above.bottom - above.top) / 2 \
                and (above.x1 - above.x0) + (first.x1 - first.x0) > column[1] - column[0]:
            text += CUT + line.text
        else:
            text = glued(text, line.text)
        previous = line
    return text


BREAK = "\u2063"  # after a hyphen that ended a line, until the document's words tell what it was (`unbroken`)
CUT = "\u2064"  # between a full line's last word and the next line's first, too wide together for the column


def glued(text: str, more: str) -> str:
    """Text and the line below it as one: a line ending in a hyphen joins the next without a space, the hyphen
    marked (BREAK) for `unbroken` to weigh ("sous-" "sol", "pre-" "mières"), one ending in a soft hyphen
    without it (the typesetter's break of one word)."""
    if not text:
        return more
    if text.endswith("\u00ad"):  # a soft hyphen where the typesetter broke a word ('ma\u00ad' 'tières'): one word
        return text[:-1] + more
    if text.endswith("-") and not text.endswith(" -") and more[:1].isalpha():
        return text + BREAK + more
    if more[:1] == "-" and more[1:2].isalpha():  # a compound broken before its hyphen ('méthodes' '-ordonnancement')
        return text + more
    return text + " " + more


def unbroken(lines: list[Line], inner: set[str] = frozenset()) -> list[Line]:
    """Each line break `joined` and `glued` marked, read. A CUT by the words printed inside a line (`cut`); where
    they tell nothing, the page is refused. Then each hyphen that ended a line, weighed against the document's
    own words, those it prints whole on one line: where it prints the word one way only, with the hyphen
    ('sous-sol') or without ('premières': a typesetter hyphenated it there), the word is read so. Where it prints
    neither, the hyphen stays, as printed, in a document that shows no hyphenation (a compound broken at its
    hyphen: 'Dessinateur-' 'projeteur'); in a table of one that does, either reading may be the page's, and the
    page is refused."""
    cuts = {token: cut(token.split(CUT), inner) for line in lines for token in line.text.split() if CUT in token}
    for line in lines:
        undecided = next((t for t in line.text.split() if CUT in t and cuts[t] is None), None)
        if undecided is not None:
            before, after = undecided.split(CUT)[:2]
            raise LayoutError(f"'{before}' ends a full line, then '{after}': one word the renderer broke without a "
                              "hyphen, or two words? the document prints neither inside a line: print the label "
                              "column wider, or name this source in a manifest with its text", page=line.page)
    lines = [Line(re.sub(rf"\S*{CUT}\S*", lambda m: cuts[m.group(0)], line.text), line.number, line.page, line.words,
                  line.band) if CUT in line.text else line for line in lines]
    words = {fold_word(w) for line in lines for w in line.text.split() if BREAK not in w}
    read = {token: reading(token, words) for line in lines for token in line.text.split() if BREAK in token}
    hyphenates = any(r is not None and r.count("-") < token.count("-")
                     for token, r in read.items())
    out = []
    for line in lines:
        if BREAK in line.text:
            unknown = next((t for t in line.text.split() if BREAK in t and read[t] is None), None)
            if unknown is not None and hyphenates and "\t" in line.text:
                before, _, after = unknown.partition("-" + BREAK)
                raise LayoutError(f"'{before}-' at a line's end, then '{after.replace(BREAK, '')}': a word "
                                  "hyphenated by the typesetter (as this document does elsewhere) or a compound "
                                  "broken at its hyphen? it prints neither whole elsewhere: name this source in a "
                                  "manifest with its text, or export the PDF without hyphenation", page=line.page)
            text = re.sub(rf"\S*{BREAK}\S*", lambda m: read[m.group(0)] or m.group(0).replace(BREAK, ""), line.text)
            line = Line(text, line.number, line.page, line.words, line.band)
        out.append(line)
    return out


def cut(parts: list[str], inner: set[str]) -> str | None:
    """Full lines' last words and the next lines' first, each pair too wide together for the column: two words
    where the document prints either inside a line elsewhere ('Installateur-maintenicien' 'en'); else one word the
    renderer broke ('ordonnan' 'cement-planification') or two words it never prints inside a line ('systèmes'
    'automatiques)'), and nothing tells which: None. Only words inside a line are evidence: a word at a line's end
    or start may be such a piece."""
    text = parts[0]
    for before, after in zip(parts, parts[1:]):
        if fold_word(before) not in inner and fold_word(after) not in inner:
            return None
        text += " " + after
    return text


def reading(token: str, words: set[str]) -> str | None:
    """The one way of reading a token's hyphens at line ends (each kept or dropped) that the document prints
    whole, if there is exactly one."""
    parts = token.split("-" + BREAK)
    found = set()
    for kept in itertools.product(("-", ""), repeat=len(parts) - 1):
        candidate = parts[0] + "".join(k + part for k, part in zip(kept, parts[1:]))
        if fold_word(candidate) in words:
            found.add(candidate)
    return found.pop() if len(found) == 1 else None


def fold_word(word: str) -> str:
    return word.strip(".,;:()'’«»\"").casefold()


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


def page_rows(pages: list[Page]) -> list[Line]:
    """The lines of laid-out pages, ready for the text grammar: tables rebuilt into rows and headers,
    every other line as printed, furniture dropped; each numbered within its page.

    One alignment for the whole document (a document has one style): the one under which its tables'
    rows cost least together. A table alone can read both ways: where wrapped lines and rows have the
    same pitch, codes on the first line of their rows (top) and on the last (bottom, each wrapped line
    taken by the row below) line up equally well, unless its last row wraps. A page set in two columns is
    read as one (columns.one_column)."""
    pages = [one_column(replace(page, words=tuple(folded(page.words)))) for page in pages]
    lines = [visual_lines(page.number, list(page.words)) for page in pages]
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
                # this header tops a page: the table's header printed again (header.repeats).
                repeated = table is not None and table.words and repeats(header, table.header)
                if repeated:
                    table.header = surer(header, table.header)
                else:
                    table = Table(header)
                    out.append(table)
                i += header.lines
                continue
            line = page_lines[i]
            # The line above a header is its list's heading, unless it starts with a code, or the header tops a column
            # that went on under this one: a row before the header printed again where the list goes on (a new
            # column, a new page).
            heading = i + 1 < len(page_lines) and header_at(page_lines, i + 1, page) is not None \
                and not ROME_CODE.fullmatch(line.words[0].text) \
                and not any(line.bottom < top <= page_lines[i + 1].top for top in page.column_tops)
            if table is not None and not heading \
                    and (starts_row(line, table.header, page_lines[i - 1] if i else None)
                         or line.words[0].x0 >= table.header.code_right):
                table.add(page, line)
            elif table is not None or not noise(line):  # outside tables, a speck ('Eh' at 12 under a heading): none
                table = None
                paragraph(out, line, right)
            i += 1
    costs = [item.costs() for item in out if isinstance(item, Table)]
    # Equal costs (every row consistent with two alignments) go to the first: top, the renderers' default.
    align = min(ALIGNMENTS, key=lambda a: round(sum(c[a] for c in costs), 3))
    inner = {fold_word(w.text) for page_lines in lines for line in page_lines for w in line.words[1:-1]}
    tables = [item for item in out if isinstance(item, Table) and item.words]
    labels = [line for table in tables for line in table.parts().labels]
    columns = label_columns(labels, statistics.median(t.parts().height for t in tables)) if tables else {}
    return unbroken(numbered([line for item in out
                              for line in (item.lines(align, columns) if isinstance(item, Table) else [item])]), inner)


def numbered(lines: list[Line]) -> list[Line]:
    """Each line with its number within its page."""
    out, count = [], {}
    for line in lines:
        count[line.page] = count.get(line.page, 0) + 1
        out.append(Line(line.text, count[line.page], line.page, line.words, line.band))
    return out
