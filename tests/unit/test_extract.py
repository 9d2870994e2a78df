"""Stage 1 dispatcher: a source file outside a manifest is a circular named by the NOR it prints."""
from pathlib import Path

import pytest

from pipeline.core.errors import SourceFormatError
from pipeline.extract.parse import combine, lines_of, ocr_records, parse, source_table
from pipeline.extract.sources import Source, discover
from tests.helpers import CIRCULAR, FACTS, ROOT, mini_circular


def circular_file(tmp_path, text: str) -> Path:
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path) -> str:
    """The one-line error of reading this source."""
    with pytest.raises(SourceFormatError) as info:
        parse(discover(path)[0])
    return str(info.value)


def test_a_file_outside_a_manifest_is_named_by_its_nor(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(mini_circular().encode("cp1252"))
    (source,) = discover(path)
    parsed = parse(source)
    assert (parsed.source.source_id, parsed.source.kind, parsed.source.title, parsed.source.date, parsed.encoding) \
        == ("IMIN0800099C", "circulaire", "Un essai", "2008-01-07", "windows-1252")
    table = source_table([parsed])
    assert table[["source_id", "kind", "nor", "file", "format", "nor_as_printed", "nor_line"]].values.tolist() == [
        ["IMIN0800099C", "circulaire", "IMIN0800099C", "c.txt", "text", "IMI/N/08/00099/C", 1]]


def test_the_real_circular_outside_a_manifest():
    """tests/facts.toml: the circular prints its NOR and date at the lines cited."""
    parsed = parse(discover(CIRCULAR)[0])
    assert (parsed.source.source_id, parsed.source.date) == (FACTS["circular"]["source_id"],
                                                             FACTS["circular"]["date"]["iso"])
    assert parsed.extract.meta["nor_line"] == FACTS["circular"]["nor"]["line"]


def test_a_file_outside_a_manifest_without_a_nor_is_refused(tmp_path):
    path = circular_file(tmp_path, mini_circular().replace("NOR : IMI/N/08/00099/C", ""))
    assert refusal(path) == f"{path}:1: no NOR printed ('NOR : ...'): name this source in a manifest"


def test_a_manifest_source_keeps_its_id_and_rows_are_numbered_per_source(tmp_path):
    path = circular_file(tmp_path, mini_circular())
    sources = [Source(path=path, source_id=s, kind="circulaire", format="text", sha256="0" * 64, title="t",
                      date="2008-01-08") for s in ("A", "B")]
    lists, rows = combine([parse(s) for s in sources])
    assert lists.source_id.tolist() == ["A"] * 3 + ["B"] * 3
    assert rows.groupby("source_id").seq.apply(list).to_dict() == {"A": list(range(7)), "B": list(range(7))}
    table = source_table([parse(s) for s in sources[::-1]])
    assert table[["source_id", "title", "date", "nor"]].values.tolist() == [
        ["A", "t", "2008-01-08", "IMIN0800099C"], ["B", "t", "2008-01-08", "IMIN0800099C"]]


def test_a_pdf_source_is_read_as_pdf(pdf_lines_once):
    parsed = parse(discover(ROOT / "tests" / "fixtures" / "circulaire-ruled.pdf")[0])
    assert (parsed.source.source_id, parsed.encoding) == (FACTS["circular"]["source_id"], "pdf")
    pages = {line.page for line in lines_of(parsed.source)[0]}
    assert None not in pages and min(pages) == 1 and len(pages) > 1


def test_a_source_without_subject_gets_an_empty_title(tmp_path):
    path = circular_file(tmp_path, mini_circular().replace("OBJET : Un essai", ""))
    parsed = parse(discover(path)[0])
    assert (parsed.source.title, parsed.source.date) == ("", "2008-01-07")


def test_a_grammar_error_names_the_file(tmp_path):
    path = circular_file(tmp_path, mini_circular().replace("CODE ROME\t2 métiers", "CODE ROME\tmétiers"))
    assert refusal(path) == f"{path}:17: header 'CODE ROME' of Corse has no count ('N métiers')"


def test_the_sources_table_columns(tmp_path):
    path = circular_file(tmp_path, mini_circular())
    source = Source(path=path, source_id="A", kind="circulaire", format="text", sha256="f" * 64, title="t",
                    date="2008-01-07", provenance="here", licence="free")
    table = source_table([parse(source)])
    assert table.to_dict("records") == [{
        "source_id": "A", "kind": "circulaire", "title": "t", "date": "2008-01-07", "nor": "IMIN0800099C",
        "file": "c.txt", "format": "text", "sha256": "f" * 64, "nor_as_printed": "IMI/N/08/00099/C",
        "printed_date": "2008-01-07", "subject": "Un essai", "encoding": "utf-8", "provenance": "here",
        "licence": "free", "nor_line": 1, "ocr_engine": None, "ocr_engine_version": None, "ocr_language": None,
        "ocr_dpi": None}]


def test_a_manifest_s_encoding_is_the_one_a_text_source_is_read_in(tmp_path):
    # 'é' is byte 0x8E in Mac Roman, and 'Ž' in Windows-1252, which a file of no UTF-8 would be read in.
    path = tmp_path / "c.txt"
    path.write_bytes(mini_circular().encode("mac_roman"))
    source = Source(path, "T", "circulaire", "text", "0" * 64, encoding="mac_roman")
    lines, encoding, reading = lines_of(source)
    assert (encoding, reading) == ("mac-roman", None)
    assert "61222\tGéomètre" in [line.text for line in lines]


def test_a_line_read_by_ocr_gives_its_code_s_confidence_and_box_and_its_label_s_lowest_confidence():
    from pipeline.extract.printed import Line, Word

    row = Line("61222\tGéomètre expert", 4, 2, (Word("61222", 50, 75.5, 120, 130, 91.0),
                                               Word("Géomètre", 120, 160, 120, 130, 42.5),
                                               Word("expert", 165, 195, 120, 130, 88.0)))
    alone = Line("61231", 5, 2, (Word("61231", 50, 75, 140, 150, 97.0),))
    layer = Line("32321\tCadre", 6, 2, (Word("32321", 50, 75, 160, 170), Word("Cadre", 120, 145, 160, 170)))
    assert ocr_records([row, alone, layer, Line("Corse", 7, 2)]) == (
        [2, 4, 91.0, "50,120,75.5,130", 42.5], [2, 5, 97.0, "50,140,75,150", None])


def test_a_circular_outside_a_manifest_without_a_date_read_is_named_so(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(mini_circular().replace("le 7 janvier 2008", "le janvier 2008"), encoding="utf-8")
    assert refusal(path) == (f"{path}:1: read no date ('le 7 janvier 2008') before the annex: name this source in a "
                             "manifest, with its date")


@pytest.mark.parametrize(("printed", "known", "named", "dated"), [
    ("NOR : IMLN/08/00012/C", {"IMIN0800012C": "2008-01-07"}, "IMIN0800012C", "2008-01-07"),  # misread, dated by the curation
    ("NOR : IMI/N/08/00012/C", {"IMIN0800012C": "2008-01-07"}, "IMIN0800012C", "2008-01-07"),
    ("NOR : IMI/N/08/00012/C", {"IMIN0800012C": None}, None, None),  # no date recorded: refused
    ("NOR : IMI/N/08/00077/C", {"IMIN0800012C": "2008-01-07"}, None, None),  # another text: refused
])
def test_a_scan_whose_date_ocr_did_not_read_is_dated_by_the_text_its_nor_names(monkeypatch, tmp_path, printed, known,
                                                                                named, dated):
    from pipeline.extract.grammar import text_lines
    from pipeline.extract.sources import split_lines

    text = mini_circular().replace("le 7 janvier 2008", "le janvier 2008").replace("NOR : IMI/N/08/00099/C", printed)
    monkeypatch.setattr("pipeline.extract.parse.lines_of", lambda source, fresh: (
        text_lines(split_lines(text)), "pdf", object()))
    source = Source(path=tmp_path / "scan.pdf", source_id=None, kind=None, format="pdf", sha256="f" * 64)
    if named is None:
        with pytest.raises(SourceFormatError, match="read no date"):
            parse(source, known)
    else:
        parsed = parse(source, known)
        assert (parsed.source.source_id, parsed.source.date, parsed.extract.meta["printed_date"]) == (named, dated, None)
