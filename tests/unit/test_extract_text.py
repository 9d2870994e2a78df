import unicodedata

import pytest

from pipeline.core.errors import SourceFormatError
from pipeline.extract.grammar import extract_lines, format_error, text_lines
from pipeline.extract.printed import Line, code_core, looks_like_code
from pipeline.extract.sources import split_lines
from tests.helpers import ARRETE, CIRCULAR, CORSE, mini_circular, records, regional


def extract(text, kind="circulaire"):
    return extract_lines(text_lines(split_lines(text)), kind, "x.txt")


def error_of(text, kind="circulaire"):
    with pytest.raises(SourceFormatError) as info:
        extract(text, kind)
    return str(info.value)


def test_mini_circular_rows_exactly():
    got = extract(mini_circular(regional("Corse", CORSE)))
    assert records(got.rows, ["list_scope", "region_name_as_printed", "position", "rome_code_as_printed",
                              "label_as_printed", "source_line"]) == [
        ["national", None, 1, "32112", "Cadre de l'audit", 12],
        ["national", None, 2, "61231", "Chef de chantier du BTP", 13],
        ["regional", "Corse", 1, "14232", "Technicien de la vente à distance", 18],
        ["regional", "Corse", 2, "61222", "Géomètre", 19],
    ]
    assert records(got.lists, ["list_scope", "region_name_as_printed", "stated_count", "stated_line",
                               "source_line"]) == [["national", None, None, None, 9], ["regional", "Corse", 2, 17, 15]]


def test_metadata_before_the_annex():
    meta = extract(mini_circular()).meta
    assert (meta["nor"], meta["nor_as_printed"], meta["nor_line"]) == ("IMIN0800099C", "IMI/N/08/00099/C", 1)
    assert (meta["printed_date"], meta["subject"]) == ("2008-01-07", "Un essai")


def test_spaces_instead_of_tabs_give_the_same_rows():
    text = mini_circular()
    assert extract(text.replace("\t", "    ")).rows.equals(extract(text).rows)
    assert extract(text.replace("\t", "\u00a0")).rows.equals(extract(text).rows)


def test_real_circular_counts():
    text = CIRCULAR.read_text(encoding="utf-8")
    got = extract(text)
    assert len(got.rows) == 433
    assert len(got.lists) == 23
    assert got.rows.rome_code_as_printed[got.rows.source_line == 106].tolist() == ["52213"]
    limousin = got.lists[got.lists.region_name_as_printed == "Limousin"].iloc[0]
    assert (limousin.stated_count, limousin.stated_line) == (20, 463)


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc"])
def test_a_word_processor_s_apostrophes_give_the_same_lists_their_labels_as_printed(apostrophe):
    """'l’ensemble' in the nationwide list's title, as a word processor types it (an outside review made such
    PDFs: the title was not recognised)."""
    text = CIRCULAR.read_text(encoding="utf-8")
    typed = extract(text.replace("'", apostrophe))
    plain = extract(text)
    assert typed.lists.equals(plain.lists.assign(region_name_as_printed=plain.lists.region_name_as_printed.str.replace(
        "'", apostrophe)))
    assert typed.rows.label_as_printed.tolist() == [label.replace("'", apostrophe)
                                                    for label in plain.rows.label_as_printed]


def test_real_arrete_counts():
    got = extract(ARRETE.read_text(encoding="utf-8"), "arrete")
    assert (len(got.lists), len(got.rows)) == (22, 478)
    assert got.rows.rome_code_as_printed.isna().all()
    assert got.rows.label_as_printed.iloc[0] == "Technicien de la vente à distance."


@pytest.mark.parametrize("text, message", [
    ("Bonjour\n", "x.txt:1: no line 'ANNEXE': the annex is missing"),
    ("ANNEXE\n\n", "x.txt:2: the annex has no lists"),
    ("ANNEXE\n32112\tCadre\n", "x.txt:2: row before any list heading"),
    ("ANNEXE\nCorse\nCODE ROME\n", "x.txt:3: header 'CODE ROME' of Corse has no count ('N métiers')"),
    ("ANNEXE\nCorse\nCODE ROME\tdouze métiers\n", "x.txt:3: count 'douze' of Corse is not a number"),
    ("ANNEXE\nCorse\n32112\tCadre\n", "x.txt:3: row before the 'CODE ROME' header of Corse"),
    ("ANNEXE\nCorse\nCODE ROME\t1 métiers\n32112\n", "x.txt:4: row '32112' has a code but no label"),
    ("ANNEXE\nCorse\nCODE ROME\t1 métiers\n32112\tCadre\tx\n", "x.txt:4: row has 3 columns, expected 2 (code, label)"),
    ("ANNEXE\nCorse\nCODE ROME\t1 métiers\n32112\tCadre\nCODE ROME\t1 métiers\n",
     "x.txt:5: header 'CODE ROME' after the rows of its list"),
])
def test_grammar_errors(text, message):
    assert error_of(text) == message


