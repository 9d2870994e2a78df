"""A build killed at each file-system step of publishing (issue #11): killed by strace at the entry of
the k-th rename, exchange, unlink or rmdir, for every k. At every step the output folder is one whole
build that agrees with its manifest, old or new, and the next start rolls the leftovers forward or back.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from pipeline.core.hashing import published_sha256
from pipeline.publish import workspace
from pipeline.publish.workspace import entries
from tests.helpers import CIRCULAR, ROOT
from tools import publish_driver

STEPS = "rename,renameat,renameat2,unlink,unlinkat,rmdir,symlink,symlinkat,link,linkat"
CALL = re.compile(r"^(?:\[pid +\d+\] |\d+ +)?(\w+)\(")
ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "PYTHONDONTWRITEBYTECODE": "1"}

pytestmark = pytest.mark.skipif(shutil.which("strace") is None,
                                reason="strace is not installed (apt-get install strace; .ci/run installs it)")


def strace(*, trace=STEPS, inject=None, command):
    options = ["strace", "-f", "-qq", "-e", f"trace={trace}", "-o", "/dev/stderr"]
    if inject:
        options += ["-e", f"inject={inject[0]}:signal=SIGKILL:when={inject[1]}"]
    return subprocess.run([*options, *command], cwd=ROOT, env=ENV, capture_output=True, text=True)


def steps(command) -> list[str]:
    """The file-system steps a run takes, in order, by system call name."""
    run = strace(command=command)
    assert run.returncode == 0, run.stderr
    return [m.group(1) for m in map(CALL.match, run.stderr.splitlines()) if m]


def kill_at(command, calls: list[str], k: int):
    """Run `command`, killed on entering its k-th step (1-based): the steps before it are done."""
    name = calls[k - 1]
    return strace(trace=name, inject=(name, calls[:k].count(name)), command=command)


def whole(out) -> dict:
    """The build in `out`, checked whole: every file listed in its manifest, with that content, and no other."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    present = {name: published_sha256(out / name) for name in entries(out) if name != "manifest.json"}
    assert present == listed
    return listed


def leftovers(out) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, f".{out.name}.lock"))


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_publishing_killed_at_every_step(tmp_path, monkeypatch, exchange):
    """The killed runs are programs under strace; the builds around them run in this process."""
    out = tmp_path / "out"
    flags = [] if exchange else ["--no-exchange"]
    killable = [sys.executable, "-m", "tools.publish_driver", str(out), "new", *flags]
    if not exchange:
        monkeypatch.setattr(workspace, "exchange", lambda a, b: False)
    publish_driver.main(out, "old")
    old = whole(out)
    calls = steps(killable)
    new = whole(out)
    assert old != new
    assert calls[0] == ("renameat2" if exchange else "rename") and len(calls) >= 10
    for k in range(1, len(calls) + 1):
        publish_driver.main(out, "old")
        assert whole(out) == old
        killed = kill_at(killable, calls, k)
        assert killed.returncode != 0, f"step {k} ({calls[k - 1]}) was not reached"
        if out.exists():
            assert whole(out) in (old, new), f"killed at step {k} ({calls[k - 1]}): a mixed build"
        else:
            assert not exchange and k == 2, f"killed at step {k}: no build where readers look"
        publish_driver.main(out, "new")
        assert whole(out) == new and leftovers(out) == [], f"step {k}: not recovered by the next start"


def test_a_real_build_killed_at_its_switch_leaves_the_previous_one(real_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(real_build, out)
    before = whole(out)
    # Without the Great Expectations gate (tests/ungated.py): it passes before the switch, and is not what is tested.
    build = [sys.executable, "-m", "tests.ungated", "build", "--raw", str(CIRCULAR), "--out", str(out)]
    killed = strace(trace="renameat2", inject=("renameat2", 1), command=build)
    assert killed.returncode != 0 and "+++ killed by SIGKILL +++" in killed.stderr
    assert whole(out) == before
    assert [name.split("-")[0] for name in leftovers(out)] == [".out.staging"]
