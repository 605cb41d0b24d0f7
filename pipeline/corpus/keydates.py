"""Key dates: the days that matter in a story, ranked, each told in one to three sentences (the
dashboard's "Key dates" view, its TimelineJS and Markdown exports, and `python -m pipeline
evaluate timeline`)."""

from __future__ import annotations

import pandas as pd

from .dateranker import DateRanker, best_first, rank_dates
from .evidence import evidence, score_days
from .summaries import SUMMARY_MAX, daily_summaries

KEY_DATE_COLUMNS: dict[str, str] = {
    "date": "string",
    "score": "float64",
    "mentions": "int64",
    "articles": "int64",
    "killed_max": "Int64",
    "top_sentence": "string",
    "summary": "object",
}
METHODS = ("learned", "heuristic")


def _ranked(events: pd.DataFrame, method: str, ranker: DateRanker | None) -> pd.Series:
    if method == "heuristic":
        return best_first(score_days(events))
    if method == "learned":
        return rank_dates(events, ranker=ranker)
    raise ValueError(f"unknown key-date method {method!r} (choose one of {', '.join(METHODS)})")


def key_dates(events: pd.DataFrame, k: int | None = None, *, method: str = "learned",
              ranker: DateRanker | None = None, sentences: int = SUMMARY_MAX) -> pd.DataFrame:
    """The days that matter, best first: columns KEY_DATE_COLUMNS; the top `k` (all if None).

    method "learned" (the default) ranks every day in the events' publication span that an
    article names or was published on with the shipped date ranker (pipeline.corpus.dateranker);
    "heuristic" ranks the named days by score_days (each article counts the square root of its
    weighted mentions). mentions and articles count the sentences naming the day and their
    articles; killed_max is the largest killed_min among them; summary holds up to `sentences`
    sentences that tell the day (pipeline.corpus.summaries), top_sentence the first of them.
    """
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in KEY_DATE_COLUMNS.items()})
    if events.empty:
        return empty
    ranked = _ranked(events, method, ranker)
    if k is not None:
        ranked = ranked.head(k)
    if ranked.empty:
        return empty
    ev = evidence(events)
    grouped = ev.groupby("date")
    table = pd.DataFrame({"date": ranked.index.astype(str), "score": ranked.to_numpy(dtype="float64")})
    table["mentions"] = table["date"].map(grouped.size()).fillna(0).astype("int64")
    table["articles"] = table["date"].map(grouped["article_id"].nunique()).fillna(0).astype("int64")
    killed = grouped["killed_min"].max()
    table["killed_max"] = table["date"].map(killed.where(killed > 0)).astype("Int64")
    summaries = daily_summaries(events, table["date"].tolist(), sentences)
    table["summary"] = table["date"].map(lambda d: list(summaries.get(d, [])))
    table["top_sentence"] = table["summary"].map(lambda s: s[0] if s else None)
    return table[list(KEY_DATE_COLUMNS)].astype(KEY_DATE_COLUMNS).reset_index(drop=True)
