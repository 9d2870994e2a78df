"""A page set in two columns (pipeline.extract.geometry.columns), on tiny pages laid out by hand."""
from pipeline.extract.geometry.columns import gutter, one_column
from pipeline.extract.geometry.lines import visual_lines
from tests.unit.test_geometry import line, page, texts

HEADER = [*line("CODE ROME", 50, 100), *line("6 métiers", 120, 100)]
ROWS = [("32112", "Cadre de l'audit"), ("32321", "Informaticien d'étude"), ("32331", "Chef de projet"),
        ("61222", "Géomètre"), ("61231", "Chef de chantier"), ("61232", "Conducteur de travaux")]


def rows(x: float, y: float, items) -> list[list]:
    """Rows of a table whose code column starts at x, the first at y: a line of words for each cell."""
    return [cell for i, (code, label) in enumerate(items) for cell in (line(code, x, y + 14 * i),
                                                                        line(label, x + 70, y + 14 * i))]


def test_a_list_flowing_into_a_second_column_reads_as_the_list_in_one():
    one = page(HEADER, *rows(50, 120, ROWS))
    two = page(line("ANNEXE : liste des métiers ouverts par région", 50, 70), HEADER, *rows(50, 120, ROWS[:3]),
               *rows(330, 100, ROWS[3:]), line("Circulaire du 7 janvier 2008, page 1 sur 2", 40, 700))
    assert texts([two]) == ["ANNEXE : liste des métiers ouverts par région", *texts([one]), "Circulaire du 7 janvier 2008, page 1 sur 2"]


def test_two_lists_side_by_side_read_left_then_right():
    left = [line("Alsace", 50, 80), HEADER, *rows(50, 120, ROWS)]
    right = [line("Aquitaine", 330, 80), line("CODE ROME", 330, 100), line("6 métiers", 400, 100),
             *rows(330, 120, ROWS)]
    assert texts([page(*left, *right)]) == [*texts([page(*left)]), "Aquitaine", *texts([page(*left)])[1:]]


def test_a_label_holding_codes_at_the_right_is_no_second_column():
    # Five-digit numbers lined up in the page's right part, but no white space left of them wider than a word is
    # high: words of the labels.
    labels = [cell for i in range(6) for cell in (line("12345", 50, 120 + 14 * i),
                                                  line("Agent voir 61222", 240, 120 + 14 * i))]
    assert gutter(visual_lines(1, [w for cell in labels for w in cell]), 600) is None
    assert one_column(page(HEADER, *labels)) == page(HEADER, *labels)


def test_fewer_than_three_codes_at_the_right_are_no_second_column():
    single = page(HEADER, *rows(50, 120, ROWS[:4]), *rows(330, 120, ROWS[4:]))
    assert one_column(single) == single


def test_codes_right_of_a_gutter_that_do_not_line_up_are_no_second_column():
    # Three five-digit numbers in the page's right part, each after white space, at x 330, 380 and 430: a column's
    # codes start at one x.
    scattered = [cell for i, x in enumerate((330, 380, 430)) for cell in (line("32112", 50, 120 + 14 * i),
                                                                          line("Cadre", 120, 120 + 14 * i),
                                                                          line("61222", x, 120 + 14 * i))]
    assert gutter(visual_lines(1, [w for cell in scattered for w in cell]), 600) is None


def test_a_list_going_on_in_a_second_column_under_its_header_printed_again_reads_as_the_list_in_one():
    # The left column's last row wraps ('Chef de projet' / 'senior', its code in the middle); the right column
    # opens on the header printed again: the wrapped line above that header, once the columns are one, is the
    # row's, not the heading of a list.
    wrapped = [*line("32331", 50, 155), *line("Chef de projet", 120, 148), *line("senior", 120, 162)]
    one = page(line("Corse", 40, 80), HEADER, *rows(50, 120, ROWS[:2]), wrapped, *rows(50, 182, ROWS[3:]))
    right = [*line("CODE ROME", 330, 100), *line("6 métiers", 400, 100)]
    two = page(line("Corse", 40, 80), HEADER, *rows(50, 120, ROWS[:2]), wrapped, right, *rows(330, 120, ROWS[3:]))
    assert texts([two]) == texts([one])
    assert texts([two])[4] == "32331\tChef de projet senior"


def test_a_second_column_s_codes_go_under_the_first_s_and_its_heading_left_of_them_stays_whole():
    # The right column's heading starts at its edge (x 250), 13 pt right of the left column's longest label (ends
    # at 237), its header cell's 'CODE' at 278 and its codes centred further in (300): the gutter is where no line
    # crosses, left of the heading; the codes land under the left column's (x 62), whatever starts left of them.
    left = [line("Alsace", 40, 80), line("CODE ROME", 56, 100), line("6 métiers", 132, 100), *rows(62, 120, ROWS)]
    right = [line("Provence-Alpes-Côte d'Azur", 250, 80), line("CODE ROME", 278, 100), line("6 métiers", 370, 100),
             *rows(300, 120, ROWS)]
    moved = one_column(page(*left, *right))
    assert {w.x0 for w in moved.words if w.text in dict(ROWS)} == {62}
    assert texts([page(*left, *right)]) == [*texts([page(*left)]), "Provence-Alpes-Côte d'Azur",
                                            *texts([page(*left)])[1:]]


