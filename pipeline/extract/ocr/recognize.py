"""Every page of a scan rendered, cleaned and read, doubtful words read a second time."""
import itertools
import os
import statistics
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from pipeline.core.confidence import LOW_CONFIDENCE
from pipeline.core.errors import PdfError
from pipeline.extract.geometry.lines import COUNT_SHAPE, Page
from pipeline.extract.ocr.boxes import inked, is_mark, median_confidence, unreadable
from pipeline.extract.ocr.glyphs import digits_read
from pipeline.extract.ocr.orientation import turn
from pipeline.extract.ocr.pixels import blank, flattened, image_dpi, skew_angle, straightened, unread_ink, unruled
from pipeline.extract.ocr.reading import Reading
from pipeline.extract.ocr.tesseract import ENGINE, LANGUAGE, tesseract_words
from pipeline.extract.printed import Word, looks_like_code

DESPECKLE = 3  # the median filter's size, in pixels: a scanner's specks would be read as letters
SPAN_SLACK = 0.34  # line heights: how far from an end of the ink the words read again may stop (a letter's side)
TALLEST_WORD = 34  # pixels: the median height of the words Tesseract reads well (`legible`)
TEXT_HEIGHT = 28  # pixels: the median height of words on a page made smaller to be read (`legible`)
SECOND_LOOK_BATCH = 100  # doubtful words read again at a time, in one strip
TALLEST_IMAGE = 32767  # pixels: Tesseract reads no image higher ('Image too large')


