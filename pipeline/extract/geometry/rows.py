"""A table body's label lines grouped into one row per code: the cheapest grouping, then checked."""
import statistics
from dataclasses import dataclass, field

import numpy as np

from pipeline.core.errors import LayoutError
from pipeline.extract.geometry.lines import Page, Visual, place

ALIGNMENTS = ("top", "middle", "bottom")
MAX_ROW_LINES = 10  # a grouping's most lines a row, a row taking them all refused (its label may go on): 9 are read
# (a label wraps over 1-4 lines; more in a narrow column or a row split by a page break)
BEAM = 50  # partial groupings kept after each code, the cheapest: bounds the time a table of thousands of rows takes
RULED = 1000.0  # cost of a row band crossing a horizontal ruling
EARLIER_PAGE = 20.0  # cost of a label line on a page before its code's page (rather than after)
# Line heights: how far a code may be from where its alignment puts it and still line up, at no cost. OCR's box of a
# code spans its digits (capitals' height, no descender), a label line's its words' ascenders and descenders: rows of
# one line sit 0.1-0.6 pt from both top and middle (development 1044, lines 10 pt high), and summed over a document's
# hundreds of such rows that noise chose the middle for codes printed at the top of their wrapped labels.
BOX_SLACK = 0.15


@dataclass
class Parts:
    """A table body's columns as visual lines, its pages' horizontal rulings, and its spacing."""

    codes: list[Visual]
    labels: list[Visual]
    extras: list[Visual]
    rulings: dict[int, list[float]]
    height: float  # a line's median height
    leading: float  # the narrowest gap between two label lines
    wide: list[bool]  # below each label line, a gap spaced as a row break (`breaks`): padding between two rows
    pages: dict[int, Page] = field(default_factory=dict)
    tops: dict[int, tuple[float, ...]] = field(init=False)  # per page, where its moved columns begin

    def __post_init__(self) -> None:
        self.tops = column_tops(self.pages)

    def part(self, line: Visual) -> tuple[int, int]:
        return part(line, self.tops)

    def place(self, page: int, top: float, bottom: float) -> str:
        return place(self.pages.get(page), top, bottom)


def column_tops(pages: dict[int, Page]) -> dict[int, tuple[float, ...]]:
    return {n: page.column_tops for n, page in pages.items()}


def part(line: Visual, tops: dict[int, tuple[float, ...]]) -> tuple[int, int]:
    """A line's page, and which of the page's columns it is in (a page set in columns is read as one, each column
    under the one before, from `Page.column_tops`): a row broken at a column's foot goes on at the next column's
    top as at a page's, its code lined up with the part beside it."""
    return line.page, sum(top <= line.top for top in tops.get(line.page, ()))


def spacing(known: list[float], height: float) -> tuple[float, float]:
    """The leading of a wrapped cell's lines, and from what gap on the gap is the padding between two rows:
    gaps sorted fall in two groups where the widest jump between two of them is over a seventh of a line
    (OCR boxes make each group spread by a point or two); otherwise all are leading (a table whose wrapped
    lines and rows have the same pitch, or that never wraps)."""
    known = sorted(g for g in known if g >= 0)  # lines that overlap were misplaced (a speck in a box)
    jump, split = max(((b - a, i + 1) for i, (a, b) in enumerate(zip(known, known[1:]))), default=(0.0, len(known)))
    if jump <= max(1.0, 0.15 * height):
        split = len(known)
    leading = statistics.median(known[:split]) if known else 0.0
    return leading, (known[split] if split < len(known) else float("inf"))


SPACING_EVIDENCE = 3  # lines in lower case and lines with a capital, each, that tell wrapped lines' spacing from rows'


def breaks(below: list[float | None], labels: list[Visual], padding: float) -> list[bool]:
    """Below each label line, whether its gap is the spacing of a row break: as wide as the padding, or, where the
    document sets its wrapped lines further apart than its rows (a renderer whose leading is more than its cells'
    padding), narrower. The lines tell which: a line that starts in lower case goes on from the line above (no
    label of the annex does), one that starts with a capital starts a label; inverted where most of the first
    are under a wide gap and most of the second under a narrow one, SPACING_EVIDENCE lines of each at least."""
    wide = [g is not None and g >= padding for g in below]
    under = {case: [w for w, g, line in zip(wide, below, labels[1:]) if g is not None and test(line.text[:1])]
             for case, test in (("lower", str.islower), ("upper", str.isupper))}
    if min(len(under["lower"]), len(under["upper"])) >= SPACING_EVIDENCE \
            and 2 * sum(under["lower"]) > len(under["lower"]) and 2 * sum(under["upper"]) < len(under["upper"]):
        return [g is not None and not w for g, w in zip(below, wide)]
    return wide


