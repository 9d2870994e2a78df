"""The Great Expectations worker, seen from the build: started first of all (this module imports no
third-party package), so that its slow import overlaps the whole preparation of the tables."""
import contextlib
import ctypes
import errno
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from pipeline.core import interrupts
from pipeline.core.errors import ValidationFailed
from pipeline.core.paths import ROOT

PR_SET_PDEATHSIG = 1
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)

def die_with_parent() -> None:
    """In the worker, before it starts: be killed when the build is (Linux), not left writing Data Docs."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Gate:
    """Great Expectations (pipeline.validate.expectations) in a worker process: it says `ready` once imported, then
    validates the tables it is sent and writes the Data Docs into the folder it is sent with them."""

    def __init__(self):
        # The worker's standard error goes to a log of its own, made private (mkstemp: mode 0600, a name no one
        # can guess or plant a link at): kept and named when the worker crashes, removed otherwise.
        descriptor, name = tempfile.mkstemp(prefix="metiers-ouverts-expectations-", suffix=".log")
        self.log, self.keep_log = Path(name), False
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.validate.expectations"], cwd=ROOT, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=descriptor,
                env={**os.environ, "GX_ANALYTICS_ENABLED": "False", "TZ": "UTC"},  # Data Docs' times in UTC
                preexec_fn=die_with_parent)
        except BaseException:
            self.log.unlink(missing_ok=True)
            raise
        finally:
            os.close(descriptor)
        self.sender: threading.Thread | None = None
        self.docs: Path | None = None

    def ready(self) -> None:
        """Block until the worker has imported Great Expectations (for the benchmark: a build with a warm worker)."""
        for line in self.process.stdout:
            if line.strip() == b"ready":
                return

    def submit(self, tables: dict, docs: Path) -> None:
        """Send the tables and return at once: a pipe holds 64 KiB, and the worker reads only once it has
        imported Great Expectations, so the build writes its files meanwhile."""
        self.docs = docs
        data = pickle.dumps((str(docs.resolve()), tables), protocol=pickle.HIGHEST_PROTOCOL)
        self.sender = threading.Thread(target=self.send, args=(data,), daemon=True)
        self.sender.start()

    def send(self, data: bytes) -> None:
        with contextlib.suppress(BrokenPipeError), self.process.stdin:  # the worker died: wait() says so
            self.process.stdin.write(data)

    def wait(self) -> dict[str, float]:
        """The worker's own timings; raise ValidationFailed when an expectation failed, OSError(ENOSPC) when the
        disk it wrote the Data Docs on is full, ValidationFailed naming the worker's log when it crashed."""
        out = self.process.stdout.read().splitlines()
        self.process.wait()
        self.sender.join()
        try:
            answer = json.loads(out[-1])
        except (json.JSONDecodeError, IndexError):
            stopped = f"the Great Expectations worker stopped ({self.process.returncode})"
            answer = {"status": "crashed", "failures": [stopped]}
        if answer["status"] == "crashed":
            if answer.get("errno") in NO_SPACE or full(self.docs):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.docs))
            self.keep_log = interrupts.received() is None  # a worker stopped by Ctrl-C has nothing to say
            answer["failures"].append(f"the worker's error output is in {self.log}")
        if answer["failures"]:
            raise ValidationFailed(f"Great Expectations: {len(answer['failures'])} failure(s) ({answer['status']}); "
                                   "nothing was published", answer["failures"])
        return answer["seconds"]

    def close(self) -> None:
        """Stop the worker if it is still running (the build failed before it answered)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.sender is not None:
            self.sender.join()
        for stream in (self.process.stdin, self.process.stdout):
            if not stream.closed:
                stream.close()
        if not self.keep_log:
            self.log.unlink(missing_ok=True)


def full(folder: Path | None) -> bool:
    """Whether the file system of `folder` (or of its nearest existing parent) has no free block left."""
    while folder is not None and not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return folder is not None and os.statvfs(folder).f_bavail == 0
    except OSError:
        return False
