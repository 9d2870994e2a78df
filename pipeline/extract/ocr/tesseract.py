"""The OCR engine: Tesseract, run as a program."""
import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

from pipeline.core.errors import LimitError, OcrUnavailable, PdfError
from pipeline.core.paths import MAX_SECONDS_PER_OCR_PAGE
from pipeline.extract.printed import Word

ENGINE = "tesseract"
LANGUAGE = "fra"
INSTALL = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra"
PAGE_SEGMENTATION = "6"  # one uniform block: a table row's code and label stay on one line


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


def tesseract_words(image, dpi: int, path: Path, number: int) -> list[Word]:
    """The words Tesseract reads on an image, boxes in PDF points, each with its confidence."""
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)  # lossless all the same; read once, so compressed fast
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
