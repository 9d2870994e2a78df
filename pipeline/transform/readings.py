"""Labels read by OCR, weighed against the document's other readings of the same code.

A reading is what the page prints where it is read alike on two rows or more of its code and is shaped as the
annex prints every label (`shaped`). A reading one or two characters from such a reading read on more rows is a
misread of it: the row takes that label, and `ocr_misread` says so (corrected); so does a reading with a misread of
a word of the lists (`mistaken`) within two characters of a reading the page prints once its misread words are read
as the lists print them (`repaired`), however many rows read it, or, so read, a reading in words of the lists that
another row reads, where each misread word is one character or confusion from one word of the lists only (a variant
the annex prints twice, read right once: development 1066, 1120). Any other reading stands where it
is shaped and read with confidence, or every word of it is a word of the lists, or it is read with no less
confidence than the least of its code's readings that agree with one another (said: corrected); elsewhere it is
doubted (`ocr_misread`, open): which label the page prints, OCR does not tell. Before these, a code whose readings
disagree in which is most printed or in their accents is doubted as a whole (`outvoting`, `unmarked`).
"""
import re
import unicodedata
from functools import cache

import pandas as pd

from pipeline.core.confidence import LOW_CONFIDENCE, tenth
from pipeline.core.text import NON_ALNUM, edits, label_text, strip_accents
from pipeline.extract.geometry.breaks import BROKEN, LOST, bare_word, in_labels, is_french, trades

# Of the words of a scan's labels that print accents in the lists' other texts, the share OCR read without them
# from which it is taken to drop accents: the development scans drop none or under 1 %, a 1-bit one 22 %.
DROPPED_ACCENTS = 0.05
# The development documents' misreads change one or two characters ('ameubiement', "l' iudit", 'Fa sonneur'); the
# circular prints the labels of one code three characters apart or more ('maintenancier' and 'maintenicien').
MOST_EDITS = 2
WORDS = re.compile(r"[^\s\-]+")
MARKS = " .'-(),"  # what labels print beside letters
SHAPE = "a capital first, each parenthesis closed, letters and . ' - ( ) , only"


def shaped(label: str) -> bool:
    """Shaped as the annex prints every label (the 911 rows of the circular and the arrêté): a capital first, each
    parenthesis closed after it opens, and letters, spaces and . ' - ( ) , only (no digit, brace, bar or colon:
    OCR's readings of a letter, a parenthesis or a speck), in one typographic form (core.text.plain)."""
    return label[:1].isupper() and paired(label) and all(char.isalpha() or char in MARKS for char in label)


def label_words(label: str) -> list[str]:
    """A label's words, parted at spaces and hyphens, marks alone set aside."""
    return [word for word in WORDS.findall(label) if word.strip(".,;:()'")]


def worded(label: str) -> bool:
    """Every word of a label is a word of the lists or of French (geometry.breaks.is_french)."""
    return all(is_french(word) for word in label_words(label))


def listed(label: str) -> bool:
    """Shaped as a label, every word of it one the lists' other texts print in their labels
    (geometry.breaks.in_labels), not only a word of French: a misread to another word of French is one OCR makes
    ('vante' for 'vente')."""
    return shaped(label) and all(in_labels(bare_word(word)) for word in label_words(label))


