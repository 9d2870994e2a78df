"""Codes read again by the page's own digits: the digits of a code Tesseract read with low confidence are compared
with the digits of the codes it read with confidence on the same page, in the same font, size and scan.

Tesseract's fast French model reads a lone code badly however clean it is: a crisp '52151' cut out of development
1025 reads 'D2151' (81), '22151' (68), '2151' (60) or '52151' (44 to 82) as it is made larger. Beside the page's
other codes, its digits leave no doubt. Each digit's picture (`pictures`) is compared with the mean picture of each
digit on the page (`Digits`); a code is read where each of its five digits is about as close to one digit's mean as
that digit's own pictures are (`reach`), LEAST_SCORE at least, and clearly closer to it than to any other's
(LEAST_MARGIN); a digit the page prints too seldom for a mean (LEAST_SAMPLES) is no digit's. How often this reads a
confident code right, left out of its page's means, is measured in docs/scans.md.
"""
import statistics
from dataclasses import dataclass, replace

import numpy as np

from pipeline.core.confidence import LOW_CONFIDENCE
from pipeline.extract.geometry.lines import ROME_CODE
from pipeline.extract.ocr.pixels import INK
from pipeline.extract.printed import Word, digits_spelled, looks_like_code

CELL = (12, 20)  # pixels, width and height: a digit's picture as compared
LEAST_SCORE = 0.8  # a digit's correlation with its digit's mean picture, for it to be read
LEAST_MARGIN = 0.1  # ... over its correlation with any other digit's
# Pictures of a digit on the page, for a mean of it: with 3, one code Tesseract misread with confidence among them
# (45222 read '46222' at 91) drew its digit's mean and reach to another (the 5 of 45222, read so at 60, read a 6 with
# confidence: 157 times in an outside review's 64 pages of the circular's codes; 0 with 10).
LEAST_SAMPLES = 10
OUTLYING = 3.0  # how far a picture of a digit may be from its mean: this many times its pictures' median distance
SHAPE_SLACK = 0.25  # a doubtful code's ink is as wide and as high as the page's codes', within this share


@dataclass(frozen=True)
class Digits:
    """Of each digit the page's confident codes print LEAST_SAMPLES times or more, the mean picture and how far from
    it a picture of that digit may be (`reach`); and the size of the codes' ink (width, height, in pixels:
    medians)."""

    means: dict[str, np.ndarray]
    reach: dict[str, float]
    size: tuple[float, float]

    @classmethod
    def of(cls, grey: np.ndarray, words: list[Word], dpi: int) -> "Digits | None":
        samples: dict[str, list[np.ndarray]] = {}
        sizes = []
        for word in words:
            if ROME_CODE.fullmatch(word.text) and (word.conf or 0) >= LOW_CONFIDENCE \
                    and (found := pictures(grey, word, dpi)) is not None:
                sizes.append(found[1])
                for digit, picture in zip(word.text, found[0]):
                    samples.setdefault(digit, []).append(picture)
        kept = {digit: found for digit, found in samples.items() if len(found) >= LEAST_SAMPLES}
        if len(kept) < 2:
            return None
        return cls({digit: unit(np.sum(found, axis=0)) for digit, found in kept.items()},
                   {digit: reach(found) for digit, found in kept.items()},
                   (statistics.median(w for w, _ in sizes), statistics.median(h for _, h in sizes)))

    def read(self, grey: np.ndarray, word: Word, dpi: int) -> tuple[str, float] | None:
        """The code a word's ink prints, and the least of its digits' correlations (times 100), where every digit
        is read and the ink is a code's size (SHAPE_SLACK); else None."""
        found = pictures(grey, word, dpi)
        if found is None or any(abs(got - usual) > SHAPE_SLACK * usual for got, usual in zip(found[1], self.size)):
            return None
        digits, least = [], 1.0
        for picture in found[0]:
            scores = sorted(((float(picture @ mean), digit) for digit, mean in self.means.items()), reverse=True)
            (best, digit), (second, _) = scores[0], scores[1]
            if best < LEAST_SCORE or 1 - best > self.reach[digit] + 1e-6 or best - second < LEAST_MARGIN:
                return None
            digits.append(digit)
            least = min(least, best)
        return "".join(digits), round(100 * least, 2)


def reach(found: list[np.ndarray]) -> float:
    """How far from a digit's mean (one minus the correlation) a picture of it may be: OUTLYING times the median
    distance of its pictures from the others' mean (a median, which a few pictures of another digit among them do
    not move, where a code Tesseract misread with confidence gives one)."""
    return OUTLYING * float(np.median(1 - left_out(found)))


def left_out(found: list[np.ndarray]) -> np.ndarray:
    """Each picture's correlation with the mean of the others."""
    total = np.sum(found, axis=0)
    return np.array([float(picture @ unit(total - picture)) for picture in found])


def pictures(grey: np.ndarray, word: Word, dpi: int) -> tuple[list[np.ndarray], tuple[int, int]] | None:
    """The five digits' pictures of a word's ink, and the ink's width and height (pixels), where its columns of ink
    make five runs (else None: digits that touch, a speck beside them, a code read in part); each as high as the
    whole ink, made CELL's size, its mean taken out and its norm made 1."""
    from PIL import Image

    scale = dpi / 72
    top, left = max(0, round(word.top * scale) - 1), max(0, round(word.x0 * scale) - 1)
    bottom, right = min(grey.shape[0], round(word.bottom * scale) + 2), min(grey.shape[1], round(word.x1 * scale) + 2)
    crop = grey[top:bottom, left:right] if bottom > top and right > left else grey[:0, :0]
    ink = crop < INK
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return None
    crop = crop[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
    inked = ink[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1].any(axis=0)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.view(np.int8), [0]))))
    if edges.size != 10:
        return None
    out = []
    for start, end in zip(edges[::2], edges[1::2]):
        cell = np.asarray(Image.fromarray(crop[:, start:end]).resize(CELL, Image.Resampling.BILINEAR), np.float32)
        out.append(unit(255 - cell.ravel()))
    return out, (crop.shape[1], crop.shape[0])


def unit(vector: np.ndarray) -> np.ndarray:
    centred = vector - vector.mean()
    norm = float(np.linalg.norm(centred))
    return centred / norm if norm else centred


def digits_read(image, words: list[Word], dpi: int) -> list[Word]:
    """The page's words, each code read with low confidence read again by the page's digits (`Digits`). Read the same
    way (the letters OCR reads for digits as those digits: 'S215L' at 34 is read 52151), it takes the digits' reading
    and their confidence (the least of their correlations, times 100), as a word read the same way twice does
    (recognize.second_look), a code read with confidence two ways too (confidence 0: the digits read it as it was
    first read); read otherwise, it takes the digits' reading and keeps its low confidence, for the checks to weigh
    ('52183' at 76 reads 52133; 'B3221' at 0 reads 33221). A page whose confident codes print too few digits to
    compare with is left as read."""
    doubtful = [i for i, w in enumerate(words) if looks_like_code(w.text) and (w.conf or 0) < LOW_CONFIDENCE]
    if not doubtful:
        return words
    grey = np.asarray(image.convert("L"))
    digits = Digits.of(grey, words, dpi)
    if digits is None:
        return words
    out = list(words)
    for i in doubtful:
        read = digits.read(grey, words[i], dpi)
        if read is not None:
            text, score = read
            same = text == digits_spelled(words[i].text)
            out[i] = replace(words[i], text=text, conf=score if same else words[i].conf)
    return out
