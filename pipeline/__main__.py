"""Command line: python -m pipeline build [PATH ...] [--out FILE]; python -m pipeline evaluate gold FILE ..."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_OUT = Path("data/events.jsonl")
DEFAULT_INPUT = Path("seeds")


def _progress(total_hint: int):
    def wrap(items):
        items = list(items)
        if len(items) < 20:
            return items
        from tqdm import tqdm

        return tqdm(items, desc="articles", unit="article", file=sys.stderr, mininterval=0.5)
    return wrap


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_events, write_build
    from .store import FORMATS

    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        print(f"error: --out {out}: unknown format {out.suffix!r} (choose one of {', '.join(FORMATS)})", file=sys.stderr)
        return 2
    inputs = args.paths or [DEFAULT_INPUT]
    result = build_events(inputs, progress=_progress(0))
    for err in result.errors:
        print(f"error: {err}", file=sys.stderr)
    for note in result.notes:
        print(f"warning: {note}", file=sys.stderr)
    if result.articles == 0:
        print(result.summary())
        print("error: no article could be processed; nothing written", file=sys.stderr)
        return 1
    events_path, skipped_path = write_build(result, out, inputs)
    print(result.summary())
    print(f"wrote {events_path} and {skipped_path}")
    return 0


def cmd_evaluate_gold(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_gold_files, format_scores

    scores = evaluate_gold_files([Path(f) for f in args.files], published_from_gold=args.published_from_gold)
    print(format_scores(scores))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Kronologi: news articles -> dated events")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build events from article files or directories (.txt, .md)")
    b.add_argument("paths", nargs="*", help="article files or directories (default: seeds/)")
    b.add_argument("--out", default=str(DEFAULT_OUT), help="output file: .jsonl, .csv or .parquet (default: data/events.jsonl)")
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("evaluate", help="score the pipeline against annotations")
    esub = e.add_subparsers(dest="kind", required=True)
    g = esub.add_parser("gold", help="hand-annotated gold files (JSON, see tests/gold/README.md)")
    g.add_argument("files", nargs="+")
    g.add_argument("--published-from-gold", action="store_true",
                   help="read each article as if its front matter gave the gold reference date")
    g.set_defaults(func=cmd_evaluate_gold)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