def test_arrete_label_before_region():
    assert error_of("# Article\n\nTITRE\n\nGéomètre.\n", "arrete") == "x.txt:5: label before any list heading"


MINI_ARRETE = ("# Article \n\nLISTE, PAR RÉGION, DES MÉTIERS OUVERTS\n\n"
               "Alsace\n\nGéomètre.\n\nCorse\n\nGéomètre.\n\nMarchandiseur.\n")


def test_mini_arrete_lists_and_rows_exactly():
    got = extract(MINI_ARRETE, "arrete")
    assert got.meta == {"nor": None, "nor_as_printed": None, "nor_line": None, "printed_date": None, "subject": None}
    assert records(got.lists, ["list_index", "list_scope", "region_name_as_printed", "stated_count", "source_line"]) \
        == [[1, "regional", "Alsace", None, 5], [2, "regional", "Corse", None, 9]]
    assert records(got.rows, ["list_index", "position", "rome_code_as_printed", "label_as_printed", "source_line"]) \
        == [[1, 1, None, "Géomètre.", 7], [2, 1, None, "Géomètre.", 11], [2, 2, None, "Marchandiseur.", 13]]


def test_only_the_first_capitalised_line_is_the_title():
    got = extract(MINI_ARRETE.replace("Corse", "CORSE"), "arrete")
    assert got.lists.region_name_as_printed.tolist() == ["Alsace", "CORSE"]


@pytest.mark.parametrize("text, message", [("# Article\n\nLISTE\n\nGéomètre.\n", "5: label before any list heading"),
                                           ("# A\nLISTE\n\n\n", "4: no region heading found")])
def test_an_arrete_without_a_region_heading(text, message):
    assert error_of(text, "arrete") == f"x.txt:{message}"


def test_an_arrete_without_any_line():
    with pytest.raises(SourceFormatError) as info:
        extract_lines([], "arrete", "x.txt")
    assert str(info.value) == "x.txt:1: no region heading found"


def test_a_compact_nor():
    got = extract(mini_circular().replace("NOR : IMI/N/08/00099/C", "NOR : IMIN0800099C"))
    assert (got.meta["nor"], got.meta["nor_as_printed"], got.meta["nor_line"]) == ("IMIN0800099C", "IMIN0800099C", 1)


@pytest.mark.parametrize(("printed", "nor", "read"), [
    ("NOR : IMLN/08/00012/C", "IMLN0800012C", "IMLN/08/00012/C"),  # a slash lost: the NOR's shape, read as it is
    ("NOR; IMI/N/O8/OOO12/C", "IMIN0800012C", "IMI/N/O8/OOO12/C"),  # letters among digits read as the digits
    ("NOR : voir ci-dessous", None, "voir"),  # no NOR's shape: what was read is kept, to be named
])
def test_a_nor_as_ocr_may_read_it(printed, nor, read):
    got = extract(mini_circular().replace("NOR : IMI/N/08/00099/C", printed))
    assert (got.meta["nor"], got.meta["nor_as_printed"]) == (nor, read)


def test_the_circulars_date_and_subject():
    text = mini_circular().replace("le 7 janvier", "le 1er janvier").replace(
        "OBJET : Un essai", "OBJET : Application de la [loi : 2007](#) du 20 novembre")
    meta = extract(text).meta
    assert (meta["printed_date"], meta["subject"]) == ("2008-01-01", "Application de la loi : 2007 du 20 novembre")


@pytest.mark.parametrize("text, message", [
    ("", "x.txt:1: no line 'ANNEXE': the annex is missing"),
    ("Un\nDeux\n", "x.txt:2: no line 'ANNEXE': the annex is missing"),
    ("ANNEXE\n\n\n", "x.txt:3: the annex has no lists"),
    ("ANNEXE\n32112\tCadre\n", "x.txt:2: row before any list heading"),
    ("ANNEXE\nCODE ROME\t2 métiers\n", "x.txt:2: header 'CODE ROME' before any list heading"),
])
def test_annex_grammar_errors(text, message):
    assert error_of(text) == message


