"""The OCR engine: Tesseract, run as a program."""
import csv
import io
import os
import re
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


# The engine's answers about itself come at once: a program that takes longer is not the engine we know.
SECONDS_TO_ANSWER = 30.0
VERSION = re.compile(r"tesseract v?([0-9][0-9A-Za-z.+~-]*)")


def ask(arguments: list[str], path: Path, timeout: float, what: str, data: bytes | None = None,
        env: dict | None = None) -> bytes:
    """The engine's standard output for `arguments`, or OcrUnavailable (exit 2) naming what went wrong: it cannot
    be run, it runs over `timeout` seconds (stopped), or it fails. A run's every outcome is checked here."""
    try:
        run = subprocess.run([program(), *arguments], input=data, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise OcrUnavailable(f"{ENGINE} {what} did not answer within {timeout:g} s: it was stopped; check the "
                             f"installation (`{ENGINE} --version`) or run `{INSTALL}`", path) from None
    except OSError as exc:
        raise OcrUnavailable(f"{ENGINE} cannot be run ({exc.strerror or exc}): run `{INSTALL}`", path) from None
    if run.returncode:
        said = first_line(run.stderr) or first_line(run.stdout)
        raise OcrUnavailable(f"{ENGINE} {what} failed (exit {run.returncode}{': ' + said if said else ''})", path)
    return run.stdout


def program() -> str:
    """The engine found on PATH, run by that path: the program whose version was asked is the one that reads."""
    return shutil.which(ENGINE) or ENGINE


def first_line(output: bytes) -> str:
    return (output.decode("utf-8", errors="replace").strip().splitlines() or [""])[0].strip()[:200]


def engine_version(path: Path) -> str:
    """Tesseract's version, after checking it is installed with the French model."""
    if shutil.which(ENGINE) is None:
        raise OcrUnavailable(f"this PDF is a scan and needs OCR, but {ENGINE} is not installed: run `{INSTALL}`",
                             path)
    said = first_line(ask(["--version"], path, SECONDS_TO_ANSWER, "--version"))
    version = VERSION.match(said)
    if version is None:
        raise OcrUnavailable(f"{ENGINE} --version gave {said!r}, not the `tesseract 5.3.0` a Tesseract gives: "
                             f"is {shutil.which(ENGINE)} Tesseract? run `{INSTALL}`", path)
    languages = ask(["--list-langs"], path, SECONDS_TO_ANSWER, "--list-langs").decode("utf-8", "replace").split()
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"this PDF is a scan and needs OCR in French, but {ENGINE} has no '{LANGUAGE}' "
                             f"model: run `{INSTALL}`", path)
    return version.group(1)


def tesseract_words(image, dpi: int, path: Path, number: int) -> list[Word]:
    """The words Tesseract reads on an image, boxes in PDF points, each with its confidence."""
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)  # lossless all the same; read once, so compressed fast
    arguments = ["stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION, "--dpi", str(dpi), "tsv"]
    try:
        run = subprocess.run([program(), *arguments], input=png.getvalue(), capture_output=True,
                             timeout=MAX_SECONDS_PER_OCR_PAGE, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise LimitError(f"OCR of page {number} took over MAX_SECONDS_PER_OCR_PAGE={MAX_SECONDS_PER_OCR_PAGE} s",
                         path) from None
    except OSError as exc:
        raise OcrUnavailable(f"{ENGINE} cannot be run on page {number} ({exc.strerror or exc}): run `{INSTALL}`",
                             path) from None
    if run.returncode:
        raise PdfError(f"{ENGINE} failed on page {number}: {run.stderr.decode(errors='replace').strip()}", path)
    try:
        return words_of(run.stdout, dpi)
    except (UnicodeDecodeError, KeyError, ValueError, TypeError, csv.Error):
        raise OcrUnavailable(f"{ENGINE} answered page {number} with {first_line(run.stdout)!r}, not the TSV of "
                             f"words it gives: is {shutil.which(ENGINE)} Tesseract? run `{INSTALL}`", path) from None


def words_of(tsv: bytes, dpi: int) -> list[Word]:
    """The words of Tesseract's TSV, boxes in PDF points (72 a inch)."""
    scale = 72 / dpi
    words = []
    for row in csv.DictReader(io.StringIO(tsv.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row["text"] or "").strip()
        if row["level"] == "5" and text:
            left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
            words.append(Word(text, round(left * scale, 2), round((left + width) * scale, 2),
                              round(top * scale, 2), round((top + height) * scale, 2), round(float(row["conf"]), 2)))
    return words
