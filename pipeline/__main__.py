"""Command line: python -m pipeline build [PATH ...] [--out FILE]; tolls EVENTS.jsonl; evaluate gold|agreement|timeml|timeline ..."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

DEFAULT_OUT = Path("data/events.jsonl")
DEFAULT_INPUT = Path("seeds")


def _progress(items, total: int):
    """A progress bar on stderr for runs of 20 or more articles."""
    if total < 20:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="articles", unit="article", file=sys.stderr, mininterval=0.5)


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 300 else f"{text[:60]}…{text[-60:]}"


def _unwritable(out: Path) -> str | None:
    """Why the build's output cannot go to `out` (checked before the build, so that nothing is
    built in vain), or None."""
    try:
        if out.is_dir():
            return "is a folder (give a file name ending in .jsonl, .csv or .parquet)"
        folder = out.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the output's folders are made: the first existing one must be writable
        if not folder.is_dir():
            return f"{_shown(folder)} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
            return "is not writable"
    except OSError as exc:  # a name too long for the system
        return f"cannot be used ({exc.strerror or exc})"
    return None


def cmd_build(args: argparse.Namespace) -> int:
    from .build.run import ArticleFailed, build_events, write_build
    from .build.store import FORMATS

    out = Path(args.out)
    problem = _unwritable(out)
    if problem:
        print(f"error: --out {_shown(out)}: {problem}; nothing was built", file=sys.stderr)
        return 2
    if out.suffix.lower() not in FORMATS:
        print(f"error: --out {out}: unknown format {out.suffix!r} (choose one of {', '.join(FORMATS)})", file=sys.stderr)
        return 2
    inputs = args.paths or [DEFAULT_INPUT]
    cache = None if args.no_cache else (Path(args.cache) if args.cache else out.parent / "cache.sqlite")
    try:
        result = build_events(inputs, progress=_progress, jobs=args.jobs, engine=args.engine,
                              scheduler=args.scheduler, cache=cache)
    except ImportError as exc:
        print(f"error: --engine {args.engine} needs {exc.name}: pip install 'dask[distributed]'", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for err in result.errors:
        print(f"error: {err}", file=sys.stderr)
        if args.debug and isinstance(err, ArticleFailed) and err.details:
            print(err.details.rstrip(), file=sys.stderr)
    for note in result.notes:
        print(f"warning: {note}", file=sys.stderr)
    if result.articles == 0:
        print(result.summary())
        print("error: no article could be processed; nothing written", file=sys.stderr)
        return 1
    try:
        events_path, skipped_path = write_build(result, out, inputs)
    except OSError as exc:
        print(result.summary())
        print(f"error: --out {_shown(out)}: cannot be written ({exc.strerror or exc}); the previous output, "
              f"if any, is intact", file=sys.stderr)
        return 1
    print(result.summary())
    print(f"wrote {events_path} and {skipped_path}")
    failed = sum(isinstance(err, ArticleFailed) for err in result.errors)
    if failed:
        print(f"error: {failed} article(s) failed unexpectedly and are not in the output (see above)", file=sys.stderr)
        return 3
    return 0


def cmd_tolls(args: argparse.Namespace) -> int:
    import json

    from .build.store import safe_csv
    from .corpus.tolls import TOLL_COLUMNS, toll_table

    path = Path(args.events)
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        print(f"error: {_shown(path)}: cannot be read as events JSONL ({exc})", file=sys.stderr)
        return 2
    needed = {"event_id", "article_id", "sentence_index", "sentence", "date", "killed_min"}
    bad = next((n for n, r in enumerate(rows, 1) if not isinstance(r, dict) or not needed <= set(r)), None)
    if bad is not None:
        print(f"error: {_shown(path)}: line {bad} is not an event (build an events file with: python -m pipeline build)",
              file=sys.stderr)
        return 2
    tolls = toll_table(rows, include_flagged=args.include_flagged, include_elsewhere=args.include_elsewhere)
    import pandas as pd

    table = pd.DataFrame(tolls.rows, columns=list(TOLL_COLUMNS)).astype(TOLL_COLUMNS)
    text = safe_csv(table)
    if args.out:
        from .atomic import atomic_write_bytes

        try:
            atomic_write_bytes(args.out, text.encode("utf-8"))
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    killed = sum(r["killed_min"] for r in tolls.rows)
    print(f"killed (conservative) {killed:,}, injured {sum(r['injured_min'] for r in tolls.rows):,}; "
          f"{tolls.incidents:,} incidents, {tolls.events:,} events with figures counted; "
          f"series: {', '.join(tolls.countries) or 'none'}", file=sys.stderr)
    for why, n in sorted(tolls.left_out.items(), key=lambda kv: -kv[1]):
        print(f"left out: {n:,} event(s): {why}", file=sys.stderr)
    if args.out:
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_train_ner(args: argparse.Namespace) -> int:
    import json

    from .atomic import atomic_write_bytes
    from .evaluate.ner import format_scores, score, scores_table, train
    from .extract.ner import model_path

    out = Path(args.out) if args.out else model_path(args.language)
    missing = [f for f in [*args.train, *args.test] if not Path(f).is_file()]
    if missing:
        print(f"error: no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    info = train([Path(f) for f in args.train], out, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    print(f"wrote {out} ({info['bytes']:,} bytes, {info['seconds']} s)", file=sys.stderr)
    tests = {}
    for f in args.test:
        sc = score(out, [Path(f)])
        print(format_scores(f, sc))
        tests[f"{Path(f).parent.name}/{Path(f).name}"] = scores_table(sc)
    card = {"language": args.language, "model": out.name, "trained_on": info["sentences"],
            "params": {k: info[k] for k in ("c1", "c2", "max_iterations")}, "bytes": info["bytes"],
            "test_scores": tests,
            "command": "python -m pipeline " + " ".join(args.argv) if args.record_command else None}
    atomic_write_bytes(out.with_suffix(".json"), (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode())
    return 0


def cmd_evaluate_gold(args: argparse.Namespace) -> int:
    from .evaluate.gold import evaluate_gold_files, format_scores

    scores = evaluate_gold_files([Path(f) for f in args.files], published_from_gold=args.published_from_gold)
    print(format_scores(scores, actor_errors=args.actor_errors))
    return 0


def cmd_evaluate_agreement(args: argparse.Namespace) -> int:
    from .evaluate.gold import agreement_files, format_scores

    first = Path(args.first)
    missing = [f for f in args.files if not (first / Path(f).name).exists()]
    if missing:
        print(f"error: no first annotation in {first} for: {', '.join(missing)}", file=sys.stderr)
        return 2
    print(format_scores(agreement_files(first, [Path(f) for f in args.files])))
    return 0


def cmd_evaluate_timeml(args: argparse.Namespace) -> int:
    from .evaluate.timeml import TimeMLError, evaluate_timeml_dirs

    try:
        print(evaluate_timeml_dirs([Path(d) for d in args.dirs], language=args.language))
    except TimeMLError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_evaluate_timeline(args: argparse.Namespace) -> int:
    import json

    from .atomic import atomic_write_bytes
    from .evaluate.timeline import TimelineError, evaluate_timeline, format_timeline_report

    results, failed = [], 0
    for d in args.dirs:
        try:
            results.append(evaluate_timeline(Path(d), limit=args.limit, extend=args.extend))
        except TimelineError as exc:  # the folder is named; the others are still scored
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
    if results:
        print(format_timeline_report(results, extend=args.extend))
    if args.json:
        atomic_write_bytes(Path(args.json), (json.dumps(results, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        print(f"wrote {args.json}", file=sys.stderr)
    return 2 if failed else 0


def cmd_train_date_ranker(args: argparse.Namespace) -> int:
    from .corpus.dateranker import MODEL_PATH
    from .evaluate.timeline import TimelineError
    from .evaluate.train_dates import train_date_ranker

    out = Path(args.out) if args.out else MODEL_PATH
    try:
        ranker = train_date_ranker([Path(d) for d in args.dirs], out, c=args.c)
    except TimelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cv = ranker.card["cross_validation"]
    print(f"{'timeline':<20} {'learned':>8} {'heuristic':>9} {'PUBCOUNT':>8}   (Date-F1, leave one topic out)")
    for name, scores in cv["date_f1"].items():
        print(f"{name:<20} {scores['learned']:>8.3f} {scores['heuristic']:>9.3f} {scores['PUBCOUNT']:>8.3f}")
    m = cv["mean"]
    print(f"{'mean':<20} {m['learned']:>8.3f} {m['heuristic']:>9.3f} {m['PUBCOUNT']:>8.3f}")
    print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from .ingest.collect import collect, read_url_list

    sources = list(args.sources)
    if args.urls:
        try:
            sources += read_url_list(Path(args.urls).read_text(encoding="utf-8"))
        except OSError as exc:
            print(f"error: {args.urls}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
            return 2
    if not sources:
        print("error: give URLs, feeds or --urls FILE", file=sys.stderr)
        return 2
    result = collect(sources, args.into, allow_private=args.allow_private,
                     progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"{len(result.saved)} saved, {len(result.already)} already there, {len(result.errors)} failed "
          f"(into {args.into})")
    return 1 if result.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Kronologi: news articles -> dated events")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build events from article files or directories (.txt, .md)")
    b.add_argument("paths", nargs="*", help="article files or directories (default: seeds/)")
    b.add_argument("--out", default=str(DEFAULT_OUT), help="output file: .jsonl, .csv or .parquet (default: data/events.jsonl)")
    b.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="process articles in N parallel processes (or N local Dask workers); default 1")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (dask.distributed)")
    b.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: the scheduler address (tcp://host:8786); default: a local cluster")
    b.add_argument("--cache", default=None, metavar="FILE",
                   help="per-article cache (SQLite; default: cache.sqlite beside --out)")
    b.add_argument("--no-cache", action="store_true", help="process every article, read and write no cache")
    b.add_argument("--debug", action="store_true",
                   help="with an article that fails unexpectedly, print where it happened (the traceback)")
    b.set_defaults(func=cmd_build)
    tl_ = sub.add_parser("tolls", help="the casualty chart's table: per day and country, what the reconciled tolls grew by")
    tl_.add_argument("events", help="an events file written by build (.jsonl)")
    tl_.add_argument("--out", default=None, metavar="FILE.csv", help="write the table here (default: standard output)")
    tl_.add_argument("--include-flagged", action="store_true", help="count figures flagged as implausible too")
    tl_.add_argument("--include-elsewhere", action="store_true",
                     help="count figures about countries outside the corpus's crisis too")
    tl_.set_defaults(func=cmd_tolls)
    fe = sub.add_parser("fetch", help="fetch web pages, PDF reports and RSS/Atom feeds into a folder of articles")
    fe.add_argument("sources", nargs="*", metavar="URL_OR_FEED", help="http(s) URLs of pages, PDFs or feeds")
    fe.add_argument("--into", required=True, metavar="DIR", help="folder the articles are saved in (created)")
    fe.add_argument("--urls", default=None, metavar="FILE", help="a list of URLs, one per line (# comments)")
    fe.add_argument("--allow-private", action="store_true",
                    help="also fetch from loopback and private addresses (refused by default)")
    fe.set_defaults(func=cmd_fetch)
    td = sub.add_parser("train-date-ranker", help="train the key-date ranker on gold timelines (scikit-learn), "
                                                 "cross-validated by topic")
    td.add_argument("dirs", nargs="+", help="gold timeline folders, as for evaluate timeline")
    td.add_argument("--out", default=None, help="model file (default: pipeline/models/date-ranker.json)")
    td.add_argument("--c", type=float, default=0.1, help="inverse L2 regularisation strength")
    td.set_defaults(func=cmd_train_date_ranker)
    tn = sub.add_parser("train-ner", help="train the name recogniser of a language on annotated corpora (CoNLL columns)")
    tn.add_argument("--language", required=True, help="the model's language (en, id)")
    tn.add_argument("--train", nargs="+", required=True, metavar="FILE", help="training corpora (CoNLL-2003, IndoNLU NER files)")
    tn.add_argument("--test", nargs="*", default=[], metavar="FILE", help="test splits to score the model on")
    tn.add_argument("--out", default=None, help="model file (default: pipeline/models/ner-<language>.crfsuite)")
    tn.add_argument("--c1", type=float, default=0.05, help="L1 regularisation (sparser, smaller model)")
    tn.add_argument("--c2", type=float, default=0.01, help="L2 regularisation")
    tn.add_argument("--iterations", type=int, default=150, help="L-BFGS iterations")
    tn.add_argument("--record-command", action="store_true", help="write the command line into the model card")
    tn.set_defaults(func=cmd_train_ner)
    e = sub.add_parser("evaluate", help="score the pipeline against annotations")
    esub = e.add_subparsers(dest="kind", required=True)
    g = esub.add_parser("gold", help="hand-annotated gold files (JSON, see tests/gold/README.md)")
    g.add_argument("files", nargs="+")
    g.add_argument("--actor-errors", action="store_true", help="also list each sentence's unmatched actors")
    g.add_argument("--published-from-gold", action="store_true",
                   help="read each article as if its front matter gave the gold reference date")
    g.set_defaults(func=cmd_evaluate_gold)
    ag = esub.add_parser("agreement", help="inter-annotator agreement: second annotations against the first")
    ag.add_argument("files", nargs="+", help="second annotation files (JSON, the gold format)")
    ag.add_argument("--first", default="tests/gold", help="folder of the first annotations, same file names")
    ag.set_defaults(func=cmd_evaluate_agreement)
    t = esub.add_parser("timeml", help="TempEval-3 scores of the time expression finder on TimeML files (*.tml)")
    t.add_argument("dirs", nargs="+", help="folders of .tml files (searched recursively)")
    t.add_argument("--language", default="en", help="language of the documents (default: en)")
    t.set_defaults(func=cmd_evaluate_timeml)
    tl = esub.add_parser("timeline", help="key dates and daily summaries against Timeline17 gold timelines "
                                          "(news-tls protocol, trivial baselines beside)")
    tl.add_argument("dirs", nargs="+", help="folders with gold_timeline.jsonl: a topic folder with its articles.csv, "
                                           "or timelines/<topic>_tl<j> beside timeline17_<topic>/")
    tl.add_argument("--limit", type=int, default=None, help="use only the first N articles of each topic")
    tl.add_argument("--json", default=None, metavar="FILE", help="also write every result (dates, summaries) as JSON")
    tl.add_argument("--extend", type=int, default=0, metavar="DAYS",
                    help="widen each timeline's span by DAYS on each side (news-tls's time_span_extension; "
                         "0, the published protocol, by default): a harder, sparser check")
    tl.set_defaults(func=cmd_evaluate_timeline)
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return args.func(args)


if __name__ == "__main__":
    # A build piles up long-lived objects (lexicons, the gazetteer, every article's rows) and
    # little cyclic garbage, so the cyclic collector's default pace (a pass every 700 new
    # objects) spent about a tenth of a build walking them: it now passes every 50,000. Full
    # passes keep their default rule. Worker processes forked by --jobs inherit the setting.
    gc.set_threshold(50_000, 20, 10)
    code = main()
    # At exit the interpreter walks every object again, about 0.7 s after a large build; frozen
    # objects are skipped (they are still freed, and every output is written and closed by now).
    gc.freeze()
    sys.exit(code)
