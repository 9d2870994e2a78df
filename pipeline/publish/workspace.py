"""The publish stage's handling of the output folder: who owns it, its lock and journal, the staging
folder, the switch.

A build is written whole into a staging folder beside the output folder (`.<name>.staging-*`, same
file system), its manifest last. Publishing is then one atomic step: renameat2(RENAME_EXCHANGE)
swaps the staging folder and the output folder, so a reader of `build/` sees the previous build or
the new one, never a mix; the previous build, now under the staging name, is removed afterwards.
Where the file system cannot exchange, the old folder is renamed aside and the new one renamed into
place (between the two, the folder is missing, never mixed).

The lock file beside the output folder (`.<name>.lock`) is also the journal: before a folder is
created, its name is written there, and the sha256 of the new manifest once it is written. The next
build, under the lock, finishes what a killed one left, and touches only the folders the journal
names: a complete staged build (its manifest is the journaled one, every file matches it) replaces a
missing output folder (roll forward) or is deleted (roll back); a previous build is removed; a
half-written staging folder is deleted.

The pipeline removes only what one of its own builds recorded: a previous build is removed file by
file, as its manifest (or, for a committed build, its datapackage.json) lists them, and a folder
that still holds anything else is kept and named. It replaces only an output folder that is missing,
empty, or a build (every entry in it recorded); anything else is refused, and so are `/`, the home
folder and the repository outside build/. Standard library only: the build takes the lock before
importing anything heavy.
"""
import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import stat
import sys
from pathlib import Path

from pipeline.core.errors import OutputError
from pipeline.core.hashing import published_sha256, sha256
from pipeline.core.text import visible
from pipeline.core.paths import BUILD, COMMITTED_OUTPUTS, DATASET_NAME, ROOT

MANIFEST = "manifest.json"


GENERATOR = f"{DATASET_NAME} pipeline"


SHA256 = re.compile(r"[0-9a-f]{64}")


AT_FDCWD = -100


RENAME_EXCHANGE = 2


def sibling(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}"


def entries(folder: Path) -> list[str]:
    """Every entry under `folder` but the folders that hold something: files, symbolic links (to folders
    too) and empty folders, as sorted relative paths."""
    found = []
    for top, dirs, files in os.walk(folder):
        here = Path(top)
        links = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        found += [(here / name).relative_to(folder).as_posix() for name in files + links]
        if not dirs and not files and not links and here != folder:
            found.append(here.relative_to(folder).as_posix())
    return sorted(found)


def check_out(out: Path) -> Path:
    """The output folder, resolved; refused (OutputError) unless the pipeline may replace it."""
    if out.is_symlink() and not out.exists():
        raise OutputError("is a dangling symbolic link: remove it or choose another --out", out)
    try:
        real = out.resolve()
    except RuntimeError:
        raise OutputError("is reached through a loop of symbolic links: choose another --out", out) from None
    forbidden = {Path("/"): "the root folder", Path.home().resolve(): "the home folder",
                 ROOT: "the repository root"}
    if real in forbidden:
        raise OutputError(f"is {forbidden[real]}: a build replaces its output folder whole; "
                          "choose an empty or new folder", out)
    if ROOT in real.parents and real != BUILD:
        raise OutputError("is inside the repository, where only build/ is the pipeline's: choose build/ or a "
                          "folder outside the repository", out)
    if real.exists() and not real.is_dir():
        raise OutputError("is not a folder: choose an empty or new folder for --out", out)
    if real.is_dir():
        foreign = foreign_entries(real)
        if foreign:
            hint = "" if read_manifest(real / MANIFEST) or not (real / MANIFEST).exists() else \
                " (its manifest.json is not this pipeline's: a build of version 1.0? `make clean` removes one)"
            raise OutputError(f"holds {foreign[0]}, which no build of this pipeline wrote ({len(foreign)} such "
                              f"entries){hint}: a build replaces its output folder whole; move them away or choose "
                              "an empty or new folder", out)
    return real


