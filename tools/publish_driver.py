"""Publish a tiny build into a folder exactly as `pipeline.serve.build` does, around the staging step:
lock, recover what a killed run left, check the folder is ours, stage, switch, remove the previous build. Standard library only,
so that tests can kill it at each file-system step (under strace) at little cost.

    python -m tools.publish_driver OUT LABEL [--no-exchange]
"""
import sys
from pathlib import Path
from types import SimpleNamespace

from pipeline.publish import workspace

FILES = ("csv/a.csv", "csv/b.csv", "parquet/a.parquet", "data-docs/index.html", "datapackage.json")


def main(out: Path, label: str) -> None:
    target = workspace.check_out(out)
    with workspace.lock(target) as journal:
        workspace.recover(target, journal, [])
        workspace.check_out(target)
        with workspace.staging(target, journal) as stage:
            for name in FILES:
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                (stage / name).write_text(f"{label} {name}\n", encoding="utf-8")
            sources = SimpleNamespace(source_id=["X"], file=["x.txt"], sha256=["0" * 64])
            workspace.commit(stage, target, sources, journal)


if __name__ == "__main__":
    if "--no-exchange" in sys.argv:
        workspace.exchange = lambda a, b: False
    main(Path(sys.argv[1]), sys.argv[2])
