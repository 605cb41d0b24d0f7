"""Reconciled tolls of a corpus: what the casualty chart draws, per day and country, never adding
the same toll twice.

Two kinds of figures count, and each country's toll is the larger of the two, never their sum:
- incidents (pipeline.corpus.incidents): each incident's reconciled low (or high) counts once,
  on the incident's first day; they add up over the country's incidents;
- the country's running toll: figures told for the country as a whole, without a place ("the
  death toll has risen to 200,000", "at least 38 are dead"), by report day. The toll only
  rises, and it rises to a new figure only when at least two articles report figures that
  agree with it (at most AGREE times apart) within REPORT_WINDOW days (a single article's
  claim, a rhetorical figure, does not move it), unless the corpus has at most FEW_ARTICLES
  articles on that country and one of them tells the toll; a rise to more than JUMP times the largest figure told so far, or to more than
  a hundredth of the country's population, needs three.

A day's figure is what the country's toll grew by that day, so the figures of all days add up to
the toll at the end. Left out, and counted with the reason: figures about countries outside the
corpus's crisis (fewer than FOCUS_SHARE of its articles), flagged figures (over half the
place's population, over COUNTRY_SHARE of the country's; a jump of more than tenfold told by one article), background events (more
than a year before their article), projections, and figures dated only to a week, month or year.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import schema
from .incidents import (
    CHARTED_PRECISIONS,
    FIGURE_SCOPES,
    JUMP,
    OWN_DATE_BASES,
    Incident,
    article_countries,
    find_incidents,
    focus_countries,
    implausible,
    incident_day,
    incident_population,
    mention_country,
    reconcile,
    story,
)

# A country-wide figure over this share of the country's people is flagged.
COUNTRY_SHARE = 0.1
# A country with at most this many articles needs no corroboration of its toll.
FEW_ARTICLES = 3
# Reports this many days apart or less corroborate each other.
REPORT_WINDOW = 3
TOLL_KINDS = ("killed", "injured")
TOLL_COLUMNS: dict[str, str] = {
    "date": "string",
    "series": "string",
    "killed_min": "Int64",
    "killed_max": "Int64",
    "injured_min": "Int64",
    "injured_max": "Int64",
}


@dataclass
class Tolls:
    """The chart's table (one row per day and country, schema TOLL_COLUMNS: what each day adds),
    what was left out and why (reason -> number of events), and what it was made from."""

    rows: list[dict]
    left_out: dict[str, int] = field(default_factory=dict)
    countries: tuple[str, ...] = ()
    incidents: int = 0
    events: int = 0


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _figure(row: dict, kind: str, measure: str) -> int | None:
    """The figure of an event row for a measure ("min": the stated minimum; "max": the upper
    bound where the text gives one, else the minimum)."""
    if not schema.states_figure(row, kind):
        return None  # none, or "no one was killed": a statement, never a toll of the chart
    low, high = row.get(f"{kind}_min"), row.get(f"{kind}_max")
    return (low if low is not None else high) if measure == "min" else (high if high is not None else low)


def is_country_wide(row: dict) -> bool:
    """A figure told for a country as a whole: no place named, or only the country."""
    return not row.get("location") or row["location"] == row.get("country")


def country_series(rows: list[dict], kind: str, measure: str, articles: dict[str, str | None]
                   ) -> dict[str, dict[dt.date, int]]:
    """Per country, its running toll by report day (only the days it rises): see the module.
    Figures of one victim group ("eight police were killed") make a toll of their own; the
    country's toll is the larger of its toll of all victims and the sum of its groups' tolls."""
    from ..extract.places import population

    reports: dict[tuple[str, str], list[tuple[dt.date, str, int, int]]] = defaultdict(list)
    for r in rows:
        figure = _figure(r, kind, measure)
        if figure is None or not is_country_wide(r):
            continue
        country = mention_country(r, articles)
        # Deaths an article dates itself are on their day; a running toll on the day it is told.
        own_day = r.get("casualty_scope") == "incident" and r.get("date_basis") in OWN_DATE_BASES
        report = (_day(r.get("date")) if own_day else None) or _day(r.get("reference_date")) or _day(r.get("date"))
        named = [g.strip() for g in (r.get("victims") or "").split(",") if g.strip()]
        group = named[0] if len(named) == 1 else "unspecified"
        if country and report:
            reports[(country, group)].append((report, story(r), figure, max(figure, _figure(r, kind, "max") or 0)))
    by_country: dict[str, dict[str, dict[dt.date, int]]] = defaultdict(dict)
    for (country, group), found in reports.items():
        # A toll told by one article of a handful on its country stands alone; among many, an
        # uncorroborated claim (a rhetorical figure, one of another time) does not.
        single = (len({article for _, article, _, _ in found}) <= 1
                  and sum(1 for c in articles.values() if c == country) <= FEW_ARTICLES)
        series = _running_toll(found, single, (population(None, country) or 0) / 100)
        if series:
            by_country[country][group] = series
    out: dict[str, dict[dt.date, int]] = {}
    for country, groups in by_country.items():
        days = sorted({d for series in groups.values() for d in series})
        levels = dict.fromkeys(groups, 0)
        combined: dict[dt.date, int] = {}
        best = 0
        for day in days:
            for group, series in groups.items():
                levels[group] = max(levels[group], series.get(day, 0))
            value = max(levels.get("unspecified", 0), sum(v for g, v in levels.items() if g != "unspecified"))
            if value > best:
                best = combined[day] = value
        out[country] = combined
    return out


def _running_toll(found: list[tuple[dt.date, str, int, int]], single: bool, extraordinary: float) -> dict[dt.date, int]:
    """A running toll from its reports (report day, article, figure, upper figure): the days it
    rises and its level then (see the module)."""
    found = sorted(found)
    days_of = [d for d, _, _, _ in found]
    series: dict[dt.date, int] = {}
    level = ceiling = 0  # the toll so far, and the largest figure of the reports behind it
    for day in sorted(set(days_of)):
        best: dict[str, tuple[int, int]] = {}
        first = bisect.bisect_left(days_of, day - dt.timedelta(days=REPORT_WINDOW - 1))
        last = bisect.bisect_right(days_of, day)
        for _, article, figure, upper in found[first:last]:  # the reports of the window
            if figure >= best.get(article, (0, 0))[0]:
                best[article] = (figure, upper)
        ranked = sorted(best.values(), reverse=True)
        value, upper, agreeing = _corroborated(ranked) if not single else (*ranked[0], 1)
        # A toll more than tenfold what was known, or over a hundredth of the country's people,
        # unless three articles tell it, is an error or a figure of another time ("the 1918
        # flu killed 50 million").
        doubtful = (ceiling and value > JUMP * ceiling) or (extraordinary and value > extraordinary)
        if value > level and (not doubtful or agreeing >= 3):
            level = series[day] = value
            ceiling = max(ceiling, upper)
    return series


# Figures at most this many times apart tell the same toll.
AGREE = 2


def _corroborated(ranked: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(the largest figure that another article's figure agrees with, its upper bound, how many
    articles agree): two articles agree when their figures are at most AGREE times apart (200,000
    and 200,000 do; "30,000 deaths a year" and "a million predicted" do not). (0, 0, 0) when none."""
    for value, upper in ranked:
        agreeing = sum(1 for v, _ in ranked if value <= v <= AGREE * value)
        if agreeing >= 2:
            return value, upper, agreeing
    return 0, 0, 0


