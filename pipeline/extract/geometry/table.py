"""Tables read off laid-out pages into the lines the grammar reads: `page_rows`."""
import statistics
from dataclasses import dataclass, field, replace

from pipeline.core.errors import LayoutError
from pipeline.extract.geometry.breaks import glued, joined, label_columns, printed_whole, unbroken
from pipeline.extract.geometry.columns import one_column
from pipeline.extract.geometry.header import (
    Header,
    header_at,
    horizontal_rulings,
    is_code,
    noise,
    repeats,
    rest_of_header,
    starts_row,
    surer,
)
from pipeline.extract.geometry.lines import (
    ROME_CODE,
    Page,
    Visual,
    folded,
    furnished,
    furniture,
    place,
    unread,
    visual_lines,
)
from pipeline.extract.geometry.rows import (
    ALIGNMENTS,
    Parts,
    breaks,
    checked,
    column_tops,
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
                where = place(self.pages[stray.page], stray.top, stray.bottom)
                raise LayoutError(f"'{stray.text}' ({where}) in the code column is not a code: a label line under the "
                                  "codes, or a code misread?", page=stray.page)
            labels = by_lines([(p, w) for p, w in self.words if code_right < w.x0 < self.header.label_right])
            # Right of the labels, a line OCR read no word of with confidence is a speck ('1' at 0: development 1074).
            extras = [line for line in by_lines([(p, w) for p, w in self.words if w.x0 >= self.header.label_right])
                      if not noise(line)]
            rulings = {n: horizontal_rulings(page, code_right, self.header.label_right)
                       for n, page in self.pages.items()}
            height = statistics.median([line.bottom - line.top for line in labels + codes])
            below = gaps(labels, column_tops(self.pages))
            leading, padding = spacing([g for g in below if g is not None], height)
            wide = breaks(below, labels, padding)
            self._parts = Parts(codes, labels, extras, rulings, height, leading, wide, self.pages)
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
            same = [line for line in group if parts.part(line) == parts.part(code)] + [code]
            band = (min(line.top for line in same), max(line.bottom for line in same))
            cells = [code.text, joined(group, columns)]
            extra = [line for line in parts.extras
                     if parts.part(line) == parts.part(code) and band[0] <= line.middle <= band[1]]
            if extra:
                cells.append(joined(extra))
            bands.append((parts.part(code), band))
            words = tuple(w for line in [code] + group + extra for w in line.words)
            out.append(Line("\t".join(cells), None, code.page, words, band))
        placed = lambda line: any(where == parts.part(line) and top <= line.middle <= bottom
                                  for where, (top, bottom) in bands)
        stray = next((line for line in parts.extras if not placed(line)), None)
        if stray is not None:
            where = parts.place(stray.page, stray.top, stray.bottom)
            raise LayoutError(f"'{stray.text}' ({where}) right of the labels is in no code's row band",
                              page=stray.page)
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
    same_page = lambda n: n + 1 < len(parts.labels) and parts.part(parts.labels[n + 1]) == parts.part(parts.labels[n])
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
        page_lines = [line for line in page_lines if not furnished(line, page, skip)]
        right = max((line.words[-1].x1 for line in page_lines), default=0.0)
        i = 0
        while i < len(page_lines):
            if i == 0 and table is not None and not table.words and (rest := rest_of_header(page_lines, table.header)):
                i = rest
                continue
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
    inner = printed_whole([line for page_lines in lines for line in page_lines])
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
