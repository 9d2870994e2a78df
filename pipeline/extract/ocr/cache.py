"""What Tesseract read, cached by the scan's sha256, the engine, its version, the language and the preparation.

The cache is only a cache: an entry holds, beside the words, a digest over them, the engine and its version,
the preparation and the scan's sha256. An entry whose digest does not match what it holds and what is asked
(edited by hand, damaged, made for another scan, another engine or another preparation) is ignored, with a note,
and the scan is read again. The preparation's version is computed from the parameters of the modules that
prepare and read the pages (their constants and their source), not bumped by hand.
"""
import hashlib
import json
import os
from dataclasses import asdict, replace
from pathlib import Path
from types import ModuleType

from pipeline.core import text
from pipeline.core.paths import OCR_CACHE
from pipeline.extract import printed
from pipeline.extract.ocr import boxes, glyphs, orientation, pixels, recognize as recognizing, tesseract
from pipeline.extract.ocr.reading import Reading, from_json
from pipeline.extract.ocr.recognize import recognize
from pipeline.extract.ocr.tesseract import ENGINE, LANGUAGE, engine_version

FORMAT = 2  # the layout of an entry: {"digest": ..., "reading": ...}
# Every constant of these, and Tesseract's page segmentation: what reads words, and what tells a code (printed) and
# the letters OCR reads for digits (text).
PREPARING = (pixels, boxes, glyphs, recognizing, orientation, printed, text)


def parameters(modules: tuple[ModuleType, ...] = PREPARING) -> list:
    """The constants (upper-case module names of plain values) of the modules that prepare and read the pages, and
    a digest of each one's source: a change to how pages are read, not only to a constant, reads them again."""
    plain = (int, float, str, bool, tuple)
    found = [[m.__name__, name, repr(getattr(m, name).pattern if hasattr(getattr(m, name), "pattern")
                                     else getattr(m, name))]
             for m in modules for name in sorted(vars(m)) if name.isupper()
             and (isinstance(getattr(m, name), plain) or hasattr(getattr(m, name), "pattern"))]
    sources = [[m.__name__, "source", hashlib.sha256(Path(m.__file__).read_bytes()).hexdigest()[:16]]
               for m in modules]
    return found + sources + [["tesseract", "PAGE_SEGMENTATION", tesseract.PAGE_SEGMENTATION]]


def preparation() -> str:
    """The preparation's version: a digest of its parameters (a change to any of them reads every scan again)."""
    return "p" + hashlib.sha256(json.dumps(parameters()).encode()).hexdigest()[:12]


PREPARATION = preparation()


def cache_file(sha256: str, version: str) -> Path:
    return OCR_CACHE / f"{sha256}-{ENGINE}-{version}-{LANGUAGE}-{PREPARATION}.json"


def digest(reading: dict, sha256: str, version: str) -> str:
    """What an entry's digest covers: the words (the whole reading), the engine and its version, the language,
    the preparation and the scan's sha256."""
    covered = {"format": FORMAT, "engine": ENGINE, "version": version, "language": LANGUAGE,
               "preparation": PREPARATION, "sha256": sha256, "reading": reading}
    return hashlib.sha256(json.dumps(covered, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def stored(reading: Reading) -> dict:
    return {k: v for k, v in asdict(reading).items() if k not in ("origin", "note")}


def cached(path: Path, sha256: str, version: str) -> tuple[Reading | None, str | None]:
    """The entry's reading if it holds and matches; else None, with why (None when there is no entry)."""
    entry = cache_file(sha256, version)
    if not entry.is_file():
        return None, None
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        if data["digest"] != digest(data["reading"], sha256, version):
            return None, f"note: {entry}: the OCR cache entry does not match its digest (edited or damaged): " \
                         f"ignored, {path} read again"
        reading = from_json(data["reading"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, f"note: {entry}: the OCR cache entry cannot be read: ignored, {path} read again"
    return replace(reading, origin="cache"), None


def read(path: Path, sha256: str, fresh: bool = False) -> Reading:
    """The scan's words, from the cache when this engine version and preparation already read this file and the
    entry holds; read by the engine otherwise (`fresh`: always, as `build --no-cache`), and cached."""
    version = engine_version(path)
    if not fresh:
        reading, note = cached(path, sha256, version)
        if reading is not None:
            return reading
    else:
        note = None
    reading = recognize(path, version)
    entry = cache_file(sha256, version)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    data = stored(reading)
    partial.write_text(json.dumps({"digest": digest(data, sha256, version), "reading": data}, ensure_ascii=False),
                       encoding="utf-8")
    partial.replace(entry)
    return replace(reading, origin="engine", note=note)
