"""A table's header row, and what starts a row under it."""
from dataclasses import dataclass, replace
from itertools import takewhile

from pipeline.core.text import AS_DIGIT
from pipeline.extract.geometry.lines import (
    DIGITS,
    ROME_CODE,
    Page,
    Visual,
    furniture_key,
    has_role,
    header_word,
    header_word_as_read,
    is_header_word,
    unread,
    visual_lines,
)
from pipeline.extract.printed import Line, Word, code_core, looks_like_code

MAX_HEADER_LINES = 3


def is_code(word: Word, header: "Header") -> bool:
    """A code as read: it starts with a digit, or is a code an OCR engine misread ('S2111', '*32321',
    pipeline.extract.printed.looks_like_code), or may be one whose every digit it misread (code_shaped), or OCR
    read the code column with no confidence (misread_code)."""
    return looks_like_code(word.text) or code_shaped(word, header) or unread(word)



def code_shaped(word: Word, header: "Header") -> bool:
    """Three to six letters or digits within the code header's width ('ÉGSEL', 'SALL')."""
    core = code_core(word.text)
    return 3 <= len(core) <= 6 and core.isalnum() and word.x1 <= header.code_right \
        and core.casefold() not in ("code", "rome")  # a header whose other word OCR lost


def starts_row(line: Visual, header: "Header", above: Visual | None = None) -> bool:
    """A table line that starts a row: a code, or a code whose every digit OCR misread, that is a
    code-shaped word either beside a label (the next word right of the code header) or in capitals alone
    ('BEI'), or a code OCR misread into pieces or could not read, beside a label (misread_code) or alone
    (unread_code); not 'Page 3' nor 'Corse'."""
    first = line.words[0]
    if looks_like_code(first.text):
        return True
    beside = len(line.words) > 1 and line.words[1].x0 > header.code_right
    return (code_shaped(first, header) and (beside or (len(line.words) == 1 and first.text == first.text.upper()))) \
        or misread_code(line, header) or (above is not None and unread_code(line, above, header))


def unread_code(line: Visual, above: Visual, header: "Header") -> bool:
    """A line in the code column that rises into the line above it, OCR read no word of with confidence but a
    digit's: a code set between its label's lines that OCR could not read whole ('D' at 0 where 14232 is printed;
    'Dai' at 24 and '3' at 97 for 52313, development 1057), alone on its line; not a heading OCR could not read,
    set apart."""
    return line.top < above.bottom \
        and all((unread(w) or DIGITS.fullmatch(w.text)) and w.x0 < header.code_right for w in line.words)


def misread_code(line: Visual, header: "Header") -> bool:
    """A row whose code OCR misread into pieces ('D2I5 1': a code once joined; 'O22 1', a digit lost and a 3 read
    O: a digit, and three once its letters are read as the digits they look like; development 1049) or could not
    read (every word read with no confidence: 'PE Bu' at 16 and 9 where 52111 is printed), the words left of the
    label column; beside them a label's line read with confidence (its first line, or its last where codes are set
    at the bottom of their rows)."""
    code = [w for w in line.words if w.x0 < header.code_right]
    label = line.words[len(code):]
    joined = "".join(w.text for w in code)
    as_digits = sum(c in "0123456789" for c in joined.translate(AS_DIGIT))
    return bool(code) and bool(label) and not unread(label[0]) \
        and (looks_like_code(joined) or (DIGITS.search(joined) is not None and as_digits >= 3)
             or all(unread(w) for w in code))


@dataclass
class Header:
    """A table's header row: the code header's words, the label column's title, and where columns end."""

    page: int
    code_words: list[Word]
    title_words: list[Word]
    label_right: float
    lines: int  # how many visual lines it spans
    code_edge: float = 0.0  # where the code column ends when OCR read no word of its header (by the first row)

    @property
    def code_right(self) -> float:
        return max((w.x1 for w in self.code_words), default=self.code_edge)

    @property
    def title(self) -> str:
        """The title's words line by line, a count as OCR may read it made whole: a word read with no confidence
        and no digit left out, digits with no space between them one number ('2' '9' 'À' at 35 'métiers', the
        accent of 'é' read apart, development 1030)."""
        words = [w for w in self.title_words if DIGITS.search(w.text) or not unread(w)]
        out: list[str] = []
        last = None
        for word in (w for line in visual_lines(self.page, words) for w in line.words):
            if last and DIGITS.fullmatch(last.text) and DIGITS.fullmatch(word.text) \
                    and word.x0 - last.x1 < (word.bottom - word.top) / 4:
                out[-1] += word.text
            else:
                out.append(word.text)
            last = word
        return " ".join(out)

    def line(self) -> Line:
        words = tuple(self.code_words + self.title_words)
        return Line("CODE ROME\t" + self.title, None, self.page, words,
                    (min(w.top for w in words), max(w.bottom for w in words)))


