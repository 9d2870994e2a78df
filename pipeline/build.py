"""The build: sources → extracted rows → normalized tables → checked → published.

Great Expectations runs in a worker process started before anything heavy is imported here, so that
its slow import overlaps the preparation of the tables; the files are staged meanwhile and moved into
place only when it passes.
"""
import sys

from pipeline.gate import Gate
from pipeline.paths import Layout
from pipeline.workspace import commit, lock, staging


def build(layout: Layout, out=sys.stderr, gate: Gate | None = None):
    """Build, check and publish the dataset of `layout`; the Prepared tables and notes. `gate`: a Great
    Expectations worker already started (the benchmark's, warm); by default one is started here, first."""
    with lock(layout.out), staging(layout.out) as stage:
        gate = gate or Gate()
        try:
            from pipeline import publish
            from pipeline.prepare import prepare, summary, timed

            prepared = prepare(layout)
            gate.submit({**prepared.tables, **prepared.intermediate}, stage / "data-docs")
            with timed(prepared.seconds, "publish"):
                publish.write(prepared.tables, stage, prepared.intermediate)
            with timed(prepared.seconds, "expectations_wait"):
                prepared.seconds |= gate.wait()
        finally:
            gate.close()
        with timed(prepared.seconds, "publish"):
            commit(stage, layout.out, prepared.tables["sources"])
    for note in prepared.notes:
        print(note, file=out)
    print(summary(prepared), file=out)
    return prepared
