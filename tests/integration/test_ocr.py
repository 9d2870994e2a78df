"""Scanned PDFs: OCR into the same tables as the text, every misread a finding, a cache, a clear stop
without the engine.

Tests that run Tesseract skip where it is absent (CI installs it, .ci/run); the others feed the
pipeline words taken from the text layer of tests/fixtures/mini.pdf, as if an OCR engine had read
them, with the misreads each test needs.
"""
import dataclasses
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2
import pytest
from PIL import Image

from pipeline.core.errors import LayoutError, LimitError, PdfError, ValidationFailed
from pipeline.core.paths import Layout
from pipeline.extract.geometry import lines as geometry_lines
from pipeline.extract.geometry.table import page_rows
from pipeline.extract.ocr import boxes as ocr_boxes
from pipeline.extract.ocr import cache as ocr_cache_module
from pipeline.extract.ocr import layer as ocr_layer
from pipeline.extract.ocr import pixels as ocr_pixels
from pipeline.extract.ocr import reading as ocr_reading
from pipeline.extract.ocr import recognize as ocr_recognize
from pipeline.extract.ocr import tesseract as ocr_tesseract
from pipeline.extract.pdf import as_page
from pipeline.extract.printed import Word
from pipeline.extract.sources import sha256_of
from pipeline.serve import cli
from pipeline.serve.prepare import prepare
from tests.fixtures import make_scans
from tests.helpers import ROOT, records, shared_folder

ROME = re.compile(r"[0-9]{5}")
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini.txt"
SCANS = {150: "mini-150.pdf", 200: "mini-200.pdf", 300: "mini-300.pdf"}
INSTALL = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra"


def tesseract_ready() -> bool:
    if shutil.which("tesseract") is None:
        return False
    return "fra" in subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()


def needs_tesseract(test):
    """A test that runs Tesseract: skipped where it is not installed, left out by `make mutation` (seconds a run)."""
    missing = pytest.mark.skipif(not tesseract_ready(),
                                 reason=f"Tesseract with its French model is not installed: `{INSTALL}`")
    return pytest.mark.tesseract(missing(test))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The region reference cut to the three regions of mini.txt (Alsace, Corse, Limousin)."""
    folder = tmp_path_factory.mktemp("reference")
    lines = (ROOT / "raw" / "reference" / "regions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "regions.csv").write_text(lines[0] + "".join(l for l in lines if l.startswith(("42,", "74,", "94,"))),
                                        encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path_factory, monkeypatch):
    """The OCR cache in a folder of the test run: each scan read once per run (by whichever worker reads it
    first), never from an earlier run."""
    monkeypatch.setattr("pipeline.extract.ocr.cache.OCR_CACHE", shared_folder(tmp_path_factory) / "ocr-cache")


@pytest.fixture(scope="module")
def from_text(reference, tmp_path_factory):
    return prepare(Layout(raw=MINI, reference=reference, out=tmp_path_factory.mktemp("text"))).tables


def same_tables(scan: dict, text: dict) -> None:
    """Codes and positions, canonical labels, openings and regions as the text gives them."""
    listing = ["list_scope", "region_code", "position", "rome_code", "label"]
    assert records(scan["listings"], listing) == records(text["listings"], listing)
    occupation = ["rome_code", "label", "in_national_list", "regions_listing"]
    assert records(scan["occupations"], occupation) == records(text["occupations"], occupation)
    assert scan["openings"].equals(text["openings"])
    region = ["region_code", "stated_count", "listed_count", "open_count"]
    assert records(scan["regions"], region) == records(text["regions"], region)


def misreads_reported(tables: dict, text: dict) -> None:
    """Every row whose code was read other than printed has an ocr_misread finding at its line."""
    key = ["list_scope", "region_code", "position"]
    both = tables["listings"].merge(text["listings"], on=key, suffixes=("", "_text"))
    wrong = both[both.rome_code_as_printed != both.rome_code_as_printed_text]
    found = tables["findings"][tables["findings"].check == "ocr_misread"]
    assert set(wrong.source_line) <= set(found.source_line)


@needs_tesseract
@pytest.mark.parametrize("dpi", SCANS)
def test_scans_give_the_tables_of_the_text(dpi, reference, from_text, tmp_path):
    tables = prepare(Layout(raw=FIXTURES / SCANS[dpi], reference=reference, out=tmp_path)).tables
    same_tables(tables, from_text)
    misreads_reported(tables, from_text)
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split()[1]
    assert records(tables["sources"], ["format", "ocr_engine", "ocr_engine_version", "ocr_language", "ocr_dpi"]) == \
        [["pdf", "tesseract", version, "fra", dpi]]


@needs_tesseract
def test_a_scan_made_otherwise_gives_the_same_codes_and_labels(reference, from_text, tmp_path):
    scan = tmp_path / "other.pdf"
    make_scans.scan(make_scans.MINI_PDF, scan, make_scans.Degradation(dpi=240, skew=2.3, speckle=0.003, blur=0.6,
                                                                      quality=30, seed=7))
    tables = prepare(Layout(raw=scan, reference=reference, out=tmp_path / "out")).tables
    same_tables(tables, from_text)
    misreads_reported(tables, from_text)


@needs_tesseract
def test_a_second_build_reads_the_cache_not_the_scan(reference, monkeypatch, tmp_path):
    scan = FIXTURES / SCANS[150]
    first = prepare(Layout(raw=scan, reference=reference, out=tmp_path)).tables
    cached = ocr_cache_module.cache_file(sha256_of(scan), ocr_tesseract.engine_version(scan))
    assert cached.is_file() and cached.name.startswith(sha256_of(scan))

    def no_ocr(*_):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr("pipeline.extract.ocr.cache.recognize", no_ocr)
    second = prepare(Layout(raw=scan, reference=reference, out=tmp_path)).tables
    assert second["listings"].equals(first["listings"])
    monkeypatch.setattr("pipeline.extract.ocr.cache.engine_version", lambda _: "99.0")
    with pytest.raises(AssertionError, match="OCR ran again"):
        prepare(Layout(raw=scan, reference=reference, out=tmp_path))


def test_a_scan_without_tesseract_stops_with_the_command_that_installs_it(monkeypatch, tmp_path, capsys,
                                                                          no_expectations):
    monkeypatch.setattr("pipeline.extract.ocr.tesseract.shutil.which", lambda _: None)
    scan = FIXTURES / SCANS[150]
    assert cli.main(["build", "--raw", str(scan), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"{scan}: this PDF is a scan and needs OCR, but tesseract is not installed: "
                                       f"run `{INSTALL}`\n")
    assert not tmp_path.joinpath("csv").exists()


def test_text_sources_need_no_ocr_engine(monkeypatch, reference, from_text, tmp_path):
    monkeypatch.setattr("pipeline.extract.ocr.tesseract.shutil.which", lambda _: None)
    tables = prepare(Layout(raw=MINI, reference=reference, out=tmp_path)).tables
    assert tables["listings"].equals(from_text["listings"])
    assert records(tables["sources"], ["ocr_engine", "ocr_engine_version", "ocr_language", "ocr_dpi"]) == \
        [[None, None, None, None]]


@needs_tesseract
def test_a_missing_french_model_is_named(monkeypatch, tmp_path, capsys, no_expectations):
    monkeypatch.setattr("pipeline.extract.ocr.tesseract.LANGUAGE", "xyz")
    scan = FIXTURES / SCANS[150]
    assert cli.main(["build", "--raw", str(scan), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"{scan}: this PDF is a scan and needs OCR in French, but tesseract has "
                                       f"no 'xyz' model: run `{INSTALL}`\n")


@cache
def mini_page() -> Image.Image:
    """mini.pdf's first page rendered in grey at 100 dpi (once: the tests turn copies of it)."""
    return make_scans.pypdfium2.PdfDocument(make_scans.MINI_PDF)[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L")


def test_deskew_finds_the_angle_a_page_was_turned_by():
    for angle in (-2.4, 1.3):
        turned = mini_page().rotate(angle, fillcolor=255)
        assert ocr_pixels.skew_angle(turned) == pytest.approx(-angle, abs=0.1)


# Misreads, fed to the pipeline as words with boxes and confidences.

@cache
def read_from_text_layer() -> ocr_reading.Reading:
    """mini.pdf's words as an OCR engine would give them, each with confidence 96 (read once: a Reading is
    immutable)."""
    with pdfplumber.open(make_scans.MINI_PDF) as pdf:
        pages = tuple(geometry_lines.Page(n, float(p.width), float(p.height), tuple(
            Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], 96.0)
            for w in p.extract_words(x_tolerance=1.5, y_tolerance=2))) for n, p in enumerate(pdf.pages, 1))
    return ocr_reading.Reading("tesseract", "test", "fra", 200, pages)


def row_words(reading: ocr_reading.Reading, code: str, occurrence: int) -> tuple[int, list[int]]:
    """The page and the word indexes of the `occurrence`-th row (1-based) printed with `code`."""
    seen = 0
    for page in reading.pages:
        for i, word in enumerate(page.words):
            if word.text == code:
                seen += 1
                if seen == occurrence:
                    return page.number, [j for j, w in enumerate(page.words) if abs(w.top - word.top) < 2]
    raise LookupError(code)


def misread(reading: ocr_reading.Reading, code: str, occurrence: int, text: str | None = None, conf: float = 96.0,
            label: str | None = None, label_conf: float = 96.0) -> ocr_reading.Reading:
    """`reading` with one row's code read as `text` (confidence `conf`) and, if given, its label read as
    `label`, each label word with confidence `label_conf`."""
    number, indexes = row_words(reading, code, occurrence)
    page = reading.pages[number - 1]
    words = list(page.words)
    first, rest = indexes[0], indexes[1:]
    words[first] = dataclasses.replace(words[first], text=text or code, conf=conf)
    for n, i in enumerate(rest):
        new = (label.split()[n] if n < len(label.split()) else "") if label else words[i].text
        words[i] = dataclasses.replace(words[i], text=new, conf=label_conf)
    page = dataclasses.replace(page, words=tuple(w for w in words if w.text))
    return dataclasses.replace(reading, pages=reading.pages[:number - 1] + (page,) + reading.pages[number:])


def box(reading: ocr_reading.Reading, code: str, occurrence: int) -> str:
    number, indexes = row_words(reading, code, occurrence)
    word = reading.pages[number - 1].words[indexes[0]]
    return ",".join(f"{v:g}" for v in (word.x0, word.top, word.x1, word.bottom))


