"""A page set in two columns read as one: the right column's words moved under the left column's.

The annex's tables start each row with a code, so a second column shows itself by its codes: code-shaped
words (or a "CODE" header) lined up at one x in the right part of the page, each with a gutter of white
space on its left. The columns' region is the run of lines that no word crosses at the gutter (a full-width
heading above it, a footer below it stay where they are). The right column is moved under the left one,
its left edge on the left column's, so that a table flowing from one column into the next reads as one;
the page grows by the column's height (coordinates in errors are the page's as read that way).
"""
from dataclasses import replace

from pipeline.extract.geometry.lines import ROME_CODE, Page, Visual, is_header_word, visual_lines
from pipeline.extract.printed import Word

MIN_COLUMN_CODES = 3  # code-shaped words lined up in the right part of a page: fewer is no second column
RIGHT_PART = 0.3  # a second column starts right of this share of the page's width (from the left column's codes)


def starts_column(line: Visual, word: Word) -> bool:
    """A code or a code header that starts a row right of a gutter: the word before it on its line (if any)
    ends at least a word's height away from it."""
    if not (ROME_CODE.fullmatch(word.text) or is_header_word(word)):
        return False
    before = [w for w in line.words if w.x1 <= word.x0]
    return not before or word.x0 - max(w.x1 for w in before) >= word.bottom - word.top


def gutter(lines: list[Visual], width: float) -> float | None:
    """The x of the gutter before a page's second column, if it has one: the middle of the white space
    between the second column's codes and what ends left of them on their lines."""
    starts = [(line, w) for line in lines for w in line.words if starts_column(line, w)]
    if not starts:
        return None
    left = min(w.x0 for _, w in starts)
    right = [(line, w) for line, w in starts if w.x0 > left + RIGHT_PART * width]
    xs = sorted(w.x0 for _, w in right)
    if len(xs) < MIN_COLUMN_CODES or xs[-1] - xs[0] > 2 * (right[0][1].bottom - right[0][1].top):
        return None
    ends = [w.x1 for line, _ in right for w in line.words if w.x1 < xs[0]]
    return (max(ends, default=xs[0] - (right[0][1].bottom - right[0][1].top)) + xs[0]) / 2


def crosses(line: Visual, x: float) -> bool:
    return any(w.x0 < x < w.x1 for w in line.words)


def region(lines: list[Visual], x: float) -> tuple[int, int]:
    """The longest run of lines (start, end) that no word crosses at x."""
    best, start = (0, 0), 0
    for i, line in enumerate(lines + [None]):
        if line is None or crosses(line, x):
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = i + 1
    return best


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
    if first == end:
        return page
    inside = [w for line in lines[first:end] for w in line.words]
    top, bottom = lines[first].top, lines[end - 1].bottom
    dx = min(w.x0 for w in inside) - min(w.x0 for w in inside if w.x0 >= x)  # the right column's edge on the left's
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
    return replace(page, height=page.height + shift, words=tuple(words), rulings=tuple(rulings))
