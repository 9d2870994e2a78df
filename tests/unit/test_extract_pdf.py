"""PDF sources: every fixture layout, from both renderers, gives the tables of the text source; bad PDFs
fail clearly, naming the page."""
import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from pipeline.core.errors import LayoutError, LimitError, NoTextLayer, PdfError
from pipeline.core.paths import Layout
from pipeline.extract.parse import parse
from pipeline.extract.pdf import pdf_lines, roomless_spaces_dropped, shown_not_written
from pipeline.extract.sources import discover
from pipeline.serve import cli
from pipeline.serve.prepare import extracted, normalized, prepare
from pipeline.validate import curation
from tests.helpers import ROOT, records, without_provenance

FIXTURES = ROOT / "tests" / "fixtures"
LAYOUTS = sorted(path.name for path in FIXTURES.glob("circulaire-*.pdf"))
COMPARED = ["listings", "regions", "occupations", "openings", "sources"]


@pytest.fixture(scope="module")
def cur():
    return curation.load(Layout())


def compared(raw, cur) -> dict:
    """The compared tables of one source, extracted and normalized in this process (no checks, no publishing)."""
    sources, layer = extracted([parse(source) for source in discover(raw)])
    tables = normalized(sources, layer, cur)[0]
    return {name: tables[name] for name in COMPARED}


