"""Stage 0: find the sources (a manifest folder or one file), check their hashes, decode their text.

Nothing is opened before it is known to be a regular file inside the manifest's folder. A text is
UTF-8 unless the manifest declares another encoding; a file that is not UTF-8 and holds no UTF-8
sequence at all is read as Windows-1252 (and said so), while a UTF-8 file with a bad byte is refused
at that byte.
"""
import codecs
import datetime
import re
import stat
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.dictionary import declared
from pipeline.core.errors import ChecksumError, InputError, LimitError, ManifestError
from pipeline.core.hashing import sha256 as sha256_of
from pipeline.core.paths import MANIFEST_NAME, MAX_PDF_BYTES, MAX_SOURCE_BYTES
from pipeline.core.text import source_key

MANIFEST_FIELDS = ("source_id", "kind", "title", "date", "file", "format", "sha256")
OPTIONAL_FIELDS = ("provenance", "licence", "encoding")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SOURCE_ID = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
SHA256 = re.compile(declared()["patterns"]["sha256"])
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
KINDS = ("circulaire", "arrete")
FORMATS = ("text", "pdf")
OTHER_FORMATS = (".html", ".htm", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".png", ".jpg", ".jpeg",
                 ".tif", ".tiff", ".zip")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
PDF_HEADER = b"%PDF-"


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
    encoding: str | None = None


@dataclass(frozen=True)
class Text:
    """A text source decoded into lines (without line ends), with the encoding it was read in."""

    lines: list[str]
    encoding: str


def discover(raw: Path) -> list[Source]:
    """The sources under `raw`: a folder with a manifest, or a single source file."""
    if raw.is_dir():
        return load_manifest(raw / MANIFEST_NAME)
    if not raw.exists():
        raise InputError("no such file or folder: give a manifest folder or one source file (--raw)", raw)
    if raw.name == MANIFEST_NAME:
        raise InputError(f"a manifest: give the folder that holds it (--raw {raw.parent})", raw)
    if raw.suffix.lower() in OTHER_FORMATS:
        raise InputError(f"a {raw.suffix} file is not a source this pipeline reads: give the annex as plain text "
                         "(UTF-8) or as a PDF", raw)
    fmt = "pdf" if raw.suffix.lower() == ".pdf" else "text"
    check_file(raw)
    return [Source(path=raw, source_id=None, kind=None, format=fmt, sha256=sha256_of(raw))]


def load_manifest(path: Path) -> list[Source]:
    """Read a sources manifest, check each entry and the hash of each file it names."""
    if not path.is_file():
        raise ManifestError(f"no manifest: expected {MANIFEST_NAME} here", path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest is not UTF-8 (byte 0x{exc.object[exc.start]:02X}): save it as UTF-8",
                            path, exc.object[: exc.start].count(b"\n") + 1) from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"manifest is not valid TOML: {exc}", path) from None
    unknown = [key for key in data if key != "source"]
    if unknown:
        raise ManifestError(f"unknown table or key '{unknown[0]}': a manifest holds [[source]] tables only", path)
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ManifestError("'source' must be a list of [[source]] tables", path)
    if not entries:
        raise ManifestError("manifest lists no [[source]]", path)
    sources = [manifest_entry(path, n, entry) for n, entry in enumerate(entries, 1)]
    first: dict[str, str] = {}
    for source in sources:
        key = source_key(source.source_id)
        if key in first:
            spelled = "" if first[key] == source.source_id else f" (as {source.source_id} too)"
            where = [n for n, line in enumerate(text.splitlines(), 1)
                     if re.fullmatch(rf"\s*source_id\s*=\s*[\"']{re.escape(source.source_id)}[\"']\s*", line)]
            raise ManifestError(f"source_id listed twice: {first[key]}{spelled}: keep one entry a source", path,
                                where[-1] if where else None)
        first[key] = source.source_id
    return sources


