"""Property: whatever lines of the real circular are changed, the build never crashes.

It succeeds, or fails cleanly: bad input (exit 2) or validation (exit 1). `make test` runs a few
dozen examples; `make fuzz` runs FUZZ_EXAMPLES of them.
"""
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.prepare import prepare
from pipeline.errors import PipelineError
from pipeline.paths import Layout
from tests.helpers import CIRCULAR, copy_raw, rehash

LINES = CIRCULAR.read_text(encoding="utf-8").split("\n")
ANNEX = LINES.index("ANNEXE")
PIECES = st.sampled_from(list("0123456789\t  abcéCODE ROMEmétiers.-()'\u00a0\r") + ["ANNEXE", "Corse", "52313"])
TEXT = st.lists(PIECES, max_size=20).map("".join)
EDIT = st.tuples(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap", "truncate"]),
                 st.integers(ANNEX - 5, len(LINES) - 1), TEXT)


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


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=4))
def test_mutated_lines_build_or_fail_cleanly(edits):
    with tempfile.TemporaryDirectory() as tmp:
        raw = copy_raw(Path(tmp) / "raw")
        (raw / CIRCULAR.name).write_text("\n".join(apply(LINES, edits)), encoding="utf-8")
        rehash(raw)
        try:
            prepare(Layout(raw=raw, out=Path(tmp) / "out"))
        except PipelineError as exc:
            assert exc.exit_code in (1, 2)
            assert "\n" not in str(exc)
