"""Codes read again by the page's own digits (pipeline.extract.ocr.glyphs), on pages drawn here: codes read with
confidence in one font, a doubtful one printed as each test says."""
import dataclasses
from dataclasses import dataclass, replace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.core.confidence import LOW_CONFIDENCE
from pipeline.extract.ocr import glyphs
from pipeline.extract.ocr.glyphs import digits_read
from pipeline.extract.printed import Word

FONTS = "/usr/share/fonts/truetype/liberation/"
SANS, SERIF_BOLD, MONO = (FONTS + name for name in ("LiberationSans-Regular.ttf", "LiberationSerif-Bold.ttf",
                                                    "LiberationMono-Regular.ttf"))
# Read with confidence, each three times over (a page's worth): each digit printed nine times or more, but '7' on two
# codes, once each.
CONFIDENT = ["52111", "52121", "52133", "33121", "32321", "14232", "61221", "61222", "61223", "45231"] * 3 + \
    ["47111", "57111"]


@dataclass
class Printed:
    """A code as the page prints it: its digits (several at one place: printed over each other), font, size and the
    space between digits (pixels, beside the font's)."""

    digits: str | list[str]
    font: str = SANS
    size: int = 20
    spacing: int = 0


def page(doubtful: list[tuple[str, float, Printed]], confident: list[tuple[str, str]] | None = None,
         font: str = SANS, size: int = 20, noise: float = 15) -> tuple[Image.Image, list[Word]]:
    """A page at 72 dpi (a pixel a point): the codes read with confidence (as read, as printed; CONFIDENT unless
    given), then the doubtful words, each with its box."""
    confident = [(code, code) for code in CONFIDENT] if confident is None else confident
    rows = [(read, 96.0, Printed(printed, font, size)) for read, printed in confident] + doubtful
    image = Image.new("L", (300, 40 * len(rows) + 40), 255)
    draw = ImageDraw.Draw(image)
    words = []
    for i, (read, confidence, printed) in enumerate(rows):
        face = ImageFont.truetype(printed.font, printed.size)
        step = face.getlength("0") + printed.spacing
        boxes = [draw.textbbox((30 + k * step, 20 + 40 * i), digit, font=face)
                 for k, place in enumerate(printed.digits) for digit in place]
        for k, place in enumerate(printed.digits):
            for digit in place:
                draw.text((30 + k * step, 20 + 40 * i), digit, font=face, fill=0)
        words.append(Word(read, min(b[0] for b in boxes), max(b[2] for b in boxes), min(b[1] for b in boxes),
                          max(b[3] for b in boxes), confidence))
    return scanned(image, noise), words