def checked(parts: Parts, groups: list[list[Visual]]) -> list[list[Visual]]:
    """Each code's label lines, the grouping that lines codes up best under the document's alignment,
    once checked: every code has lines beside it, in line with it, none far below, none across a ruling."""
    codes, labels, rulings, height, leading = parts.codes, parts.labels, parts.rulings, parts.height, parts.leading
    if not groups:
        raise LayoutError(f"{len(labels)} label lines beside {len(codes)} code(s) "
                          f"({parts.place(codes[0].page, codes[0].top, labels[-1].bottom)}): over {MAX_ROW_LINES} "
                          "lines a row", page=codes[0].page)
    for code, group in zip(codes, groups):
        if not group:
            above = [y for y in rulings[code.page] if y <= code.top + 1]
            below = [y for y in rulings[code.page] if y >= code.bottom - 1]
            top, bottom = (above[-1] if above else code.top), (below[0] if below else code.bottom)
            raise LayoutError(f"code {code.text} with no label in its row band ({parts.place(code.page, top, bottom)})",
                              page=code.page)
        same = [line for line in group if parts.part(line) == parts.part(code)]
        band = parts.place(code.page, min(code.top, same[0].top), max(code.bottom, same[-1].bottom)) if same else ""
        if len(group) == MAX_ROW_LINES:
            raise LayoutError(f"code {code.text} takes {MAX_ROW_LINES} label lines ({band or 'on other pages'}), the "
                              "most a row is read with: a longer label would run into the next row; a label that long, "
                              "or lines with no code? print the label column wider", page=code.page)
        if not same or min(anchor(code, same[0].top, same[-1].bottom, a) for a in ALIGNMENTS) > height / 2:
            raise LayoutError(f"code {code.text} does not line up with the label beside it "
                              f"({band or 'on another page'}): is a code or a label missing?", page=code.page)
        far = next((b for a, b in zip(same, same[1:]) if b.top - a.bottom > leading + 1.5 * height), None)
        if far is not None:
            raise LayoutError(f"'{far.text}' ({parts.place(far.page, far.top, far.bottom)}) is far below the label of "
                              f"code {code.text}: a label with no code in its row band?", page=code.page)
        if crossings(rulings[code.page], min(code.top, same[0].top), max(code.bottom, same[-1].bottom)):
            raise LayoutError(f"the label of code {code.text} runs across a ruling ({band}): "
                              "a label with no code in its row band?", page=code.page)
    return groups


def crossings(ys: list[float], top, bottom):
    """How many horizontal rulings (a page's, their ys sorted) run through a row's band: from the top of its code
    or of its first label line on the code's page to the bottom of the lower of the code and its last one
    (numbers, or numpy arrays of them)."""
    return np.maximum(0, np.searchsorted(ys, bottom - 1, side="left") - np.searchsorted(ys, top + 1, side="right"))


def gaps(labels: list[Visual], tops: dict[int, tuple[float, ...]]) -> list[float | None]:
    """The gap below each label line to the next one, None at a page or column break (or after the last)."""
    return [(b.top - a.bottom) if part(a, tops) == part(b, tops) else None
            for a, b in zip(labels, labels[1:])] + [None]


def anchor(code: Visual, top, bottom, align: str):
    """How far a code is from where its alignment puts it beside the top of its first label line and the bottom
    of its last (numbers, or numpy arrays of them)."""
    if align == "top":
        return abs(top - code.top)
    if align == "bottom":
        return abs(bottom - code.bottom)
    return abs((top + bottom) / 2 - code.middle)


