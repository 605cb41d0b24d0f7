"""Kronologi dashboard: a filterable crisis timeline, a casualty chart and exports.

Run with `streamlit run dashboard.py` (the README's first command does it). Widgets only:
the logic lives in pipeline/ (views, charts, export, intake).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.build.run import build_events, is_current, write_build
from pipeline.build.store import read_table
from pipeline.corpus.keydates import key_dates
from pipeline.corpus.tolls import TOLL_COLUMNS
from pipeline.ingest import intake
from pipeline.ingest.articles import ArticleError
from pipeline.present import charts, export, views
from pipeline.schema import INCIDENT_COLUMNS

ROOT = Path(__file__).resolve().parent
# KRONOLOGI_SEEDS and KRONOLOGI_DATA point the app at other folders (the tests use them).
SEEDS = Path(os.environ.get("KRONOLOGI_SEEDS", ROOT / "seeds"))
DATA = Path(os.environ.get("KRONOLOGI_DATA", ROOT / "data"))
# Fetching from loopback and private addresses is refused unless this is "1" (the tests serve
# their pages from 127.0.0.1).
ALLOW_PRIVATE_FETCH = os.environ.get("KRONOLOGI_ALLOW_PRIVATE_FETCH") == "1"
UPLOADS = DATA / "uploads"
EVENTS_PATH = DATA / "events.jsonl"
CACHE_PATH = DATA / "cache.sqlite"
INPUTS = [SEEDS, UPLOADS]
TABLE_LIMIT = 300  # rows of the events table sent to the browser (the downloads hold all)
DETAIL_OPTIONS = 300  # events offered in the detail's dropdown (a click on the timeline reaches any)
ACTOR_OPTIONS = 2000  # the most frequent actors offered by the filter (every option is sent on every change)
KEY_DATES_MAX = 30

# Beyond this many events in view the timeline draws incidents (one mark per real-world event,
# sized by its sources) instead of sentences.
EVENT_MARKS = 1500

# Query-parameter name -> (session key, is a list): every setting of the view is in its URL.
URL_STATE = {
    "actor": ("f_actors", True), "type": ("f_types", True), "place": ("f_places", True),
    "article": ("f_articles", True), "src": ("f_sources", True), "lang": ("f_langs", True), "q": ("f_text", False),
    "from": ("f_from", False), "to": ("f_to", False), "cas": ("f_cas", False), "bg": ("f_bg", False),
    "lane": ("lane", False), "marks": ("marks", False), "fig": ("measure", False), "cum": ("cumulative", False),
    "flagged": ("inc_flagged", False), "elsewhere": ("inc_elsewhere", False), "ev": ("detail", False),
}
# Settings that are on/off (in the URL as 1).
SWITCHES = {"f_cas", "f_bg", "cumulative", "inc_flagged", "inc_elsewhere"}
# Their values when the page opens; a setting at its default stays out of the URL.
DEFAULTS = {"lane": "actor", "marks": "auto", "measure": "min", **dict.fromkeys(SWITCHES, False)}

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
def timeline_chart(fingerprint: str, filters_key: str, lane: str, marks: str, _data: views.EventData,
                   _filters: views.Filters, described: str, footnote: str):
    """The timeline figure of a view and its marks' data, made once for all sessions that show
    it: sentences (marks on one spot counted), or at scale incidents sized by their sources."""
    shown = views.filter_events(_data.events, _filters)
    by_incident = marks == "incidents" or (marks == "auto" and len(shown) > EVENT_MARKS)
    if by_incident:
        rows, loose = views.incident_marks(_data, shown, lane)
        described = (f"{len(rows):,} incidents, sized by their articles; {loose:,} events of no incident "
                     f"are in the table · {described}")
    else:
        rows = views.spot_marks(views.timeline_rows(shown, lane, _filters.actors))
    fig = charts.timeline_figure(rows, lane, "Kronologi timeline", described, footnote)
    data = rows.rename(columns={"_start": "start", "_end": "end", "_type_label": "event_type"})
    data = data[["start", "end", "lane", "event_type", "count", "event_id"]].sort_values("start", kind="stable")
    return fig, data


@st.cache_data(show_spinner=False, max_entries=64)
def tolls_view(fingerprint: str, filters_key: str, flagged: bool, elsewhere: bool, _data: views.EventData,
               _filters: views.Filters):
    """The reconciled tolls of a view (pipeline.corpus.tolls.Tolls) and its incidents' rows."""
    from pipeline.corpus.incidents import focus_countries, incident_rows

    shown = views.filter_events(_data.events, _filters)
    tolls = views.tolls_of(_data, shown, flagged, elsewhere)
    restricted = views.incidents_in(_data, shown)
    articles = {a: _data.articles_country.get(a) for a in shown["article_id"].unique()}
    return tolls, incident_rows([inc for _, inc in restricted], focus_countries(articles))


