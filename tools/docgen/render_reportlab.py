"""reportlab platypus: paragraphs and one Table per list."""
from pathlib import Path
from xml.sax.saxutils import escape

from tools.docgen.content import Document
from tools.docgen.params import FONTS, importable


def available() -> bool:
    return importable("reportlab")


def render(doc: Document, p: dict, target: Path, work: Path) -> list[str]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

    name = p["font"].replace(" ", "")
    from reportlab.lib.fonts import addMapping
    for (b, i), suffix, path in zip([(0, 0), (1, 0), (0, 1), (1, 1)], ("", "-Bold", "-Italic", "-BoldItalic"),
                                    FONTS[p["font"]]):
        pdfmetrics.registerFont(TTFont(name + suffix, path))
        addMapping(name, b, i, name + suffix)
    size = p["size"]
    body = ParagraphStyle("body", fontName=name, fontSize=size, leading=size * 1.2, alignment=TA_JUSTIFY,
                          spaceAfter=size * 0.6)
    cell = ParagraphStyle("cell", fontName=name, fontSize=size, leading=size * 1.2)
    head_font = name + {"bold": "-Bold", "italic": "-Italic", "bold-italic": "-BoldItalic"}[p["heading_style"]]
    heading = ParagraphStyle("heading", fontName=head_font, fontSize=size * 1.05, leading=size * 1.3,
                             spaceBefore=size, spaceAfter=3)
    title = ParagraphStyle("title", parent=heading, fontName=name + "-Bold", fontSize=size * 1.3, alignment=1)
    m = p["margins_mm"]
    pagesize = landscape(A4) if p["orientation"] == "landscape" else A4
    width = pagesize[0] - (m["left"] + m["right"]) * mm
    height = pagesize[1] - (m["top"] + m["bottom"]) * mm
    one = Frame(m["left"] * mm, m["bottom"] * mm, width, height, id="one")
    gap = 8 * mm
    half = (width - gap) / 2
    two = [Frame(m["left"] * mm, m["bottom"] * mm, half, height, id="l"),
           Frame(m["left"] * mm + half + gap, m["bottom"] * mm, half, height, id="r")]
    from reportlab.platypus import NextPageTemplate
    tpl = BaseDocTemplate(str(target), pagesize=pagesize, title="Circulaire", author="docgen",
                          leftMargin=m["left"] * mm, rightMargin=m["right"] * mm,
                          topMargin=m["top"] * mm, bottomMargin=m["bottom"] * mm)
    tpl.addPageTemplates([PageTemplate("one", [one]), PageTemplate("two", two)])
    story = []
    for para in doc.preamble:
        if para.title:
            if p["columns"] == 2:
                story.append(NextPageTemplate("two"))
            story.append(Paragraph(escape(para.lines[0]), title))
            continue
        text = "<br/>".join(escape(l) for l in para.lines)
        story.append(Paragraph(f"<b>{text}</b>" if para.bold else text, body))
    table_width = half if p["columns"] == 2 else width
    valign = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}[p["valign"]]
    for listing in doc.lists:
        for h in (listing.title, listing.heading):
            if h:
                story.append(Paragraph(escape(h), heading))
        a, b = listing.header
        a_text = escape(a).replace(" ", "<br/>") if p["header_wrap"] and a.upper() == "CODE ROME" else escape(a)
        code_style = ParagraphStyle("code", parent=cell, alignment=1 if p["code_align"] == "center" else 0)
        hstyle = ParagraphStyle("h", parent=cell, fontName=name + "-Bold")
        data = [[Paragraph(a_text, ParagraphStyle("hc", parent=hstyle, alignment=code_style.alignment)),
                 Paragraph(escape(b), hstyle)]]
        data += [[Paragraph(c, code_style), Paragraph(escape(lab), cell)] for c, lab in listing.rows]
        cmds = [("VALIGN", (0, 0), (-1, -1), valign),
                ("TOPPADDING", (0, 0), (-1, -1), p["padding_pt"]),
                ("BOTTOMPADDING", (0, 0), (-1, -1), p["padding_pt"])]
        if p["rulings"] == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        elif p["rulings"] == "horizontal":
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
        if p["header_shade"]:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.8, 0.8, 0.8)))
        if p["zebra"]:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.Color(0.92, 0.92, 0.92), colors.white]))
        code_w = p["code_col_mm"] * mm
        story.append(Table(data, colWidths=[code_w, table_width - code_w], repeatRows=1 if p["repeat_header"] else 0,
                           style=TableStyle(cmds), hAlign="LEFT"))
        story.append(Spacer(1, size * 0.5))
    tpl.build(story)
    return []
