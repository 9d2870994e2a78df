"""Scans: the pages of a PDF without a text layer, read by Tesseract into words with boxes.

Each page is rendered at the resolution of the image it holds (capped by MAX_OCR_DPI), its background taken out (a
shaded cell, a grey paper: Tesseract thresholds a page as a whole), despeckled (a 3×3 median filter: a scanner's
specks would be read as letters), deskewed (the angle that makes the ink's horizontal profile sharpest: text lines
are horizontal), its rulings taken out (`pixels`), and read by the `tesseract` command (`tesseract`: French model,
TSV output, each word with its box and its confidence, 0-100); doubtful words are read again alone, codes still
doubtful by the page's own digits (`glyphs`), and ink no word was read of, a line at a time (`recognize`). Boxes are
converted to PDF points (origin top-left) in the deskewed page, made a text layer's after reading (`layer`, outside
the cache's key), and go through the same row reconstruction as a PDF's text layer (pipeline.extract.geometry). What
Tesseract read is cached under .cache/ocr/ (`cache`), by the PDF's sha256, the engine's version, the language and
how pages are prepared: a second build of the same scan runs no OCR.
"""