def foreign_entries(folder: Path) -> list[str]:
    """The entries in `folder` that no build of the pipeline recorded, in sorted order."""
    owned = owned_files(folder)
    return [name for name in entries(folder) if name not in owned]


def owned_files(folder: Path) -> set[str]:
    """Files a build recorded in `folder`: its manifest's, and those a build commits (this dataset's
    datapackage.json, the CSVs it lists, the picture), which git may bring into a fresh clone or update
    in a build folder after a pull."""
    owned = committed_files(folder)
    manifest = read_manifest(folder / MANIFEST)
    if manifest is not None:
        owned |= {f["path"] for f in manifest["files"]} | {MANIFEST}
    return owned


def committed_files(folder: Path) -> set[str]:
    try:
        described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        if described.get("name") != DATASET_NAME:
            return set()
        return {r["path"] for r in described["resources"] if safe(r["path"])} | set(COMMITTED_OUTPUTS)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def safe(name) -> bool:
    """A path that stays inside its folder: relative, without '..'."""
    return isinstance(name, str) and bool(name) and not name.startswith("/") and ".." not in name.split("/")


def read_manifest(path: Path) -> dict | None:
    """A build manifest written by this pipeline, or None (absent, unreadable, malformed, someone else's)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files, sources = manifest["files"], manifest["sources"]
        if manifest.get("generator") != GENERATOR or not isinstance(files, list) or not isinstance(sources, list) \
                or not all(isinstance(s, dict) for s in sources):
            return None
        if not all(isinstance(f, dict) and safe(f.get("path")) and isinstance(f.get("sha256"), str)
                   and SHA256.fullmatch(f["sha256"]) for f in files):
            return None
        return manifest
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def complete(folder: Path, digest: str | None = None) -> bool:
    """A build whose manifest is this pipeline's (and the one journaled, if given), and whose every file
    is there with the content the manifest records."""
    path = folder / MANIFEST
    manifest = read_manifest(path)
    if manifest is None or (digest is not None and sha256(path) != digest):
        return False
    return all((folder / f["path"]).is_file() and published_sha256(folder / f["path"]) == f["sha256"]
               for f in manifest["files"])


class Journal:
    """The lock file beside the output folder: held for the whole build, it records the folders a build
    creates beside the output folder, so that the next build finishes what a killed one left."""

    def __init__(self, out: Path):
        self.path = sibling(out, "lock")
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise OutputError("is a symbolic link where the pipeline keeps its lock: remove it", self.path) \
                    from None
            raise
        if not stat.S_ISREG(os.fstat(self.fd).st_mode):
            os.close(self.fd)
            raise OutputError("is not a regular file, where the pipeline keeps its lock: remove it", self.path)

    def lock(self, out: Path) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(visible(f"waiting for another build of {out} to finish..."), file=sys.stderr)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        if self.read() is None:
            os.close(self.fd)
            raise OutputError("holds something other than this pipeline's lock: move it away", self.path)

    def read(self) -> dict | None:
        """The journal: {} when empty, None when the file is not the pipeline's."""
        data = os.pread(self.fd, 1 << 16, 0)
        if not data:
            return {}
        try:
            journal = json.loads(data)
        except ValueError:
            return None
        return journal if isinstance(journal, dict) and journal.get("generator") == GENERATOR else None

    def write(self, **entries) -> None:
        data = json.dumps({"generator": GENERATOR, **entries}).encode() if entries else b""
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


@contextlib.contextmanager
def lock(out: Path):
    """Hold the output folder's lock: a second build waits for the first to finish. Yields the journal."""
    out.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal(out)
    try:
        journal.lock(out)
        yield journal
    finally:
        if journal.fd >= 0:
            with contextlib.suppress(OSError):
                journal.close()


