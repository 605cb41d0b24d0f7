"""Train and score the name recogniser (`pipeline/extract/ner.py`) on public annotated corpora.

Corpora are read in their own column formats: CoNLL-2003 (word, POS, chunk, IOB1 label) and
IndoNLU's NERGrit and NER-P (word TAB BIO label). Labels are mapped to PER / ORG / LOC / MISC.
A corpus written all in lower case (NER-P) trains only the features that do not read case.
Scores are exact-span micro F1 over PER, ORG and LOC (and MISC where the corpus has it), as
conlleval counts them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..extract.ner import sentence_features, spans_of

# Each corpus's kinds → ours. NER-P's IND ("institution") holds companies, clubs and products;
# its EVT and FNB (food and beverage) are no actors.
LABEL_MAP = {
    "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
    "PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC",
    "PPL": "PER", "IND": "ORG", "PLC": "LOC", "EVT": "MISC", "FNB": "MISC",
}


@dataclass
class Sentence:
    words: list[str]
    labels: list[str]  # BIO over our kinds
    cased: bool


def read_corpus(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-style file (blank lines between sentences, the label in the last
    column, `-DOCSTART-` lines skipped), labels turned into BIO over PER/ORG/LOC/MISC."""
    words: list[str] = []
    raw: list[str] = []

    def flush() -> Sentence | None:
        if not words:
            return None
        labels = ["O"] * len(words)
        for i, j, kind in spans_of(raw):
            ours = LABEL_MAP.get(kind)
            if ours is None:
                raise ValueError(f"{path}: unknown label kind {kind!r}")
            labels[i] = "B-" + ours
            for k in range(i + 1, j):
                labels[k] = "I-" + ours
        cased = any(w != w.lower() for w in words)
        return Sentence(list(words), labels, cased)

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                s = flush()
                if s is not None:
                    yield s
                words.clear()
                raw.clear()
                continue
            words.append(cols[0])
            raw.append(cols[-1])
    s = flush()
    if s is not None:
        yield s


def read_corpora(paths: list[Path]) -> list[Sentence]:
    out: list[Sentence] = []
    for p in paths:
        out.extend(read_corpus(p))
    return out


def corpus_cased(sentences: list[Sentence]) -> bool:
    """A corpus is written in lower case when almost none of its sentences has a capital."""
    return sum(s.cased for s in sentences) > 0.05 * max(1, len(sentences))


def train(paths: list[Path], out: Path, c1: float = 0.05, c2: float = 0.01, max_iterations: int = 150) -> dict:
    """Train a CRF on the corpora and write it to `out` (atomically). Returns what was trained on."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    counts: Counter[str] = Counter()
    for p in paths:
        sentences = list(read_corpus(p))
        cased = corpus_cased(sentences)
        for s in sentences:
            trainer.append(sentence_features(s.words, cased), s.labels)
        counts[f"{p.parent.name}/{p.name}"] = len(sentences)
    trainer.set_params({
        "c1": c1, "c2": c2, "max_iterations": max_iterations,
        "feature.possible_transitions": True, "feature.minfreq": 1,
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    t0 = time.perf_counter()
    trainer.train(str(tmp))
    tmp.replace(out)
    return {"sentences": dict(counts), "seconds": round(time.perf_counter() - t0, 1),
            "bytes": out.stat().st_size, "c1": c1, "c2": c2, "max_iterations": max_iterations}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(model: Path, paths: list[Path]) -> dict[str, Score]:
    """Exact-span scores per kind and over all kinds (key "all") of a model on test corpora.
    Only the kinds a test file annotates are scored: a model that also knows MISC is not
    charged for it on a corpus without MISC."""
    from ..extract.ner import Recogniser

    rec = Recogniser(model)
    scores: dict[str, Score] = {"all": Score()}
    for p in paths:
        sentences = list(read_corpus(p))
        cased = corpus_cased(sentences)
        kinds = {k for s in sentences for *_, k in spans_of(s.labels)}
        for s in sentences:
            gold = set(spans_of(s.labels))
            pred = {x for x in spans_of(rec.tag(s.words, cased)) if x[2] in kinds}
            for kind in {k for *_, k in gold | pred}:
                sc = scores.setdefault(kind, Score())
                g = {x for x in gold if x[2] == kind}
                q = {x for x in pred if x[2] == kind}
                sc.tp += len(g & q)
                sc.fp += len(q - g)
                sc.fn += len(g - q)
            scores["all"].tp += len(gold & pred)
            scores["all"].fp += len(pred - gold)
            scores["all"].fn += len(gold - pred)
    return scores


def macro_f1(scores: dict[str, Score]) -> float:
    """The mean of the kinds' F1 over the kinds the test has (as IndoNLU reports its NER tasks)."""
    kinds = [s for k, s in scores.items() if k != "all" and s.tp + s.fn]
    return sum(s.f1 for s in kinds) / len(kinds) if kinds else 0.0


def scores_table(scores: dict[str, Score]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {
        k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4), "gold": s.tp + s.fn}
        for k, s in scores.items()}
    out["macro"] = {"f1": round(macro_f1(scores), 4)}
    return out


def format_scores(name: str, scores: dict[str, Score]) -> str:
    """Exact-span precision, recall and F1 per kind, micro over all kinds, and the macro F1."""
    lines = [f"{name}", "kind   precision  recall      F1  (gold names)"]
    for kind in sorted(scores, key=lambda k: (k == "all", k)):
        s = scores[kind]
        if kind != "all" and not s.tp + s.fn:
            continue
        lines.append(f"{kind:<6} {s.precision:9.1%} {s.recall:7.1%} {s.f1:7.1%}  ({s.tp + s.fn})")
    lines.append(f"macro  {'':9} {'':7} {macro_f1(scores):7.1%}")
    return "\n".join(lines)
