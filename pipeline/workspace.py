"""The publish stage's handling of the output folder: its lock, the staging folder, and the moves into place.

Everything is written to a staging folder inside the output folder, then each file is moved into
place with os.replace (atomic on one file system), the manifest last. A failed or killed build
leaves the files readers see whole: the old ones or the new ones. Standard library only, so that
the build can take the lock and start its workers before importing anything heavy.
"""
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

LOCK_NAME = ".lock"


@contextlib.contextmanager
def lock(out: Path):
    """Hold the output folder's lock: a second build waits for the first to finish."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {out} to finish...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def staging(out: Path):
    """A fresh staging folder inside `out`, removed on the way out whatever happens.

    Called under the lock: any other staging folder was left by a killed build, and goes.
    """
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(stage: Path, sources) -> bytes:
    """Every published file with its sha256, and the sources it was built from."""
    files = sorted(p for p in stage.rglob("*") if p.is_file() and "data-docs" not in p.parts)
    return (json.dumps({
        "sources": [{"source_id": s, "file": f, "sha256": h}
                    for s, f, h in zip(sources.source_id, sources.file, sources.sha256)],
        "files": [{"path": p.relative_to(stage).as_posix(), "sha256": sha256(p)} for p in files],
    }, indent=2, ensure_ascii=False) + "\n").encode()


def commit(stage: Path, out: Path, sources) -> None:
    """Move the staged files into place, one atomic rename each, the manifest last."""
    (stage / "manifest.json").write_bytes(manifest(stage, sources))
    for folder in ("csv", "parquet"):
        (out / folder).mkdir(exist_ok=True)
        fresh = {p.name for p in (stage / folder).iterdir()}
        for old in (out / folder).iterdir():
            if old.is_file() and old.name not in fresh:
                old.unlink()
    staged = sorted((p for p in stage.rglob("*") if p.is_file() and "data-docs" not in p.parts),
                    key=lambda p: p.name == "manifest.json")
    if (stage / "data-docs").is_dir():
        replace_folder(stage / "data-docs", out / "data-docs")
    for path in staged:
        target = out / path.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


def replace_folder(new: Path, target: Path) -> None:
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