def prepared_from(reading, reference, monkeypatch, tmp_path):
    """The scan mini-200.pdf prepared as if OCR had given `reading` (asked for that file, by its content)."""
    scan = FIXTURES / SCANS[200]
    asked = {(scan, sha256_of(scan))}
    monkeypatch.setattr("pipeline.extract.ocr.cache.read",
                        lambda path, sha256, fresh=False: reading if {(path, sha256)} == asked else None)
    return prepare(Layout(raw=scan, reference=reference, out=tmp_path))


def ocr_findings(tables: dict) -> list[list]:
    found = tables["findings"]
    return records(found[found.check == "ocr_misread"], ["status", "region_code", "rome_code", "message"])


def test_the_words_of_the_text_layer_give_the_tables_of_the_text(reference, from_text, monkeypatch, tmp_path):
    tables = prepared_from(read_from_text_layer(), reference, monkeypatch, tmp_path).tables
    same_tables(tables, from_text)
    assert ocr_findings(tables) == []
    assert records(tables["sources"], ["format", "encoding", "ocr_engine", "ocr_engine_version", "ocr_language",
                                       "ocr_dpi"]) == [["pdf", "pdf", "tesseract", "test", "fra", 200]]  # the reading's


@pytest.mark.parametrize("code, occurrence, text, conf, status, why, done", [
    # Corse's first row (mini.txt: 33221 Responsable d'exploitation en assurances), before 44316
    ("33221", 2, "33Z21", 96.0, "corrected", "not five ASCII digits",
     "after -, before 44316): corrected to 33221"),
    # a misread first digit still makes a row (pipeline.extract.geometry.header.is_code)
    ("33221", 2, "S3221", 96.0, "corrected", "not five ASCII digits", "after -, before 44316): corrected to 33221"),
    # every digit misread: still a row, its code kept as read (pipeline.extract.geometry.header.is_code)
    ("52231", 3, "SALL", 96.0, "corrected", "not five ASCII digits; its label is the canonical label of 52231",
     "after 52132, before 52314): corrected to 52231"),
    # fullwidth digits are not ASCII digits
    ("33221", 2, "３３２２１", 96.0, "corrected", "not five ASCII digits",
     "after -, before 44316): corrected to 33221"),
    # Limousin's 52231 (Technicien de production des industries de process), on page 2 between 52132 and 52314
    ("52231", 3, "52213", 96.0, "corrected", "its label is the canonical label of 52231; on no other list of the source",
     "after 52132, before 52314): corrected to 52231"),
    # Limousin's 52314 (Inspecteur de mise en conformité), on page 2 between 52231 and 61222
    ("52314", 2, "52314", 41.0, "corrected", "read with low confidence (41 < 80)",
     "after 52231, before 61222): confirmed"),
])
def test_a_misread_code_is_corrected_on_unambiguous_evidence(code, occurrence, text, conf, status, why, done,
                                                             reference, from_text, monkeypatch, tmp_path):
    base = read_from_text_layer()
    tables = prepared_from(misread(base, code, occurrence, text, conf), reference, monkeypatch, tmp_path).tables
    same_tables(tables, from_text)
    label = next(line.split("\t")[1] for line in MINI.read_text(encoding="utf-8").splitlines()
                 if line.startswith(code))
    region = "94" if occurrence == 2 and code == "33221" else "74"
    number, _ = row_words(base, code, occurrence)
    assert ocr_findings(tables) == [[status, region, text, (
        f"page {number}, box {box(base, code, occurrence)} pt: read '{text}' (confidence {conf:.0f}): {why}; "
        f"'{label}' is printed under {code} alone, which fits the list's order ({done}")]]
    listing = tables["listings"]
    row = listing[(listing.region_code == region) & (listing.rome_code == code)]
    assert records(row, ["rome_code_as_printed", "rome_code"]) == [[text, code]]


def test_a_valid_code_beside_another_codes_label_is_corrected(reference, from_text, monkeypatch, tmp_path):
    # Limousin prints 52132 then 52231 (Technicien de production des industries de process): 52231 read as 52132
    base = read_from_text_layer()
    tables = prepared_from(misread(base, "52231", 3, "52132"), reference, monkeypatch, tmp_path).tables
    same_tables(tables, from_text)
    [[status, region, code, message]] = ocr_findings(tables)
    assert (status, region, code) == ("corrected", "74", "52132")
    assert message.endswith("(confidence 96): its label is the canonical label of 52231; 'Technicien de production "
                            "des industries de process' is printed under 52231 alone, which fits the list's "
                            "order (after 52132, before 52314): corrected to 52231")
    duplicate = tables["findings"][tables["findings"].check == "duplicate_row"]
    assert records(duplicate, ["status", "region_code"]) == [["corrected", "74"]]


def test_a_code_whose_label_does_not_fit_the_order_stays_an_error(reference, monkeypatch, tmp_path):
    # Corse's last row (61231, after 61223) read as '6122' beside the label of 61222
    reading = misread(read_from_text_layer(), "61231", 2, "6122", label="Géomètre")
    with pytest.raises(ValidationFailed) as failed:
        prepared_from(reading, reference, monkeypatch, tmp_path)
    assert [line.split(": read ", 1)[1] for line in failed.value.report if ": ocr_misread: " in line] == [
        "'6122' (confidence 96): not five ASCII digits; its label is the canonical label of 61222; its label is "
        "printed under 61222, which does not fit the list's order (after 61223, before -): left as read"]


def test_a_code_whose_label_is_unreadable_stays_an_error(reference, monkeypatch, tmp_path):
    reading = misread(read_from_text_layer(), "61231", 2, "6l231", label="Cheph dc chanticr", label_conf=35.0)
    with pytest.raises(ValidationFailed) as failed:
        prepared_from(reading, reference, monkeypatch, tmp_path)
    # The code is settled by its source printing 61231 on other lists (review.printed_elsewhere); the label is not.
    assert [line.split(": read ", 1)[1] for line in failed.value.report if ": ocr_misread: " in line] == [
        "'6l231' (confidence 96): not five ASCII digits; '6l231' reads 61231 as digits; 61231 is read with confidence "
        "on 2 other list(s) of the source, and fits this list's order (after 61223, before -); its label is printed "
        "under no other code: corrected to 61231; label read 'Cheph dc chanticr' (confidence 35) is read with 'dc', a "
        "misread of the lists' 'de' and 'chanticr', a misread of the lists' 'chantier', and no one reading of 61231 "
        "that the page prints (read alike on two rows or more, shaped as a label) and read on more rows than it is "
        "within 2 characters or a word of it: which label the page prints OCR does not tell"]


def test_a_label_read_with_low_confidence_is_never_canonical(reference, from_text, monkeypatch, tmp_path):
    # 14232 is printed in Alsace (first) and Limousin: the first, read badly, would win the tie
    # ('vante' is a word of French, so it stands as printed; 'a' for 'à' would not: no label prints it)
    reading = misread(read_from_text_layer(), "14232", 1, label="Technicien de la vante à distance", label_conf=50.0)
    tables = prepared_from(reading, reference, monkeypatch, tmp_path).tables
    same_tables(tables, from_text)
    occupations = tables["occupations"]
    assert records(occupations[occupations.rome_code == "14232"], ["label", "label_variants"]) == [[
        "Technicien de la vente à distance", "Technicien de la vante à distance|Technicien de la vente à distance"]]


def test_a_code_whose_every_label_was_read_with_low_confidence_in_words_of_the_lists_keeps_it(
        reference, from_text, monkeypatch, tmp_path):
    # 61224 and 52151 are printed once in the circular: one reading is all a scan gives of their labels
    reading = misread(read_from_text_layer(), "14232", 1, label_conf=50.0)
    reading = misread(reading, "14232", 2, label_conf=60.0)
    same_tables(prepared_from(reading, reference, monkeypatch, tmp_path).tables, from_text)


def test_a_code_whose_every_label_was_read_with_low_confidence_in_other_words_stays_an_error(
        reference, monkeypatch, tmp_path):
    # 'vante' is a word of French the lists print in no label: a misread of 'vente' OCR makes
    reading = misread(read_from_text_layer(), "14232", 1, label="Technicien de la vante à distance", label_conf=50.0)
    reading = misread(reading, "14232", 2, label="Technicien de la vante à distance", label_conf=60.0)
    with pytest.raises(ValidationFailed) as failed:
        prepared_from(reading, reference, monkeypatch, tmp_path)
    blocking = [line for line in failed.value.report if ": ocr_misread: " in line]
    assert [line.split(": read ", 1)[1] for line in blocking] == [
        f"'14232' (confidence 96): label read 'Technicien de la vante à distance' with low confidence ({c} < 80), "
        "in words the lists' labels do not all print, and no other row of 14232 read with confidence: its canonical "
        "label cannot be taken from it" for c in (50, 60)]


def test_a_label_that_is_the_canonical_label_of_two_codes_corrects_nothing(reference, monkeypatch, tmp_path):
    # the nationwide 61232 (Conducteur de travaux du BTP) read as 61233: two codes, each on one list, print
    # that label; Corse's 61231 read as '6123l' beside it cannot be told which
    reading = misread(read_from_text_layer(), "61232", 1, "61233")
    reading = misread(reading, "61231", 2, "6123l", label="Conducteur de travaux du BTP")
    with pytest.raises(ValidationFailed) as failed:
        prepared_from(reading, reference, monkeypatch, tmp_path)
    read = [line.split(": read ", 1)[1] for line in failed.value.report if ": ocr_misread: " in line]
    assert "'6123l' (confidence 96): not five ASCII digits; its label is printed under 61232 and 61233: " \
           "left as read" in read


def test_a_region_heading_read_with_letters_ocr_confuses_is_still_its_region(reference, from_text, monkeypatch,
                                                                            tmp_path):
    reading = read_from_text_layer()
    reading = dataclasses.replace(reading, pages=tuple(
        dataclasses.replace(page, words=tuple(dataclasses.replace(w, text="AIsace") if w.text == "Alsace" else w
                                              for w in page.words)) for page in reading.pages))
    tables = prepared_from(reading, reference, monkeypatch, tmp_path).tables
    same_tables(tables, from_text)
    variant = tables["findings"][tables["findings"].check == "region_name_variant"]
    assert records(variant, ["status", "region_code", "message"]) == [
        ["open", "42", "region printed as 'AIsace', official name 'Alsace'"]]


