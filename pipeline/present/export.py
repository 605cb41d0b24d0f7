"""Bytes for downloads: CSV (safe for spreadsheets), JSON, PNG and SVG of figures."""

from __future__ import annotations

import html
import json
import os
import shutil
import threading
import warnings

import pandas as pd
import regex

from ..build.store import records, safe_csv

EXPORT_COLUMNS = (
    "event_id", "date", "date_start", "date_end", "date_precision", "date_basis", "time_expression",
    "event_type", "sub_event_type", "event_type_basis", "actors", "cited", "location", "country", "background",
    "killed_min", "killed_max",
    "injured_min", "injured_max", "missing_min", "missing_max", "displaced_min", "displaced_max", "affected_min",
    "affected_max", "rescued_min", "rescued_max", "victims", "casualty_scope", "casualty_text",
    "sentence", "article_id", "story_id", "article_title", "article_source", "article_url", "language",
    "reference_date", "reference_basis", "sentence_index",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_server_lock = threading.Lock()
_server_started = False


def _export_frame(events: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in EXPORT_COLUMNS if c in events.columns]
    return events[cols]


def csv_bytes(events: pd.DataFrame) -> bytes:
    """The events as UTF-8 CSV (with BOM for spreadsheets), actor lists joined, formulas defused."""
    return safe_csv(_export_frame(events)).encode("utf-8-sig")


def json_bytes(events: pd.DataFrame) -> bytes:
    """The events as a JSON array of objects (UTF-8)."""
    return json.dumps(records(_export_frame(events)), ensure_ascii=False, indent=1).encode("utf-8")


def rows_csv_bytes(rows: list[dict], columns: dict[str, str] | tuple[str, ...]) -> bytes:
    """Plain rows (a chart's data, incidents) as UTF-8 CSV with BOM: the declared columns in
    order, integer figures as integers, lists joined, formulas defused."""
    frame = pd.DataFrame(rows, columns=list(columns))
    if isinstance(columns, dict):
        for col, dtype in columns.items():
            if dtype == "Int64":
                frame[col] = frame[col].astype("Int64")
    return safe_csv(frame).encode("utf-8-sig")


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Any table (a chart's data) as UTF-8 CSV with BOM, formulas defused."""
    return safe_csv(frame).encode("utf-8-sig")


def rows_json_bytes(rows: list[dict]) -> bytes:
    """Plain rows as a JSON array of objects (UTF-8)."""
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def chromium_path() -> str | None:
    """The Chromium that image export will use: $BROWSER_PATH, else one on PATH."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def image_export_status() -> tuple[bool, str]:
    """Whether PNG/SVG export can work here, and if not, how to enable it."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False, "Image export needs the kaleido package: pip install 'kaleido>=1.0'."
    path = chromium_path()
    if path is None:
        return False, ("Image export needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) "
                       "or set BROWSER_PATH to a Chrome/Chromium executable, then restart the dashboard.")
    return True, f"Images are rendered with {path}."


def start_image_server() -> None:
    """Start kaleido's Chromium once per process (later images then take a fraction of a second)."""
    global _server_started
    with _server_lock:
        if _server_started:
            return
        import kaleido

        path = chromium_path()
        if path:
            os.environ.setdefault("BROWSER_PATH", path)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _server_started = True


def figure_bytes(fig, fmt: str, width: int = 1400, height: int | None = None, scale: float = 2) -> bytes:
    """A figure as PNG or SVG bytes, rendered like on screen."""
    import plotly.io as pio

    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r} (choose png or svg)")
    start_image_server()
    height = height or int(fig.layout.height or 600)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)


_MARKDOWN_SPECIAL = regex.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _markdown_text(text: str) -> str:
    """Article text as literal Markdown: every character Markdown would read as markup is
    escaped, so no link, image, HTML or emphasis can come from a source sentence."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _named_by(articles: int) -> str:
    if articles == 0:
        return "No sentence names this day; it was chosen for the articles published on it"
    return f"Named by {articles} article{'s' if articles != 1 else ''}"


def _day_heading(day: str) -> str:
    d = pd.Timestamp(day)
    return f"{d.day} {d.strftime('%B %Y')}"


def key_dates_markdown(table: pd.DataFrame, title: str, subtitle: str = "") -> bytes:
    """The key dates (pipeline.corpus.keydates.key_dates rows, in the order given) as a Markdown
    report: a heading per day with its summary sentences as a list (UTF-8)."""
    lines = [f"# {_markdown_text(title)}", ""]
    if subtitle:
        lines += [_markdown_text(subtitle), ""]
    for row in table.itertuples(index=False):
        lines.append(f"## {_day_heading(row.date)}")
        lines.append("")
        sentences = list(row.summary) if isinstance(row.summary, list | tuple) else []
        lines += [f"- {_markdown_text(s)}" for s in sentences] or ["- (no sentence tells this day)"]
        told = _named_by(int(row.articles))
        if pd.notna(row.killed_max):
            told += f"; killed, at least: {int(row.killed_max):,}"
        lines += ["", f"*{told}.*", ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def key_dates_timelinejs(table: pd.DataFrame, title: str, subtitle: str = "") -> bytes:
    """The key dates as a TimelineJS 3 JSON document (title slide, one event per day). TimelineJS
    renders its text fields as HTML, so every piece of article text is HTML-escaped."""
    events = []
    for row in table.itertuples(index=False):
        d = pd.Timestamp(row.date)
        sentences = list(row.summary) if isinstance(row.summary, list | tuple) else []
        body = "".join(f"<p>{html.escape(s)}</p>" for s in sentences)
        body += f"<p><em>{html.escape(_named_by(int(row.articles)))}</em></p>"
        events.append({
            "start_date": {"year": str(d.year), "month": str(d.month), "day": str(d.day)},
            "text": {"headline": html.escape(_day_heading(row.date)), "text": body},
            "unique_id": f"day-{row.date}",
        })
    doc = {"title": {"text": {"headline": html.escape(title), "text": f"<p>{html.escape(subtitle)}</p>" if subtitle else ""}},
           "events": events}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def key_dates_csv(table: pd.DataFrame) -> bytes:
    """The key dates as CSV (UTF-8 with BOM), summary sentences joined by newlines, formulas defused."""
    frame = table.assign(summary=table["summary"].map(lambda s: "\n".join(s) if isinstance(s, list | tuple) else ""))
    return safe_csv(frame).encode("utf-8-sig")
