"""Line breaks inside a table's cells: where a label wrapped, what the break was. A hyphen at a line's end
(`glued` marks it, `unbroken` weighs it) and a word a renderer may have cut at a full line's end (`joined` marks
it, `cut` weighs it) are read as the document prints the word whole; where it does not, as French words tell.

`french.txt.gz` is the word list of Tesseract's French model (tessdata_fast, Apache-2.0), `trades.txt.gz` the words
of the occupations' labels in the lists' other texts (the arrêté, the EU lists, the 2011 list: 'ordonnancement',
'cimentière', 'maintenicien', in no general word list), both folded to lower case (`python -m tools.lexicon` remakes
them): a typesetter hyphenates a word where its syllables part ('automa-'
'tiques)': 'automatiques' is a word), and a compound breaks at its own hyphen ('contrôle-' 'essai-qualité':
'contrôleessai' is none, 'contrôle' and 'essai' are).
"""
import gzip
import itertools
import re
import statistics
from functools import cache
from pathlib import Path

from pipeline.core.errors import LayoutError
from pipeline.core.text import plain
from pipeline.extract.geometry.lines import Visual
from pipeline.extract.printed import Line

FRENCH = Path(__file__).with_name("french.txt.gz")
TRADES = Path(__file__).with_name("trades.txt.gz")


@cache
def french() -> frozenset[str]:
    return words_of(FRENCH) | trades()


@cache
def trades() -> frozenset[str]:
    """The words of the occupations' labels in the lists' other texts, as they print them (accents kept)."""
    return words_of(TRADES)


def words_of(path: Path) -> frozenset[str]:
    return frozenset(gzip.decompress(path.read_bytes()).decode("utf-8").split())


FULL_LINES = 3  # label lines that reach the column's right edge, at least, for a table to tell where it is
NARROWEST_COLUMN = 5  # line heights: a label column is no narrower (some ten characters a line)


def label_columns(labels: list[Visual], height: float) -> dict[int, list[tuple[float, float]]]:
    """Per page, the label column's left and right edges, one pair for each place it is printed at (a page set in
    two columns prints it twice): the page's label lines grouped by where they start, each group a column where
    FULL_LINES lines or more reach its right edge (within half a line's height) and it is NARROWEST_COLUMN line
    heights wide or more: in a table of a few short rows, the widest line tells nothing of the column. A group
    that tells nothing takes the column found on another page where it starts (a page of few wrapped rows)."""
    groups: list[list[Visual]] = []
    for line in sorted(labels, key=lambda line: (line.page, line.words[0].x0)):
        last = groups[-1][-1] if groups else None
        if last is None or last.page != line.page or line.words[0].x0 > last.words[0].x0 + height / 4:
            groups.append([])
        groups[-1].append(line)
    out: dict[int, list[tuple[float, float]]] = {}
    silent = []
    for group in groups:
        left, right = min(line.words[0].x0 for line in group), max(line.words[-1].x1 for line in group)
        if sum(line.words[-1].x1 >= right - height / 2 for line in group) >= FULL_LINES \
                and right - left >= NARROWEST_COLUMN * height:
            out.setdefault(group[0].page, []).append((left, right))
        else:
            silent.append((group[0].page, left))
    found = [column for columns in out.values() for column in columns]
    for page, left in silent:
        column = next((c for c in found if abs(c[0] - left) <= height / 4), None)
        if column is not None:
            out.setdefault(page, []).append(column)
    return out


def joined(lines: list[Visual], columns: dict[int, list[tuple[float, float]]] | None = None) -> str:
    """A cell's lines as one text. Where a line is full (its last word ends within a line's height of its label
    column's right edge: a renderer that breaks inside a word stops up to a letter short of it, 'Installateur-
    maintenanci' 5.51 pt short at 11 pt in development 1177, published 'maintenanci er' when half a line's height
    was the reach) and that word and the next line's first, not a capital, are together wider than the column, no
    line could hold them as one word: a renderer that does not hyphenate may have broken one word there
    ('méthodes-ordonnan' / 'cement-planification'); marked (CUT) for `unbroken` to weigh against the document's
    words."""
    text, previous = "", None
    for line in lines:
        first, above = line.words[0], previous.words[-1] if previous else None
        column = next(((left, right) for left, right in (columns or {}).get(previous.page if previous else 0, [])
                       if left - 1 <= above.x0 <= right), None)
        if column is not None and first.text[:1].isalpha() and not first.text[:1].isupper() \
                and not above.text.endswith(("-", *SOFT)) \
                and above.x1 >= column[1] - (above.bottom - above.top) \
                and (above.x1 - above.x0) + (first.x1 - first.x0) > column[1] - column[0]:
            text += CUT + as_read(line)
        else:
            text = glued(text, as_read(line))
        previous = line
    return text


