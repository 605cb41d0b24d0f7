"""Benchmark: the dashboard at about 100,000 events in real headless Chromium, several sessions at once.

    .venv/bin/python -m benchmarks.dashboard_browser [--sessions 5] [--events 100000] [--port 8765]

Builds (once, cached under data/bench-dashboard/) a seeds folder of Timeline17 articles from
../shared/corpus/tls/ (the five topics, then copies under other names until the events reach
--events) and their events, starts `streamlit run dashboard.py` on it as the README does, loads
the page once (the server's first load), then opens --sessions browser pages at the same time
and measures for each: the time until both charts are drawn, and the time a filter change
takes (the "Only events with casualties" toggle: until the event count and the charts show
the new selection, as their subtitles say). It reports the server's memory (resident set) before and after, and fails
(exit 1) if any session shows an error or does not finish.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .serve import running_dashboard

ROOT = Path(__file__).resolve().parents[1]
TLS = ROOT.parent / "shared" / "corpus" / "tls"
TOPICS = ("timeline17_haiti", "timeline17_egypt", "timeline17_finan", "timeline17_h1n1", "timeline17_iraq")
WORK = ROOT / "data" / "bench-dashboard"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2"


def _events_in(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else 0


def prepare(target: int) -> Path:
    """A seeds folder whose build has about `target` events, and its built data folder."""
    from pipeline.evaluate.timeline import write_articles

    seeds, data = WORK / "seeds", WORK / "data"
    events = data / "events.jsonl"
    marker = WORK / "target.json"
    if marker.exists() and json.loads(marker.read_text()) == {"target": target} and events.exists():
        _build(seeds, data)  # after a change of code the events are built again (else nothing to do)
        return seeds
    shutil.rmtree(WORK, ignore_errors=True)
    seeds.mkdir(parents=True)
    sources = []
    for topic in TOPICS:
        if (TLS / topic / "articles.csv").exists():
            out = ROOT / "data" / "tls" / topic / "articles"
            sources.append(write_articles(TLS / topic / "articles.csv", out))
    if not sources:
        raise SystemExit("../shared/corpus/tls is not present: this benchmark needs it")
    copy, total = 0, 0
    while total < target:
        for paths in sources:
            for p in paths:  # a copy (a link would be the same file, which a build reads once)
                shutil.copyfile(p, seeds / f"c{copy}_{p.name}")
            _build(seeds, data)
            total = _events_in(events)
            if total >= target:
                break
        copy += 1
    marker.write_text(json.dumps({"target": target}))
    return seeds


def _build(seeds: Path, data: Path) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", "build", str(seeds), "--out", str(data / "events.jsonl"),
                    "--cache", str(data / "cache.sqlite"), "--jobs", "2"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def _session(browser, url: str, n: int) -> dict:
    page = await browser.new_page(viewport={"width": 1500, "height": 3000})
    out: dict = {"session": n}
    try:
        t0 = time.perf_counter()
        await page.goto(url)
        await page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
        out["first_chart_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        await page.get_by_text("Only events with casualties").click()
        # Both charts redrawn for the new selection: their subtitles name the filter.
        await page.wait_for_function(
            "() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
            " return plots.length >= 2 && plots.every(p => p.textContent.includes('casualties only')); }",
            timeout=120_000)
        out["filter_change_s"] = time.perf_counter() - t1
        out["errors"] = await page.locator("[data-testid=stException], [data-testid=stAlertContentError]").count()
    except Exception as exc:  # a session that fails is reported, not fatal to the others
        out["failed"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        await page.close()
    return out


async def _run(url: str, sessions: int, alone: int) -> tuple[list[dict], list[dict]]:
    """The first load, then `alone` sessions one after the other, then `sessions` at once."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        try:
            warm = await _session(browser, url, 0)  # the server's first load: building the cached table
            single = [await _session(browser, url, -(i + 1)) for i in range(alone)]
            together = await asyncio.gather(*(_session(browser, url, i + 1) for i in range(sessions)))
        finally:
            await browser.close()
    return [warm, *single], list(together)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--alone", type=int, default=3, help="sessions one at a time before the concurrent ones (default 3)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)

    seeds = prepare(args.events)
    data = WORK / "data"
    with running_dashboard(seeds, data, args.port) as (url, _, pid):
        idle = _rss_mb(pid)
        single, together = asyncio.run(_run(url, args.sessions, args.alone))
        busy = _rss_mb(pid)

    print(f"events={_events_in(data / 'events.jsonl'):,}; {args.alone} sessions one at a time, then {args.sessions} "
          f"at once (one headless Chromium on the same machine as the server)")
    for r in single + together:
        label = {0: "first load"}.get(r["session"], f"alone {-r['session']}" if r["session"] < 0 else f"together {r['session']}")
        if "failed" in r:
            print(f"{label:12} FAILED {r['failed']}")
        else:
            print(f"{label:12} first chart {r['first_chart_s']:6.1f} s   filter change {r['filter_change_s']:5.1f} s"
                  f"   error boxes {r['errors']}")
    for name, group in (("one at a time", single[1:]), ("at once", together)):
        ok = [r for r in group if "failed" not in r and not r["errors"]]
        if ok:
            print(f"{name}: first chart median {statistics.median(r['first_chart_s'] for r in ok):.1f} s, worst "
                  f"{max(r['first_chart_s'] for r in ok):.1f} s; filter change median "
                  f"{statistics.median(r['filter_change_s'] for r in ok):.1f} s, worst {max(r['filter_change_s'] for r in ok):.1f} s")
    print(f"server memory: {idle:.0f} MB idle, {busy:.0f} MB after the sessions")
    failed = [r for r in single + together if "failed" in r or r.get("errors")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
