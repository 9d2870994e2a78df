"""The circular as blocks to typeset: preamble paragraphs, then the annex lists.

Read from the project's raw text (raw/circulaire-IMIN0800012C-2008-01-07.txt); nothing from `pipeline`.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "raw" / "circulaire-IMIN0800012C-2008-01-07.txt"  # the project's text
ROW = re.compile(r"^([0-9]{5})\t(.*)$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass
class Paragraph:
    lines: list[str]          # lines kept apart (address blocks); one line for running text
    bold: bool = False
    title: bool = False        # "ANNEXE" and the like


@dataclass
class Listing:
    heading: str | None        # region name as printed; None for the nationwide list
    title: str | None          # the nationwide list's title paragraph
    header: tuple[str, str]    # ("CODE ROME", "29 métiers") or ("Code Rome", "Domaine professionnel")
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Document:
    preamble: list[Paragraph]
    lists: list[Listing]


def _clean(line: str) -> str:
    return LINK.sub(r"\1", line).replace("**", "").strip()


def load(apostrophe: str = "straight", regions: int | None = None, short: bool = False) -> Document:
    """The circular; `apostrophe="typographic"` sets ’ for ' everywhere (as a word processor's autocorrect
    does); `regions` keeps only the first N regional lists and `short` drops the preamble's long paragraphs
    (keeping the addresses, the NOR, the date and the subject): a small document for tests."""
    text = SOURCE.read_text(encoding="utf-8")
    if apostrophe == "typographic":
        text = text.replace("'", "\u2019")
    lines = text.split("\n")
    annex = lines.index("ANNEXE")
    preamble: list[Paragraph] = []
    block: list[str] = []
    for line in lines[:annex] + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            bold = block[0].startswith("**")
            cleaned = [_clean(b) for b in block]
            if len(cleaned) == 1 or not bold and not all(len(b) < 80 for b in cleaned):
                cleaned = [" ".join(cleaned)]
            preamble.append(Paragraph(cleaned, bold=bold))
            block = []
    if short:
        preamble = [b for b in preamble if sum(map(len, b.lines)) < 260]
    preamble.append(Paragraph(["ANNEXE"], bold=True, title=True))
    lists: list[Listing] = []
    rest = [l for l in lines[annex + 1:] if l.strip()]
    pending: str | None = None
    for line in rest:
        m = ROW.match(line)
        if m:
            lists[-1].rows.append((m.group(1), m.group(2)))
        elif "\t" in line:
            a, b = line.split("\t", 1)
            if not lists:
                lists.append(Listing(None, pending, (a, b)))
            else:
                lists.append(Listing(pending, None, (a, b)))
            pending = None
        else:
            pending = line.strip()
    if regions is not None:
        lists = lists[:1 + regions]
    return Document(preamble, lists)
