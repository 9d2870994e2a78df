"""Rows rebuilt from word boxes (pipeline.extract.geometry), on tiny pages laid out by hand: each test says where
the words are, so each expected line is read off the page as drawn here."""
from bisect import bisect_left, bisect_right
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import LayoutError, SourceFormatError
from pipeline.extract.geometry.header import (
    Header,
    cell_rest,
    code_shaped,
    columns,
    horizontal_rulings,
    same_title,
    vertical_rulings,
)
from pipeline.extract.geometry.lines import (
    Page,
    Visual,
    folded,
    furniture,
    has_role,
    header_word_as_read,
    place,
    visual_lines,
)
from pipeline.extract.geometry import breaks as breaks_module
from pipeline.extract.geometry import rows as geometry_rows
from pipeline.extract.geometry.rows import (
    ALIGNMENTS,
    EARLIER_PAGE,
    MAX_ROW_LINES,
    RULED,
    Parts,
    anchor,
    checked,
    crossings,
    gaps,
    partition,
    spacing,
)
from pipeline.extract.geometry.breaks import (
    BREAK,
    BROKEN,
    LOST,
    TRADES,
    as_read,
    cut,
    glued,
    is_french,
    printed_whole,
    reading,
    unbroken,
)
from pipeline.extract.geometry.table import code_column, page_rows
from pipeline.extract.grammar import parse_circulaire
from pipeline.extract.printed import Word

SIZE = 10  # every word is 10 pt high and 5 pt wide per character


def refusal(pages) -> str:
    """The one-line error the geometry raises on these pages."""
    with pytest.raises(LayoutError) as caught:
        page_rows(pages)
    return str(caught.value.at("circulaire.pdf"))


def word(text: str, x: float, y: float) -> Word:
    return Word(text, x, x + 5 * len(text), y, y + SIZE)


def line(text: str, x: float, y: float) -> list[Word]:
    """A line of words from x, one space (5 pt) apart."""
    out = []
    for part in text.split(" "):
        out.append(word(part, x, y))
        x += 5 * len(part) + 5
    return out


def page(*words, number: int = 1, rulings=(), height: float = 800) -> Page:
    return Page(number, 600, height, tuple(w for group in words for w in group), tuple(rulings))


STACKED_HEADER = [*line("CODE", 50, 100), *line("2 métiers", 120, 106), *line("ROME", 50, 112)]


def texts(pages: list[Page]) -> list[str]:
    return [ln.text for ln in page_rows(pages)]


@pytest.mark.parametrize("code_y", [130, 136, 142], ids=["top", "middle", "bottom"])
def test_a_code_top_middle_or_bottom_of_its_wrapped_label(code_y):
    # Label "Chef de chantier" / "du BTP" on y 130 and 142; the code beside the first line, between the
    # two, or beside the last; the next row, one line, is aligned the same way.
    first = {130: 160, 136: 162, 142: 164}[code_y]
    assert texts([page(STACKED_HEADER, line("61231", 50, code_y), line("Chef de chantier", 120, 130),
                       line("du BTP", 120, 142), line("61222", 50, first), line("Géomètre", 120, first))]) == [
        "CODE ROME\t2 métiers", "61231\tChef de chantier du BTP", "61222\tGéomètre"]


def test_middle_aligned_codes_between_labels_of_two_and_three_lines():
    # 44316's label: y 130, 142, 154 (middle 147, the code's middle at 142 + 5); 45222's: y 172, 184
    # (middle 183, the code at 178 + 5).
    assert texts([page(STACKED_HEADER, line("44316", 50, 142), line("Mécanicien d'engin", 120, 130),
                       line("de chantier, de levage", 120, 142), line("et manutention", 120, 154),
                       line("45222", 50, 178), line("Opérateur de formage", 120, 172), line("du verre", 120, 184))]) \
        == ["CODE ROME\t2 métiers", "44316\tMécanicien d'engin de chantier, de levage et manutention",
            "45222\tOpérateur de formage du verre"]


def test_a_row_split_by_a_page_break_under_a_repeated_header():
    # Page 1 ends inside 46321's label; page 2 repeats the header, then the label's last line, then a row.
    one = page(STACKED_HEADER, line("46321", 50, 700), line("Conducteur de machine", 120, 700))
    two = page(STACKED_HEADER, line("de fabrication", 120, 130), line("61222", 50, 148), line("Géomètre", 120, 148),
               number=2)
    lines = page_rows([one, two])
    assert [(ln.text, ln.page) for ln in lines] == [
        ("CODE ROME\t2 métiers", 1), ("46321\tConducteur de machine de fabrication", 1), ("61222\tGéomètre", 2)]
    assert [w.text for w in lines[1].words] == ["46321", "Conducteur", "de", "machine", "de", "fabrication"]


def test_a_line_keeps_the_words_that_made_it_with_their_ocr_confidence():
    seen = [Word("61222", 50, 75, 120, 130, conf=91.0), Word("Géomètre", 120, 160, 120, 130, conf=42.5)]
    lines = page_rows([page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), seen)])
    assert [(ln.text, ln.words, ln.band) for ln in lines[1:]] == [("61222\tGéomètre", tuple(seen), (120, 130))]
    assert ([w.text for w in lines[0].words], lines[0].band) == (["CODE", "ROME", "2", "métiers"], (100, 110))


def test_a_different_header_at_the_top_of_a_page_is_not_a_repeat():
    # Page 2 opens on "CODE ROME / 3 métiers" under a table headed "2 métiers": a new list with no heading,
    # which the grammar refuses, naming the page.
    one = page(line("ANNEXE", 200, 50), line("Corse", 40, 80), STACKED_HEADER, line("61222", 50, 130),
               line("Géomètre", 120, 130))
    two = page(line("CODE ROME", 50, 100), line("3 métiers", 120, 100), line("61231", 50, 120),
               line("Chef de chantier du BTP", 120, 120), number=2)
    lines = page_rows([one, two])
    assert [ln.text for ln in lines if ln.text.startswith("CODE")] == ["CODE ROME\t2 métiers", "CODE ROME\t3 métiers"]
    with pytest.raises(SourceFormatError) as caught:
        parse_circulaire(lines, "circulaire.pdf")
    assert str(caught.value) == "circulaire.pdf: page 2: header 'CODE ROME' after the rows of its list"


def test_a_header_on_one_line_rows_then_the_next_heading_ends_the_table():
    assert texts([page(line("CODE ROME", 50, 100), line("Domaine professionnel", 120, 100),
                       line("32331", 50, 120), line("Informaticien expert", 120, 120),
                       line("Champagne", 40, 150), line("CODE ROME", 50, 170), line("23 métiers", 120, 170))]) == [
        "CODE ROME\tDomaine professionnel", "32331\tInformaticien expert", "Champagne", "CODE ROME\t23 métiers"]


def test_a_heading_printed_over_the_label_column_ends_the_table_when_a_header_follows():
    # "Champagne" is centred (x 150), right of the code header: it is a heading because "CODE ROME" follows it.
    assert texts([page(line("CODE ROME", 50, 100), line("Domaine professionnel", 120, 100),
                       line("32331", 50, 120), line("Informaticien expert", 120, 120),
                       line("Champagne", 150, 150), line("CODE ROME", 50, 170), line("23 métiers", 120, 170))]) == [
        "CODE ROME\tDomaine professionnel", "32331\tInformaticien expert", "Champagne", "CODE ROME\t23 métiers"]


def test_text_right_of_the_labels_outside_every_row_is_an_error():
    header = [*line("CODE ROME", 50, 100), *line("2 métiers", 120, 100), *line("Observations", 300, 100)]
    pages = [page(header, line("32331", 50, 120), line("Informaticien expert", 120, 120),
                  line("note", 300, 160))]
    assert refusal(pages) == ("circulaire.pdf: page 1: 'note' (y 160–170) right of the labels is in no code's "
                                 "row band")
    speck = [Word("1", 300, 304, 160, 170, 0.0)]  # read with no confidence: a speck, not a cell
    assert texts([page(header, line("32331", 50, 120), line("Informaticien expert", 120, 120), speck)])[1:] == [
        "32331\tInformaticien expert"]


def test_words_in_an_extra_column_make_a_third_cell_and_its_title_is_not_read():
    header = [*line("CODE ROME", 50, 100), *line("2 métiers", 120, 100), *line("Observations", 300, 100)]
    assert texts([page(header, line("32331", 50, 120), line("Informaticien expert", 120, 120),
                       line("61222", 50, 140), line("Géomètre", 120, 140), line("supprimé", 300, 140))]) == [
        "CODE ROME\t2 métiers", "32331\tInformaticien expert", "61222\tGéomètre\tsupprimé"]


def test_an_extra_cell_belongs_to_the_row_whose_band_holds_its_middle_edges_included():
    # 32331's row runs from y 120 to 140 (two label lines): 'supprimé' (y 130-140) beside its second line,
    # 'voir' (115-125) with its middle on the band's top edge; 61222's row 160-170, 'note' (165-175) with
    # its middle on the band's bottom edge.
    header = [*line("CODE ROME", 50, 100), *line("2 métiers", 120, 100), *line("Observations", 300, 100)]
    rows = page_rows([page(header, line("32331", 50, 120), line("Informaticien", 120, 120), line("voir", 300, 115),
                           line("expert", 120, 130), line("supprimé", 300, 130), line("61222", 50, 160),
                           line("Géomètre", 120, 160), line("note", 300, 165))])
    assert [(ln.text, ln.band) for ln in rows[1:]] == [("32331\tInformaticien expert\tvoir supprimé", (120, 140)),
                                                      ("61222\tGéomètre\tnote", (160, 170))]


def test_ligatures_kept_as_printed_non_breaking_spaces_and_a_hyphen_at_a_line_end():
    # The page's ligatures stay in what is printed; pipeline.core.text.plain folds them in canonical labels.
    assert texts([page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("61224", 50, 120),
                       [word("Chargé\u00a0d'études", 120, 120)], line("techniques du sous-", 200, 120),
                       line("sol, ﬁnancier, ﬂeuve", 120, 132))]) == [
        "CODE ROME\t2 métiers", "61224\tChargé d'études techniques du sous-sol, ﬁnancier, ﬂeuve"]


def test_a_paragraph_s_wrapped_lines_are_joined_back():
    # The first line runs to x 200, the page's right edge: "40", 10 pt wide, did not fit after it, so the
    # line below continues it. "ANNEXE" ends at x 130, where "Liste" would have fitted: a line of its own.
    assert texts([page(line("OBJET : Application de l'article", 40, 100), line("40 de la loi", 40, 112),
                       line("Réf.: circulaire", 40, 130), line("ANNEXE", 100, 160),
                       line("Liste des métiers", 40, 172))]) == [
        "OBJET : Application de l'article 40 de la loi", "Réf.: circulaire", "ANNEXE", "Liste des métiers"]
    joined = page_rows([page(line("OBJET : Application de l'article", 40, 100), line("40 de la loi", 40, 112))])[0]
    assert (len(joined.words), joined.band) == (9, (100, 122))


def test_running_headers_and_page_numbers_are_dropped():
    def numbered(n: int) -> Page:
        return page(line("Ministère de l'immigration", 150, 20), line(f"Page {n}", 280, 780),
                    line(f"Paragraphe {n}", 40, 300), number=n)

    assert texts([numbered(1), numbered(2), numbered(3)]) == ["Paragraphe 1", "Paragraphe 2", "Paragraphe 3"]


def test_a_footer_of_two_lines_and_margin_lines_at_the_margin_s_edge_are_dropped():
    # Pages 800 pt high: the margins end at y 96 and 704 (0.12 of the height); a line centred on either edge
    # is in the margin.
    def numbered(n: int) -> Page:
        return page(line("Ministère de l'immigration", 150, 91), line("Direction des étrangers", 150, 760),
                    line(f"Page {n}", 280, 780), line("Paragraphe", 40, 300), line("Fin", 40, 699), number=n)

    assert texts([numbered(1), numbered(2)]) == ["Paragraphe", "Paragraphe"]


def test_rulings_decide_between_two_readings_of_evenly_spaced_lines():
    # Lines at y 120, 132, 144, all 2 pt apart; codes at 120 and 144. Read top-aligned, 32331 would take
    # "Géomètre"; the ruling at y 131 puts it in 61222's row, read bottom-aligned.
    rulings = [(45, y, 400, y) for y in (96, 118, 131, 156)]
    assert texts([page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("32331", 50, 120),
                       line("Informaticien expert", 120, 120), line("Géomètre", 120, 132), line("61222", 50, 144),
                       line("du BTP", 120, 144), rulings=rulings)]) == [
        "CODE ROME\t2 métiers", "32331\tInformaticien expert", "61222\tGéomètre du BTP"]


def test_a_code_with_no_label_in_its_ruled_row_band():
    # Rulings across both columns at y 96, 124, 150 and 170: 61222's band (150-170) holds no label.
    rulings = [(45, y, 400, y) for y in (96, 124, 150, 170)]
    pages = [page(STACKED_HEADER, line("32331", 50, 132), line("Informaticien expert", 120, 132),
                  line("61222", 50, 155), rulings=rulings)]
    assert refusal(pages) == "circulaire.pdf: page 1: code 61222 with no label in its row band (y 150–170)"


