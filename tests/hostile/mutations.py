"""The malformed corpus: mutation functions of the real sources, each with its expected outcome.

Each mutation takes a copy of raw/ and changes it; `SAME` variants must build exactly the tables of
the real sources, the others must fail cleanly with the given exit code and first message line.
"""
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline.core.paths import MAX_SOURCE_BYTES

CIRCULAR = "circulaire-IMIN0800012C-2008-01-07.txt"
SAME = "same"


@dataclass(frozen=True)
class Variant:
    """A named mutation, whether it needs the manifest's hashes updated, and its expected outcome."""

    name: str
    mutate: Callable[[Path], None]
    exit_code: int | str
    message: str = ""
    rehash: bool = True


def edit_text(func, encoding="utf-8"):
    """A mutation that rewrites the circular's text with `func`."""
    def mutate(raw: Path) -> None:
        path = raw / CIRCULAR
        path.write_bytes(func(path.read_text(encoding="utf-8")).encode(encoding))
    return mutate


def edit_bytes(func):
    def mutate(raw: Path) -> None:
        path = raw / CIRCULAR
        path.write_bytes(func(path.read_bytes()))
    return mutate


def lines_edit(func):
    return edit_text(lambda text: "\n".join(func(text.split("\n"))))


def replace_once(old, new):
    return edit_text(lambda text: text.replace(old, new, 1))


def garbage(_: bytes) -> bytes:
    return random.Random(7).randbytes(4096)


def cut_mid_line(text: str) -> str:
    return text[: text.index("Technicien de production des industries de process", 20000) + 20]


def corse_twice(text: str) -> str:
    start = text.index("\nCorse\n")
    return text + "\n" + text[start:]


def corse_empty(lines: list[str]) -> list[str]:
    return lines[:587]


def delete_file(raw: Path) -> None:
    (raw / CIRCULAR).unlink()


def huge(raw: Path) -> None:
    with (raw / CIRCULAR).open("ab") as handle:
        handle.write(b"\n" * (MAX_SOURCE_BYTES + 1))


def broken_manifest(raw: Path) -> None:
    (raw / "sources.toml").write_text("[[source]\nsource_id = ", encoding="utf-8")


def legacy_latin1(text: str) -> str:
    return text.replace("œ", "oe").replace("–", "-")


VARIANTS = [
    Variant("windows line ends", edit_text(lambda t: t.replace("\n", "\r\n")), SAME),
    Variant("old mac line ends", edit_text(lambda t: t.replace("\n", "\r")), SAME),
    Variant("utf-8 byte order mark", edit_bytes(lambda b: b"\xef\xbb\xbf" + b), SAME),
    Variant("windows-1252", edit_text(lambda t: t, encoding="cp1252"), SAME),
    Variant("latin-1", edit_text(lambda t: legacy_latin1(t), encoding="latin-1"), SAME),
    Variant("spaces for tabs", edit_text(lambda t: t.replace("\t", "    ")), SAME),
    Variant("non-breaking spaces for tabs", edit_text(lambda t: t.replace("\t", "\u00a0")), SAME),
    Variant("trailing spaces", lines_edit(lambda ls: [line + "  \t" for line in ls]), SAME),
    Variant("extra blank lines", edit_text(lambda t: t.replace("\n\n", "\n\n\n\n")), SAME),
    Variant("double spaces in labels", edit_text(lambda t: t.replace("Technicien de", "Technicien  de")), SAME),
    Variant("empty file", edit_bytes(lambda b: b""), 2, "{path}: file is empty"),
    Variant("binary garbage", edit_bytes(garbage), 2, "{path}:1: control character 0x0E: not a text file"),
    Variant("cut mid-list", lines_edit(lambda ls: ls[:300]), 1, "{path}:296: count_mismatch:"),
    Variant("cut mid-line", edit_text(cut_mid_line), 1, "{path}:438: count_mismatch:"),
    Variant("header without count", replace_once("CODE ROME\t13 métiers", "CODE ROME"), 2,
            "{path}:144: header 'CODE ROME' of Picardie has no count ('N métiers')"),
    Variant("count not a number", replace_once("CODE ROME\t13 métiers", "CODE ROME\ttreize métiers"), 2,
            "{path}:144: count 'treize' of Picardie is not a number"),
    Variant("4-digit code", replace_once("45222\tOpérateur", "4522\tOpérateur"), 1, "{path}:93: invalid_code:"),
    Variant("6-digit code", replace_once("45222\tOpérateur", "452220\tOpérateur"), 1, "{path}:93: invalid_code:"),
    Variant("code with letters", replace_once("45222\tOpérateur", "4522B\tOpérateur"), 1,
            "{path}:93: invalid_code:"),
    Variant("code without label", replace_once("45222\tOpérateur de formage (transformation) du verre", "45222"),
            2, "{path}:93: row '45222' has a code but no label"),
    Variant("extra column", replace_once("45222\tOpérateur", "45222\tx\tOpérateur"), 2,
            "{path}:93: row has 3 columns, expected 2 (code, label)"),
    Variant("region heading twice", edit_text(corse_twice), 1, "{path}:597: duplicate_list:"),
    Variant("unknown region", replace_once("\nCorse\n", "\nAtlantide\n"), 1, "{path}:585: unknown_region:"),
    Variant("region with no rows", lines_edit(corse_empty), 1, "{path}:585: empty_list:"),
    Variant("annex missing", edit_text(lambda t: t[: t.index("ANNEXE")]), 2,
            "{path}:69: no line 'ANNEXE': the annex is missing"),
    Variant("duplicate row", replace_once("61222\tGéomètre\n", "61222\tGéomètre\n61222\tGéomètre\n"), 1,
            "{path}:111: duplicate_row:"),
    Variant("sha256 differs from manifest", replace_once("Corse", "Korse"), 2,
            "{path}:1: sha256 is ", rehash=False),
    Variant("manifest names a missing file", delete_file, 2,
            "{manifest}: source IMIN0800012C: file circulaire-IMIN0800012C-2008-01-07.txt is missing",
            rehash=False),
    Variant("huge file", huge, 2, f"{{path}}: file is {{size}} bytes, over the limit "
                                  f"MAX_SOURCE_BYTES={MAX_SOURCE_BYTES}", rehash=False),
    Variant("manifest not TOML", broken_manifest, 2, "{manifest}: manifest is not valid TOML:", rehash=False),
]