# The engine's words made ready for the geometry.

def test_ocr_boxes_are_made_a_text_layer_s_whatever_letters_a_word_holds():
    # Ink boxes on one baseline (y 110): 'Verre' (capital), 'verre' (x-height only: 5 pt), 'rayon)' (a
    # descender and a bracket: 2.5 pt deeper). The page's ascent is 7 pt, its descent 2.5 pt.
    words = [Word("Verre", 0, 30, 103, 110, 90), Word("verre", 40, 70, 105, 110, 90),
             Word("rayon)", 80, 110, 103, 112.5, 90), Word("|", 120, 121, 90, 130, 90)]
    assert [(w.top, w.bottom) for w in ocr_layer.font_boxes(words)] == [(103, 112.5), (103, 112.5), (103, 112.5), (90, 130)]


@pytest.mark.parametrize(("phantom", "kept"), [
    (Word("ne", 512, 524, 493, 495.5, 3.0), False),  # inside 'qualité' as OCR boxed it (development 1004)
    (Word("Ni", 490, 496, 494, 503, 7.0), False),  # inside it, as tall ('Ni' at 7 in a header's 'métiers')
    (Word("ne", 530, 542, 493, 495.5, 3.0), True),  # beside it: a word of its own, read with no confidence
])
def test_a_word_read_with_no_confidence_inside_a_confident_word_s_ink_is_that_word_read_twice(phantom, kept):
    # Weighed on the boxes as OCR read them: given a font's box, the flat 'ne' would reach above 'qualité' and
    # stand half out of it, a line of its own.
    words = [Word("Technicien", 420, 481, 493, 502, 96.0), Word("qualité", 487, 525, 493, 505, 96.0), phantom]
    assert [w.text for w in ocr_layer.as_text_layer(words)] == ["Technicien", "qualité"] + [phantom.text] * kept


@pytest.mark.parametrize(("inner", "kept"), [
    (Word("q", 312, 316, 251.1, 258.0, 91.0), False),  # its letter, inside 'mécanique': read twice (1080)
    (Word("x", 312, 316, 251.1, 258.0, 91.0), True),  # a letter it does not hold, read with confidence
    (Word("q", 330, 334, 251.1, 258.0, 91.0), True),  # beside it
])
def test_a_word_inside_a_longer_word_that_holds_its_text_is_that_word_read_twice(inner, kept):
    outer = Word("mécanique", 283, 326, 249.3, 256.4, 97.0)
    assert [w.text for w in ocr_layer.read_once([outer, inner])] == ["mécanique"] + [inner.text] * kept


def test_a_ruling_read_with_a_word_is_left_out():
    assert [ocr_layer.cleaned(Word(t, 0, 10, 0, 10, 90)).text for t in ("|ROME", "métiers|", "¦", "ROME")] == \
        ["ROME", "métiers", "", "ROME"]


def test_rulings_are_taken_out_of_a_page_image_and_given_as_a_text_layer_gives_them():
    # A 200 dpi image (0.36 pt a pixel): a horizontal ruling on row 50 from column 20 to 139 and a vertical
    # one on column 250 from row 100 to 219 (0.6 inch each, with a grey fringe), and a 'letter' 0.1 inch high.
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    pixels[49:52, 20:140] = 220
    pixels[50, 20:140] = 0
    pixels[100:220, 250] = 0
    pixels[150:170, 100:110] = 0
    image, rulings = ocr_pixels.unruled(Image.fromarray(pixels), 200)
    left = np.asarray(image)
    assert (left < 255).sum() == 20 * 10 and (left[150:170, 100:110] == 0).all()
    assert rulings == ((7.2, 18.18, 50.4, 18.18), (90.18, 36.0, 90.18, 79.2))


def test_doubtful_words_and_codes_read_again_alone(monkeypatch):
    # A doubtful word read the same way again: the second confidence. Read otherwise with confidence: the
    # second text, the first (low) confidence. Read otherwise without: the first reading. A code read
    # with confidence and again the same way: as it was; read otherwise with confidence: confidence 0.
    page = Image.new("L", (600, 200), 255)
    first = [Word("Cadre", 10, 40, 20, 30, 70.0), Word("de", 45, 55, 20, 30, 96.0), Word("se", 10, 40, 40, 50, 35.0),
             Word("Cadrx", 10, 40, 60, 70, 50.0), Word("32331", 10, 40, 80, 90, 95.0),
             Word("46821", 10, 40, 100, 110, 92.0)]
    seen = []

    def again(image, dpi, path, number):
        seen.append(image.height)
        # the strip: five words read again ('de' is neither doubtful nor a code), 16 pt high each, 16 pt
        # apart: bands 16-32, 48-64, 80-96, 112-128, 144-160
        return [Word("Cadre", 5, 35, 18, 30, 96.0), Word("14232", 5, 35, 50, 62, 97.0), Word("Cadry", 5, 35, 82, 94, 70.0),
                Word("32331", 5, 35, 114, 126, 90.0), Word("46321", 5, 35, 146, 158, 97.0)]

    monkeypatch.setattr(ocr_recognize, "tesseract_words", again)
    assert [(w.text, w.conf) for w in ocr_recognize.second_look(page, first, 72, Path("x.pdf"), 1)] == \
        [("Cadre", 96.0), ("de", 96.0), ("14232", 35.0), ("Cadrx", 50.0), ("32331", 95.0), ("46821", 0.0)]
    assert seen == [16 * 5 + 16 * 6]


@needs_tesseract
@pytest.mark.parametrize("layout, pages", [("circulaire-office-middle.pdf", [4]), ("circulaire-columns.pdf", [5, 6])])
def test_pages_scanned_by_another_tool_are_cut_into_the_rows_of_the_text_layer(layout, pages, tmp_path):
    """Pages scanned as a person would (pdftoppm -r 200 -gray, then Pillow: turned 1°, saved as a PDF,
    no JPEG loss nor noise of make_scans): the rows the text layer gives, each label of as many words, each
    code as printed or misread in a way the checks catch: one digit off, or not five ASCII digits (tests
    above). Two layouts: ruled with codes in the middle of their rows, and borderless (two pages: on one,
    its page number, printed under the labels, is not known for a page number)."""
    pdf = make_scans.pypdfium2.PdfDocument(FIXTURES / layout)
    images = [pdf[n - 1].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
              .rotate(1, resample=Image.Resampling.BICUBIC, fillcolor=255) for n in pages]
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)
    rows = lambda lines: [line.text.split("\t") for line in lines if "\t" in line.text and "ROME" not in line.text]
    with pdfplumber.open(FIXTURES / layout, pages=pages) as pdf:
        text = rows(page_rows([as_page(p, n) for p, n in zip(pdf.pages, pages)]))
    read = rows(ocr_layer.scan_lines(ocr_cache_module.read(scan, sha256_of(scan)), scan))
    assert [len(label.split()) for _, label in read] == [len(label.split()) for _, label in text]
    caught = lambda mine, theirs: not ROME.fullmatch(mine) or sum(a != b for a, b in zip(mine, theirs)) == 1
    assert all(mine == theirs or caught(mine, theirs) for (mine, _), (theirs, _) in zip(read, text))


def test_a_page_ocr_could_not_read_is_refused_by_its_number(reference, monkeypatch, tmp_path):
    # Page 2 read at confidence 22, as Tesseract reads a page scanned upside down (the others: 96).
    base = read_from_text_layer()
    unread = dataclasses.replace(base.pages[1], words=tuple(dataclasses.replace(w, conf=22.0)
                                                            for w in base.pages[1].words))
    words = sum(1 for w in unread.words if any(c.isalnum() for c in w.text))
    with pytest.raises(PdfError) as refused:
        prepared_from(dataclasses.replace(base, pages=(base.pages[0], unread)), reference, monkeypatch, tmp_path)
    assert str(refused.value) == (f"{FIXTURES / SCANS[200]}: page 2: OCR read nothing it trusts on this page (median "
                                  f"confidence 22 over {words} words), upright or turned: too faint, or not text? scan it again")
    assert words >= ocr_boxes.UNREADABLE_WORDS


@pytest.mark.parametrize(("words", "confidence", "refused"), [
    (ocr_boxes.UNREADABLE_WORDS, 49.96, "median confidence 49.9 over 20 words"),  # never shown as the threshold itself
    (ocr_boxes.UNREADABLE_WORDS - 1, 10.0, None), (100, 50.0, None),
])
def test_a_page_is_unread_below_a_median_confidence_of_50_over_20_words_at_least(words, confidence, refused):
    base = read_from_text_layer()
    page = dataclasses.replace(base.pages[1], words=tuple(
        Word(f"mot{k}", 100, 120, 100 + 12 * k, 110 + 12 * k, confidence) for k in range(words)))
    reading = dataclasses.replace(base, pages=(base.pages[0], page))
    if refused is None:
        assert ocr_layer.scan_lines(reading, Path("s.pdf"))[0].page == 1
        return
    with pytest.raises(PdfError) as unread:
        ocr_layer.scan_lines(reading, Path("s.pdf"))
    assert str(unread.value) == (f"s.pdf: page 2: OCR read nothing it trusts on this page ({refused}), upright or "
                                 "turned: too faint, or not text? scan it again")


def test_a_scan_s_layout_error_names_the_scan():
    # The label of the first 32321 not read: the line below it has no code in its band.
    reading = read_from_text_layer()
    number, indexes = row_words(reading, "32321", 1)
    page = reading.pages[number - 1]
    page = dataclasses.replace(page, words=tuple(w for i, w in enumerate(page.words) if i not in indexes[1:]))
    with pytest.raises(LayoutError) as refused:
        ocr_layer.scan_lines(dataclasses.replace(reading, pages=(page, *reading.pages[1:])), Path("s.pdf"))
    assert str(refused.value).startswith("s.pdf: page 1: 'projet)' (y 224–233) is far below the label of code 32112")


def test_a_scan_of_blank_pages_says_so(reference, monkeypatch, tmp_path):
    base = read_from_text_layer()
    blank = dataclasses.replace(base, pages=tuple(dataclasses.replace(p, words=()) for p in base.pages))
    with pytest.raises(PdfError) as refused:
        prepared_from(blank, reference, monkeypatch, tmp_path)
    assert str(refused.value) == (f"{FIXTURES / SCANS[200]}: OCR read no text on any page: blank pages, or pictures? "
                                  "scan the document again")