def test_a_code_under_a_row_of_two_lines_with_no_label_of_its_own_has_none():
    # Unruled: 61231 is a line below the second line of 61222's label, its own label missing. Giving it that line
    # would cost 1.2 lines out of alignment and a cut at a narrow gap; a code with no line costs 3/4 of a line.
    header = [*line("CODE ROME", 50, 100), *line("2 métiers", 120, 100)]
    rows = [line("61222", 50, 130), line("Géomètre", 120, 130), line("Géomètre expert", 120, 142),
            line("61231", 50, 154)]
    assert refusal([page(header, *rows)]) == \
        "circulaire.pdf: page 1: code 61231 with no label in its row band (y 154–164)"


@pytest.mark.parametrize(("ys", "band"), [((150, 156, 164, 170), "156–164"), ((150, 157, 163, 170), "150–170")])
def test_a_ruling_within_a_point_of_a_code_s_box_is_its_row_band_s_edge(ys, band):
    # 61222's box runs from y 155 to 165: rulings at 156 and 164 touch it, at 157 and 163 they run through it.
    rulings = [(45, y, 400, y) for y in (96, 124, *ys)]
    pages = [page(STACKED_HEADER, line("32331", 50, 132), line("Informaticien expert", 120, 132),
                  line("61222", 50, 155), rulings=rulings)]
    assert refusal(pages) == f"circulaire.pdf: page 1: code 61222 with no label in its row band (y {band})"


def test_a_label_with_no_code_in_its_ruled_row_band():
    # The band 150-170 holds "Géomètre" but no code: it cannot join 32331's row across the ruling at 150.
    rulings = [(45, y, 400, y) for y in (96, 124, 150, 170)]
    pages = [page(STACKED_HEADER, line("32331", 50, 132), line("Informaticien expert", 120, 132),
                  line("Géomètre", 120, 155), rulings=rulings)]
    assert refusal(pages) == ("circulaire.pdf: page 1: the label of code 32331 runs across a ruling "
                                 "(y 132–165): a label with no code in its row band?")


def test_a_table_body_with_labels_and_no_codes():
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("Informaticien expert", 120, 120))]
    assert refusal(pages) == ("circulaire.pdf: page 1: 'Informaticien expert' (y 120–130) in the code column is not "
                                 "a code: a label line under the codes, or a code misread?")


def test_more_label_lines_than_rows_can_hold():
    # One code at y 120 and twelve lines 12 pt apart: a row takes at most 10 (MAX_ROW_LINES).
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("61222", 50, 120),
                  *(line("Géomètre", 120, 120 + 12 * k) for k in range(12)))]
    assert refusal(pages) == ("circulaire.pdf: page 1: 12 label lines beside 1 code(s) (y 120–262): "
                                 "over 10 lines a row")


def test_a_label_far_from_any_code():
    # Rows top-aligned at y 120 and 140; "Géomètre" at y 200 lines up with neither code.
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("32331", 50, 120),
                  line("Informaticien expert", 120, 120), line("61222", 50, 140), line("Dessinateur", 120, 140),
                  line("Géomètre", 120, 200))]
    assert refusal(pages) == ("circulaire.pdf: page 1: 'Géomètre' (y 200–210) is far below the label of code "
                                 "61222: a label with no code in its row band?")


def test_a_code_out_of_line_with_its_label():
    # 61222 at y 120, its label at y 127: 7 pt off (over half a line) at its top, middle and bottom alike.
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("61222", 50, 120),
                  line("Géomètre", 120, 127))]
    assert refusal(pages) == ("circulaire.pdf: page 1: code 61222 does not line up with the label beside it "
                                 "(y 120–137): is a code or a label missing?")


def test_a_code_whose_label_is_two_lines_below_it_has_no_label_in_its_band():
    # 61222 at y 140, "Géomètre" at y 160: that line is read as the end of 32331's top-aligned label.
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), line("32331", 50, 120),
                  line("Informaticien expert", 120, 120), line("61222", 50, 140), line("Géomètre", 120, 160))]
    assert refusal(pages) == "circulaire.pdf: page 1: code 61222 with no label in its row band (y 140–150)"


def test_grammar_errors_on_pdf_lines_name_the_page():
    annex = page(line("ANNEXE", 200, 50), line("Champagne", 40, 80), line("CODE ROME", 50, 100),
                 line("2 métiers", 120, 100), line("Observations", 300, 100), line("61222", 50, 120),
                 line("Géomètre", 120, 120), line("supprimé", 300, 120), number=4)
    with pytest.raises(SourceFormatError) as caught:
        parse_circulaire(page_rows([annex]), "circulaire.pdf")
    assert str(caught.value) == "circulaire.pdf: page 4: row has 3 columns, expected 2 (code, label)"


def test_a_text_source_still_names_its_line():
    from tests.helpers import parsed

    with pytest.raises(SourceFormatError) as caught:
        parsed("ANNEXE\nCorse\n61222\tGéomètre\n")
    assert str(caught.value) == "test.txt:3: row before the 'CODE ROME' header of Corse"


def code(text: str, x: float, y: float) -> Word:
    """A code as OCR boxes it: digits 8 pt high, on the baseline of the 10 pt line at y (2 pt below its top)."""
    return Word(text, x, x + 5 * len(text), y + 2, y + SIZE)


# A borderless table whose wrapped lines and rows share one pitch (12 pt), as the columns layout prints
# it, each code beside the first line of its label. The codes' boxes share their lines' bottoms, not
# their tops: alone, each row lines up a little better read bottom-aligned (each code beside the last
# line of its label, every wrapped line taken by the row below).
SAME_PITCH = [[code("33121", 50, 130)], line("Marchandiseur (conception", 120, 130), line("de rayon)", 120, 142),
              [code("45222", 50, 154)], line("Opérateur de formage", 120, 154), line("du verre", 120, 166),
              [code("61222", 50, 178)], line("Géomètre", 120, 178)]


@pytest.mark.parametrize("wrapped", ["de rayon)", "pH neutre)"])
def test_a_line_in_lower_case_continues_the_row_above(wrapped):
    # A label starts with a capital: "de rayon)" continues 33121, "du verre" 45222; a line whose first letter
    # is lower case, whatever follows it ("pH"), too.
    header = [*line("CODE", 50, 100), *line("3 métiers", 120, 106), *line("ROME", 50, 112)]
    rows = [line(wrapped, 120, 142) if row == line("de rayon)", 120, 142) else row for row in SAME_PITCH]
    assert texts([page(header, *rows)]) == [
        "CODE ROME\t3 métiers", f"33121\tMarchandiseur (conception {wrapped}", "45222\tOpérateur de formage du verre",
        "61222\tGéomètre"]


def test_one_alignment_for_the_whole_document():
    # Table one, its wrapped line capitalised, reads better bottom-aligned alone; table two's last row
    # wraps, which only top explains, by far: the document is top-aligned, table one too.
    header = [*line("CODE", 50, 100), *line("2 métiers", 120, 106), *line("ROME", 50, 112)]
    one = [[code("33121", 50, 130)], line("Marchandiseur (conception", 120, 130), line("DE RAYON)", 120, 142),
           [code("45222", 50, 154)], line("Opérateur de formage", 120, 154)]
    second_header = [*line("CODE", 50, 300), *line("1 métiers", 120, 306), *line("ROME", 50, 312)]
    two = [[code("61231", 50, 330)], line("Chef de chantier", 120, 330), line("Du BTP", 120, 342)]
    assert texts([page(header, *one, line("Corse", 50, 280), second_header, *two)]) == [
        "CODE ROME\t2 métiers", "33121\tMarchandiseur (conception DE RAYON)", "45222\tOpérateur de formage",
        "Corse", "CODE ROME\t1 métiers", "61231\tChef de chantier Du BTP"]


def test_a_code_whose_every_digit_ocr_misread_is_still_a_row():
    # 52111 read 'SALL': a word of the code column's width with the label beside it is a code, kept as read.
    header = [*line("CODE", 50, 100), *line("2 métiers", 120, 106), *line("ROME", 50, 112)]
    assert texts([page(header, line("SALL", 50, 130), line("Technicien de méthodes", 120, 130),
                       line("61222", 50, 142), line("Géomètre", 120, 142))]) == [
        "CODE ROME\t2 métiers", "SALL\tTechnicien de méthodes", "61222\tGéomètre"]
    assert texts([page(header, line("SALL", 50, 130), line("Technicien", 120, 130))])[1] == "SALL\tTechnicien"


def test_a_word_in_the_code_column_that_is_no_code_ends_the_table():
    # 'Corse' (code-shaped, not in capitals, alone) and 'BEI Marne' (its second word not right of the code
    # header, which ends at x 70) are not rows: the table ends and they are printed as lines.
    header = [*line("CODE", 50, 100), *line("1 métiers", 120, 106), *line("ROME", 50, 112)]
    rows = [line("61222", 50, 130), line("Géomètre", 120, 130)]
    assert texts([page(header, *rows, line("Corse", 50, 160), line("Fin de la liste", 50, 190))])[2:] == [
        "Corse", "Fin de la liste"]
    assert texts([page(header, *rows, line("BEI", 50, 160), line("Marne", 70, 160))])[2:] == ["BEI Marne"]


def test_wrapped_lines_leading_and_rows_padding_from_the_gaps_between_lines():
    # Wrapped lines 1-1.5 pt apart, rows 5.5-6 pt (OCR boxes make each vary); a line a speck stretched over
    # the one above (-6) is left out; gaps all alike are all leading.
    assert spacing([1.5, -6.0, 6.0, 1.0, 5.5], 10) == (1.25, 5.5)
    assert spacing([2.0, 2.4, 2.2], 10) == (2.2, float("inf"))


def test_a_header_repeated_at_a_page_top_with_ocr_noise_in_its_count_cell_is_a_repeat():
    one = page(line("ANNEXE", 200, 50), line("Corse", 40, 80), STACKED_HEADER, line("61222", 50, 130),
               line("Géomètre", 120, 130))
    two = page(line("CODE ROME", 50, 100), line("es 2 métiers", 120, 100), line("61231", 50, 120),
               line("Chef de chantier du BTP", 120, 120), number=2)
    assert [ln.text for ln in page_rows([one, two]) if ln.text.startswith("CODE")] == [
        "CODE ROME\t2 métiers"]


def conf(words: list[Word], confidence: float) -> list[Word]:
    return [replace(w, conf=confidence) for w in words]


@pytest.mark.parametrize(("first", "again", "stated"), [
    (46, 97, "20 métiers"),  # the count under the heading OCR could not read: the repeat's is taken
    (97, 46, "2 métiers"),  # the repeat's it could not: the table keeps its own
])
def test_a_header_repeated_at_a_page_top_whose_count_ocr_misread_once_is_a_repeat_and_the_surer_count_is_kept(
        first, again, stated):
    # Bourgogne's header reads '2 métiers' at 46 at the foot of a page, '20 métiers' at 97 where it is printed
    # again at the top of the next (corpus s05, pages 6 and 7).
    one = page(line("ANNEXE", 200, 50), line("Bourgogne", 40, 80), line("CODE ROME", 50, 100),
               conf(line("2 métiers", 120, 100), first), line("61222", 50, 130), line("Géomètre", 120, 130))
    two = page(line("CODE ROME", 50, 100), conf(line("20 métiers", 120, 100), again), line("61231", 50, 120),
               line("Chef de chantier du BTP", 120, 120), number=2)
    lines = page_rows([one, two])
    assert [ln.text for ln in lines if ln.text.startswith("CODE")] == [f"CODE ROME\t{stated}"]
    assert [ln.text for ln in lines][-1] == "61231\tChef de chantier du BTP"


def test_a_line_ocr_read_no_word_of_outside_a_table_is_left_out():
    # A speck under the last heading of a page read 'Eh' at 12: not the heading's second line.
    assert texts([page(STACKED_HEADER, line("61222", 50, 130), line("Géomètre", 120, 130),
                       line("Lorraine", 40, 160), conf(line("Eh", 40, 172), 12), line("Note", 40, 190))]) == [
        "CODE ROME\t2 métiers", "61222\tGéomètre", "Lorraine", "Note"]


def test_a_code_ocr_read_as_capitals_alone_on_its_line_starts_a_row():
    # Middle-aligned: 52231 read 'BEI', alone on its line between its label's two lines.
    assert texts([page(STACKED_HEADER, line("Technicien de production", 120, 120), line("BEI", 50, 126),
                       line("des industries", 120, 132), line("61222", 50, 150), line("Géomètre", 120, 150))]) == [
        "CODE ROME\t2 métiers", "BEI\tTechnicien de production des industries", "61222\tGéomètre"]


def test_a_header_s_rome_alone_is_not_a_code():
    # OCR lost 'CODE' of a header: 'ROME' in capitals alone in the code column ends the table.
    assert texts([page(STACKED_HEADER, line("61222", 50, 130), line("Géomètre", 120, 130), line("ROME", 50, 150))]) \
        == ["CODE ROME\t2 métiers", "61222\tGéomètre", "ROME"]


def test_page_numbers_are_dropped_when_ocr_lost_a_slash():
    one = page(line("ANNEXE", 200, 50), line("Page 1 / 2", 250, 780))
    two = page(line("Fin", 50, 50), line("Page 2 2", 250, 780), number=2)
    assert texts([one, two]) == ["ANNEXE", "Fin"]


