"""Score built events against hand-annotated gold files (tests/gold/*.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import resources
from ..build.article import build_article_events
from ..ingest.articles import read_article

CASUALTY_KINDS = ("killed", "injured", "missing")


@dataclass
class Scores:
    """Counts behind the accuracy figures; add two Scores to pool articles."""

    sentences: int = 0
    unmatched: int = 0
    skipped: int = 0  # gold sentences the pipeline skipped (a dateline, boilerplate): no event
    dates_right: int = 0
    casualty_figures: int = 0
    casualties_right: int = 0
    actors_tp: int = 0
    actors_fp: int = 0
    actors_fn: int = 0
    date_errors: list[str] = field(default_factory=list)
    casualty_errors: list[str] = field(default_factory=list)
    actor_errors: list[str] = field(default_factory=list)

    def __add__(self, other: Scores) -> Scores:
        out = Scores()
        for name in ("sentences", "unmatched", "skipped", "dates_right", "casualty_figures", "casualties_right",
                     "actors_tp", "actors_fp", "actors_fn"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        out.date_errors = self.date_errors + other.date_errors
        out.casualty_errors = self.casualty_errors + other.casualty_errors
        out.actor_errors = self.actor_errors + other.actor_errors
        return out

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.sentences if self.sentences else 0.0

    @property
    def casualty_accuracy(self) -> float:
        return self.casualties_right / self.casualty_figures if self.casualty_figures else 1.0

    @property
    def actor_precision(self) -> float:
        d = self.actors_tp + self.actors_fp
        return self.actors_tp / d if d else 0.0

    @property
    def actor_recall(self) -> float:
        d = self.actors_tp + self.actors_fn
        return self.actors_tp / d if d else 0.0

    @property
    def actor_f1(self) -> float:
        p, r = self.actor_precision, self.actor_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(text: str) -> str:
    return resources.normalise(text).strip("\"“”'‘’ ")


def _pair(row: pd.Series, kind: str) -> list[int | None] | None:
    lo, hi = row[f"{kind}_min"], row[f"{kind}_max"]
    if pd.isna(lo) and pd.isna(hi):
        return None
    return [None if pd.isna(lo) else int(lo), None if pd.isna(hi) else int(hi)]


def _words(name: str) -> set[str]:
    return {w for w in (t.strip(_PUNCTUATION) for t in _key(name).split()) if w}


_PUNCTUATION = "()[]{}\"“”'‘’,.;:"


def actor_matches(predicted: str, gold: str) -> bool:
    """Names match when equal ignoring case, when every word of one is in the other (words
    without the punctuation around them: "KKB" is in "armed criminal group (KKB)"), or as
    acronym and expansion."""
    p, g = _words(predicted), _words(gold)
    if bool(p and g) and (p <= g or g <= p):
        return True
    # An acronym matches the name it abbreviates ("RSF" ~ "Rapid Support Forces").
    for short, long in ((predicted, gold), (gold, predicted)):
        words = [w for w in long.replace("-", " ").split() if w[:1].isupper()]
        if short.isupper() and len(short) >= 2 and "".join(w[0] for w in words) == short:
            return True
    return False


def unmatched_actors(predicted: list[str], gold: list[str]) -> tuple[list[str], list[str]]:
    """(gold names nothing matched, predicted names that matched no gold name)."""
    left = list(gold)
    extra = []
    for p in predicted:
        hit = next((g for g in left if actor_matches(p, g)), None)
        if hit is None:
            extra.append(p)
        else:
            left.remove(hit)
    return left, extra


def score_actors(predicted: list[str], gold: list[str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) with one-to-one matching."""
    missed, extra = unmatched_actors(predicted, gold)
    return len(predicted) - len(extra), len(extra), len(missed)


# The gold date is a calendar day. A date told only to the month or year ("tahun lalu",
# "earlier this month") is no day: the annotators wrote it as null (the Indonesian guide) or
# as the first day of the period (the English files); both spellings match it.
_NOT_A_DAY = frozenset({"month", "year"})


