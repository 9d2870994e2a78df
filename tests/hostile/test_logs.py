"""Logs of what went wrong: a new private file each (tempfile.mkstemp, mode 0600), never a predictable name that
someone could plant a link at; the Great Expectations worker's error output kept in such a log when it crashes."""
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.core.errors import ValidationFailed
from pipeline.serve import cli
from pipeline.validate.gate import Gate


def test_a_crash_log_is_new_private_and_follows_no_planted_link(monkeypatch, tmp_path, capsys):
    """Links planted at every name the log could have had under a predictable scheme (this second and the next
    few, this process's id) must not be followed: the victim file stays as it was."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    victim = tmp_path / "victim"
    victim.write_text("untouched", encoding="utf-8")
    now = time.time()
    for second in range(-1, 6):
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now + second))
        (tmp_path / f"metiers-ouverts-crash-{stamp}-{os.getpid()}.log").symlink_to(victim)

    def bug(_):
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "run", bug)
    assert cli.main(["lookup", "--rome", "52313"]) == 70
    message = capsys.readouterr().err
    log = Path(message.split("the traceback is in ")[1].split(": please report it")[0])
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert log.parent == tmp_path and not log.is_symlink()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert 'raise KeyError("a bug")' in log.read_text(encoding="utf-8")


def test_two_crash_logs_of_one_second_are_two_files(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, second = cli.crash_log("one"), cli.crash_log("two")
    assert first != second and first.read_text() == "one" and second.read_text() == "two"


@pytest.fixture
def private_temp(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_worker_s_error_output_is_kept_in_a_private_log_when_it_crashes(private_temp):
    """Tables the worker cannot validate (none of the declared ones): it crashes, its traceback is in the log
    the failure names, a file of mode 0600 (before, its standard error went to /dev/null)."""
    gate = Gate()
    try:
        gate.submit({"not_a_table": None}, private_temp / "docs")
        with pytest.raises(ValidationFailed) as failed:
            gate.wait()
    finally:
        gate.close()
    assert failed.value.message.endswith("(crashed); nothing was published")
    named = [line for line in failed.value.report if line.startswith("the worker's error output is in ")]
    assert len(named) == 1, failed.value.report
    log = Path(named[0].removeprefix("the worker's error output is in "))
    assert log.parent == private_temp and stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "KeyError" in text, text


def test_the_worker_s_log_is_removed_when_it_does_not_crash(private_temp):
    gate = Gate()
    gate.close()  # stopped before it answered: nothing to keep
    assert list(private_temp.iterdir()) == []
