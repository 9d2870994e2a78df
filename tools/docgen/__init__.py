"""A seeded random generator of the circular of 7 January 2008 as a PDF: a text-layer PDF typeset by one of
five renderers with a random layout, and for about half the seeds a scan of it (image-only PDF).

    from docgen import generate
    pdf = generate(1000, "/tmp/docs")        # /tmp/docs/circ-1000.pdf and circ-1000.json (the parameters)

Independent of the project's `pipeline` package (it makes what the pipeline is tried on): the circular's text
is the project's raw text. Development seeds and held-out seeds: tools/documents.py.
"""
import json
import shutil
import tempfile
import time
from pathlib import Path

from tools.docgen import render_fpdf, render_html, render_reportlab, render_typst
from tools.docgen import scan as scanning
from tools.docgen.content import SOURCE, load
from tools.docgen.observe import observe
from tools.docgen.params import RENDERERS, draw

__all__ = ["generate", "available_renderers", "draw"]

_RENDER = {
    "chromium": (render_html.chromium_available, render_html.render_chromium),
    "libreoffice": (render_html.office_available, render_html.render_office),
    "typst": (render_typst.available, render_typst.render),
    "reportlab": (render_reportlab.available, render_reportlab.render),
    "fpdf2": (render_fpdf.available, render_fpdf.render),
}


def available_renderers() -> dict[str, bool]:
    return {name: check() for name, (check, _) in _RENDER.items()}


def generate(seed: int, out_dir, *, renderer: str | None = None, regions: int | None = None,
             scan: bool | None = None, short: bool = False) -> Path:
    """Write circ-<seed>.pdf and circ-<seed>.json into `out_dir` and return the PDF's path.

    Keyword overrides (for tests; the defaults draw everything from the seed): `renderer` forces one,
    `regions` keeps only the first N regional lists and `short` drops the preamble's long
    paragraphs (a small document: short=True, regions=2 is 2 pages), `scan` forces a scan on or off
    (a forced scan with no drawn scan parameters draws them from seed + 1 000 003)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    p = draw(seed)
    notes = []
    if renderer:
        p["renderer"] = renderer
    if scan is False:
        p["scan"] = None
    elif scan is True and p["scan"] is None:
        p["scan"] = draw_scan(seed)
    ready = available_renderers()
    drawn = p["renderer"]
    if not ready[drawn]:
        start = RENDERERS.index(drawn)
        fallback = next((RENDERERS[(start + k) % len(RENDERERS)] for k in range(1, len(RENDERERS))
                         if ready[RENDERERS[(start + k) % len(RENDERERS)]]), None)
        if fallback is None:
            raise RuntimeError("no renderer available (chromium, soffice, typst, reportlab, fpdf2)")
        notes.append(f"renderer {drawn} is not available here: used {fallback}")
        p["renderer_drawn"], p["renderer"] = drawn, fallback
    if regions is not None or short:
        p["regions"], p["short"] = regions, short
    doc = load(p["apostrophe"], regions, short)
    target = out_dir / f"circ-{seed}.pdf"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"docgen-{seed}-") as tmp:
        work = Path(tmp)
        typeset = work / "typeset.pdf"
        p["ignored"] = _RENDER[p["renderer"]][1](doc, p, typeset, work)
        p["timing"] = {"typeset_s": round(time.perf_counter() - started, 3)}
        p["observed"] = observe(typeset)
        if p["scan"] and not scanning.available():
            notes.append("scan drawn but pdftoppm or img2pdf is missing: the text-layer PDF is written instead")
            p["scan_skipped"], p["scan"] = p["scan"], None
        if p["scan"]:
            t = time.perf_counter()
            p["scan"] = scanning.scan(typeset, target, p["scan"], work)
            p["timing"]["scan_s"] = round(time.perf_counter() - t, 3)
        else:
            shutil.copyfile(typeset, target)
    p["timing"]["total_s"] = round(time.perf_counter() - started, 3)
    p["notes"] = notes
    p["source_text"] = SOURCE.name
    (out_dir / f"circ-{seed}.json").write_text(json.dumps(p, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def draw_scan(seed: int) -> dict:
    for k in range(1000):
        s = draw(seed + 1_000_003 + k)["scan"]
        if s:
            return s
    raise AssertionError("unreachable")