def test_a_one_digit_code_is_a_row():
    got = extract(mini_circular(regional("Corse", [("7", "Géomètre")])))
    assert records(got.rows, ["rome_code_as_printed", "label_as_printed", "source_line"])[-1] == ["7", "Géomètre", 18]


def test_a_circular_without_any_line():
    with pytest.raises(SourceFormatError) as info:
        extract_lines([], "circulaire", "x.txt")
    assert str(info.value) == "x.txt:1: no line 'ANNEXE': the annex is missing"


def test_a_grammar_error_names_the_page_of_a_pdf_line_and_the_line_of_a_text():
    assert str(format_error("no list", "a.pdf", Line("x", 7, page=3))) == "a.pdf: page 3: no list"
    assert str(format_error("no list", "a.txt", Line("x", 7))) == "a.txt:7: no list"
    assert str(format_error("empty", "a.txt", None)) == "a.txt:1: empty"


def test_a_count_of_max_stated_count_is_read_and_one_more_is_refused():
    from pipeline.core.paths import MAX_STATED_COUNT

    text = mini_circular(regional("Corse", CORSE, stated=MAX_STATED_COUNT))
    lists = extract(text).lists
    assert lists.stated_count.dtype == "Int64"  # nullable: the nationwide list states no count
    assert lists.stated_count.isna().tolist() == [True, False] and lists.stated_count.iloc[1] == MAX_STATED_COUNT
    over = mini_circular(regional("Corse", CORSE, stated=MAX_STATED_COUNT + 1))
    line = over.splitlines().index(f"CODE ROME\t{MAX_STATED_COUNT + 1} métiers") + 1
    assert error_of(over) == (f"x.txt:{line}: count {MAX_STATED_COUNT + 1} of Corse is over MAX_STATED_COUNT="
                              f"{MAX_STATED_COUNT}: a misprint? correct the source")


@pytest.mark.parametrize(("word", "core"), [
    ("*32321", "32321"), ("**32321", "32321"), ("32321*", "32321"), ("32321**", "32321"), ("‘_32321:", "32321"),
    ("**", ""), ("", ""), ("a", "a"),
])
def test_a_code_s_core_is_the_word_without_the_marks_around_it(word, core):
    assert code_core(word) == core


@pytest.mark.parametrize(("word", "code"), [
    ("32321", True), ("3a", True), ("*32", True), ("S2111", True), ("B2TLI", True),
    ("A2", False), ("S21111", False), ("XAVIE", False), ("Cadre", False),
])
def test_a_word_looks_like_a_code_when_it_starts_with_a_digit_or_has_five_characters_one_a_digit(word, code):
    assert looks_like_code(word) is code


@pytest.mark.parametrize(("printed", "code", "label"), [
    ("32321\u00a0\tOpérateur rayons X", "32321\u00a0", "Opérateur rayons X"),  # a code kept as printed, its label too
    ("32321\u00a0Géomètre", "32321", "Géomètre"),  # no tab: a non-breaking space parts the code from its label
    (" SALL\tTechnicien", "SALL", "Technicien"),  # a word and a tab, after a space: a row whatever the word
])
def test_rows_keep_their_code_and_label_as_printed(printed, code, label):
    rows = extract(mini_circular(regional("Corse", [("14232", "Technicien")]).replace(
        "14232\tTechnicien\n", printed + "\n"))).rows
    assert rows[["rome_code_as_printed", "label_as_printed"]].iloc[-1].tolist() == [code, label]


def test_a_source_written_in_decomposed_letters_gives_composed_text():
    # 'é' as 'e' and a combining accent (NFD), as some PDF producers give it: the same rows as composed text
    text = mini_circular(regional("Corse", CORSE))
    nfd = extract(unicodedata.normalize("NFD", text))
    assert not unicodedata.is_normalized("NFC", unicodedata.normalize("NFD", text))
    assert nfd.lists.equals(extract(text).lists) and nfd.rows.equals(extract(text).rows)


@pytest.mark.parametrize("title", ["Liste des métiers ouverts dans l'ensemble des régions\nfrançaises",
                                   "Liste des métiers ouverts dans\nl’ensemble des régions françaises"])
