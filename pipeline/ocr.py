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
import math
import os
import re
import shutil
import statistics
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from pipeline.errors import LimitError, OcrUnavailable, PdfError
from pipeline.extract_text import Line, looks_like_code
from pipeline.geometry import Page, Word, page_rows
from pipeline.paths import MAX_OCR_DPI, MAX_SECONDS_PER_OCR_PAGE, OCR_CACHE

ENGINE = "tesseract"
LANGUAGE = "fra"
INSTALL = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra"
PREPARATION = "p7"  # how pages are prepared and read (render, despeckle, deskew, rulings, second look): change it when they change
PAGE_SEGMENTATION = "6"  # one uniform block: a table row's code and label stay on one line
SECOND_LOOK_BATCH = 100  # doubtful words read again at a time: at most 100 lines of 3, within Tesseract's 32767 pixels
SKEW_RANGE = 5.0
LOW_CONFIDENCE = 80.0  # below this, a word is not trusted (Tesseract's confidence, 0-100)
UNREADABLE_CONFIDENCE = 50.0  # a page whose words' median confidence is lower was not read: upside down?
UNREADABLE_WORDS = 20  # ... if it has at least this many (a near-empty page says little)
RULING_INCHES = 0.5
RULING_THICKNESS_INCHES = 0.04
INK_GAP_INCHES = 0.012  # as many blank rows part a word's ink (2 pixels at 200 dpi: an accent 1 row up stays)
TALLEST = 1.6  # a word taller than this many times the page's ascent has a speck in its box
MIN_GLYPH_HEIGHT = 2.0  # points: a mark smaller than this is a speck, not a character
PROFILE_WIDTH = 800
ASCENDERS = re.compile(r"[A-Z0-9bdfhklt'àâäéèêëîïôöùûüÿÀ-ÖØ-Þ()\[\]{}/]")
DESCENDERS = re.compile(r"[gjpqyçQ,;()\[\]{}/]")
RULING_MARKS = "|¦"


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
    """Render, deskew and read every page, as many pages at a time as there are cores (the page limits
    were enforced when the PDF was found to hold no text)."""
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
        pages = []
        for number, width, height, _, future in futures:
            words, rulings = future.result()
            pages.append(Page(number, width, height, tuple(words), rulings))
    pdf.close()
    return Reading(ENGINE, version, LANGUAGE, max(f[3] for f in futures), tuple(pages))


def read_page(image, dpi: int, path: Path, number: int) -> tuple[list[Word], tuple]:
    """One page image, despeckled, deskewed, its rulings taken out, and read, its doubtful words read
    again; its words and rulings (in a worker thread: Tesseract runs as its own process)."""
    from PIL import ImageFilter

    image, rulings = unruled(deskew(image.filter(ImageFilter.MedianFilter(3))), dpi)
    words = second_look(image, tesseract_words(image, dpi, path, number), dpi, path, number)
    return inked(image, words, dpi), rulings


def image_dpi(page, width: float, image_type: int) -> int:
    """The resolution of the widest image on the page (a scan holds one per page), capped; 300 if none."""
    widths = [obj.get_metadata().width for obj in page.get_objects(filter=[image_type])]
    dpi = round(max(widths) / (width / 72)) if widths else 300
    return max(72, min(dpi, MAX_OCR_DPI))


def skew_angle(image) -> float:
    """The rotation (degrees) that makes the page's text lines horizontal: the angle, within ±SKEW_RANGE,
    whose horizontal ink profile varies most (coarse to fine). The profile of a turned page is counted from
    where its ink pixels land, not drawn: each angle costs a few milliseconds, not a rotation of the image."""
    from PIL import Image

    small = image.resize((PROFILE_WIDTH, round(image.height * PROFILE_WIDTH / image.width)),
                         Image.Resampling.BILINEAR)
    rows, columns = np.nonzero(np.asarray(small) < 160)
    if not rows.size:  # every angle alike: not turned
        return 0.0
    down, across = rows - small.height / 2, columns - small.width / 2

    def sharpness(angle: float) -> float:
        turned = np.radians(angle)  # counter-clockwise, as Image.rotate turns
        landed = down * np.cos(turned) - across * np.sin(turned) + small.height / 2
        landed = landed[(landed > -1) & (landed < small.height)]  # off the page: lost, as a rotation loses it
        row = np.floor(landed)
        share = landed - row  # a pixel landing between two rows counts in both, as interpolation spreads it
        row = row.astype(np.int64) + 1  # a row of margin above the page
        profile = np.bincount(row, 1 - share, small.height + 2) + np.bincount(row + 1, share, small.height + 2)
        return float(np.square(np.diff(profile)).sum())

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


