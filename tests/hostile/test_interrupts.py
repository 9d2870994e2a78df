"""SIGINT and SIGTERM at any moment of `python -m pipeline build`, the imports included: exit 130 or 143, one
line, and the output folder holds the whole previous build or the whole new one, nothing left beside it
(pipeline.core.interrupts, installed by pipeline/__init__.py and pipeline/__main__.py before anything heavy)."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from pipeline.core import interrupts
from pipeline.serve.check import verify
from tests.helpers import ROOT

ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
# The interpreter's own start (its site module, the module runner: some 40 ms here, longer on a loaded machine)
# comes before any code of the program: an interrupt there is Python's (it dies by the signal, which a shell
# reports as 128 + its number, or exits 1 from the site module). From the moment the program catches SIGTERM
# (pipeline/__init__.py, first thing), its handlers hold: the delays below count from then.


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(real_build, tmp_path_factory):
    """A whole build in a folder of its own, and its files."""
    out = tmp_path_factory.mktemp("interrupted") / "out"
    shutil.copytree(real_build, out)
    return out, tree(out)


def catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (Linux: /proc/PID/status, SigCgt)."""
    try:
        status = open(f"/proc/{pid}/status", encoding="ascii").read()
    except OSError:
        return False
    caught = int(status.split("SigCgt:")[1].split()[0], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def interruptible() -> None:
    """A build started as from a terminal: SIGINT and SIGTERM at their default, whatever this test run inherited
    (a background job of a script runs with SIGINT ignored, which the pipeline keeps, as Python does)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def started(out, from_start=False) -> subprocess.Popen:
    """A build into `out`, once it catches SIGTERM (or at once, `from_start`)."""
    build = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--out", str(out)], cwd=ROOT, env=ENV,
                             preexec_fn=interruptible,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not from_start and not catches_sigterm(build.pid):
        if build.poll() is not None or time.monotonic() > deadline:
            build.kill()
            pytest.fail(f"the program never caught SIGTERM: {build.communicate()[1][-2000:]}")
        time.sleep(0.001)
    return build


@pytest.fixture(scope="module")
def build_seconds(tmp_path_factory) -> float:
    """How long a whole build runs from the moment it catches SIGTERM, on this machine now (the faster of two): the
    interrupts below land at shares of it (a fixed 4 s outlasted a whole build on a fast machine, which exited 0)."""
    times = []
    for _ in range(2):
        out = tmp_path_factory.mktemp("timed") / "out"
        begun = time.monotonic()
        build = started(out)
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
        times.append(time.monotonic() - begun)
    return min(times)


def interrupted(out, signum, delay, from_start=False):
    """The exit code and standard error of a build sent `signum` after `delay` seconds; None where the build had
    already ended by then."""
    build = started(out, from_start)
    time.sleep(delay)
    if build.poll() is not None:
        build.communicate()
        return None
    build.send_signal(signum)
    _, err = build.communicate(timeout=120)
    return build.returncode, err


def whole(out, before):
    """The previous build, or a whole new one; no staging or set-aside folder left beside it."""
    assert tree(out) == before or verify(out) == []
    assert {p.name for p in out.parent.iterdir()} - {".out.lock"} == {"out"}


@pytest.mark.parametrize("signum, share", [(signal.SIGINT, d) for d in (0, 0.002, 0.01, 0.02, 0.05, 0.1, 0.17,
                                                                        0.25, 0.33, 0.45, 0.6)]
                         + [(signal.SIGTERM, d) for d in (0, 0.01, 0.1, 0.2, 0.45, 0.6)])
def test_an_interrupt_at_any_moment_exits_128_plus_its_number_and_keeps_a_whole_build(previous, build_seconds, signum,
                                                                                       share):
    """`share`: when the interrupt lands, as a share of a whole build's time (build_seconds); a build that ended
    sooner (the machine less loaded than when it was timed) is run again with the interrupt twice as early."""
    out, before = previous
    ran = next(filter(None, (interrupted(out, signum, share * build_seconds / 2 ** k) for k in range(4))), None)
    assert ran is not None, "four builds each ended before their interrupt"
    code, err = ran
    assert code == 128 + signum, err
    assert err.splitlines()[-1] == interrupts.MESSAGE and "Traceback" not in err, err
    whole(out, before)


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.02, 0.04, 0.06])
def test_an_interrupt_while_python_starts_touches_nothing(previous, delay):
    out, before = previous
    ran = interrupted(out, signal.SIGINT, delay, from_start=True)
    assert ran is not None, "the build ended before its interrupt"
    code, err = ran
    assert code in (0, 1, 130, -signal.SIGINT), err
    assert "internal error" not in err
    whole(out, before)


def test_an_interrupt_an_import_turned_into_another_error_is_still_an_interrupt(monkeypatch, capsys):
    """A library that catches KeyboardInterrupt in its import and raises its own error (a RuntimeError) gives 130,
    not the internal error's 70: the signal is remembered."""
    from pipeline.serve import cli

    def importing(_):
        try:
            interrupts.stop(signal.SIGINT, None)
        except KeyboardInterrupt:
            raise RuntimeError("a library's import interrupted") from None

    monkeypatch.setattr(interrupts, "_received", [])
    monkeypatch.setattr(interrupts, "_armed", [True])
    monkeypatch.setattr(cli, "run", importing)
    assert cli.main(["build"]) == 130
    assert capsys.readouterr().err == interrupts.MESSAGE + "\n"
    monkeypatch.setattr(interrupts, "_received", [])

    def terminated(_):
        try:
            interrupts.stop(signal.SIGTERM, None)
        except KeyboardInterrupt:
            raise OSError(4, "Interrupted system call") from None

    monkeypatch.setattr(cli, "run", terminated)
    assert cli.main(["build"]) == 143


def test_an_interrupt_python_lost_in_a_callback_still_decides_the_exit_code(monkeypatch, capsys):
    """A KeyboardInterrupt raised while Python runs a weakref callback (an import's module lock) is printed as
    'Exception ignored' and lost: the build runs to its end. The signal was remembered: 130, and the message."""
    from pipeline.serve import cli

    def lost(_):
        try:
            interrupts.stop(signal.SIGINT, None)
        except KeyboardInterrupt:
            pass  # as Python does with an exception raised in a callback
        return 0

    monkeypatch.setattr(interrupts, "_received", [])
    monkeypatch.setattr(interrupts, "_armed", [True])
    monkeypatch.setattr(cli, "run", lost)
    assert cli.main(["build"]) == 130
    assert capsys.readouterr().err == interrupts.MESSAGE + "\n"


def test_an_interrupt_python_cannot_raise_is_not_printed_as_an_ignored_exception():
    """Python reports an exception a callback raised through sys.unraisablehook: a signal's KeyboardInterrupt is
    remembered and not printed (no 'Exception ignored', no traceback); any other exception is reported as ever."""
    code = ("import sys, signal, weakref\n"
            "from pipeline.core import interrupts\n"
            "interrupts.install(); interrupts.arm()\n"
            "class C: pass\n"
            "def cb(_): interrupts.stop(signal.SIGINT, None)\n"
            "c = C(); r = weakref.ref(c, cb); del c\n"
            "def other(_): raise ValueError('a callback failed')\n"
            "d = C(); s = weakref.ref(d, other); del d\n"
            "print(interrupts.received())\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout == f"{signal.SIGINT}\n"
    assert "KeyboardInterrupt" not in run.stderr and "ValueError: a callback failed" in run.stderr


def test_duckdb_is_imported_before_the_program_is_armed():
    """An interrupt raised inside DuckDB's import aborted the process ('Critical nanobind error', exit -6, under
    load): imported before `arm`, a signal there ends the program at once with 128 + its number."""
    probe = ("import runpy, sys\nfrom pipeline.core import interrupts\n"
             "interrupts.arm = lambda: sys.exit(0 if 'duckdb' in sys.modules else 3)\n"
             "sys.argv = ['pipeline', '--help']\nrunpy.run_module('pipeline', run_name='__main__')\n")
    assert subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True).returncode == 0
