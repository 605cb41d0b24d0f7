"""Benchmark: the dashboard's server-side work at 100,000 events.

    .venv/bin/python -m benchmarks.dashboard [--events N]

Builds events from ../shared/corpus/id/ (else seeds/), replicates them with dates shifted
by whole weeks to N events, then times what one filter change costs: filtering, the
timeline and casualty figures and the key dates, and (when Chromium is installed) a warm PNG export.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _shift(events: pd.DataFrame, weeks: int, copy: int) -> pd.DataFrame:
    out = events.copy()
    delta = pd.Timedelta(weeks=weeks)
    for col in ("date", "date_start", "date_end"):
        parsed = pd.to_datetime(out[col], errors="coerce") + delta
        fmt = "%Y-%m-%d" if col == "date" else "%Y-%m-%dT%H:%M:%S"
        out[col] = parsed.dt.strftime(fmt).astype("string")
    out["event_id"] = out["event_id"] + f"-{copy}"
    out["article_id"] = out["article_id"] + f"-{copy}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)

    from pipeline.build.run import build_events
    from pipeline.corpus.keydates import key_dates
    from pipeline.present import charts, export, views

    corpus = ROOT.parent / "shared" / "corpus" / "id"
    base = build_events([corpus if corpus.is_dir() else ROOT / "seeds"]).events
    copies = -(-args.events // len(base))
    big = pd.concat([_shift(base, (i % 260) - 130, i) for i in range(copies)], ignore_index=True).head(args.events)
    t = time.perf_counter()
    data = views.event_data(big)  # what the app prepares once and shares (incidents included)
    prepared = data.events
    prepare_s = time.perf_counter() - t
    top_actor = views.actor_counts(prepared).index[0]
    cases = {
        "no filter": views.Filters(),
        f"actor={top_actor}": views.Filters(actors=(top_actor,)),
        "casualties only": views.Filters(casualties_only=True),
        "text search": views.Filters(text="tewas"),
    }
    print(f"events={len(prepared):,} (prepare once, cached in the app: {prepare_s:.2f} s)")
    for name, filters in cases.items():
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            shown = views.filter_events(prepared, filters)
            rows = views.timeline_rows(shown, "actor", filters.actors)
            charts.timeline_figure(rows, "actor", "Kronologi timeline", filters.describe())
            table, unit = views.casualty_bins(views.toll_chart_table(views.tolls_of(data, shown).rows, "min"))
            fig = charts.casualty_figure(table, "Killed and injured", filters.describe(), unit=unit)
            key_dates(shown, 10)
            best = min(best, time.perf_counter() - t)
        print(f"{name:24} shown={len(shown):7,}  filter+figures+key dates {best:6.3f} s (best of 3)")
    ok, message = export.image_export_status()
    if ok:
        export.figure_bytes(fig, "png")
        t = time.perf_counter()
        export.figure_bytes(fig, "png")
        print(f"warm PNG export of the casualty chart: {time.perf_counter() - t:.2f} s")
    else:
        print(f"image export not measured: {message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
