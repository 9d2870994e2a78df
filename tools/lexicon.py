"""Remake pipeline/extract/geometry/french.txt.gz, the French words the geometry weighs a hyphen at a line's end
against: the word list of Tesseract's French model (tessdata_fast `fra`, Apache-2.0, Debian's tesseract-ocr-fra),
unpacked with Tesseract's own tools, each word folded to lower case, one a line, sorted, gzip with no timestamp.

    python -m tools.lexicon            # needs combine_tessdata and dawg2wordlist (package tesseract-ocr)
"""
import gzip
import subprocess
import tempfile
from pathlib import Path

from pipeline.extract.geometry.breaks import FRENCH as PATH

MODEL = Path("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata")


def words(model: Path = MODEL) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="lexicon-") as tmp:
        prefix = Path(tmp) / "fra."
        subprocess.run(["combine_tessdata", "-u", str(model), str(prefix)], check=True, capture_output=True)
        listed = Path(tmp) / "words.txt"
        subprocess.run(["dawg2wordlist", f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", str(listed)],
                       check=True, capture_output=True)
        read = listed.read_text(encoding="utf-8").split()
    return sorted({w.casefold() for w in read if w.replace("-", "").replace("'", "").isalpha()})


def main() -> None:
    listed = words()
    PATH.write_bytes(gzip.compress("\n".join(listed).encode("utf-8") + b"\n", compresslevel=9, mtime=0))
    print(f"{PATH}: {len(listed)} words")


if __name__ == "__main__":
    main()
