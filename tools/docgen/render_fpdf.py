"""fpdf2: multi_cell paragraphs and one `pdf.table()` per list (one column of text per page only)."""
from pathlib import Path

from tools.docgen.content import Document
from tools.docgen.params import FONTS, importable


def available() -> bool:
    return importable("fpdf")


def render(doc: Document, p: dict, target: Path, work: Path) -> list[str]:
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout, TableCellFillMode
    from fpdf.fonts import FontFace

    ignored = ["columns"] if p["columns"] == 2 else []
    m = p["margins_mm"]
    pdf = FPDF(orientation="L" if p["orientation"] == "landscape" else "P", unit="mm", format="A4")
    pdf.set_creator("docgen")
    pdf.set_margins(m["left"], m["top"], m["right"])
    pdf.set_auto_page_break(True, margin=m["bottom"])
    fam = "F"
    for style, path in zip(("", "B", "I", "BI"), FONTS[p["font"]]):
        pdf.add_font(fam, style, path)
    pdf.add_page()
    size = p["size"]
    lh = size * 0.3528 * 1.25  # line height in mm
    for para in doc.preamble:
        if para.title:
            pdf.set_font(fam, "B", size * 1.3)
            pdf.multi_cell(0, lh * 1.4, para.lines[0], align="C", new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font(fam, "B" if para.bold else "", size)
        for line in para.lines:
            pdf.multi_cell(0, lh, line, align="J" if len(para.lines) == 1 else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(lh * 0.6)
    hstyle = {"bold": "B", "italic": "I", "bold-italic": "BI"}[p["heading_style"]]
    layout = {"none": TableBordersLayout.NONE, "horizontal": TableBordersLayout.HORIZONTAL_LINES,
              "grid": TableBordersLayout.ALL}[p["rulings"]]
    valign = {"top": "T", "middle": "M", "bottom": "B"}[p["valign"]]
    calign = {"left": "L", "center": "C"}[p["code_align"]]
    width = pdf.epw
    for listing in doc.lists:
        for h in (listing.title, listing.heading):
            if h:
                pdf.ln(lh * 0.5)
                pdf.set_font(fam, hstyle, size * 1.05)
                pdf.multi_cell(0, lh, h, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(lh * 0.2)
        pdf.set_font(fam, "", size)
        a, b = listing.header
        if p["header_wrap"] and a.upper() == "CODE ROME":
            a = a.replace(" ", "\n")
        heading = FontFace(emphasis="BOLD", fill_color=(205, 205, 205) if p["header_shade"] else None)
        with pdf.table(col_widths=(p["code_col_mm"], width - p["code_col_mm"]), width=width, align="LEFT",
                       borders_layout=layout, line_height=lh, v_align=valign, text_align=(calign, "LEFT"),
                       headings_style=heading, repeat_headings=1 if p["repeat_header"] else 0,
                       cell_fill_color=(236, 236, 236) if p["zebra"] else None,
                       cell_fill_mode=TableCellFillMode.ROWS if p["zebra"] else TableCellFillMode.NONE,
                       padding=(p["padding_pt"] * 0.3528, 1.5)) as table:
            table.row([a, b])
            for code, label in listing.rows:
                table.row([code, label])
        pdf.ln(lh * 0.5)
    pdf.output(str(target))
    return ignored