def test_a_box_tesseract_stretched_over_two_lines_is_moved_to_its_ink():
    # At 144 dpi (2 pixels a point): the word's ink on rows 50-59, an accent on row 48 (one blank row
    # above the letter), a speck on row 30 (18 blank rows above); Tesseract's box from row 20 to 80.
    pixels = np.full((100, 100), 255, dtype=np.uint8)
    pixels[50:60, 20:40] = 0
    pixels[48, 25:28] = 0
    pixels[30, 22] = 0
    [word] = ocr_boxes.inked(Image.fromarray(pixels), [Word("é", 10, 20, 10, 40, 90.0)], 144)
    assert (word.top, word.bottom) == (24, 30)


def test_a_shaded_cell_is_no_ruling():
    # 200 dpi: a grey block as long as a ruling (1.2 inch) and 40 pixels high, a header cell's background.
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    pixels[50:90, 20:260] = 150
    image, rulings = ocr_pixels.unruled(Image.fromarray(pixels), 200)
    assert rulings == () and (np.asarray(image)[50:90, 20:260] == 150).all()


def test_a_shaded_cell_and_a_grey_paper_turn_white_and_their_letters_keep_their_contrast():
    # 200 dpi (a 20-pixel reach): paper at grey 230, a header cell shaded 190 with a 'letter' of 3-pixel strokes
    # at 60 in it, and a 2-pixel ruling at 40 on the paper.
    pixels = np.full((300, 300), 230, dtype=np.uint8)
    pixels[50:100, 20:280] = 190
    pixels[60:90, 100:103] = pixels[60:63, 100:120] = 60
    pixels[200:202, 20:280] = 40
    flat = np.asarray(ocr_pixels.flattened(Image.fromarray(pixels), 200))
    assert flat[50:100, 20:100].min() >= 254 and flat[150:190].min() >= 254  # the cell and the paper: white
    assert flat[60:90, 100:103].max() == 60 * 255 // 190 and flat[200:202, 20:280].max() == 40 * 255 // 230


def test_a_thin_ruling_between_two_rows_of_pixels_is_found_before_the_page_is_despeckled(monkeypatch):
    # A 1-pixel ruling 1.2 inch long at 200 dpi, one row down after 0.6 inch (a scan's last skew): the median
    # filter takes it for specks, all but where it steps down, dashes too short to be found as a ruling, which
    # Tesseract reads as letters.
    # A letter's ink under it (12 by 12 pixels) keeps the page from being blank (pixels.blank).
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    for column in range(20, 260):
        pixels[100 + (column - 20) // 120, column] = 0
    pixels[200:212, 50:62] = 0
    read = []
    monkeypatch.setattr(ocr_recognize, "skew_angle", lambda image: 0.0)
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: read.append(np.asarray(image)) or [])
    _, rulings = ocr_recognize.read_upright(Image.fromarray(pixels), 200, Path("x.pdf"), 1)
    assert rulings == ((7.2, 36.36, 93.6, 36.36),) and (read[0][:150] == 255).all()
    assert (read[0][202:210, 52:60] == 0).all()  # the letter, read (its corners despeckled)


@pytest.mark.parametrize(("height", "read_again"), [(34.0, False), (35.0, True)])
def test_a_page_whose_words_are_taller_than_34_pixels_is_read_again_made_smaller(height, read_again, monkeypatch):
    # 300 dpi: words read with confidence `height` pixels high (the median of those of letters only: a code, a
    # mark, a word with an apostrophe, and words read at 30 to 50, all 60 pixels high, are not counted). Taller
    # than 34, the page is read again with its words 28 pixels high.
    scale = 72 / 300
    words = [Word(text, 10, 90, 100, 100 + height * scale, 95.0) for text in ("Cadre", "Géomètre", "métiers")]
    words += [Word(text, 10, 90, 100, 100 + 60 * scale, conf) for text, conf in
              (("Chef", 40.0), ("Conducteur", 30.0), ("travaux", 50.0), ("32112", 97.0), ("(", 90.0),
               ("l'audit", 96.0))]
    seen = []
    read = [Word("Cadre", 10, 90, 100, 107, 97.0)]
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, dpi, *_: seen.append((image.size, dpi)) or read)
    image, dpi, got = ocr_recognize.legible(Image.new("L", (2480, 3508), 255), 300, words, Path("x.pdf"), 1)
    if read_again:
        assert seen == [((round(2480 * 28 / height), round(3508 * 28 / height)), round(300 * 28 / height))]
        assert (image.size, dpi, got) == (*seen[0], read)
    else:
        assert (seen, image.size, dpi, got) == ([], (2480, 3508), 300, words)


@pytest.mark.parametrize(("inked", "is_blank"), [(49, True), (56, False)])
def test_a_page_holding_less_ink_than_a_letter_is_blank(inked, is_blank):
    # 162 dpi: 10 square points are 50.6 pixels; ink as faint as 229 counts, 230 does not.
    pixels = np.full((400, 300), 255, dtype=np.uint8)
    pixels[100:107, 100:100 + inked // 7] = 229
    pixels[200:210, 100:200] = 230
    assert ocr_pixels.blank(Image.fromarray(pixels), 162) is is_blank


def test_a_blank_page_s_grain_is_not_read(monkeypatch):
    # A white page's grain after its background is taken out: specks at 193-229 (development 1159's page 4, which
    # Tesseract read as 927 words): no word, Tesseract not asked.
    pixels = np.full((1896, 1340), 252, dtype=np.uint8)
    pixels[::97, ::89] = 193
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda *_: pytest.fail("a blank page was read"))
    assert ocr_recognize.read_upright(Image.fromarray(pixels), 162, Path("x.pdf"), 4) == ([], ())


def test_a_light_ruling_broken_by_a_scan_on_darker_paper_is_found():
    # 200 dpi, paper at grey 224: a vertical ruling at grey 180, broken every 30 pixels by a 2-pixel gap.
    pixels = np.full((300, 300), 224, dtype=np.uint8)
    pixels[20:280, 150] = 180
    pixels[50:280:30, 150] = 224
    pixels[51:280:30, 150] = 224
    _, rulings = ocr_pixels.unruled(Image.fromarray(pixels), 200)
    assert rulings == ((54.18, 7.2, 54.18, 100.8),)


def test_a_box_with_a_speck_above_takes_the_page_s_ascent():
    # Ascent 7 pt (the median of the capitalised words), no descender on the page: descent a quarter of it.
    words = [Word(t, 0, 30, 103, 110, 90) for t in ("Verre", "Vaste", "Votre")] + [Word("Cadre", 40, 70, 90, 110, 90)]
    assert [(w.top, w.bottom) for w in ocr_layer.font_boxes(words)][-1] == (103, 111.75)


def test_a_mark_as_wide_as_a_code_is_read_again(monkeypatch):
    # '.' (confidence 0) 30 pt wide on a 10 pt line: a code read as a dot; ',' 2 pt wide: a comma.
    page = Image.new("L", (200, 100), 255)
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: [Word("32321", 5, 35, 18, 30, 97.0)])
    words = [Word(".", 10, 40, 20, 30, 0.0), Word(",", 50, 52, 20, 30, 10.0)]
    assert [(w.text, w.conf) for w in ocr_recognize.second_look(page, words, 72, Path("x.pdf"), 1)] == \
        [("32321", 0.0), (",", 10.0)]


def test_a_ruling_at_the_edge_of_a_page_is_not_grown_across_to_the_other_edge():
    mask = np.zeros((8, 6), dtype=bool)
    mask[0, :] = True  # a ruling along the top edge
    mask[:, 5] = True  # and down the right edge
    assert ocr_pixels.thickened(mask, 0).nonzero()[0].tolist() == [0] * 6 + [1] * 6 + [2] * 6 + [3, 4, 5, 6, 7]
    assert ocr_pixels.thickened(mask, 1)[:, 0].tolist() == [True] + [False] * 7
    assert ocr_pixels.bridged(mask)[:, 0].tolist() == [True, True] + [False] * 6