def test_a_heading_that_wrapped_onto_a_second_line_is_one_heading(title):
    wrapped = mini_circular(regional("Provence-Alpes-Côte\nd'Azur", CORSE)).replace(
        "Liste des métiers ouverts dans l'ensemble des régions françaises", title)
    got = extract(wrapped)
    assert records(got.lists, ["list_scope", "region_name_as_printed", "stated_count"]) == [
        ["national", None, None], ["regional", "Provence-Alpes-Côte d'Azur", 2]]
    assert got.rows.rome_code_as_printed.tolist() == ["32112", "61231", "14232", "61222"]


@pytest.mark.parametrize("split", ["CODE 2 métiers\nROME", "CODE 2 métiers\nCODE ROME", "CODE ROME\t2 métiers\nROME"])
def test_a_header_that_wrapped_states_its_count_once(split):
    """'CODE' over 'ROME' with the count beside 'CODE', the two lines apart (a page break between them)."""
    got = extract(mini_circular(regional("Corse", CORSE)).replace("CODE ROME\t2 métiers", split))
    assert records(got.lists, ["region_name_as_printed", "stated_count"])[1] == ["Corse", 2]
    assert len(got.rows) == 4


def test_two_counts_for_one_list_are_refused():
    text = mini_circular(regional("Corse", CORSE)).replace("CODE ROME\t2 métiers", "CODE ROME\t2 métiers\nCODE 3 métiers")
    line = text.splitlines().index("CODE 3 métiers") + 1
    assert error_of(text) == f"x.txt:{line}: header 'CODE ROME' of Corse states 3 where the one above it states 2"


@pytest.mark.parametrize(("read", "count"), [("29;", 29), ("29 métlers", 29), ("8", 8), ("29 méters.", 29)])
def test_a_count_as_ocr_may_read_it_is_read_from_a_scan_and_refused_from_a_text(read, count):
    from pipeline.extract.printed import Word

    lines = text_lines(split_lines(mini_circular(regional("Corse", CORSE, stated=count))))
    header = next(i for i, line in enumerate(lines) if line.text == f"CODE ROME\t{count} métiers")
    ocr = [Word("CODE", 0, 10, 0, 5, 96.0), Word(read, 20, 30, 0, 5, 70.0)]
    scanned = lines[:header] + [Line(f"CODE ROME\t{read}", header + 1, None, tuple(ocr))] + lines[header + 1:]
    assert extract_lines(scanned, "circulaire", "x.txt").lists.stated_count.iloc[1] == count
    typed = lines[:header] + [Line(f"CODE ROME\t{read}", header + 1)] + lines[header + 1:]
    with pytest.raises(SourceFormatError, match="has no count"):
        extract_lines(typed, "circulaire", "x.txt")


@pytest.mark.parametrize(("read", "national"), [
    ("Liste des metiers ouverts dans fensemble des regions françaises", True),  # development 1019, two off
    ("Liste des métiers ouverts dans l ensembie des régions françaises", True),
    ("Liste des sicnecs ouveris dns Fensembie des regions jreriiquses", False),  # development 1060, too far
])
def test_the_nationwide_title_misread_by_ocr_is_still_its_title_and_misprinted_in_a_text_is_none(read, national):
    from pipeline.extract.printed import Word

    title = "Liste des métiers ouverts dans l'ensemble des régions françaises"
    lines = text_lines(split_lines(mini_circular(regional("Corse", CORSE))))
    at = next(i for i, line in enumerate(lines) if line.text == title)
    scanned = lines[:at] + [Line(read, at + 1, None, (Word(read, 0, 300, 0, 5, 80.0),))] + lines[at + 1:]
    typed = lines[:at] + [Line(read, at + 1)] + lines[at + 1:]
    if national:
        assert records(extract_lines(scanned, "circulaire", "x.pdf").lists, ["list_scope", "stated_count"]) == [
            ["national", None], ["regional", 2]]
    else:
        with pytest.raises(SourceFormatError, match="has no count"):
            extract_lines(scanned, "circulaire", "x.pdf")
    with pytest.raises(SourceFormatError, match="has no count"):
        extract_lines(typed, "circulaire", "x.txt")


def test_a_row_s_code_cell_may_hold_a_code_misread_into_words_and_a_heading_s_trailing_tab_is_no_row():
    got = extract(mini_circular(regional("Corse", [("PE Bu", "Technicien de méthodes"), ("61222", "Géomètre")]))
                  .replace("\nCorse\n", "\nCorse  \t\n"))
    assert records(got.rows, ["region_name_as_printed", "rome_code_as_printed", "label_as_printed"])[-2:] == [
        ["Corse", "PE Bu", "Technicien de méthodes"], ["Corse", "61222", "Géomètre"]]
