"""The build: sources → extracted rows → normalized tables → checked → published.

Great Expectations runs in a worker process started before anything heavy is imported here, so that
its slow import overlaps the preparation of the tables; the files are staged meanwhile and switched
into place only when it passes.
"""
import errno
import shutil
import sys

from pipeline.core.errors import OutputError
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
    try:
        prepared, kept = staged(layout, target, gate)
    except OSError as exc:
        if exc.errno not in NO_SPACE:
            raise
        raise OutputError(f"no space left on its device to stage a new build beside it ({free(target)} free; "
                          "the previous build is untouched): free some space and build again", target) from None
    from pipeline.serve.prepare import summary

    for note in prepared.notes + kept:
        print(visible(note), file=out)
    print(summary(prepared), file=out)
    return prepared


NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def free(folder) -> str:
    """The free space of the file system of `folder`, in words."""
    try:
        left = shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        return "unknown"
    return f"{left / 2**20:.1f} MiB"


def staged(layout: Layout, target, gate: Gate | None):
    """Stage the build beside `target` and switch it into place: the Prepared tables and the notes of the switch."""
    kept: list[str] = []
    with lock(target) as journal:
        recover(target, journal, kept)
        check_out(target)
        with staging(target, journal) as stage:
            gate = gate or Gate()
            try:
                from pipeline.publish import writers as publish
                from pipeline.serve.prepare import prepare, timed

                prepared = prepare(layout)
                gate.submit({**prepared.tables, **prepared.intermediate}, stage / "data-docs")
                with timed(prepared.seconds, "publish"):
                    publish.write(prepared.tables, stage, prepared.intermediate)
                with timed(prepared.seconds, "expectations_wait"):
                    prepared.seconds |= gate.wait()
            finally:
                gate.close()
            with timed(prepared.seconds, "publish"):
                kept += commit(stage, target, prepared.tables["sources"], journal, prepared.ocr)
    return prepared, kept