@st.cache_data(show_spinner=False, max_entries=64)
def key_dates_of(fingerprint: str, filters_key: str, _data: views.EventData, _filters: views.Filters) -> pd.DataFrame:
    """The KEY_DATES_MAX best days of a view with their summaries, best first (the slider shows the first n)."""
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
        elif key in SWITCHES:
            st.session_state[key] = params[name] == "1"
        else:
            st.session_state[key] = params[name]
    st.session_state["_url_loaded"] = True


def _write_url() -> None:
    state = {}
    defaults = {**DEFAULTS, **st.session_state.get("_defaults", {})}
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
    defaults = {**DEFAULTS, **st.session_state.get("_defaults", {})}
    for key, is_list in URL_STATE.values():
        if key == "detail":
            continue  # the event shown is no filter
        if key in defaults:
            st.session_state[key] = defaults[key]
        elif key not in ("f_from", "f_to"):
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
        # The view opens on the crisis: the dense period of its events, not the earliest year an
        # article recalls. A range left at that default follows the data when articles are
        # added. The defaults of earlier runs count too: a rerun the browser asks for before it
        # has shown the new range sends the old one back as the widget's value.
        dense_lo, dense_hi = data.dense_range or data.day_range
        seen = st.session_state.setdefault("_extents", {"f_from": set(), "f_to": set()})
        for key, bound in (("f_from", dense_lo), ("f_to", dense_hi)):
            if key not in st.session_state or st.session_state[key] in seen[key]:
                st.session_state[key] = bound
            seen[key].add(bound)
        st.session_state["_defaults"] = {"f_from": dense_lo, "f_to": dense_hi}
        # One under the other: side by side, the sidebar cut the day off ("2022 / 01 / 0").
        date_from = sb.date_input("From", key="f_from", min_value=lo - dt.timedelta(days=3650), max_value=hi)
        date_to = sb.date_input("To", key="f_to", min_value=lo, max_value=hi + dt.timedelta(days=3650))
        if date_from is not None and date_to is not None and date_from <= lo and date_to >= hi:
            date_from = date_to = None  # all of it: no date filter
        elif (date_from, date_to) == (dense_lo, dense_hi):
            sb.caption(f"The crisis period: where most events are. The events' dates run from {lo} to {hi}.")
    place_options = list(data.places)
    _valid("f_places", place_options)
    places = sb.multiselect("Location", place_options, key="f_places", placeholder="All places")
    article_options = sorted(titles)
    _valid("f_articles", article_options)
    articles = sb.multiselect("Article", article_options, key="f_articles",
                              format_func=lambda a: (titles.get(a) or a)[:80], placeholder="All articles")
    sources = data.source_counts
    source_options = sources.index[:ACTOR_OPTIONS].tolist()
    source_options += [a for a in st.session_state.get("f_sources", []) if a in sources.index and a not in source_options]
    _valid("f_sources", source_options)
    cited = sb.multiselect("Source (outlet or reporter)", source_options, key="f_sources",
                           format_func=lambda a: f"{a} ({sources.get(a, 0)})", placeholder="All sources",
                           help="News outlets and reporters a sentence cites, and each article's own outlet: "
                                "sources, not actors of the crisis.")
    lang_options = list(data.languages)
    _valid("f_langs", lang_options)
    langs = sb.multiselect("Language", lang_options, key="f_langs", placeholder="All languages")
    text = sb.text_input("Search the sentences", key="f_text", placeholder="e.g. bandara")
    cas = sb.toggle("Only events with casualties", key="f_cas")
    background = sb.toggle("Show background", key="f_bg",
                           help="Past events the articles recall (\"the 1912 sinking of the Titanic killed 1,500\"): "
                                "marked background and left out unless shown.")
    sb.button("Reset filters", on_click=_reset_filters, width="stretch")
    return views.Filters(
        actors=tuple(actors), event_types=tuple(types), date_from=date_from, date_to=date_to,
        locations=tuple(places), articles=tuple(articles), languages=tuple(langs), text=text or "",
        casualties_only=bool(cas), sources=tuple(cited), background=bool(background),
    )


