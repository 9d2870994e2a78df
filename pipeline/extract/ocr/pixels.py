"""Page images before OCR: their resolution, skew and rulings."""
import numpy as np
from scipy import ndimage

from pipeline.core.paths import MAX_OCR_DPI

SKEW_RANGE = 5.0
RULING_INCHES = 0.5
RULING_THICKNESS_INCHES = 0.04
PROFILE_WIDTH = 800
BACKGROUND_INCHES = 0.1


def image_dpi(page, width: float, image_type: int) -> int:
    """The resolution of the widest image on the page (a scan holds one per page), capped; 300 if none."""
    widths = [obj.get_metadata().width for obj in page.get_objects(filter=[image_type])]
    dpi = round(max(widths) / (width / 72)) if widths else 300
    return max(72, min(dpi, MAX_OCR_DPI))


def flattened(image, dpi: int):
    """The page with its background taken out: each pixel divided by the lightest ink around it, closed over
    BACKGROUND_INCHES (wider than any stroke of a letter or a ruling, narrower than a shaded cell). A grey
    cell, a grey paper and uneven light turn white; letters and rulings keep their contrast with what is
    around them. Tesseract thresholds a page as a whole: a bold header on grey shading read as noise ('JE
    HUME 2 mouer$' for 'CODE ROME 29 métiers') reads as printed once its shading is taken out."""
    from PIL import Image

    grey = np.asarray(image)
    reach = max(3, round(BACKGROUND_INCHES * dpi)) | 1  # odd: centred, a shaded cell closed to its edges
    background = ndimage.minimum_filter(ndimage.maximum_filter(grey, size=reach), size=reach)
    out = grey.astype(np.float32) * 255 / np.maximum(background, 1)
    return Image.fromarray(np.minimum(out, 255).astype(np.uint8))


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


def straightened(image, angle: float):
    """The image turned by `angle` degrees (skew_angle's), counter-clockwise."""
    from PIL import Image

    return image if angle == 0 else image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def unruled(image, dpi: int, found_in=None):
    """The page without its table rulings, and the rulings, as a PDF's text layer gives them: (x0, top, x1,
    bottom) in points, one line each. Ink in a straight horizontal or vertical run longer than
    RULING_INCHES is a ruling (no letter has so long a stroke) and is made white: Tesseract reads rulings
    as letters ('|', 'L', 'F') and drops words boxed by them (a header cell's 'ROME' and '29 métiers').
    The rulings are looked for in `found_in` where given, the same page before it was despeckled: a median
    filter breaks a one-pixel ruling that steps from one row of pixels to the next into dashes, too short to
    be found, which Tesseract reads as letters."""
    from PIL import Image

    length = round(RULING_INCHES * dpi)
    grey = np.asarray(found_in if found_in is not None else image)
    paper = float(np.median(grey))  # white, or the grey of a darker paper
    # Across, only dark ink: the tops of a bold heading's letters, light grey at their edges, run as long.
    # Down, light grey too: a thin ruling blurred and turned twice (scanned, deskewed) fades and breaks.
    across = thin(in_runs(grey < paper * 200 / 255, length), dpi)
    down = thin(in_runs(bridged(grey.T < paper - 15), length), dpi).T
    pixels = np.array(image)
    pixels[thickened(across, 0) | thickened(down, 1)] = 255  # with the fringe grey pixels along each side
    scale = 72 / dpi
    rulings = [(x0, y, x1, y) for x0, y, x1 in lines(across, scale)] + \
        [(x, y0, x, y1) for y0, x, y1 in lines(down.T, scale)]
    return Image.fromarray(pixels), tuple(sorted(rulings))


def thickened(mask: np.ndarray, axis: int, by: int = 2) -> np.ndarray:
    """The mask grown by `by` pixels each way across its lines (axis 0: up and down); nothing wraps at the edges."""
    return grown(mask.T, by, by).T if axis == 0 else grown(mask, by, by)


