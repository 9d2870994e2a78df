"""A scan as the OCR engine read it."""
from dataclasses import dataclass, field

from pipeline.extract.geometry.lines import Page
from pipeline.extract.printed import Word


@dataclass(frozen=True)
class Reading:
    """A scan as the OCR engine read it: which engine, version, language and resolution, and the pages."""

    engine: str
    version: str
    language: str
    dpi: int
    pages: tuple[Page, ...]
    # Where this reading came from, for the build's manifest and notes (not part of what was read, nor cached):
    # "engine" (read now) or "cache" (pipeline.extract.ocr.cache), and why the cache was not used, if it was not.
    origin: str = field(default="engine", compare=False)
    note: str | None = field(default=None, compare=False)


def from_json(data: dict) -> Reading:
    pages = tuple(Page(p["number"], p["width"], p["height"], tuple(Word(**w) for w in p["words"]),
                       tuple(tuple(r) for r in p["rulings"])) for p in data["pages"])
    return Reading(data["engine"], data["version"], data["language"], data["dpi"], pages)