def header_at(lines: list[Visual], i: int, page: Page) -> Header | None:
    """The header row that starts at line i ("CODE ROME", or "CODE" over "ROME", or "CODE" with its count the page's
    last line, its "ROME" on the next: `rest_of_header`), if one does; else one found by its role (header_by_role)."""
    first = lines[i].words[0]
    if not is_header_word(first):
        if noise(lines[i]) and i + 1 < len(lines) and is_header_word(lines[i + 1].words[0]):
            return None  # a speck above a header read by its words ('RS' at 18 over 'CODE ROME 25 métiers')
        return header_by_role(lines, i, page)
    code_words = [first]
    if first.text.casefold() == "code":
        beside = list(lines[i].words[1:2])
        under = [w for line in lines[i + 1:i + 4] for w in line.words
                 if w.x0 < first.x1 and w.x1 > first.x0 and w.top < first.bottom + 2 * (first.bottom - first.top)]
        rome = ([w for w in beside + under[:1] if w.text.casefold() == "rome"][:1]
                or wrapped_word(lines[i + 1:i + MAX_HEADER_LINES], first, "rome",
                                to_page_end=i + MAX_HEADER_LINES >= len(lines)))
        foot = i + 1 == len(lines) and has_role(lines[i])  # 'CODE 23 métiers' ends the page, its 'ROME' the next's
        if not rome and not foot:
            return header_by_role(lines, i, page)
        code_words += rome
    top, bottom = min(w.top for w in code_words), max(w.bottom for w in code_words)
    right = max(w.x1 for w in code_words)
    spanned = list(takewhile(lambda line: top - 1 <= line.middle <= bottom + 1, lines[i:]))
    if not any(DIGITS.search(w.text) for line in spanned for w in line.words):  # a count never wraps; a title may
        spanned += wrapped_title(lines[i + len(spanned):], spanned[-1], right)
    title = [w for line in spanned for w in line.words if w.x0 >= right and w not in code_words]
    return header_of(page, code_words, title, len(spanned))


def wrapped_word(below: list[Visual], above: Word, word: str, to_page_end: bool = False) -> list[Word]:
    """The words under a header's `above` ('CODE'), one a line, each under the one before within a line's
    height, that spell `word` together: a cell narrower than the word wraps it inside ('ROM' over 'E'); none if
    they do not. Where `below` runs to the page's end, words that start `word` and reach it are its first pieces:
    the page breaks the cell, its rest tops the next page (`rest_of_header`: LibreOffice, development 1111)."""
    pieces, last = [], above
    for line in below:
        piece = next((w for w in line.words if w.x0 < above.x1 and w.x1 > above.x0), None)
        if piece is None or piece.top - last.bottom > last.bottom - last.top:
            break
        pieces.append(piece)
        last = piece
        if "".join(w.text for w in pieces).casefold() == word:
            return pieces
    spelt = "".join(w.text for w in pieces).casefold()
    return pieces if to_page_end and pieces and len(pieces) == len(below) and word.startswith(spelt) else []


def rest_of_header(lines: list[Visual], header: "Header") -> int:
    """How many of a page's first lines are the rest of the header word the page before broke (`wrapped_word`):
    one word each in the code column that, after the header's code words, spell it ('ROM' at a page's foot, 'E' at
    the next page's top; 'CODE' at a page's foot, 'ROM' and 'E' alone on the next page: LibreOffice, development
    1107)."""
    spelt = "".join(w.text for w in header.code_words[1:])
    for n, line in enumerate(lines[:MAX_HEADER_LINES]):
        if len(line.words) != 1 or line.words[0].x0 >= header.code_right:
            return 0
        spelt += line.words[0].text
        if spelt.casefold() == "rome":
            return n + 1
    return 0


def wrapped_title(below: list[Visual], last: Visual, right: float) -> list[Visual]:
    """The lines of a header's title that wrapped under the code header ('Domaine' / 'professionnel' in a narrow
    column): right of the code header, each close under the one above and starting in lower case, as no label
    of the annex does."""
    out = []
    for line in below:
        if line.words[0].x0 < right or not line.text[:1].islower() or line.top - last.bottom > line.bottom - line.top:
            break
        out.append(line)
        last = line
    return out


def header_of(page: Page, code_words: list[Word], title: list[Word], lines: int, code_edge: float = 0.0) -> Header:
    """A header of these words: the title's first cell, and the label column's right end (the next cell, or a
    vertical ruling through the header right of that cell)."""
    words = code_words + title
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    cells = columns(title)
    label_right = min([c[0].x0 for c in cells[1:]] + [x for x in vertical_rulings(page, top, bottom)
                                                      if cells and x >= max(w.x1 for w in cells[0])],
                      default=float("inf"))
    return Header(page.number, code_words, cells[0] if cells else [], label_right, lines, code_edge)


def noise(line: Visual) -> bool:
    """A line OCR read no word of with confidence."""
    return all(unread(w) for w in line.words)


