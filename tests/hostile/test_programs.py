"""External programs: a `tesseract` on PATH that is not the engine we know (prints garbage, hangs, fails, cannot
be run) stops the build with one line and exit 2, never an internal error (pipeline.extract.ocr.tesseract.ask:
a timeout and a checked result on every run)."""
import pytest

from pipeline.serve import cli
from tests.helpers import ROOT

SCAN = ROOT / "tests" / "fixtures" / "mini-150.pdf"
ANSWERS = {"version": 'echo "tesseract 5.3.0"; echo " leptonica-1.82.0"',
           "langs": 'printf "List of available languages (2):\\neng\\nfra\\n"',
           "page": 'cat > /dev/null; printf "level\\tpage_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"'}


def fake_tesseract(folder, **answers):
    """A `tesseract` script answering --version, --list-langs and a page run (`stdin ...`) as told."""
    said = {**ANSWERS, **answers}
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\ncase "$1" in\n  --version) {said["version"]};;\n  --list-langs) {said["langs"]};;\n'
                      f'  *) {said["page"]};;\nesac\n', encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def on_path(tmp_path, monkeypatch, no_expectations):
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    monkeypatch.setattr("pipeline.extract.ocr.cache.OCR_CACHE", tmp_path / "ocr-cache")
    monkeypatch.setattr("pipeline.extract.ocr.tesseract.SECONDS_TO_ANSWER", 1.0)
    monkeypatch.setattr("pipeline.extract.ocr.tesseract.MAX_SECONDS_PER_OCR_PAGE", 1.0)
    return folder


def built(tmp_path, capsys):
    code = cli.main(["build", "--raw", str(SCAN), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err, err
    assert not (tmp_path / "out" / "csv").exists()
    assert not (tmp_path / "ocr-cache").exists() or not any((tmp_path / "ocr-cache").iterdir())
    return err.strip()


@pytest.mark.parametrize("answers, said", [
    ({"version": "echo garbage"}, "tesseract --version gave 'garbage', not the `tesseract 5.3.0` a Tesseract gives"),
    ({"version": "true"}, "tesseract --version gave '', not the `tesseract 5.3.0` a Tesseract gives"),
    ({"version": "exec sleep 30"}, "tesseract --version did not answer within 1 s: it was stopped"),
    ({"version": "echo broken >&2; exit 1"}, "tesseract --version failed (exit 1: broken)"),
    ({"langs": "exec sleep 30"}, "tesseract --list-langs did not answer within 1 s: it was stopped"),
    ({"langs": "exit 3"}, "tesseract --list-langs failed (exit 3)"),
    ({"page": "cat > /dev/null; echo garbage; echo more"},
     "tesseract answered page 1 with 'garbage', not the TSV of words it gives"),
    ({"page": "cat > /dev/null; printf 'level\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n5\\tx\\t1\\t1\\t1\\t9\\tw\\n'"},
     "tesseract answered page 1 with 'level\\tleft\\ttop\\twidth\\theight\\tconf\\ttext', not the TSV of words"),
    ({"page": "cat > /dev/null; printf '\\377\\376level\\n'"}, "tesseract answered page 1 with"),
    ({"page": "cat > /dev/null; exec sleep 30"}, "OCR of page 1 took over MAX_SECONDS_PER_OCR_PAGE=1.0 s"),
    ({"page": "cat > /dev/null; echo oops >&2; exit 1"}, "tesseract failed on page 1: oops"),
])
def test_an_engine_that_misbehaves_is_one_line_and_exit_2(on_path, tmp_path, capsys, answers, said):
    fake_tesseract(on_path, **answers)
    message = built(tmp_path, capsys)
    assert message.startswith(f"{SCAN}: {said}"), message


def test_an_engine_that_cannot_be_run_is_one_line_and_exit_2(on_path, tmp_path, capsys, monkeypatch):
    script = on_path / "tesseract"
    script.write_bytes(b"\x7fELF garbage, not a program")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))  # no other tesseract to fall back on
    assert built(tmp_path, capsys).startswith(f"{SCAN}: tesseract cannot be run (Exec format error): run `sudo ")
