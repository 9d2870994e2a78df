"""Small text rules shared by the stages: comparison keys for names and labels, and text shown on a terminal."""
import re
import unicodedata

PARENTHESES = re.compile(r"\([^)]*\)")
# Any letter or digit counts, of any script: 'Centre Ελλάδα' is not 'Centre'.
NON_ALNUM = re.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# What typesetting changes and the words do not: a word processor's apostrophes, no-break and thin spaces, a
# soft or non-breaking hyphen (a soft hyphen a text layer holds was shown: typst writes every hyphen so),
# ligatures. Canonical labels and keys take one form; the
# `*_as_printed` columns keep the page's.
TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ",
                            "\u2009": " ", "\u2007": " ", "\u00ad": "-", "\u2010": "-", "\u2011": "-",
                            "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def plain(text: str) -> str:
    """Text in one typographic form: 'Chargé d’études' and 'Chargé d'études' are one label."""
    return text.translate(TYPOGRAPHY)


OCR_CONFUSABLE = str.maketrans({"l": "i", "1": "i", "0": "o"})
# Letters OCR reads for the digits they look like, where digits are printed (a NOR's, a code's).
AS_DIGIT = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "l": "1", "|": "1", "S": "5", "B": "8",
                          "Z": "2", "G": "6"})


def name_key(name: str) -> str:
    """Region names compare without case, accents, spaces or punctuation: 'Ile de France' ~ 'Île-de-France'."""
    return NON_ALNUM.sub("", strip_accents(plain(name)).casefold())


def region_key(name: str) -> str:
    """A region heading's name_key, without the letters OCR confuses (l, I and 1; O and 0):
    'lle de France' read from a scan ~ 'Île-de-France'."""
    return name_key(name).translate(OCR_CONFUSABLE)


DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "i": "1", "l": "1"})


def source_key(source_id: str) -> str:
    """A source id without case, width, nor the letters that pass for digits (O and 0; I, l and 1; not L): two
    ids of one key are one source spelled twice ('IMID08OO328A', 'lMID0800328A', 'imid0800328a')."""
    return unicodedata.normalize("NFKC", source_id).translate(DIGIT_LOOKALIKES).casefold()


# Characters an OCR engine reads one for another in a NOR (capitals and digits): each to its class.
NOR_LOOKALIKES = str.maketrans({"L": "I", "1": "I", "l": "I", "|": "I", "J": "I", "T": "I", "0": "O", "Q": "O",
                                "D": "O", "5": "S", "8": "B", "2": "Z", "6": "G"})


def nor_near(read: str, nor: str) -> bool:
    """A NOR as OCR read it, near enough to `nor` to be it misread: as long, and where they differ (at most two
    characters), characters OCR reads one for another ('IMLN0800012C' for 'IMIN0800012C')."""
    differ = [(a, b) for a, b in zip(read, nor) if a != b]
    return len(read) == len(nor) and 0 < len(differ) <= 2 and all(
        a.translate(NOR_LOOKALIKES) == b.translate(NOR_LOOKALIKES) for a, b in differ)


def label_text(label: str) -> str:
    """A printed label in one typographic form, without the full stop that ends each item of the arrêté's lists."""
    return plain(label).strip().removesuffix(".").strip()


def label_key(label: str) -> str:
    """A label without case, accents, punctuation, parenthesised parts or plural marks."""
    text = NON_ALNUM.sub(" ", strip_accents(PARENTHESES.sub(" ", label_text(label))).casefold())
    return " ".join(singular(word) for word in text.split())


def singular(word: str) -> str:
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def short_title(title: str) -> str:
    """A source's name without its subject: 'Arrêté du 18 janvier 2008 relatif à ...' -> 'Arrêté du 18 janvier
    2008'."""
    return re.split(r"\s+relati(?:f|ve)\b", title, maxsplit=1)[0].strip()


APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold(text: str) -> str:
    """A label folded to compare it with a ROME title or a label of another text: DARES marks (`*`) dropped,
    typographic apostrophes made ', ligatures expanded (œ -> oe), accents dropped, case folded, every character
    but a letter, a digit or ' made a space (the closing full stop, commas, hyphens, parentheses), spaces
    collapsed: 'Boulangerie, viennoiserie.' ~ 'Boulangerie - viennoiserie', 'Elevage' ~ 'Élevage'."""
    text = text.replace("*", "").translate(APOSTROPHES).translate(LIGATURES)
    text = strip_accents(unicodedata.normalize("NFKD", text)).casefold()
    return " ".join("".join(c if c.isalnum() or c == "'" else " " for c in text).split())


def visible(text: str) -> str:
    """`text` with every non-printing character (escape, control, line or paragraph separator, tab) shown as its
    Python escape, `\\x1b`, `\\n`, `\\u2028`: what a message quotes from a command line, a file name or a source
    reaches the terminal as characters to read, never as codes it obeys (clearing the screen, moving the cursor)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def edits(a: str, b: str, most: int) -> int:
    """The characters to insert, delete or replace to make `a` into `b` (Levenshtein), or most + 1 if more."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > most:
            return most + 1
        previous = current
    return min(previous[-1], most + 1)
