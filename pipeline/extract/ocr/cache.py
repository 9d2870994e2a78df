"""What Tesseract read, cached by the scan's sha256, the engine, the language and the preparation."""
import json
import os
from dataclasses import asdict
from pathlib import Path

from pipeline.core.paths import OCR_CACHE
from pipeline.extract.ocr.reading import Reading, from_json
from pipeline.extract.ocr.recognize import recognize
from pipeline.extract.ocr.tesseract import ENGINE, LANGUAGE, engine_version

PREPARATION = "p8"  # how pages are prepared and read (render, despeckle, deskew, rulings, second look): change it when they change


def cache_file(sha256: str, version: str) -> Path:
    return OCR_CACHE / f"{sha256}-{ENGINE}-{version}-{LANGUAGE}-{PREPARATION}.json"


def read(path: Path, sha256: str) -> Reading:
    """The scan's words, from the cache when this engine version already read this file."""
    version = engine_version(path)
    cached = cache_file(sha256, version)
    if cached.is_file():
        try:
            return from_json(json.loads(cached.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):  # a damaged cache entry is read again
            pass
    reading = recognize(path, version)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(asdict(reading), ensure_ascii=False), encoding="utf-8")
    partial.replace(cached)
    return reading