@pytest.mark.parametrize("seed", range(40))
def test_masks_are_grown_as_ndimage_dilates_and_erodes_them(seed):
    """pixels grows masks by shifted slices, for speed: the same pixels as scipy.ndimage's binary dilation by a row
    or a column of ones (and, in `bridged`, its erosion by a row's two ends), edges and even lengths included."""
    from scipy import ndimage

    rng = np.random.default_rng(seed)
    mask = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 60)))) < rng.random() * 0.5
    for by in (1, 2, 3):
        ones = np.ones(2 * by + 1, dtype=bool)
        assert (ocr_pixels.thickened(mask, 0, by) == ndimage.binary_dilation(mask, structure=ones[:, None])).all()
        assert (ocr_pixels.thickened(mask, 1, by) == ndimage.binary_dilation(mask, structure=ones[None, :])).all()
    for length in range(1, 9):
        assert (ocr_pixels.grown(mask, length // 2, (length - 1) // 2)
                == ndimage.binary_dilation(mask, structure=np.ones((1, length), dtype=bool))).all()
    tall = ndimage.binary_dilation(mask, structure=np.ones((3, 1), dtype=bool))
    bridged = tall.copy()
    for reach in (1, 2):
        ends = np.zeros(2 * reach + 1, dtype=bool)
        ends[[0, -1]] = True
        bridged |= ndimage.binary_erosion(tall, structure=ends[None, :])
    assert (ocr_pixels.bridged(mask) == bridged).all()


# The engine faked: what is asked of Tesseract and how its answers are read, without Tesseract.

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def fake_run(answers: dict, calls: list):
    """subprocess.run as Tesseract would answer: by the command's second word ('--version', 'stdin'...)."""
    def run(command, **kwargs):
        calls.append((command, kwargs))
        answer = answers[command[1]]
        if isinstance(answer, Exception):
            raise answer
        return subprocess.CompletedProcess(command, *answer)
    return run


def test_tesseract_s_words_are_read_from_its_tsv_in_points(monkeypatch):
    # At 144 dpi (2 pixels a point): a line (level 4), even with a text, and a blank word are not words;
    # '32321' at pixels 100-200 across, 40-60 down.
    tsv = (TSV_HEADER + "4\t1\t1\t1\t1\t0\t100\t40\t500\t20\t-1\t32321 Géomètre\n"
           "5\t1\t1\t1\t1\t1\t100\t40\t100\t20\t96.51\t 32321 \n"
           "5\t1\t1\t1\t1\t2\t210\t40\t50\t20\t95\t \n5\t1\t1\t1\t1\t3\t261\t41\t300\t19\t88.123\t\"Géomètre\n")
    calls = []
    monkeypatch.setattr(ocr_tesseract.subprocess, "run", fake_run({"stdin": (0, tsv.encode("utf-8"), b"")}, calls))
    assert ocr_tesseract.tesseract_words(Image.new("L", (800, 100), 255), 144, Path("x.pdf"), 3) == [
        Word("32321", 50.0, 100.0, 20.0, 30.0, 96.51), Word('"Géomètre', 130.5, 280.5, 20.5, 30.0, 88.12)]
    [(command, kwargs)] = calls
    assert command == [ocr_tesseract.program(), "stdin", "stdout", "-l", "fra", "--psm", "6", "--dpi", "144", "tsv"]
    assert kwargs["input"].startswith(b"\x89PNG") and kwargs["timeout"] == ocr_tesseract.MAX_SECONDS_PER_OCR_PAGE
    assert kwargs["env"]["OMP_THREAD_LIMIT"] == "1" and kwargs["capture_output"] is True


def test_tesseract_s_boxes_are_rounded_to_two_decimals_of_a_point_and_a_row_cut_short_is_no_word(monkeypatch):
    # At 170 dpi (a pixel 72/170 pt): pixels 101-401 across, 41-60 down are 42.776..-169.835.., 17.364..-25.411.. pt.
    tsv = (TSV_HEADER + "5\t1\t1\t1\t1\t1\t101\t41\t300\t19\t90\tmétiers\n"
           "5\t1\t1\t1\t1\t2\t420\t41\t30\t19\t90\n")
    monkeypatch.setattr(ocr_tesseract.subprocess, "run", fake_run({"stdin": (0, tsv.encode("utf-8"), b"")}, []))
    assert ocr_tesseract.tesseract_words(Image.new("L", (800, 100), 255), 170, Path("x.pdf"), 1) == [
        Word("métiers", 42.78, 169.84, 17.36, 25.41, 90.0)]


def test_tesseract_failing_or_too_slow_on_a_page_is_named(monkeypatch):
    image, path = Image.new("L", (10, 10), 255), Path("scan.pdf")
    monkeypatch.setattr(ocr_tesseract.subprocess, "run", fake_run({"stdin": (1, b"", b" Error: image \xff too small \n")}, []))
    with pytest.raises(PdfError) as failed:
        ocr_tesseract.tesseract_words(image, 200, path, 4)
    assert str(failed.value) == "scan.pdf: tesseract failed on page 4: Error: image \ufffd too small"
    slow = subprocess.TimeoutExpired("tesseract", ocr_tesseract.MAX_SECONDS_PER_OCR_PAGE)
    monkeypatch.setattr(ocr_tesseract.subprocess, "run", fake_run({"stdin": slow}, []))
    with pytest.raises(ocr_tesseract.LimitError) as limited:
        ocr_tesseract.tesseract_words(image, 200, path, 4)
    assert str(limited.value) == f"scan.pdf: OCR of page 4 took over MAX_SECONDS_PER_OCR_PAGE=" \
        f"{ocr_tesseract.MAX_SECONDS_PER_OCR_PAGE} s: {LimitError.HELP}"


def test_the_engine_s_version_and_french_model_are_asked_of_it(monkeypatch):
    monkeypatch.setattr(ocr_tesseract.shutil, "which", lambda name: "/usr/bin/tesseract" if name == "tesseract" else None)
    answers = {"--version": (0, b"tesseract 5.3.0\n leptonica-1.82.0\n", b""),
               "--list-langs": (0, b"List of available languages (3):\neng\nfra\nosd\n", b"")}
    calls = []
    monkeypatch.setattr(ocr_tesseract.subprocess, "run", fake_run(answers, calls))
    assert ocr_tesseract.engine_version(Path("scan.pdf")) == "5.3.0"
    assert [command for command, _ in calls] == [["/usr/bin/tesseract", "--version"],
                                                 ["/usr/bin/tesseract", "--list-langs"]]
    assert all(kwargs["timeout"] == ocr_tesseract.SECONDS_TO_ANSWER for _, kwargs in calls)
    answers["--list-langs"] = (0, b"List of available languages (2):\neng\nosd\n", b"")
    with pytest.raises(ocr_tesseract.OcrUnavailable) as missing:
        ocr_tesseract.engine_version(Path("scan.pdf"))
    assert str(missing.value) == ("scan.pdf: this PDF is a scan and needs OCR in French, but tesseract has no 'fra' "
                                  f"model: run `{INSTALL}`")


def test_what_the_engine_read_is_cached_by_scan_version_language_and_preparation(monkeypatch, tmp_path):
    monkeypatch.setattr("pipeline.extract.ocr.cache.OCR_CACHE", tmp_path / ".cache" / "ocr")  # made on the first reading
    tmp_path = tmp_path / ".cache" / "ocr"
    monkeypatch.setattr(ocr_cache_module, "engine_version", lambda path: "5.3.0")
    readings = []
    reading = dataclasses.replace(read_from_text_layer(), pages=tuple(
        dataclasses.replace(p, rulings=((7.2, 18.18, 50.4, 18.18),)) for p in read_from_text_layer().pages))

    def recognize(path, version):
        readings.append((path, version))
        return reading

    monkeypatch.setattr(ocr_cache_module, "recognize", recognize)
    scan = Path("scan.pdf")
    assert ocr_cache_module.read(scan, "ab12") == reading and ocr_cache_module.read(scan, "ab12") == reading
    assert readings == [(scan, "5.3.0")]  # the second read from the cache
    assert [p.name for p in tmp_path.iterdir()] == [f"ab12-tesseract-5.3.0-fra-{ocr_cache_module.PREPARATION}.json"]
    (tmp_path / f"ab12-tesseract-5.3.0-fra-{ocr_cache_module.PREPARATION}.json").write_text('{"pages": [', encoding="utf-8")
    assert ocr_cache_module.read(scan, "ab12") == reading and len(readings) == 2  # a damaged entry is read again
    assert ocr_cache_module.read(scan, "ab12") == reading and len(readings) == 2


def test_each_page_of_a_scan_is_rendered_at_its_image_s_resolution_and_read(monkeypatch):
    seen = []

    def read_page(image, dpi, path, number):
        assert path == scan
        seen.append((image.mode, image.size, dpi, number))
        return [Word(f"page{number}", 1, 2, 3, 4, 90.0)], ((0.0, 1.0, 2.0, 1.0),), 0

    monkeypatch.setattr(ocr_recognize, "read_page", read_page)
    scan = FIXTURES / SCANS[150]
    reading = ocr_recognize.recognize(scan, "5.3.0")
    with pdfplumber.open(scan) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    assert (reading.engine, reading.version, reading.language, reading.dpi) == ("tesseract", "5.3.0", "fra", 150)
    assert [(p.number, round(p.width, 2), round(p.height, 2), p.words[0].text, p.rulings) for p in reading.pages] == [
        (n, w, h, f"page{n}", ((0.0, 1.0, 2.0, 1.0),)) for n, (w, h) in enumerate(sizes, 1)]
    assert [(mode, dpi, n) for mode, _, dpi, n in sorted(seen)] == [("L", 150, n) for n in range(1, len(sizes) + 1)]
    assert all(abs(width - w * 150 / 72) <= 1 and abs(height - h * 150 / 72) <= 1  # pdfium rounds up or down
               for (_, (width, height), _, _), (w, h) in zip(sorted(seen), sizes))


def test_a_scan_is_refused_at_its_first_unreadable_page_the_pages_after_it_not_read(monkeypatch):
    read = []

    def read_page(image, dpi, path, number):
        read.append(number)
        confidence = 22.0 if number == 2 else 96.0
        return [Word(f"mot{i}", 1, 2, 3, 4, confidence) for i in range(ocr_boxes.UNREADABLE_WORDS)], (), 0

    monkeypatch.setattr(ocr_recognize, "read_page", read_page)
    monkeypatch.setattr(ocr_recognize.os, "cpu_count", lambda: 1)
    scan = FIXTURES / SCANS[150]
    with pytest.raises(PdfError) as refused:
        ocr_recognize.recognize(scan, "5.3.0")
    assert (refused.value.page, read) == (2, [1, 2])
    assert str(refused.value).startswith(f"{scan}: page 2: OCR read nothing it trusts on this page (median "
                                         "confidence 22 over 20 words)")


@needs_tesseract
@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_a_page_scanned_turned_is_turned_upright_and_read(clockwise):
    """A page of the circular turned by a quarter, a half or three quarters: read at confidence as upright,
    its turn told by Tesseract, or found among the others where a quarter turn was told the wrong way (the
    page's size then swaps, in recognize)."""
    upright = pypdfium2.PdfDocument(FIXTURES / "circulaire-ruled.pdf")[3].render(scale=150 / 72, grayscale=True) \
        .to_pil().convert("L")
    words, _, degrees = ocr_recognize.read_page(upright.rotate(-clockwise, expand=True, fillcolor=255), 150,
                                                Path("s.pdf"), 4)
    assert degrees == (360 - clockwise) % 360 and ocr_boxes.unreadable(words) is None
    assert {"Géomètre", "Technicien"} <= {w.text for w in words}


def test_a_scan_pdfium_cannot_open_is_named(tmp_path):
    broken = tmp_path / "scan.pdf"
    broken.write_bytes((FIXTURES / SCANS[150]).read_bytes()[:200])
    with pytest.raises(PdfError) as failed:
        ocr_recognize.recognize(broken, "5.3.0")
    assert str(failed.value).startswith(f"{broken}: not a readable PDF (") and str(failed.value).endswith(
        "): damaged or cut short? export or download it again")


# The page image's parts, on images drawn here.

def test_words_read_again_are_cut_out_with_a_margin_and_stacked_a_line_apart():
    # At 144 dpi (2 pixels a point): words 10 and 20 pt high, cut with 0.1 of their height across and 0.3
    # down; the strip is as wide as the widest cut and two spaces, a space (the tallest cut) between cuts.
    page = Image.new("L", (400, 400), 255)
    page.paste(0, (100, 100, 110, 120))  # a mark (pixels) inside the first word's box
    strip, bands, shifts = ocr_recognize.stacked(page, [Word("ab", 50, 80, 50, 60), Word("cd", 100, 120, 100, 120)],
                                                 144)
    # cuts: x 49-81, y 47-63 pt (64 x 32 px, from pixel 98, 94); x 98-122, y 94-126 pt (48 x 64 px); space
    # 64 px: the first pasted at pixel (64, 64), its band 32-48 pt, the second 64 px below it (pixel 64, 160);
    # a box in the strip moves back onto the page by where each cut was taken less where it was pasted
    assert strip.size == (64 + 2 * 64, 32 + 64 + 64 * 3)
    assert bands == [(32.0, 48.0), (80.0, 112.0)]
    assert shifts == [((98 - 64) / 2, (94 - 64) / 2), ((196 - 64) / 2, (188 - 160) / 2)]
    ink = np.argwhere(np.asarray(strip) == 0)
    assert (ink.min(axis=0).tolist(), ink.max(axis=0).tolist()) == ([64 + 6, 64 + 2], [64 + 25, 64 + 11])
    assert np.asarray(strip).min() == 0 and (np.asarray(strip) == 255).sum() == strip.size[0] * strip.size[1] - 200


@pytest.mark.parametrize(("heights", "runs"), [
    ([10] * 250, [100, 100, 50]),  # SECOND_LOOK_BATCH to a strip
    ([1000] * 40, [15, 15, 10]),  # 15 cuts of 1,000 pixels and 16 spaces as high: 31,000 pixels; 16 would be 33,000
    ([10, 20000, 10], [1, None, 1]),  # a cut too tall alone (three times its height): read alone, nothing
])
def test_words_read_again_are_stacked_in_strips_tesseract_reads(heights, runs):
    """Development 1220: a page turned a quarter, read before it was turned, boxed words as tall as its lines, and a
    strip of 100 was 49,758 pixels high: Tesseract refused it ('Image too large'), and the scan with it."""
    made = ocr_recognize.batches(heights)
    assert [None if run == [None] else len(run) for run in made] == runs
    assert [i for run in made for i in run if i is not None] == [i for i, h in enumerate(heights) if h <= 10000]
    assert all(ocr_recognize.strip_height([heights[i] for i in run]) <= ocr_recognize.TALLEST_IMAGE
               for run in made if run != [None])


def test_rulings_are_given_one_per_band_of_touching_rows_and_stretch_of_columns():
    runs = np.zeros((12, 12), dtype=bool)
    runs[1:3, 0:4] = True  # rows 1-2, columns 0-3 and 6-9 (a gap of two columns)
    runs[1:3, 6:10] = True
    runs[4, 2:5] = True  # row 4 (a blank row above), then rows 6 and 8 (one blank row each)
    runs[6, 0:12] = True
    runs[8, 5:6] = True
    assert ocr_pixels.lines(runs, 0.5) == [(0.0, 1.0, 2.0), (3.0, 1.0, 5.0), (1.0, 2.25, 2.5), (0.0, 3.25, 6.0),
                                    (2.5, 4.25, 3.0)]
    assert ocr_pixels.lines(np.zeros((3, 3), dtype=bool), 1.0) == []
    assert ocr_pixels.lines(runs[:3], 1 / 3) == [(0.0, 0.67, 1.33), (2.0, 0.67, 3.33)]
    runs = np.zeros((3, 12), dtype=bool)
    runs[1, 1:4] = True  # columns 1-3 and 5-8: a gap of one column parts them too
    runs[1, 5:9] = True
    assert ocr_pixels.lines(runs, 1 / 3) == [(0.33, 0.5, 1.33), (1.67, 0.5, 3.0)]


def test_words_read_again_are_read_at_the_page_s_resolution_and_named_by_its_page(monkeypatch):
    asked = []
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, dpi, path, number: asked.append((dpi, path, number))
                        or [Word("Cadre", 5, 35, 18, 30, 80.0)])
    words = [Word("Cadre", 10, 40, 20, 30, 79.99), Word("Cadre", 10, 40, 60, 70, 80.0)]
    assert [(w.text, w.conf) for w in ocr_recognize.second_look(Image.new("L", (600, 200), 255), words, 72, Path("s.pdf"), 3)] \
        == [("Cadre", 80.0), ("Cadre", 80.0)]  # 79.99 is low, read again the same way: the second confidence
    assert asked == [(72, Path("s.pdf"), 3)]


