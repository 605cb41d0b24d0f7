"""Learned key-date ranking: what makes a day a key day, as counts over a whole corpus.

A candidate is a day inside the corpus's span that an article names (a sentence whose own time
expression points at that day) or on which an article was published. Its features are counts in
the spirit of Tran et al. (2013) and news-tls's supervised DATEWISE ranker (Ghalandari & Ifrim
2020): how many sentences and articles name the day from before, on and after it (a look back
from a later article is the strongest sign), how many articles came out that day and the next (a
burst of reporting), how the day was written, and the casualty figures and event types told of it.
Counts are divided by their largest value in the corpus, so a model learnt on one story applies
to a story of another size. The model is a logistic regression learnt with scikit-learn by
`python -m pipeline train-date-ranker` and shipped as plain JSON (`pipeline/models/date-ranker.json`):
scoring needs only numpy, never unpickling.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .evidence import by_story, evidence, score_days

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "date-ranker.json"
FEATURES: tuple[str, ...] = (
    "sents_before", "sents_same", "sents_after",
    "docs_before", "docs_same", "docs_after", "docs_before_far",
    "docs_explicit", "published", "published_next", "heuristic",
    "killed", "event_types",
)
FAR_DAYS = 3  # a look back from at least this many days later ("docs_before_far")


def publication_dates(events: pd.DataFrame) -> pd.Series:
    """Each article's publication day (its events' reference date), indexed by article_id; copies
    of one story count once, on the day of its first article (pipeline.corpus.copies)."""
    ref = by_story(events.dropna(subset=["reference_date"])).groupby("article_id")["reference_date"].min()
    return ref.astype("string").str.slice(0, 10)


def date_features(events: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """One row per candidate day in [start, end] (open-ended where None): a day a sentence names or
    an article was published on. Columns FEATURES, each scaled to [0, 1] by its largest value
    among the candidates; indexed by date. Where the span's ends lie is no feature: under the
    published protocol they are the gold timeline's first and last days, which would be a leak."""
    published = publication_dates(events)
    ev = evidence(events)
    if start is not None:
        ev, published = ev[ev["date"] >= start], published[published >= start]
    if end is not None:
        ev, published = ev[ev["date"] <= end], published[published <= end]
    if ev.empty and published.empty:
        return pd.DataFrame(columns=list(FEATURES), dtype="float64").rename_axis("date")
    before, same, after = ev["_days"] < 0, ev["_days"] == 0, ev["_days"] > 0
    raw = pd.DataFrame({
        "sents_before": ev[before].groupby("date").size(),
        "sents_same": ev[same].groupby("date").size(),
        "sents_after": ev[after].groupby("date").size(),
        "docs_before": ev[before].groupby("date")["article_id"].nunique(),
        "docs_same": ev[same].groupby("date")["article_id"].nunique(),
        "docs_after": ev[after].groupby("date")["article_id"].nunique(),
        "docs_before_far": ev[ev["_days"] <= -FAR_DAYS].groupby("date")["article_id"].nunique(),
        "docs_explicit": ev[ev["date_basis"] == "explicit"].groupby("date")["article_id"].nunique(),
        "killed": ev.groupby("date")["killed_min"].max().astype("float64").fillna(0.0).map(math.log1p),
        "event_types": ev.dropna(subset=["event_type"]).groupby("date")["event_type"].nunique(),
    })
    counts = published.value_counts()
    candidates = pd.Index(sorted(set(raw.index.astype(str)) | set(counts.index.astype(str))), name="date")
    raw = raw.set_axis(raw.index.astype(str)).reindex(index=candidates, columns=list(FEATURES))
    next_day = (pd.to_datetime(candidates) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    raw["published"] = counts.reindex(candidates).to_numpy()
    raw["published_next"] = counts.reindex(next_day).to_numpy()
    heuristic = score_days(ev)
    raw["heuristic"] = heuristic.set_axis(heuristic.index.astype(str)).reindex(candidates)
    raw = raw.fillna(0.0).astype("float64")
    top = raw.max().replace(0.0, 1.0)
    return (raw / top).rename_axis("date")


@dataclass(frozen=True)
class DateRanker:
    """A logistic regression over FEATURES: score = sigmoid(intercept + coef . x)."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    card: dict

    def scores(self, features: pd.DataFrame) -> pd.Series:
        if features.empty:
            return pd.Series(dtype="float64")
        x = features.reindex(columns=list(self.features)).fillna(0.0).to_numpy(dtype="float64")
        z = x @ np.asarray(self.coef, dtype="float64") + self.intercept
        return pd.Series(1.0 / (1.0 + np.exp(-z)), index=features.index, name="score")

    def to_json(self) -> str:
        return json.dumps({"features": list(self.features), "coef": [round(c, 6) for c in self.coef],
                           "intercept": round(self.intercept, 6), **self.card}, indent=2) + "\n"


def load_ranker(path: Path = MODEL_PATH) -> DateRanker:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    card = {k: v for k, v in data.items() if k not in ("features", "coef", "intercept")}
    return DateRanker(tuple(data["features"]), tuple(float(c) for c in data["coef"]), float(data["intercept"]), card)


def best_first(scores: pd.Series) -> pd.Series:
    """Day scores (indexed by date) ordered best first; ties go to the earlier day."""
    order = scores.rename("score").rename_axis("date").reset_index()
    return order.sort_values(["score", "date"], ascending=[False, True], kind="stable").set_index("date")["score"]


def rank_dates(events: pd.DataFrame, k: int | None = None, start: str | None = None, end: str | None = None,
               ranker: DateRanker | None = None) -> pd.Series:
    """Candidate days in [start, end] by the learned score, best first (ties: earlier day); top k."""
    ranker = ranker or load_ranker()
    ranked = best_first(ranker.scores(date_features(events, start, end)))
    return ranked if k is None else ranked.head(k)