def toll_table(rows: list[dict], include_flagged: bool = False, include_elsewhere: bool = False,
               incidents: list[Incident] | None = None, articles: dict[str, str | None] | None = None,
               focus: frozenset[str] | None = None) -> Tolls:
    """The casualty chart's table: per day and country, what its killed and injured tolls grew
    by, conservative (min) and upper (max) (see the module). Already worked out for a corpus
    (else from `rows`): `incidents`, `articles` (article -> main country), `focus` (the crisis
    countries)."""
    from ..extract.places import population

    articles = article_countries(rows) if articles is None else articles
    focus = focus_countries(articles) if focus is None else focus
    incidents = find_incidents(rows) if incidents is None else incidents
    kept_incidents = [inc for inc in incidents
                      if include_elsewhere or not focus or inc.mentions[0].country in focus]
    left_out: Counter = Counter()
    counted = []
    for r in rows:
        if not any(schema.states_figure(r, k) for k in TOLL_KINDS):
            continue
        country = mention_country(r, articles)
        if r.get("background"):
            left_out["background (more than a year before its article)"] += 1
        elif r.get("casualty_scope") == "projected":
            left_out["projection"] += 1
        elif r.get("date") is None:
            left_out["undated"] += 1
        elif r.get("date_precision") not in CHARTED_PRECISIONS:
            left_out["dated only to a week, month or year"] += 1
        elif r.get("casualty_scope") not in FIGURE_SCOPES:
            left_out["no scope"] += 1
        elif not include_elsewhere and focus and country not in focus:
            left_out["about other countries than the crisis's"] += 1
        elif (not include_flagged and is_country_wide(r)
              and any(implausible(_figure(r, k, "min") or 0, population(None, country), COUNTRY_SHARE)
                      for k in TOLL_KINDS)):
            left_out["over a tenth of the country's population"] += 1
        else:
            counted.append(r)
    reconciled = {}
    for inc in kept_incidents:
        pop = incident_population(inc)
        reconciled[id(inc)] = {k: reconcile(inc.mentions, k, pop, include_flagged) for k in TOLL_KINDS}
    flagged = {f.split(":", 1)[0] for tolls in reconciled.values() for toll in tolls.values() for f in toll.flags}
    if not include_flagged and flagged:
        left_out["flagged in an incident (a tenfold jump told by one article, or over half its place's population)"] = len(flagged)
    table: dict[tuple[dt.date, str], dict[str, int]] = defaultdict(dict)
    countries: set[str] = set()
    for kind in TOLL_KINDS:
        for measure in ("min", "max"):
            series = country_series(counted, kind, measure, articles)
            by_incident: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
            for inc in kept_incidents:
                toll = reconciled[id(inc)][kind]
                figure = toll.low if measure == "min" else (toll.high or toll.low)
                country = inc.mentions[0].country
                if figure and country:
                    by_incident[country][incident_day(inc)] += figure
            for country in set(series) | set(by_incident):
                countries.add(country)
                tolls, sums = series.get(country, {}), by_incident.get(country, {})
                level_toll = level_incidents = total = 0
                for day in sorted(set(tolls) | set(sums)):
                    level_toll = max(level_toll, tolls.get(day, 0))
                    level_incidents += sums.get(day, 0)
                    grown = max(level_toll, level_incidents) - total
                    if grown > 0:
                        cell = table[(day, country)]
                        cell[f"{kind}_{measure}"] = cell.get(f"{kind}_{measure}", 0) + grown
                        total += grown
    out = []
    for (day, country), figures in sorted(table.items()):
        row: dict = {"date": day.isoformat(), "series": country}
        row.update({c: figures.get(c, 0) for c in TOLL_COLUMNS if c not in ("date", "series")})
        out.append(row)
    return Tolls(out, dict(left_out), tuple(sorted(countries)), len(kept_incidents), len(counted))