def paired(label: str) -> bool:
    """Each parenthesis closed after it opens."""
    depth = 0
    for char in label:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def misreadings(ocr: pd.DataFrame) -> tuple[dict, dict]:
    """Per row read by OCR, the label as printed it takes and why (a misread of a reading read on more rows of its
    code, or a reading in words of no list read as surely as the code's rows whose readings agree and near no other
    reading of the code, `twinned`), or why its reading is doubted. The rows read alike are what the page prints,
    at whatever confidence: a page that reads a label no better where it is right reads another label of the code
    as surely (the circular prints 52313's
    'maintenancier' once, 'maintenicien' on 16 rows: development 1191 read them at 62.4 and at 61 to 84; of the
    readings of the development and corpus scans doubted in words of no list, 5 of the 6 right ones were read so,
    none of the 4 misread ones: read at 0.7 to 40, each under the least of its code's agreeing rows, 54 to 96)."""
    coded = ocr[ocr.rome_code.notna()].assign(text=ocr.label_as_printed.map(label_text))
    taken, doubted = {}, {}
    for (_, code), rows in coded.groupby(["source_id", "rome_code"]):
        counts = most_printed(rows)
        printed = rows.drop_duplicates("text").set_index("text").label_as_printed
        plan, sure = {}, {}  # a reading: the one it misreads and how they differ; the readings the page prints
        misread = {text: mistaken(text) for text in counts.text}
        on_rows = dict(zip(counts.text, counts.n))
        for text, n in zip(counts.text, counts.n):
            near = nearest(text, {other: m for other, m in sure.items() if m > n})
            words = [(other, word) for other, m in sure.items() if m > n and (word := one_word(text, other))]
            if near:
                plan[text] = near[1], f"{near[0]} character(s) from ", ""
            elif len(words) == 1:
                [(other, word)] = words
                plan[text] = other, "", f" with a word {'more' if len(text) > len(other) else 'less'} ('{word}')"
            elif len(alike := [(other, pairs) for other, m in sure.items() if m > n
                               and (pairs := misread_words(text, other))]) == 1:
                [(other, pairs)] = alike
                words_read = " and ".join(f"'{read}' read for '{word}'" for read, word in pairs)
                plan[text] = other, "", f" but for {words_read}"
            elif n > 1 and shaped(text) and not misread[text]:
                sure[text] = n
        for text in counts.text:  # a misread of a word of the lists is no reading, however often it is read
            wrong = misread[text] if BROKEN not in text else []  # a break nothing tells is not one (weighed)
            if not wrong or text in plan:
                continue
            fixed = repaired(text, wrong)
            if near := nearest(fixed, sure):
                plan[text] = near[1], f"read with {misreads(wrong)}, and read so {near[0]} character(s) from ", ""
            elif fixed in on_rows and fixed not in plan and listed(fixed) \
                    and all(len(misread_ofs(word)) == 1 for word, _ in wrong):
                plan[text] = fixed, f"read with {misreads(wrong)}, and read so as ", ""
        agreeing = rows.ocr_label_confidence.fillna(100)[rows.text.isin(list(sure))]
        least = agreeing.min() if len(agreeing) else None
        for index, text, label, confidence in zip(rows.index, rows.text, rows.label_as_printed,
                                                  rows.ocr_label_confidence.fillna(100)):
            said, wrong = noted(f"label read '{label}' (confidence {tenth(confidence)})"), misread[text]
            if text in plan:
                other, before, after = plan[text]
                rows_of = f"{on_rows[other]} row{'s' * (on_rows[other] > 1)} of {code}"
                taken[index] = printed[other], (f"{said} is {before}'{printed[other]}'{after}, read on {rows_of}: a "
                                                "misread of it, taken for it")
            elif text not in sure and shaped(text) and confidence < LOW_CONFIDENCE and not worded(text) \
                    and least is not None and confidence >= least and not twinned(text, counts.text) \
                    and not wrong:
                taken[index] = label, (f"{said} is read with low confidence, with words that are no words of the "
                                       f"lists, but with no less than the {len(agreeing)} rows of {code} whose "
                                       f"readings agree with one another (confidence {tenth(least)} to "
                                       f"{tenth(agreeing.max())}): as sure as they are, taken as read")
            elif text not in sure and (wrong or not (shaped(text) and (confidence >= LOW_CONFIDENCE or worded(text)))):
                why = (f"not shaped as a label ({SHAPE})" if not shaped(text)
                       else f"read with {misreads(wrong)}" if wrong
                       else "read with low confidence, with words that are no words of the lists")
                why += f" ({LOST}: no word read where one stands)" if LOST in text else ""
                doubted[index] = (f"{said} is {why}, and no one reading of {code} that the page prints (read alike "
                                  f"on two rows or more, shaped as a label) and read on more rows than it is within "
                                  f"{MOST_EDITS} characters or a word of it: which label the page prints OCR does not "
                                  "tell")
    return taken, doubted


# Letters OCR reads as others where a page is coarse or blurred (as read, as printed): 'ri' as 'n' ('industnes',
# 'fabncation' at 80 to 92 on 31 rows of development 1040, a 1-bit scan at 166 dpi), 'rn' as 'm' and back, 'cl' as
# 'd' and back, 'li' as 'h' and back.
CONFUSED = (("n", "ri"), ("m", "rn"), ("rn", "m"), ("d", "cl"), ("cl", "d"), ("h", "li"), ("li", "h"))


def nearest(text: str, readings: dict[str, int]) -> tuple[int, str] | None:
    """The reading (with the characters between them) `text` is nearest, MOST_EDITS or fewer apart, ties to the one
    read on more rows; None where there is none, or two are as near and as read."""
    near = sorted((edits(text, other, MOST_EDITS), -m, other) for other, m in readings.items())
    near = [found for found in near if found[0] <= MOST_EDITS]
    if near and (len(near) == 1 or near[1][:2] != near[0][:2]):
        return near[0][0], near[0][2]
    return None


def misreads(wrong: list[tuple[str, str]]) -> str:
    return " and ".join(f"'{word}', a misread of the lists' '{near}'" for word, near in wrong)


