"""What a source prints, as the stages pass it on: a word with its box, a line with its words, and what
looks like a ROME code. Shared by the grammar, the PDF reader, OCR and the geometry (so none imports
another for its types)."""
import re
from dataclasses import dataclass

from pipeline.core.text import AS_DIGIT


@dataclass(frozen=True)
class Line:
    """One line of a source: its text, its number (in the file, or in its page) and its page; a line rebuilt
    from a page's geometry also keeps the words that made it (pipeline.extract.printed.Word, with their boxes and
    OCR confidences) and the vertical band it was read from (top, bottom, in points)."""

    text: str
    number: int | None
    page: int | None = None
    words: "tuple[Word, ...]" = ()
    band: tuple[float, float] | None = None


def looks_like_code(word: str) -> bool:
    """A row's first word: without the marks around it, it starts with a digit, or it has five
    characters, one or more of them an ASCII digit (a code misread by OCR, 'S2111', 'B2TLI', '*32321',
    kept as read for the checks to find)."""
    core = code_core(word)
    return core[:1].isdigit() or (len(core) == 5 and any(c in "0123456789" for c in core))


def code_core(word: str) -> str:
    """A word without the marks before and after it (a speck OCR read as '*', '_-', '‘', ':')."""
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end]


def digits_spelled(word: str) -> str:
    """A code as read, its marks and spaces left out, the letters OCR reads for digits read as those digits ('S215L':
    '52151'; '4632 2': '46322')."""
    return re.sub(r"\s+", "", code_core(word)).translate(AS_DIGIT)


@dataclass(frozen=True)
class Word:
    """A word and its box, in PDF points with the origin at the top left (as pdfplumber gives them)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence 0-100; None for a text layer

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2
