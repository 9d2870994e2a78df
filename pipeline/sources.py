"""Stage 0: find the sources (a manifest folder or one file), check their hashes, decode their text."""
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ChecksumError, InputError, LimitError, ManifestError
from pipeline.paths import MANIFEST_NAME, MAX_SOURCE_BYTES

MANIFEST_FIELDS = ("source_id", "kind", "title", "date", "file", "format", "sha256")
KINDS = ("circulaire", "arrete")
FORMATS = ("text", "pdf")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """One raw source file and what the manifest (or the file itself) says about it."""

    path: Path
    source_id: str | None
    kind: str | None
    format: str
    sha256: str
    title: str = ""
    date: str = ""
    provenance: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Text:
    """A text source decoded into lines (without line ends), with the encoding it was read in."""

    lines: list[str]
    encoding: str


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(raw: Path) -> list[Source]:
    """The sources under `raw`: a folder with a manifest, or a single source file."""
    if raw.is_dir():
        return load_manifest(raw / MANIFEST_NAME)
    if not raw.exists():
        raise InputError("no such file or folder", raw)
    fmt = "pdf" if raw.suffix.lower() == ".pdf" else "text"
    check_size(raw)
    return [Source(path=raw, source_id=None, kind=None, format=fmt, sha256=sha256_of(raw))]


def load_manifest(path: Path) -> list[Source]:
    """Read a sources manifest, check each entry and the hash of each file it names."""
    if not path.is_file():
        raise ManifestError(f"no manifest: expected {MANIFEST_NAME} here", path)
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"manifest is not valid TOML: {exc}", path) from None
    if not entries:
        raise ManifestError("manifest lists no [[source]]", path)
    sources = [manifest_entry(path, n, entry) for n, entry in enumerate(entries, 1)]
    ids = [s.source_id for s in sources]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ManifestError(f"source_id listed twice: {', '.join(duplicated)}", path)
    return sources


def manifest_entry(manifest: Path, n: int, entry: dict) -> Source:
    missing = [f for f in MANIFEST_FIELDS if not str(entry.get(f, "")).strip()]
    if missing:
        raise ManifestError(f"source #{n} lacks {', '.join(missing)}", manifest)
    if entry["kind"] not in KINDS or entry["format"] not in FORMATS:
        raise ManifestError(f"source #{n}: kind must be one of {KINDS}, format one of {FORMATS}", manifest)
    path = manifest.parent / entry["file"]
    if not path.is_file():
        raise ManifestError(f"source {entry['source_id']}: file {entry['file']} is missing", manifest)
    check_size(path)
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise ChecksumError(
            f"sha256 is {actual}, manifest says {entry['sha256']}: the raw file was changed", path, 1
        )
    return Source(
        path=path, source_id=entry["source_id"], kind=entry["kind"], format=entry["format"],
        sha256=actual, title=entry["title"], date=str(entry["date"]),
        provenance=entry.get("provenance", ""), licence=entry.get("licence", ""),
    )


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise LimitError(f"file is {size} bytes, over the limit MAX_SOURCE_BYTES={MAX_SOURCE_BYTES}", path)
    if size == 0:
        raise InputError("file is empty", path)


def read_text(path: Path) -> Text:
    """Decode a text source: UTF-8 (a byte order mark is dropped), else Windows-1252; any line end."""
    data = path.read_bytes()
    bad = CONTROL.search(data)
    if bad:
        line = data[: bad.start()].count(b"\n") + 1
        raise InputError(f"control character 0x{bad.group()[0]:02X}: not a text file", path, line)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = decode_legacy(path, data)
    return Text(lines=split_lines(text), encoding=encoding)


def split_lines(text: str) -> list[str]:
    """Lines without their ends, whatever the line end; a final line end opens no extra line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def decode_legacy(path: Path, data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"byte 0x{data[exc.start]:02X} is neither UTF-8 nor Windows-1252 text", path, line) from None