def date_matches(row: pd.Series, gold_date: str | None) -> bool:
    """Whether an event row's date is the gold's day."""
    predicted = None if pd.isna(row["date"]) else str(row["date"])
    if predicted is not None and row.get("date_precision") in _NOT_A_DAY:
        return gold_date is None or gold_date == predicted
    return predicted == gold_date


def _matches(key: str, k: str) -> bool:
    """Whether a gold sentence key and a pipeline sentence key name the same sentence (one is
    a prefix of the other; an empty key, a sentence of punctuation, matches nothing)."""
    return bool(key) and bool(k) and (k.startswith(key) or key.startswith(k))


def _count_figure(s: Scores, text: str, kind: str, got: list | None, want: list | None,
                  names: tuple[str, str] = ("got", "gold")) -> None:
    """Count one figure of a sentence when either side gives it; right when both are equal."""
    if got is None and want is None:
        return
    s.casualty_figures += 1
    if got == want:
        s.casualties_right += 1
    else:
        s.casualty_errors.append(f"{text[:50]!r} {kind}: {names[0]} {got}, {names[1]} {want}")


def score_article(events: pd.DataFrame, gold: dict, skipped: pd.DataFrame | None = None) -> Scores:
    """Compare one article's events with its gold annotation.

    A gold sentence the pipeline skipped (`skipped`: its skip report) is scored as an event
    with no date, no figures and no actors: right where the gold says so.
    """
    s = Scores()
    by_key = [(_key(t), i) for i, t in zip(events.index, events["sentence"], strict=True)]
    skipped_keys = [_key(t) for t in skipped["sentence"]] if skipped is not None and len(skipped) else []
    for entry in gold["sentences"]:
        s.sentences += 1
        key = _key(entry["text"])
        match = next((i for k, i in by_key if _matches(key, k)), None)
        if match is None and any(_matches(key, k) for k in skipped_keys):
            s.skipped += 1
            if entry.get("date") is None:
                s.dates_right += 1
            else:
                s.date_errors.append(f"{entry['text'][:50]!r}: skipped, gold {entry.get('date')}")
            for kind in CASUALTY_KINDS:
                if entry.get(kind) is not None:
                    s.casualty_figures += 1
                    s.casualty_errors.append(f"{entry['text'][:50]!r} {kind}: skipped, gold {entry.get(kind)}")
            s.actors_fn += len(entry.get("actors") or [])
            continue
        if match is None:
            s.unmatched += 1
            s.date_errors.append(f"{gold['article']}: no event for {entry['text'][:50]!r}")
            for kind in CASUALTY_KINDS:
                if entry.get(kind) is not None:
                    s.casualty_figures += 1
            s.actors_fn += len(entry.get("actors") or [])
            continue
        row = events.loc[match]
        predicted_date = None if pd.isna(row["date"]) else str(row["date"])
        if date_matches(row, entry.get("date")):
            s.dates_right += 1
        else:
            s.date_errors.append(f"{entry['text'][:50]!r}: got {predicted_date} ({row['date_basis']}), gold {entry.get('date')}")
        for kind in CASUALTY_KINDS:
            _count_figure(s, entry["text"], kind, _pair(row, kind), entry.get(kind))
        # The gold lists everyone a sentence names, outlets and reporters too: actors and cited sources.
        named = list(row["actors"] or []) + list(row.get("cited") or [])
        tp, fp, fn = score_actors(named, list(entry.get("actors") or []))
        if fp or fn:
            missed, extra = unmatched_actors(named, list(entry.get("actors") or []))
            s.actor_errors.append(f"{entry['text'][:50]!r}: extra {extra}, missed {missed}")
        s.actors_tp += tp
        s.actors_fp += fp
        s.actors_fn += fn
    return s


