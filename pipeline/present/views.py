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
DEDUP_RULE = (
    "The same toll is often reported in several sentences and articles. Per day, place "
    "(location, else country) and victim group, Kronologi keeps the largest figure reported, "
    "never the sum; different places are added, and a figure an article tells only for the "
    "country holds the figures it gives for places that day. A running total of deaths (\"the death toll rose "
    "to 15\") is not added to earlier figures: a day shows only what it adds to the country's "
    "running toll (figures more than 60 days apart are separate stories). Projections, undated "
    "figures and figures dated only to a week, month or year are left out of the chart "
    "(counted below it)."
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


def event_data(events: pd.DataFrame, notes: list[str] | tuple[str, ...] = ()) -> EventData:
    """A built events table, prepared for the dashboard (see EventData)."""
    ev = prepare_events(events)
    ev = ev.sort_values(["_start", "article_id", "sentence_index"], na_position="last", kind="stable")
    titles = ev.drop_duplicates("article_id").set_index("article_id")["article_title"].fillna("").to_dict()
    days = ev["_day"].dropna()
    present = set(ev["event_type"].dropna())
    return EventData(
        events=ev, notes=tuple(notes), titles=titles, undated=tuple(articles_without_reference(ev)),
        actor_counts=actor_counts(ev), event_types=tuple(t for t in schema.EVENT_TYPES if t in present),
        places=tuple(sorted(set(ev["_place"]) | set(ev["country"].dropna()))),
        languages=tuple(sorted(ev["language"].dropna().unique().tolist())),
        day_range=(days.min().date(), days.max().date()) if len(days) else None,
    )


def prepare_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events table with the helper columns views need (parsed times, place, flags)."""
    ev = schema.coerce(events, schema.EVENT_COLUMNS) if set(schema.EVENT_COLUMNS) <= set(events.columns) else events
    out = ev.copy()
    out["actors"] = out["actors"].map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else [])
    out["_start"] = pd.to_datetime(out["date_start"], errors="coerce")
    out["_end"] = pd.to_datetime(out["date_end"], errors="coerce")
    out["_day"] = pd.to_datetime(out["date"], errors="coerce")
    out["_place"] = out["location"].fillna(out["country"]).fillna(UNKNOWN_PLACE).astype(str)
    out["_type_label"] = out["event_type"].map(schema.EVENT_TYPES).fillna("Other")
    has = pd.Series(False, index=out.index)
    for col in ("killed_min", "killed_max", "injured_min", "injured_max", "missing_min", "missing_max"):
        has |= out[col].notna()
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


CHARTED_PRECISIONS = ("minute", "hour", "part_of_day", "day")


def _chartable(events: pd.DataFrame) -> pd.Series:
    """Events whose figures the casualty chart counts: a day (or finer) and not a projection."""
    scope = events["casualty_scope"] if "casualty_scope" in events else pd.Series(None, index=events.index)
    return (events["_has_casualties"] & events["_day"].notna()
            & events["date_precision"].isin(CHARTED_PRECISIONS).fillna(False)
            & scope.ne("projected").fillna(True))


def casualty_exclusions(events: pd.DataFrame) -> dict[str, int]:
    """How many events with killed or injured figures the chart leaves out, and why."""
    has = pd.Series(False, index=events.index)
    for col in ("killed_min", "killed_max", "injured_min", "injured_max"):
        has |= events[col].notna()
    scope = events["casualty_scope"] if "casualty_scope" in events else pd.Series(None, index=events.index)
    undated = has & events["_day"].isna()
    coarse = has & ~undated & ~events["date_precision"].isin(CHARTED_PRECISIONS).fillna(False)
    projected = has & ~undated & ~coarse & scope.eq("projected").fillna(False)
    return {"undated": int(undated.sum()), "coarser than a day": int(coarse.sum()), "projection": int(projected.sum())}


def casualty_table(events: pd.DataFrame, measure: str = "min") -> pd.DataFrame:
    """Daily killed and injured by victim group, without double counting (see DEDUP_RULE).

    `measure` "min" uses the conservative figure; "max" the upper bound where the text gives
    one, else the stated minimum. Columns: day, victims, kind, count (new that day).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose one of {', '.join(MEASURES)})")
    rows = []
    cols = ["_day", "_place", "country", "victims", "article_id"] + [f"{k}_{b}" for k in CASUALTY_KINDS for b in ("min", "max")]
    dated = events.loc[_chartable(events), cols]
    scope = events.loc[dated.index, "casualty_scope"] if "casualty_scope" in events else pd.Series(None, index=dated.index)
    for kind in CASUALTY_KINDS:
        lo, hi = dated[f"{kind}_min"], dated[f"{kind}_max"]
        value = lo if measure == "min" else hi.fillna(lo)
        part = pd.DataFrame({
            "day": dated["_day"].dt.normalize(),
            "place": dated["_place"],
            "region": dated["country"].fillna(dated["_place"]).astype(str),
            "victims": dated["victims"].fillna("unspecified").astype(str),
            "kind": kind,
            "article": dated["article_id"].astype(str),
            "toll": scope.eq("toll").fillna(False).astype(bool),
            "count": value.astype("Float64"),
        })
        rows.append(part[part["count"].notna()])
    empty = pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "victims": pd.Series(dtype=str),
                          "kind": pd.Series(dtype=str), "count": pd.Series(dtype=float)})
    if not rows or all(r.empty for r in rows):
        return empty
    table = pd.concat(rows, ignore_index=True)
    table["count"] = table["count"].astype(float)
    # Running totals are read for deaths: an injured figure beside a death toll is an incident.
    table["toll"] &= table["kind"].eq("killed")
    # Incidents: the largest figure per day, place and group (the same toll told twice); places
    # and groups are added.
    place_keys = ["day", "place", "region", "victims", "kind"]
    inc = table[~table["toll"]].groupby(["article", *place_keys], as_index=False)["count"].max()
    # Within an article, a figure told only for the country (no place named: "Sedikitnya 12
    # orang tewas") holds the figures of its places that day ("12 tewas di Kota Contoh"): only what
    # it adds beyond them. Other articles' figures are other reports.
    group_keys = ["article", "day", "region", "victims", "kind"]
    named = inc["place"].ne(inc["region"])
    if named.any() and (~named).any():
        in_places = inc[named].groupby(group_keys, as_index=False)["count"].sum().rename(columns={"count": "in_places"})
        inc = inc.merge(in_places, on=group_keys, how="left")
        country_wide = inc["place"].eq(inc["region"]) & inc["in_places"].notna()
        inc.loc[country_wide, "count"] = (inc.loc[country_wide, "count"] - inc.loc[country_wide, "in_places"]).clip(lower=0.0)
        inc = inc[inc["count"] > 0]
    inc = inc.groupby(place_keys, as_index=False)["count"].max()
    # Running totals ("the toll rose to 15"): the largest per day and region; the group of that
    # largest total gets what it adds.
    tot = (table[table["toll"]].sort_values("count", ascending=False, kind="stable")
           .drop_duplicates(["day", "region", "kind"]).rename(columns={"count": "total", "victims": "total_victims"})
           [["day", "region", "kind", "total", "total_victims"]])
    per_day = inc.groupby(["day", "region", "kind"], as_index=False)["count"].sum().rename(columns={"count": "inc"})
    merged = per_day.merge(tot, on=["day", "region", "kind"], how="outer")
    merged["inc"] = merged["inc"].fillna(0.0)
    # A region's figures form one story while they follow each other; a gap of more than
    # EPISODE_GAP days starts a new one (a flood two years later is not part of this toll).
    merged = merged.sort_values(["region", "kind", "day"], kind="stable").reset_index(drop=True)
    gap = merged.groupby(["region", "kind"], sort=False)["day"].diff() > pd.Timedelta(days=EPISODE_GAP)
    merged["episode"] = gap.astype(int).groupby([merged["region"], merged["kind"]], sort=False).cumsum()
    keys = [merged["region"], merged["kind"], merged["episode"]]
    # The running toll: each day's incidents added to the day before, unless a stated total is
    # higher (then the total). Closed form of run[t] = max(run[t-1] + inc[t], total[t]):
    # C[t] + L[t], with C the running sum of incidents and L = max(0, max over s<=t of total[s] - C[s]).
    added = merged.groupby(keys, sort=False)["inc"].cumsum()
    lift = (merged["total"] - added).fillna(-np.inf).groupby(keys, sort=False).cummax().clip(lower=0.0)
    # What a day adds beyond its incidents (L[t] - L[t-1] >= 0) goes to the total's group.
    merged["extra"] = lift - lift.groupby(keys, sort=False).shift(1).fillna(0.0)
    extra = merged[merged["extra"] > 0].assign(victims=lambda d: d["total_victims"].fillna("unspecified"))
    parts = [inc[["day", "victims", "kind", "count"]],
             extra[["day", "victims", "kind", "extra"]].rename(columns={"extra": "count"})]
    daily = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(not p.empty for p in parts) else empty
    daily = daily[daily["count"] > 0].groupby(["day", "victims", "kind"], as_index=False)["count"].sum()
    if daily.empty:
        return empty
    daily["count"] = daily["count"].astype(float)
    return daily.sort_values(["kind", "victims", "day"]).reset_index(drop=True)


# Days without any figure in a region after which its figures start a new story.
EPISODE_GAP = 60


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
    """Running totals of a casualty table per kind and victim group."""
    out = table.sort_values("day").copy()
    out["count"] = out.groupby(["kind", "victims"])["count"].cumsum()
    return out


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
