"""The OCR cache is only a cache: an edited entry is ignored (with a note) and the scan read again; the manifest
says which scans' words came from the cache; `build --no-cache` reads every scan again; the preparation's version
is computed from its parameters; `check --raw` reads the scans again and compares."""
import dataclasses
import io
import json
import types
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.ocr import cache as ocr_cache
from pipeline.extract.ocr import pixels as ocr_pixels
from pipeline.extract.ocr import tesseract as ocr_tesseract
from pipeline.extract.sources import sha256_of
from pipeline.core.paths import Layout
from pipeline.serve import cli
from pipeline.serve.build import build
from pipeline.serve.reread import reread
from tests.helpers import read_table
from tests.integration.test_ocr import FIXTURES, SCANS, needs_tesseract, read_from_text_layer, reference  # noqa: F401

SCAN = FIXTURES / SCANS[200]


@pytest.fixture
def cache_folder(monkeypatch, tmp_path):
    folder = tmp_path / "ocr-cache"
    monkeypatch.setattr(ocr_cache, "OCR_CACHE", folder)
    return folder


def built(out, reference, fresh=False):
    """A build of the scan (the region reference of its three regions): what it printed, and its manifest."""
    said = io.StringIO()
    build(Layout(raw=SCAN, out=out, reference=reference, ocr_cache=not fresh), out=said)
    return said.getvalue(), json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def edit(entry: Path, old: str, new: str) -> None:
    """Change the words of a cached entry by hand, as someone editing the file would."""
    text = entry.read_text(encoding="utf-8")
    assert old in text
    entry.write_text(text.replace(old, new), encoding="utf-8")


@needs_tesseract
@pytest.mark.usefixtures("no_expectations", "no_picture")
def test_an_edited_cache_entry_is_ignored_and_the_scan_read_again(cache_folder, tmp_path, reference):
    out = tmp_path / "out"
    _, manifest = built(out, reference)
    [source] = manifest["sources"]
    assert source["ocr"]["from"] == "engine" and source["ocr"]["pages"] == [1, 2]
    first = read_table(out, "listings")
    [entry] = cache_folder.iterdir()
    assert entry.name == f"{sha256_of(SCAN)}-tesseract-{ocr_tesseract.engine_version(SCAN)}-fra-" \
                         f"{ocr_cache.PREPARATION}.json"
    _, manifest = built(out, reference)
    assert manifest["sources"][0]["ocr"]["from"] == "cache"
    for old, new in (("33221", "33229"), ("Géomètre", "Astronaute")):
        edit(entry, old, new)
        err, manifest = built(out, reference)
        assert f"note: {entry}: the OCR cache entry does not match its digest (edited or damaged): ignored, " \
               f"{SCAN} read again" in err.splitlines()
        assert manifest["sources"][0]["ocr"]["from"] == "engine"
        published = read_table(out, "listings")
        assert published.equals(first)
        assert new not in (out / "csv" / "listings.csv").read_text(encoding="utf-8")
        assert new not in entry.read_text(encoding="utf-8")  # the entry was written anew
    err, manifest = built(out, reference, fresh=True)
    assert manifest["sources"][0]["ocr"]["from"] == "engine" and "note:" not in err


