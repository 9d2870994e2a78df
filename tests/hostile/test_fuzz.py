"""Property: whatever lines of the real circular or arrêté are changed, the build never crashes.

It succeeds, or fails cleanly: bad input (exit 2) or validation (exit 1). `make test` runs 6 examples
of each (each a whole preparation of both sources); `make fuzz` runs FUZZ_EXAMPLES of them.
"""
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import PipelineError
from pipeline.core.paths import Layout
from pipeline.serve.prepare import prepare
from tests.helpers import ARRETE, CIRCULAR, copy_raw, rehash

LINES = CIRCULAR.read_text(encoding="utf-8").split("\n")
ANNEX = LINES.index("ANNEXE")
ARRETE_LINES = ARRETE.read_text(encoding="utf-8").split("\n")
PIECES = st.sampled_from(list("0123456789\t  abcéCODE ROMEmétiers.-()'#\u00a0\r") + ["ANNEXE", "Corse", "52313"])
TEXT = st.lists(PIECES, max_size=20).map("".join)
OPS = st.sampled_from(["delete", "duplicate", "replace", "insert", "swap", "truncate"])
EDIT = st.tuples(OPS, st.integers(ANNEX - 5, len(LINES) - 1), TEXT)
ARRETE_EDIT = st.tuples(OPS, st.integers(0, len(ARRETE_LINES) - 1), TEXT)


def apply(lines: list[str], edits) -> list[str]:
    lines = list(lines)
    for op, index, text in edits:
        index = min(index, len(lines) - 1)
        if op == "delete":
            del lines[index]
        elif op == "duplicate":
            lines.insert(index, lines[index])
        elif op == "replace":
            lines[index] = text
        elif op == "insert":
            lines.insert(index, text)
        elif op == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif op == "truncate":
            lines[index] = lines[index][: len(text)]
            del lines[index + 1:]
    return lines


SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")), deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def builds_or_fails_cleanly(source, lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = copy_raw(Path(tmp) / "raw")
        (raw / source.name).write_text("\n".join(lines), encoding="utf-8")
        rehash(raw)
        try:
            prepare(Layout(raw=raw, out=Path(tmp) / "out"))
        except PipelineError as exc:
            assert exc.exit_code in (1, 2)
            assert "\n" not in str(exc)


@SETTINGS
@given(st.lists(EDIT, min_size=1, max_size=4))
def test_mutated_circular_builds_or_fails_cleanly(edits):
    builds_or_fails_cleanly(CIRCULAR, apply(LINES, edits))


@SETTINGS
@given(st.lists(ARRETE_EDIT, min_size=1, max_size=4))
def test_mutated_arrete_builds_or_fails_cleanly(edits):
    builds_or_fails_cleanly(ARRETE, apply(ARRETE_LINES, edits))