def recover(out: Path, journal: Journal, notes: list[str]) -> None:
    """Under the lock: finish what a killed build left, as its journal says."""
    entry = journal.read()
    staged = out.parent / entry["staging"] if safe(entry.get("staging")) and "/" not in entry["staging"] else None
    aside = out.parent / entry["aside"] if safe(entry.get("aside")) and "/" not in entry["aside"] else None
    if staged is not None and staged.is_dir() and not staged.is_symlink():
        new = entry.get("manifest") is not None and complete(staged, entry["manifest"])
        if new and not out.exists():
            os.rename(staged, out)
        elif new or entry.get("manifest") is None:
            shutil.rmtree(staged)
        else:
            discard(staged, notes)
    if aside is not None and aside.is_dir() and not aside.is_symlink():
        discard(aside, notes)
    journal.write()


@contextlib.contextmanager
def staging(out: Path, journal: Journal):
    """A fresh staging folder beside `out`, journaled before it is made; deleted on the way out unless
    it was published."""
    stage = sibling(out, f"staging-{secrets.token_hex(4)}")
    journal.write(staging=stage.name)
    stage.mkdir(mode=out.stat().st_mode & 0o7777 if out.is_dir() else 0o777)  # the umask applies as to any folder
    try:
        yield stage
    finally:
        entry = journal.read()
        if entry.get("staging") == stage.name and "manifest" not in entry:
            shutil.rmtree(stage, ignore_errors=True)
            journal.write()


def manifest(stage: Path, sources, ocr: dict | None = None) -> bytes:
    """Every file of the build with its sha256, and the sources it was built from, each scan with where its words
    came from (`ocr`: the OCR cache or the engine) and its pages (empty folders, which a manifest cannot record, are
    removed first)."""
    for top, _, _ in os.walk(stage, topdown=False):
        if top != str(stage) and not os.listdir(top):
            os.rmdir(top)
    return (json.dumps({
        "generator": GENERATOR,
        "sources": [{"source_id": s, "file": f, "sha256": h, **({"ocr": (ocr or {})[s]} if s in (ocr or {}) else {})}
                    for s, f, h in zip(sources.source_id, sources.file, sources.sha256)],
        "files": [{"path": name, "sha256": published_sha256(stage / name)} for name in entries(stage)],
    }, indent=2, ensure_ascii=False) + "\n").encode()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where the file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    if libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def commit(stage: Path, out: Path, sources, journal: Journal, ocr: dict | None = None) -> list[str]:
    """Publish the staged build: write its manifest (journaled), switch it with the output folder at
    once, then remove the previous build. Notes on anything kept."""
    (stage / MANIFEST).write_bytes(manifest(stage, sources, ocr))
    journal.write(staging=stage.name, manifest=sha256(stage / MANIFEST))
    notes: list[str] = []
    if not out.exists():
        os.rename(stage, out)
    elif exchange(stage, out):
        discard(stage, notes)
    else:
        aside = sibling(out, f"old-{stage.name.rsplit('-', 1)[-1]}")
        journal.write(staging=stage.name, manifest=sha256(stage / MANIFEST), aside=aside.name)
        os.rename(out, aside)
        os.rename(stage, out)
        discard(aside, notes)
    journal.write()
    return notes


def discard(folder: Path, notes: list[str]) -> None:
    """Remove a previous build: the files it recorded, then the folders they leave empty. A folder that
    still holds something else (written there by someone else) is kept, and named in the notes."""
    owned = owned_files(folder)
    for name in sorted(owned, key=lambda n: (n == MANIFEST, n == "datapackage.json", n)):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError as exc:
                notes.append(f"warning: could not remove {path} of the previous build ({exc.strerror})")
    for top, _, _ in os.walk(folder, topdown=False):
        with contextlib.suppress(OSError):
            os.rmdir(top)
    if folder.exists():
        notes.append(f"warning: kept {folder}: it holds {', '.join(entries(folder)[:3])}, which no build wrote; "
                     "move what you need, then delete it")
