"""What the dashboard shows, as plain functions on the events table: filters, lanes, tolls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import regex

from .. import schema

LANES = {"actor": "Actor", "event_type": "Event type", "location": "Location"}
MEASURES = {"min": "Conservative (minimum)", "max": "Upper (maximum where bounded)"}
CASUALTY_KINDS = ("killed", "injured")
COUNTING_RULE = (
    "Counting: mentions of one real-world event are one incident, counted once at its lowest "
    "reported figure (UCDP low); a country's running toll (\"the death toll rose to 200,000\") "
    "counts once at its latest figure told by at least two articles, and a country's toll is the "
    "larger of that and its incidents, never their sum."
)
UNKNOWN_PLACE = "(no place)"
NO_ACTOR = "(no actor)"


@dataclass(frozen=True)
class Filters:
    """The dashboard's filter state; empty fields do not filter."""

    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    locations: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    text: str = ""
    casualties_only: bool = False
    sources: tuple[str, ...] = ()  # outlets and reporters cited, or the articles' own outlets
    background: bool = False  # show the past events articles recall (left out by default)

    def describe(self, article_titles: dict[str, str] | None = None) -> str:
        """The active filters in one line, for chart subtitles and exports (articles by title
        when `article_titles` maps their ids)."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), "", None, False):
                continue
            label = f.name.replace("_", " ")
            if f.name == "articles" and article_titles:
                value = tuple((article_titles.get(a) or a)[:60] for a in value)
            if isinstance(value, tuple):
                value = ", ".join(value)
            elif isinstance(value, bool):
                value = "yes"
            parts.append(f"{label}: {value}")
        return "; ".join(parts) or "no filters"


@dataclass(frozen=True)
class EventData:
    """The events of the current inputs, prepared once and shared by every dashboard session
    (one copy in memory, however many sessions), with what the filters offer. Nothing changes
    it: the views make new frames from it."""

    events: pd.DataFrame  # prepare_events, in time order (then article, sentence)
    notes: tuple[str, ...]  # what the build could not use, for the user
    titles: dict[str, str]  # article id -> title
    undated: tuple[str, ...]  # titles of articles without a reference date
    actor_counts: pd.Series  # events per actor, most frequent first
    event_types: tuple[str, ...]  # the types present, in vocabulary order
    places: tuple[str, ...]
    languages: tuple[str, ...]
    day_range: tuple[dt.date, dt.date] | None  # the first and last day of a dated event
    dense_range: tuple[dt.date, dt.date] | None  # the crisis: where most of its dated events are
    source_counts: pd.Series  # events per cited outlet or reporter (and article outlet)
    incidents: tuple  # pipeline.corpus.incidents.Incident of the whole corpus
    articles_country: dict[str, str | None]  # article id -> its main country
    incident_of: dict[str, int]  # event id -> the index of its incident in `incidents`
    figure_rows: dict[str, dict]  # event id -> the row (incident_rows_of) of an event with killed or injured figures


def event_data(events: pd.DataFrame, notes: list[str] | tuple[str, ...] = ()) -> EventData:
    """A built events table, prepared for the dashboard (see EventData): actors named one way
    across the corpus (corpus.actors), its incidents found once."""
    from ..corpus.incidents import article_countries, group_mentions, mentions_of

    ev = prepare_events(events)
    ev = ev.sort_values(["_start", "article_id", "sentence_index"], na_position="last", kind="stable")
    ev = with_corpus_names(ev)
    titles = ev.drop_duplicates("article_id").set_index("article_id")["article_title"].fillna("").to_dict()
    days = ev["_day"].dropna()
    present = set(ev["event_type"].dropna())
    countries = article_countries(ev[["article_id", "country", "location"]].astype(object)
                                  .where(ev[["article_id", "country", "location"]].notna(), None).to_dict("records"))
    # Only events of harm or with figures take part in incidents (mentions_of): the others
    # need not become rows.
    harm = ev["event_type"].isin(schema.HARMFUL_EVENT_TYPES).fillna(False)
    for kind in schema.HARM_KINDS:
        harm |= ev[f"{kind}_min"].notna() | ev[f"{kind}_max"].notna()
    harm_rows = incident_rows_of(ev[harm])
    incidents = tuple(group_mentions(mentions_of(harm_rows, countries)))
    figures = {r["event_id"]: r for r in harm_rows if any(r.get(f"{k}_{b}") is not None
                                                          for k in CASUALTY_KINDS for b in ("min", "max"))}
    return EventData(
        events=ev, notes=tuple(notes), titles=titles, undated=tuple(articles_without_reference(ev)),
        actor_counts=actor_counts(ev), event_types=tuple(t for t in schema.EVENT_TYPES if t in present),
        places=tuple(sorted(set(ev["_place"]) | set(ev["country"].dropna()))),
        languages=tuple(sorted(ev["language"].dropna().unique().tolist())),
        day_range=(days.min().date(), days.max().date()) if len(days) else None,
        dense_range=dense_period(ev), source_counts=source_counts(ev),
        incidents=incidents, articles_country=countries,
        incident_of={m.event_id: n for n, inc in enumerate(incidents) for m in inc.mentions}, figure_rows=figures,
    )


# The columns incidents and tolls read of an event.
_INCIDENT_COLUMNS = ("event_id", "article_id", "story_id", "article_source", "sentence_index", "sentence", "language", "date",
                     "date_start", "date_end", "date_precision", "date_basis", "reference_date", "background",
                     "event_type", "sub_event_type", "actors", "location", "country", "victims", "casualty_scope",
                     "killed_min", "killed_max", "injured_min", "injured_max", "missing_min", "missing_max")


def incident_rows_of(events: pd.DataFrame) -> list[dict]:
    """The event rows incidents and tolls read (plain values), from a prepared events table."""
    cols = [c for c in _INCIDENT_COLUMNS if c in events.columns]
    frame = events[cols].astype(object).where(events[cols].notna(), None)
    return frame.to_dict("records")


def with_corpus_names(events: pd.DataFrame) -> pd.DataFrame:
    """Actors named one way across the corpus, and names the corpus cites as reporters moved
    from actors to `cited` (pipeline.corpus.actors)."""
    from ..corpus.actors import corpus_names, rename

    table = corpus_names(events["actors"], events["cited"])
    if not table:
        return events
    out = events.copy()
    renamed = out["actors"].map(lambda names: rename(names, table))
    out["actors"] = renamed.map(lambda pair: pair[0])
    extra = renamed.map(lambda pair: pair[1])
    out["cited"] = [c + [n for n in e if n not in c] if e else c for c, e in zip(out["cited"], extra, strict=True)]
    return out


def source_counts(events: pd.DataFrame) -> pd.Series:
    """Events per source: outlets and reporters a sentence cites, and its article's outlet."""
    cited = events["cited"].explode().dropna()
    own = events["article_source"].dropna()
    return pd.concat([cited, own], ignore_index=True).astype(str).value_counts()