def test_a_page_image_is_cleaned_straightened_unruled_and_read(monkeypatch):
    # 200 dpi: a ruling 3 pixels thick (rows 49-51, columns 20-139), a word's ink (rows 150-169) and a speck
    # (one pixel); Tesseract (faked) boxes the word from 53 to 62 pt; its box is moved to its ink, 54-61.2 pt.
    pixels = np.full((300, 400), 255, dtype=np.uint8)
    pixels[49:52, 20:140] = 0
    pixels[150:170, 100:160] = 0
    pixels[250, 300] = 0
    read = []
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, dpi, path, number: read.append(
        (np.asarray(image)[49:52, 20:140].min(), np.asarray(image)[250, 300], dpi, path, number))
        or [Word("Géomètre", 36, 57.6, 53, 62, 96.0)])
    looked = []
    second_look = ocr_recognize.second_look
    monkeypatch.setattr(ocr_recognize, "second_look", lambda image, words, *args: looked.append(
        (np.asarray(image)[49:52, 20:140].min(), *args)) or second_look(image, words, *args))
    words, rulings, degrees = ocr_recognize.read_page(Image.fromarray(pixels), 200, Path("s.pdf"), 2)
    assert words == [Word("Géomètre", 36, 57.6, 54.0, 61.2, 96.0)] and rulings == ((7.2, 18.18, 50.4, 18.18),)
    assert degrees == 0  # read with confidence: its orientation not asked
    assert read == [(255, 255, 200, Path("s.pdf"), 2)]  # the ruling and the speck gone before the page is read
    assert looked == [(255, 200, Path("s.pdf"), 2)]  # words read again in that page, at its resolution, by its number
    straight = Image.fromarray(pixels)
    assert ocr_pixels.straightened(straight, ocr_pixels.skew_angle(straight)) is straight


def test_a_turned_page_is_turned_back():
    turned = mini_page().rotate(2, fillcolor=255)
    straight = ocr_pixels.straightened(turned, ocr_pixels.skew_angle(turned))
    assert ocr_pixels.skew_angle(straight) == pytest.approx(0, abs=0.1)


def bars(turned: float, grey: int = 0, tops=range(40, 560, 40), edges: bool = False) -> Image.Image:
    """A page as wide as the skew's profile (measured as it is): bars 6 pixels high at `tops`, and if `edges`
    a line along its top and bottom rows, turned by `turned` degrees without smoothing."""
    pixels = np.full((600, ocr_pixels.PROFILE_WIDTH), 255, dtype=np.uint8)
    for top in tops:
        pixels[top:top + 6, 40:760] = grey
    if edges:
        pixels[[0, -1], :] = grey
    return Image.fromarray(pixels).rotate(turned, resample=Image.Resampling.NEAREST, fillcolor=255)


@pytest.mark.parametrize(("turned", "found"), [(3, -3.0), (5.4, -5.4), (-5.4, 5.4), (6.0, -5.6), (-6.0, 5.6)])
def test_a_page_s_skew_is_searched_within_5_degrees_then_refined_by_0_6_at_most(turned, found):
    assert ocr_pixels.skew_angle(bars(turned)) == found


@pytest.mark.parametrize(("grey", "found"), [(159, -3.0), (160, 0.0), (255, 0.0)])
def test_a_page_with_no_ink_darker_than_160_is_not_turned(grey, found):
    # A blank page, or one whose every mark is light grey: every angle is alike (it was turned by -5.6°).
    assert ocr_pixels.skew_angle(bars(3, grey)) == found


@pytest.mark.parametrize(("turned", "tops", "edges"), [
    (2, [570], False), (-2, [570], False), (2, [25], False), (-2, [25], False),  # one line near the bottom or top
    (2, range(40, 560, 40), True), (-2, range(40, 560, 40), True),  # lines along the top and bottom rows
])
def test_ink_near_the_page_s_edges_is_measured_as_a_rotation_about_its_centre_keeps_it(turned, tops, edges):
    assert ocr_pixels.skew_angle(bars(turned, tops=tops, edges=edges)) == -turned


def test_a_page_is_turned_back_smoothly_onto_white():
    # Black bars on white, no grey, turned 2° without smoothing: turned back, the bars' edges are grey (bicubic)
    # and the corners the rotation brings in are white paper, not black.
    pixels = np.full((400, 600), 255, dtype=np.uint8)
    for top in range(40, 360, 40):
        pixels[top:top + 10, 50:550] = 0
    turned = Image.fromarray(pixels).rotate(2, resample=Image.Resampling.NEAREST, fillcolor=255)
    straight = np.asarray(ocr_pixels.straightened(turned, ocr_pixels.skew_angle(turned)))
    assert set(np.unique(np.asarray(turned)).tolist()) == {0, 255}
    assert [straight[0, 0], straight[0, -1], straight[-1, 0], straight[-1, -1]] == [255] * 4
    assert ((straight > 0) & (straight < 255)).any()


@pytest.mark.parametrize(("paper", "grey", "across", "down"), [
    (255, 199, True, True), (255, 200, False, True), (255, 239, False, True), (255, 240, False, False),
    (224, 175, True, True), (224, 176, False, True),  # darker paper: across, darker than 200/255 of its grey
])
def test_a_ruling_is_dark_ink_across_and_lighter_ink_down(paper, grey, across, down):
    # Paper at 200 dpi: a horizontal and a vertical line (0.6 inch) at this grey level.
    pixels = np.full((300, 300), paper, dtype=np.uint8)
    pixels[50, 20:140] = grey
    pixels[100:220, 250] = grey
    _, rulings = ocr_pixels.unruled(Image.fromarray(pixels), 200)
    assert [r[1] == r[3] for r in rulings] == [True] * across + [False] * down


@pytest.mark.parametrize(("rows", "ruling"), [(8, True), (9, False)])
def test_a_ruling_is_at_most_0_04_inch_thick(rows, ruling):
    # 200 dpi: 0.04 inch is 8 rows; a band 9 rows thick is a shaded cell.
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    pixels[50:50 + rows, 20:140] = 0
    assert bool(ocr_pixels.unruled(Image.fromarray(pixels), 200)[1]) is ruling


@pytest.mark.parametrize(("length", "ruling"), [(100, True), (99, False)])
def test_a_ruling_is_at_least_half_an_inch_long(length, ruling):
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    pixels[50, 20:20 + length] = 0
    pixels[150:153, 20:50] = 0  # a dash, 30 pixels long: never a ruling
    image, rulings = ocr_pixels.unruled(Image.fromarray(pixels), 200)
    assert bool(rulings) is ruling and (np.asarray(image)[150:153, 20:50] == 0).all()