def recognize(path: Path, version: str) -> Reading:
    """Render, deskew and read every page, as many pages at a time as there are cores (the page limits
    were enforced when the PDF was found to hold no text). A page OCR cannot read, upright or turned, stops
    the reading there, by its number: the pages after it are not read."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise PdfError(f"not a readable PDF ({exc}): damaged or cut short? export or download it again", path) \
            from None
    workers = os.cpu_count() or 1
    pages, dpis, pending = [], [], []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for number in range(1, len(pdf) + 2):
                if number <= len(pdf):
                    page = pdf[number - 1]
                    width, height = page.get_size()
                    dpi = image_dpi(page, width, pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
                    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                    pending.append((number, width, height, dpi, pool.submit(read_page, image, dpi, path, number)))
                    dpis.append(dpi)
                while pending and (len(pending) >= workers or number > len(pdf)):
                    done, width, height, _, future = pending.pop(0)
                    words, rulings, degrees = future.result()
                    refused = unreadable(words)
                    if refused:
                        raise PdfError(refused, path, page=done)
                    if degrees in (90, 270):
                        width, height = height, width
                    pages.append(Page(done, width, height, tuple(words), rulings))
        finally:
            for *_, future in pending:
                future.cancel()
            pdf.close()
    return Reading(ENGINE, version, LANGUAGE, max(dpis), tuple(pages))


def read_page(image, dpi: int, path: Path, number: int) -> tuple[list[Word], tuple, int]:
    """One page image, its background taken out (pixels.flattened), despeckled, deskewed, its rulings taken out, and
    read, its doubtful words read again; a page whose reading OCR does not trust, turned upright first where
    Tesseract tells its turn (orientation.turn). Its words, rulings and turn (in a worker thread: Tesseract runs as
    its own process)."""
    image = flattened(image, dpi)
    words, rulings = read_upright(image, dpi, path, number)
    if not unreadable(words):
        return words, rulings, 0
    told = turn(image, dpi, number)
    # Tesseract's turn first; where it still reads badly (a quarter turn told the wrong way), the others.
    readings = [(words, rulings, 0)]
    for degrees in [told] * bool(told) + [d for d in ((told + 180) % 360, 90, 180, 270) if d and d != told]:
        turned = read_upright(image.rotate(-degrees, expand=True, fillcolor=255), dpi, path, number)
        readings.append((*turned, degrees))
        if not unreadable(turned[0]):
            break
    return max(readings, key=lambda r: median_confidence(r[0]))


def read_upright(image, dpi: int, path: Path, number: int) -> tuple[list[Word], tuple]:
    """A page despeckled (DESPECKLE), deskewed, its rulings (found before it was despeckled) taken out, and read, its
    doubtful codes read again by its own digits (glyphs.digits_read); a blank page (pixels.blank) is not: it holds
    no word."""
    from PIL import ImageFilter

    clean = image.filter(ImageFilter.MedianFilter(DESPECKLE))
    angle = skew_angle(clean)
    image, rulings = unruled(straightened(clean, angle), dpi, found_in=straightened(image, angle))
    if blank(image, dpi):
        return [], rulings
    image, dpi, words = legible(image, dpi, tesseract_words(image, dpi, path, number), path, number)
    words = digits_read(image, second_look(image, words, dpi, path, number), dpi)
    return inked(image, lost_lines(image, words, dpi, path, number), dpi), rulings


def legible(image, dpi: int, words: list[Word], path: Path, number: int) -> tuple[object, int, list[Word]]:
    """The page as Tesseract reads it best, its resolution and its words: where the words it read with confidence
    are taller than TALLEST_WORD pixels (the median of those of letters only), the page made smaller, its words
    TEXT_HEIGHT pixels high, and read again. Tesseract misreads text so tall, codes first: a page of a 295 dpi scan
    in 12 pt (words 39 pixels high) read 11 words of 240 with low confidence ('SL 02' for 32112 at 0, 'Halal' for
    33121 at 14: development 1140). Made smaller or larger, pages of four development scans read 0 to 3 words with
    low confidence with their words 26 pixels high, 0 to 8 at 33, 0 to 14 at 36 and 2 to 14 at 40 (1140, 1155,
    1167, 1184: 0 to 2 at 26-33 but for 1184's 3 to 8, 11 at 20)."""
    from PIL import Image

    heights = [(w.bottom - w.top) * dpi / 72 for w in words if (w.conf or 0) >= LOW_CONFIDENCE and w.text.isalpha()]
    height = statistics.median(heights) if heights else 0.0
    if height <= TALLEST_WORD:
        return image, dpi, words
    scale = TEXT_HEIGHT / height
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    dpi = round(dpi * scale)
    return image, dpi, tesseract_words(image, dpi, path, number)


def second_look(image, words: list[Word], dpi: int, path: Path, number: int) -> list[Word]:
    """Words read with low confidence, and codes, read again, each alone on a line of its own.

    A word read the same way twice, in two contexts, takes the second reading's confidence (a code read
    with confidence keeps its first). A code read with confidence but otherwise the second time keeps its
    first reading with confidence 0: neither reading can be trusted, and the page's digits (glyphs) and the checks
    weigh it (it is corrected only on its label's evidence). A doubtful word read otherwise, with confidence, the second
    time takes that reading and keeps its low confidence; read as several words, each with confidence, it
    becomes those words, in their boxes ('Hnéners' at 5 on a shaded header reads '11' and 'métiers' alone, at 97
    and 96; 'GRRERQME' at 6 reads 'CODE' 'ROME'), unless it looks like a code: a code read as two words is no
    code, and the checks weigh its first reading ('5231 2313' reached the tables). Any other keeps its first
    reading.

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
    out = [[w] for w in words]
    for i, read in zip(again, read_alone(image, [words[i] for i in again], dpi, path, number)):
        first, sure = words[i], bool(read) and all(w.conf >= LOW_CONFIDENCE for w in read)
        if " ".join(w.text for w in read) == first.text:
            if first.conf < LOW_CONFIDENCE:
                out[i] = [replace(first, conf=min(w.conf for w in read))]
        elif sure and first.conf >= LOW_CONFIDENCE:
            if len(read) == 1:
                out[i] = [replace(first, conf=0.0)]  # two readings, each confident, contradict each other
        elif sure and (len(read) == 1 or not looks_like_code(first.text)):
            out[i] = [replace(w, conf=first.conf) for w in read]
    return [w for taken in out for w in taken]


def lost_lines(image, words: list[Word], dpi: int, path: Path, number: int) -> list[Word]:
    """The page's words, with the ink OCR read no word of with confidence read again, each line of it alone
    (pixels.unread_ink: 'ANNEXE' lost between a letter's end and its annex; 'l'industrie' under a word read at 15
    whose box took in two lines). A line read again is taken where it reads with confidence, holds no code (a code
    is read again alone by `second_look`: two readings of a code that disagree are weighed by the page's digits and
    the checks, not settled by a third Tesseract reading) and its words account for the whole of its ink, from one
    end to the other (a reading that leaves part of it out would drop a word); a header's count is no code
    (`counted`). The lines taken replace the doubtful words (marks, words read with low confidence) along them,
    where they run from one end of each such word to the other, and a word (not a mark) is one line of them a line;
    where they do not, neither the lines nor the word are changed. The ink of 'Installateur-maintenicien', read at
    70, is two lines to the ink finder, parted at its hyphen: 'maintenicien' read again alone would drop
    'Installateur-', 'installateur' and 'maintenicien' read again side by side would drop the hyphen; a line read as
    '|' at 35 is read again as its three words, 'Conducteur' 'de' 'ma-'. A word read again where a word read with
    confidence stands (the ink of its ascenders, left beside its box, joined to the line) is that word: it is not
    added twice."""
    if not words:
        return words
    height = statistics.median(w.bottom - w.top for w in words)
    doubtful = lambda w: is_mark(w) or (w.conf or 0) < LOW_CONFIDENCE
    read = [(w.x0, w.top, w.x1, w.bottom) for w in words if not doubtful(w)]
    lost = [Word("", x0, x1, top, bottom) for x0, top, x1, bottom in unread_ink(image, read, height, dpi)]
    taken = [(box, again) for box, again in zip(lost, read_alone(image, lost, dpi, path, number))
             if again and statistics.median(w.conf for w in again) >= LOW_CONFIDENCE
             and (not any(looks_like_code(w.text) for w in again) or counted(again)) and spans(again, box)]
    doubted = [w for w in words if doubtful(w)]
    while True:  # lines along a doubtful word they do not stand for are not taken, nor those along it with them
        short = [w for w in doubted if (boxes := [box for box, _ in taken if along(w, box)])
                 and not (spans(boxes, w) and (is_mark(w) or one_a_line(boxes)))]
        kept = [(box, again) for box, again in taken if not any(along(w, box) for w in short)]
        if len(kept) == len(taken):
            break
        taken = kept
    replaced = {id(w) for w in doubted if any(along(w, box) for box, _ in taken)}
    out = [w for w in words if id(w) not in replaced]
    for _, again in taken:
        out += [w for w in again if not any(along(kept, w) for kept in out if not doubtful(kept))]
    return out


def counted(words: list[Word]) -> bool:
    """A header's count ('20 métiers': geometry.lines.COUNT_SHAPE), no code for all its number: a count lost in the
    page, its 'métiers' read at 45, reads whole alone (development 1026)."""
    return COUNT_SHAPE.fullmatch(" ".join(w.text for w in words)) is not None


def one_a_line(boxes: list[Word]) -> bool:
    """No two boxes side by side on one line (their heights overlap)."""
    return not any(a.top < b.bottom and b.top < a.bottom for a, b in itertools.combinations(boxes, 2))


def read_alone(image, boxes: list[Word], dpi: int, path: Path, number: int) -> list[list[Word]]:
    """For each box, the words Tesseract reads in it cut out alone, in the page's points: the boxes stacked
    (`stacked`), SECOND_LOOK_BATCH to a Tesseract run at most, each strip within TALLEST_IMAGE pixels (a page
    turned a quarter, read before it is turned, boxes words as tall as lines: a strip of 100 was 49,758 pixels
    high, development 1220); a box too tall alone reads nothing."""
    out: list[list[Word]] = []
    for batch in batches([bottom - top for _, top, _, bottom in (crop_box(box, dpi / 72) for box in boxes)]):
        if len(batch) == 1 and batch[0] is None:
            out.append([])
            continue
        strip, bands, shifts = stacked(image, [boxes[i] for i in batch], dpi)
        second = tesseract_words(strip, dpi, path, number)
        out += [[replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy)
                 for w in second if top <= w.middle <= bottom] for (top, bottom), (dx, dy) in zip(bands, shifts)]
    return out


def batches(heights: list[int]) -> list[list[int | None]]:
    """The boxes' indexes in runs of SECOND_LOOK_BATCH at most, each run's strip (`stacked`: its crops, a space as
    high as the highest before, between and after each) within TALLEST_IMAGE pixels; [None] for a box too tall
    alone."""
    out: list[list[int | None]] = []
    run: list[int] = []
    for i, height in enumerate(heights):
        full = len(run) == SECOND_LOOK_BATCH or strip_height([heights[k] for k in run] + [height]) > TALLEST_IMAGE
        if run and full:
            out.append(run)
            run = []
        if strip_height([height]) > TALLEST_IMAGE:
            out.append([None])
        else:
            run.append(i)
    return out + [run] * bool(run)


def strip_height(heights: list[int]) -> int:
    return sum(heights) + max(heights) * (len(heights) + 1)


def spans(words: list[Word], box: Word) -> bool:
    """Words (or boxes) that run from one end of a box to the other, SPAN_SLACK of its height apart at most."""
    slack = (box.bottom - box.top) * SPAN_SLACK
    return min(w.x0 for w in words) <= box.x0 + slack and max(w.x1 for w in words) >= box.x1 - slack


def along(word: Word, box: Word) -> bool:
    """A word on the line of `box`: they overlap across, and the middle of one is within the other's height (a
    word's box that took in two lines is along each of them)."""
    return min(word.x1, box.x1) > max(word.x0, box.x0) \
        and (word.top <= box.middle <= word.bottom or box.top <= word.middle <= box.bottom)


def stacked(image, words: list[Word], dpi: int):
    """The words cut out of the page image and stacked one under the other, a line's height apart, each one's
    band in the stack, and the shift (dx, dy) that moves a box in it back onto the page (points)."""
    from PIL import Image

    scale = dpi / 72
    crops, origins = [], []
    for word in words:
        box = crop_box(word, scale)
        crops.append(image.crop(box))
        origins.append(box[:2])
    space = max(crop.height for crop in crops)
    strip = Image.new("L", (max(crop.width for crop in crops) + 2 * space,
                            sum(crop.height for crop in crops) + space * (len(crops) + 1)), 255)
    bands, shifts, top = [], [], space
    for crop, (x, y) in zip(crops, origins):
        strip.paste(crop, (space, top))
        bands.append((top / scale, (top + crop.height) / scale))
        shifts.append(((x - space) / scale, (y - top) / scale))
        top += crop.height + space
    return strip, bands, shifts


def crop_box(word: Word, scale: float) -> tuple[int, int, int, int]:
    """A word's box in the page image's pixels, with a tenth of its height either side and 0.3 above and below."""
    across, down = 0.1 * (word.bottom - word.top), 0.3 * (word.bottom - word.top)
    return (round((word.x0 - across) * scale), round((word.top - down) * scale), round((word.x1 + across) * scale),
            round((word.bottom + down) * scale))
