"""The build: sources → extracted rows → normalized tables → checked → published.

Great Expectations runs in a worker process started before anything heavy is imported here, so that
its slow import overlaps the preparation of the tables; the files are staged meanwhile and switched
into place only when it passes.
"""
import sys

from pipeline.gate import Gate
from pipeline.paths import Layout
from pipeline.workspace import check_out, commit, lock, recover, staging


def build(layout: Layout, out=sys.stderr):
    """Build, check and publish the dataset of `layout`; the Prepared tables and notes."""
    target = check_out(layout.out)
    with lock(target):
        recover(target)
        check_out(target)
        with staging(target) as stage:
            gate = Gate(stage / "data-docs")
            try:
                from pipeline import publish
                from pipeline.prepare import prepare, summary, timed

                prepared = prepare(layout)
                gate.submit({**prepared.tables, **prepared.intermediate})
                with timed(prepared.seconds, "publish"):
                    publish.write(prepared.tables, stage, prepared.intermediate)
                with timed(prepared.seconds, "expectations_wait"):
                    prepared.seconds |= gate.wait()
            finally:
                gate.close()
            with timed(prepared.seconds, "publish"):
                commit(stage, target, prepared.tables["sources"])
    for note in prepared.notes:
        print(note, file=out)
    print(summary(prepared), file=out)
    return prepared