@pytest.mark.parametrize(("on", "off", "ruling"), [(1, 1, True), (20, 2, True), (20, 3, False)])
def test_a_vertical_ruling_broken_by_gaps_of_up_to_two_pixels_is_one(on, off, ruling):
    # 200 dpi, a vertical line 260 pixels long: dotted, or broken by gaps of 2 or 3 pixels.
    pixels = np.full((300, 300), 255, dtype=np.uint8)
    column = np.zeros(260, dtype=bool)
    for start in range(0, 260, on + off):
        column[start:start + on] = True
    pixels[20:280, 150] = np.where(column, 180, 255)
    assert bool(ocr_pixels.unruled(Image.fromarray(pixels), 200)[1]) is ruling


class FakeImage:
    def __init__(self, width):
        self.width = width

    def get_metadata(self):
        return self


class FakePage:
    """A pdfium page holding images of these widths in pixels, asked for its images only."""

    def __init__(self, *widths):
        self.widths = widths

    def get_objects(self, filter):
        assert filter == [3]
        return [FakeImage(w) for w in self.widths]


@pytest.mark.parametrize(("widths", "dpi"), [((1240, 300), 150), ((), 300), ((400,), 72), ((8000,), 600)])
def test_a_page_is_read_at_the_resolution_of_its_widest_image(widths, dpi):
    # An A4 page is 595.28 pt (8.27 inch) wide: 1240 pixels are 150 dpi; 400 (48 dpi) are read at 72 at least,
    # 8000 (967 dpi) at MAX_OCR_DPI (600) at most; a page with no image at 300.
    assert ocr_pixels.image_dpi(FakePage(*widths), 595.28, 3) == dpi


def test_a_box_moves_to_its_own_ink_not_to_a_neighbour_s_nor_to_light_grey():
    # At 144 dpi (2 pixels a point), a box from x 10 to 20 pt, y 10 to 40 pt (pixels 20-40, 20-80): its ink on
    # rows 50-80. Touching that ink, outside the box: a neighbour's ink left of it (rows 30-49, columns 10-19)
    # and a line's just below it (row 81); light grey (160, not ink) on rows 40-49 inside it.
    pixels = np.full((100, 100), 255, dtype=np.uint8)
    pixels[50:81, 20:41] = 0
    pixels[30:50, 10:20] = 0
    pixels[81, 20:41] = 0
    pixels[40:50, 20:41] = 160
    [word] = ocr_boxes.inked(Image.fromarray(pixels), [Word("é", 10, 20, 10, 40, 90.0)], 144)
    assert (word.top, word.bottom) == (25, 40.5)


def test_a_box_moves_within_itself_not_to_ink_above_or_right_of_it():
    # At 144 dpi (2 pixels a point): a box from y 20 to 30 pt (pixels 40-60), x 10 to 20 pt (columns 20-40), its
    # ink a thin stroke on rows 45-50 of its first column. Above it (rows 12-35: inside y 6-18 pt, where the box's
    # top would be in pixels if read as points) and just right of it (column 41), more ink in other bands.
    pixels = np.full((100, 100), 255, dtype=np.uint8)
    pixels[45:51, 20] = 0
    pixels[12:36, 20:41] = 0
    pixels[41:44, 41] = 0
    pixels[52:60, 41] = 0
    [word] = ocr_boxes.inked(Image.fromarray(pixels), [Word("l", 10, 20, 20, 30, 90.0)], 144)
    assert (word.top, word.bottom) == (22.5, 25.5)


def test_a_mark_and_a_box_without_ink_keep_their_boxes():
    # 72 dpi: ':' in two pieces (rows 20-21 and 26-27), a box with no ink, a word after them moved to its ink.
    pixels = np.full((60, 100), 255, dtype=np.uint8)
    pixels[20:22, 10:12] = 0
    pixels[26:28, 10:12] = 0
    pixels[22:30, 60:80] = 0
    words = [Word(":", 9, 13, 15, 35, 90.0), Word("a", 30, 50, 15, 35, 90.0), Word("mot", 60, 80, 15, 35, 90.0)]
    assert ocr_boxes.inked(Image.fromarray(pixels), words, 72) == words[:2] + [Word("mot", 60, 80, 22, 30, 90.0)]


def test_an_accent_one_blank_row_above_its_letters_is_apart_at_72_dpi():
    # 72 dpi (a pixel a point): the gap that parts bands is 1 row (0.012 inch rounded, at least 1).
    pixels = np.full((60, 60), 255, dtype=np.uint8)
    pixels[20:30, 10:30] = 0
    pixels[18, 12:15] = 0
    [word] = ocr_boxes.inked(Image.fromarray(pixels), [Word("é", 10, 30, 5, 40, 90.0)], 72)
    assert (word.top, word.bottom) == (20, 30)


def test_box_edges_moved_to_ink_keep_two_decimals():
    # At 170 dpi (a pixel 72/170 pt): ink on rows 50-60 of a box from 10 to 30 pt, in its last column of
    # pixels (47, the box's right edge at 20 pt): 21.18-25.84 pt (21.176..., 25.835...).
    pixels = np.full((100, 100), 255, dtype=np.uint8)
    pixels[50:61, 47] = 0
    [word] = ocr_boxes.inked(Image.fromarray(pixels), [Word("l", 10, 20, 10, 30, 90.0)], 170)
    assert (word.top, word.bottom) == (21.18, 25.84)


def test_a_speck_is_smaller_than_2_pt_or_a_mark_read_with_low_confidence():
    assert [ocr_layer.is_speck(Word(t, 0, 5, 10, 10 + h, c)) for t, h, c in [
        ("a", 1.9, 96.0), ("a", 2.0, 96.0), (".", 5, 79.9), (".", 5, 80.0), (".", 5, None), ("a", 5, 10.0)]] == [
        True, False, True, False, True, False]


def test_a_word_taller_than_1_6_ascents_has_a_speck_above_and_a_heading_keeps_its_size():
    # Ascent 5 pt (three capitalised words on the baseline y 110), no descender: descent 1.25 pt. 'Titre'
    # 7.9 pt high keeps its top; 'Cadre' 8 pt high (1.6 ascents) has a speck in its box.
    words = [Word(t, 0, 30, 105, 110, 90) for t in ("Verre", "Vaste", "Votre")]
    words += [Word("Titre", 40, 70, 102.1, 110, 90), Word("Cadre", 80, 110, 102, 110, 90)]
    assert [(w.top, round(w.bottom, 3)) for w in ocr_layer.font_boxes(words)][-2:] == [(102.1, 111.975), (105, 111.25)]


def test_a_page_of_marks_only_is_no_page_ocr_could_not_read():
    reading = read_from_text_layer()
    marks = dataclasses.replace(reading.pages[1], words=(Word("|", 10, 11, 10, 60, 30.0),))
    lines = ocr_layer.scan_lines(dataclasses.replace(reading, pages=(reading.pages[0], marks)), Path("s.pdf"))
    assert lines[-1].page == 1


@pytest.mark.parametrize(("word", "again"), [
    (Word("Cadre", 10, 40, 20, 50, 50.0), False),  # three lines high (the median is 10 pt): a ruling or smudge
    (Word("Cadre", 10, 40, 20, 49.9, 50.0), True), (Word("Cadre", 10, 40, 20, 30, 80.0), False),
    (Word("Cadre", 10, 40, 20, 30, None), True),  # no confidence (a text layer's word): read again
    (Word(".", 10, 30, 20, 30, 0.0), False),  # a mark exactly two lines wide: punctuation
    (Word(".", 10, 30.1, 20, 30, 0.0), True), (Word("é", 10, 13, 20, 30, 50.0), True),
])
def test_which_words_are_read_again(word, again, monkeypatch):
    asked = []
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: asked.append(image.height) or [])
    others = [Word("de", 50, 60, 100 + 12 * k, 110 + 12 * k, 96.0) for k in range(4)]
    ocr_recognize.second_look(Image.new("L", (300, 300), 255), [word, *others], 72, Path("s.pdf"), 1)
    assert bool(asked) is again


@pytest.mark.parametrize(("first", "second", "kept"), [
    (("32331", 80.0), ("32331", 95.0), ("32331", 80.0)),  # a code read with confidence, again the same way
    (("46821", 80.0), ("46321", 80.0), ("46821", 0.0)),  # read otherwise, both with confidence (80 is enough)
    (("46821", 80.0), ("46321", 79.9), ("46821", 80.0)),  # read otherwise without confidence: the first
])
def test_a_code_read_again_at_the_edge_of_confidence(first, second, kept, monkeypatch):
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: [Word(second[0], 5, 35, 18, 30, second[1])])
    words = [Word(first[0], 10, 40, 20, 30, first[1])]
    [word] = ocr_recognize.second_look(Image.new("L", (200, 100), 255), words, 72, Path("s.pdf"), 1)
    assert (word.text, word.conf) == kept


@pytest.mark.parametrize(("first", "second", "kept"), [
    # a shaded header's count, read as one word at 5 in the page, as two alone (development 1106)
    (("Hnéners", 5.0), [("11", 97.0), ("métiers", 96.0)], [("11", 5.0), ("métiers", 5.0)]),
    (("Hnéners", 5.0), [("11", 97.0), ("métiers", 79.9)], [("Hnéners", 5.0)]),  # one of them without confidence
    (("Géomètre", 90.0), [("Géo", 97.0), ("mètre", 96.0)], [("Géomètre", 90.0)]),  # read with confidence first
    (("52312313", 40.0), [("5231", 97.0), ("2313", 96.0)], [("52312313", 40.0)]),  # a code: two words are no code
])
def test_a_doubtful_word_read_again_as_several_words_with_confidence_becomes_them(first, second, kept, monkeypatch):
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: [
        Word(text, 5 + 40 * k, 35 + 40 * k, 18, 30, conf) for k, (text, conf) in enumerate(second)])
    words = [Word(first[0], 10, 90, 20, 30, first[1])]
    read = ocr_recognize.second_look(Image.new("L", (200, 100), 255), words, 72, Path("s.pdf"), 1)
    assert [(w.text, w.conf) for w in read] == kept