# The crisis's period: the central days holding this share of its dated events, for a corpus of
# at least DENSE_MIN_EVENTS dated events (fewer: all their days).
DENSE_SHARE = 0.9
DENSE_MIN_EVENTS = 200


def dense_period(events: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The dense period of a corpus: the days between the 5th and 95th percentile of the days
    of its events dated to a day (not background; "2011" is no day), so that one article recalling "500 years ago" or a
    date far off does not stretch the default view; a small corpus's every day."""
    daily = events["date_precision"].isin(("minute", "hour", "part_of_day", "day")).fillna(False)
    days = events.loc[~events["background"] & events["_day"].notna() & daily, "_day"]
    if days.empty:
        days = events["_day"].dropna()
    if days.empty:
        return None
    if len(days) < DENSE_MIN_EVENTS:  # a few articles: every day of them
        return days.min().date(), days.max().date()
    tail = (1 - DENSE_SHARE) / 2
    lo, hi = days.quantile(tail), days.quantile(1 - tail)
    return lo.date(), hi.date()


def prepare_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events table with the helper columns views need (parsed times, place, flags)."""
    ev = schema.coerce(events, schema.EVENT_COLUMNS) if set(schema.EVENT_COLUMNS) <= set(events.columns) else events
    out = ev.copy()
    for col in ("actors", "cited"):
        if col not in out:
            out[col] = [[] for _ in range(len(out))]
        out[col] = out[col].map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else [])
    if "background" not in out:
        out["background"] = False
    out["background"] = out["background"].fillna(False).astype(bool)
    out["_start"] = pd.to_datetime(out["date_start"], errors="coerce")
    out["_end"] = pd.to_datetime(out["date_end"], errors="coerce")
    out["_day"] = pd.to_datetime(out["date"], errors="coerce")
    out["_place"] = out["location"].fillna(out["country"]).fillna(UNKNOWN_PLACE).astype(str)
    out["_type_label"] = out["event_type"].map(schema.EVENT_TYPES).fillna("Other")
    has = pd.Series(False, index=out.index)
    for kind in schema.HARM_KINDS:
        low, high = out[f"{kind}_min"], out[f"{kind}_max"]
        # A figure, not the 0..0 of "no one was killed" (schema.states_figure).
        has |= (low.notna() | high.notna()) & ~((low.fillna(0) == 0) & (high == 0))
    out["_has_casualties"] = has
    out["_search"] = (out["sentence"].fillna("") + " " + out["article_title"].fillna("")).str.lower()
    out["_hover"] = hover_texts(out)
    return out


def _escape(series: pd.Series, limit: int) -> pd.Series:
    text = series.astype("string").fillna("")
    long = text.str.len() > limit
    text = text.where(~long, text.str.slice(0, limit - 1) + "…")
    return (text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
            .str.replace(">", "&gt;", regex=False))


def hover_texts(events: pd.DataFrame) -> pd.Series:
    """The timeline's hover label of each event, HTML-escaped (plotly labels accept some tags)."""
    expr = _escape(events["time_expression"], 60).replace("", "none (inherited)")
    return (
        _escape(events["sentence"], 160) + "<br>time words: " + expr
        + "<br>date: " + _escape(events["date"], 12).replace("", "unknown")
        + " (" + _escape(events["date_precision"], 12) + ", " + _escape(events["date_basis"], 12) + ")"
    ).astype(object)


def articles_without_reference(events: pd.DataFrame) -> list[str]:
    """Titles (else ids) of the articles with no reference date: neither front matter nor a
    date in the text, so their relative dates ("yesterday", weekdays) stay undated."""
    none = events[events["reference_basis"] == "none"]
    if none.empty:
        return []
    firsts = none.groupby("article_id", sort=True)["article_title"].first()
    return [str(t) if isinstance(t, str) and t.strip() else str(a) for a, t in firsts.items()]


def actor_counts(events: pd.DataFrame) -> pd.Series:
    """Number of events per actor, most frequent first."""
    exploded = events["actors"].explode().dropna()
    return exploded.value_counts()


def filter_events(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events that pass every active filter (events from prepare_events)."""
    mask = pd.Series(True, index=events.index)
    if filters.actors:
        wanted = set(filters.actors)
        mask &= events["actors"].map(lambda lst: not wanted.isdisjoint(lst))
    if filters.event_types:
        mask &= events["event_type"].isin(filters.event_types)
    if filters.date_from is not None:
        mask &= (events["_end"] > pd.Timestamp(filters.date_from)).fillna(False)
    if filters.date_to is not None:
        mask &= (events["_start"] < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)).fillna(False)
    if filters.locations:
        mask &= events["_place"].isin(filters.locations) | events["country"].isin(filters.locations)
    if filters.articles:
        mask &= events["article_id"].isin(filters.articles)
    if filters.languages:
        mask &= events["language"].isin(filters.languages)
    if filters.text.strip():
        mask &= events["_search"].str.contains(filters.text.strip().lower(), regex=False)
    if filters.casualties_only:
        mask &= events["_has_casualties"]
    if filters.sources:
        wanted_sources = set(filters.sources)
        mask &= (events["cited"].map(lambda lst: not wanted_sources.isdisjoint(lst))
                 | events["article_source"].isin(filters.sources).fillna(False))
    if not filters.background:
        mask &= ~events["background"]
    mask = mask.fillna(False)
    return events if bool(mask.all()) else events[mask]


def timeline_rows(events: pd.DataFrame, lane: str = "actor", actors: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per event and lane value (an event with two actors is drawn in both lanes).

    Dated events only; `is_span` marks those whose date is coarser than a day part, drawn
    from date_start to date_end; the others are points at their start. With `actors` (the
    actor filter), actor lanes are only those actors'.
    """
    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r} (choose one of {', '.join(LANES)})")
    cols = ["event_id", "_start", "_end", "actors", "_type_label", "_place", "_hover"]
    dated = events.loc[events["_start"].notna(), cols].copy()
    if lane == "actor":
        dated["lane"] = dated["actors"].map(lambda lst: lst or [NO_ACTOR])
        dated = dated.explode("lane")
        if actors:
            dated = dated[dated["lane"].isin(actors)]
    elif lane == "event_type":
        dated["lane"] = dated["_type_label"]
    else:
        dated["lane"] = dated["_place"]
    dated["lane"] = dated["lane"].astype(str)
    dated["is_span"] = (dated["_end"] - dated["_start"]) > pd.Timedelta(days=1)
    return dated


def spot_marks(rows: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows with the points on one spot (same lane, time and type) made one mark that
    counts them (`count`; its hover says how many more); spans are left as they are."""
    rows = rows.assign(count=1)
    points, spans = rows[~rows["is_span"]], rows[rows["is_span"]]
    if points.empty:
        return rows
    keys = ["lane", "_start", "_type_label"]
    grouped = points.groupby(keys, sort=False, as_index=False).agg(
        event_id=("event_id", "first"), _end=("_end", "first"), _hover=("_hover", "first"), count=("count", "size"),
        is_span=("is_span", "first"))
    many = grouped["count"] > 1
    grouped.loc[many, "_hover"] = (grouped.loc[many, "_hover"] + "<br><b>+"
                                   + (grouped.loc[many, "count"] - 1).astype(str) + " more events here</b>")
    return pd.concat([grouped, spans[grouped.columns.intersection(spans.columns)]], ignore_index=True)


def printed_by(events: pd.DataFrame, row: pd.Series) -> list[str]:
    """The outlets (else titles) of the other articles that printed the story of `row`'s article
    (pipeline.corpus.copies), in order of publication."""
    story_id = row.get("story_id")
    if "story_id" not in events.columns or story_id is None or pd.isna(story_id):
        return []
    others = events[(events["story_id"] == story_id) & (events["article_id"] != row["article_id"])]
    others = others.sort_values(["reference_date", "article_id"], kind="stable").drop_duplicates("article_id")
    names = others["article_source"].fillna(others["article_title"]).fillna(others["article_id"])
    return list(dict.fromkeys(str(n) for n in names))


def incidents_in(data: EventData, shown: pd.DataFrame) -> list:
    """(index in data.incidents, the incident with only its mentions among the events shown)
    for every incident with a mention shown, most reported first (articles, then mentions)."""
    from ..corpus.incidents import Incident, story

    ids = set(shown["event_id"])
    out = []
    for n, inc in enumerate(data.incidents):
        mentions = [m for m in inc.mentions if m.event_id in ids]
        if mentions:
            out.append((n, Incident(mentions, inc.reasons)))
    out.sort(key=lambda item: (-len({story(m.row) for m in item[1].mentions}), -len(item[1].mentions), item[0]))
    return out


def most_reported(data: EventData, shown: pd.DataFrame) -> str | None:
    """The sentence that opens the incident the most articles tell among the events shown: the
    one behind its death toll, else the first that dates it in its own words, else its first."""
    from ..corpus.incidents import OWN_DATE_BASES, reconcile

    found = incidents_in(data, shown)
    if not found:
        return None
    mentions = found[0][1].mentions
    toll = reconcile(mentions, "killed", None)
    if toll.best_event:
        return toll.best_event
    own = [m for m in mentions if m.row.get("date_basis") in OWN_DATE_BASES]
    return (own or mentions)[0].event_id


def incident_marks(data: EventData, shown: pd.DataFrame, lane: str = "actor") -> tuple[pd.DataFrame, int]:
    """The incidents among the events shown as timeline marks (one per incident, at its day, in
    the lane most of its mentions name; `event_id` is "incident:<n>", `count` its number of
    articles), and how many events shown are in no incident."""
    from ..corpus.incidents import incident_day

    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r} (choose one of {', '.join(LANES)})")
    found = incidents_in(data, shown)
    covered = sum(len(inc.mentions) for _, inc in found)
    if not found:
        return pd.DataFrame(columns=["event_id", "_start", "_end", "lane", "_type_label", "is_span", "count", "_hover"]), len(shown)
    links = pd.DataFrame([(n, m.event_id) for n, inc in found for m in inc.mentions], columns=["n", "event_id"])
    cols = ["event_id", "article_id", "actors", "_type_label", "_place", "sentence", "killed_min"]
    rows = links.merge(shown[cols], on="event_id", how="left")
    if lane == "actor":
        lanes = rows[["n", "actors"]].explode("actors").dropna()
        lane_of = lanes.groupby("n")["actors"].agg(lambda v: v.value_counts().index[0])
    else:
        column = "_type_label" if lane == "event_type" else "_place"
        lane_of = rows.groupby("n")[column].agg(lambda v: v.value_counts().index[0])
    grouped = rows.groupby("n", sort=False)
    summary = pd.DataFrame({
        "articles": grouped["article_id"].nunique(),
        "sentences": grouped.size(),
        "type": grouped["_type_label"].agg(lambda v: v.value_counts().index[0]),
        "first": grouped["sentence"].first(),
        "killed": grouped["killed_min"].max().where(lambda k: k > 0),
    })
    summary["lane"] = lane_of.reindex(summary.index).fillna(NO_ACTOR if lane == "actor" else UNKNOWN_PLACE)
    days = {n: pd.Timestamp(incident_day(inc)) for n, inc in found}
    summary["_start"] = summary.index.map(days)
    killed = summary["killed"].map(lambda k: "" if pd.isna(k) else f"; killed (largest figure told): {int(k):,}")
    hover = (_escape(summary["first"], 160) + "<br><b>" + summary["articles"].astype(str) + " article(s), "
             + summary["sentences"].astype(str) + " sentence(s)</b>" + killed)
    frame = pd.DataFrame({
        "event_id": "incident:" + summary.index.astype(str), "_start": summary["_start"],
        "_end": summary["_start"] + pd.Timedelta(days=1), "lane": summary["lane"].astype(str),
        "_type_label": summary["type"], "is_span": False, "count": summary["articles"].astype(int), "_hover": hover,
    }).reset_index(drop=True)
    # Incidents on one spot (lane, day, type): the most reported one's mark, saying how many more.
    frame = frame.sort_values("count", ascending=False, kind="stable")
    spot = frame.groupby(["lane", "_start", "_type_label"], sort=False)
    more = spot["event_id"].transform("size") - 1
    frame["_hover"] = frame["_hover"].where(more == 0, frame["_hover"] + "<br><b>+" + more.astype(str)
                                            + " more incidents here</b>")
    return frame.drop_duplicates(["lane", "_start", "_type_label"]).reset_index(drop=True), len(shown) - covered


def source_line(shown: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """Where a view comes from, for charts and exports: how many articles, and their outlets
    (else, for one article, its title)."""
    articles = shown["article_id"].nunique()
    outlets = shown.drop_duplicates("article_id")["article_source"].dropna().astype(str).value_counts()
    if len(outlets):
        named = ", ".join(f"{o} ({n})" for o, n in outlets.head(5).items()) + (", …" if len(outlets) > 5 else "")
        where = f": {named}"
    elif articles == 1 and titles:
        where = f": {(titles.get(shown['article_id'].iloc[0]) or '')[:80]}"
    else:
        where = ""
    return f"Source: Kronologi, sentence events of {articles:,} news article(s){where}."


def tolls_of(data: EventData, shown: pd.DataFrame, include_flagged: bool = False, include_elsewhere: bool = False):
    """The reconciled tolls of the events shown (pipeline.corpus.tolls.Tolls): the corpus's
    incidents, each with its mentions among them; the crisis countries those of their articles."""
    from ..corpus.incidents import focus_countries
    from ..corpus.tolls import toll_table

    incidents = [inc for _, inc in incidents_in(data, shown)]
    rows = [data.figure_rows[e] for e in shown["event_id"] if e in data.figure_rows]
    articles = {a: data.articles_country.get(a) for a in shown["article_id"].unique()}
    return toll_table(rows, include_flagged, include_elsewhere, incidents,
                      articles=data.articles_country, focus=focus_countries(articles))


def toll_chart_table(rows: list[dict], measure: str = "min") -> pd.DataFrame:
    """The casualty chart's table from the tolls' rows: day, victims (the series: a country),
    kind, count (what the day adds)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose one of {', '.join(MEASURES)})")
    out = [{"day": pd.Timestamp(r["date"]), "victims": r["series"], "kind": kind, "count": float(r[f"{kind}_{measure}"])}
           for r in rows for kind in CASUALTY_KINDS if r.get(f"{kind}_{measure}")]
    if not out:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "victims": pd.Series(dtype=str),
                             "kind": pd.Series(dtype=str), "count": pd.Series(dtype=float)})
    return pd.DataFrame(out).sort_values(["kind", "victims", "day"]).reset_index(drop=True)


