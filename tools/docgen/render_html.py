"""HTML of the circular, printed by Chromium or converted by LibreOffice (Writer/Web import)."""
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tools.docgen.content import Document

GREY, ZEBRA = "#d0d0d0", "#ececec"


def _e(s: str) -> str:
    return html.escape(s, quote=False)


def build_html(doc: Document, p: dict, for_office: bool = False) -> tuple[str, list[str]]:
    """The page, and the parameters this HTML cannot honour for the given consumer."""
    ignored = []
    m = p["margins_mm"]
    border = {"none": "none", "horizontal": "none", "grid": "1px solid #000"}[p["rulings"]]
    hline = "1px solid #000" if p["rulings"] in ("horizontal", "grid") else "none"
    weight = "bold" if "bold" in p["heading_style"] else "normal"
    style = "italic" if "italic" in p["heading_style"] else "normal"
    columns = ""
    if p["columns"] == 2:
        if for_office:
            ignored.append("columns")
        else:
            columns = "column-count: 2; column-gap: 8mm;"
    size = "A4 landscape" if p["orientation"] == "landscape" else "A4"
    css = f"""
@page {{ size: {size}; margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm; }}
body {{ font-family: '{p['font']}'; font-size: {p['size']}pt; margin: 0; }}
p {{ margin: 0 0 {p['size'] * 0.6:.1f}pt 0; text-align: justify; }}
.annex {{ {columns} }}
h1 {{ font-size: {p['size'] * 1.3:.1f}pt; text-align: center; }}
h2 {{ font-size: {p['size'] * 1.05:.1f}pt; font-weight: {weight}; font-style: {style}; margin: {p['size']}pt 0 3pt 0; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 6pt; }}
td, th {{ padding: {p['padding_pt']}pt 4pt; border: {border}; border-bottom: {hline if p['rulings'] != 'grid' else border};
         vertical-align: {p['valign']}; text-align: left; font-size: {p['size']}pt; }}
th {{ font-weight: bold; }}
td.code, th.code {{ width: {p['code_col_mm']}mm; text-align: {p['code_align']}; }}
tr {{ break-inside: avoid; }}
"""
    valign = {"top": "top", "middle": "middle", "bottom": "bottom"}[p["valign"]]
    out = [f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Circulaire</title>"
           f"<style>{css}</style></head><body>"]
    for para in doc.preamble:
        if para.title:
            out.append(f"<h1>{_e(para.lines[0])}</h1>")
            continue
        text = "<br>".join(_e(l) for l in para.lines)
        out.append(f"<p>{'<b>' + text + '</b>' if para.bold else text}</p>")
    out.append("<div class='annex'>")
    for listing in doc.lists:
        if listing.title:
            out.append(f"<h2>{_e(listing.title)}</h2>")
        if listing.heading:
            out.append(f"<h2>{_e(listing.heading)}</h2>")
        a, b = listing.header
        if p["header_wrap"] and a.upper() == "CODE ROME":
            a_html = _e(a).replace(" ", "<br>")
        else:
            a_html = _e(a)
        shade = f" bgcolor='{GREY}' style='background:{GREY}'" if p["header_shade"] else ""
        tb = " border='1'" if p["rulings"] == "grid" else " border='0'"
        out.append(f"<table{tb} cellspacing='0' cellpadding='{int(p['padding_pt'])}'>")
        head = (f"<tr{shade}><th class='code' valign='{valign}' align='{p['code_align']}'>{a_html}</th>"
                f"<th valign='{valign}' align='left'>{_e(b)}</th></tr>")
        out.append(f"<thead>{head}</thead><tbody>" if p["repeat_header"] else f"<tbody>{head}")
        for i, (code, label) in enumerate(listing.rows):
            z = f" bgcolor='{ZEBRA}' style='background:{ZEBRA}'" if p["zebra"] and i % 2 == 0 else ""
            out.append(f"<tr{z}><td class='code' valign='{valign}' align='{p['code_align']}'>{code}</td>"
                       f"<td valign='{valign}'>{_e(label)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</div></body></html>")
    if for_office:
        ignored += ["margins_mm (Writer/Web page style)"]
        if p["repeat_header"]:
            pass  # Writer's HTML import makes a <thead> a repeated heading row
    return "\n".join(out), ignored


def chromium_available() -> bool:
    return shutil.which("chromium") is not None or shutil.which("chromium-browser") is not None


def office_available() -> bool:
    return shutil.which("soffice") is not None


def render_chromium(doc: Document, p: dict, target: Path, work: Path) -> list[str]:
    page, ignored = build_html(doc, p)
    src = work / "circulaire.html"
    src.write_text(page, encoding="utf-8")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory(prefix="docgen-chromium-") as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={profile}", f"--print-to-pdf={target}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
    return ignored


def render_office(doc: Document, p: dict, target: Path, work: Path) -> list[str]:
    page, ignored = build_html(doc, p, for_office=True)
    src = work / "circulaire.html"
    src.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", str(work), str(src)],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": profile})
    (work / "circulaire.pdf").replace(target)
    return ignored