LOST = "…"  # inside a line read by OCR, where it read no word of a word's width (`as_read`)
LOST_WORD = 1.2  # line heights: a gap inside a line as wide held a word (the development scans' widest space: 0.55)
SPACES = 3  # ... where it is as many times as wide as the line's other spaces, at least (justified text widens all)


def as_read(line: Visual) -> str:
    """A line's text, with LOST between two words OCR read LOST_WORD line heights apart or more, and SPACES times
    the line's other spaces (their median): a word stood there that it did not read ('Inspecteur de … en con
    formité', 'mise' read as a speck: development 1080). A line justified widens every space alike (an outside
    review's groff scan); a line of one space tells nothing. A text layer's line is its text."""
    if len(line.words) < 3 or line.words[0].conf is None:
        return line.text
    height = statistics.median(w.bottom - w.top for w in line.words)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line.words)]
    lost = [g >= LOST_WORD * height and g >= SPACES * statistics.median(gaps[:k] + gaps[k + 1:])
            for k, g in enumerate(gaps)]
    return line.words[0].text + "".join((f" {LOST}" if gone else "") + " " + b.text
                                        for gone, b in zip(lost, line.words[1:]))


BREAK = "\u2063"  # after a hyphen that ended a line, until the document's words tell what it was (`unbroken`)
HYPHENS = "\u00ad-"  # a compound's hyphen, as typst writes it too (the "-" last: a character class reads it so)
HYPHEN = re.compile(f"[{HYPHENS}]")
SOFT = ("\u00ad", "\u2010")  # a soft hyphen, and the hyphen a renderer prints where one broke a line ('comp‐')
CUT = "\u2064"  # between a full line's last word and the next line's first, too wide together for the column
BROKEN = "\u00a6"  # in a label read by OCR, where a line break its words do not tell was (`weighed`)


def glued(text: str, more: str) -> str:
    """Text and the line below it as one: a line ending in a hyphen joins the next without a space, the hyphen
    marked (BREAK) for `unbroken` to weigh ("sous-" "sol", "pre-" "mières"); one ending in the U+2010 a renderer
    prints where a soft hyphen broke a word joins it without it. A soft hyphen is weighed as a hyphen, in a
    document that hyphenates (`unbroken`): a typesetter's break of one word where words tell it ('ma\u00ad'
    'tières'), but typst writes every hyphen it prints as U+00AD with some fonts, a compound's own too
    ('contrôle\u00ad' 'essai-qualité' was published 'contrôle-essaiqualité' when joined)."""
    if not text:
        return more
    if text.endswith("\u2010"):  # the hyphen a renderer prints where a soft hyphen broke a word ('comp‐' 'table')
        return text[:-1] + more
    if text.endswith("\u00ad"):  # weighed as a hyphen: typst writes a compound's own hyphen so ('contrôle\u00ad')
        text = text[:-1] + "-"
    if text.endswith("-") and not text.endswith(" -") and more[:1].isalpha():
        return text + BREAK + more
    if more[:1] == "-" and more[1:2].isalpha():  # a compound broken before its hyphen ('méthodes' '-ordonnancement')
        return text + more
    return text + " " + more


