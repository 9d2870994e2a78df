"""python -m docgen SEED [SEED ...] --out DIR [--renderer R] [--regions N] [--scan|--no-scan]"""
import argparse
import json
import time

from tools.docgen import available_renderers, generate


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m docgen")
    ap.add_argument("seeds", nargs="*", type=int)
    ap.add_argument("--out", default="out")
    ap.add_argument("--renderer")
    ap.add_argument("--regions", type=int)
    ap.add_argument("--short", action="store_true", help="drop the preamble's long paragraphs")
    ap.add_argument("--scan", dest="scan", action="store_true", default=None)
    ap.add_argument("--no-scan", dest="scan", action="store_false")
    ap.add_argument("--list", action="store_true", help="which renderers are available here")
    a = ap.parse_args()
    if a.list or not a.seeds:
        print(json.dumps(available_renderers()))
    for seed in a.seeds:
        t = time.perf_counter()
        pdf = generate(seed, a.out, renderer=a.renderer, regions=a.regions, scan=a.scan, short=a.short)
        p = json.loads(pdf.with_suffix(".json").read_text())
        print(f"{pdf}  {p['renderer']}{' scan' if p['scan'] else ''}  {time.perf_counter() - t:.2f}s")


if __name__ == "__main__":
    main()
