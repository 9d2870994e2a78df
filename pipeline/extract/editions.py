"""The later and sibling editions (raw/editions/sources.toml): one [[file]] per raw file, with where it comes from
(repository, path, commit), its encoding and line ends as received, and its sha256.

A second manifest, beside raw/sources.toml (which drives the parsing of the two 2008 sources and is unchanged):
its files are texts in several versions and reference tables, not annexes of one source each. Each reader
says which encoding and line ends it reads; a file whose manifest entry declares anything else, or whose bytes
are not what is declared (a Windows-1252 table that is in fact UTF-8, an LF file with CR bytes), is refused.
"""
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import ChecksumError, InputError, ManifestError
from pipeline.core.hashing import sha256 as sha256_of
from pipeline.core.paths import MANIFEST_NAME
from pipeline.extract.sources import CONTROL, check_file, inside, position, split_lines

FOLDER = "editions"
FIELDS = ("file_id", "file", "text", "version", "part", "repository", "path", "commit", "encoding", "line_ends",
          "sha256", "licence", "description")
OPTIONAL = ("commit_note",)
ENCODINGS = ("utf-8", "windows-1252", "ascii")
LINE_ENDS = ("lf", "crlf")
COMMIT = re.compile(r"[0-9a-f]{40}")
VERSION = re.compile(r"[0-9a-f]{8}")
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EditionFile:
    """One raw file of the editions and what the manifest says of it."""

    file_id: str
    path: Path
    file: str
    text: str
    version: str
    part: str
    repository: str
    source_path: str
    commit: str
    encoding: str
    line_ends: str
    sha256: str
    licence: str
    description: str
    commit_note: str = ""


def manifest_path(raw: Path) -> Path:
    return raw / FOLDER / MANIFEST_NAME


def load(raw: Path) -> dict[str, EditionFile]:
    """The files of raw/editions/sources.toml by file_id, each checked (fields, inside the folder, sha256);
    {} when `raw` has no editions (a build of one source file, or of a manifest folder without them)."""
    path = manifest_path(raw) if raw.is_dir() else None
    if path is None or not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"editions manifest is not UTF-8 TOML: {exc}", path) from None
    if set(data) - {"file"} or not isinstance(data.get("file"), list):
        raise ManifestError("an editions manifest holds [[file]] tables only", path)
    files: dict[str, EditionFile] = {}
    for n, entry in enumerate(data["file"], 1):
        item = entry_of(path, n, entry)
        if item.file_id in files:
            raise ManifestError(f"file #{n}: file_id {item.file_id} listed twice", path)
        files[item.file_id] = item
    return files


def entry_of(manifest: Path, n: int, entry: dict) -> EditionFile:
    unknown = [k for k in entry if k not in (*FIELDS, *OPTIONAL)]
    missing = [k for k in FIELDS if not isinstance(entry.get(k), str) or not entry[k]]
    if unknown or missing:
        raise ManifestError(f"file #{n}: unknown field {unknown[:1]} or missing {missing[:1]} (the fields are "
                            f"{', '.join(FIELDS)})", manifest)
    if entry["encoding"] not in ENCODINGS or entry["line_ends"] not in LINE_ENDS:
        raise ManifestError(f"file #{n}: encoding must be one of {ENCODINGS}, line_ends one of {LINE_ENDS}", manifest)
    if not COMMIT.fullmatch(entry["commit"]) or not VERSION.fullmatch(entry["version"]) \
            or not SHA256.fullmatch(entry["sha256"]):
        raise ManifestError(f"file #{n}: commit (40 hex digits), version (8) or sha256 (64) malformed", manifest)
    path = inside(manifest, f"file {entry['file_id']}", entry["file"])
    check_file(path)
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise ChecksumError(f"sha256 is {actual}, the editions manifest says {entry['sha256']}: the raw file was "
                            "changed", path, 1)
    return EditionFile(entry["file_id"], path, entry["file"], entry["text"], entry["version"], entry["part"],
                       entry["repository"], entry["path"], entry["commit"], entry["encoding"], entry["line_ends"],
                       entry["sha256"], entry["licence"], entry["description"], entry.get("commit_note", ""))


def read_lines(item: EditionFile, encoding: str, line_ends: str) -> list[str]:
    """The file's lines (1-based line n is element n - 1), read by a reader of `encoding` and `line_ends`:
    refused unless the manifest declares exactly these and the bytes are what it declares."""
    if (item.encoding, item.line_ends) != (encoding, line_ends) \
            and not (encoding == "utf-8" and item.encoding == "ascii" and item.line_ends == line_ends):
        raise InputError(f"{item.file_id} is declared {item.encoding} with {item.line_ends} line ends; its reader "
                         f"reads {encoding} with {line_ends} line ends only", item.path)
    data = item.path.read_bytes()
    bad = CONTROL.search(data)
    if bad:
        raise InputError(f"control character 0x{bad.group()[0]:02X}: not a text file", item.path,
                         position(data, bad.start())[0])
    lone_cr = re.search(rb"\r(?!\n)", data)
    bare_lf = re.search(rb"(?<!\r)\n", data)
    if line_ends == "lf" and b"\r" in data or line_ends == "crlf" and (bare_lf or lone_cr):
        where = (bare_lf or lone_cr or re.search(rb"\r", data)).start()
        raise InputError(f"line ends are not {line_ends} as declared", item.path, position(data, where)[0])
    if encoding == "windows-1252" and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise InputError("declared windows-1252, but the file is UTF-8: it is not the file received",
                             item.path)
    try:
        text = data.decode("cp1252" if encoding == "windows-1252" else item.encoding)
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise InputError(f"byte 0x{data[exc.start]:02X} at line {line}, column {column} is not {item.encoding}",
                         item.path, line) from None
    return split_lines(text)