def unbroken(lines: list[Line], inner: set[str] = frozenset()) -> list[Line]:
    """Each line break `joined` and `glued` marked, read. A CUT by the words printed inside a line (`cut`); where
    they tell nothing, the page is refused. Then each hyphen that ended a line, weighed against the document's
    own words, those it prints whole on one line: where it prints the word one way only, with the hyphen
    ('sous-sol') or without ('premières': a typesetter hyphenated it there), the word is read so; where it prints
    neither, as words tell (`reading`). Where nothing tells, the hyphen stays, as printed, in a document that
    shows no hyphenation (a compound broken at its hyphen: 'Dessinateur-' 'projeteur'); in one that does (or
    ends a line with a soft hyphen), a word the pieces make is one word (`parted`), and where they make none that
    words tell, either reading may be the page's, and a table's page is refused."""
    cuts = {token: cut(token.split(CUT), inner) for line in lines for token in line.text.split() if CUT in token}
    for line in lines:
        undecided = next((t for t in line.text.split() if CUT in t and cuts[t] is None), None)
        if undecided is not None and not weighed(line):
            before, after = undecided.split(CUT)[:2]
            raise LayoutError(f"'{before}' ends a full line, then '{after}': one word the renderer broke without a "
                              "hyphen, or two words? the document prints neither inside a line: print the label "
                              "column wider, or name this source in a manifest with its text", page=line.page)
    lines = [Line(re.sub(rf"\S*{CUT}\S*", lambda m: cuts[m.group(0)] or cut(m.group(0).split(CUT), inner, BROKEN),
                         line.text), line.number, line.page, line.words, line.band) if CUT in line.text else line
             for line in lines]
    words = {fold_word(w) for line in lines for w in line.text.split() if BREAK not in w}
    read = {token: reading(token, words, inner) for line in lines for token in line.text.split() if BREAK in token}
    hyphenates = any(r is not None and r.count("-") < token.count("-") for token, r in read.items()) \
        or any(w.text.endswith("\u00ad") for line in lines for w in line.words)
    if hyphenates:
        exact = {token for line in lines if all(w.conf is None for w in line.words)
                 for token in line.text.split() if BREAK in token}
        read = {token: r if r is not None else reading(token, words, inner, hyphenating=True, exact=token in exact)
                for token, r in read.items()}
    out = []
    for line in lines:
        if BREAK in line.text:
            unknown = next((t for t in line.text.split() if BREAK in t and read[t] is None), None)
            undecided = unknown is not None and hyphenates and "\t" in line.text
            if undecided and not weighed(line):
                before, _, after = unknown.partition("-" + BREAK)
                raise LayoutError(f"'{before}-' at a line's end, then '{after.replace(BREAK, '')}': a word "
                                  "hyphenated by the typesetter (as this document does elsewhere) or a compound "
                                  "broken at its hyphen? it prints neither whole elsewhere: name this source in a "
                                  "manifest with its text, or export the PDF without hyphenation", page=line.page)
            text = re.sub(rf"\S*{BREAK}\S*", lambda m: read[m.group(0)] or (
                reading(m.group(0), words, inner, hyphenating=True, unsure=BROKEN) if undecided
                else m.group(0).replace(BREAK, "")), line.text)  # where nothing tells, not hyphenating: as printed
            line = Line(text, line.number, line.page, line.words, line.band)
        out.append(line)
    return out


def weighed(line: Line) -> bool:
    """A table's row read by OCR, whose label is weighed against its code's other readings (transform.readings): a
    line break in it that its words do not tell, one word or two, is read with BROKEN where it was, not refused.
    BROKEN is one character from either reading and gives the reading no label's shape: it is never taken as
    printed, however surely or often read (a column breaks a label alike on every list), but for its code's reading
    one or two characters from it read on more rows; otherwise it is doubted."""
    return "\t" in line.text and bool(line.words) and line.words[0].conf is not None


def cut(parts: list[str], inner: set[str], unsure: str | None = None) -> str | None:
    """Full lines' last words and the next lines' first, each pair too wide together for the column: two words
    where the document prints either inside a line elsewhere ('Installateur-maintenicien' 'en'); else one word the
    renderer broke ('ordonnan' 'cement-planification') or two words it never prints inside a line ('systèmes'
    'automatiques)'), as words tell (`parted`), else None (or `unsure` at that break, the others read). Only words
    inside a line are evidence from the document: a word at a line's end or start may be such a piece. Where French
    words tell nothing, the words of the lists' labels may (`in_labels`): '(trans' 'formation)' are three words of
    French, 'transformation' alone one of the labels (development 3101, a reportlab table). Not at a hyphen: a
    line's last hyphen in a document that does not hyphenate is printed, whatever the lists print."""
    def two_at(before: str, after: str) -> bool | None:
        if fold_word(before) in inner or fold_word(after) in inner:
            return True
        told = parted(before, after, inner)
        if told is not None:
            return told
        left, right = sides(before, after)
        two, one = in_labels(bare_word(left)) and in_labels(bare_word(right)), in_labels(bare_word(left + right))
        return None if two == one else two

    return pieced(parts, two_at, " ", unsure)


def pieced(parts: list[str], two_at, joint: str, unsure: str | None) -> str | None:
    """Pieces parted at line breaks, read as one: at each break, `joint` between two words (`two_at` True), nothing
    inside one (False); where `two_at` tells nothing (None), `unsure`, or None for the whole if there is none."""
    text = parts[0]
    for before, after in zip(parts, parts[1:]):
        two = two_at(before, after)
        if two is None and unsure is None:
            return None
        text += (unsure if two is None else joint if two else "") + after
    return text