def partition(parts: Parts, align: str) -> tuple[float, list[list[Visual]]]:
    """The cheapest grouping of the label lines into one contiguous group per code (dynamic programming,
    keeping the BEAM cheapest partial groupings after each code), and its cost; no grouping at all when
    MAX_ROW_LINES a code cannot take every line.

    A group costs how far its code is from its alignment (beside the lines on the code's page, or part of a
    page set in columns: `part`) beyond BOX_SLACK, RULED per ruling through its band, EARLIER_PAGE per line on a
    page before its code's, and a third of a line for each wide gap inside it, for a row break at a narrow gap
    below it (a page break is no wider than a narrow gap: a break there is no cheaper than a wrap elsewhere) and
    for a first line that starts in lower case (every label of the annex starts with a capital: such a line
    continues the row above); a code with no line costs 3/4 of a line. A partial grouping that leaves more lines
    than the codes after it can take is none: it is not offered (kept, such groupings took the beam's places from
    the one a table of long labels is read with).

    The reference is the plain loop `partition_reference` of tests/unit/test_geometry.py: over the kept
    partial groupings (cheapest first), then over the group sizes, keeping the first cheapest offer for
    each end. Here each code's groups are weighed for every kept grouping and every size at once (numpy),
    and chosen as that loop chooses them, to the last tie."""
    codes, labels, rulings = parts.codes, parts.labels, parts.rulings
    line_count = len(labels)
    third = parts.height / 3
    # Each label line's page, top, bottom, wide gap below, lower-case start; index line_count stands for a line
    # past the last, where the groups that would run past it point (they are not offered).
    keys = [parts.part(line) for line in labels]
    rank = {key: n for n, key in enumerate(sorted(set(keys) | {parts.part(code) for code in codes}))}
    line_page = np.array([rank[key] for key in keys] + [-1])
    line_top = np.array([line.top for line in labels] + [0.0])
    line_bottom = np.array([line.bottom for line in labels] + [0.0])
    wide_below = np.array([*parts.wide, False])
    starts_lower = np.array([line.text[:1].islower() for line in labels] + [False])
    sizes = np.arange(1, MAX_ROW_LINES + 1)
    # The partial groupings so far: the first line not yet given to a code, and what the groups so far cost.
    next_line, cost_so_far = np.array([0]), np.array([0.0])
    came_from: list[dict[int, int]] = []  # per code: where its group starts, by where it ends
    for after, code in zip(range(len(codes) - 1, -1, -1), codes):  # `after`: the codes after this one
        kept = np.argsort(cost_so_far, kind="stable")[:BEAM]
        # A row per kept partial grouping, a column per size of this code's group.
        start, base = next_line[kept][:, None], cost_so_far[kept][:, None]
        end = start + sizes
        fits = end <= line_count
        last = np.minimum(end - 1, line_count)  # the group's last line
        sheet = rank[parts.part(code)]
        on_page = (line_page[last] == sheet) & fits
        before_page = np.cumsum(line_page[last] < sheet, axis=1)
        wide_inside = np.cumsum(np.where(sizes > 1, wide_below[np.minimum(end - 2, line_count)], False), axis=1)
        narrow_break = (end < line_count) & ~wide_below[last]
        row = np.arange(len(start))[:, None]
        # Of the group's lines on the code's page: the first's top and the last's bottom (any line where there is
        # none yet: `any_on_page` sets those groups' alignment aside).
        any_on_page = np.cumsum(on_page, axis=1) > 0
        first_top = line_top[last[row, on_page.argmax(axis=1)[:, None]]]
        last_bottom = line_bottom[last[row, np.maximum.accumulate(np.where(on_page, sizes - 1, 0), axis=1)]]
        ruled = crossings(rulings[code.page], np.minimum(code.top, first_top), np.maximum(code.bottom, last_bottom))
        off = np.maximum(0.0, anchor(code, first_top, last_bottom, align) - BOX_SLACK * parts.height)
        placed = np.where(any_on_page, off + RULED * ruled, RULED)
        cost = base + placed + EARLIER_PAGE * before_page + third * (wide_inside + narrow_break + starts_lower[start])
        # The offers in the reference loop's order: each kept grouping's code with no line, then its groups by size.
        offered = np.hstack([np.ones_like(fits[:, :1]), fits]) & (line_count - np.hstack([start, end])
                                                                   <= MAX_ROW_LINES * after)
        if not offered.any():
            return float("inf"), []
        offer_start = np.broadcast_to(start, offered.shape)[offered]
        offer_end = np.hstack([start, end])[offered]
        offer_cost = np.hstack([base + 0.75 * parts.height, cost])[offered]
        order = np.lexsort((np.arange(offer_cost.size), offer_cost, offer_end))
        cheapest = order[np.r_[True, np.diff(offer_end[order]) != 0]]
        # The ends in the order of their first offer, as the next code's stable sort breaks ties by it.
        cheapest = cheapest[np.argsort(np.unique(offer_end, return_index=True)[1])]
        next_line, cost_so_far = offer_end[cheapest], offer_cost[cheapest]
        came_from.append(dict(zip(next_line.tolist(), offer_start[cheapest].tolist())))
    if line_count not in next_line:
        return float("inf"), []
    groups, stop = [], line_count
    for starts in reversed(came_from):
        begin = starts[stop]
        groups.append(labels[begin:stop])
        stop = begin
    return float(cost_so_far[next_line == line_count][0]), groups[::-1]