def repaired(text: str, wrong: list[tuple[str, str]]) -> str:
    """A reading with each of its misread words (`mistaken`) read as the word of the lists it misreads, in the
    case it was read in ('Industnes': 'Industries')."""
    for word, near in wrong:
        bare = word[word.rfind("'") + 1:].strip(MARKS)  # an elided article kept ("d'industnes"), marks too
        text = re.sub(rf"(?<![^\W\d_]){re.escape(bare)}(?![^\W\d_])", near[:1].upper() + near[1:]
                      if bare[:1].isupper() else near, text, count=1)
    return text


def mistaken(text: str) -> list[tuple[str, str]]:
    """The words of a reading that are no word of French nor of the lists (geometry.breaks.is_french), each with the
    word of the lists' labels it misreads (`misread_of`): no reading that prints one is what the page prints, however
    surely or often it is read."""
    return [(word, near) for word in label_words(text) if (near := misread_of(word)) is not None]


def misread_of(word: str) -> str | None:
    """The word of the lists' labels (`trades`) a word of no list is one character from, or one of the letters OCR
    confuses (CONFUSED) from, the first in their order (`misread_ofs`); None for a word of the lists or of French. The
    annex prints two words of no list, 'maintenancier' and 'Modéliste', each two characters from every word of the
    lists' labels or more."""
    return next(iter(misread_ofs(word)), None)


@cache
def misread_ofs(word: str) -> tuple[str, ...]:
    """Every word of the lists' labels a word of no list is one character or one confusion from (`misread_of`)."""
    if is_french(word):
        return ()
    folded = bare_word(word)
    variants = {folded[:i] + printed + folded[i + len(read):] for read, printed in CONFUSED
                for i in range(len(folded)) if folded.startswith(read, i)}
    return tuple(near for near in sorted(trades()) if near in variants or edits(folded, near, 1) <= 1)


def misread_words(text: str, other: str) -> list[tuple[str, str]]:
    """The words of a reading that differ from another reading's, each with the word it stands for, where each is a
    misread of it (`misread_word`) that the lists' labels do not print (`in_labels`: not 'machines' for 'machine',
    nor 'du' for 'de', as a label's variant may print them) and the rest are alike; none otherwise. 'associes
    (production de sene)' for 'associés (production de série)', 3 characters apart, read once at 91 beside 10 rows
    (development 1040, published so). Two labels of a code in the annex differ by words 3 characters from their
    others or more ('maintenancier' and 'maintenicien', 'automatiques' and 'mécaniques')."""
    words, others = text.split(), other.split()
    pairs = [(word, printed) for word, printed in zip(words, others) if word != printed]
    return pairs if len(words) == len(others) and all(
        misread_word(word, printed) and not in_labels(bare_word(word)) for word, printed in pairs) else []


def misread_word(read: str, printed: str) -> bool:
    """A word read for another: the same but for accents and case, one character apart, or one pair of letters OCR
    confuses apart (CONFUSED: 'sene' for 'série')."""
    read, printed = strip_accents(read).casefold(), strip_accents(printed).casefold()
    return edits(read, printed, 1) <= 1 or any(read == printed[:i] + as_read + printed[i + len(was):]
                                               for as_read, was in CONFUSED for i in range(len(printed))
                                               if printed.startswith(was, i))


def one_word(text: str, other: str) -> str | None:
    """The word one reading prints more than the other, or less, the rest alike: a speck OCR read as a word
    ('industries de eu l'ameublement' on 2 rows of 46321 beside 12 without 'eu': development 1207, published so),
    or a word it lost. No two labels of a code in the circular's annex are one word apart (the arrêté, which prints
    no codes, prints 'Technicien contrôle-essai-qualité …' with and without a 'de')."""
    longer, shorter = sorted((text.split(), other.split()), key=len, reverse=True)
    if len(longer) != len(shorter) + 1:
        return None
    return next((word for i, word in enumerate(longer) if longer[:i] + longer[i + 1:] == shorter), None)


def read_surely(rows: pd.DataFrame) -> pd.Series:
    """Labels read with confidence (LOW_CONFIDENCE or more; a text layer's are), and not with BROKEN: a line break
    its words do not tell is no reading OCR is sure of, however surely it read the words either side."""
    return (rows.ocr_label_confidence.fillna(100) >= LOW_CONFIDENCE) \
        & ~rows.label_as_printed.fillna("").str.contains(BROKEN, regex=False)


def noted(said: str) -> str:
    """What is said of readings, with what BROKEN in them stands for (geometry.breaks.weighed), once."""
    note = f" ({BROKEN}: a line break its words do not tell, one word or two)"
    return said + note if BROKEN in said and note not in said else said