def image_buttons(fig, name: str, key: str, can_export: bool, help_text: str, data: Callable[[], bytes]) -> None:
    """The "PNG" and "SVG" download buttons of a chart (images made only on click), and its
    data as CSV."""
    c1, c2, c3, _ = st.columns([1, 1, 2, 6])
    c3.download_button("Chart data (CSV)", data=data, file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv",
                       on_click="ignore")
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


def event_detail(row: pd.Series, printed_by: list[str] | None = None) -> None:
    """One event: the highlighted sentence and everything the pipeline worked out; `printed_by`
    names the other outlets that printed the same story (copies count once)."""
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
            f"place: {row['location'] or '-'} ({row['country'] or '-'})\n"
            f"sources cited: {', '.join(row.get('cited') or []) or 'none'}")
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

    others = "".join(f"\n{kind}: {rng(kind)}" for kind in ("displaced", "affected", "rescued")
                     if row.get(f"{kind}_min") is not None or row.get(f"{kind}_max") is not None)
    c3.text(f"killed: {rng('killed')}\ninjured: {rng('injured')}\nmissing: {rng('missing')}{others}\n"
            f"victims: {row['victims'] or '-'}\nscope: {row.get('casualty_scope') or '-'}"
            f"{' (background: a past event the article recalls)' if row.get('background') else ''}\n"
            f"phrase: {row['casualty_text'] or '-'}")
    article = (row["article_title"] or row["article_id"]) + (f" — {row['article_source']}" if row["article_source"] else "")
    st.caption("Article: " + views.escape_markdown(article))  # text from the article: never Markdown
    if printed_by:
        st.caption("The same story, printed also by: " + views.escape_markdown(", ".join(printed_by))
                   + " (counted once in key dates, incidents and tolls)")


