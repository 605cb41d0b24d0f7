"""Kronologi dashboard: a filterable crisis timeline, a casualty chart and exports.

Run with `streamlit run dashboard.py` (the README's first command does it). Widgets only:
the logic lives in pipeline/ (views, charts, export, intake).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.build.run import build_events, is_current, write_build
from pipeline.build.store import read_table
from pipeline.corpus.keydates import key_dates
from pipeline.ingest import intake
from pipeline.ingest.articles import ArticleError
from pipeline.present import charts, export, views

ROOT = Path(__file__).resolve().parent
# KRONOLOGI_SEEDS and KRONOLOGI_DATA point the app at other folders (the tests use them).
SEEDS = Path(os.environ.get("KRONOLOGI_SEEDS", ROOT / "seeds"))
DATA = Path(os.environ.get("KRONOLOGI_DATA", ROOT / "data"))
UPLOADS = DATA / "uploads"
EVENTS_PATH = DATA / "events.jsonl"
CACHE_PATH = DATA / "cache.sqlite"
INPUTS = [SEEDS, UPLOADS]
TABLE_LIMIT = 300  # rows of the events table sent to the browser (the downloads hold all)
DETAIL_OPTIONS = 300  # events offered in the detail's dropdown (a click on the timeline reaches any)
ACTOR_OPTIONS = 2000  # the most frequent actors offered by the filter (every option is sent on every change)
KEY_DATES_MAX = 30

# Query-parameter name -> (session key, is a list)
URL_STATE = {
    "actor": ("f_actors", True), "type": ("f_types", True), "place": ("f_places", True),
    "article": ("f_articles", True), "lang": ("f_langs", True), "q": ("f_text", False),
    "from": ("f_from", False), "to": ("f_to", False), "cas": ("f_cas", False), "lane": ("lane", False),
}

st.set_page_config(page_title="Kronologi", page_icon="🗓️", layout="wide")


@st.cache_resource(show_spinner=False, max_entries=1)
def load_events(fingerprint: str) -> views.EventData:
    """Events for the current inputs: data/events.jsonl, rebuilt when missing, built from other
    inputs or by another version of the pipeline (data/events.meta.json records which). One
    copy, shared by every session: nothing changes it (views make new frames)."""
    notes: list[str] = []
    inputs = [p for p in INPUTS if p.exists()]
    if not is_current(EVENTS_PATH, inputs):
        result = build_events(inputs, cache=CACHE_PATH)  # only new or changed articles are processed
        notes = [str(e) for e in result.errors] + list(result.notes)
        if result.articles:
            write_build(result, EVENTS_PATH, inputs)
        events = result.events
    else:
        events = read_table(EVENTS_PATH)
    return views.event_data(events, notes)


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_chart(fingerprint: str, filters_key: str, lane: str, _data: views.EventData, _filters: views.Filters,
                   described: str):
    """The timeline figure of a view, made once for all sessions that show it."""
    shown = views.filter_events(_data.events, _filters)
    return charts.timeline_figure(views.timeline_rows(shown, lane, _filters.actors), lane, "Kronologi timeline", described)


@st.cache_data(show_spinner=False, max_entries=64)
def casualty_view(fingerprint: str, filters_key: str, measure: str, _data: views.EventData, _filters: views.Filters
                  ) -> tuple[pd.DataFrame, str, dict[str, int]]:
    """The casualty chart's table (per day, or coarser bins), its unit, and what it leaves out."""
    shown = views.filter_events(_data.events, _filters)
    table, unit = views.casualty_bins(views.casualty_table(shown, measure))
    return table, unit, {why: n for why, n in views.casualty_exclusions(shown).items() if n}


@st.cache_data(show_spinner=False, max_entries=64)
def key_dates_of(fingerprint: str, filters_key: str, _data: views.EventData, _filters: views.Filters) -> pd.DataFrame:
    """The KEY_DATES_MAX best days of a view, best first (the slider shows the first n)."""
    return key_dates(views.filter_events(_data.events, _filters), KEY_DATES_MAX)


