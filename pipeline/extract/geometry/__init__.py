"""Rebuild the annex's lines from where each word sits on its page (a PDF's text layer or OCR).

Renderer-independent: `table.page_rows` reads `Page`s of `Word` boxes and returns the `Line`s the text
grammar reads, each with its page, its band and the words that made it.

- `lines`: words folded (ligatures, non-breaking spaces) and grouped into visual lines by their vertical
  centres; a line in the top or bottom margin printed on most pages (a running header, a footer, a page
  number; digits folded) is page furniture and dropped.
- `header`: a table starts at its header, "CODE" with "ROME" beside it or under it (a stacked cell), and the
  cells to their right whose words fall in the same band (the count, "29 métiers", however it is aligned;
  other columns' titles). The label column runs to the next header cell or vertical ruling; anything
  further right is an extra column.
- `rows`: the label column's lines are grouped, one contiguous group per code (dynamic programming): the
  grouping that lines every code up with its group under one vertical alignment for the whole document
  (top, middle or bottom) without crossing a horizontal ruling. Only lines on the code's own page, or column
  of a page set in columns, count for the alignment, so a row split by a page or column break keeps its lines
  from the next one.
- `table`: the code column is the table body's leftmost column (its words' horizontal projection, up to the
  first gap); other lines are printed as they are, a paragraph's wrapped lines joined back into one. A
  table ends at a line that starts left of the code header's right edge and is not a code, or that a header
  follows (the next list's heading, wherever it is printed), or at a header that is not its own repeated
  at the top of a page.
- `columns`: a page set in two columns read as one, the second under the first.
- `breaks`: a label's wrapped lines joined, a hyphen or a cut at a line's end read as the document prints the
  word whole, else as French words tell.

Errors are raised without a path: the stage boundary (`pipeline.extract.parse`) names the file.
"""