def header_by_role(lines: list[Visual], i: int, page: Page) -> Header | None:
    """A header row OCR read in part ('CODE' with its 'ROME' lost, a count alone): from line i, up to
    MAX_HEADER_LINES lines, each a header's by its words (has_role), OCR's noise (no word read with
    confidence: 'CO' at 25 where CODE is printed on a shaded cell) or the code header cell's wrapped rest however
    read (`cell_rest`), each less than a line's height under the one
    above, one at least by its words, right above the table's first row: a line that starts with a code (one OCR
    could not read, or misread: '1423?' at 92, development 1121), or a label's first line with its code on one of
    the next two lines (a code set in the middle or at the bottom of its row); close to it, unless both its cells
    were read (`both_cells`: a header's padding may set it far above). The code column ends where that code does,
    or with the header's code word. A count's number is the title cell's: a band whose only number is in the code
    column is a code read in pieces beside its label's last line ('522' at 0, '11', then 'métaux': development 1184).
    At a page's top, a header read in both cells needs no row under it: printed again over a list that ended at
    the foot of the page before ('13 métiers' over 'Haute-Normandie')."""
    if not (has_role(lines[i]) or noise(lines[i])):
        return None
    for j in range(i + 1, min(i + 1 + MAX_HEADER_LINES, len(lines))):
        band = lines[i:j]
        if has_role(lines[j]) or noise(lines[j]) or cell_rest(band, lines[j]):
            if lines[j].top - lines[j - 1].bottom > lines[j].bottom - lines[j].top:
                return None  # a line apart above it (a heading OCR could not read) is none of the header's
            continue  # the header goes on
        below = [line.words[0] for line in lines[j:j + 3]]
        code = next((w for w in below if ROME_CODE.fullmatch(w.text)), None) \
            or (below[0] if looks_like_code(below[0].text) else None)  # the page's last row: no code read whole
        if code is not None and (ROME_CODE.fullmatch(below[0].text) or below[0].x0 > code.x1
                                 or ((unread(below[0]) or looks_like_code(below[0].text)) and below[0].x0 < code.x1)):
            height = code.bottom - code.top
            if lines[j].top - band[-1].bottom > 2 * height and both_cells(band) is None:
                return None
            if not any(has_role(line) for line in band):
                return None
            words = [w for line in band if not noise(line) for w in line.words]
            code_words = [w for w in words if w.x0 < code.x1 and header_word(w)]
            title = [w for w in words if w not in code_words and w.x0 >= code.x1]
            if not any(DIGITS.search(w.text) for w in title) and any(DIGITS.search(w.text) for w in words
                                                                     if w.x0 < code.x1):
                return None  # its number in the code column: a code read in pieces ('522' at 0, '11' 'métaux')
            return header_of(page, code_words, title, len(band), code.x1) if title or code_words else None
        cells = both_cells(band) if i == 0 else None
        if cells is not None:
            left, count = cells
            return header_of(page, [w for w in left if header_word(w)], count, len(band), max(w.x1 for w in left))
        return None
    return None


def cell_rest(band: list[Visual], line: Visual) -> bool:
    """A line that is the rest of the code header's cell, wrapped, whatever OCR read of it: one word, no digit in
    it, under the first word of a header line that holds the count (`has_role`), across the same x ('RONIE' under
    'COLE 23 métiers', 'ROME' misread beyond a letter on shading: development 1156)."""
    counted = [ln for ln in band if has_role(ln) and any(DIGITS.search(w.text) for w in ln.words)]
    if len(line.words) != 1 or not counted or DIGITS.search(line.words[0].text):
        return False
    rest, above = line.words[0], counted[-1].words[0]
    return rest.x0 < above.x1 and above.x0 < rest.x1 and not DIGITS.search(above.text)


def both_cells(band: list[Visual]) -> tuple[list[Word], list[Word]] | None:
    """A header row read in both its cells, if it was: its count ('13 métiers', read with confidence), and left of
    it, a line's height away or more, the code header's words as read or OCR's noise ('SOME' at 0 for 'ROME')."""
    words = [w for line in band for w in line.words]
    number = next((w for line in band if has_role(line) for w in line.words if DIGITS.search(w.text)
                   and not unread(w)), None)
    if number is None:
        return None
    left = [w for w in words if w.x1 < number.x0 - (number.bottom - number.top)]
    count = [w for w in words if w.x0 >= number.x0]
    return (left, count) if left and all(header_word_as_read(w) or unread(w) for w in left) else None


def repeats(header: Header, above: Header) -> bool:
    """A header over a table still open (it tops a page) is that table's header printed again: the same title,
    or a count OCR could not read in one of the two ('2 métiers' at 46 under a heading, '20 métiers' at 97
    on the next page): the table's count is then the one read with confidence (`surer`)."""
    return same_title(header.title, above.title) or any(unread(w) for w in count_words(header) + count_words(above))


def count_words(header: Header) -> list[Word]:
    return [w for w in header.title_words if DIGITS.search(w.text)]


def surer(header: Header, above: Header) -> Header:
    """Of a header and its repeat, the one whose count OCR read with more confidence (a text layer's: the first)."""
    def sure(h: Header) -> float:
        return min((w.conf if w.conf is not None else 100.0 for w in count_words(h)), default=0.0)
    return replace(above, title_words=header.title_words) if sure(header) > sure(above) else above


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