@st.cache_resource(show_spinner=False)
def image_server() -> bool:
    """Start kaleido's Chromium once per process; False when export is not possible here."""
    ok, _ = export.image_export_status()
    if ok:
        export.start_image_server()
    return ok


def _init_from_url() -> None:
    if st.session_state.get("_url_loaded"):
        return
    params = st.query_params
    for name, (key, is_list) in URL_STATE.items():
        if name not in params:
            continue
        if is_list:
            st.session_state[key] = params.get_all(name)
        elif key in ("f_from", "f_to"):
            with contextlib.suppress(ValueError):
                st.session_state[key] = dt.date.fromisoformat(params[name])
        elif key == "f_cas":
            st.session_state[key] = params[name] == "1"
        else:
            st.session_state[key] = params[name]
    st.session_state["_url_loaded"] = True


def _write_url() -> None:
    state = {}
    defaults = st.session_state.get("_defaults", {})
    for name, (key, _is_list) in URL_STATE.items():
        value = st.session_state.get(key)
        if value in (None, "", [], False) or defaults.get(key) == value:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif value is True:
            value = "1"
        state[name] = value
    st.query_params.from_dict(state)


def _reset_filters() -> None:
    """Set every filter widget back to its empty value (popping keys would leave the widgets
    showing their old values)."""
    defaults = st.session_state.get("_defaults", {})
    for key, is_list in URL_STATE.values():
        if key in ("f_from", "f_to"):
            if key in defaults:
                st.session_state[key] = defaults[key]
        elif key == "lane":
            st.session_state[key] = "actor"
        elif key == "f_cas":
            st.session_state[key] = False
        else:
            st.session_state[key] = [] if is_list else ""


def _valid(key: str, options: list) -> None:
    """Drop values (from a link) that are not options any more, so widgets never fail."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def sidebar(data: views.EventData) -> views.Filters:
    """The filter widgets; their state is mirrored into the URL."""
    sb = st.sidebar
    sb.header("Filters")
    counts, titles = data.actor_counts, data.titles
    actor_options = counts.index[:ACTOR_OPTIONS].tolist()
    actor_options += [a for a in st.session_state.get("f_actors", []) if a in counts.index and a not in actor_options]
    _valid("f_actors", actor_options)
    actors = sb.multiselect("Actor", actor_options, key="f_actors",
                            format_func=lambda a: f"{a} ({counts.get(a, 0)})",
                            placeholder="All actors",
                            help=None if len(counts) <= ACTOR_OPTIONS else
                            f"The {ACTOR_OPTIONS:,} actors with the most events of {len(counts):,}; "
                            "search the sentences for the others.")
    type_options = list(data.event_types)
    _valid("f_types", type_options)
    types = sb.multiselect("Event type", type_options, key="f_types",
                           format_func=lambda t: views.schema.EVENT_TYPES.get(t, t), placeholder="All types")
    date_from = date_to = None
    if data.day_range is not None:
        lo, hi = data.day_range
        # A range left at the data's full extent follows the data when articles are added. The
        # extents of earlier runs count too: a rerun the browser asks for before it has shown
        # the new extent sends the old one back as the widget's value.
        seen = st.session_state.setdefault("_extents", {"f_from": set(), "f_to": set()})
        for key, bound in (("f_from", lo), ("f_to", hi)):
            if key not in st.session_state or st.session_state[key] in seen[key]:
                st.session_state[key] = bound
            seen[key].add(bound)
        st.session_state["_defaults"] = {"f_from": lo, "f_to": hi, "lane": "actor"}
        # One under the other: side by side, the sidebar cut the day off ("2022 / 01 / 0").
        date_from = sb.date_input("From", key="f_from", min_value=lo - dt.timedelta(days=3650), max_value=hi)
        date_to = sb.date_input("To", key="f_to", min_value=lo, max_value=hi + dt.timedelta(days=3650))
        if date_from == lo and date_to == hi:
            date_from = date_to = None
    place_options = list(data.places)
    _valid("f_places", place_options)
    places = sb.multiselect("Location", place_options, key="f_places", placeholder="All places")
    article_options = sorted(titles)
    _valid("f_articles", article_options)
    articles = sb.multiselect("Article / source", article_options, key="f_articles",
                              format_func=lambda a: (titles.get(a) or a)[:80], placeholder="All articles")
    lang_options = list(data.languages)
    _valid("f_langs", lang_options)
    langs = sb.multiselect("Language", lang_options, key="f_langs", placeholder="All languages")
    text = sb.text_input("Search the sentences", key="f_text", placeholder="e.g. bandara")
    cas = sb.toggle("Only events with casualties", key="f_cas")
    sb.button("Reset filters", on_click=_reset_filters, width="stretch")
    return views.Filters(
        actors=tuple(actors), event_types=tuple(types), date_from=date_from, date_to=date_to,
        locations=tuple(places), articles=tuple(articles), languages=tuple(langs), text=text or "",
        casualties_only=bool(cas),
    )


def image_buttons(fig, name: str, key: str, can_export: bool, help_text: str) -> None:
    """The "PNG" and "SVG" download buttons of a chart (images made only on click)."""
    c1, c2, _ = st.columns([1, 1, 8])
    for col, fmt in ((c1, "png"), (c2, "svg")):
        col.download_button(
            fmt.upper(),
            data=functools.partial(export.figure_bytes, fig, fmt) if can_export else b"",
            file_name=f"{name}.{fmt}", mime="image/png" if fmt == "png" else "image/svg+xml",
            key=f"{key}_{fmt}", disabled=not can_export, help=None if can_export else help_text,
            on_click="ignore",
        )
    if not can_export:
        st.caption(help_text)


def plot_config(name: str) -> dict:
    """The plotly toolbar's own image button: a sensible file name and a sharp image."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}


