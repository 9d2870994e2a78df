"""Small text rules shared by the stages: comparison keys for names and labels, and text shown on a terminal."""
import re
import unicodedata

PARENTHESES = re.compile(r"\([^)]*\)")
# Any letter or digit counts, of any script: 'Centre Ελλάδα' is not 'Centre'.
NON_ALNUM = re.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


OCR_CONFUSABLE = str.maketrans({"l": "i", "1": "i", "0": "o"})


def name_key(name: str) -> str:
    """Region names compare without case, accents, spaces or punctuation: 'Ile de France' ~ 'Île-de-France'."""
    return NON_ALNUM.sub("", strip_accents(name).casefold())


def region_key(name: str) -> str:
    """A region heading's name_key, without the letters OCR confuses (l, I and 1; O and 0):
    'lle de France' read from a scan ~ 'Île-de-France'."""
    return name_key(name).translate(OCR_CONFUSABLE)


DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "i": "1", "l": "1"})


def source_key(source_id: str) -> str:
    """A source id without case, width, nor the letters that pass for digits (O and 0; I, l and 1; not L): two
    ids of one key are one source spelled twice ('IMID08OO328A', 'lMID0800328A', 'imid0800328a')."""
    return unicodedata.normalize("NFKC", source_id).translate(DIGIT_LOOKALIKES).casefold()


def label_text(label: str) -> str:
    """A printed label without the full stop that ends each item of the arrêté's lists."""
    return label.strip().removesuffix(".").strip()


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


def visible(text: str) -> str:
    """`text` with every non-printing character (escape, control, line or paragraph separator, tab) shown as its
    Python escape, `\\x1b`, `\\n`, `\\u2028`: what a message quotes from a command line, a file name or a source
    reaches the terminal as characters to read, never as codes it obeys (clearing the screen, moving the cursor)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
