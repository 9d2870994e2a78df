"""typst markup of the circular, compiled by the `typst` Python package (no typst binary needed)."""
from pathlib import Path

from tools.docgen.content import Document
from tools.docgen.params import importable


def available() -> bool:
    return importable("typst")


def _s(text: str) -> str:
    """A typst string literal: set as written (no smart quotes, no markup)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build(doc: Document, p: dict) -> str:
    m = p["margins_mm"]
    flipped = "true" if p["orientation"] == "landscape" else "false"
    align = {"top": "top", "middle": "horizon", "bottom": "bottom"}[p["valign"]]
    calign = {"left": "left", "center": "center"}[p["code_align"]]
    stroke = {"none": "none", "grid": "0.6pt", "horizontal": "(x, y) => (bottom: 0.6pt)"}[p["rulings"]]
    fill = []
    if p["header_shade"]:
        fill.append("if y == 0 { luma(205) }")
    if p["zebra"]:
        fill.append(("else " if fill else "") + "if calc.odd(y) { luma(236) }")
    fill_fn = "(x, y) => { " + " ".join(fill) + " }" if fill else "none"
    weight = '"bold"' if "bold" in p["heading_style"] else '"regular"'
    style = '"italic"' if "italic" in p["heading_style"] else '"normal"'
    out = [
        f'#set page(paper: "a4", flipped: {flipped}, margin: (top: {m["top"]}mm, right: {m["right"]}mm, '
        f'bottom: {m["bottom"]}mm, left: {m["left"]}mm))',
        f'#set text(font: {_s(p["font"])}, size: {p["size"]}pt, lang: "fr")',
        "#set smartquote(enabled: false)",
        "#set par(justify: true)",
    ]
    for para in doc.preamble:
        if para.title:
            out.append(f"#align(center, text(size: 1.3em, weight: \"bold\", {_s(para.lines[0])}))\n")
            continue
        body = " + linebreak() + ".join(_s(l) for l in para.lines)
        if para.bold:
            body = f"strong({body})"
        out.append(f"#{{{body}}}\n")
    if p["columns"] == 2:
        out.append("#show: columns.with(2, gutter: 8mm)")
    for listing in doc.lists:
        for h in (listing.title, listing.heading):
            if h:
                out.append(f"#block(above: 1em, below: 0.5em, text(weight: {weight}, style: {style}, {_s(h)}))")
        a, b = listing.header
        a_cell = f"[#{_s(a)}]"
        if p["header_wrap"] and a.upper() == "CODE ROME":
            a_cell = "[#" + _s(a.split()[0]) + " \\ #" + _s(a.split()[1]) + "]"
        head = (f"table.header(repeat: {'true' if p['repeat_header'] else 'false'}, "
                f"text(weight: \"bold\", {a_cell}), text(weight: \"bold\", [#{_s(b)}]))")
        cells = ", ".join(f"[#{_s(c)}], [#{_s(lab)}]" for c, lab in listing.rows)
        out.append(
            f"#table(columns: ({p['code_col_mm']}mm, 1fr), inset: (x: 4pt, y: {p['padding_pt'] + 1}pt), "
            f"align: (x, y) => (if x == 0 {{ {calign} }} else {{ left }}) + {align}, stroke: {stroke}, "
            f"fill: {fill_fn}, {head}, {cells})")
    return "\n".join(out) + "\n"


def render(doc: Document, p: dict, target: Path, work: Path) -> list[str]:
    import typst
    src = work / "circulaire.typ"
    src.write_text(build(doc, p), encoding="utf-8")
    typst.compile(str(src), output=str(target))
    return []