@pytest.mark.parametrize(("text", "x", "shaped"), [
    ("SAL", 50, True), ("SALLEB", 50, True), ("SA", 50, False), ("SALLEBE", 50, False),  # three to six characters
    ("S-AL", 50, False), ("SALL", 51, False),  # letters or digits only, within the code header's right edge
    ("Code", 50, False), ("ROME", 50, False),  # a header's word OCR read alone
])
def test_a_word_whose_every_digit_ocr_misread_is_code_shaped(text, x, shaped):
    header = Header(1, line("CODE", 50, 100), [], 300.0, 1)  # its right edge at x 70, a four-letter word's
    assert code_shaped(word(text, x - 5 * len(text) + 20, 130), header) is shaped


@pytest.mark.parametrize(("one", "other", "same"), [
    ("17 métiers", "es 17 métiers", True), ("17 métiers", "18 métiers", False),  # the count decides
    ("17 métiers", "métiers", False), ("métiers", "17 métiers", False),
    ("17 métiers", "# métiers", False), ("# métiers", "17 métiers", False),  # alike once counts are folded
    ("Métiers, libellés", "métiers libellés", True), ("Métiers", "Libellés", False),  # no count: the words
])
def test_two_header_titles_are_alike_by_their_count_or_their_words(one, other, same):
    assert same_title(one, other) is same


def test_lines_are_numbered_within_their_page():
    one = page(line("ANNEXE", 200, 50), line("Corse", 40, 80))
    two = page(line("Fin", 50, 50), line("de la liste", 50, 80), line("Signé", 50, 300), number=2)
    assert [(ln.page, ln.number, ln.text) for ln in page_rows([one, two])] == [
        (1, 1, "ANNEXE"), (1, 2, "Corse"), (2, 1, "Fin"), (2, 2, "de la liste"), (2, 3, "Signé")]


@pytest.mark.parametrize(("text", "more", "joined"), [
    ("techniques du sous-", "sol", "techniques du sous-sol"), ("de main-", "d'œuvre", "de main-d'œuvre"),
    ("Chef d'équipe -", "chantier", "Chef d'équipe - chantier"),  # a dash between words, not a word cut
    ("Niveau pré-", "3", "Niveau pré- 3"), ("", "Géomètre", "Géomètre"),
])
def test_a_line_ending_in_a_hyphen_joins_the_next_without_a_space(text, more, joined):
    assert glue(text, more) == joined


def glue(text: str, more: str, *others: str) -> str:
    """Two lines joined, in a document that prints `others` lines too (its words are the evidence)."""
    from pipeline.extract.printed import Line

    return unbroken([Line(glued(text, more), 1, 1), *(Line(o, n, 1) for n, o in enumerate(others, 2))])[0].text


@pytest.mark.parametrize(("others", "joined"), [
    ((), "Attaché commercial en biens intermédiaires et matières"),  # the document says nothing: a French word
    (("Façonneur bois et matières premières",), "Attaché commercial en biens intermédiaires et matières"),
    (("Façonneur bois et ma-tières",), "Attaché commercial en biens intermédiaires et ma-tières"),  # the document
])
def test_a_hyphen_at_a_line_s_end_is_read_as_the_document_prints_the_word_whole(others, joined):
    assert glue("Attaché commercial en biens intermédiaires et ma-", "tières", *others) == joined


@pytest.mark.parametrize(("text", "more", "joined"), [
    ("Opérateur de formage (transfor-", "mation) du verre", "Opérateur de formage (transformation) du verre"),
    ("Technicien de contrôle-", "essai-qualité", "Technicien de contrôle-essai-qualité"),  # 'contrôleessai': none
    ("Installateur-ascenso-", "riste", "Installateur-ascenso-riste"),  # neither is a word: as printed
    ("Installateur-mainte-", "nicien", "Installateur-maintenicien"),  # a word of the lists' other texts
    ("contrôle comp\u2010", "table", "contrôle comptable"),  # the hyphen a renderer prints at a soft hyphen's break
])
def test_a_hyphen_the_document_does_not_decide_is_read_as_french_words_tell(text, more, joined):
    assert glue(text, more) == joined


def test_a_compound_broken_at_its_hyphen_in_a_document_that_hyphenates_keeps_it_where_its_sides_are_words():
    from pipeline.extract.printed import Line

    hyphenating = [Line("46321\t" + glued("Conducteur (et ma-", "tériaux associés)"), 2, 3),
                   Line("46322\tFaçonneur bois et matériaux associés", 3, 3)]
    row = Line("52221\t" + glued("Technicien de contrôle-", "essai-qualité"), 1, 3)
    assert unbroken([row, *hyphenating])[0].text == "52221\tTechnicien de contrôle-essai-qualité"


@pytest.mark.parametrize(("hyphenates", "read"), [(True, "52212\tTechnicien (équipements mécaniques)"),
                                                  (False, "52212\tTechnicien (équipements méca-niques)")])
def test_a_word_whose_pieces_are_words_too_is_one_word_in_a_document_that_hyphenates(hyphenates, read):
    # 'méca' and 'niques' are in the word list, as 'mécaniques' is: in a document whose typesetter hyphenates
    # ('ma-' 'tériaux', printed whole elsewhere), a word; in one that does not, the hyphen stays as printed.
    from pipeline.extract.printed import Line

    hyphenating = [Line("46321\t" + glued("Conducteur (et ma-", "tériaux associés)"), 2, 3),
                   Line("46322\tFaçonneur bois et matériaux associés", 3, 3)]
    row = Line("52212\t" + glued("Technicien (équipements méca-", "niques)"), 1, 3)
    assert unbroken([row, *hyphenating[:2 if hyphenates else 0]])[0].text == read


@pytest.mark.parametrize(("text", "more", "read"), [
    ("Technicien des méthodes-or-", "donnancement-planification", "Technicien des méthodes-ordonnancement-planification"),
    ("Ouvrier de l'industrie ci-", "mentière", "Ouvrier de l'industrie cimentière"),
    ("Installateur-", "maintenicien en ascenseurs", "Installateur-maintenicien en ascenseurs"),  # two words: a compound
])
def test_the_words_of_the_lists_other_texts_decide_a_break_no_general_word_list_does(text, more, read):
    """The arrêté of 18 January 2008 prints 'ordonnancement' (14 times), 'cimentière' and 'maintenicien', none of them
    in Tesseract's French word list, in a document (typst's) that hyphenates."""
    from pipeline.extract.printed import Line

    lines = [Line("52111\t" + glued(text, more), 1, 3), Line("46321\t" + glued("Conducteur (et ma-", "tériaux)"), 2, 3),
             Line("46322\tFaçonneur bois et matériaux associés", 3, 3)]
    assert unbroken(lines)[0].text == "52111\t" + read


def test_the_words_of_the_lists_other_texts_are_those_raw_holds():
    from tools.lexicon import packed, trades

    assert TRADES.read_bytes() == packed(trades())  # `python -m tools.lexicon --trades` remakes it


@pytest.mark.parametrize(("text", "more", "read"), [
    ("Technicien de contrôle\u00ad", "essai-qualité", "Technicien de contrôle-essai-qualité"),  # a compound's own
    ("Chargé d'études techniques du sous\u00ad", "sol", "Chargé d'études techniques du sous-sol"),
    ("Technicien (équipements méca\u00ad", "niques)", "Technicien (équipements mécaniques)"),  # a typesetter's
    ("contrôle comp\u2010", "table", "contrôle comptable"),  # the hyphen Chromium prints at a soft hyphen's break
])
def test_a_soft_hyphen_at_a_line_s_end_is_weighed_as_a_hyphen_in_a_document_that_hyphenates(text, more, read):
    """Typst writes every hyphen it prints as U+00AD with some fonts (Libertinus Serif), a compound's own too: joined
    without it, 'contrôle-essai-qualité' and 'sous-sol' were published 'contrôle-essaiqualité' and 'soussol' (an
    outside review's typst PDFs). A line's last word that ends in a soft hyphen tells the document hyphenates."""
    from pipeline.extract.printed import Line

    row = Line("52221\t" + glued(text, more), 1, 3, (Word(text.split()[-1], 100, 140, 10, 20),))
    assert unbroken([row])[0].text == "52221\t" + read


def test_the_pieces_at_a_break_run_to_a_hyphen_typst_writes_as_a_soft_hyphen():
    """Typst writes a compound's hyphens as U+00AD with some fonts: 'ordonnance-' 'ment\u00adplani-' 'fication' are
    pieces 'ordonnance' 'ment', 'plani' 'fication' (an outside review's typst PDF was refused on them)."""
    token = f"méthodes-ordonnance-{BREAK}ment\u00adplani-{BREAK}fication"
    assert reading(token, set(), set(), hyphenating=True) == "méthodes-ordonnancement\u00adplanification"
    assert printed_whole([Visual.of(1, line("Technicien des méthodes\u00adordonnancement\u00adplanification de", 120,
                                            100))]) >= {"ordonnancement"}


def test_a_text_layer_s_row_whose_hyphen_at_a_line_s_end_nothing_decides_in_a_document_that_hyphenates_is_refused():
    from pipeline.extract.printed import Line

    printed = (Word("ascensoriste", 100, 120, 10, 20),)  # a text layer's: a compound may break at its hyphen
    lines = [Line("52313\t" + glued("Installateur-", "ascensoriste en ascenseurs"), 1, 3, printed),
             Line("61224\t" + glued("Chargé d'études techniques du sous-", "sol"), 2, 3),
             Line("46321\t" + glued("Conducteur (et ma-", "tériaux associés)"), 3, 3),
             Line("46322\tFaçonneur bois et matériaux associés", 4, 3)]
    with pytest.raises(LayoutError) as caught:
        unbroken(lines)
    assert str(caught.value.at("c.pdf")) == (
        "c.pdf: page 3: 'Installateur-' at a line's end, then 'ascensoriste': a word hyphenated by the typesetter (as "
        "this document does elsewhere) or a compound broken at its hyphen? it prints neither whole elsewhere: name "
        "this source in a manifest with its text, or export the PDF without hyphenation")
    assert [line.text for line in unbroken(lines[2:])] == [
        "46321\tConducteur (et matériaux associés)", "46322\tFaçonneur bois et matériaux associés"]
    assert unbroken(lines[1:2])[0].text == "61224\tChargé d'études techniques du sous-sol"  # no hyphenation seen


def test_a_scanned_row_whose_hyphen_at_a_line_s_end_nothing_decides_is_read_with_the_break_marked():
    """By OCR, 'ascenso' and 'riste' may be a compound's sides misread: the row is not refused, its reading marks the
    break (BROKEN), its words as read, for the review to weigh against its code's other readings
    (transform.readings.misreadings; development 1040: 'automa-' 'tiques}'); a break the words tell is read so."""
    from pipeline.extract.printed import Line

    read = (Word("52313", 50, 75, 10, 20, 96.0), Word("riste", 100, 120, 10, 20, 91.0))
    lines = [Line("52313\t" + glued(glued("Installateur-ascenso-", "riste-ma-"), "tériaux en ascenseurs"), 1, 3,
                  read), Line("46321\t" + glued("Conducteur (et ma-", "tériaux associés)"), 3, 3, read[:1])]
    out = unbroken(lines)
    assert [line.text for line in out] == [f"52313\tInstallateur-ascenso{BROKEN}riste-matériaux en ascenseurs",
                                           "46321\tConducteur (et matériaux associés)"]
    assert [line.words for line in out] == [read, read[:1]]
    paragraph = Line(glued("un installateur-ascenso-", "riste, dès"), 5, 1, read)  # outside the tables: as printed
    first = unbroken([paragraph, *lines[1:]])[0]
    assert (first.text, first.words) == ("un installateur-ascenso-riste, dès", read)


@pytest.mark.parametrize(("text", "more", "read"), [
    ("Installateur-maintenan-", "cier en ascenseurs", "Installateur-maintenancier en ascenseurs"),  # development 1126
    ("Installateur-", "maintenancier en ascenseurs", None),  # a word one side: a compound may break there
])
def test_a_text_layer_s_hyphen_between_pieces_no_word_is_a_typesetter_s_in_a_document_that_hyphenates(
        text, more, read):
    from pipeline.extract.printed import Line

    lines = [Line("52313\t" + glued(text, more), 1, 3, (Word(more.split()[0], 100, 120, 10, 20),)),
             Line("46321\t" + glued("Conducteur (et ma-", "tériaux associés)"), 2, 3),
             Line("46322\tFaçonneur bois et matériaux associés", 3, 3)]
    if read is None:
        with pytest.raises(LayoutError):
            unbroken(lines)
    else:
        assert unbroken(lines)[0].text == "52313\t" + read


def test_a_line_continues_the_paragraph_above_when_close_below_it_and_its_first_word_did_not_fit():
    def ending_at(text: str, right: float, y: float) -> list[Word]:
        return line(text, right - 5 * len(text), y)

    # The page's text ends at x 200; each line is 10 pt high, its first word 5 pt wide plus a 2.5 pt space.
    assert texts([page(ending_at("Vu la loi du 20 novembre 2007", 200, 100), line("relative", 40, 110),  # touching
                       ending_at("Vu le décret du 3 mai", 200, 140), line("suivant", 40, 156),  # 6 pt below: apart
                       ending_at("Vu le code", 193, 190), line("à jour", 40, 202),  # 'à' did not fit at 193
                       ending_at("Vu le code", 192.5, 230), line("à jour", 40, 242))]) == [  # it did, just
        "Vu la loi du 20 novembre 2007 relative", "Vu le décret du 3 mai", "suivant", "Vu le code à jour",
        "Vu le code", "à jour"]