def add_articles() -> None:
    """Upload files, give links or feeds, or paste text; saved under data/uploads and built like the seeds."""
    from pipeline.ingest.collect import collect, read_url_list

    with st.expander("Add articles"):
        files = st.file_uploader("Article files (.txt, .md, saved web pages .html, PDF reports)",
                                 type=["txt", "md", "html", "htm", "pdf"], accept_multiple_files=True, key="upload")
        with st.form("links", clear_on_submit=True):
            links = st.text_area("Or links: web pages, PDF reports or RSS/Atom feeds, one per line", height=90,
                                 key="links_text")
            fetch_links = st.form_submit_button("Fetch")
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
        if fetch_links and links.strip():
            urls = read_url_list(links)
            with st.status(f"Fetching {len(urls)} link(s)…", expanded=False) as status:
                result = collect(urls, UPLOADS, allow_private=ALLOW_PRIVATE_FETCH,
                                 progress=lambda line: status.write(views.escape_markdown(line)))
                status.update(label=f"Fetched: {len(result.saved)} new, {len(result.already)} already saved, "
                                    f"{len(result.errors)} failed", state="complete")
            added += result.saved
            problems += [str(e) for e in result.errors]
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
    flagged, elsewhere = bool(st.session_state.get("inc_flagged")), bool(st.session_state.get("inc_elsewhere"))
    tolls, incident_table = tolls_view(fingerprint, key, flagged, elsewhere, data, filters)
    source_line = views.source_line(shown, titles)

    st.subheader("Timeline")
    c1, c2 = st.columns([3, 2])
    lane = c1.radio("Lanes", list(views.LANES), key="lane", horizontal=True, format_func=lambda k: views.LANES[k])
    marks = c2.radio("Marks", ["auto", "events", "incidents"], key="marks", horizontal=True,
                     format_func=lambda k: {"auto": "Auto", "events": "Sentences", "incidents": "Incidents"}[k],
                     help=f"Auto: each sentence up to {EVENT_MARKS:,} events, else each incident "
                          "(the sentences of one real-world event, sized by their articles).")
    timeline, timeline_data = timeline_chart(fingerprint, key, lane, marks, data, filters, described, source_line)
    picked = st.plotly_chart(timeline, key="timeline", on_select="rerun", selection_mode="points",
                             config=plot_config("kronologi-timeline"), width="stretch")
    image_buttons(timeline, "kronologi-timeline", "timeline", can_export, export_help,
                  functools.partial(export.safe_csv_bytes, timeline_data))
    st.caption("A larger mark with a number stands for several: events on one spot, or an incident's articles. "
               "Click a mark to read its sentences below.")

    st.subheader("Event detail")
    offered = shown.head(DETAIL_OPTIONS)
    labels = {eid: f"{d or '????-??-??'} · {s[:90]}" for eid, d, s in
              zip(offered["event_id"], offered["date"].fillna(""), offered["sentence"], strict=True)}
    if isinstance(picked, dict):
        points = picked.get("selection", {}).get("points", [])
    else:
        points = getattr(getattr(picked, "selection", None), "points", []) or []
    # A click on the timeline chooses the event once; the dropdown can then choose another. An
    # incident's mark chooses its first sentence.
    chosen = _event_from_point(points[0]) if points else None
    if chosen is not None and chosen.startswith("incident:"):
        chosen = _first_mention(data, shown, chosen)
    default = None
    if not st.session_state.get("detail") or st.session_state["detail"] not in labels:
        default = views.most_reported(data, shown)  # opens on the most-reported incident
    wanted = [e for e in (chosen, st.session_state.get("detail"), default) if e]
    for eid in wanted:
        if eid and eid not in labels:  # an event past the dropdown's first ones
            match = shown[shown["event_id"] == eid]
            if len(match):
                row = views.plain_row(match.iloc[0])
                labels = {eid: f"{row['date'] or '????-??-??'} · {(row['sentence'] or '')[:90]}", **labels}
    if chosen != st.session_state.get("_clicked"):
        st.session_state["_clicked"] = chosen
        if chosen in labels:
            st.session_state["detail"] = chosen
    if st.session_state.get("detail") not in labels:
        st.session_state["detail"] = default if default in labels else next(iter(labels))
    event_id = st.selectbox("Event (type to search)", list(labels), key="detail", format_func=lambda e: labels[e])
    if len(shown) > DETAIL_OPTIONS:
        st.caption(f"The list offers the first {DETAIL_OPTIONS:,} of {len(shown):,} events in time order and the "
                   "most-reported incident; click a mark on the timeline or narrow the filters to reach the others.")
    chosen_row = shown[shown["event_id"] == event_id].iloc[0]
    event_detail(chosen_row, views.printed_by(data.events, chosen_row))
    incident_detail(data, shown, event_id, titles)

    st.subheader("Casualties")
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
    measure = c1.radio("Figure", list(views.MEASURES), key="measure", horizontal=True,
                       format_func=lambda k: views.MEASURES[k])
    running = c2.toggle("Cumulative", key="cumulative")
    c3.toggle("Include flagged figures", key="inc_flagged",
              help="Figures over a tenth of their place's population, or ten times the toll so far told by "
                   "one article: left out unless included.")
    c4.toggle("Include other countries", key="inc_elsewhere",
              help="Tolls of countries that are not the corpus's crisis (the main country of fewer than half as "
                   "many articles as the first).")
    table, unit = views.casualty_bins(views.toll_chart_table(tolls.rows, measure))
    if running:
        table = views.cumulative(table)
    left = "; ".join(f"{why}: {n:,}" for why, n in tolls.left_out.items())
    footnote = (f"{views.COUNTING_RULE} Left out: {left or 'nothing'}. {tolls.incidents:,} incidents, "
                f"{tolls.events:,} events with figures counted. {source_line}")
    if table.empty:
        st.info("No casualty figures to chart among these events."
                + (" Some events state figures but are left out (see below)." if tolls.left_out else ""))
    else:
        what = views.MEASURES[measure].split(" (")[0].lower()
        title = f"Killed and injured, reconciled ({what})" + (" (cumulative)" if running else f", per {unit}")
        chart = charts.casualty_figure(table, title, described, running, unit, footnote)
        st.plotly_chart(chart, key="casualties", config=plot_config("kronologi-casualties"), width="stretch")
        image_buttons(chart, "kronologi-casualties", "casualties", can_export, export_help,
                      functools.partial(export.rows_csv_bytes, tolls.rows, TOLL_COLUMNS))
        killed = sum(r[f"killed_{measure}"] for r in tolls.rows)
        st.caption(f"Total killed ({what}): {killed:,}; one series per country.")
    st.caption(views.COUNTING_RULE)
    if tolls.left_out:
        st.caption("Left out of the chart (events with figures): " + views.escape_markdown(left)
                   + ". They are in the events table.")

    st.subheader("Events")
    table_cols = ["date", "date_precision", "actors", "event_type", "location", "killed_min", "killed_max",
                  "injured_min", "injured_max", "sentence", "article_title"]
    view = shown[table_cols].head(TABLE_LIMIT).copy()
    view["actors"] = view["actors"].map(", ".join)
    st.dataframe(view, hide_index=True, width="stretch")
    if len(shown) > TABLE_LIMIT:
        st.caption(f"Showing the first {TABLE_LIMIT:,} of {len(shown):,} events; the downloads hold all of them.")
    c1, c2, c3, c4, _ = st.columns([1, 1, 2, 2, 4])
    c1.download_button("CSV", data=lambda: export.csv_bytes(shown), file_name="kronologi-events.csv",
                       mime="text/csv", key="events_csv", on_click="ignore")
    c2.download_button("JSON", data=lambda: export.json_bytes(shown), file_name="kronologi-events.json",
                       mime="application/json", key="events_json", on_click="ignore")
    c3.download_button("Incidents (CSV)", data=functools.partial(export.rows_csv_bytes, incident_table, INCIDENT_COLUMNS),
                       file_name="kronologi-incidents.csv", mime="text/csv", key="incidents_csv", on_click="ignore")
    c4.download_button("Incidents (JSON)", data=functools.partial(export.rows_json_bytes, incident_table),
                       file_name="kronologi-incidents.json", mime="application/json", key="incidents_json",
                       on_click="ignore")

    key_dates_view(key_dates_of(fingerprint, key, data, filters), filters.describe())


