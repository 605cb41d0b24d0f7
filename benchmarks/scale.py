"""Benchmark: whole-process build times on Timeline17 topics, against a naive build.

    .venv/bin/python -m benchmarks.scale [TOPIC_DIR ...] [--jobs N] [--repeat N] [--skip-naive]

Default topics: ../shared/corpus/tls/timeline17_haiti and _egypt. Each topic's articles.csv
rows become article files with front matter (`published:` = the row's date) under
data/tls/<topic>/articles/. Every timing is a fresh `python` process, start-up, reading and
writing included, measured in the same run; each is run --repeat times (default 3), in
turns (naive, cold, parallel, naive, cold, ...) so that a slow spell of the machine falls on
all of them, and the median is reported:

- naive: `benchmarks.naive` (plain dateparser.search_dates on every sentence);
- cold: `python -m pipeline build --no-cache` on one core, and with --jobs N;
- warm: a rebuild with the per-article cache full; one new: the same with one article added;
- peak memory (max RSS) of the cold one-core build's own process.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [ROOT.parent / "shared" / "corpus" / "tls" / t for t in ("timeline17_haiti", "timeline17_egypt")]


def _run(args: list[str], cache_dir: Path | None = None) -> tuple[float, str, int]:
    """Wall seconds, stdout and the peak RSS (KB) of one fresh process; with `cache_dir`, the
    gazetteer cache lives there (an empty folder: a cold start)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["KRONOLOGI_CACHE_DIR"] = str(cache_dir)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        child = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own resource use
        wall = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"failed: {' '.join(args)}\n{err.read().decode(errors='replace')[-2000:]}")
        return wall, out.read().decode(errors="replace"), usage.ru_maxrss


def _field(out: str, name: str) -> float:
    m = re.search(rf"{name}=([\d.]+)", out)
    return float(m.group(1)) if m else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", type=Path, default=TOPICS)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel build (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build; the median is reported (default 3)")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the (slow) naive build")
    args = parser.parse_args(argv)

    from pipeline.evaluate.timeline import write_articles

    rows = []
    for topic in args.topics:
        if not (topic / "articles.csv").exists():
            print(f"skip {topic}: no articles.csv (../shared/corpus is not part of the repository)")
            continue
        articles = ROOT / "data" / "tls" / topic.name / "articles"
        write_articles(topic / "articles.csv", articles)
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            out = str(tmp / "events.jsonl")
            cold = ["-m", "pipeline", "build", str(articles), "--out", out, "--no-cache"]
            naive = ["-m", "benchmarks.naive", str(articles), "--out", str(tmp / "naive.jsonl")]
            jobs = ["--jobs", str(args.jobs)]
            times: dict[str, list[float]] = {k: [] for k in ("naive", "naive_jobs", "cold", "jobs", "in_build", "warm", "one")}
            peaks: list[int] = []
            sentences = 0
            warm_cache_dir = tmp / "gazetteer-warm"
            for run in range(max(1, args.repeat)):
                if not args.skip_naive:
                    times["naive"].append(_run(naive)[0])
                wall, cold_out, peak_kb = _run(cold, cache_dir=tmp / f"gazetteer-cold-{run}")
                times["cold"].append(wall)
                times["in_build"].append(_field(cold_out, "seconds"))
                peaks.append(peak_kb)
                sentences = int(_field(cold_out, "sentences"))
                if not args.skip_naive:
                    times["naive_jobs"].append(_run([*naive, *jobs])[0])
                times["jobs"].append(_run([*cold, *jobs], cache_dir=tmp / f"gazetteer-cold-jobs-{run}")[0])
                cache = str(tmp / "cache.sqlite")
                Path(cache).unlink(missing_ok=True)
                build = ["-m", "pipeline", "build", str(articles), "--out", out, "--cache", cache]
                _run(build, cache_dir=warm_cache_dir)
                times["warm"].append(_run(build, cache_dir=warm_cache_dir)[0])
                extra = tmp / "more"
                shutil.rmtree(extra, ignore_errors=True)
                extra.mkdir()
                first = sorted(articles.glob("*.txt"))[0]
                shutil.copy(first, extra / "new_article.txt")
                times["one"].append(_run([*build[:4], str(extra), *build[4:]], cache_dir=warm_cache_dir)[0])
            med = {k: statistics.median(v) if v else float("nan") for k, v in times.items()}
            peak_kb = max(peaks)
        rows.append((topic.name, sentences, med, peak_kb / 1024))

    print(f"{'topic':18} {'sentences':>9} {'naive s':>8} {'cold s':>7} {'x':>5} {f'naive j{args.jobs} s':>11} "
          f"{f'cold j{args.jobs} s':>10} {'x':>5} {'warm s':>7} {'x':>5} {'+1 new s':>8} {'sent/s/core':>11} {'peak MB':>8}")
    for name, n, med, peak in rows:
        print(f"{name:18} {n:9,} {med['naive']:8.1f} {med['cold']:7.1f} {med['naive'] / med['cold']:5.1f} "
              f"{med['naive_jobs']:11.1f} {med['jobs']:10.1f} {med['naive_jobs'] / med['jobs']:5.1f} "
              f"{med['warm']:7.1f} {med['naive'] / med['warm']:5.1f} {med['one']:8.1f} {n / med['in_build']:11.0f} {peak:8.0f}")
    print(f"medians of {max(1, args.repeat)} runs; x = naive seconds / these seconds on as many processes (whole "
          "processes, same run; warm: against the one-process naive build); sent/s/core = sentences / the "
          "one-process cold build's own seconds (start-up and writing excluded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