def test_rulings_are_told_apart_by_their_direction_and_where_they_run():
    # Columns from x 50 to 400, a band from y 100 to 120.
    rulings = [(45, 100, 400, 100), (400, 105, 450, 105), (10, 110, 50, 110), (60, 112, 70, 112),  # across
               (200, 150, 200, 151), (210, 150, 210, 151.5),  # ticks 1 and 1.5 pt long, down
               (300, 99, 300, 121), (350, 101, 350, 119), (360, 99, 360, 118.5), (370, 98.5, 371, 125),  # down
               (380, 101.5, 380, 121)]  # spanning the band give or take a point, a rect's 1 pt wide side does not
    assert horizontal_rulings(page(rulings=rulings), 50, 400) == [100, 112]
    assert vertical_rulings(page(rulings=rulings), 100, 120) == [300, 350]


def test_a_code_whose_label_lines_are_all_on_the_next_page_is_refused():
    # 61222, alone at the foot of page 1 under the header; 'Géomètre' tops page 2 above a ruling that 61231
    # cannot take it across: 61222 has only that line.
    one = page(STACKED_HEADER, line("61222", 50, 760))
    two = page(line("Géomètre", 120, 100), line("61231", 50, 130), line("Chef de chantier", 120, 130), number=2,
               rulings=[(45, 120, 400, 120)])
    assert refusal([one, two]) == ("circulaire.pdf: page 1: code 61222 does not line up with the label beside it "
                                   "(on another page): is a code or a label missing?")


@pytest.mark.parametrize("lines", [MAX_ROW_LINES - 1, MAX_ROW_LINES, MAX_ROW_LINES + 5])
def test_a_label_of_as_many_lines_as_a_row_takes_is_refused(lines):
    """Cut off there, the rest of a label would open the next code's row and be published as its label (the
    first lines of 61231's row here); a label one line shorter is read."""
    label = [line("Informaticien", 120, 130 + 10 * k) for k in range(lines)]
    pages = [page(STACKED_HEADER, line("32331", 50, 130), *label, line("61231", 50, 130 + 10 * lines),
                  line("Géomètre", 120, 130 + 10 * lines))]
    if lines < MAX_ROW_LINES:
        assert texts(pages)[1:] == ["32331\t" + " ".join(["Informaticien"] * lines), "61231\tGéomètre"]
    else:
        assert refusal(pages) == ("circulaire.pdf: page 1: code 32331 takes 10 label lines (y 130–230), the most a "
                                  "row is read with: a longer label would run into the next row; a label that long, or "
                                  "lines with no code? print the label column wider")


def test_a_label_of_as_many_lines_as_a_row_takes_on_the_next_page_is_refused():
    # 32331 alone at the foot of page 1; its 10 lines top page 2, above a ruling that 61231 cannot take them across.
    one = page(STACKED_HEADER, line("32331", 50, 760))
    two = page(*(line("Informaticien", 120, 100 + 10 * k) for k in range(10)), line("61231", 50, 210),
               line("Géomètre", 120, 210), number=2, rulings=[(45, 205, 400, 205)])
    assert refusal([one, two]) == ("circulaire.pdf: page 1: code 32331 takes 10 label lines (on other pages), the most "
                                   "a row is read with: a longer label would run into the next row; a label that long, "
                                   "or lines with no code? print the label column wider")


@pytest.mark.parametrize(("offset", "lined_up"), [(5, True), (-5, True), (5.5, False)])
def test_a_code_half_a_line_off_its_label_is_still_in_line(offset, lined_up):
    pages = [page(STACKED_HEADER, line("61222", 50, 130 + offset), line("Géomètre", 120, 130))]
    if lined_up:
        assert texts(pages)[1] == "61222\tGéomètre"
    else:
        assert refusal(pages) == (f"circulaire.pdf: page 1: code 61222 does not line up with the label beside it "
                                  f"(y 130–{140 + offset:.0f}): is a code or a label missing?")


@pytest.mark.parametrize(("last", "far"), [(165, False), (166, True)])
def test_a_label_line_more_than_a_line_and_a_half_below_the_one_above_is_far(last, far):
    # Lines touching (the leading is 0), then 15 or 16 pt below: the limit is the leading + 1.5 lines.
    pages = [page(STACKED_HEADER, line("61222", 50, 130), line("Géomètre", 120, 130), line("expert", 120, 140),
                  line("foncier", 120, last))]
    if far:
        assert refusal(pages) == (f"circulaire.pdf: page 1: 'foncier' (y {last}–{last + 10}) is far below the label "
                                  "of code 61222: a label with no code in its row band?")
    else:
        assert texts(pages)[1] == "61222\tGéomètre expert foncier"


@pytest.mark.parametrize(("ys", "across"), [((131, 139), 0), ((131.5,), 1), ((138.5,), 1)])
def test_a_ruling_within_a_point_of_a_row_s_edge_does_not_run_across_it(ys, across):
    """A row from y 130 to 140: rulings within a point of its edges are its band's; further in, they run across
    it. One that runs through a row of one line is outweighed (the row's code lines up with its one line): read."""
    assert sum(crossings([y], 130, 140) for y in ys) == across
    pages = [page(STACKED_HEADER, line("61222", 50, 130), line("Géomètre", 120, 130),
                  rulings=[(45, y, 400, y) for y in ys])]
    assert texts(pages)[1] == "61222\tGéomètre"


def test_no_gap_is_measured_across_a_page_break():
    lines = [Visual(1, (), 700, 710), Visual(1, (), 712, 722), Visual(2, (), 100, 110)]
    assert gaps(lines, {}) == [2, None, None]


def test_no_gap_is_measured_across_a_column_break():
    # A page set in two columns read as one: the second column begins at y 801 (Page.column_tops).
    lines = [Visual(1, (), 780, 790), Visual(1, (), 792, 800), Visual(1, (), 801, 811)]
    assert gaps(lines, {1: (801.0,)}) == [2, None, None]


def test_a_code_s_distance_from_where_each_alignment_puts_it():
    # Label lines from y 100 to 130 (first 100-110, last 120-130); the code's box 112-122.
    code = Visual(1, (), 112, 122)
    assert [anchor(code, 100, 130, a) for a in ("top", "middle", "bottom")] == [12, 2, 8]


@pytest.mark.parametrize(("gaps_", "leading", "padding"), [
    ([0, 0, 6], 0, 6),  # lines that touch: a gap of 0 is leading
    ([0.5, 0.5, 6], 0.5, 6),
    ([1, 2, 8], 1.5, 8),  # the widest jump between two gaps next to each other in order
    ([2, 3.5], 2.75, float("inf")), ([2, 3.2], 2.6, float("inf")),  # up to 0.15 of a line apart: one group
    ([], 0.0, float("inf")),
])
def test_the_leading_and_the_padding_from_gaps(gaps_, leading, padding):
    assert spacing(gaps_, 10) == (leading, padding)


def test_gaps_a_point_apart_are_two_groups_however_small_the_lines():
    assert spacing([2, 3.5], 4) == (2, 3.5)  # 0.15 of a 4 pt line is 0.6: the least jump is 1 pt


def test_wrapped_lines_set_further_apart_than_rows_are_read_as_the_lines_tell():
    # A renderer whose leading is more than its cells' padding: each label's wrapped line 4 pt under its first,
    # the next row 1 pt under it. The lines that go on in lower case sit under the wide gaps, the labels' first
    # lines under the narrow ones: the rows part at the narrow gaps.
    rows = [("10001", ["Technicien de", "la vente"]), ("10002", ["Attaché", "commercial"]),
            ("10003", ["Cadre", "de l'audit"]), ("10004", ["Géomètre"]), ("10005", ["Chef"]), ("10006", ["Agent"])]
    words, y = [], 130
    for code, label in rows:
        words.append(line(code, 50, y))
        for n, text in enumerate(label):
            words.append(line(text, 120, y + 14 * n))
        y += 14 * (len(label) - 1) + 11
    assert texts([page(STACKED_HEADER, *words)])[1:] == [f"{code}\t{' '.join(label)}" for code, label in rows]


@pytest.mark.parametrize(("rows", "read"), [
    # Wrapped lines 0-4 pt apart, rows 8: the 8 pt gap parts the rows (61220's code on its row's last line,
    # 61221's on its first).
    ([("61220", 154), ("Géomètre", 130), ("expert", 140), ("du verre", 154), ("61221", 172), ("Géomètre", 172),
      ("Géomètre", 184)], ["61220\tGéomètre expert du verre", "61221\tGéomètre Géomètre"]),
    # Codes on the last line of their rows (bottom): the rows part at the one wide gap, 6 pt below 'Chef'.
    ([("61220", 130), ("Chef", 130), ("Cadre", 146), ("61221", 169), ("Géomètre", 158), ("Chef", 169)],
     ["61220\tChef", "61221\tCadre Géomètre Chef"]),
    # Wrapped lines 1 pt apart, rows 4: 'expert' is 61221's first line, not 61220's last.
    ([("61220", 130), ("Technicien", 130), ("expert", 144), ("61221", 155), ("Chef", 155)],
     ["61220\tTechnicien", "61221\texpert Chef"]),
    # Two paddings (6 pt) for one cut: the row that spans one of them (61221, bottom-aligned) rather than two.
    ([("61220", 130), ("Chef", 130), ("expert", 146), ("Technicien", 162), ("61221", 174), ("Technicien", 174)],
     ["61220\tChef", "61221\texpert Technicien Technicien"]),
    # The alignment outweighs the gaps: read bottom-aligned, 61220's row is its one line, and 61221's spans
    # the 10 pt gap; read top-aligned, 61221 would be 10 pt off its row's first line.
    ([("61220", 130), ("Géomètre", 130), ("Chef", 142), ("61221", 172), ("Géomètre", 162), ("expert", 172)],
     ["61220\tGéomètre", "61221\tChef Géomètre expert"]),
    # A 10 pt padding under 'Technicien', 1 pt of leading under 'Chef': 61221's row is 'Chef Technicien'.
    ([("61220", 130), ("Technicien", 130), ("61221", 161), ("Chef", 150), ("Technicien", 161)],
     ["61220\tTechnicien", "61221\tChef Technicien"]),
])
def test_rows_are_cut_where_the_gaps_and_the_document_s_alignment_say(rows, read):
    words = [line(text, 50 if text[0].isdigit() else 120, y) for text, y in rows]
    assert texts([page(STACKED_HEADER, *words)])[1:] == read


def test_header_words_a_word_s_height_apart_are_one_cell():
    # Words 10 pt high: a gap of 10 pt keeps them in one cell, 10.5 parts them.
    cells = columns([word("Liste", 120, 100), word("des", 155, 100), word("métiers", 180.5, 100)])
    assert [[w.text for w in cell] for cell in cells] == [["Liste", "des"], ["métiers"]]


def test_a_line_in_the_code_column_below_a_row_is_quoted_whole():
    # OCR boxed 61222 from x 50 to 100, past the code header's right edge (95): a line starting at 98 is in
    # the code column.
    pages = [page(line("CODE ROME", 50, 100), line("2 métiers", 120, 100), [Word("61222", 50, 100, 120, 130)],
                  line("Géomètre", 120, 120), line("Informaticien expert", 98, 140))]
    assert refusal(pages) == ("circulaire.pdf: page 1: 'Informaticien expert' (y 140–150) in the code column is not "
                              "a code: a label line under the codes, or a code misread?")


def test_a_word_s_spaces_folded_keep_its_box_and_confidence():
    assert folded([Word("ﬁche\u00a0 technique", 1, 2, 3, 4, 88.0), Word("\u00a0", 5, 6, 7, 8, 10.0)]) == [
        Word("ﬁche technique", 1, 2, 3, 4, 88.0)]


def test_words_join_a_line_whose_first_word_holds_their_middle_edges_included():
    # 'Code' 100-110; 'ROME' 105-115 (its middle on Code's bottom) joins it; 'Paris' 106-116 does not.
    lines = visual_lines(1, [word("Code", 50, 100), word("ROME", 80, 105), Word("Paris", 120, 145, 106, 116)])
    assert [ln.text for ln in lines] == ["Code ROME", "Paris"]


def test_a_header_in_one_word_and_a_paragraph_that_starts_with_code():
    # A text layer may give 'CODE ROME' as one word (a non-breaking space); 'Code de Rome' is no header.
    header = [Word("CODE\u00a0ROME", 50, 95, 100, 110), *line("1 métiers", 120, 100)]
    assert texts([page(header, line("61222", 50, 120), line("Géomètre", 120, 120))]) == [
        "CODE ROME\t1 métiers", "61222\tGéomètre"]
    assert texts([page(line("Code de Rome", 50, 100), line("61222", 50, 120))]) == ["Code de Rome", "61222"]


@pytest.mark.parametrize(("x0", "under"), [(30, False), (30.1, True), (69.9, True), (70, False)])
def test_rome_is_under_code_when_their_extents_overlap(x0, under):
    # 'CODE' from x 50 to 70; 'ROME' (20 pt wide) from x0, 12 pt lower; a title that is no count (a count
    # makes a header of the lines by their role: test_a_header_read_in_part_is_found_by_its_role).
    header = [*line("CODE", 50, 100), *line("Domaine", 120, 106), Word("ROME", x0, x0 + 20, 112, 122)]
    read = texts([page(header, line("61222", 50, 130), line("Géomètre", 120, 130))])
    assert (read[0] == "CODE ROME\tDomaine") is under


