"""A PDF made into a scan: pages rasterized by pdftoppm, degraded with Pillow and numpy, put back as an
image-only PDF by img2pdf (each page keeps its size in points: width px / dpi * 72)."""
import io
import random
import shutil
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def available() -> bool:
    try:
        import img2pdf  # noqa: F401
    except ImportError:
        return False
    return shutil.which("pdftoppm") is not None


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")))


def degrade(image: Image.Image, s: dict, page: int, turn: int) -> Image.Image:
    rng = np.random.default_rng(s["page_seed"] + page)
    angle = s["skew_deg"] + float(rng.uniform(-s["skew_jitter_deg"], s["skew_jitter_deg"]))
    paper = s["paper_grey"]
    pixels = np.asarray(image.convert("L"), dtype=np.float32) * (paper / 255.0)
    image = Image.fromarray(pixels.astype(np.uint8))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    if s["blur"]:
        image = image.filter(ImageFilter.GaussianBlur(s["blur"]))
    pixels = np.asarray(image, dtype=np.float32)
    if s["noise_sigma"]:
        pixels = pixels + rng.normal(0, s["noise_sigma"], pixels.shape)
    specks = rng.random(pixels.shape)
    pixels[specks < s["speckle"] / 2] = 0
    pixels[specks > 1 - s["speckle"] / 2] = 255
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if turn:
        image = image.rotate(turn, expand=True)
    if s["bilevel"]:
        image = image.point(lambda v: 255 if v > s["threshold"] else 0).convert("1", dither=Image.Dither.NONE)
    return image


def scan(source: Path, target: Path, s: dict, work: Path) -> dict:
    """Write `target`, the scan of `source` as `s` says; return `s` with the turned pages filled in."""
    import img2pdf
    n = page_count(source)
    turned: dict[str, int] = {}
    if s["turn_draw"]:
        r = random.Random(s["turn_seed"])
        for page in r.sample(range(1, n + 1), k=min(n, r.choice([1, 1, 2]))):
            turned[str(page)] = r.choice([90, 180, 270])
    s = {**s, "turned_pages": turned, "pages": n}
    prefix = work / "page"
    subprocess.run(["pdftoppm", "-r", str(s["dpi"]), "-gray", str(source), str(prefix)], check=True, timeout=300)
    images = []
    for path in sorted(work.glob("page-*.pgm")):
        page = int(path.stem.rsplit("-", 1)[1])
        image = degrade(Image.open(path), s, page, turned.get(str(page), 0))
        data = io.BytesIO()
        if s["bilevel"]:
            image.save(data, format="PNG", dpi=(s["dpi"], s["dpi"]))
        else:
            image.save(data, format="JPEG", quality=s["jpeg_quality"], dpi=(s["dpi"], s["dpi"]))
        images.append(data.getvalue())
        path.unlink()
    target.write_bytes(img2pdf.convert(images))
    return s
