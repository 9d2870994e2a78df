"""Stage 1, raw -> extracted: each source (text, PDF text layer, scan) to its printed lists and rows, as printed.

`sources` reads the manifest and the files, `grammar` parses numbered lines, `pdf` and `ocr` turn pages into
words with boxes, `geometry` rebuilds a page's table rows from those boxes, and `parse` dispatches a source."""