@pytest.mark.parametrize(("x0", "right"), [(75, 100), (75.5, 100.5), (76, 75)])
def test_the_code_column_runs_to_the_first_gap_wider_than_half_a_point(x0, right):
    words = [(1, Word("61222", 50, 75, 120, 130)), (1, Word("Géomètre", x0, x0 + 25, 140, 150))]
    assert code_column(words) == right
    wider = [(1, Word("61222", 50, 75, 120, 130)), (1, Word("61231", 51, 80, 140, 150)),
             (1, Word("Géomètre", 80.4, 120, 160, 170))]
    assert code_column(wider) == 120  # the second code's box reaches the third word


def test_rome_is_looked_for_in_the_three_lines_under_code():
    # Three lines of small type (2.5 pt) right of 'CODE', then 'ROME': the fourth line under it is not read.
    small = [Word(t, 300, 305, y, y + 2.5) for t, y in (("a", 111), ("b", 114), ("c", 117))]
    rows = [line("61222", 50, 140), line("Géomètre", 120, 140)]
    assert texts([page(line("CODE", 50, 100), small, line("ROME", 50, 120), *rows)])[0] == "CODE"
    assert texts([page(line("CODE", 50, 100), small[:2], line("ROME", 50, 120), *rows)])[0].startswith("CODE ROME\t")


@pytest.mark.parametrize(("under", "header"), [
    ([("ROME", 129.9)], True), ([("ROME", 130)], False),  # ROME starts within two lines under CODE's bottom (110)
    ([("de", 112), ("ROME", 124)], False),  # the first word under CODE is ROME or there is no header
])
def test_rome_is_the_first_word_under_code_within_two_lines(under, header):
    words = [*line("CODE", 50, 100), *line("Domaine", 120, 100), *(w for t, y in under for w in line(t, 50, y))]
    read = texts([page(words, line("61222", 50, 150), line("Géomètre", 120, 150))])
    assert read[0].startswith("CODE ROME\t") is header


@pytest.mark.parametrize(("y", "read"), [(118, ["CODE ROME\t2 métiers", "61222\tGéomètre"]),
                                         (118.5, ["CODE ROME\t", "61222\t2 métiers Géomètre"])])
def test_a_header_cell_is_the_header_s_when_its_middle_is_within_a_point_of_the_code_header(y, read):
    # 'CODE' over 'ROME' from y 100 to 122; '2 métiers' from y: its middle at 123 is within a point of the
    # header; at 123.5, it is the first line of the label column.
    header = [*line("CODE", 50, 100), *line("ROME", 50, 112), *line("2 métiers", 120, y)]
    assert texts([page(header, line("61222", 50, 150), line("Géomètre", 120, 150))]) == read


def test_a_header_with_no_title_and_a_blank_page_between_tables():
    rows = [line("61222", 50, 120), line("Géomètre", 120, 120)]
    assert texts([page(line("CODE ROME", 50, 100), *rows), page(number=2),
                   page(line("Fin", 50, 100), number=3)]) == ["CODE ROME\t", "61222\tGéomètre", "Fin"]


def test_words_at_or_right_of_the_code_header_s_edge_are_the_table_s():
    # 'CODE ROME' ends at x 95: a title and a label line starting there are the table's. A vertical ruling
    # at the title's right end (x 140) ends the label column: 'note', beyond it, is an extra cell.
    header = [*line("CODE ROME", 50, 100), *line("2 métiers", 95, 100)]
    rows = [line("61222", 50, 130), line("Géomètre", 95, 130), line("expert", 95, 140), line("note", 150, 130)]
    assert texts([page(header, *rows, rulings=[(140, 95, 140, 200)])]) == [
        "CODE ROME\t2 métiers", "61222\tGéomètre expert\tnote"]


def test_a_header_repeated_below_rows_of_its_page_starts_a_new_table():
    # Page 2 holds rows of the page 1 table, then the same header: a new list, not a repeat at a page's top.
    one = page(STACKED_HEADER, line("61222", 50, 130), line("Géomètre", 120, 130))
    header = [*line("CODE", 50, 150), *line("2 métiers", 120, 156), *line("ROME", 50, 162)]
    two = page(line("61231", 50, 100), line("Chef", 120, 100), line("Corse", 50, 130), header,
               line("61222", 50, 190), line("Géomètre", 120, 190), number=2)
    assert texts([one, two]) == ["CODE ROME\t2 métiers", "61222\tGéomètre", "61231\tChef", "Corse",
                                 "CODE ROME\t2 métiers", "61222\tGéomètre"]


def test_a_word_under_the_code_header_is_neither_a_title_nor_a_row():
    # '(v2)' printed under CODE over ROME (which end at x 70), within the header's band: dropped.
    header = [*line("CODE", 50, 100), *line("ROME", 50, 112), *line("(v2)", 50, 118), *line("2 métiers", 120, 106)]
    assert texts([page(header, line("61222", 50, 140), line("Géomètre", 120, 140))]) == [
        "CODE ROME\t2 métiers", "61222\tGéomètre"]


def partition_reference(parts: Parts, align: str) -> tuple[float, list[list[Visual]]]:
    """pipeline.extract.geometry.rows.partition as a plain loop (its form before numpy), its documented reference:
    for each code, each kept partial grouping, cheapest first (ties in the order they were first offered),
    offers its code with no line, then each group by size; an end keeps its first cheapest offer. The
    specification the numpy form must meet to the last tie."""
    labels, line_count, third = parts.labels, len(parts.labels), parts.height / 3
    kept, came_from = {0: 0.0}, []  # partial groupings: cost by the first line not yet given to a code
    for index, code in enumerate(parts.codes):
        after, costs, back = len(parts.codes) - 1 - index, {}, {}  # `after`: the codes after this one

        def offer(end, cost, start):
            if line_count - end <= geometry_rows.MAX_ROW_LINES * after and cost < costs.get(end, float("inf")):
                costs[end], back[end] = cost, start

        ys = parts.rulings[code.page]
        for start, base in sorted(kept.items(), key=lambda item: item[1])[:geometry_rows.BEAM]:
            offer(start, base + 0.75 * parts.height, start)
            same, earlier, inside = [], 0, 0
            continued = start < line_count and labels[start].text[:1].islower()
            for end in range(start + 1, min(line_count, start + geometry_rows.MAX_ROW_LINES) + 1):
                line_ = labels[end - 1]
                inside += end - 1 > start and parts.wide[end - 2]
                same += [line_] if parts.part(line_) == parts.part(code) else []
                earlier += parts.part(line_) < parts.part(code)
                step = RULED
                if same:
                    top, bottom = same[0].top, same[-1].bottom
                    near = {"top": abs(top - code.top), "bottom": abs(bottom - code.bottom),
                            "middle": abs((top + bottom) / 2 - code.middle)}[align]
                    ruled = max(0, bisect_left(ys, max(code.bottom, bottom) - 1)
                                - bisect_right(ys, min(code.top, top) + 1))
                    step = max(0.0, near - geometry_rows.BOX_SLACK * parts.height) + RULED * ruled
                narrow_break = end < line_count and not parts.wide[end - 1]
                offer(end, base + step + EARLIER_PAGE * earlier + third * (inside + narrow_break + continued), start)
        kept = costs
        came_from.append(back)
    if line_count not in kept:
        return float("inf"), []
    groups, end = [], line_count
    for back in reversed(came_from):
        groups.append(labels[back[end]:end])
        end = back[end]
    return kept[line_count], groups[::-1]


def visual(page_: int, top: float, height: float, text: str = "Agent") -> Visual:
    return Visual(page_, (Word(text, 10, 50, top, top + height),), top, top + height)


@st.composite
def table_parts(draw) -> Parts:
    """A table body's code and label lines over one to three pages, gaps narrow or wide, rulings anywhere:
    coordinates in whole points, so that many groupings cost the same and ties decide."""
    height = draw(st.sampled_from([8.0, 10.0]))
    codes, labels, rulings = [], [], {}
    for number in range(1, draw(st.integers(1, 3)) + 1):
        y = draw(st.integers(20, 40))
        for _ in range(draw(st.integers(0, 7))):
            labels.append(visual(number, y, height, draw(st.sampled_from(["Agent", "de", "Cadre"]))))
            y += height + draw(st.sampled_from([1, 2, 6, 12]))
        y = draw(st.integers(20, 40))
        for _ in range(draw(st.integers(0, 4))):
            codes.append(visual(number, y, height, "12345"))
            y += draw(st.sampled_from([height + 1, 2 * height + 3, 3 * height + 2]))
        rulings[number] = sorted(draw(st.lists(st.integers(0, 200).map(float), max_size=8)))
    wide = draw(st.lists(st.booleans(), min_size=len(labels), max_size=len(labels)))
    return Parts(codes, labels, [], rulings, height, 1.0, wide)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(table_parts(), st.sampled_from(ALIGNMENTS))
def test_the_grouping_is_the_reference_s_to_the_last_tie(parts, align):
    assert partition(parts, align) == partition_reference(parts, align)


def test_a_partial_grouping_the_codes_after_it_cannot_finish_takes_no_place_in_the_beam(monkeypatch):
    """Rows of at most two lines, one partial grouping kept after each code: code A (y 20, middle-aligned) is
    cheapest with its first line alone, which leaves three lines to B; kept, it would leave no grouping at all
    (a bottom-aligned table of long labels on development document 1004 was refused so)."""
    monkeypatch.setattr(geometry_rows, "BEAM", 1)
    monkeypatch.setattr(geometry_rows, "MAX_ROW_LINES", 2)
    codes = [visual(1, 20, 10, "12345"), visual(1, 50, 10, "12345")]
    labels = [visual(1, top, 10) for top in (20, 32, 44, 56)]
    parts = Parts(codes, labels, [], {1: []}, 10.0, 2.0, [False, True, False, True])
    cost, groups = partition(parts, "middle")
    assert [len(group) for group in groups] == [2, 2]
    assert (cost, groups) == partition_reference(parts, "middle")


def test_codes_that_line_up_within_their_boxes_noise_leave_the_alignment_to_the_wrapped_rows():
    """OCR boxes a code's digits, without the descenders and ascenders its label's line reaches: 30 rows of one line
    whose codes sit 0.4 pt below their label's top and at its middle, then, at the top of page 2, a row whose code
    is printed beside its label's first line. Summed, the rows of one line chose the middle: the wrapped row's lines
    were given to the last row of page 1 and its code none ('code 46321 with no label in its row band': development
    1044). A code within BOX_SLACK of a line's place lines up as well as at none: the wrapped row chooses the top."""
    code = lambda text, y: [Word(text, 50, 75, y + 0.4, y + 9.6)]
    first = [code(f"{10001 + k}", 130 + 21 * k) + line("Agent", 120, 130 + 21 * k) for k in range(30)]
    second = [code("20001", 130), line("Conducteur de machine", 120, 130), line("associés)", 120, 142),
              code("20002", 163), line("Agent", 120, 163), code("20003", 184), line("Agent", 120, 184)]
    read = texts([page(STACKED_HEADER, *first), page(*second, number=2)])
    assert read[-3:] == ["20001\tConducteur de machine associés)", "20002\tAgent", "20003\tAgent"]
    assert read[30] == "10030\tAgent"


def test_of_two_groupings_that_cost_the_same_the_first_offered_is_kept(monkeypatch):
    """Found among random tables: groups of [5, 0, 0, 2] and of [6, 0, 0, 1] lines both cost 40.0 under the bottom
    alignment, where a code lines up at no distance only (BOX_SLACK 0); the loop keeps the first offered, which numpy
    keeps only with a stable sort of the kept groupings (its default sort, vectorized, reorders even eight equal
    costs)."""
    monkeypatch.setattr(geometry_rows, "BOX_SLACK", 0.0)
    codes = [visual(1, 23, 10, "12345"), *(visual(2, top, 10, "12345") for top in (32, 54, 76))]
    labels = [visual(1, 23, 10, "abc"), visual(1, 35, 10), *(visual(2, top, 10, "abc") for top in (34, 46, 57)),
              visual(2, 68, 10), visual(2, 79, 10)]
    parts = Parts(codes, labels, [], {1: [70.0, 290.0, 340.0], 2: [440.0, 590.0]}, 10.0, 1.0,
                  [True, False, False, False, False, False, True])
    cost, groups = partition(parts, "bottom")
    assert (cost, [len(group) for group in groups]) == (40.0, [5, 0, 0, 2])
    assert (cost, groups) == partition_reference(parts, "bottom")