def event_detail(row: pd.Series) -> None:
    """One event: the highlighted sentence and everything the pipeline worked out."""
    st.markdown(views.highlighted_markdown(row))
    row = views.plain_row(row)
    c1, c2, c3 = st.columns(3)
    c1.markdown("**When**")
    c1.text(f"{row['date'] or 'unknown'} ({row['date_precision'] or '-'}, {row['date_basis']})\n"
            f"time words: {row['time_expression'] or 'none'}\n"
            f"span: {row['date_start'] or '?'} → {row['date_end'] or '?'}\n"
            f"reference: {row['reference_date'] or 'none'} ({row['reference_basis']})")
    c2.markdown("**Who and where**")
    c2.text(f"actors: {', '.join(row['actors']) or 'none'}\n"
            f"type: {views.schema.EVENT_TYPES.get(row['event_type'], row['event_type'])} / {row['sub_event_type']}"
            f"{' (from the event told before)' if row.get('event_type_basis') == 'context' else ''}\n"
            f"place: {row['location'] or '-'} ({row['country'] or '-'})")
    c3.markdown("**Casualties**")

    def rng(kind: str) -> str:
        lo, hi = row[f"{kind}_min"], row[f"{kind}_max"]
        if lo is None and hi is None:
            return "-"
        if lo is None:
            return f"at most {int(hi)}"
        if hi is None:
            return f"at least {int(lo)}"
        return f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"

    c3.text(f"killed: {rng('killed')}\ninjured: {rng('injured')}\nmissing: {rng('missing')}\n"
            f"victims: {row['victims'] or '-'}\nphrase: {row['casualty_text'] or '-'}")
    article = (row["article_title"] or row["article_id"]) + (f" — {row['article_source']}" if row["article_source"] else "")
    st.caption("Article: " + views.escape_markdown(article))  # text from the article: never Markdown


