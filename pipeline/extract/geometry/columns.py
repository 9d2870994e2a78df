"""A page set in two columns read as one: the right column's words moved under the left column's.

The annex's tables start each row with a code, so a second column shows itself by its codes: code-shaped
words (or a "CODE" header) lined up at one x in the right part of the page, each with a gutter of white
space on its left. The columns' region is the run of lines that no word crosses at the gutter (a full-width
heading above it, a footer below it stay where they are). The right column is moved under the left one,
its left edge on the left column's, so that a table flowing from one column into the next reads as one;
the page grows by the column's height (coordinates in errors are the page's as read that way).
"""
import statistics
from dataclasses import replace

from pipeline.extract.geometry.lines import ROME_CODE, Page, Visual, header_word, is_header_word, unread, visual_lines
from pipeline.extract.printed import Word

MIN_COLUMN_CODES = 3  # code-shaped words lined up in the right part of a page: fewer is no second column
FAR = 3.0  # a gap of more lines than this above a line left of the gutter at the columns' end: not in them
GUTTER_STEPS = 32  # places tried across the white space before a second column
RIGHT_PART = 0.3  # a second column starts right of this share of the page's width (from the left column's codes)


def starts_column(line: Visual, word: Word) -> bool:
    """A code or a code header that starts a row right of a gutter: the word before it on its line (if any)
    ends at least a word's height away from it."""
    if not (ROME_CODE.fullmatch(word.text) or is_header_word(word)):
        return False
    before = [w for w in line.words if w.x1 <= word.x0]
    return not before or word.x0 - max(w.x1 for w in before) >= word.bottom - word.top


def gutter(lines: list[Visual], width: float) -> float | None:
    """The x of the gutter before a page's second column, if it has one: in the white space between the second
    column's codes and what ends left of them on their lines, where the fewest lines cross it (a heading set at
    the column's edge starts left of codes centred in their cells), nearest its middle."""
    starts = [(line, w) for line in lines for w in line.words if starts_column(line, w)]
    if not starts:
        return None
    left = min(w.x0 for line in lines for w in line.words)  # the page's text, a column of codes or not
    right = [(line, w) for line, w in starts if w.x0 > left + RIGHT_PART * width]
    if not right:
        return None
    xs = sorted(w.x0 for _, w in right)
    codes = sorted(w.x0 for _, w in right if ROME_CODE.fullmatch(w.text)) or xs  # a header's 'CODE' may be centred
    # A table's header and its first code are a column too (a table that starts at the foot of a second column), and
    # so are codes after a header printed below every code of the left part (one at the foot of the first column,
    # its rows in the second: development 1142).
    lefts = [w for _, w in starts if w.x0 <= left + RIGHT_PART * width]
    headed = (any(is_header_word(w) for _, w in right) and len(codes) < len(xs)) or any(
        is_header_word(w) and all(c.top < w.top for c in lefts if ROME_CODE.fullmatch(c.text)) for w in lefts)
    if (len(xs) < MIN_COLUMN_CODES and not headed) or codes[-1] - codes[0] > 2 * (right[0][1].bottom - right[0][1].top):
        return None
    ends = [w.x1 for line, _ in right for w in line.words if w.x1 < xs[0]]
    white = max(ends, default=xs[0] - (right[0][1].bottom - right[0][1].top)), xs[0]
    middle = sum(white) / 2
    return min((white[0] + (white[1] - white[0]) * k / GUTTER_STEPS for k in range(1, GUTTER_STEPS)),
               key=lambda x: (sum(crosses(line, x) for line in lines), abs(x - middle)), default=middle)


def crosses(line: Visual, x: float) -> bool:
    """A line runs across x: a word over it, or a word either side of it less than a line's height apart (a
    space between two words of one line, not a gutter between two columns); a word OCR read with no confidence
    has no box to go by ('assurances' at 23, its box reaching into the gutter)."""
    words = [w for w in line.words if not unread(w)]
    before = max((w.x1 for w in words if w.x1 <= x), default=None)
    after = min((w.x0 for w in words if w.x0 >= x), default=None)
    return any(w.x0 < x < w.x1 for w in words) or \
        (before is not None and after is not None and after - before < line.bottom - line.top)


def region(lines: list[Visual], x: float) -> tuple[int, int]:
    """The longest run of lines (start, end) that no line crosses at x, but for lines left of x at its end far
    below the line above them (a footer stopping short of the gutter stays under both columns)."""
    best, start = (0, 0), 0
    for i, line in enumerate(lines + [None]):
        if line is None or crosses(line, x):
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = i + 1
    first, end = best
    while end - 1 > first and all(w.x1 <= x for w in lines[end - 1].words) \
            and lines[end - 1].top - lines[end - 2].bottom > FAR * (lines[end - 1].bottom - lines[end - 1].top):
        end -= 1
    return first, end


def moved(item, dx: float, dy: float):
    """A word or a ruling (x0, top, x1, bottom) moved by dx, dy."""
    if isinstance(item, Word):
        return replace(item, x0=item.x0 + dx, x1=item.x1 + dx, top=item.top + dy, bottom=item.bottom + dy)
    x0, top, x1, bottom = item
    return (x0 + dx, top + dy, x1 + dx, bottom + dy)


def one_column(page: Page) -> Page:
    """The page with its second column, if any, under its first."""
    lines = visual_lines(page.number, list(page.words))
    x = gutter(lines, page.width)
    if x is None:
        return page
    first, end = region(lines, x)
    inside = [w for line in lines[first:end] for w in line.words]
    if not any(w.x0 >= x for w in inside):  # no line, or none right of the gutter: its codes are in no column
        return page
    top, bottom = lines[first].top, lines[end - 1].bottom
    codes = [[w.x0 for w in inside if ROME_CODE.fullmatch(w.text) and (w.x0 >= x) is right] for right in (False, True)]
    # The right column's codes on the left's (a heading may start further left than a column's codes, and codes
    # centred in their cells further right); where the left column prints the table's header and no code (its
    # rows flow into the right one), the codes' middle under the header's 'CODE ROME'; its edge on the left's
    # where either has no code.
    if all(codes):
        dx = statistics.median(codes[0]) - statistics.median(codes[1])
    elif codes[1] and (heads := [w for w in inside if header_word(w) and w.x0 < x]):
        middles = [(w.x0 + w.x1) / 2 for w in inside if ROME_CODE.fullmatch(w.text) and w.x0 >= x]
        dx = (min(w.x0 for w in heads) + max(w.x1 for w in heads)) / 2 - statistics.median(middles)
    else:
        dx = min(w.x0 for w in inside) - min(w.x0 for w in inside if w.x0 >= x)
    lower = bottom + 1  # the right column goes under the left one; what was below goes under both
    shift = bottom - top + 1
    words, rulings = [], []
    for item, (x0, y0, x1, y1) in [*((w, (w.x0, w.top, w.x1, w.bottom)) for w in page.words),
                                   *((r, r) for r in page.rulings)]:
        middle = (y0 + y1) / 2
        if top <= middle <= bottom and x0 >= x:
            item = moved(item, dx, lower - top)
        elif top <= middle <= bottom and x1 > x and x0 < x:
            continue  # a ruling across both columns inside the region: no row of either runs across it
        elif middle > bottom:
            item = moved(item, 0.0, shift)
        (words if isinstance(item, Word) else rulings).append(item)
    return replace(page, height=page.height + shift, words=tuple(words), rulings=tuple(rulings),
                   column_tops=(lower,), column_shift=shift)