def manifest_entry(manifest: Path, n: int, entry: dict) -> Source:
    entry = {k: str(v) if k == "date" and hasattr(v, "isoformat") else v for k, v in entry.items()}
    wrong = [f for f in (*MANIFEST_FIELDS, *OPTIONAL_FIELDS) if f in entry and not isinstance(entry[f], str)]
    if wrong:
        raise ManifestError(f"source #{n}: {', '.join(wrong)} must be text (in quotes)", manifest)
    entry = {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in entry.items()}
    spaced = [f for f, v in entry.items() if isinstance(v, str) and v != v.strip()]
    if spaced:
        raise ManifestError(f"source #{n}: {spaced[0]} {entry[spaced[0]]!r} has spaces around it: remove them",
                            manifest)
    unknown = [f for f in entry if f not in (*MANIFEST_FIELDS, *OPTIONAL_FIELDS)]
    if unknown:
        raise ManifestError(f"source #{n}: unknown field '{unknown[0]}' (the fields are "
                            f"{', '.join((*MANIFEST_FIELDS, *OPTIONAL_FIELDS))})", manifest)
    missing = [f for f in MANIFEST_FIELDS if not entry.get(f)]  # a value of spaces was refused above
    if missing:
        raise ManifestError(f"source #{n} lacks {', '.join(missing)}", manifest)
    if not SOURCE_ID.fullmatch(entry["source_id"]):
        raise ManifestError(f"source #{n}: source_id {entry['source_id']!r} is not ASCII letters and digits (with "
                            "'.', '-' or '_' inside): the document's NOR, e.g. IMIN0800012C", manifest)
    if not SHA256.fullmatch(entry["sha256"]):
        raise ManifestError(f"source #{n}: sha256 '{entry['sha256']}' is not 64 lower-case hexadecimal digits "
                            "(`sha256sum FILE` prints them)", manifest)
    if entry["kind"] not in KINDS or entry["format"] not in FORMATS:
        raise ManifestError(f"source #{n}: kind must be one of {KINDS}, format one of {FORMATS}", manifest)
    if not valid_date(entry["date"]):
        raise ManifestError(f"source #{n}: date '{entry['date']}' is not a date YYYY-MM-DD", manifest)
    encoding = entry.get("encoding")
    if encoding is not None and not known_encoding(encoding):
        raise ManifestError(f"source #{n}: unknown encoding '{encoding}' (e.g. utf-8, windows-1252)", manifest)
    path = inside(manifest, f"source {entry['source_id']}", entry["file"])
    check_file(path)
    with path.open("rb") as file:
        is_pdf = PDF_HEADER in file.read(1024)  # a PDF's header may follow some junk
    if is_pdf != (entry["format"] == "pdf"):
        raise ManifestError(f"source #{n}: format is {entry['format']}, but {entry['file']} is "
                            f"{'not ' if entry['format'] == 'pdf' else ''}a PDF: correct its format", manifest)
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise ChecksumError(
            f"sha256 is {actual}, manifest says {entry['sha256']}: the raw file was changed", path, 1
        )
    return Source(
        path=path, source_id=entry["source_id"], kind=entry["kind"], format=entry["format"],
        sha256=actual, title=entry["title"], date=entry["date"],
        provenance=entry.get("provenance", ""), licence=entry.get("licence", ""), encoding=encoding,
    )


def valid_date(text: str) -> bool:
    if not ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def known_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def inside(manifest: Path, who: str, name: str) -> Path:
    """The file a manifest names, refused unless it is relative and stays in the manifest's folder
    (symbolic links followed), before anything opens it."""
    folder = manifest.parent.resolve()
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise ManifestError(f"{who}: file '{name}' must be a path relative to the manifest's folder, "
                            "without '..'", manifest)
    path = manifest.parent / relative
    if not path.exists() and not path.is_symlink():
        raise ManifestError(f"{who}: file {name} is missing", manifest)
    if folder not in path.resolve().parents:
        raise ManifestError(f"{who}: file '{name}' leads outside the manifest's folder "
                            f"(to {path.resolve()}): copy the file into {folder}", manifest)
    return path


def check_file(path: Path) -> None:
    """A source must be a regular file, not empty, within the size limit (a PDF's: a scan runs to megabytes a page)."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError("not a regular file (a device, a pipe or a folder): give a file", path)
    size = path.stat().st_size
    limit, name = (MAX_PDF_BYTES, "MAX_PDF_BYTES") if path.suffix.lower() == ".pdf" else \
        (MAX_SOURCE_BYTES, "MAX_SOURCE_BYTES")
    if size > limit:
        raise LimitError(f"file is {size} bytes, over the limit {name}={limit}", path)
    if size == 0:
        raise InputError("file is empty: give the source's text or PDF", path)


def read_text(path: Path, declared: str | None = None) -> Text:
    """Decode a text source (any line end): in its declared encoding, else UTF-8 (a byte order mark is
    dropped), else Windows-1252 when the file holds no UTF-8 sequence at all."""
    data = path.read_bytes()
    bad = CONTROL.search(data)
    if bad:
        line = data[: bad.start()].count(b"\n") + 1
        raise InputError(f"control character 0x{bad.group()[0]:02X}: not a text file: give the source's text "
                         "(UTF-8) or its PDF", path, line)
    if declared is not None:
        return Text(lines=split_lines(decode(path, data, declared)), encoding=codecs.lookup(declared).name)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if UTF8_SEQUENCE.search(data):
            line, column = position(data, exc.start)
            raise InputError(f"not UTF-8: byte 0x{data[exc.start]:02X} at line {line}, column {column}; the rest "
                             "of the file is UTF-8: fix that byte, or declare the encoding in sources.toml "
                             "(encoding = \"...\")", path, line) from None
        text, encoding = decode(path, data, "cp1252", "neither UTF-8 nor Windows-1252"), "windows-1252"
    return Text(lines=split_lines(text), encoding=encoding)


def position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in bytes) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data[:offset].count(b"\n") + 1, offset - start + 1


def split_lines(text: str) -> list[str]:
    """Lines without their ends, whatever the line end; a final line end opens no extra line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def decode(path: Path, data: bytes, encoding: str, what: str | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise InputError(f"byte 0x{data[exc.start]:02X} at line {line}, column {column} is {what or 'not ' + encoding} "
                         "text: declare the file's encoding in sources.toml", path, line) from None
