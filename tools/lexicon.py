"""Remake the word lists the geometry weighs a break at a line's end against, each word folded to lower case, one a
line, sorted, gzip with no timestamp:

- pipeline/extract/geometry/french.txt.gz: the word list of Tesseract's French model (tessdata_fast `fra`,
  Apache-2.0, Debian's tesseract-ocr-fra), unpacked with Tesseract's own tools;
- pipeline/extract/geometry/trades.txt.gz: the words of the occupations' labels in the other texts of the lists,
  raw and immutable in this repository (the arrêté's annex, the annexes of the editions: the EU lists, the 2011
  list), not the circular's own text: the words no general word list holds ('ordonnancement', 'cimentière',
  'maintenicien').

    python -m tools.lexicon            # needs combine_tessdata and dawg2wordlist (package tesseract-ocr)
    python -m tools.lexicon --trades   # the second list only, from raw/
"""
import gzip
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.extract.geometry.breaks import FRENCH, TRADES

MODEL = Path("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata")
RAW = Path(__file__).resolve().parents[1] / "raw"
LABEL_TEXTS = ("arrete-IMID0800328A-2008-01-18-annexe.md", "editions/**/annexe/article-.md")


def words(model: Path = MODEL) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="lexicon-") as tmp:
        prefix = Path(tmp) / "fra."
        subprocess.run(["combine_tessdata", "-u", str(model), str(prefix)], check=True, capture_output=True)
        listed = Path(tmp) / "words.txt"
        subprocess.run(["dawg2wordlist", f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", str(listed)],
                       check=True, capture_output=True)
        read = listed.read_text(encoding="utf-8").split()
    return sorted({w.casefold() for w in read if w.replace("-", "").replace("'", "").isalpha()})


def trades(raw: Path = RAW) -> list[str]:
    """The words of the label texts: runs of letters (a hyphen or an apostrophe parts them), two letters or more."""
    texts = sorted(path for pattern in LABEL_TEXTS for path in raw.glob(pattern))
    return sorted({w.casefold() for path in texts
                   for w in re.findall(r"[^\W\d_]{2,}", path.read_text(encoding="utf-8"))})


def packed(listed: list[str]) -> bytes:
    return gzip.compress("\n".join(listed).encode("utf-8") + b"\n", compresslevel=9, mtime=0)


def main(argv: list[str]) -> None:
    made = {TRADES: trades()} if "--trades" in argv else {FRENCH: words(), TRADES: trades()}
    for path, listed in made.items():
        path.write_bytes(packed(listed))
        print(f"{path}: {len(listed)} words")


if __name__ == "__main__":
    main(sys.argv[1:])
