"""ROUGE-1/2 alignment F1 of a timeline ("align+ m:1", Martschat & Markert 2017), as news-tls reports it.

A port of tilse's `TimelineRougeEvaluator.evaluate_align_date_content_costs_many_to_one` with its
Python ROUGE (`RougeReimplementation`: lower case, ROUGE's SMART stop words and punctuation
dropped, Porter stems), from https://github.com/smartschat/tilse (MIT, commit 7cd812f). Each
predicted day is aligned to the reference day of least cost (date distance times content
distance), and each reference day to the predicted day of least cost; the n-gram matches of an
aligned pair count 1 / (1 + days apart). Unaligned days count their n-grams against nothing.
Precision and recall are micro-averaged over days. tilse itself notes that its Python ROUGE
approximates the Perl script that papers report; this is that approximation, not the Perl script.

Both sides are tokenised the same way (`tokens`); a Penn-Treebank-tokenised reference (Timeline17)
is detokenised first by the caller.
"""

from __future__ import annotations

import string
from collections import Counter
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import regex

STOPWORDS_PATH = Path(__file__).resolve().parent / "data" / "smart_common_words.txt"
_PUNCT = frozenset([".", ",", ";", ":", "``", "''", "-", '"'])
_TOKEN = regex.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]")

Timeline = dict[str, list[str]]  # ISO day -> its summary sentences


def tokens(sentence: str) -> list[str]:
    """Words and punctuation marks, split the way a treebank tokeniser roughly would."""
    return _TOKEN.findall(sentence)


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(STOPWORDS_PATH.read_text(encoding="ascii").split())


@cache
def _stemmer() -> Any:  # nltk is untyped
    from nltk.stem import PorterStemmer

    return PorterStemmer()


@cache
def _stem(word: str) -> str:
    try:
        return str(_stemmer().stem(word))
    except IndexError:
        return word


def _rouge_tokens(sentences: list[str]) -> list[str]:
    ignore = _stopwords() | _PUNCT
    return [_stem(t.lower()) for s in sentences for t in tokens(s) if t.lower() not in ignore]


def _matches(pred: Counter, ref: Counter) -> tuple[int, int, int]:
    """(n-grams in common, predicted n-grams, reference n-grams)."""
    return sum(min(n, ref[g]) for g, n in pred.items()), sum(pred.values()), sum(ref.values())


def _counts(pred: list[str], ref: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per measure: (matches, predicted n-grams, reference n-grams)."""
    p, r = _rouge_tokens(pred), _rouge_tokens(ref)
    return {"rouge_1": _matches(Counter(p), Counter(r)), "rouge_2": _matches(Counter(pairwise(p)), Counter(pairwise(r)))}


def _approx_rouge1(pred: list[str], ref: list[str]) -> float:
    """tilse's content cost: unigram F1 over whitespace tokens, punctuation dropped."""
    def bag(sents: list[str]) -> Counter:
        return Counter(t for s in sents for t in tokens(s) if t not in string.punctuation)
    match, n_pred, n_ref = _matches(bag(pred), bag(ref))
    precision = match / n_pred if n_pred else 0.0
    recall = match / n_ref if n_ref else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ordinal(day: str) -> int:
    return date.fromisoformat(day[:10]).toordinal()


def _align(source: list[str], target: list[str], content) -> list[int]:
    """For each source day, the index of the target day of least date-times-content cost."""
    chosen = []
    for s in source:
        costs = [(1 - 1 / (abs(_ordinal(s) - _ordinal(t)) + 1)) * (1 - content(s, t)) for t in target]
        chosen.append(min(range(len(costs)), key=costs.__getitem__))
    return chosen


def alignment_rouge(predicted: Timeline, reference: Timeline) -> dict[str, dict[str, float]]:
    """{"rouge_1": {"precision", "recall", "f_score"}, "rouge_2": {...}} of `predicted` against one
    reference timeline (align+ m:1)."""
    pred_days, ref_days = sorted(predicted), sorted(reference)
    num = {"rouge_1": [0.0, 0.0], "rouge_2": [0.0, 0.0]}  # precision, recall numerators
    den = {"rouge_1": [0, 0], "rouge_2": [0, 0]}
    if pred_days and ref_days:
        sim = cache(lambda p, r: _approx_rouge1(predicted[p], reference[r]))
        for p, j in zip(pred_days, _align(pred_days, ref_days, sim), strict=True):
            r = ref_days[j]
            weight = 1 / (abs(_ordinal(p) - _ordinal(r)) + 1)
            for m, (hits, n_pred, _) in _counts(predicted[p], reference[r]).items():
                num[m][0] += weight * hits
                den[m][0] += n_pred
        matched = set()
        for r, i in zip(ref_days, _align(ref_days, pred_days, lambda r, p: sim(p, r)), strict=True):
            p = pred_days[i]
            matched.add(r)
            weight = 1 / (abs(_ordinal(p) - _ordinal(r)) + 1)
            for m, (hits, _, n_ref) in _counts(predicted[p], reference[r]).items():
                num[m][1] += weight * hits
                den[m][1] += n_ref
    else:
        for p in pred_days:
            for m, (_, n_pred, _) in _counts(predicted[p], []).items():
                den[m][0] += n_pred
        for r in ref_days:
            for m, (_, _, n_ref) in _counts([], reference[r]).items():
                den[m][1] += n_ref
    scores = {}
    for m in num:
        precision = num[m][0] / den[m][0] if den[m][0] else 0.0
        recall = num[m][1] / den[m][1] if den[m][1] else 0.0
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[m] = {"precision": precision, "recall": recall, "f_score": f}
    return scores
