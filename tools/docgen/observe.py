"""What the typeset PDF actually shows (a renderer may wrap what was not asked to wrap): read back from its
text layer with pdftotext, before any scan. Used to name the causes of failures."""
import re
import shutil
import subprocess
from pathlib import Path


def observe(pdf: Path) -> dict:
    if not shutil.which("pdftotext"):
        return {}
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = [l.strip() for l in text.splitlines()]
    pages = text.count("\f") + (0 if text.endswith("\f") else 1)
    wrapped = sum(1 for l in lines if re.fullmatch(r"(CODE|Code)(\s+\S.*)?", l) and "ROME" not in l.upper())
    header = sum(1 for l in lines if re.match(r"(CODE|Code)\s+(ROME|Rome)", l))
    title = next((l for l in lines if l.startswith("Liste des métiers")), "")
    hyphen = sum(1 for l in lines if re.search(r"[a-zà-ü]-$", l))
    return {"pages": pages, "header_cells_wrapped": wrapped, "header_cells_one_line": header,
            "national_title_wrapped": not title.rstrip().endswith("françaises"),
            "lines_ending_in_hyphen": hyphen,
            "typographic_apostrophes": text.count("\u2019")}
