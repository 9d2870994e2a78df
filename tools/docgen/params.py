"""Random layout and scan parameters, all drawn from one `random.Random(seed)`.

The draw order is fixed: the same seed gives the same parameters whatever renderers are installed; the
renderer is drawn among all five, then replaced (and the replacement recorded) only if its tool is missing.
"""
import math
import random

RENDERERS = ("chromium", "libreoffice", "typst", "reportlab", "fpdf2")
FONTS = {  # family -> (regular, bold, italic, bold italic) TrueType files, for the renderers that embed files
    "Liberation Serif": tuple(f"/usr/share/fonts/truetype/liberation/LiberationSerif-{s}.ttf"
                              for s in ("Regular", "Bold", "Italic", "BoldItalic")),
    "Liberation Sans": tuple(f"/usr/share/fonts/truetype/liberation/LiberationSans-{s}.ttf"
                             for s in ("Regular", "Bold", "Italic", "BoldItalic")),
    "DejaVu Serif": tuple(f"/usr/share/fonts/truetype/dejavu/DejaVuSerif{s}.ttf"
                          for s in ("", "-Bold", "-Italic", "-BoldItalic")),
    "DejaVu Sans": tuple(f"/usr/share/fonts/truetype/dejavu/DejaVuSans{s}.ttf"
                         for s in ("", "-Bold", "-Oblique", "-BoldOblique")),
}


def header_width(font: str, size: float) -> float:
    """Width in points of the wider of "CODE ROME" and "Code Rome" set in the bold face of `font`."""
    from PIL import ImageFont
    face = ImageFont.truetype(FONTS[font][1], size=100)
    return max(face.getlength(t) for t in ("CODE ROME", "Code Rome")) * size / 100


def draw(seed: int) -> dict:
    r = random.Random(seed)
    p: dict = {"seed": seed}
    p["renderer"] = r.choice(RENDERERS)
    p["font"] = r.choice(sorted(FONTS))
    p["size"] = r.choice([9, 9.5, 10, 10.5, 11, 11.5, 12])
    p["margins_mm"] = {k: r.randint(12, 28) for k in ("top", "right", "bottom", "left")}
    p["valign"] = r.choice(["top", "middle", "bottom"])
    p["code_align"] = r.choice(["left", "left", "center"])
    p["rulings"] = r.choice(["none", "horizontal", "grid"])
    p["zebra"] = r.random() < 0.3
    p["header_shade"] = r.random() < 0.5
    p["columns"] = 2 if r.random() < 0.25 else 1
    p["header_wrap"] = r.random() < 0.35          # "CODE" over "ROME" in the header cell
    p["apostrophe"] = "typographic" if r.random() < 0.3 else "straight"
    p["repeat_header"] = r.random() < 0.5
    # The code column: always wide enough for five digits with the cells' padding (a code never wraps); when
    # the header is not to wrap, wide enough for "CODE ROME" in bold on one line too (measured in the font).
    # header_wrap sets an explicit break in the header cell besides.
    extra = r.randint(0, 8)
    digits = (p["size"] * 0.64 * 5 + 14) / 2.835
    one_line = (header_width(p["font"], p["size"]) + 16) / 2.835
    p["code_col_mm"] = math.ceil(digits if p["header_wrap"] else max(digits, one_line)) + extra
    p["heading_style"] = r.choice(["bold", "italic", "bold-italic"])
    p["padding_pt"] = round(r.uniform(1.0, 4.0), 1)
    p["orientation"] = "landscape" if r.random() < 0.1 else "portrait"
    scan = r.random() < 0.5
    p["scan"] = None
    if scan:
        s: dict = {}
        s["dpi"] = r.randint(150, 300)
        s["skew_deg"] = round(r.uniform(-3, 3), 2)          # the document's skew
        s["skew_jitter_deg"] = round(r.uniform(0, 0.6), 2)  # each page's own wobble around it
        s["turned_pages"] = {}                               # 1-based page -> 90/180/270 (filled at render)
        s["turn_draw"] = r.random() < 0.2
        s["turn_seed"] = r.randrange(1 << 30)
        s["jpeg_quality"] = r.randint(30, 90)
        s["noise_sigma"] = round(r.uniform(0, 6), 1)
        s["speckle"] = round(r.uniform(0, 0.003), 5)
        s["blur"] = round(r.uniform(0, 1.2), 2)
        s["bilevel"] = r.random() < 0.2                      # 1-bit threshold (fax-like); no JPEG then
        s["threshold"] = r.randint(110, 170)
        s["paper_grey"] = r.choice([255, 255, r.randint(200, 250)])
        s["page_seed"] = r.randrange(1 << 30)
        p["scan"] = s
    return p


def importable(module: str) -> bool:
    """Whether a renderer's Python package is installed."""
    import importlib.util

    return importlib.util.find_spec(module) is not None