def add_articles() -> None:
    """Upload files or paste text; saved under data/uploads and built like the seeds."""
    with st.expander("Add articles"):
        files = st.file_uploader("Article files (.txt, .md)", type=["txt", "md"], accept_multiple_files=True,
                                 key="upload")
        with st.form("paste", clear_on_submit=True):
            st.markdown("Or paste an article")
            title = st.text_input("Title (optional)")
            c1, c2 = st.columns(2)
            published = c1.date_input("Publication date (optional)", value=None)
            source = c2.text_input("Source (optional)")
            text = st.text_area("Text", height=160)
            pasted = st.form_submit_button("Add pasted article")
        added, problems = [], []
        # A file stays in the uploader across reruns: save and report it once per session.
        handled = st.session_state.setdefault("_uploads_handled", set())
        for f in files or []:
            if f.file_id in handled:
                continue
            handled.add(f.file_id)
            try:
                added.append(intake.save_upload(UPLOADS, f.name, f.getvalue()))
            except ArticleError as exc:
                problems.append(str(exc))
        if pasted and text.strip():
            try:
                added.append(intake.save_article(UPLOADS, intake.name_from_title(title), text, title or None, published, source or None))
            except ArticleError as exc:
                problems.append(str(exc))
        for p in problems:
            st.error(views.escape_markdown(p))  # a file name is the user's text: never Markdown
        if added:
            st.success(f"Saved {len(added)} article(s) under data/uploads/; they are in the view now.")


def main() -> None:
    st.title("Kronologi")
    st.caption("Crisis timeline from news articles: who did what, when, with casualties. "
               "Every event links back to its sentence.")
    _init_from_url()
    add_articles()
    fingerprint = intake.input_fingerprint(INPUTS)
    with st.spinner("Building events from the articles…"):
        data = load_events(fingerprint)
    events, titles, undated = data.events, data.titles, data.undated
    for note in data.notes:
        st.warning(views.escape_markdown(note))
    if events.empty:
        st.info("No events yet. Add an article above (upload a .txt/.md file or paste text), "
                "or put article files in seeds/ and reload.")
        return
    if undated:
        listed = "; ".join(views.escape_markdown(t) for t in undated[:5]) + (f"; and {len(undated) - 5:,} more" if len(undated) > 5 else "")
        st.warning(f"{len(undated):,} article(s) have no publication date (no `published:` front matter and "
                   f"no date in the text), so their relative dates (\"yesterday\", weekdays) are left undated "
                   f"and stay off the timeline and chart: {listed}. Add a `published:` line to date them.",
                   icon=None)
    filters = sidebar(data)
    _write_url()
    shown = views.filter_events(events, filters)  # in time order, as `events`
    key = repr(filters)
    described = filters.describe(titles)
    st.caption(f"{len(shown):,} of {len(events):,} events · {views.escape_markdown(described)}")
    if shown.empty:
        st.warning("No events match these filters. Widen the date range, remove a filter, "
                   "or press “Reset filters” in the sidebar.")
        return
    can_export = image_server()
    _, export_help = export.image_export_status()

    st.subheader("Timeline")
    lane = st.radio("Lanes", list(views.LANES), key="lane", horizontal=True,
                    format_func=lambda k: views.LANES[k])
    timeline = timeline_chart(fingerprint, key, lane, data, filters, described)
    picked = st.plotly_chart(timeline, key="timeline", on_select="rerun", selection_mode="points",
                             config=plot_config("kronologi-timeline"), width="stretch")
    image_buttons(timeline, "kronologi-timeline", "timeline", can_export, export_help)

    st.subheader("Event detail")
    offered = shown.head(DETAIL_OPTIONS)
    labels = {eid: f"{d or '????-??-??'} · {s[:90]}" for eid, d, s in
              zip(offered["event_id"], offered["date"].fillna(""), offered["sentence"], strict=True)}
    if isinstance(picked, dict):
        points = picked.get("selection", {}).get("points", [])
    else:
        points = getattr(getattr(picked, "selection", None), "points", []) or []
    # A click on the timeline chooses the event once; the dropdown can then choose another.
    chosen = _event_from_point(points[0]) if points else None
    if chosen is not None and chosen not in labels:  # a click on an event past the dropdown's first ones
        match = shown[shown["event_id"] == chosen]
        if len(match):
            row = views.plain_row(match.iloc[0])
            labels = {chosen: f"{row['date'] or '????-??-??'} · {(row['sentence'] or '')[:90]}", **labels}
    if chosen != st.session_state.get("_clicked"):
        st.session_state["_clicked"] = chosen
        if chosen in labels:
            st.session_state["detail"] = chosen
    if st.session_state.get("detail") not in labels:
        st.session_state["detail"] = next(iter(labels))
    event_id = st.selectbox("Event", list(labels), key="detail", format_func=lambda e: labels[e])
    if len(shown) > DETAIL_OPTIONS:
        st.caption(f"The list offers the first {DETAIL_OPTIONS:,} of {len(shown):,} events in time order; "
                   "click a mark on the timeline or narrow the filters to reach the others.")
    event_detail(shown[shown["event_id"] == event_id].iloc[0])

    st.subheader("Casualties")
    c1, c2 = st.columns([3, 2])
    measure = c1.radio("Figure", list(views.MEASURES), key="measure", horizontal=True,
                       format_func=lambda k: views.MEASURES[k])
    running = c2.toggle("Cumulative", key="cumulative")
    table, unit, left_out = casualty_view(fingerprint, key, measure, data, filters)
    if running:
        table = views.cumulative(table)
    if table.empty:
        st.info("No casualty figures to chart among these events."
                + (" Some events state figures but are left out (see below)." if left_out else ""))
    else:
        title = "Killed and injured by victim group" + (" (cumulative)" if running else f", per {unit}")
        tolls = charts.casualty_figure(table, title, f"{views.MEASURES[measure]} · {described}", running, unit)
        st.plotly_chart(tolls, key="casualties", config=plot_config("kronologi-casualties"), width="stretch")
        image_buttons(tolls, "kronologi-casualties", "casualties", can_export, export_help)
    st.caption(views.DEDUP_RULE)
    if left_out:
        st.caption("Left out of the chart (events with figures): "
                   + ", ".join(f"{why} {n:,}" for why, n in left_out.items())
                   + ". They are in the events table.")

    st.subheader("Events")
    table_cols = ["date", "date_precision", "actors", "event_type", "location", "killed_min", "killed_max",
                  "injured_min", "injured_max", "sentence", "article_title"]
    view = shown[table_cols].head(TABLE_LIMIT).copy()
    view["actors"] = view["actors"].map(", ".join)
    st.dataframe(view, hide_index=True, width="stretch")
    if len(shown) > TABLE_LIMIT:
        st.caption(f"Showing the first {TABLE_LIMIT:,} of {len(shown):,} events; the downloads hold all of them.")
    c1, c2, _ = st.columns([1, 1, 8])
    c1.download_button("CSV", data=lambda: export.csv_bytes(shown), file_name="kronologi-events.csv",
                       mime="text/csv", key="events_csv", on_click="ignore")
    c2.download_button("JSON", data=lambda: export.json_bytes(shown), file_name="kronologi-events.json",
                       mime="application/json", key="events_json", on_click="ignore")

    key_dates_view(key_dates_of(fingerprint, key, data, filters))


