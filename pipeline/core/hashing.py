"""The one place the pipeline hashes files."""
import hashlib
from pathlib import Path


def sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks: the one place the pipeline hashes files."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