BIN_DAYS = {"day": 1, "week": 7, "month": 30}


def casualty_bins(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """A casualty table in bars a reader can see: per day over up to four months, per week
    (from Monday) up to two years, else per calendar month. Returns (table, unit)."""
    if table.empty:
        return table, "day"
    span = (table["day"].max() - table["day"].min()).days
    unit = "day" if span <= 120 else "week" if span <= 730 else "month"
    if unit == "day":
        return table, unit
    out = table.copy()
    days = out["day"].dt.normalize()
    out["day"] = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")) if unit == "week" else days.dt.to_period("M").dt.start_time
    out = out.groupby(["day", "victims", "kind"], as_index=False)["count"].sum()
    return out.sort_values(["kind", "victims", "day"]).reset_index(drop=True), unit


def cumulative(table: pd.DataFrame) -> pd.DataFrame:
    """Running totals of a casualty table per kind and series, each carried on to the table's
    last day (a toll reached stays the toll)."""
    out = table.sort_values("day").copy()
    out["count"] = out.groupby(["kind", "victims"])["count"].cumsum()
    if out.empty:
        return out
    last = out["day"].max()
    ends = out.groupby(["kind", "victims"], as_index=False).last()
    ends = ends[ends["day"] < last].assign(day=last)
    return pd.concat([out, ends], ignore_index=True).sort_values(["kind", "victims", "day"]).reset_index(drop=True)


def highlight_spans(row: pd.Series) -> list[tuple[int, int, str]]:
    """(start, end, label) spans in the sentence to highlight: time expression, casualty phrases."""
    spans = []
    s, e = row.get("time_expression_start"), row.get("time_expression_end")
    if pd.notna(s) and pd.notna(e) and int(e) > int(s):
        spans.append((int(s), int(e), "time"))
    text = row.get("casualty_text")
    sentence = row.get("sentence") or ""
    if isinstance(text, str) and text:
        for phrase in text.split("; "):
            at = sentence.find(phrase)
            if at >= 0:
                spans.append((at, at + len(phrase), "casualties"))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue
        merged.append(span)
    return merged


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&\"'=^/%")


