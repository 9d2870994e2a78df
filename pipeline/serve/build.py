"""The build: sources → extracted rows → normalized tables → checked → published.

Great Expectations runs in a worker process started before anything heavy is imported here, so that
its slow import overlaps the preparation of the tables; the files are staged meanwhile and switched
into place only when it passes.
"""
import sys

from pipeline.core.paths import Layout
from pipeline.core.text import visible
from pipeline.publish.workspace import check_out, commit, lock, recover, staging
from pipeline.validate.gate import Gate


def build(layout: Layout, out=None, gate: Gate | None = None):
    """Build, check and publish the dataset of `layout`, saying what it did on `out` (standard error by
    default); the Prepared tables and notes. `gate`: a Great Expectations worker already started (the
    benchmark's, warm); by default one is started here, first."""
    out = out or sys.stderr
    target = check_out(layout.out)
    kept: list[str] = []
    with lock(target) as journal:
        recover(target, journal, kept)
        check_out(target)
        with staging(target, journal) as stage:
            gate = gate or Gate()
            try:
                from pipeline.publish import writers as publish
                from pipeline.serve.prepare import prepare, summary, timed

                prepared = prepare(layout)
                gate.submit({**prepared.tables, **prepared.intermediate}, stage / "data-docs")
                with timed(prepared.seconds, "publish"):
                    publish.write(prepared.tables, stage, prepared.intermediate)
                with timed(prepared.seconds, "expectations_wait"):
                    prepared.seconds |= gate.wait()
            finally:
                gate.close()
            with timed(prepared.seconds, "publish"):
                kept += commit(stage, target, prepared.tables["sources"], journal)
    for note in prepared.notes + kept:
        print(visible(note), file=out)
    print(summary(prepared), file=out)
    return prepared