def grown(mask: np.ndarray, left: int, right: int) -> np.ndarray:
    """Each pixel of the mask grown along its row, `left` pixels leftwards and `right` rightwards, nothing wrapping at
    the edges: ndimage's dilation by a row of ones, as shifted slices (the same pixels, several times faster)."""
    out = mask.copy()
    for shift in range(1, left + 1):
        out[:, :-shift] |= mask[:, shift:]
    for shift in range(1, right + 1):
        out[:, shift:] |= mask[:, :-shift]
    return out


def thin(runs: np.ndarray, dpi: int) -> np.ndarray:
    """Runs along rows that make a line at most RULING_THICKNESS_INCHES thick: not a shaded cell (a
    header's grey background is as long as a ruling, and as tall as its cell)."""
    return runs & ~in_runs(runs.T, round(RULING_THICKNESS_INCHES * dpi) + 1).T


def bridged(ink: np.ndarray) -> np.ndarray:
    """Ink made continuous along its rows for a ruling that a scan broke: a pixel beside counts (a line
    not quite straight drifts from one row to the next) and gaps of up to 2 pixels are closed (JPEG and
    blur leave light dashes in a thin line): a pixel with ink 1 or 2 pixels away on both sides of it."""
    out = thickened(ink, 0, 1)
    gaps = out.copy()
    for reach in (1, 2):
        gaps[:, reach:-reach] |= out[:, :-2 * reach] & out[:, 2 * reach:]
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


INK = 128  # a pixel darker than this is ink
WORD_SPACE = 0.6  # word heights: ink closer than this along a line is one line's (a word space, not a column's gap)
LINE_HEIGHTS = (0.6, 2.5)  # word heights: a line of text is no lower (an accent, a speck) nor higher (a logo)
NARROWEST_INK = 1.2  # its own heights: narrower ink is a letter or a speck, not a word (2 letters: 1.4, "de")


def unread_ink(image, read: list[tuple[float, float, float, float]], height: float, dpi: int):
    """The boxes (x0, top, x1, bottom, in points) of the page's ink outside the boxes `read`, joined along a line
    over a word's space (WORD_SPACE), as high as a line of text (LINE_HEIGHTS, from the words' `height`) and at
    a little wider (NARROWEST_INK): a line or a word OCR read nothing of with confidence."""
    scale = dpi / 72
    ink = np.asarray(image) < INK
    for x0, top, x1, bottom in read:
        ink[round(top * scale):round(bottom * scale) + 1, round(x0 * scale):round(x1 * scale) + 1] = False
    high = height * scale
    reach = max(1, round(WORD_SPACE * high))
    joined = grown(ink, reach // 2, (reach - 1) // 2)  # as ndimage dilates by a row of `reach` ones
    lines = ndimage.label(joined)[0] * ink  # each line's own ink: its box, not the join's reach beyond it
    out = []
    for rows, cols in filter(None, ndimage.find_objects(lines)):
        tall, wide = rows.stop - rows.start, cols.stop - cols.start
        if LINE_HEIGHTS[0] * high <= tall <= LINE_HEIGHTS[1] * high and wide >= NARROWEST_INK * tall:
            out.append((cols.start / scale, rows.start / scale, cols.stop / scale, rows.stop / scale))
    return out


FAINTEST = 230  # a pixel of a cleaned page darker than this is ink, however faint
LEAST_INK = 10.0  # square points of ink: a 10 pt 'e' holds 8 to 14 (Liberation Serif, DejaVu Sans), a period 1


def blank(image, dpi: int) -> bool:
    """A cleaned page (background taken out, despeckled) holding less ink than a letter, however faint (FAINTEST,
    LEAST_INK): Tesseract reads a white page's grain as words (a blank page of development 1159, darkest pixel
    193, 25 pixels under 230 at 162 dpi: 927 words read, median confidence 12); its pages of text hold over 100,000
    such pixels."""
    return int((np.asarray(image) < FAINTEST).sum()) < LEAST_INK * (dpi / 72) ** 2