# Where Markdown's autolink extension would turn plain text into a link ("https://…", "www.…",
# "name@host"): it reads the text after escapes are resolved, so escaping cannot stop it; an
# invisible word joiner (U+2060) at these points does.
_AUTOLINK_POINTS = regex.compile(r"(?=://)|(?<=\bwww)(?=\.)|(?=@)", regex.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: every ASCII punctuation mark backslash-escaped and
    an invisible word joiner where a bare URL or e-mail address would begin, so article text
    can never become a link, an image, a colour directive or HTML."""
    text = _AUTOLINK_POINTS.sub(WORD_JOINER, text)
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text).replace("\n", " ")


def highlighted_markdown(row: pd.Series) -> str:
    """The sentence as escaped Markdown, time expression and casualty phrases highlighted."""
    sentence = row.get("sentence") or ""
    out, pos = [], 0
    for start, end, label in highlight_spans(row):
        out.append(escape_markdown(sentence[pos:start]))
        colour = "blue" if label == "time" else "red"
        out.append(f":{colour}-background[{escape_markdown(sentence[start:end])}]")
        pos = end
    out.append(escape_markdown(sentence[pos:]))
    return "".join(out)


def plain_row(row: pd.Series) -> dict:
    """A row as a dict of plain values: missing values (NA, NaN, NaT) become None."""
    out: dict = {}
    for key, value in row.items():
        if isinstance(value, (list, tuple, np.ndarray)):
            out[key] = list(value)
        else:
            out[key] = None if pd.isna(value) else value
    return out