@pytest.mark.parametrize("read", [
    [line("29 métiers", 122, 228), line("CODE", 56, 234)],  # 'ROME' lost under 'CODE' (a grey scan)
    [line("29 métlers", 122, 232)],  # the header's words lost, its count misread
    [line("CODE", 56, 226), line("29 métiers", 122, 232)],
    [line("29 métiers", 122, 228), [Word("CO", 56, 66, 234, 242, 25.0)]],  # 'CODE' on a shaded cell, misread
    [[Word("29", 122, 132, 226, 234, 67.6), Word("métiers", 137, 172, 226, 234, 96.3)],
     [Word("ROME", 56, 80, 234, 242, 67.6)]],  # a shaded header read with less confidence, 'CODE' lost
    [line("CODEROME", 56, 232), line("29;", 122, 232)],  # one word, and the count's 'métiers' lost
])
def test_a_header_read_in_part_is_found_by_its_role(read):
    """The lines right above a table's first code, with its code header's words alone or a count: its header."""
    rows = [line("14232", 57, 250), line("Technicien de la vente", 122, 250), line("14312", 57, 266),
            line("Attaché commercial", 122, 266)]
    got = texts([page(line("Île-de-France", 51, 204), *read, *rows)])
    assert got[0] == "Île-de-France" and got[1].startswith("CODE ROME\t29") and got[2:] == [
        "14232\tTechnicien de la vente", "14312\tAttaché commercial"]


@pytest.mark.parametrize("lines", [
    [line("Domaine professionnel", 122, 232)],  # no count, no code header word
    [line("Île-de-France", 51, 232)],  # a region's heading right above rows is no header
    [line("29 métiers", 122, 200)],  # a count far above the first code
    [[Word("CO", 56, 66, 234, 242, 25.0)]],  # noise alone
    [line("des métaux", 122, 232)],  # a label's last line, shaped like a count but without its number
    [line("29", 122, 232)],  # a number alone (a page's number), no code header's word beside it
])
def test_lines_without_a_header_s_role_are_no_header(lines):
    rows = [line("14232", 57, 250), line("Technicien de la vente", 122, 250)]
    assert not any(text.startswith("CODE ROME") for text in texts([page(*lines, *rows)]))


def test_a_soft_hyphen_at_a_line_s_end_is_the_typesetter_s_break_of_one_word():
    assert (glue("Attaché commercial en biens intermédiaires et ma\u00ad", "tières premières"),
            glue("du sous-", "sol")) == ("Attaché commercial en biens intermédiaires et matières premières",
                                         "du sous-sol")


def test_a_line_at_the_top_of_half_the_pages_only_is_no_running_header():
    """A row broken at the same place in two lists: its label's first line tops two pages of four (a running
    header tops most of them)."""
    def body(number, first):
        return page(line(first, 120, 20), line("52243", 50, 34), line("bois", 120, 34),
                    line("52313", 50, 300), line("Installateur", 120, 300), number=number, height=400)
    pages = [body(1, "Technicien des industries"), body(2, "Technicien des industries"), body(3, "Géomètre"),
             body(4, "Topographe")]
    lines = [visual_lines(p.number, list(p.words)) for p in pages]
    assert furniture(pages, lines) == set()
    assert furniture(pages[:3], lines[:3]) == {"technicien des industries"}  # two of three: most


def test_a_code_ocr_misread_into_pieces_or_could_not_read_starts_a_row():
    """Its words left of the label column: a code once joined ('D2I5 1'), or all read with no confidence ('PE Bu'
    where 52111 is printed), beside a label's line read with confidence. The code is kept as read, for the checks
    to weigh (review.review_ocr)."""
    def ocr(text, x0, x1, y, conf):
        return Word(text, x0, x1, y, y + SIZE, conf)

    label = [ocr("Technicien", 120, 170, 130, 96.0), ocr("de", 175, 185, 130, 93.2)]
    rows = [line("61222", 50, 150), line("Géomètre", 120, 150)]
    assert texts([page(STACKED_HEADER, [ocr("D2I5", 50, 62, 130, 91.0), ocr("1", 64, 68, 130, 90.0)], label,
                       *rows)])[1:] == ["D2I5 1\tTechnicien de", "61222\tGéomètre"]
    assert texts([page(STACKED_HEADER, [ocr("PE", 50, 58, 130, 15.8), ocr("Bu", 60, 68, 130, 9.3)], label,
                       *rows)])[1:] == ["PE Bu\tTechnicien de", "61222\tGéomètre"]
    # Development 1049: 33221 read 'O22' at 0 and '1' at 94, a 3 lost and read as the letter O.
    assert texts([page(STACKED_HEADER, [ocr("O22", 50, 62, 130, 0.0), ocr("1", 64, 68, 130, 94.0)], label,
                       *rows)])[1:] == ["O22 1\tTechnicien de", "61222\tGéomètre"]
    for pieces in (["A", "3"], ["O", "IS"]):  # one digit as read, or none: no code
        assert texts([page(STACKED_HEADER, [ocr(pieces[0], 50, 58, 130, 0.0), ocr(pieces[1], 62, 68, 130, 94.0)],
                           label, *rows)])[1] == f"{' '.join(pieces)} Technicien de"
    bottom = [line("Cadre de", 120, 130), [ocr("cr'Aey.", 50, 68, 142, 0.0), ocr("financier", 120, 160, 142, 96.6)],
              line("61222", 50, 160), line("Géomètre", 120, 160)]  # the code at the bottom of its row
    assert texts([page(STACKED_HEADER, *bottom)])[1:] == ["cr'Aey.\tCadre de financier", "61222\tGéomètre"]
    unread = [ocr("PE", 50, 58, 150, 0.0), ocr("Bu", 60, 68, 150, 0.0), ocr("Lhendechantendu", 120, 200, 150, 0.0)]
    assert texts([page(STACKED_HEADER, line("61223", 50, 130), line("Chargé", 120, 130), unread,
                       line("61222", 50, 170), line("Géomètre", 120, 170))])[2:] == [
        "PE Bu Lhendechantendu", "61222 Géomètre"]  # a label read with no confidence either: no row


def test_a_code_ocr_could_not_read_alone_between_its_label_s_lines_starts_a_row_a_heading_it_could_not_does_not():
    # Middle-aligned: 14232 read 'D' at 0, its line rising into its label's first line; 'Centre' read at 51,
    # set apart below a row, is no code.
    def ocr(text, x, y, conf):
        return [replace(w, conf=conf) for w in line(text, x, y)]

    rows = [*line("61222", 50, 150), *line("Géomètre", 120, 150)]
    code = Word("D", 50, 55, 131.5, 137.5, 0.0)  # smaller than a line: alone on its own
    middle = page(STACKED_HEADER, line("Technicien de", 120, 124), [code], line("distance", 120, 136), rows)
    assert texts([middle])[1:] == ["D\tTechnicien de distance", "61222\tGéomètre"]
    assert texts([page(STACKED_HEADER, rows, ocr("Centre", 40, 180, 51.0))])[1:] == ["61222\tGéomètre", "Centre"]
    # 52313 read 'Dai' at 24 and '3' at 97 (development 1057): a digit read with confidence is a piece of the code.
    pieces = [Word("Dai", 50, 58, 131.5, 137.5, 24.0), Word("3", 60, 64, 131.5, 137.5, 97.0)]
    split = page(STACKED_HEADER, line("Technicien de", 120, 124), pieces, line("distance", 120, 136), rows)
    assert texts([split])[1:] == ["Dai 3\tTechnicien de distance", "61222\tGéomètre"]


def test_a_speck_read_over_a_header_is_not_taken_into_it():
    # 'RS' at 18 half a line above 'CODE ROME 2 métiers': the header's cells are its words', the label column runs
    # to the page's edge, not to where 'ROME' ends.
    speck = [replace(w, conf=18.0) for w in line("RS", 180, 96)]
    assert texts([page(line("Corse", 40, 80), speck, line("CODE ROME", 50, 102), line("2 métiers", 140, 102),
                       line("61222", 50, 120), line("Géomètre expert du cadastre", 140, 120))]) == [
        "Corse", "CODE ROME\t2 métiers", "61222\tGéomètre expert du cadastre"]


def test_a_header_s_title_wrapped_under_the_code_header_is_the_title_s():
    # A narrow column: 'Domaine' / 'professionnel' in the title cell, 'Code Rome' beside the first; the next line
    # starts a label with a capital.
    assert texts([page(line("Code Rome", 50, 100), line("Domaine", 120, 100), line("professionnel", 120, 112),
                       line("32112", 50, 130), line("Cadre de l'audit", 120, 130))]) == [
        "CODE ROME\tDomaine professionnel", "32112\tCadre de l'audit"]


@pytest.mark.parametrize(("count", "title"), [
    ([("2", 120, 95.0), ("9", 125, 96.0), ("À", 140, 35.0), ("métiers", 133, 97.0)], "29 métiers"),  # development 1030
    ([("2", 120, 95.0), ("9", 130, 96.0), ("métiers", 140, 97.0)], "2 9 métiers"),  # a space apart: two words
    ([("29", 120, 95.0), ("métiers", 133, 35.0)], "29"),  # 'métiers' read with no confidence: the count stands
])
def test_a_count_as_ocr_read_it_is_made_whole_in_its_header_s_title(count, title):
    # OCR read a header's '29' as '2' and '9', side by side, and the accent of 'é' as a word of its own.
    read = lambda text, x, y=100, conf=95.0: [replace(w, conf=conf) for w in line(text, x, y)]
    header = [*read("CODE ROME", 50), *[replace(word(text, x, 100), conf=conf) for text, x, conf in count]]
    got = texts([page(line("Corse", 40, 80), header, read("61222", 50, 120), read("Géomètre", 120, 120))])
    assert got == ["Corse", f"CODE ROME\t{title}", "61222\tGéomètre"]


def test_a_header_word_wrapped_inside_a_narrow_cell_is_the_header_s():
    # 'CODE' / 'ROM' / 'E' in a code column narrower than 'ROME' (LibreOffice, development 1107, refused "row before
    # the 'CODE ROME' header of ROM E"); 'R' over 'OME' alike.
    for pieces in (["ROM", "E"], ["R", "OME"]):
        stacked = [line(piece, 50, 112 + 12 * k) for k, piece in enumerate(pieces)]
        assert texts([page(line("CODE", 50, 100), line("2 métiers", 120, 100), *stacked,
                           line("61222", 50, 150), line("Géomètre", 120, 150))]) == [
            "CODE ROME\t2 métiers", "61222\tGéomètre"], pieces


def test_a_heading_ocr_could_not_read_apart_above_a_header_is_no_line_of_that_header():
    # 'Haute-Normandie' at 0, a line's height above a speck ('2' at 59) beside 'CODE ROME 21 métiers', under the
    # last row of a list set in the middle of its two label lines: the row keeps its last line, the heading stays.
    def unread(words, conf=0.0):
        return [replace(w, conf=conf) for w in words]

    assert texts([page(STACKED_HEADER, line("Chargé d'études", 120, 130), line("61223", 50, 137),
                       line("techniques du BTP", 120, 144), unread(line("Haute-Normandie", 40, 168)),
                       unread([Word("2", 130, 135, 186, 189)], 59.0), line("CODE ROME", 50, 188),
                       line("21 métiers", 120, 188), line("61222", 50, 206), line("Géomètre", 120, 206))])[1:] == [
        "61223\tChargé d'études techniques du BTP", "Haute-Normandie", "CODE ROME\t21 métiers", "61222\tGéomètre"]


def test_a_header_found_by_its_role_above_a_code_set_below_its_label_s_first_line():
    """A header read in part ('29 métiers', then 'el' where 'CODE ROME' is printed on a shaded cell) above a row
    whose code is set in the middle of its label's two lines."""
    noise = [Word("el", 50, 58, 107, 107 + SIZE, 41.5)]
    got = texts([page(line("Corse", 40, 80), line("29 métiers", 120, 100), noise,
                      line("Conducteur de machine", 120, 124), line("46321", 50, 130), line("matériaux associés", 120, 136),
                      line("46322", 50, 156), line("Façonneur bois", 120, 156))])
    assert got == ["Corse", "CODE ROME\t29 métiers", "46321\tConducteur de machine matériaux associés",
                   "46322\tFaçonneur bois"]


def header_read_in_part(count_y: float, noise_y: float, noise: str = "SOME") -> list[list[Word]]:
    """'13 métiers' read with confidence; left of it, where 'CODE' / 'ROME' are printed, `noise` read at 0."""
    return [line("13 métiers", 120, count_y), [Word(noise, 50, 50 + 5 * len(noise), noise_y, noise_y + SIZE, 0.0)]]


def test_a_header_read_in_both_cells_by_its_role_may_stand_far_above_its_first_row():
    # 'ROME' read 'SOME' at 0, 'CODE' lost; the first row 34 pt under the header (a padded header cell): both
    # cells were read, the header is the list's. With the count alone, so far above, it is none.
    rows = [line("52133", 50, 150), line("Dessinateur", 120, 150), line("52211", 50, 170), line("Technicien", 120, 170)]
    assert texts([page(line("Corse", 40, 80), *header_read_in_part(100, 106), *rows)]) == [
        "Corse", "CODE ROME\t13 métiers", "52133\tDessinateur", "52211\tTechnicien"]
    assert texts([page(line("Corse", 40, 80), line("13 métiers", 120, 100), *rows)])[1] == "13 métiers"


