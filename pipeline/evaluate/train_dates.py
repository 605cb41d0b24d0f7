"""Training the key-date ranker (`python -m pipeline train-date-ranker DIR...`).

Each gold timeline folder (see pipeline.evaluate.timeline.read_gold_timeline) gives one
corpus under the published protocol: the articles published within the timeline's span. Its
candidate days (pipeline.corpus.dateranker.date_features) are labelled 1 when the gold timeline
has them. A logistic regression (scikit-learn) is cross-validated leaving one topic out at a time
(the timelines of one topic share its articles, so they are never split across folds), then fitted
on all and written as JSON with its card: the timelines it saw, its settings, and the
cross-validated Date-F1 of each timeline beside the heuristic ranking and PUBCOUNT on the same
days.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_write_bytes
from ..corpus.dateranker import FEATURES, MODEL_PATH, DateRanker, best_first, date_features
from ..corpus.evidence import score_days
from .timeline import baseline_dates, build_span, date_f1, read_gold_timeline

REGULARISATION_C = 0.1


@dataclass(frozen=True)
class Case:
    name: str
    topic: str
    gold: list[str]
    features: pd.DataFrame
    labels: np.ndarray
    heuristic: list[str]
    pubcount: list[str]


def load_cases(folders: list[Path], work_dir: Path | None = None) -> list[Case]:
    cases = []
    for folder in folders:
        gold = read_gold_timeline(folder)
        span = build_span(gold, work_dir)
        features = date_features(span.events, gold.start, gold.end)
        heur = best_first(score_days(span.events))
        heuristic = heur[(heur.index >= gold.start) & (heur.index <= gold.end)].index[:len(gold.dates)].tolist()
        cases.append(Case(gold.name, gold.topic, gold.dates, features,
                          features.index.isin(gold.dates).astype(int), heuristic,
                          baseline_dates(span.published, len(gold.dates), gold.start)["PUBCOUNT"]))
    return cases


def _fit(cases: list[Case], c: float) -> DateRanker:
    from sklearn.linear_model import LogisticRegression

    x = pd.concat([case.features[list(FEATURES)] for case in cases]).to_numpy(dtype="float64")
    y = np.concatenate([case.labels for case in cases])
    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    return DateRanker(FEATURES, tuple(float(v) for v in model.coef_[0]), float(model.intercept_[0]), {})


def _top(ranker: DateRanker, case: Case) -> list[str]:
    return best_first(ranker.scores(case.features)).index[:len(case.gold)].tolist()


def cross_validate(cases: list[Case], c: float = REGULARISATION_C) -> dict[str, dict[str, float]]:
    """Leave-one-topic-out Date-F1 per timeline: {name: {learned, heuristic, PUBCOUNT}}."""
    out = {}
    for topic in sorted({case.topic for case in cases}):
        train = [case for case in cases if case.topic != topic]
        ranker = _fit(train, c) if train else None
        for case in (case for case in cases if case.topic == topic):
            learned = date_f1(_top(ranker, case), case.gold)[2] if ranker else float("nan")
            out[case.name] = {"learned": learned, "heuristic": date_f1(case.heuristic, case.gold)[2],
                              "PUBCOUNT": date_f1(case.pubcount, case.gold)[2]}
    return out


def train_date_ranker(folders: list[Path], out: Path = MODEL_PATH, c: float = REGULARISATION_C,
                      work_dir: Path | None = None) -> DateRanker:
    """Fits the ranker on all given timelines, cross-validates it by topic, writes `out` (JSON)."""
    import sklearn

    cases = load_cases([Path(f) for f in folders], work_dir)
    cv = cross_validate(cases, c)
    means = {k: round(float(np.mean([v[k] for v in cv.values()])), 4) for k in ("learned", "heuristic", "PUBCOUNT")}
    fitted = _fit(cases, c)
    card = {
        "model": "logistic regression over the candidate days' features, each scaled by its largest value in the corpus",
        "trained_on": {case.name: {"topic": case.topic, "candidates": len(case.labels),
                                   "gold_days": len(case.gold), "gold_days_among_candidates": int(case.labels.sum())}
                       for case in cases},
        "params": {"C": c, "solver": "lbfgs", "scikit_learn": sklearn.__version__},
        "cross_validation": {"by": "topic (leave one topic out)", "date_f1": {k: {m: round(v, 4) for m, v in s.items()}
                                                                               for k, s in cv.items()},
                             "mean": means},
        "command": "python -m pipeline train-date-ranker " + " ".join(str(f) for f in folders),
    }
    ranker = DateRanker(fitted.features, fitted.coef, fitted.intercept, card)
    atomic_write_bytes(Path(out), ranker.to_json().encode("utf-8"))
    return ranker