def forge(entry: Path, old: str, new: str) -> None:
    """Change a word of a cached entry and compute its digest again, as someone who read the code would."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    reading = json.loads(json.dumps(data["reading"], ensure_ascii=False).replace(old, new, 1))
    version = ocr_tesseract.engine_version(SCAN)
    entry.write_text(json.dumps({"digest": ocr_cache.digest(reading, sha256_of(SCAN), version), "reading": reading},
                                ensure_ascii=False), encoding="utf-8")


@needs_tesseract
@pytest.mark.usefixtures("no_expectations", "no_picture")
def test_check_raw_reads_the_scan_again_and_names_each_row_a_forged_cache_entry_changed(
        cache_folder, tmp_path, reference, capsys):
    out = tmp_path / "out"
    built(out, reference)
    assert reread(out, SCAN) == []
    [entry] = cache_folder.iterdir()
    forge(entry, "Géomètre", "Astronaute")
    _, manifest = built(out, reference)
    assert manifest["sources"][0]["ocr"]["from"] == "cache"  # the digest holds: the build cannot tell
    rows = pd.read_parquet(out / "intermediate" / "printed_rows.parquet")
    [forged] = rows[rows.label_as_printed.str.contains("Astronaute")].itertuples()
    said = f"{SCAN}: page {forged.source_page} line {forged.source_line}: the build stored list " \
           f"{forged.list_index} row {forged.position} '{forged.rome_code_as_printed} {forged.label_as_printed}', " \
           f"the scan reads list {forged.list_index} row {forged.position} '{forged.rome_code_as_printed} " \
           f"{forged.label_as_printed.replace('Astronaute', 'Géomètre')}' when the engine reads it again: build " \
           "again with --no-cache"
    assert reread(out, SCAN) == [said]
    assert cli.main(["check", "--out", str(out), "--raw", str(SCAN)]) == 1
    assert capsys.readouterr().err.splitlines() == [said, "check failed: 1 problem(s) with the published files"]
    assert "Astronaute" in entry.read_text(encoding="utf-8")  # check reads, the cache is left as it is
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(b"%PDF-1.4\n")
    assert cli.main(["check", "--out", str(out), "--raw", str(elsewhere)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{elsewhere}: holds no file with the sha256 of {SCAN.name} (source {manifest['sources'][0]['source_id']}), "
        "which the build read by OCR: give --raw the file or folder it was built from"]


def test_check_reads_scans_again_only_with_raw_and_a_build_of_text_has_none(monkeypatch, real_build):
    monkeypatch.setattr("pipeline.serve.reread.recognize", lambda *_: pytest.fail("read a scan"))
    assert reread(real_build, Path("raw")) == []
    assert cli.main(["check", "--out", str(real_build), "--raw", "raw"]) == 0
    monkeypatch.setattr("pipeline.serve.reread.reread", lambda *_: pytest.fail("compared without --raw"))
    assert cli.main(["check", "--out", str(real_build)]) == 0


def test_an_entry_made_for_another_scan_or_edited_is_not_used(cache_folder, monkeypatch):
    """Without Tesseract: the digest covers the words, the scan's sha256 and the engine's version."""
    monkeypatch.setattr(ocr_cache, "engine_version", lambda _: "5.3.0")
    reading = read_from_text_layer()
    reads = []
    monkeypatch.setattr(ocr_cache, "recognize", lambda path, version: reads.append(path) or reading)
    scan = Path("scan.pdf")
    assert ocr_cache.read(scan, "ab12").origin == "engine" and ocr_cache.read(scan, "ab12").origin == "cache"
    entry = ocr_cache.cache_file("ab12", "5.3.0")
    other = ocr_cache.cache_file("cd34", "5.3.0")
    other.write_bytes(entry.read_bytes())  # a copy made for another scan
    again = ocr_cache.read(scan, "cd34")
    assert again.origin == "engine" and "does not match its digest" in again.note and len(reads) == 2
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["reading"]["pages"][0]["words"][0]["conf"] = 99.0
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert ocr_cache.read(scan, "ab12").origin == "engine" and len(reads) == 3
    assert ocr_cache.read(scan, "ab12", fresh=True).origin == "engine" and len(reads) == 4
    assert ocr_cache.read(scan, "ab12") == reading and ocr_cache.read(scan, "ab12").origin == "cache"


def test_the_preparation_s_version_follows_its_parameters(monkeypatch):
    before = ocr_cache.preparation()
    assert ocr_cache.PREPARATION == before and before.startswith("p")
    monkeypatch.setattr(ocr_pixels, "SKEW_RANGE", ocr_pixels.SKEW_RANGE + 1)
    assert ocr_cache.preparation() != before
    monkeypatch.undo()
    monkeypatch.setattr(ocr_tesseract, "PAGE_SEGMENTATION", "4")
    assert ocr_cache.preparation() != before
    names = {(module, name) for module, name, _ in ocr_cache.parameters()}
    assert {("pipeline.extract.ocr.pixels", "RULING_INCHES"), ("pipeline.extract.ocr.boxes", "INK_GAP_INCHES"),
            ("pipeline.extract.ocr.recognize", "SECOND_LOOK_BATCH"), ("tesseract", "PAGE_SEGMENTATION")} <= names
    assert dataclasses.fields(ocr_cache.Reading)[-2].compare is False  # where a reading came from is not what it says


def test_the_preparation_s_version_follows_its_modules_source(tmp_path):
    # A change to how pages are read, with no constant changed ('within' became 'along'), reads the scans again.
    module = types.ModuleType("reading")
    module.__file__ = str(tmp_path / "reading.py")
    Path(module.__file__).write_text("def near(word, box):\n    return within(word, box)\n", encoding="utf-8")
    before = ocr_cache.parameters((module,))
    Path(module.__file__).write_text("def near(word, box):\n    return along(word, box)\n", encoding="utf-8")
    assert ocr_cache.parameters((module,)) != before


def test_build_has_a_no_cache_option(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr("pipeline.serve.build.build", lambda layout, out: seen.append(layout.ocr_cache))
    assert cli.main(["build", "--no-cache", "--out", str(tmp_path)]) == 0
    assert cli.main(["build", "--out", str(tmp_path)]) == 0
    assert seen == [False, True]