def key_dates_view(best: pd.DataFrame, subtitle: str) -> None:
    """The days that matter most, each told in one to three sentences, with the exports
    (TimelineJS JSON, Markdown, CSV). Article text is shown as table cells, never as Markdown."""
    st.subheader("Key dates")
    n = st.slider("How many", min_value=3, max_value=KEY_DATES_MAX, value=10, key="key_n")
    top = best.head(n)
    if top.empty:
        st.info("No day in these events is named by a sentence or has an article published on it, "
                "so there are no key dates to rank.")
        return
    order = st.radio("Order", ["date", "rank"], key="key_order", horizontal=True,
                     format_func=lambda k: {"date": "By date", "rank": "By rank"}[k])
    shown = top.assign(rank=range(1, len(top) + 1)).sort_values(order, kind="stable")
    view = shown.assign(summary=shown["summary"].map(lambda s: "  ·  ".join(s) if isinstance(s, list) else ""))
    view = view[["rank", "date", "summary", "articles", "mentions", "killed_max", "score"]].rename(
        columns={"killed_max": "killed, at least (in sentences naming the day)", "summary": "what happened (sources' sentences)"})
    st.dataframe(view, hide_index=True, width="stretch",
                 column_config={"score": st.column_config.NumberColumn(format="%.2f"),
                                "what happened (sources' sentences)": st.column_config.TextColumn(width="large")})
    st.caption("Ranked by a model learnt from Timeline17's gold timelines (how many articles name the day, "
               "before, on and after it; how many were published that day and the next; how the day was "
               "written; the tolls told of it). Each day is told by the sentences closest to what its "
               "sources say of it, no sentence repeated across days. Dates the pipeline only inherited or "
               "assumed do not count as naming a day.")
    title = "Kronologi key dates"
    c1, c2, c3 = st.columns(3)
    c1.download_button("Key dates (TimelineJS JSON)", data=functools.partial(export.key_dates_timelinejs, shown, title, subtitle),
                       file_name="kronologi-key-dates-timelinejs.json", mime="application/json", key="key_tljs",
                       on_click="ignore")
    c2.download_button("Key dates (Markdown)", data=functools.partial(export.key_dates_markdown, shown, title, subtitle),
                       file_name="kronologi-key-dates.md", mime="text/markdown", key="key_md", on_click="ignore")
    c3.download_button("Key dates (CSV)", data=functools.partial(export.key_dates_csv, shown),
                       file_name="kronologi-key-dates.csv", mime="text/csv", key="key_csv", on_click="ignore")


