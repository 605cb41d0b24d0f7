"""Trained name recognition: persons, organisations and places in a sentence, from a CRF
(CRFsuite through python-crfsuite) trained on public annotated corpora (`pipeline/models/`,
`python -m pipeline train-ner`). The rules in `actors.py` decide what a name means (a title, an
alias, a role group); the model says where names are and of what kind."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

MODELS = Path(__file__).resolve().parent.parent / "models"
LABELS = ("PER", "ORG", "LOC", "MISC")

# Words and numbers (with inner hyphens, apostrophes, dots and digit groups, "5,000": "U.S.", "al-Assad", "Ma'ruf"),
# else any one non-space character: the tokens of the CoNLL and IndoNLU corpora.
_TOKEN = regex.compile(r"[\p{L}\p{M}\d]+(?:(?:[-'’.&]|(?<=\d),(?=\d))[\p{L}\p{M}\d]+)*\.?(?<=\p{Lu}\.|[\p{L}\p{M}\d])|\S")
_HAS_UPPER = regex.compile(r"\p{Lu}")
_SHAPE_MAP = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxxxxxxxxxxxxdddddddddd",
)


@dataclass(frozen=True)
class Entity:
    """A name the model found: character span in the sentence, its text and its kind."""

    start: int
    end: int
    text: str
    label: str


def tokenize(sentence: str) -> list[tuple[int, int]]:
    """Token character spans, the way the training corpora split words."""
    return [m.span() for m in _TOKEN.finditer(sentence)]


def _shape(word: str) -> str:
    short: list[str] = []
    for ch in word.translate(_SHAPE_MAP):
        if not short or short[-1] != ch:
            short.append(ch)
    return "".join(short)[:6]


def sentence_features(words: Sequence[str], cased: bool = True) -> list[list[str]]:
    """CRF features of each token: the word and its neighbours, affixes, and (when the text
    keeps its capitals) case and shape. A corpus written in lower case trains only the
    features that do not read case, so that it adds words without teaching that case means
    nothing."""
    lowered = [w.lower() for w in words]
    n = len(words)
    feats: list[list[str]] = []
    for i, w in enumerate(words):
        lw = lowered[i]
        f = ["b", "w=" + lw, "p3=" + lw[:3], "s2=" + lw[-2:], "s3=" + lw[-3:], "s4=" + lw[-4:]]
        if not w[:1].isalnum():
            f.append("punct")
        elif w[:1].isdigit():
            f.append("digit")
        if "-" in w:
            f.append("hyphen")
        if cased:
            f.append("sh=" + _shape(w))
            if w[:1].isupper():
                f.append("title")
                if i == 0 or words[i - 1] in ('"', "“", "(", "-", ":"):
                    f.append("title_first")
            if w.isupper() and len(w) > 1:
                f.append("upper")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"{off}w={lowered[j]}")
                if cased and off in (-1, 1):
                    f.append(f"{off}sh={_shape(words[j])}")
            else:
                f.append(f"{off}w=<edge>")
        if i > 0:
            f.append(f"-1w|w={lowered[i - 1]}|{lw}")
        if i + 1 < n:
            f.append(f"w|+1w={lw}|{lowered[i + 1]}")
        feats.append(f)
    return feats


def spans_of(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, kind) of each name in a BIO (or IOB1) label sequence."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        prefix, _, k = lab.partition("-")
        if start >= 0 and (lab == "O" or prefix == "B" or k != kind):
            out.append((start, i, kind))
            start = -1
        if lab != "O" and start < 0:
            start, kind = i, k
    return out


class Recogniser:
    """A trained model for one language; `names` tags many sentences in one call."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite  # imported here: a build that never asks for names never loads it

        self.path = path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()  # a CRFsuite tagger holds state between set and tag

    def tag(self, words: Sequence[str], cased: bool = True) -> list[str]:
        if not words:
            return []
        with self._lock:
            return list(self._tagger.tag(sentence_features(words, cased)))

    def names(self, sentences: Iterable[str]) -> list[list[Entity]]:
        """The names of each sentence (character spans), in order."""
        out: list[list[Entity]] = []
        for sentence in sentences:
            spans = tokenize(sentence)
            words = [sentence[a:b] for a, b in spans]
            cased = bool(_HAS_UPPER.search(sentence)) and not sentence.isupper()
            labels = self.tag(words, cased)
            found = []
            for i, j, kind in spans_of(labels):
                a, b = spans[i][0], spans[j - 1][1]
                found.append(Entity(a, b, sentence[a:b], kind))
            out.append(found)
        return out


def model_path(language: str) -> Path:
    return MODELS / f"ner-{language}.crfsuite"


@functools.cache
def recogniser(language: str) -> Recogniser | None:
    """The language's model, or None when it has none (the rules work alone)."""
    path = model_path(language)
    return Recogniser(path) if path.is_file() else None
