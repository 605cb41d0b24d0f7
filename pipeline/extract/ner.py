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
# Capitalised words at most this many tokens apart are tagged as one stretch ("Office for the
# Coordination of Ruritanian Relief Affairs" stays whole).
_GAP = 4
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


@functools.lru_cache(maxsize=200_000)
def _word_features(word: str, cased: bool) -> tuple[tuple[str, ...], str, str]:
    """What a word contributes on its own (its lower case, affixes, kind, case and shape), its
    lower case and its shape: the same for every occurrence, so it is worked out once."""
    lw = word.lower()
    f = ["b", "w=" + lw, "p3=" + lw[:3], "s2=" + lw[-2:], "s3=" + lw[-3:], "s4=" + lw[-4:]]
    if not word[:1].isalnum():
        f.append("punct")
    elif word[:1].isdigit():
        f.append("digit")
    if "-" in word:
        f.append("hyphen")
    shape = _shape(word) if cased else ""
    if cased:
        f.append("sh=" + shape)
        if word[:1].isupper():
            f.append("title")
        if word.isupper() and len(word) > 1:
            f.append("upper")
    return tuple(f), lw, shape


def sentence_features(words: Sequence[str], cased: bool = True, start: int = 0, stop: int | None = None) -> list[list[str]]:
    """CRF features of each token (of tokens start..stop, read in the whole sentence): the word
    and its neighbours, affixes, and (when the text keeps its capitals) case and shape. A
    corpus written in lower case trains only the features that do not read case, so that it
    adds words without teaching that case means nothing."""
    n = len(words)
    stop = n if stop is None else stop
    lo, hi = max(0, start - 2), min(n, stop + 2)
    own = [_word_features(w, cased) for w in words[lo:hi]]
    lowered = ["<edge>"] * lo + [o[1] for o in own] + ["<edge>"] * (n - hi)
    shapes = [""] * lo + [o[2] for o in own] + [""] * (n - hi)
    padded = ["<edge>", "<edge>", *lowered, "<edge>", "<edge>"]
    feats: list[list[str]] = []
    for i in range(start, stop):
        f = list(own[i - lo][0])
        if cased and words[i][:1].isupper() and (i == 0 or words[i - 1] in ('"', "“", "(", "-", ":")):
            f.append("title_first")
        lw = lowered[i]
        f += ["-2w=" + padded[i], "-1w=" + padded[i + 1], "1w=" + padded[i + 3], "2w=" + padded[i + 4]]
        if cased:
            if i > 0:
                f.append("-1sh=" + shapes[i - 1])
            if i + 1 < n:
                f.append("1sh=" + shapes[i + 1])
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

    def tag(self, words: Sequence[str], cased: bool = True, start: int = 0, stop: int | None = None) -> list[str]:
        """Labels of tokens start..stop (all by default), read in the whole sentence."""
        stop = len(words) if stop is None else stop
        if stop <= start:
            return []
        with self._lock:
            return list(self._tagger.tag(sentence_features(words, cased, start, stop)))

    def names(self, sentences: Iterable[str], common: frozenset[str] = frozenset()) -> list[list[Entity]]:
        """The names of each sentence (character spans), in order.

        In a sentence that keeps its capitals, only the stretches around its capitalised words
        are tagged, from two tokens before to two after (a name starts with a capital; the
        words around it are read as context all the same), and a sentence whose only capital
        opens it is skipped when that word is one of `common` (words the article writes in
        lower case)."""
        return [self.names_of(sentence, common) for sentence in sentences]

    def names_of(self, sentence: str, common: frozenset[str] = frozenset()) -> list[Entity]:
        """The names of one sentence (see `names`)."""
        spans = tokenize(sentence)
        words = [sentence[a:b] for a, b in spans]
        cased = bool(_HAS_UPPER.search(sentence)) and not sentence.isupper()
        if not cased:
            labels = self.tag(words, cased)
        else:
            capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
            if not capitals or (capitals == [0] and words[0].lower() in common):
                return []
            # Capitalised words close together make one stretch; each stretch is tagged with
            # two words of context on either side, and the long lower-case runs between are not.
            labels = ["O"] * len(words)
            first = last = capitals[0]
            for i in [*capitals[1:], None]:
                if i is not None and i - last <= _GAP:
                    last = i
                    continue
                start, stop = max(0, first - 2), min(len(words), last + 3)
                labels[start:stop] = self.tag(words, cased, start, stop)
                if i is not None:
                    first = last = i
        found = []
        for i, j, kind in spans_of(labels):
            a, b = spans[i][0], spans[j - 1][1]
            found.append(Entity(a, b, sentence[a:b], kind))
        return found


def model_path(language: str) -> Path:
    return MODELS / f"ner-{language}.crfsuite"


@functools.cache
def recogniser(language: str) -> Recogniser | None:
    """The language's model, or None when it has none (the rules work alone)."""
    path = model_path(language)
    return Recogniser(path) if path.is_file() else None
