"""Stage 1 for scans: the pages of a PDF without a text layer, read by Tesseract into words with boxes.

Each page is rendered at the resolution of the image it holds (capped by MAX_OCR_DPI), despeckled
(a 3×3 median filter: a scanner's specks would be read as letters), deskewed
(the angle that makes the ink's horizontal profile sharpest: text lines are horizontal), and read
by the `tesseract` command (French model, TSV output: each word with its box and its confidence,
0-100). Boxes are converted to PDF points (origin top-left) in the deskewed page, and the words go
through the same row reconstruction as a PDF's text layer (pipeline.geometry). What Tesseract read is cached under
.cache/ocr/, by the PDF's sha256, the engine's version, the language and how pages are prepared: a
second build of the same scan runs no OCR.
"""
import csv
import io
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from pipeline.errors import LimitError, OcrUnavailable, PdfError
from pipeline.extract_text import Line
from pipeline.geometry import Page, Word, page_rows
from pipeline.paths import MAX_OCR_DPI, MAX_SECONDS_PER_OCR_PAGE, OCR_CACHE

ENGINE = "tesseract"
LANGUAGE = "fra"
INSTALL = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra"
PREPARATION = "p1"  # how pages are prepared for the engine (render, despeckle, deskew): change it when they change
PAGE_SEGMENTATION = "6"  # one uniform block: a table row's code and label stay on one line
SKEW_RANGE = 5.0
LOW_CONFIDENCE = 80.0  # below this, a word is not trusted (Tesseract's confidence, 0-100)
MIN_GLYPH_HEIGHT = 2.0  # points: a mark smaller than this is a speck, not a character
PROFILE_WIDTH = 800


@dataclass(frozen=True)
class Reading:
    """A scan as the OCR engine read it: which engine, version, language and resolution, and the pages."""

    engine: str
    version: str
    language: str
    dpi: int
    pages: tuple[Page, ...]


def engine_version(path: Path) -> str:
    """Tesseract's version, after checking it is installed with the French model."""
    if shutil.which(ENGINE) is None:
        raise OcrUnavailable(f"this PDF is a scan and needs OCR, but {ENGINE} is not installed: run `{INSTALL}`",
                             path)
    version = subprocess.run([ENGINE, "--version"], capture_output=True, text=True).stdout.split()[1]
    languages = subprocess.run([ENGINE, "--list-langs"], capture_output=True, text=True).stdout.split()
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"this PDF is a scan and needs OCR in French, but {ENGINE} has no '{LANGUAGE}' "
                             f"model: run `{INSTALL}`", path)
    return version


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


def from_json(data: dict) -> Reading:
    pages = tuple(Page(p["number"], p["width"], p["height"], tuple(Word(**w) for w in p["words"]),
                       tuple(tuple(r) for r in p["rulings"])) for p in data["pages"])
    return Reading(data["engine"], data["version"], data["language"], data["dpi"], pages)


def recognize(path: Path, version: str) -> Reading:
    """Render, deskew and read every page, as many pages at a time as there are cores (the page limit
    was enforced when the PDF was found to hold no text)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise PdfError(f"not a readable PDF ({exc}): damaged or cut short? export or download it again", path) \
            from None
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = []
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            width, height = page.get_size()
            dpi = image_dpi(page, width, pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            futures.append((number, width, height, dpi, pool.submit(read_page, image, dpi, path, number)))
        pages = tuple(Page(number, width, height, tuple(future.result()))
                      for number, width, height, _, future in futures)
    pdf.close()
    return Reading(ENGINE, version, LANGUAGE, max((f[3] for f in futures), default=0), pages)


def read_page(image, dpi: int, path: Path, number: int) -> list[Word]:
    """One page image, despeckled, deskewed and read (in a worker thread: Tesseract runs as its own process)."""
    from PIL import ImageFilter

    return tesseract_words(deskew(image.filter(ImageFilter.MedianFilter(3))), dpi, path, number)


def image_dpi(page, width: float, image_type: int) -> int:
    """The resolution of the widest image on the page (a scan holds one per page), capped; 300 if none."""
    widths = [obj.get_metadata().width for obj in page.get_objects(filter=[image_type])]
    dpi = round(max(widths) / (width / 72)) if widths else 300
    return max(72, min(dpi, MAX_OCR_DPI))


def skew_angle(image) -> float:
    """The rotation (degrees) that makes the page's text lines horizontal: the angle, within ±SKEW_RANGE,
    whose horizontal ink profile varies most (coarse to fine)."""
    from PIL import Image

    small = image.resize((PROFILE_WIDTH, round(image.height * PROFILE_WIDTH / image.width)),
                         Image.Resampling.BILINEAR)
    ink = Image.fromarray(np.where(np.asarray(small) < 160, 255, 0).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR), dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = 0.0
    for step, span in ((0.5, SKEW_RANGE), (0.1, 0.5), (0.02, 0.1)):
        angles = best + np.arange(-span, span + step / 2, step)
        best = float(max(angles, key=sharpness))
    return round(best, 2)


def deskew(image):
    from PIL import Image

    angle = skew_angle(image)
    if angle == 0:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def tesseract_words(image, dpi: int, path: Path, number: int) -> list[Word]:
    """The words Tesseract reads on a page image, boxes in PDF points, each with its confidence."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        run = subprocess.run([ENGINE, "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION, "--dpi",
                              str(dpi), "tsv"], input=png.getvalue(), capture_output=True,
                             timeout=MAX_SECONDS_PER_OCR_PAGE, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise LimitError(f"OCR of page {number} took over MAX_SECONDS_PER_OCR_PAGE={MAX_SECONDS_PER_OCR_PAGE} s",
                         path) from None
    if run.returncode:
        raise PdfError(f"{ENGINE} failed on page {number}: {run.stderr.decode(errors='replace').strip()}", path)
    scale = 72 / dpi
    words = []
    for row in csv.DictReader(io.StringIO(run.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row["text"] or "").strip()
        if row["level"] == "5" and text:
            left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
            words.append(Word(text, round(left * scale, 2), round((left + width) * scale, 2),
                              round(top * scale, 2), round((top + height) * scale, 2), round(float(row["conf"]), 2)))
    return words


def is_speck(word: Word) -> bool:
    """A mark that is not text: smaller than any character, or no letter nor digit read with low confidence."""
    return word.bottom - word.top < MIN_GLYPH_HEIGHT or (
        not any(c.isalnum() for c in word.text) and (word.conf or 0) < LOW_CONFIDENCE)


def scan_lines(reading: Reading, path: Path) -> list[Line]:
    """The scan's lines, ready for the text grammar, each with the words that made it: the pages'
    words, specks dropped, through the renderer-independent geometry."""
    pages = [replace(page, words=tuple(w for w in page.words if not is_speck(w))) for page in reading.pages]
    return page_rows(pages, path)