def twinned(text: str, readings) -> bool:
    """Another reading of the code within MOST_EDITS of this one, even one read once: one may be a misread of the
    other ('IInstallateur-maintenicien … mécaniques' beside the variant read right once: development 1120, published
    so), and neither stands for its confidence alone."""
    return any(other != text and edits(text, other, MOST_EDITS) <= MOST_EDITS for other in readings)


def outvoting(ocr: pd.DataFrame, trusted: pd.Series) -> dict:
    """Per row, why its code's canonical label cannot be taken, where the readings disagree: the label printed
    most often, every reading counted, is not the one most often read with confidence (the canonical label).
    Either count alone can be wrong: OCR reads short labels with more confidence (52121 prints a long label seven
    times, a short one twice), and may drop a 1-bit scan's accents on most rows ('Attache' for 'Attaché')."""
    coded = ocr.assign(text=ocr.label_as_printed.map(label_text), trusted=trusted)
    keys = ["source_id", "rome_code"]
    counts = most_printed(coded)
    sure = most_printed(coded[coded.trusted]).drop_duplicates(keys)[[*keys, "text"]]
    sure = sure.merge(counts, on=[*keys, "text"])  # how often the canonical label is printed, every reading counted
    both = counts.drop_duplicates(keys).merge(sure, on=keys, suffixes=("", "_sure"))
    split = both[both.n > both.n_sure]  # a tie is no evidence against the readings read with confidence
    flagged = coded.reset_index().merge(split, on=[*keys, "text"]).set_index("index")
    return {i: f"label '{text}' is the one printed most often under {code} ({n} rows), not the one most often "
               f"read with confidence ('{other}'): which one the page prints OCR does not tell: its canonical label "
               "cannot be taken" for i, text, code, n, other in
            zip(flagged.index, flagged.text, flagged.rome_code, flagged.n, flagged.text_sure)}


def accents(text: str) -> int:
    return len(unicodedata.normalize("NFD", text)) - len(strip_accents(text))


def drops_accents(ocr: pd.DataFrame) -> set:
    """The sources whose scan OCR reads without their accents: of the words of its labels that the lists' other
    texts print with accents (geometry.breaks.trades), read so ('électricité') or with fewer accents than any word
    of theirs alike but for accents ('electricite'), the second are DROPPED_ACCENTS or more (a source with none
    of either is taken to drop them: nothing tells it does not)."""
    bare: dict[str, list[str]] = {}
    for word in trades():
        bare.setdefault(strip_accents(word), []).append(word)
    out = set()
    for source, labels in ocr.groupby("source_id").label_as_printed:
        kept = dropped = 0
        for word in (bare_word(w) for label in labels for w in WORDS.findall(label_text(label))):
            alike = bare.get(strip_accents(word), ())
            kept += word in alike and accents(word) > 0
            dropped += word not in alike and bool(alike) and all(accents(w) > accents(word) for w in alike)
        if dropped >= DROPPED_ACCENTS * (kept + dropped):
            out.add(source)
    return out


def unmarked(ocr: pd.DataFrame) -> dict:
    """Per row, why its code's canonical label cannot be taken, where a reading has accents the most printed one
    lacks (case, punctuation aside), in a scan OCR reads without its accents (`drops_accents`): a 1-bit scan read
    'Geometre' at 90 on most rows, 'Géometre' on others. Where it keeps them, a reading with an accent more is an
    accent made up ('là' for 'la' on one row of 14232), a misread like any other (`misreadings`)."""
    coded = ocr.assign(text=ocr.label_as_printed.map(lambda t: NON_ALNUM.sub("", label_text(t).casefold())))
    coded = coded[coded.source_id.isin(drops_accents(ocr))]
    out = {}
    for _, rows in coded.groupby(["source_id", "rome_code"]):
        counts = most_printed(rows).merge(rows.drop_duplicates("text")[["text", "label_as_printed"]], on="text")
        top, printed, bare = counts.text.iloc[0], counts.label_as_printed.iloc[0], counts.text.map(strip_accents)
        richer = counts[(bare == strip_accents(top)) & (counts.text.map(accents) > accents(top))]
        if not richer.empty:
            out |= dict.fromkeys(rows.index, f"its label is read '{richer.label_as_printed.iloc[0]}' on some rows, "
                                 f"'{printed}' most often: readings that differ in their accents; which the page "
                                 "prints OCR does not tell: its canonical label cannot be taken")
    return out


def most_printed(coded: pd.DataFrame) -> pd.DataFrame:
    """Per source, code and label text: how many rows print it (n) and the first of them; most printed first,
    ties to the first printed."""
    counts = (coded.groupby(["source_id", "rome_code", "text"], sort=False)
              .agg(n=("text", "size"), first=("seq", "min")).reset_index())
    return counts.sort_values(["source_id", "rome_code", "n", "first"], ascending=[True, True, False, True])