def load_gold(path: Path) -> dict:
    """A gold file; its `article` path is relative to the repository root (the gold file's grandparent)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return gold


def resolve_article_path(gold: dict, gold_path: Path) -> Path:
    """Where the gold file's article is: relative to the repository root (the folder above
    `tests/`, also for files in a folder under `tests/gold/`)."""
    here = gold_path.resolve()
    root = next((p.parent for p in here.parents if p.name == "tests"), here.parents[2])
    return (root / gold["article"]).resolve()


def evaluate_gold_files(paths: list[Path], published_from_gold: bool = False) -> dict[str, Scores]:
    """Scores per gold file, plus "all" pooled; an article that is missing is skipped.

    With `published_from_gold`, the article is read as if its front matter gave the gold's
    reference date as `published` (measures the resolver apart from reference inference).
    """
    import dataclasses
    import datetime as dt

    out: dict[str, Scores] = {}
    for p in paths:
        gold = load_gold(p)
        article_path = resolve_article_path(gold, p)
        if not article_path.exists():
            continue
        article = read_article(article_path)
        if published_from_gold and gold.get("reference_date") and article.published is None:
            article = dataclasses.replace(article, published=dt.datetime.fromisoformat(gold["reference_date"]))
        result = build_article_events(article)
        out[p.stem] = score_article(result.events, gold, result.skipped)
    return _with_total(out)


def _with_total(out: dict[str, Scores]) -> dict[str, Scores]:
    """The scores per file plus "all", the files pooled (none when there are no files)."""
    if out:
        total = Scores()
        for sc in out.values():
            total = total + sc
        out["all"] = total
    return out


def agreement(first: dict, second: dict) -> Scores:
    """How far a second annotation of an article agrees with the first (inter-annotator
    agreement), scored as `score_article` scores the pipeline, with the second in its place:
    the same day, the same figure of each kind, actors matched one to one. Sentences pair by
    their text; a sentence of the first that the second lacks disagrees on its date, its
    figures and its actors, as a sentence the pipeline has no event for."""
    s = Scores()
    theirs = [(_key(e["text"]), e) for e in second["sentences"]]
    for entry in first["sentences"]:
        s.sentences += 1
        key = _key(entry["text"])
        other = next((e for k, e in theirs if _matches(key, k)), None)
        if other is None:
            s.unmatched += 1
            s.date_errors.append(f"{entry['text'][:50]!r}: not in the second annotation")
            for kind in CASUALTY_KINDS:
                _count_figure(s, entry["text"], kind, None, entry.get(kind), ("second", "first"))
            s.actors_fn += len(entry.get("actors") or [])
            continue
        if entry.get("date") == other.get("date"):
            s.dates_right += 1
        else:
            s.date_errors.append(f"{entry['text'][:50]!r}: second {other.get('date')}, first {entry.get('date')}")
        for kind in CASUALTY_KINDS:
            _count_figure(s, entry["text"], kind, other.get(kind), entry.get(kind), ("second", "first"))
        tp, fp, fn = score_actors(list(other.get("actors") or []), list(entry.get("actors") or []))
        s.actors_tp += tp
        s.actors_fp += fp
        s.actors_fn += fn
    return s


def agreement_files(first_dir: Path, second_paths: list[Path]) -> dict[str, Scores]:
    """Agreement per second-annotation file with the first annotation of the same name in
    `first_dir`, plus "all" pooled."""
    return _with_total({p.stem: agreement(load_gold(first_dir / p.name), load_gold(p)) for p in second_paths})


def format_scores(scores: dict[str, Scores], actor_errors: bool = False) -> str:
    """A table of the scores, one line per gold file, then the errors (actors' with `actor_errors`)."""
    lines = [f"{'gold':28} {'sent':>5} {'dates':>7} {'casualty':>9} {'actorP':>7} {'actorR':>7} {'actorF1':>7}"]
    for name, s in scores.items():
        lines.append(
            f"{name:28} {s.sentences:5d} {s.date_accuracy:7.1%} {s.casualty_accuracy:9.1%} "
            f"({s.casualties_right}/{s.casualty_figures}) {s.actor_precision:6.1%} {s.actor_recall:7.1%} {s.actor_f1:7.1%}"
        )
    if "all" in scores:
        for e in scores["all"].date_errors:
            lines.append(f"  date: {e}")
        for e in scores["all"].casualty_errors:
            lines.append(f"  casualty: {e}")
        if actor_errors:
            for e in scores["all"].actor_errors:
                lines.append(f"  actors: {e}")
    return "\n".join(lines)
