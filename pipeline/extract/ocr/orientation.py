"""A page's turn (0, 90, 180 or 270 degrees), as Tesseract's orientation and script detection tells it.

Asked only of a page whose first reading OCR does not trust (boxes.unreadable): an upright page costs nothing
more. Tesseract answers `Rotate: N`, the clockwise turn that makes the page upright, with a confidence;
below MIN_CONFIDENCE, or where it finds too few letters to tell, the page is taken as it is.
"""
import io
import os
import re
import subprocess

from pipeline.core.errors import PdfError
from pipeline.core.paths import MAX_SECONDS_PER_OCR_PAGE
from pipeline.extract.ocr.tesseract import ENGINE

ROTATE = re.compile(r"^Rotate: ([0-9]+)$", re.MULTILINE)
CONFIDENCE = re.compile(r"^Orientation confidence: ([0-9.]+)$", re.MULTILINE)
MIN_CONFIDENCE = 2.0  # Tesseract's orientation confidence (a margin over the next turn), as its docs advise
OSD_DPI = 150  # enough for the orientation of text the size of a page's, and four times fewer pixels than 300


def turn(image, dpi: int, number: int) -> int:
    """The clockwise turn, in degrees, that makes a page image upright (0 where it cannot be told)."""
    scale = min(1.0, OSD_DPI / dpi)
    small = image.resize((round(image.width * scale), round(image.height * scale))) if scale < 1 else image
    png = io.BytesIO()
    small.save(png, format="PNG", compress_level=1)
    try:
        run = subprocess.run([ENGINE, "stdin", "stdout", "--psm", "0", "-l", "osd", "--dpi", str(round(dpi * scale))],
                             input=png.getvalue(), capture_output=True, timeout=MAX_SECONDS_PER_OCR_PAGE,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise PdfError(f"the orientation of page {number} took over {MAX_SECONDS_PER_OCR_PAGE:g} s to tell") \
            from None
    said = run.stdout.decode("utf-8", errors="replace")
    rotate, confidence = ROTATE.search(said), CONFIDENCE.search(said)
    if run.returncode or rotate is None or confidence is None:  # too few letters to tell: as it is
        return 0
    degrees = int(rotate.group(1))
    return degrees if degrees in (90, 180, 270) and float(confidence.group(1)) >= MIN_CONFIDENCE else 0