def parted(before: str, after: str, known: set[str], hyphenating: bool = False, exact: bool = False) -> bool | None:
    """What words tell of a break: the pieces either side of it, up to a hyphen (or a U+00AD, typst's:
    'méthodes-or' 'donnancement-planification': 'or', 'donnancement'), are two words (True) where both are and the
    one they make is not ("d’études" 'techniques'), one (False) where it is and they are not, else nothing tells
    (None). A word is a French word (`is_french`) or one the document prints whole (`known`: 'ordonnancement'
    between two hyphens).
    In a document whose typesetter hyphenates (`hyphenating`), one word where it is, whatever the pieces are
    ('méca-' 'niques)': 'méca' and 'niques' are in the word list too): a typesetter breaks words far more often
    than a compound happens to break at its hyphen into pieces that also make a word. In a text layer (`exact`: its
    letters are the page's, no misread), one word too where neither the pieces nor the word they make is one
    ('maintenan-' 'cier', the circular's one 'maintenancier': development 1126): a compound's sides are words.
    Not in a scan: OCR misreads a compound's sides into pieces that are none."""
    left, right = sides(before, after)
    word = lambda w: is_french(w) or fold_word(w) in known
    two, one = word(left) and word(right), word(left + right)
    if two == one:
        return False if hyphenating and (one or (exact and not word(left) and not word(right))) else None
    return two


def sides(before: str, after: str) -> tuple[str, str]:
    """The pieces either side of a break, up to a hyphen (or a U+00AD): 'méthodes-or' 'donnancement-planification'
    give 'or' and 'donnancement'."""
    return HYPHEN.split(before)[-1], HYPHEN.split(after, 1)[0]


ELIDED = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'(.+)")  # an elided word before the one it is read with


def is_french(word: str) -> bool:
    """A French word (`french`), its marks and an elided article aside ("d’études": 'études', not "maind'œuvre");
    of two letters or fewer, one the lists' labels print ('de', 'la', 'à'; not 'd' nor 'ER', in Tesseract's list, an
    apostrophe and a speck OCR read so: development 1080)."""
    folded = bare_word(word)
    return folded in french() and (len(folded) > 2 or in_labels(folded))


def in_labels(folded: str) -> bool:
    """A word (`bare_word`) the lists' labels print: one of `trades`, or 'à' (trades holds two letters or more)."""
    return folded in trades() or folded == "à"


def bare_word(word: str) -> str:
    """A word as the word lists hold it: folded (`fold_word`), an elided article aside ("d’études": 'études')."""
    folded = fold_word(word)
    elided = ELIDED.fullmatch(folded)
    return elided.group(1) if elided else folded


def reading(token: str, words: set[str], known: set[str], hyphenating: bool = False, exact: bool = False,
            unsure: str | None = None) -> str | None:
    """The one way of reading a token's hyphens at line ends (each kept or dropped) that the document prints
    whole, if there is exactly one; where it prints none, the one words tell at each break (`parted`), else None
    (or `unsure` at each break nothing tells, the others read)."""
    parts = token.split("-" + BREAK)
    joined = lambda marks: parts[0] + "".join(k + part for k, part in zip(marks, parts[1:]))
    found = [kept for kept in itertools.product(("-", ""), repeat=len(parts) - 1) if fold_word(joined(kept)) in words]
    if len(found) > 1 and unsure is not None:  # the breaks the whole words printed read alike, the others unsure
        return joined([k[0] if len(set(k)) == 1 else unsure for k in zip(*found)])
    if found:
        return joined(found[0]) if len(found) == 1 else None
    return pieced(parts, lambda before, after: parted(before, after, known, hyphenating, exact), "-", unsure)


def fold_word(word: str) -> str:
    return plain(word).strip(".,;:()'«»\"").casefold()


def printed_whole(lines: list[Visual]) -> set[str]:
    """The words a document prints whole, folded: in each cell of a line (its words apart from the next cell's by
    more than the line is high: a code and its label's line are two), every word but its first and last (either
    may be a piece of a word broken at a line's end) and every piece of a compound a hyphen or a space bounds on
    both sides ('ordonnancement' in 'méthodes-ordonnancement-planification'; not 'or' in 'méthodes-or-' at a
    line's end, nor 'donnancement' in '52111 donnancement-planification', the label's line beside its code)."""
    out = set()
    for line in lines:
        cells, last = [], None
        for word in line.words:
            if last is None or word.x0 - last.x1 > line.bottom - line.top:
                cells.append([])
            cells[-1].append(word)
            last = word
        for cell in cells:
            out |= {fold_word(w.text) for w in cell[1:-1]}
            text = " ".join(w.text for w in cell).rstrip(HYPHENS)
            out |= {fold_word(piece) for piece in re.split(rf"[\s{HYPHENS}]+", text)[1:-1]}
    return out
