"""Check that a change kept the output: build the seeds and the corpus with this checkout and
with another git revision (in a temporary worktree), and compare the files byte for byte.

    .venv/bin/python -m benchmarks.same_output [REV] [--jobs N] [--keep DIR]

REV defaults to HEAD (so uncommitted work is compared with the last commit). Inputs: seeds/,
and where ../shared/corpus is present its Indonesian and English articles and the five
Timeline17 topics (written out as article files under data/tls/<topic>/articles/). Both
builds read the same files by the same paths with this checkout's Python environment, and
neither uses a cache. Exit status 0 when every events and skip file is identical.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TLS_TOPICS = ("timeline17_haiti", "timeline17_egypt", "timeline17_finan", "timeline17_h1n1", "timeline17_iraq")


def _inputs() -> dict[str, list[Path]]:
    """Named input sets: each is built into its own output."""
    sets = {"seeds": [ROOT / "seeds"]}
    for lang in ("id", "en"):
        files = sorted((CORPUS / lang).glob("*.txt"))
        if files:
            sets[f"corpus_{lang}"] = files
    for topic in TLS_TOPICS:
        csv = CORPUS / "tls" / topic / "articles.csv"
        if csv.exists():
            from pipeline.evaluate.timeline import write_articles

            out = ROOT / "data" / "tls" / topic / "articles"
            write_articles(csv, out)
            sets[topic] = [out]
    return sets


def _build(checkout: Path, inputs: list[Path], out: Path, jobs: int) -> None:
    cmd = [sys.executable, "-m", "pipeline", "build", *map(str, inputs), "--out", str(out), "--no-cache",
           "--jobs", str(jobs)]
    done = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {checkout}:\n{done.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="the git revision to compare with (default HEAD)")
    parser.add_argument("--jobs", type=int, default=2, help="processes per build (default 2)")
    parser.add_argument("--keep", type=Path, default=None, help="keep both outputs in this folder")
    args = parser.parse_args(argv)

    sets = _inputs()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = work / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.rev], cwd=ROOT, check=True,
                       capture_output=True)
        outs = args.keep or work / "out"
        try:
            differ = []
            for name, inputs in sets.items():
                for side, checkout in (("base", base), ("here", ROOT)):
                    _build(checkout, inputs, outs / side / f"{name}.jsonl", args.jobs)
                for suffix in (".jsonl", ".skipped.jsonl"):
                    a, b = outs / "base" / f"{name}{suffix}", outs / "here" / f"{name}{suffix}"
                    same = filecmp.cmp(a, b, shallow=False)
                    lines = sum(1 for _ in b.open(encoding="utf-8"))
                    print(f"{name + suffix:40} {lines:7,} rows  {'same' if same else 'DIFFERENT'}")
                    if not same:
                        differ.append(name + suffix)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
    if differ:
        print(f"different from {args.rev}: {', '.join(differ)}")
        return 1
    print(f"every output is byte for byte the same as {args.rev}'s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
