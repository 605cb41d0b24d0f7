"""Key dates: the days the sources point at, ranked (the dashboard's "Key dates" view,
and `python -m pipeline evaluate timeline`)."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import regex

KEY_DATE_COLUMNS: dict[str, str] = {
    "date": "string",
    "score": "float64",
    "mentions": "int64",
    "articles": "int64",
    "killed_max": "Int64",
    "top_sentence": "string",
}
EVIDENCE_BASES = ("explicit", "relative", "weekday")
DAY_OR_FINER = ("minute", "hour", "part_of_day", "day")
_WORD = regex.compile(r"\w{2,}")


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
_BASIS_ORDER = {"explicit": 0, "weekday": 1, "relative": 2}


def _evidence(events: pd.DataFrame) -> pd.DataFrame:
    """Rows whose own time expression names a day, with their weight and distance in days."""
    mask = (events["date_basis"].isin(EVIDENCE_BASES) & events["date_precision"].isin(DAY_OR_FINER)
            & events["date"].notna() & events["reference_date"].notna())
    ev = events.loc[mask]
    days = (pd.to_datetime(ev["date"], errors="coerce")
            - pd.to_datetime(ev["reference_date"], errors="coerce")).dt.days
    ev = ev.assign(_days=days).dropna(subset=["_days"])
    same = ev["_days"] == 0
    weight = pd.Series(MENTION_WEIGHTS["same_day"], index=ev.index)
    weight = weight.mask(same & (ev["date_basis"] == "relative"), MENTION_WEIGHTS["same_day_relative"])
    weight = weight.mask(ev["_days"] < 0, MENTION_WEIGHTS["earlier_day"])
    weight = weight.mask(ev["_days"] > 0, MENTION_WEIGHTS["later_day"])
    return ev.assign(_weight=weight.astype(float),
                     _basis_rank=ev["date_basis"].map(_BASIS_ORDER).astype(int))


def _words(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(sentence))


def _top_sentences(ev: pd.DataFrame, dates: set[str] | None = None) -> pd.Series:
    """Per date (of `dates`, all if None), its most typical sentence: closest (idf-weighted
    cosine) to the words the other articles use about that day. Candidates are reports of the
    day itself or looks back at it (not plans, not a deictic "today"); ties go to the
    earliest-published, explicit, leading one."""
    words = ev["sentence"].map(_words)
    df = Counter(w for ws in words for w in ws)
    idf = {w: math.log((1 + len(words)) / (1 + n)) + 1.0 for w, n in df.items()}
    ev = ev.assign(_words=words)
    if dates is not None:
        ev = ev[ev["date"].isin(dates)]
    ev = ev.sort_values(["date", "reference_date", "_basis_rank", "article_id", "sentence_index"], kind="stable")
    by_date: dict[str, list[tuple]] = {}
    for row in zip(ev["date"], ev["article_id"], ev["sentence"], ev["_words"], ev["_weight"], ev["_days"], strict=True):
        by_date.setdefault(row[0], []).append(row[1:])
    tops: dict[str, str | None] = {}
    for date, rows in by_date.items():
        per_article: dict[str, frozenset[str]] = {}
        for article_id, _, sentence_words, _, _ in rows:
            per_article[article_id] = per_article.get(article_id, frozenset()) | sentence_words
        articles_using = Counter(w for ws in per_article.values() for w in ws)
        strong = [r for r in rows if r[3] >= MENTION_WEIGHTS["same_day"] and r[4] <= 0]
        best, best_score = None, -1.0
        for article_id, sentence, sentence_words, _, _ in strong or rows:
            own = per_article[article_id]
            weights = {w: idf[w] for w in sentence_words}
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            score = sum(v * idf[w] * (articles_using[w] - (w in own)) for w, v in weights.items()) / norm
            if score > best_score:
                best, best_score = sentence, score
        tops[date] = best
    return pd.Series(tops, dtype="string")


def key_dates(events: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """Days the sources point at, best first: columns KEY_DATE_COLUMNS; the top `k` (all if None).

    Reads article_id, sentence, sentence_index, date, date_precision, date_basis, reference_date
    and killed_min. Evidence is a row whose own time expression names a day (basis explicit,
    relative or weekday, precision day or finer); inherited and reference dates are the
    pipeline's fallbacks, not the source pointing at a day, and are ignored.
    score = sum over articles of sqrt(the article's summed MENTION_WEIGHTS for the day), so
    several articles outweigh one article repeating itself, and a look back from a later day
    outweighs a "today". mentions and articles count the evidence; killed_max is the largest
    killed_min among it; top_sentence is the day's most typical evidence sentence.
    """
    ev = _evidence(events)
    if ev.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in KEY_DATE_COLUMNS.items()})
    per_article = ev.groupby(["date", "article_id"])["_weight"].sum().pow(0.5)
    grouped = ev.groupby("date")
    table = pd.DataFrame({
        "score": per_article.groupby(level="date").sum(),
        "mentions": grouped.size(),
        "articles": grouped["article_id"].nunique(),
        "killed_max": grouped["killed_min"].max().where(lambda k: k > 0).astype("Int64"),
    }).rename_axis("date").reset_index()
    table = table.sort_values(["score", "articles", "mentions", "date"],
                              ascending=[False, False, False, True], kind="stable")
    if k is not None:
        table = table.head(k)
    tops = _top_sentences(ev, set(table["date"]) if k is not None else None)
    table["top_sentence"] = table["date"].map(tops)
    return table[list(KEY_DATE_COLUMNS)].astype(KEY_DATE_COLUMNS).reset_index(drop=True)
