"""PDF sources: both fixture layouts give the tables of the text source; bad PDFs fail clearly."""
import pdfplumber
import pytest

from pipeline import cli
from pipeline.prepare import prepare
from pipeline.extract_pdf import pdf_lines
from pipeline.paths import Layout
from tests.helpers import ROOT, records, without_provenance

FIXTURES = ROOT / "tests" / "fixtures"
LAYOUTS = ["circulaire-ruled.pdf", "circulaire-columns.pdf"]
COMPARED = ["listings", "regions", "occupations", "openings"]


@pytest.fixture(scope="module")
def from_text():
    tables = without_provenance(prepare(Layout(raw=ROOT / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt")).tables)
    return {name: tables[name] for name in COMPARED}


@pytest.mark.parametrize("fixture", LAYOUTS)
def test_pdf_layouts_give_the_tables_of_the_text(fixture, from_text, tmp_path):
    prepared = prepare(Layout(raw=FIXTURES / fixture, out=tmp_path))
    tables = without_provenance(prepared.tables)
    for name in COMPARED:
        assert tables[name].equals(from_text[name]), name
    listings = prepared.tables["listings"]
    assert listings.source_page.notna().all() and (listings.source_line < 70).all()
    assert set(prepared.tables["sources"].format) == {"pdf"}


def test_the_columns_layout_joins_a_label_split_by_a_page_break():
    lines = pdf_lines(FIXTURES / "circulaire-columns.pdf")
    rows = [line for line in lines if line.text[:1].isdigit() and "\t" in line.text]
    labels = {line.text.split("\t")[1] for line in rows}
    assert "Conducteur de machine de fabrication des industries de l'ameublement et du bois (et matériaux " \
           "associés)" in labels
    assert not any("Page" in line.text or "Ministère" in line.text for line in lines)


def test_a_wrapped_header_cell_repeated_on_each_page_is_read_once():
    path = FIXTURES / "circulaire-ruled.pdf"
    with pdfplumber.open(path) as pdf:
        printed = sum(word["text"] == "ROME" for page in pdf.pages for word in page.extract_words())
    headers = [line.text for line in pdf_lines(path) if line.text.startswith("CODE ROME")]
    assert printed > len(headers) == 23
    assert headers[:3] == ["CODE ROME\tDomaine professionnel", "CODE ROME\t29 métiers", "CODE ROME\t23 métiers"]


def test_a_manifest_entry_of_format_pdf(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    pdf = FIXTURES / "circulaire-ruled.pdf"
    (raw / pdf.name).write_bytes(pdf.read_bytes())
    from pipeline.sources import sha256_of
    (raw / "sources.toml").write_text(
        f'[[source]]\nsource_id = "IMIN0800012C"\nkind = "circulaire"\ntitle = "t"\ndate = "2008-01-07"\n'
        f'file = "{pdf.name}"\nformat = "pdf"\nsha256 = "{sha256_of(pdf)}"\n', encoding="utf-8")
    tables = prepare(Layout(raw=raw, out=tmp_path / "out")).tables
    assert records(tables["regions"], ["region_code", "stated_count", "listed_count"])[16] == ["74", 20, 18]


def write_bad(tmp_path, name):
    path = tmp_path / name
    source = (FIXTURES / "circulaire-ruled.pdf").read_bytes()
    path.write_bytes({"truncated.pdf": source[:20000], "text.pdf": b"hello\n"}[name])
    return path


@pytest.mark.parametrize("name, message", [
    ("scan.pdf", "{path}:1: PDF has no text to extract (a scan?): OCR is not supported"),
    ("encrypted.pdf", "{path}:0: PDF is encrypted: decrypt it first"),
    ("truncated.pdf", "{path}:0: not a readable PDF (PSEOF)"),
    ("text.pdf", "{path}:0: not a readable PDF (PDFSyntaxError)"),
])
def test_bad_pdfs_fail_with_a_clear_message(tmp_path, capsys, name, message):
    path = FIXTURES / name if (FIXTURES / name).exists() else write_bad(tmp_path, name)
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == message.format(path=path) + "\n"


def test_page_limit_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("pipeline.extract_pdf.MAX_PDF_PAGES", 3)
    path = FIXTURES / "circulaire-ruled.pdf"
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{path}:0: PDF has {pages} pages, over the limit MAX_PDF_PAGES=3\n"
    monkeypatch.setattr("pipeline.extract_pdf.MAX_PDF_PAGES", pages)  # a PDF of exactly the limit is read
    assert pdf_lines(path)[0].page == 1


def test_time_per_page_limit_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("pipeline.extract_pdf.MAX_SECONDS_PER_PDF_PAGE", 0.001)
    path = FIXTURES / "circulaire-ruled.pdf"
    assert cli.main(["build", "--raw", str(path), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{path}:0: page 1 took over MAX_SECONDS_PER_PDF_PAGE=0.001 s to read\n"