@pytest.fixture(scope="module")
def from_text(cur):
    return without_provenance(compared(ROOT / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt", cur))


def test_the_fixtures_come_from_two_renderers_in_several_layouts():
    producers = {}
    for name in LAYOUTS:
        with pdfplumber.open(FIXTURES / name) as pdf:
            producers.setdefault(pdf.metadata["Producer"].split()[0], []).append(name)
    assert sorted(producers) == ["LibreOffice", "fpdf2"]
    assert all(len(names) >= 2 for names in producers.values())


@pytest.mark.parametrize("fixture", LAYOUTS)
def test_pdf_layouts_give_the_tables_of_the_text(fixture, from_text, cur, pdf_lines_once):
    tables = compared(FIXTURES / fixture, cur)
    for name, table in without_provenance(tables).items():
        assert table.equals(from_text[name]), name
    listings = tables["listings"]
    assert listings.source_page.notna().all() and (listings.source_line < 70).all()


def test_a_pdf_source_is_built_as_pdf(tmp_path, pdf_lines_once):
    prepared = prepare(Layout(raw=FIXTURES / "circulaire-office-middle.pdf", out=tmp_path))
    assert set(prepared.tables["sources"].format) == {"pdf"}


def test_the_columns_layout_joins_a_label_split_by_a_page_break(pdf_lines_once):
    lines = pdf_lines_once(FIXTURES / "circulaire-columns.pdf")
    rows = [line for line in lines if line.text[:1].isdigit() and "\t" in line.text]
    labels = {line.text.split("\t")[1] for line in rows}
    assert "Conducteur de machine de fabrication des industries de l'ameublement et du bois (et matériaux " \
           "associés)" in labels
    assert not any("Page" in line.text or "Ministère" in line.text for line in lines)


def test_rows_split_by_a_page_break_in_a_word_processor_table(pdf_lines_once):
    """LibreOffice lets a row break across pages: in the middle-aligned layout, 44316's row starts at the foot
    of pages 9 and 10 and ends at the top of the next page (seen in the rendered pages)."""
    lines = pdf_lines_once(FIXTURES / "circulaire-office-middle.pdf")
    # A row's band is where it sits on its own page: its words outside it were printed on the next page.
    split = {(line.page, line.text) for line in lines
             if any(not line.band[0] <= w.top <= line.band[1] for w in line.words)}
    row = "44316\tMécanicien d'engin de chantier, de levage et manutention, et de machines agricoles"
    assert {(9, row), (10, row)} <= split


def test_a_wrapped_header_cell_repeated_on_each_page_is_read_once(pdf_lines_once):
    """The header is printed on every page (34 times, as PDFium, not the reader under test, finds it)."""
    path = FIXTURES / "circulaire-ruled.pdf"
    pdf = pypdfium2.PdfDocument(path)
    printed = sum(len(re.findall(r"\bROME\b", page.get_textpage().get_text_range())) for page in pdf)
    pdf.close()
    headers = [line.text for line in pdf_lines_once(path) if line.text.startswith("CODE ROME")]
    assert printed > len(headers) == 23
    assert headers[:3] == ["CODE ROME\tDomaine professionnel", "CODE ROME\t29 métiers", "CODE ROME\t23 métiers"]


def test_a_manifest_entry_of_format_pdf(tmp_path, pdf_lines_once):
    raw = tmp_path / "raw"
    raw.mkdir()
    pdf = FIXTURES / "circulaire-ruled.pdf"
    (raw / pdf.name).write_bytes(pdf.read_bytes())
    from pipeline.extract.sources import sha256_of
    (raw / "sources.toml").write_text(
        f'[[source]]\nsource_id = "IMIN0800012C"\nkind = "circulaire"\ntitle = "t"\ndate = "2008-01-07"\n'
        f'file = "{pdf.name}"\nformat = "pdf"\nsha256 = "{sha256_of(pdf)}"\n', encoding="utf-8")
    tables = prepare(Layout(raw=raw, out=tmp_path / "out")).tables
    assert records(tables["regions"], ["region_code", "stated_count", "listed_count"])[16] == ["74", 20, 18]


def write_bad(tmp_path, name):
    path = tmp_path / name
    source = (FIXTURES / "circulaire-ruled.pdf").read_bytes()
    if name == "pageless.pdf":  # written by another library (PDFium), a catalogue of no page
        pypdfium2.PdfDocument.new().save(path)
    else:
        path.write_bytes({"truncated.pdf": source[:20000], "text.pdf": b"hello\n"}[name])
    return path


@pytest.mark.parametrize("name, message", [
    ("encrypted.pdf", "{path}: PDF is encrypted: decrypt it first"),
    ("truncated.pdf", "{path}: not a readable PDF (PSEOF): damaged or cut short? export or download it again"),
    ("text.pdf", "{path}: not a readable PDF (PDFSyntaxError): damaged or cut short? export or download it again"),
    ("pageless.pdf", "{path}: PDF has no pages: export or download it again"),
])
def test_bad_pdfs_fail_with_a_clear_message(tmp_path, capsys, name, message, no_expectations):
    path = FIXTURES / name if (FIXTURES / name).exists() else write_bad(tmp_path, name)
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == message.format(path=path) + "\n"


@pytest.mark.parametrize("scanned", [1, 2])
def test_a_page_scanned_into_a_text_pdf_is_refused_by_its_number(tmp_path, capsys, scanned, no_expectations):
    # mini.pdf's two pages, one of them taken from its scan (an image, no text), put together by PDFium.
    mixed = pypdfium2.PdfDocument.new()
    for number in (1, 2):
        source = pypdfium2.PdfDocument(FIXTURES / ("mini-200.pdf" if number == scanned else "mini.pdf"))
        mixed.import_pages(source, [number - 1])
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"{path}: page {scanned}: {UNREAD}\n"
    assert not (tmp_path / "out").exists()


UNREAD = ("shows what its text does not hold (a scanned page, or letters drawn as outlines), among pages with text: it "
          "would be left out; export the document with its text on every page, or give it scanned whole")


def page_drawn(path, stamp: str | None = None, outlines: bool = False) -> Path:
    """A page as fpdf2 writes it: mini-200.pdf's first page image with `stamp` written over it, or curves only."""
    from fpdf import FPDF

    out = FPDF(unit="pt", format=(595.28, 841.89))
    out.add_page()
    if outlines:
        for x in range(50, 500, 40):  # letters turned into outlines: curves, no text
            out.ellipse(x, 100, 30, 40)
    else:
        image = pypdfium2.PdfDocument(FIXTURES / "mini-200.pdf")[0].render(scale=1).to_pil()
        out.image(image, x=0, y=0, w=595.28, h=841.89)
        if stamp:
            out.set_font("helvetica", size=9)
            out.text(500, 820, stamp)
    out.output(str(path))
    return path


@pytest.mark.parametrize("kind", ["stamped", "outlines"])
def test_a_page_whose_text_is_not_what_it_shows_is_refused_among_text_pages(tmp_path, kind):
    drawn = page_drawn(tmp_path / "drawn.pdf", stamp="2/2" if kind == "stamped" else None, outlines=kind == "outlines")
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(pypdfium2.PdfDocument(FIXTURES / "mini.pdf"), [0])
    mixed.import_pages(pypdfium2.PdfDocument(drawn), [0])
    mixed.save(tmp_path / "mixed.pdf")
    with pytest.raises(PdfError) as refused:
        pdf_lines(tmp_path / "mixed.pdf")
    assert str(refused.value) == f"{tmp_path / 'mixed.pdf'}: page 2: {UNREAD}"


def test_a_scan_stamped_with_page_numbers_is_a_scan(tmp_path):
    with pytest.raises(NoTextLayer):
        pdf_lines(page_drawn(tmp_path / "scan.pdf", stamp="1/1"))


def test_page_limit_is_named(tmp_path, capsys, monkeypatch, no_expectations):
    path = FIXTURES / "mini.pdf"
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    monkeypatch.setattr("pipeline.extract.pdf.MAX_PDF_PAGES", pages - 1)
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == \
        f"{path}: PDF has {pages} pages, over the limit MAX_PDF_PAGES={pages - 1}: {LimitError.HELP}\n"
    monkeypatch.setattr("pipeline.extract.pdf.MAX_PDF_PAGES", pages)  # a PDF of exactly the limit is read
    assert pdf_lines(path)[-1].page == pages


def test_time_per_page_limit_is_named(tmp_path, capsys, monkeypatch, no_expectations):
    monkeypatch.setattr("pipeline.extract.pdf.MAX_SECONDS_PER_PDF_PAGE", 0.001)
    path = FIXTURES / "circulaire-ruled.pdf"
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == \
        f"{path}: page 1 took over MAX_SECONDS_PER_PDF_PAGE=0.001 s to read: {LimitError.HELP}\n"


def test_time_per_page_limit_holds_when_the_alarm_is_swallowed(monkeypatch):
    """A reading library may catch the alarm's exception and carry on: the page is still refused once read, and
    so is a page read outside the main thread, where there is no alarm."""
    import threading
    import time

    from pipeline.core.errors import LimitError
    from pipeline.extract import pdf as extract_pdf

    read = extract_pdf.as_page

    def swallowing(page, number):
        try:
            time.sleep(0.05)
        except LimitError:
            pass
        return read(page, number)

    monkeypatch.setattr("pipeline.extract.pdf.MAX_SECONDS_PER_PDF_PAGE", 0.01)
    monkeypatch.setattr("pipeline.extract.pdf.as_page", swallowing)
    path = FIXTURES / "mini.pdf"
    refusals = []

    def attempt():
        with pytest.raises(LimitError) as raised:
            extract_pdf.read_pages(path)
        refusals.append(str(raised.value))

    attempt()
    reader = threading.Thread(target=attempt)
    reader.start()
    reader.join()
    assert refusals == [f"{path}: page 1 took over MAX_SECONDS_PER_PDF_PAGE=0.01 s to read: {LimitError.HELP}"] * 2


def fpdf_page():
    """An empty A4 page for fpdf2 to draw on in points, in DejaVu Sans 10 pt, where each test places its text."""
    from fpdf import FPDF

    from tests.fixtures.make_pdfs import FONT

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", str(FONT / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", "", 10)
    pdf.add_page()
    return pdf


def test_a_code_with_no_label_is_named_with_its_page_and_band(tmp_path, capsys, no_expectations):
    """A ruled table drawn by fpdf2 in points: 46321's row is ruled from y 412 to y 430 and its label cell is
    empty; the build stops on the page and band where that was seen."""
    pdf = fpdf_page()
    pdf.set_xy(60, 300)
    pdf.cell(200, 12, "ANNEXE")
    pdf.set_xy(60, 330)
    pdf.cell(400, 12, "Liste des métiers ouverts dans l'ensemble des régions françaises")
    for top, code, label in [(376, "CODE ROME", "Domaine professionnel"), (394, "32112", "Cadre de l'audit"),
                             (412, "46321", "")]:
        pdf.set_xy(62, top + 3)
        pdf.cell(60, 12, code)
        pdf.set_xy(132, top + 3)
        pdf.cell(200, 12, label)
    for y in (376, 394, 412, 430):
        pdf.line(60, y, 400, y)
    for x in (60, 130, 400):
        pdf.line(x, 376, x, 430)
    path = tmp_path / "circulaire.pdf"
    pdf.output(str(path))
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"{path}: page 1: code 46321 with no label in its row band (y 412–430)\n"
    assert not (tmp_path / "out" / "csv").exists()


def test_a_pdf_without_a_text_layer_is_handed_to_ocr_by_its_exception():
    from pipeline.core.errors import NoTextLayer

    scan = FIXTURES / "mini-150.pdf"
    with pytest.raises(NoTextLayer) as raised:
        pdf_lines(scan)
    assert str(raised.value) == f"{scan}:1: PDF has no text layer (a scan)"


def test_words_apart_by_more_than_a_point_and_a_half_or_two_points_of_height_are_two(tmp_path):
    """Letters drawn by fpdf2 one by one: 'AB' then 'CD' 2 pt to its right make two words, as do 'EF' and 'GH'
    set 2.5 pt lower; 'IJ' and 'KL' 1 pt apart make one, as do 'MN' and 'OP' 1.5 pt lower."""
    from pipeline.extract.pdf import as_page

    pdf = fpdf_page()
    width = pdf.get_string_width
    pairs = [("AB", "CD", 100, 2, 0), ("EF", "GH", 140, 0, 2.5), ("IJ", "KL", 180, 1, 0), ("MN", "OP", 220, 0, 1.5)]
    for text, nxt, y, after, lower in pairs:
        pdf.text(60, y, text)
        pdf.text(60 + width(text) + after, y + lower, nxt)
    path = tmp_path / "words.pdf"
    pdf.output(str(path))
    with pdfplumber.open(path) as opened:
        words = as_page(opened.pages[0], 1).words
    assert [w.text for w in words] == ["AB", "CD", "EF", "GH", "IJKL", "MNOP"]


@pytest.mark.parametrize(("cause", "message"), [
    (ValueError("Unsupported encryption: a password is needed"), "PDF is encrypted: decrypt it first"),
    (ValueError("bad xref"), "not a readable PDF (ValueError): damaged or cut short? export or download it again"),
    (None, "not a readable PDF (PdfminerException): damaged or cut short? export or download it again"),
])
def test_a_pdf_library_error_naming_a_password_is_an_encrypted_pdf(cause, message, monkeypatch):
    from pdfplumber.utils.exceptions import PdfminerException

    from pipeline.extract.pdf import read_pages

    def refuse(path):
        raise PdfminerException(*[cause] if cause else [])  # without a cause: the library's error itself

    monkeypatch.setattr("pdfplumber.open", refuse)
    with pytest.raises(PdfError) as refused:
        read_pages(FIXTURES / "mini.pdf")
    assert str(refused.value) == f"{FIXTURES / 'mini.pdf'}: {message}"


def test_pdfminer_s_warnings_are_silenced_not_the_root_logger_s():
    import logging

    from pipeline.extract.pdf import read_pages

    root = logging.getLogger().level
    read_pages(FIXTURES / "mini.pdf")
    assert (logging.getLogger("pdfminer").level, logging.getLogger().level) == (logging.ERROR, root)


class Drawn:
    """A pdfplumber page of 100 x 100 pt, as `shown_not_written` reads it: its images' boxes and its curves."""

    def __init__(self, images=(), curves=()):
        self.width, self.height = 100, 100
        self.images = [dict(zip(("x0", "x1", "top", "bottom"), box)) for box in images]
        self.curves = list(curves)


@pytest.mark.parametrize(("images", "curves", "words", "unread"), [
    ([(0, 100, 0, 50)], (), 0, True),  # an image over half the page, no word: a scan
    ([(0, 100, 0, 40)], (), 0, False),  # over less than half: a picture beside text
    ([(0, 10, 0, 10)], (), 0, False),
    ([(-10, 50, 0, 100)], (), 0, True),  # a part off the page is not counted: 50 x 100
    ([(10, 50, 0, 100)], (), 0, False),
    ([(-200, -100, 0, 100), (0, 99, 0, 50)], (), 0, False),  # an image off the page covers nothing
    ([(0, 100, -200, -100), (0, 99, 0, 50)], (), 0, False),
    ([(0, 100, -10, 50)], (), 0, True), ([(0, 100, 10, 50)], (), 0, False),
    ([(0, 100, 0, 100)], (), 19, True),  # a scan stamped with a few words
    ([(0, 100, 0, 100)], (), 20, False),  # a page with its text over an image (a scan read by OCR before)
    ((), ["curve"], 0, True),  # letters drawn as outlines
    ((), ["curve"], 5, False), ((), (), 0, False),  # a drawing beside text; a blank page
])
def test_a_page_shows_what_its_text_does_not_hold(images, curves, words, unread):
    assert shown_not_written(Drawn(images, curves), ["mot"] * words) is unread


class Chars:
    """A pdfplumber page as `roomless_spaces_dropped` reads it: its characters, and `filter`."""

    def __init__(self, chars):
        self.chars = chars

    def filter(self, keep):
        return Chars([c for c in self.chars if keep(c)])


def char(text: str, x0: float, x1: float, top: float = 100.0) -> dict:
    return {"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top}


def test_a_space_with_no_room_for_it_is_no_space():
    # Chromium writes a soft hyphen inside a word as a space under the next letter ('Info', ' ' at 414.28-418.1,
    # 'r' at 414.28): not a word break. A space with room for it stays ('Cadre de').
    inside = [char("o", 406.94, 414.28), char(" ", 414.28, 418.1), char("r", 414.28, 419.21)]
    spaced = [char("e", 100, 105), char(" ", 105, 108), char("d", 108, 113)]
    assert [c["text"] for c in roomless_spaces_dropped(Chars(inside + spaced)).chars] == ["o", "r", "e", " ", "d"]
    assert [c["text"] for c in roomless_spaces_dropped(Chars(spaced)).chars] == ["e", " ", "d"]


def refused_layout(reading, path):
    raise LayoutError("code H2A8S with no label in its row band (y 746–783)", page=8)


@pytest.mark.parametrize(("read", "said"), [
    (refused_layout, ": page 8: code H2A8S with no label in its row band (y 746–783)"),
    (lambda reading, path: [], ":1: no line 'ANNEXE': the annex is missing"),
])
def test_a_scan_refused_by_its_layout_or_text_says_it_quotes_what_ocr_read(tmp_path, capsys, monkeypatch, read, said,
                                                                           no_expectations):
    """The geometry and the grammar find what OCR read ('code H2A8S with no label', 'no line ANNEXE' where OCR read
    'AN EXE'): the page may print a code, a label and the heading OCR misread, so the message says whose words."""
    monkeypatch.setattr("pipeline.extract.ocr.cache.read", lambda path, sha256, fresh=False: "a reading")
    monkeypatch.setattr("pipeline.extract.ocr.layer.scan_lines", read)
    pdf = fpdf_page()
    pdf.line(60, 300, 400, 300)  # ink, and no text layer: a scan
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"{path}{said} (the scan as OCR read it)\n"
