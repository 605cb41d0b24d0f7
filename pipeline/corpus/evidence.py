"""Evidence that a day matters: the sentences whose own time expression names that day.

Shared by the key-date ranking (heuristic and learned) and the daily summaries. Inherited and
reference dates are the pipeline's fallbacks, not the source pointing at a day, and are not
evidence.
"""

from __future__ import annotations

import pandas as pd

EVIDENCE_BASES = ("explicit", "relative", "weekday")
DAY_OR_FINER = ("minute", "hour", "part_of_day", "day")


# How much one mention says that its day matters, by where the day lies from the article's
# publication date. A look back ("on Tuesday", "January 28") is the strongest sign: the event was
# still worth naming days later. A same-day mention is weaker, and a deictic "today"/"now" on the
# publication day weakest (it is how news is written, not a pointer). A mention of a later day is
# a plan or forecast, which may not happen.
MENTION_WEIGHTS: dict[str, float] = {
    "earlier_day": 1.0,
    "same_day": 0.5,
    "same_day_relative": 0.25,
    "later_day": 0.25,
}


def by_story(events: pd.DataFrame) -> pd.DataFrame:
    """The events with article_id standing for their story (pipeline.corpus.copies): copies of one
    story printed by several outlets count as one article."""
    if "story_id" not in events.columns:
        return events
    return events.assign(article_id=events["story_id"].fillna(events["article_id"]))


def names_a_day(events: pd.DataFrame) -> pd.Series:
    """Whether each row's own time expression names a day (explicit, weekday or relative, of day
    precision or finer), rather than a date the pipeline inherited or assumed."""
    return (events["date_basis"].isin(EVIDENCE_BASES) & events["date_precision"].isin(DAY_OR_FINER)
            & events["date"].notna())


def evidence(events: pd.DataFrame) -> pd.DataFrame:
    """Rows whose own time expression names a day, with their weight and distance in days;
    article_id is the story's (copies count once)."""
    mask = names_a_day(events) & events["reference_date"].notna()
    ev = by_story(events.loc[mask])
    days = (pd.to_datetime(ev["date"], errors="coerce")
            - pd.to_datetime(ev["reference_date"], errors="coerce")).dt.days
    ev = ev.assign(_days=days).dropna(subset=["_days"])
    same = ev["_days"] == 0
    weight = pd.Series(MENTION_WEIGHTS["same_day"], index=ev.index)
    weight = weight.mask(same & (ev["date_basis"] == "relative"), MENTION_WEIGHTS["same_day_relative"])
    weight = weight.mask(ev["_days"] < 0, MENTION_WEIGHTS["earlier_day"])
    weight = weight.mask(ev["_days"] > 0, MENTION_WEIGHTS["later_day"])
    return ev.assign(_weight=weight.astype(float))


def score_days(events: pd.DataFrame) -> pd.Series:
    """The heuristic score of each day named in `events` (see key_dates), indexed by date."""
    ev = evidence(events)
    if ev.empty:
        return pd.Series(dtype="float64")
    per_article = ev.groupby(["date", "article_id"])["_weight"].sum().pow(0.5)
    return per_article.groupby(level="date").sum()