def key_dates_view(best: pd.DataFrame) -> None:
    """The days the sources point at most, in date order, with the sentence that best tells each."""
    st.subheader("Key dates")
    n = st.slider("How many", min_value=3, max_value=KEY_DATES_MAX, value=10, key="key_n")
    top = best.head(n)
    if top.empty:
        st.info("None of these events names its own day (explicitly, by weekday or relative to "
                "the publication date), so there are no key dates to rank.")
        return
    top.insert(0, "rank", range(1, len(top) + 1))
    order = st.radio("Order", ["date", "rank"], key="key_order", horizontal=True,
                     format_func=lambda k: {"date": "By date", "rank": "By rank"}[k])
    top = top.sort_values(order, kind="stable").rename(columns={"killed_max": "killed, at least (in sentences naming the day)",
                                                  "top_sentence": "sentence"})
    st.dataframe(top, hide_index=True, width="stretch",
                 column_config={"score": st.column_config.NumberColumn(format="%.2f")})
    st.caption("Ranked by how strongly the sources point at each day: each article counts once "
               "(the square root of its mentions), a look back from a later article counts more than a "
               "“today”, and dates the pipeline only inherited or assumed do not count.")


def _event_from_point(point) -> str | None:
    """The event behind a clicked timeline point (its event_id is the point's customdata)."""
    custom = point.get("customdata") if isinstance(point, dict) else getattr(point, "customdata", None)
    if isinstance(custom, (list, tuple)):
        custom = custom[0] if custom else None
    return str(custom) if custom else None


main()