def unruled(image, dpi: int):
    """The page without its table rulings, and the rulings, as a PDF's text layer gives them: (x0, top, x1,
    bottom) in points, one line each. Ink in a straight horizontal or vertical run longer than
    RULING_INCHES is a ruling (no letter has so long a stroke) and is made white: Tesseract reads rulings
    as letters ('|', 'L', 'F') and drops words boxed by them (a header cell's 'ROME' and '29 métiers')."""
    from PIL import Image

    length = round(RULING_INCHES * dpi)
    grey = np.asarray(image)
    paper = float(np.median(grey))  # white, or the grey of a darker paper
    # Across, only dark ink: the tops of a bold heading's letters, light grey at their edges, run as long.
    # Down, light grey too: a thin ruling blurred and turned twice (scanned, deskewed) fades and breaks.
    across = thin(in_runs(grey < paper * 200 / 255, length), dpi)
    down = thin(in_runs(bridged(grey.T < paper - 15), length), dpi).T
    pixels = grey.copy()
    pixels[thickened(across, 0) | thickened(down, 1)] = 255  # with the fringe grey pixels along each side
    scale = 72 / dpi
    rulings = [(x0, y, x1, y) for x0, y, x1 in lines(across, scale)] + \
        [(x, y0, x, y1) for y0, x, y1 in lines(down.T, scale)]
    return Image.fromarray(pixels), tuple(sorted(rulings))


def shifted(mask: np.ndarray, by: int, axis: int) -> np.ndarray:
    """The mask moved `by` pixels along `axis` (forward if positive), blank where it moved from."""
    out = np.zeros_like(mask)
    source = [slice(None)] * mask.ndim
    target = [slice(None)] * mask.ndim
    source[axis], target[axis] = (slice(None, -by), slice(by, None)) if by > 0 else (slice(-by, None), slice(None, by))
    out[tuple(target)] = mask[tuple(source)]
    return out


def thickened(mask: np.ndarray, axis: int, by: int = 2) -> np.ndarray:
    """The mask grown by `by` pixels each way across its lines (axis 0: up and down)."""
    out = mask.copy()
    for shift in range(1, by + 1):
        out |= shifted(mask, shift, axis) | shifted(mask, -shift, axis)
    return out


def thin(runs: np.ndarray, dpi: int) -> np.ndarray:
    """Runs along rows that make a line at most RULING_THICKNESS_INCHES thick: not a shaded cell (a
    header's grey background is as long as a ruling, and as tall as its cell)."""
    return runs & ~in_runs(runs.T, round(RULING_THICKNESS_INCHES * dpi) + 1).T


def bridged(ink: np.ndarray) -> np.ndarray:
    """Ink made continuous along its rows for a ruling that a scan broke: a pixel beside counts (a line
    not quite straight drifts from one row to the next) and gaps of up to 2 pixels are closed (JPEG and
    blur leave light dashes in a thin line)."""
    out = thickened(ink, 0, 1)
    gaps = out.copy()
    for shift in (1, 2):
        gaps |= shifted(out, shift, 1) & shifted(out, -shift, 1)
    return gaps