@pytest.mark.parametrize("edge", ["top", "bottom"])
def test_a_word_read_again_on_the_edge_of_its_band_in_the_strip_is_its(edge, monkeypatch):
    # 72 dpi: the word 10 pt high is cut 3 pt above and below, pasted 16 pt down the strip: its band is 16-32 pt.
    middle = {"top": 16.0, "bottom": 32.0}[edge]
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: [Word("32321", 5, 35, middle - 5, middle + 5, 97.0)])
    [word] = ocr_recognize.second_look(Image.new("L", (200, 100), 255), [Word("32821", 10, 40, 20, 30, 50.0)], 72,
                             Path("s.pdf"), 1)
    assert (word.text, word.conf) == ("32321", 50.0)


def ink_page(*boxes) -> Image.Image:
    """A white page at 72 dpi (a pixel a point) with black boxes (x0, top, x1, bottom)."""
    image = Image.new("L", (400, 200), 255)
    for x0, top, x1, bottom in boxes:
        image.paste(0, (x0, top, x1, bottom))
    return image


def test_ink_outside_the_boxes_read_is_found_by_its_lines():
    # Lines of text 10 pt high: two words 5 pt apart (under WORD_SPACE, 6 pt) are one line; an accent-sized speck,
    # a logo 60 pt high and a mark as wide as high are no line, a two-letter word ('de', 15 pt by 10) is one; ink
    # inside a box read is read.
    page = ink_page((20, 20, 70, 30), (75, 20, 120, 30), (200, 20, 204, 23), (300, 100, 360, 160), (20, 60, 30, 70),
                    (20, 100, 120, 110), (200, 60, 215, 70))
    boxes = ocr_pixels.unread_ink(page, [(19, 99, 121, 111)], 10.0, 72)
    assert boxes == [(20.0, 20.0, 120.0, 30.0), (200.0, 60.0, 215.0, 70.0)]


def lost_line_read(monkeypatch, again: list[Word], words: list[Word], ink=((20, 20, 120, 30),)) -> list[Word]:
    """The words of a page whose one line of ink (20-120, 20-30) OCR read as `words`, once its unread ink is read
    again as `again` (boxes in the strip: the line is pasted 16 pt down it, 3 pt right and 1 pt up of its place)."""
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: again)
    others = [Word("de", 200, 210, 100 + 12 * k, 110 + 12 * k, 96.0) for k in range(4)]
    page = ink_page(*ink, *((200, 100 + 12 * k, 210, 110 + 12 * k) for k in range(4)))
    return [w for w in ocr_recognize.lost_lines(page, [*words, *others], 72, Path("s.pdf"), 1) if w.text != "de"]


def test_a_line_ocr_read_as_a_mark_read_again_with_confidence_takes_its_place(monkeypatch):
    read = lost_line_read(monkeypatch, [Word("Conducteur", 17, 67, 18, 28, 96.0), Word("ma-", 72, 117, 18, 28, 91.0)],
                          [Word("|", 20, 22, 20, 30, 35.0)])
    assert read == [Word("Conducteur", 20, 70, 19, 29, 96.0), Word("ma-", 75, 120, 19, 29, 91.0)]


@pytest.mark.parametrize("again", [
    [Word("Conducteur", 17, 67, 18, 28, 70.0), Word("ma-", 72, 117, 18, 28, 75.0)],  # read again without confidence
    [Word("46321", 17, 67, 18, 28, 96.0), Word("Conducteur", 72, 117, 18, 28, 91.0)],  # a code: left to second_look
    [],
])
def test_a_line_read_again_without_confidence_or_holding_a_code_leaves_the_first_reading(again, monkeypatch):
    assert lost_line_read(monkeypatch, again, [Word("|", 20, 22, 20, 30, 35.0)]) == [Word("|", 20, 22, 20, 30, 35.0)]


def test_a_count_read_again_whole_is_no_code_and_takes_the_place_of_its_word_read_with_low_confidence(monkeypatch):
    # '20 métiers' printed, read 'métiers' at 45 (its ink 30-120) with the '20' (20-28) lost: read again alone, the
    # line reads whole, with confidence (development 1026); a number in it is a count, not a code.
    first = [Word("métiers", 30, 120, 20, 30, 45.0)]
    again = [Word("20", 17, 25, 18, 28, 97.0), Word("métiers", 27, 117, 18, 28, 96.0)]
    assert lost_line_read(monkeypatch, again, first) == [
        Word("20", 20, 28, 19, 29, 97.0), Word("métiers", 30, 120, 19, 29, 96.0)]


def test_ink_under_a_word_read_with_low_confidence_is_read_again_by_lines(monkeypatch):
    # 'ma-' read at 40 (its ink 75-120, read again alone 58 pt left of its place in the strip): read again with
    # confidence, from one end of its ink to the other, it takes the first reading's place; the ink under
    # 'Conducteur', read at 96, is not read again.
    first = [Word("Conducteur", 20, 70, 20, 30, 96.0), Word("ma-", 75, 120, 20, 30, 40.0)]
    again = [Word("ma-", 17, 62, 18, 28, 91.0)]
    assert lost_line_read(monkeypatch, again, first, ink=[(20, 20, 70, 30), (75, 20, 120, 30)]) == [
        first[0], Word("ma-", 75, 120, 19, 29, 91.0)]
    partly = [Word("a-", 37, 62, 18, 28, 91.0)]  # 'a-' alone: the reading leaves part of the ink out
    assert lost_line_read(monkeypatch, partly, first, ink=[(20, 20, 70, 30), (75, 20, 120, 30)]) == first


def test_a_line_read_again_does_not_take_the_place_of_a_doubtful_word_that_runs_out_of_it(monkeypatch):
    # 'Installateur-ma' read at 70 from 0 to 120, whose ink from 20 on (its hyphen parts it from the rest, to the
    # ink finder) reads 'ma-' with confidence: taking it would drop 'Installateur-'.
    first = [Word("Installateur-ma", 0, 120, 20, 30, 70.0)]
    assert lost_line_read(monkeypatch, [Word("ma-", 17, 117, 18, 28, 91.0)], first) == first


TWO_BOXES = [(20, 20, 70, 30), (80, 20, 120, 30)]  # 10 pt apart: two lines of ink, the second read 63 pt left, 31 up


def test_a_mark_read_for_a_line_is_replaced_by_its_words_read_again_box_by_box(monkeypatch):
    again = [Word("Conducteur", 17, 67, 18, 28, 96.0), Word("ma-", 17, 57, 50, 60, 91.0)]
    assert lost_line_read(monkeypatch, again, [Word("|", 20, 120, 20, 30, 35.0)], ink=TWO_BOXES) == [
        Word("Conducteur", 20, 70, 19, 29, 96.0), Word("ma-", 80, 120, 19, 29, 91.0)]


def test_a_word_is_not_replaced_by_pieces_read_again_side_by_side(monkeypatch):
    # 'installateur-ma' read at 41, its ink parted at the hyphen: read again side by side, the hyphen is lost.
    first = [Word("installateur-ma", 20, 120, 20, 30, 41.0)]
    again = [Word("installateur", 17, 67, 18, 28, 82.0), Word("ma", 17, 57, 50, 60, 92.0)]
    assert lost_line_read(monkeypatch, again, first, ink=TWO_BOXES) == first


def test_a_word_whose_box_took_in_two_lines_is_replaced_by_each_line_read_again(monkeypatch):
    # 'ee' read at 15 over two lines of ink (20-120 at y 20, 20-70 at y 35): each line read again with confidence.
    again = [Word("ment-planification", 17, 117, 18, 28, 92.0), Word("l'industrie", 17, 67, 50, 60, 96.0)]
    assert lost_line_read(monkeypatch, again, [Word("ee", 20, 70, 20, 45, 15.0)],
                          ink=[(20, 20, 120, 30), (20, 35, 70, 45)]) == [
        Word("ment-planification", 20, 120, 19, 29, 92.0), Word("l'industrie", 20, 70, 34, 44, 96.0)]


def test_a_word_read_again_where_a_word_read_with_confidence_stands_is_not_added_twice(monkeypatch):
    # 'Conducteur' read at 96 in a box that leaves the foot of its ink out: that foot joins 'ma-' (read at 40) into a
    # line from 20 to 120, read again as both words; 'Conducteur' is the word already read.
    first = [Word("Conducteur", 20, 70, 20, 25, 96.0), Word("ma-", 75, 120, 20, 30, 40.0)]
    again = [Word("Conducteur", 17, 67, 18, 28, 96.0), Word("ma-", 72, 117, 18, 28, 91.0)]
    assert lost_line_read(monkeypatch, again, first, ink=[(20, 20, 70, 30), (75, 20, 120, 30)]) == [
        first[0], Word("ma-", 75, 120, 19, 29, 91.0)]


@pytest.mark.parametrize(("word", "along"), [
    (Word("ee", 20, 70, 20, 45, 15.0), True),  # a box that took in two lines is along each
    (Word("ee", 20, 70, 36, 46, 15.0), False),  # the line under it
    (Word("ee", 125, 160, 20, 30, 15.0), False),  # beside it
])
def test_a_doubtful_word_a_line_read_again_replaces_is_one_along_that_line(word, along):
    assert ocr_recognize.along(word, Word("", 20, 120, 20, 30)) is along


def test_a_line_read_again_that_leaves_part_of_its_ink_out_is_not_taken(monkeypatch):
    # The line's ink runs 20-120; read again, 'teur' covers 85-120 only: a word of it would be lost.
    assert lost_line_read(monkeypatch, [Word("teur", 82, 117, 18, 28, 96.0)], []) == []


def test_a_page_s_unread_ink_is_read_again_before_its_boxes_are_moved_to_their_ink(monkeypatch):
    first = [Word("|", 20, 22, 20, 30, 35.0)]
    again = [Word("Conducteur", 20, 70, 19, 29, 96.0)]
    monkeypatch.setattr(ocr_recognize, "tesseract_words", lambda image, *_: first)
    monkeypatch.setattr(ocr_recognize, "second_look", lambda image, words, *_: words)
    monkeypatch.setattr(ocr_recognize, "lost_lines", lambda image, words, *_: again if words == first else words)
    monkeypatch.setattr(ocr_recognize, "inked", lambda image, words, dpi: [w.text for w in words])
    # the ink of the line OCR read as '|' (a blank page would not be read: pixels.blank)
    assert ocr_recognize.read_upright(ink_page((20, 20, 70, 29)), 72, Path("s.pdf"), 1)[0] == ["Conducteur"]