def test_a_header_printed_again_at_a_page_s_top_over_no_row_is_the_list_s_header():
    # The list ended at the foot of page 1; page 2 opens on its header printed again ('DRE' at 0 for 'ROME'), then
    # the next list's heading: the list keeps its rows, the header is no row ('DRE' is no code).
    first = page(line("Corse", 40, 80), line("CODE ROME", 50, 100), line("13 métiers", 120, 100),
                 line("61222", 50, 120), line("Géomètre", 120, 120))
    second = page(*header_read_in_part(60, 66, "DRE"), line("Alsace", 40, 113), line("CODE ROME", 50, 130),
                  line("2 métiers", 120, 130), line("61231", 50, 150), line("Chef de chantier", 120, 150), number=2)
    assert texts([first, second]) == ["Corse", "CODE ROME\t13 métiers", "61222\tGéomètre", "Alsace",
                                      "CODE ROME\t2 métiers", "61231\tChef de chantier"]


@pytest.mark.parametrize(("word", "read"), [("ROM:", True), ("COD).", True), ("Rone", True), ("SOME", True),
                                             ("des", False), ("dont", False), ("RO", False)])
def test_the_code_header_s_words_as_ocr_may_read_them(word, read):
    assert header_word_as_read(Word(word, 50, 70, 100, 110, 85.0)) is read


def test_the_code_header_misread_is_a_header_line_beside_a_count_or_alone():
    assert has_role(Visual.of(1, [Word("ROM:", 50, 70, 100, 110, 85.0), *line("11 métiers", 120, 100)]))
    assert has_role(Visual.of(1, [Word("RCME", 50, 70, 100, 110, 91.0)]))  # 'ROME' under 'CCDE 23 métiers'
    assert has_role(Visual.of(1, [Word("COD", 50, 65, 100, 110, 86.0), Word(":", 70, 72, 100, 110, 85.0),
                                  *line("11 métiers", 120, 100)]))  # a speck read as a mark: development 1121
    pieces = [Word("C''", 50, 58, 100, 110, 37.0), Word("DE", 60, 70, 100, 110, 94.0)]  # 'CODE' read in two
    assert has_role(Visual.of(1, [*pieces, *line("20 métiers", 120, 100)]))
    assert not has_role(Visual.of(1, [Word("X''", 50, 58, 100, 110, 37.0), Word("YZ", 60, 70, 100, 110, 94.0),
                                      *line("20 métiers", 120, 100)]))
    assert not has_role(Visual.of(1, [Word("Liste", 50, 58, 100, 110, 96.0), Word("des", 60, 70, 100, 110, 96.0),
                                      *line("20 métiers", 120, 100)]))
    assert not has_role(Visual.of(1, [Word("RCME", 50, 70, 100, 110, 91.0), Word("des", 80, 95, 100, 110, 91.0)]))


def test_a_place_on_a_page_set_in_columns_and_read_as_one_is_said_where_it_is_printed():
    columns = Page(1, 600, 1400, (), column_tops=(701.0,), column_shift=600.0)
    assert place(columns, 120, 131) == "y 120–131"  # the left column, where it is printed
    assert place(columns, 1003, 1014) == "y 403–414, right column"  # not 'y 1003–1014', off the page
    assert place(columns, 1350, 1361) == "y 750–761"  # below both columns
    assert place(Page(1, 600, 800, ()), 1003, 1014) == "y 1003–1014"
    codes = [visual(1, 120, 10, "12345"), visual(1, 1003, 10, "14232")]  # the second code's label lost
    parts = Parts(codes, [visual(1, 120, 10, "Géomètre")], [], {1: []}, 10.0, 2.0, [False], {1: columns})
    with pytest.raises(LayoutError) as caught:
        checked(parts, [[parts.labels[0]], []])
    assert str(caught.value) == "code 14232 with no label in its row band (y 403–413, right column)"


def test_a_header_a_page_break_cuts_inside_its_code_word_goes_on_at_the_next_page_s_top():
    # Development 1107 and 1111 (LibreOffice): 'CODE' / 'ROM' at a page's foot, under 'Centre'; 'E' tops the next.
    first = page(line("Centre", 40, 700), line("CODE", 50, 720), line("25 métiers", 120, 720), line("ROM", 50, 732))
    second = page(line("E", 50, 60), line("14232", 50, 80), line("Technicien de la vente", 120, 80),
                  line("14312", 50, 100), line("Attaché commercial", 120, 100), number=2)
    assert texts([first, second]) == ["Centre", "CODE ROME\t25 métiers", "14232\tTechnicien de la vente",
                                      "14312\tAttaché commercial"]


def test_a_header_whose_code_word_a_page_break_cuts_whole_goes_on_over_a_page_of_its_rest():
    # Development 1107 (LibreOffice): 'CODE 23 métiers' ends a page, 'ROM' / 'E' alone on the next, rows on the third.
    first = page(line("Champagne", 40, 737), line("CODE", 41, 754), line("23 métiers", 75, 754))
    second = page(line("ROM", 41, 80), line("E", 41, 92), number=2)
    third = page(line("14232", 41, 80), line("Technicien de la vente", 75, 80), number=3)
    assert texts([first, second, third]) == ["Champagne", "CODE ROME\t23 métiers", "14232\tTechnicien de la vente"]
    paragraph = page(line("Code du travail", 40, 754))  # a line that starts with 'Code' and holds no count
    assert texts([paragraph, second, third])[:1] == ["Code du travail"]


def test_a_word_that_does_not_finish_the_header_s_code_word_is_not_taken_for_its_rest():
    first = page(line("Centre", 40, 700), line("CODE", 50, 720), line("25 métiers", 120, 720), line("ROM", 50, 732))
    second = page(line("A", 50, 60), line("14232", 50, 80), line("Technicien de la vente", 120, 80), number=2)
    assert "A" in texts([first, second])


def test_a_header_wrapped_in_its_cell_and_misread_is_found_by_its_role():
    # Development 1121 (fpdf2, shaded header, 235 dpi): 'CODE' / 'ROME' read 'CCDE' and 'RCME' at 90, beside the
    # count; the first row's code read '1432' at 46.
    header = [Word("CCDE", 50, 70, 100, 100 + SIZE, 90.0), *line("23 métiers", 120, 100),
              Word("RCME", 50, 70, 112, 112 + SIZE, 91.0)]
    rows = [Word("1432", 50, 70, 130, 130 + SIZE, 46.0), *line("Technicien de la vente", 120, 130),
            *line("14312", 50, 150), *line("Attaché commercial", 120, 150)]
    assert texts([page(line("Alsace", 40, 80), header, rows)]) == [
        "Alsace", "CODE ROME\t23 métiers", "1432\tTechnicien de la vente", "14312\tAttaché commercial"]


def test_a_header_found_by_its_role_above_a_first_row_whose_code_ocr_could_not_read():
    # 'CODE' / 'ROME' read 'COD).' at 48 and 'ROM:' at 85 beside '11 métiers'; the first row's code '€1223' at 0.
    header = [[Word("COD).", 50, 75, 100, 100 + SIZE, 48.0)], [Word("ROM:", 50, 70, 112, 112 + SIZE, 85.0)],
              line("11 métiers", 120, 112)]
    rows = [[Word("€1223", 50, 75, 130, 130 + SIZE, 0.0)], line("Chargé d'études", 120, 130),
            line("61231", 50, 150), line("Chef de chantier", 120, 150)]
    assert texts([page(line("Corse", 40, 80), *header, *rows)]) == [
        "Corse", "CODE ROME\t11 métiers", "€1223\tChargé d'études", "61231\tChef de chantier"]


def test_a_header_found_by_its_role_above_a_first_row_whose_code_ocr_misread():
    # Development 1121: 'CODE' / 'ROME' read 'COD' ':' beside '20 métiers' and 'ROME'; 14232 read '1423?' at 92.
    header = [[Word("COD", 50, 65, 100, 100 + SIZE, 92.0), Word(":", 70, 72, 100, 100 + SIZE, 92.0)],
              line("20 métiers", 120, 100), line("ROME", 50, 112)]
    rows = [[Word("1423?", 50, 75, 130, 130 + SIZE, 92.0)], line("Technicien de la vente", 120, 130),
            line("61231", 50, 150), line("Chef de chantier", 120, 150)]
    assert texts([page(line("Corse", 40, 80), *header, *rows)]) == [
        "Corse", "CODE ROME\t20 métiers", "1423?\tTechnicien de la vente", "61231\tChef de chantier"]
    assert texts([page(line("Corse", 40, 80), *header, *rows[:2])]) == [  # the page's last row: a column's foot
        "Corse", "CODE ROME\t20 métiers", "1423?\tTechnicien de la vente"]


def test_the_code_column_is_found_by_the_words_read_with_confidence():
    """A code OCR could not read ('cr'Aey.' at 0) may have a box reaching the labels: the column ends with the
    codes read with confidence."""
    codes = [Word("32321", 75, 100, 130, 140, 96.0), Word("cr'Aey.", 75, 170, 150, 160, 0.0)]
    labels = [Word("Cadre", 168, 200, 150, 160, 95.0), Word("Informaticien", 168, 230, 130, 140, 95.0)]
    assert code_column([(1, w) for w in codes + labels]) == 100


def test_a_row_above_a_header_printed_again_is_a_row_not_a_heading():
    """A list that goes on in the next column or page under its header printed again: the row above that header
    starts with a code, so it is no heading."""
    got = texts([page(line("Lorraine", 40, 80), line("CODE ROME", 50, 100), line("3 métiers", 120, 100),
                      line("14232", 50, 120), line("Technicien", 120, 120), line("14312", 50, 140),
                      line("Attaché", 120, 140), line("CODE ROME", 50, 160), line("3 métiers", 120, 160),
                      line("32331", 50, 180), line("Informaticien expert", 120, 180))])
    assert got == ["Lorraine", "CODE ROME\t3 métiers", "14232\tTechnicien", "14312\tAttaché",
                   "32331\tInformaticien expert"]


def test_a_ruling_through_a_label_is_outweighed_where_the_spacing_tells_the_rows_apart():
    """A ruling at y 165 through 'Géomètre' (a zebra band's edge, a speck read as a ruling), which every grouping
    crosses: the gaps fall in two sizes (2 pt inside a label, 8-10 between rows), every row breaks at a wide one:
    read without the rulings."""
    body = [line("32331", 50, 130), line("Informaticien", 120, 130), line("expert", 120, 142), line("61222", 50, 160),
            line("Géomètre", 120, 160), line("61223", 50, 180), line("Chargé", 120, 180)]
    header = [*line("CODE ROME", 50, 100), *line("3 métiers", 120, 100)]
    assert texts([page(header, *body, rulings=[(45, 165, 400, 165)])])[1:] == [
        "32331\tInformaticien expert", "61222\tGéomètre", "61223\tChargé"]


def test_a_label_with_no_code_is_still_refused_where_only_the_rulings_showed_it():
    """A row whose code OCR lost between two ruled rows: without the rulings, its label would join a row across
    a wide gap, which the spacing forbids."""
    body = [line("32331", 50, 130), line("Informaticien", 120, 130), line("expert", 120, 142),
            line("Géomètre", 120, 160), line("61223", 50, 180), line("Chargé", 120, 180)]
    header = [*line("CODE ROME", 50, 100), *line("3 métiers", 120, 100)]
    assert refusal([page(header, *body, rulings=[(45, y, 400, y) for y in (125, 156, 176, 194)])]).startswith(
        "circulaire.pdf: page 1: the label of code 32331 runs across a ruling")


def uniform_table(continued: str):
    """Rows at one pitch (15 pt), 46321's label wrapped onto a second line, ruled above and below every row but
    where the ruling between 45231 and 46321 was lost (a scan)."""
    from pipeline.extract.geometry.table import Table

    body = [line("45222", 50, 120), line("Opérateur", 120, 120), line("45231", 50, 135), line("Pilote", 120, 135),
            line("46321", 50, 150), line("Conducteur de machine", 120, 150), line(continued, 120, 165),
            line("52111", 50, 180), line("Technicien", 120, 180)]
    ruled = page(*body, rulings=[(45, y, 400, y) for y in (117, 132, 177, 192)])
    table = Table(Header(1, line("CODE", 50, 100), line("4 métiers", 120, 100), float("inf"), 1))
    for visual_line in visual_lines(1, list(ruled.words)):
        table.add(ruled, visual_line)
    return table


def test_a_lost_ruling_outweighed_under_another_alignment_where_continued_lines_bear_it_out():
    """Under the document's alignment (middle, chosen with misleading rulings elsewhere) 45231 has no label in its
    band; without the rulings, under the top alignment, every row's code lines up with its first line, and the only
    line after a row's first goes on from it ('associés)': no capital)."""
    rows = uniform_table("associés)").rows("middle")
    assert [" ".join(line.text for line in group) for group in rows] == [
        "Opérateur", "Pilote", "Conducteur de machine associés)", "Technicien"]
    with pytest.raises(LayoutError, match="code 45231 with no label in its row band"):
        uniform_table("Associés").rows("middle")  # a capital: a label's first line, whose code may have been lost


def narrow_table(first: str, second: str) -> list[Page]:
    """A label column 100 pt wide (20 characters of 5 pt, a line 10 pt high), three lines reaching its right edge,
    and a row whose label runs from `first` (a full line) onto `second`."""
    rows = [("10001", ["Dessinateur en élect", "ronique et en bois"]), ("10002", ["Technicien qualité x"]),
            ("10003", ["Inspecteur de mise y"]), ("10004", [first, second])]
    words, y = [], 130
    for code, label in rows:
        words.append(line(code, 50, y))
        for text in label:
            words.append(line(text, 120, y))
            y += 12
        y += 6
    return [page(STACKED_HEADER, *words)]