def in_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels within a run of ink at least `length` long along a row."""
    width = ink.shape[1]
    edges = np.diff(np.pad(ink, ((0, 0), (1, 1))).view(np.int8), axis=1)  # 1 where a run starts, -1 past its end
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # in order: the k-th end is the k-th run's
    long = ends - starts >= length
    out = np.zeros(ink.shape, dtype=bool)
    for start, end in zip(starts[long], ends[long]):  # a few hundred at most: rulings and shaded cells
        row, column = divmod(int(start), width + 1)
        out[row, column:column + end - start] = True
    return out


def lines(runs: np.ndarray, scale: float) -> list[tuple[float, float, float]]:
    """The straight lines the runs along rows make: (left, middle, right), scaled; one per band of
    touching rows (a ruling is a few pixels thick) and stretch of columns."""
    rows = np.flatnonzero(runs.any(axis=1))
    out = []
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1) if rows.size else []:
        columns = np.flatnonzero(runs[band[0]:band[-1] + 1].any(axis=0))
        middle = round((band[0] + band[-1] + 1) / 2 * scale, 2)
        out += [(round(piece[0] * scale, 2), middle, round((piece[-1] + 1) * scale, 2))
                for piece in np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)]
    return out


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


def inked(image, words: list[Word], dpi: int) -> list[Word]:
    """Words with their boxes' tops and bottoms moved to their ink: Tesseract sometimes gives a word set
    between two lines (a code beside a label of two) a box as tall as both. Within the box, the rows
    holding ink, in bands split by blank gaps of INK_GAP_INCHES or more (an accent or a dot stays with its
    letters), the band with the most ink. Marks keep their boxes."""
    ink = np.asarray(image) < 160
    scale, gap = dpi / 72, max(1, round(INK_GAP_INCHES * dpi))
    out = []
    for word in words:
        top, left = round(word.top * scale), round(word.x0 * scale)
        rows = ink[top:round(word.bottom * scale) + 1, left:round(word.x1 * scale) + 1].sum(axis=1)
        inked_rows = np.flatnonzero(rows)
        if inked_rows.size == 0 or is_mark(word):  # a mark (':') is in pieces
            out.append(word)
            continue
        bands = np.split(inked_rows, np.flatnonzero(np.diff(inked_rows) > gap) + 1)
        band = max(bands, key=lambda b: rows[b].sum())
        out.append(replace(word, top=round((top + band[0]) / scale, 2), bottom=round((top + band[-1] + 1) / scale, 2)))
    return out


def second_look(image, words: list[Word], dpi: int, path: Path, number: int) -> list[Word]:
    """Words read with low confidence, and codes, read again, each alone on a line of its own.

    A word read the same way twice, in two contexts, takes the second reading's confidence (a code read
    with confidence keeps its first). A code read with confidence but otherwise the second time keeps its
    first reading with confidence 0: neither reading can be trusted, and the checks weigh it (it is
    corrected only on its label's evidence). A doubtful word read otherwise, with confidence, the second
    time takes that reading and keeps its low confidence. Any other keeps its first reading.

    Tesseract reads a word differently in the page and alone: 'Cadre' at the start of a label reads
    'Cadre' every time, with a confidence of 67-78 in the page and 96 alone; a code squeezed between two
    label lines reads 'se' (35) or '.' (0) in the page and '14232' alone; 46321 reads '46821' (92) on
    some rows of a ruled table and '46321' (97) alone, 32331 '32331' (95) in the page and '32334' (81)
    alone. Taller than three lines: a ruling or a smudge; a mark (no letter nor digit) is read again only
    if wider than two lines are high."""
    if not words:
        return words
    line = statistics.median(w.bottom - w.top for w in words)
    again = [i for i, w in enumerate(words) if w.bottom - w.top < 3 * line and (
        looks_like_code(w.text) or ((w.conf or 0) < LOW_CONFIDENCE
                                    and (not is_mark(w) or w.x1 - w.x0 > 2 * line)))]  # a mark so wide is a word
    out = list(words)
    for start in range(0, len(again), SECOND_LOOK_BATCH):
        batch = again[start:start + SECOND_LOOK_BATCH]
        strip, bands = stacked(image, [words[i] for i in batch], dpi)
        second = tesseract_words(strip, dpi, path, number)
        for i, (top, bottom) in zip(batch, bands):
            read = [w for w in second if top <= w.middle <= bottom]
            first, sure = words[i], len(read) == 1 and read[0].conf >= LOW_CONFIDENCE
            if " ".join(w.text for w in read) == first.text:
                if first.conf < LOW_CONFIDENCE:
                    out[i] = replace(first, conf=min(w.conf for w in read))
            elif sure and first.conf >= LOW_CONFIDENCE:
                out[i] = replace(first, conf=0.0)  # two readings, each confident, contradict each other
            elif sure:
                out[i] = replace(first, text=read[0].text)
    return out


def stacked(image, words: list[Word], dpi: int):
    """The words cut out of the page image and stacked one under the other, a line's height apart, and
    each one's band in the stack (points)."""
    from PIL import Image

    scale = dpi / 72
    crops = []
    for word in words:
        across, down = 0.1 * (word.bottom - word.top), 0.3 * (word.bottom - word.top)
        crops.append(image.crop((round((word.x0 - across) * scale), round((word.top - down) * scale),
                                 round((word.x1 + across) * scale), round((word.bottom + down) * scale))))
    space = max(crop.height for crop in crops)
    strip = Image.new("L", (max(crop.width for crop in crops) + 2 * space,
                            sum(crop.height for crop in crops) + space * (len(crops) + 1)), 255)
    bands, top = [], space
    for crop in crops:
        strip.paste(crop, (space, top))
        bands.append((top / scale, (top + crop.height) / scale))
        top += crop.height + space
    return strip, bands


def tenth(confidence: float) -> str:
    """A confidence to a tenth, rounded down: 79.96 reads 79.9, never the threshold it is under."""
    return f"{math.floor(confidence * 10) / 10:g}"


def is_speck(word: Word) -> bool:
    """A mark that is not text: smaller than any character, or no letter nor digit read with low confidence."""
    return word.bottom - word.top < MIN_GLYPH_HEIGHT or (
        is_mark(word) and (word.conf or 0) < LOW_CONFIDENCE)


def is_mark(word: Word) -> bool:
    """No letter nor digit: punctuation, a ruling OCR read as '|', a speck."""
    return not any(c.isalnum() for c in word.text)


def font_boxes(words: list[Word]) -> list[Word]:
    """Words with the boxes a text layer gives them: from the baseline up to the ascenders' height and
    down to the descenders', whatever letters they hold. OCR boxes hug the ink ('verre' is lower than
    'Verre', 'rayon)' deeper than 'rayon'), which moves a line's top and bottom by a fifth of its height
    and makes the gaps between lines, which tell a wrapped label from the next row, vary as much.

    The page's heights: ascent, the median height of words with an ascender and no descender; descent,
    what words with both add to it. A word with an ascender keeps its top (a heading's larger type keeps
    its size, up to TALLEST times the ascent); its baseline is its bottom, or its bottom less the descent
    if it has a descender."""
    letters = [(w, ASCENDERS.search(w.text) is not None, DESCENDERS.search(w.text) is not None) for w in words]
    tall = [w.bottom - w.top for w, up, down in letters if up and not down]
    if not tall:
        return words
    ascent = statistics.median(tall)
    deep = [w.bottom - w.top - ascent for w, up, down in letters if up and down]
    descent = max(0.0, statistics.median(deep)) if deep else 0.25 * ascent
    out = []
    for word, up, down in letters:
        if is_mark(word):
            out.append(word)
            continue
        baseline = word.bottom - descent if down else word.bottom
        top = word.top if up and baseline - word.top < TALLEST * ascent else baseline - ascent  # else a speck
        bottom = baseline + descent * (baseline - top) / ascent
        out.append(replace(word, top=top, bottom=bottom) if (top, bottom) != (word.top, word.bottom) else word)
    return out


def cleaned(word: Word) -> Word:
    """A word without the table rulings OCR reads as bars stuck to it ('|ROME')."""
    text = word.text.strip(RULING_MARKS)
    return word if text == word.text else replace(word, text=text)


def scan_lines(reading: Reading, path: Path) -> list[Line]:
    """The scan's lines, ready for the text grammar, each with the words that made it: the pages'
    words, rulings and specks dropped, boxes made a text layer's, through the renderer-independent geometry.
    A page OCR could not read (upside down, a photo) is refused by its number, before the geometry finds
    something amiss in the table it interrupts."""
    if all(is_mark(w) for page in reading.pages for w in page.words):
        raise PdfError("OCR read no text on any page: blank pages, or pictures? scan the document again", path)
    for page in reading.pages:
        confidences = [w.conf for w in page.words if not is_mark(w)]
        if len(confidences) >= UNREADABLE_WORDS and (median := statistics.median(confidences)) < UNREADABLE_CONFIDENCE:
            raise PdfError(f"OCR read nothing it trusts on this page (median confidence {tenth(median)} over "
                           f"{len(confidences)} words): upside down, too faint, or not text? scan it again", path,
                           page=page.number)
    pages = [replace(page, words=tuple(font_boxes([w for w in map(cleaned, page.words) if not is_speck(w)])))
             for page in reading.pages]
    return page_rows(pages, path)