def scanned(image: Image.Image, noise: float) -> Image.Image:
    """The page as a scanner gives it: blurred, with noise (seeded; its deviation, in grey levels): no two pictures of
    a digit alike."""
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.5)), np.float32)
    pixels += np.random.default_rng(0).normal(0, noise, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def read_again(read: str, confidence: float, printed: Printed) -> tuple[str, float]:
    image, words = page([(read, confidence, printed)])
    out = digits_read(image, words, 72)
    assert out[:-1] == words[:-1]  # codes read with confidence are as read
    return out[-1].text, out[-1].conf


@pytest.mark.parametrize("read", ["52151", "S215L", "5215 1"])
def test_a_doubtful_code_read_the_same_way_by_the_page_s_digits_takes_their_confidence(read):
    # 'S215L': the letters OCR reads for 5 and 1; '5215 1': a space inside.
    text, confidence = read_again(read, 18.0, Printed("52151"))
    assert text == "52151" and confidence >= LOW_CONFIDENCE


def test_a_doubtful_code_read_otherwise_by_the_page_s_digits_takes_their_reading_and_keeps_its_confidence():
    assert read_again("D2151", 40.0, Printed("52151")) == ("52151", 40.0)


@pytest.mark.parametrize("why, printed", [
    ("in a larger size: its digits further from the page's means than the page's own pictures (reach)",
     Printed("52151", size=24)),
    ("a 5 and a 6 printed over each other: further from the 6s' mean than the page's 6s (reach)",
     Printed(["5", "2", "1", "56", "1"])),
    ("a 7, printed on two codes read with confidence only (LEAST_SAMPLES)", Printed("52171")),
    ("digits that touch: not five runs of ink", Printed("52151", spacing=-2)),
    ("four digits, a code read in part: not five runs of ink", Printed("5215")),
])
def test_a_doubtful_code_the_page_s_digits_do_not_read_surely_is_left_as_read(why, printed):
    read = printed.digits if isinstance(printed.digits, str) else "52151"
    assert read_again(read, 18.0, printed) == (read, 18.0), why


@pytest.mark.parametrize("why, printed", [
    ("another font: like no digit of the page by 0.8 (LEAST_SCORE)", Printed("52151", font=SERIF_BOLD)),
    ("a 3 and a 5 printed over each other: as like one as the other (LEAST_MARGIN)",
     Printed(["5", "2", "1", "35", "1"])),
    ("its digits set wider apart than the page's codes' (SHAPE_SLACK)", Printed("52151", spacing=4)),
])
def test_a_code_is_not_read_by_digits_however_far_their_pictures_reach(why, printed):
    # Each bound alone: the page's means, each digit's pictures taken to reach as far as any picture may.
    image, words = page([("52151", 18.0, printed)])
    grey = np.asarray(image)
    digits = glyphs.Digits.of(grey, words, 72)
    wide = dataclasses.replace(digits, reach=dict.fromkeys(digits.reach, 2.0))
    assert digits.read(grey, words[-1], 72) is None and wide.read(grey, words[-1], 72) is None, why
    image, words = page([("52151", 18.0, Printed("52151"))])  # the same page, but for the code as the others
    assert wide.read(np.asarray(image), words[-1], 72) is not None


def test_a_code_read_with_confidence_is_not_read_again():
    image, words = page([("52151", 96.0, Printed("52111"))])
    assert digits_read(image, words, 72) == words


def test_a_page_whose_confident_codes_print_a_single_digit_is_left_as_read():
    image, words = page([("11511", 18.0, Printed("11511"))], [("11111", "11111")] * 5)
    assert glyphs.Digits.of(np.asarray(image), words, 72) is None and digits_read(image, words, 72) == words


def test_words_that_are_no_codes_are_not_read_again():
    image, words = page([("52151", 18.0, Printed("52151"))])
    words[-1] = replace(words[-1], text="Cadre")
    assert digits_read(image, words, 72) == words


def test_a_digit_the_page_prints_too_seldom_is_not_read_as_the_digit_it_looks_most_like():
    # Liberation Mono, no 8 among the confident codes: the 8 of 52183 is more like the page's 3s than like any other
    # digit's, but not enough. Tesseract read it '52133' (an outside review's case).
    confident = [(code, code) for code in ["52133", "32112", "33121", "61221", "47231", "14232", "56921", "90212",
                                           "46330", "17190", "52151"] * 3]
    image, words = page([("52133", 62.0, Printed("52183", font=MONO))], confident, font=MONO)
    assert digits_read(image, words, 72) == words


@pytest.mark.parametrize("misread", [1, 2, 3, 4])
def test_pictures_of_another_digit_among_a_digit_s_do_not_draw_its_reach_to_it(misread):
    # The page prints a 6 on ten codes and no 5 but on codes Tesseract misread with confidence, 5 for 6: their 5s
    # would draw the 6s' reach (were it the furthest picture's) to the 5 of a doubtful code misread the same way.
    sixes = ["12316", "21361", "13621", "32163", "16231", "23116", "31162", "12613", "26131", "61312"]
    misreads = [("12361", "12351"), ("21613", "21513"), ("31236", "31235"), ("16123", "15123")][:misread]
    confident = [(code, code) for code in sixes + ["11223", "22311", "33112"]] + misreads
    image, words = page([("13261", 60.0, Printed("13251"))], confident)
    assert digits_read(image, words, 72) == words


@pytest.mark.parametrize("x0, x1", [(-200, -150), (-270, -215), (400, 450), (40, 40)])
def test_a_box_off_the_page_or_of_no_width_reads_nothing(x0, x1):
    image, words = page([("52151", 18.0, Printed("52151"))])
    words[-1] = replace(words[-1], x0=x0, x1=x1)
    assert digits_read(image, words, 72) == words


def test_a_page_in_colour_is_read_as_its_grey():
    image, words = page([("D2151", 40.0, Printed("52151"))])
    assert digits_read(image.convert("RGB"), words, 72) == digits_read(image, words, 72)


def test_a_digit_printed_on_fewer_than_ten_codes_has_no_mean():
    # The circular's codes of a page, 45222 misread '46222' with confidence: the 6s' mean, from three codes, would be
    # drawn to it, and 45222 and 45231 misread so at 60 read the same way by the 6s (an outside review's case).
    confident = [(code, code) for code in ["32112", "32321", "32331", "33121", "33221", "44316", "45231", "46321",
                                           "46322"]] + [("46222", "45222")]
    doubtful = [("46222", 60.0, Printed("45222", size=28)), ("46231", 60.0, Printed("45231", size=28))] * 4
    image, words = page(doubtful, confident, size=28, noise=25)
    assert digits_read(image, words, 72) == words


def test_ink_of_six_digits_is_not_read_as_a_code():
    # A stray digit beside a code (a footnote's call, a count's digit): six runs of ink, each a digit of the page.
    assert read_again("52151", 18.0, Printed("521511")) == ("52151", 18.0)


def test_doubtful_codes_make_no_mean():
    # Ten codes printing a 7, each read with low confidence: no mean of 7, and none of them read.
    image, words = page([("52171", 50.0, Printed("52171"))] * 10)
    assert digits_read(image, words, 72) == words
