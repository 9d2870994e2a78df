"""The publish stage's handling of the output folder: who owns it, its lock, the staging folder, the switch.

A build is written whole into a staging folder beside the output folder (`.<name>.staging-*`, same
file system), its manifest last. Publishing is then one atomic step: renameat2(RENAME_EXCHANGE)
swaps the staging folder and the output folder, so a reader of `build/` sees the previous build or
the new one, never a mix; the previous build, now under the staging name, is deleted afterwards.
Where the file system cannot exchange, the old folder is renamed aside and the new one renamed into
place; a crash between the two leaves a complete staged build that the next start rolls forward.
Every leftover of a killed build (a staging folder, a folder renamed aside) is rolled back or
forward by the next build, under the lock.

The pipeline replaces only an output folder that one of its builds wrote (its manifest lists every
file in it), an empty or missing one, or a committed build (a datapackage.json of this dataset and
only the files that a build commits); anything else is refused, and so are `/`, the home folder and
the repository root. Standard library only: the build takes the lock before importing anything heavy.
"""
import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.paths import COMMITTED_OUTPUTS, DATASET_NAME, ROOT

MANIFEST = "manifest.json"
LEGACY_LOCK = ".lock"
GENERATOR = f"{DATASET_NAME} pipeline"
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks: the one place the pipeline hashes files."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sibling(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}"


def files_under(folder: Path, prefix: str = "") -> list[str]:
    """Every file (and symbolic link) under `folder`, as sorted relative paths."""
    return sorted(prefix + p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def check_out(out: Path) -> Path:
    """The output folder, resolved; refused (OutputError) unless the pipeline may replace it."""
    if out.is_symlink() and not out.exists():
        raise OutputError("is a dangling symbolic link: remove it or choose another --out", out)
    real = out.resolve()
    forbidden = {Path("/"): "the root folder", Path.home().resolve(): "the home folder",
                 ROOT: "the repository root"}
    if real in forbidden:
        raise OutputError(f"is {forbidden[real]}: a build replaces its output folder whole; "
                          "choose an empty or new folder", out)
    if real in (ROOT / "raw", ROOT / "checks", ROOT / "pipeline", ROOT / "tests") or ROOT / "raw" in real.parents:
        raise OutputError("is a folder of inputs or code: choose an empty or new folder", out)
    if real.exists() and not real.is_dir():
        raise OutputError("is not a folder: choose an empty or new folder for --out", out)
    if real.is_dir():
        foreign = foreign_files(real)
        if foreign:
            raise OutputError(f"holds {foreign[0]}, which no build of this pipeline wrote "
                              f"({len(foreign)} such file(s)): a build replaces its output folder whole; "
                              "move them away or choose an empty or new folder", out)
    return real


def foreign_files(out: Path) -> list[str]:
    """The files in `out` that no build of the pipeline recorded, in sorted order."""
    present = files_under(out)
    owned = owned_files(out)
    return [name for name in present if name not in owned]


def owned_files(out: Path) -> set[str]:
    """Files a build recorded in `out`: its manifest's, and those a build commits (this dataset's
    datapackage.json, the CSVs it lists, the picture), which git may bring into a fresh clone or update
    in a build folder after a pull. A build of version 1.0 left its lock and Data Docs unlisted."""
    owned = committed_files(out)
    manifest = read_manifest(out / MANIFEST)
    if manifest is not None:
        legacy = set() if "generator" in manifest else {LEGACY_LOCK, *files_under(out / "data-docs", "data-docs/")}
        owned |= {f["path"] for f in manifest["files"]} | {MANIFEST} | legacy
    return owned


def committed_files(out: Path) -> set[str]:
    try:
        described = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
        if described.get("name") != DATASET_NAME:
            return set()
        return {r["path"] for r in described["resources"]} | set(COMMITTED_OUTPUTS)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def read_manifest(path: Path) -> dict | None:
    """A build manifest written by this pipeline (or by version 1.0, which wrote no generator), or None."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if manifest.get("generator", GENERATOR) != GENERATOR or not all(isinstance(f["path"], str) for f in files):
            return None
        return manifest
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextlib.contextmanager
def lock(out: Path):
    """Hold the output folder's lock (a file beside it): a second build waits for the first to finish."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / sibling(out, "lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {out} to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def recover(out: Path) -> None:
    """Under the lock: finish what a killed build left. A complete staged build replacing a missing
    output folder is rolled forward; any other staging or set-aside folder is deleted."""
    ours = re.compile(re.escape(sibling(out, "")) + r"(staging|old)-[a-z0-9_]{8}")
    leftovers = sorted(p for p in out.parent.iterdir() if ours.fullmatch(p.name) and p.is_dir() and not p.is_symlink())
    if not out.exists():
        complete = [p for p in leftovers if ".staging-" in p.name and read_manifest(p / MANIFEST) is not None]
        if complete:
            os.rename(complete[0], out)
            leftovers.remove(complete[0])
    for path in leftovers:
        shutil.rmtree(path)


@contextlib.contextmanager
def staging(out: Path):
    """A fresh staging folder beside `out`, removed on the way out unless it was published."""
    stage = Path(tempfile.mkdtemp(prefix=sibling(out, "staging-"), dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(out.stat().st_mode & 0o7777 if out.is_dir() else 0o777 & ~umask)
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def manifest(stage: Path, sources) -> bytes:
    """Every file of the build with its sha256, and the sources it was built from."""
    return (json.dumps({
        "generator": GENERATOR,
        "sources": [{"source_id": s, "file": f, "sha256": h}
                    for s, f, h in zip(sources.source_id, sources.file, sources.sha256)],
        "files": [{"path": name, "sha256": sha256(stage / name)} for name in files_under(stage)],
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


def commit(stage: Path, out: Path, sources) -> None:
    """Publish the staged build: write its manifest, then switch it with the output folder at once."""
    (stage / MANIFEST).write_bytes(manifest(stage, sources))
    if not out.exists():
        os.rename(stage, out)
        return
    if not exchange(stage, out):
        aside = out.parent / sibling(out, f"old-{stage.name.rsplit('-', 1)[-1]}")
        os.rename(out, aside)
        os.rename(stage, out)
        stage = aside
    shutil.rmtree(stage)