def test_a_table_starting_at_the_foot_of_a_second_column_beside_a_column_of_text_only_is_a_column():
    # The left column holds the end of the letter and the list's title, no code; the right one a header and one row,
    # the header a little above the title: a second column all the same, read under the first.
    text = [line("Thierry COUDERT", 40, 80), line("Liste des métiers ouverts", 40, 112)]
    table = [line("CODE ROME", 330, 100), line("6 métiers", 400, 100), line("32112", 330, 126),
             line("Cadre de l'audit", 400, 126)]
    assert texts([page(*text, *table)]) == [
        "Thierry COUDERT", "Liste des métiers ouverts", "CODE ROME\t6 métiers", "32112\tCadre de l'audit"]


def test_a_row_broken_at_a_column_s_foot_lines_up_with_the_part_beside_its_code():
    # The left column's last row wraps over its foot: its code, in the middle of the cell's part in that column (two
    # lines, 148-158 and 162-172), and its label's last line at the right column's top, as a renderer that breaks a
    # row across columns prints it. Read as one, the code lines up with the part beside it, not with the whole.
    broken = [*line("32331", 50, 155), *line("Chef de projet", 120, 148), *line("senior et", 120, 162)]
    two = page(HEADER, *rows(50, 120, ROWS[:2]), broken, line("confirmé", 400, 100), *rows(330, 114, ROWS[3:]))
    whole = [*line("32331", 50, 162), *line("Chef de projet", 120, 148), *line("senior et", 120, 162),
             *line("confirmé", 120, 176)]
    one = page(HEADER, *rows(50, 120, ROWS[:2]), whole, *rows(50, 196, ROWS[3:]))
    assert texts([two]) == texts([one])
    assert texts([two])[3] == "32331\tChef de projet senior et confirmé"


def test_a_word_read_with_no_confidence_across_the_gutter_does_not_end_the_columns():
    # 'assurances' read at 23, its box running from the left column's label across the gutter (to x 340): OCR gives
    # such a word no box to go by; the right column still goes under the left one.
    from dataclasses import replace

    from pipeline.extract.printed import Word
    noisy = Word("assurances", 200, 340, 134, 144, 23.0)
    two = page(HEADER, *rows(50, 120, ROWS[:3]), [noisy], *rows(330, 120, ROWS[3:]))
    codes = lambda moved: {w.x0 for w in moved.words if w.text in {"61222", "61231", "61232"}}
    assert codes(one_column(two)) == {50}
    sure = replace(two, words=tuple(replace(w, conf=96.0) if w is noisy else w for w in two.words))
    assert codes(one_column(sure)) != {50}  # read with confidence, it crosses: the columns are cut there


def test_codes_at_the_right_beside_a_longer_run_of_lines_left_of_them_move_nothing():
    # Codes lined up at the right (a gutter left of them), a line across the gutter under them, and a longer run of
    # lines left of it below: the run no line crosses holds no word right of the gutter, no second column (it
    # raised an internal error: development 1123, a scan).
    codes = [line(code, 330, 100 + 14 * i) for i, (code, _) in enumerate(ROWS[:3])]
    across = line("Responsable d'exploitation en assurances et en banque", 200, 150)
    below = [line(label, 50, 170 + 14 * i) for i, (_, label) in enumerate(ROWS * 2)]
    assert one_column(page(*codes, across, *below)) == page(*codes, across, *below)


def test_a_header_at_the_foot_of_the_first_column_heads_the_rows_the_second_one_prints():
    # The left column ends on the list's title and its header (no code: its rows did not fit), the right column
    # prints two rows, their codes centred at x 346 (development 1142, Chromium, two columns): a second column all
    # the same, its codes' middle put under the header's 'CODE ROME' (the left column has no code to line up with).
    text = [line("Thierry COUDERT", 40, 60), line("Liste des métiers ouverts", 40, 80)]
    header = [*line("CODE ROME", 60, 100), *line("2 métiers", 150, 100)]
    table = [line("32112", 346, 80), line("Cadre de l'audit", 430, 80), line("32321", 346, 94),
             line("Informaticien d'étude", 430, 94)]
    assert texts([page(*text, header, *table)]) == [
        "Thierry COUDERT", "Liste des métiers ouverts", "CODE ROME\t2 métiers", "32112\tCadre de l'audit",
        "32321\tInformaticien d'étude"]
    moved = one_column(page(*text, header, *table))
    assert {w.x0 + 12.5 for w in moved.words if w.text in ("32112", "32321")} == {60 + 22.5}