def _first_mention(data: views.EventData, shown: pd.DataFrame, mark: str) -> str | None:
    """The first sentence shown of the incident a timeline mark stands for ("incident:<n>")."""
    try:
        incident = data.incidents[int(mark.split(":", 1)[1])]
    except (ValueError, IndexError):
        return None
    ids = set(shown["event_id"])
    return next((m.event_id for m in incident.mentions if m.event_id in ids), None)


def incident_detail(data: views.EventData, shown: pd.DataFrame, event_id: str, titles: dict[str, str]) -> None:
    """The incident an event belongs to: its reconciled tolls, each with its sentence, and all
    its sentences with their articles (all text shown as text, never Markdown)."""
    from pipeline.corpus.incidents import Incident, incident_rows

    n = data.incident_of.get(event_id)
    if n is None:
        st.caption("This sentence is part of no incident (incidents group the sentences that tell of harm: "
                   "violence, protests, disasters, accidents, casualties).")
        return
    ids = set(shown["event_id"])
    whole = data.incidents[n]
    incident = Incident([m for m in whole.mentions if m.event_id in ids] or whole.mentions, whole.reasons)
    row = incident_rows([incident], frozenset())[0]
    by_id = {m.event_id: m.row for m in incident.mentions}

    def toll(kind: str) -> str:
        parts = [f"{label} {row[f'{kind}_{b}']:,}" for b, label in (("low", "low"), ("best", "best"), ("high", "high"))
                 if row[f"{kind}_{b}"] is not None]
        return ", ".join(parts) or "-"

    with st.expander(f"Incident: {row['articles']} article(s), {row['mentions']} sentence(s) tell of it", expanded=True):
        st.text(f"{views.schema.EVENT_TYPES.get(row['event_type'], row['event_type'])} / {row['sub_event_type']} · "
                f"{row['date']}{' to ' + row['date_end'] if row['date_end'] != row['date'] else ''} · "
                f"{row['location'] or row['country'] or 'place unknown'}\n"
                f"killed: {toll('killed')}\ninjured: {toll('injured')}"
                + (f"\nflagged, left out: {'; '.join(row['flags'])}" if row["flags"] else ""))
        for b in ("low", "high"):
            eid = row[f"killed_{b}_event"]
            if eid and eid in by_id:
                st.text(f"killed {b}: {by_id[eid]['sentence']}")
        mentions = pd.DataFrame([{"date": m.row.get("date"), "article": titles.get(m.row["article_id"]) or m.row["article_id"],
                                  "sentence": m.row["sentence"]} for m in incident.mentions])
        st.dataframe(mentions, hide_index=True, width="stretch")
        if row["merge_reasons"]:
            st.caption("Why these are one incident: " + views.escape_markdown("; ".join(row["merge_reasons"][:5]))
                       + (f"; and {len(row['merge_reasons']) - 5:,} more" if len(row["merge_reasons"]) > 5 else ""))


def _event_from_point(point) -> str | None:
    """The event behind a clicked timeline point (its event_id is the point's customdata)."""
    custom = point.get("customdata") if isinstance(point, dict) else getattr(point, "customdata", None)
    if isinstance(custom, (list, tuple)):
        custom = custom[0] if custom else None
    return str(custom) if custom else None


main()