def test_a_word_broken_without_a_hyphen_at_a_full_line_s_end_is_refused_where_nothing_tells_it_from_two():
    """'ordonnan' ends a full line and 'ceur-planification' starts the next: together wider than the column, so
    no line could hold them as one word; neither is a word the document prints inside a line, and neither they nor
    'ordonnanceur' are in the word lists: refused."""
    assert refusal(narrow_table("Technicien ordonnan", "ceur-planification")) == (
        "circulaire.pdf: page 1: 'ordonnan' ends a full line, then 'ceur-planification': one word the renderer broke "
        "without a hyphen, or two words? the document prints neither inside a line: print the label column wider, or "
        "name this source in a manifest with its text")


def test_a_scanned_row_whose_word_broken_at_a_full_line_s_end_nothing_tells_is_read_with_the_break_marked():
    """By OCR, the row is not refused: its reading marks the break (BROKEN), for the review to weigh (development
    1004: 'Dessinateur-projeteu' ends a full line, 'r en' read 'ren' on the next)."""
    pages = [replace(p, words=tuple(replace(w, conf=96.0) for w in p.words))
             for p in narrow_table("Technicien ordonnan", "ceur-planification")]
    row = page_rows(pages)[-1]
    assert row.text == f"10004\tTechnicien ordonnan{BROKEN}ceur-planification"
    assert {w.conf for w in row.words} == {96.0}
    # a break the words tell is read so beside one they do not ('ordonnan' 'cement': one word of the lists')
    assert cut(["ordonnan", "ceur-plani", "fication"], set(), BROKEN) == f"ordonnan{BROKEN}ceur-planification"
    # a token whose whole readings the document prints two ways: the break they read alike is read so
    token = f"sous-{BREAK}sol-{BREAK}ascenso-{BREAK}riste"
    printed = {"sous-sol-ascenso-riste", "sous-solascenso-riste"}
    assert (reading(token, printed, set(), True), reading(token, printed, set(), True, unsure=BROKEN)) == (
        None, f"sous-sol{BROKEN}ascenso-riste")


def test_a_line_a_renderer_broke_inside_a_word_may_stop_short_of_the_column_s_edge_by_a_letter():
    """'ordonna' ends its line 10 pt (a line's height, two letters of 5 pt) short of the column's edge: a renderer
    that breaks inside a word stops where the next letter would not fit (development 1177: 'Installateur-
    maintenanci' 5.51 pt short at 11 pt, then 'er en ascenseurs', was published 'maintenanci er')."""
    assert refusal(narrow_table("Technicien ordonna", "nceur-planification")).startswith(
        "circulaire.pdf: page 1: 'ordonna' ends a full line, then 'nceur-planification': one word the renderer broke "
        "without a hyphen, or two words?")


def test_a_label_column_six_line_heights_wide_is_a_column_and_a_page_of_few_full_lines_takes_another_s():
    """A label column 60 pt wide, lines 10 pt high (2.3 cm at 10 pt: an outside review's Chromium PDF, whose words
    broken without a hyphen were published joined by a space), three lines reaching its edge on page 1; page 2
    prints one: the column is page 1's, where page 2's lines start."""
    lines = [Visual.of(1, line(t, 120, 100 + 12 * k)) for k, t in enumerate(["Attaché comme", "Technicien de",
                                                                             "Inspecteur de", "conformité"])]
    lines += [Visual.of(2, line(t, 120, 100 + 12 * k)) for k, t in enumerate(["Marchandiseu", "r (conception"])]
    assert breaks_module.label_columns(lines, 10.0) == {1: [(120, 185)], 2: [(120, 185)]}


def test_a_full_line_that_ends_in_the_hyphen_a_renderer_prints_at_a_soft_hyphen_is_no_word_cut_without_one():
    """Chromium prints U+2010 where a soft hyphen broke a word: the line's end is a hyphen's, not a cut (an outside
    review's PDF was refused: "'méthodes-ordonnance‐' ends a full line … broke without a hyphen")."""
    assert texts(narrow_table("Technicien ascensor\u2010", "iste-frigoriste"))[-1] == \
        "10004\tTechnicien ascensoriste-frigoriste"


def test_two_words_at_a_full_line_s_end_where_the_document_prints_one_inside_a_line():
    """'en' is printed inside a line ('Dessinateur en élect'): two words."""
    assert texts(narrow_table("Installateur-mainten", "en ascenseurs"))[-1] == "10004\tInstallateur-mainten en ascenseurs"


@pytest.mark.parametrize(("parts", "read"), [
    (["caractéris", "tiques"], "caractéristiques"),  # one French word, of no two
    (["l’ameublement", "industriel"], "l’ameublement industriel"),  # two, of no one (an elided article aside)
    (["ordonnan", "ceur-planification"], None),  # neither: nothing tells
    (["ordonnan", "cement-planification"], "ordonnancement-planification"),  # a word of the lists' other texts
    (["méthod", "es-ordonnancement"], "méthodes-ordonnancement"),  # the pieces either side of the break, to a hyphen
    # 'trans', 'formation' and 'transformation' are words of French; only the third is a word of the lists' labels
    (["(trans", "formation)"], "(transformation)"),
    (["de", "la"], "de la"),  # words of the labels, their join none (a word of French, "dela"): two
])
def test_a_break_at_a_full_line_s_end_the_document_does_not_decide_is_read_as_french_words_tell(parts, read):
    assert cut(parts, set()) == read


@pytest.mark.parametrize(("word", "french"), [("d’études", True), ("l'ameublement", True), ("qu'elle", True),
                                               ("maind'œuvre", False), ("études", True), ("étudestechniques", False),
                                               ("de", True), ("à", True), ("er", False), ("ER", False), ("d", False)])
def test_an_elided_article_is_set_aside_only_where_french_elides_one(word, french):
    assert is_french(word) is french


def test_a_word_the_document_prints_whole_inside_a_compound_reads_a_break_french_words_do_not():
    """'ordonnanceur' is in no word list; between two hyphens ('méthodes-ordonnanceur-planification' printed on one
    line), it is a word the document prints whole."""
    known = printed_whole([Visual.of(1, line("Technicien des méthodes-ordonnanceur-planification de", 120, 100))])
    assert cut(["méthodes-ordonnan", "ceur-planification"], known) == "méthodes-ordonnanceur-planification"
    assert reading(f"méthodes-or-{BREAK}donnanceur-planification", set(), known) == \
        "méthodes-ordonnanceur-planification"
    assert reading(f"méthodes-or-{BREAK}donnanceur-planification", set(), set()) is None


@pytest.mark.parametrize(("text", "whole"), [
    ("Technicien des méthodes-ordonnancement-planification de",
     {"des", "méthodes", "ordonnancement", "planification", "méthodes-ordonnancement-planification"}),
    ("Technicien des méthodes-or-", {"des", "méthodes"}),  # 'or' is a piece of the word hyphenated at the line's end
    ("donnancement-planification de l'industrie", {"planification", "de"}),  # 'donnancement' may be a piece
    (("52111", "donnancement-planification de"), {"planification"}),  # a code and its label's line: two cells
])
def test_the_words_a_document_prints_whole_are_those_a_space_or_a_hyphen_bounds_inside_a_line(text, whole):
    cells = [text] if isinstance(text, str) else text  # cells 70 pt apart (a code's, its label's)
    assert printed_whole([Visual.of(1, [w for n, cell in enumerate(cells) for w in line(cell, 50 + 70 * n, 100)])]) \
        == whole


def test_a_line_that_starts_with_a_hyphen_goes_on_from_the_word_above():
    assert glue("Technicien de méthodes", "-ordonnancement") == "Technicien de méthodes-ordonnancement"


def test_a_column_whose_edge_fewer_than_three_lines_reach_is_not_measured():
    """Only the broken row reaches the right edge: the widest line tells nothing of the column, no join is weighed
    (the label is read as printed, its lines joined by a space)."""
    pages = narrow_table("Technicien de méthod", "es-ordonnancement")
    shortened = [w for w in pages[0].words if w.text not in ("x", "y", "élect")]
    assert texts([replace(pages[0], words=tuple(shortened))])[-1] == "10004\tTechnicien de méthod es-ordonnancement"


@pytest.mark.parametrize(("gap", "space", "text"), [
    (5.0, 5.0, "Inspecteur de en conformité"),  # a space: half a line's height
    (11.9, 3.0, "Inspecteur de en conformité"),
    (12.0, 3.0, f"Inspecteur de {LOST} en conformité"),  # 1.2 line heights: a word stood there, unread (1080)
    (12.0, 4.1, "Inspecteur de en conformité"),  # under 3 times the line's other spaces: a line justified
])
def test_a_word_s_width_ocr_read_nothing_of_inside_a_line_is_marked(gap, space, text):
    read, x = [], 120.0
    for word, before in (("Inspecteur", 0.0), ("de", space), ("en", gap), ("conformité", space)):
        x += before
        read.append(Word(word, x, x + 5 * len(word), 100, 100 + SIZE, 95.0))
        x += 5 * len(word)
    assert as_read(Visual.of(1, read)) == text
    assert as_read(Visual.of(1, [replace(w, conf=None) for w in read])) == "Inspecteur de en conformité"  # text
    assert as_read(Visual.of(1, read[1:3])) == "de en"  # one space: nothing to weigh it against


def test_a_row_s_label_marks_where_ocr_read_no_word_of_a_word_s_width():
    read = lambda text, x, y, conf=95.0: [replace(w, conf=conf) for w in line(text, x, y)]
    label = [*read("Inspecteur de", 120, 120), *read("en conformité", 215, 120)]  # 'mise' unread: 30 pt apart
    assert texts([page(line("Corse", 40, 80), read("CODE ROME", 50, 100), read("1 métiers", 120, 100),
                       read("52314", 50, 120), label)])[-1] == f"52314\tInspecteur de {LOST} en conformité"


def test_a_code_alone_on_its_line_is_no_page_number_whatever_the_footer():
    # An outside review's reportlab tables, codes in the middle of their rows, page numbers '– 2 –' at the foot:
    # both fold to '#', and every code set alone between its label's lines was dropped as furniture.
    def body(number):
        return page(line("Corse", 40, 80), line("CODE ROME", 50, 100), line("2 métiers", 120, 100),
                    line("32112", 50, 120), line("Cadre de l'audit", 120, 120),
                    line("Informaticien d'étude", 120, 140), line("32321", 50, 146),
                    line("(dont chef de projet)", 120, 152), *bottom[number],
                    line(f"– {number} –", 290, 770), number=number)

    bottom = {1: [line("Chargé d'études", 120, 714), line("61223", 50, 720), line("du BTP", 120, 726)],  # margin
              2: []}

    assert texts([body(1), body(2)])[1:4] == ["32112\tCadre de l'audit",
                                               "32321\tInformaticien d'étude (dont chef de projet)",
                                               "61223\tChargé d'études du BTP"]


def test_a_footer_s_text_printed_inside_a_page_is_no_furniture_there():
    foot = lambda number: line(f"Circulaire du 7 janvier 2008 page {number}", 200, 770)
    pages = [page(line("Circulaire du 7 janvier 2008 page 1", 40, 400), foot(1), number=1), page(foot(2), number=2)]
    assert texts(pages) == ["Circulaire du 7 janvier 2008 page 1"]


def test_a_header_s_cell_wrapped_and_misread_beyond_a_letter_is_the_header_s_by_its_place():
    # Development 1156 (fpdf2, grey header, 'CODE' / 'ROME' wrapped in their cell): read 'COLE' beside '23 métiers',
    # then 'RONIE' (m read 'ni'): the line under the count line's first word, one word, no digit, is that cell's.
    header = [word("COLE", 50, 100), *line("23 métiers", 120, 100)]
    rows = [*line("14232", 50, 130), *line("Technicien de la vente", 120, 130), *line("14312", 50, 145),
            *line("Attaché commercial", 120, 145)]
    assert texts([page(line("Champagne", 40, 80), header, line("RONIE", 50, 112), rows)]) == [
        "Champagne", "CODE ROME\t23 métiers", "14232\tTechnicien de la vente", "14312\tAttaché commercial"]
    # A first row's code alone on its line (set between its label's two lines) is no header's: it holds digits.
    band = visual_lines(1, header)
    assert cell_rest(band, visual_lines(1, line("RONIE", 50, 112))[0])
    assert not cell_rest(band, visual_lines(1, line("14232", 50, 112))[0])
    assert not cell_rest(band, visual_lines(1, line("RONIE", 90, 112))[0])  # not under the cell's first word


def test_a_code_read_in_pieces_beside_a_word_like_a_count_is_no_header():
    # Development 1184 (bottom-aligned): 52211 read '522' at 0 and '11' at 97 beside its label's last line,
    # 'métaux': '11 métaux' is shaped as a count, but its number is in the code column, the title cell has none.
    rows = [*line("Technicien de fabrication", 120, 130), Word("522", 50, 65, 142, 142 + SIZE, 0.0),
            Word("11", 68, 78, 142, 142 + SIZE, 97.0), *line("métaux", 120, 142), *line("52212", 50, 160),
            *line("Technicien qualité", 120, 160)]
    read = texts([page(line("Limousin", 40, 80), line("CODE ROME", 50, 100), line("3 métiers", 120, 100), rows)])
    assert "CODE ROME\tmétaux" not in read and read[1] == "CODE ROME\t3 métiers"
