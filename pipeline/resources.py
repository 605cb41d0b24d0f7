"""Per-language resource files (pipeline/resources/<lang>/*.yaml), loaded once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"


@functools.lru_cache(maxsize=None)
def supported_languages() -> tuple[str, ...]:
    """Languages that have a resource folder (read once per process)."""
    return tuple(sorted(p.name for p in RESOURCE_DIR.iterdir() if p.is_dir() and p.name != "common"))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it: 10x faster
    """YAML 1.1 reads `no`, `on` and `yes` as booleans: here only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", regex.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@functools.lru_cache(maxsize=None)
def load(language: str, name: str) -> dict[str, Any]:
    """The parsed resource file `<language>/<name>.yaml` ({} when the language lacks it)."""
    path = RESOURCE_DIR / language / f"{name}.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader) or {}


def _phrase_pattern(phrase: str) -> str:
    stem = phrase.endswith("*")
    phrase = phrase.rstrip("*")
    parts = [regex.escape(p) for p in phrase.split()]
    body = r"\s+".join(parts)
    return body + (r"\w*" if stem else "")


def phrase_regex(phrases: Iterable[str], flags: int = regex.IGNORECASE) -> regex.Pattern:
    """One compiled pattern matching any phrase as whole words, longest phrases first.

    A trailing `*` on a phrase matches any word ending ("meledak*" finds "meledakkan").
    The match is in group "p"; a phrase list that is empty matches nothing.
    """
    alt = phrase_alternation(phrases)
    if not alt:
        return regex.compile(r"(?!x)x")
    return regex.compile(rf"(?<![\w-])(?P<p>{alt})(?![\w-])", flags)


def phrase_alternation(phrases: Iterable[str]) -> str:
    """The alternation phrase_regex wraps (longest phrases first); "" for no phrases."""
    items = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    return "|".join(_phrase_pattern(p) for p in items)


def previous_word(text: str, position: int) -> str:
    """The word just before `position` (looking back at most 80 characters), or ""."""
    words = text[max(0, position - 80):position].split()
    return words[-1] if words else ""


def normalise(text: str) -> str:
    """Lower-case with runs of white space folded: the key form of a phrase."""
    return " ".join(text.lower().split())


_WORD_RUN = regex.compile(r"[\w-]+")
_LETTER_RUN = regex.compile(r"[^\W\d_]+")


def key_letter_runs(phrases: Iterable[object]) -> frozenset[str] | None:
    """For each phrase, its longest run of letters, lower-cased, the last of equally long ones
    ("the next day" -> "next", "24 jam" -> "jam", "have died" -> "died": the rarer word, as a
    phrase's content word tends to come last): a text where a pattern matches the whole phrase
    between word boundaries has that run as a run of its own (see letter_runs). None when a
    phrase has no letters, or ends in `*` (any ending), then no run can rule a match out."""
    out = set()
    for p in phrases:
        text = str(p).lower()
        found = _LETTER_RUN.findall(text)
        if not found or text.rstrip().endswith("*"):
            return None
        longest = max(len(run) for run in found)
        out.add([run for run in found if len(run) == longest][-1])
    return frozenset(out)


@functools.lru_cache(maxsize=1024)  # the time, number and casualty steps read each sentence
def letter_runs(text: str) -> frozenset[str]:
    """The runs of letters in a text, lower-cased: a cheap test of whether a phrase can occur."""
    return frozenset(_LETTER_RUN.findall(text.lower()))


def may_contain(keys: frozenset[str] | None, text: str) -> bool:
    """Whether a text can hold one of the phrases whose key_letter_runs are `keys` (False
    rules every match of their phrase_regex out; None keys rule nothing out)."""
    return keys is None or not keys.isdisjoint(letter_runs(text))


def is_plain_phrase(phrase: str) -> bool:
    """Whether PhraseMatcher can take the phrase: words of letters, digits and hyphens."""
    words = normalise(phrase or "").rstrip("*").split()
    return bool(words) and all(_WORD_RUN.fullmatch(w) for w in words)


class PhraseMatcher:
    """Whole-word phrase lookup by words instead of a large regex alternation: the same
    matches as phrase_regex for phrases of plain words (a trailing `*` = any word ending),
    found with one tokenisation and dictionary lookups (much faster on long phrase lists).

    `find(text)` returns (start, end, row) for every position and every row with a phrase
    starting there (the longest such phrase), ordered by position, then row.
    """

    def __init__(self, rows: list[Iterable[str]]):
        self._by_word: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        self._by_prefix: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        self._by_pair: dict[tuple[str, str], list[tuple[int, tuple[str, ...], bool]]] = {}
        for row, phrases in enumerate(rows):
            for phrase in phrases:
                phrase = normalise(phrase or "")
                if not phrase:
                    continue
                if not is_plain_phrase(phrase):
                    raise ValueError(f"phrase {phrase!r} is not plain words")
                stem = phrase.endswith("*")
                words = tuple(phrase.rstrip("*").split())
                if stem and len(words) == 1:  # "protest*": looked up by the word's first letters
                    self._by_prefix.setdefault(words[0][:_PREFIX], []).append((row, words, stem))
                elif len(words) > 2 or (len(words) == 2 and not stem):  # by its first two words
                    self._by_pair.setdefault((words[0], words[1]), []).append((row, words, stem))
                else:
                    self._by_word.setdefault(words[0], []).append((row, words, stem))
        self._prefix_lengths = sorted({len(k) for k in self._by_prefix})
        self._pair_firsts = frozenset(w for w, _ in self._by_pair)
        self._candidates: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}

    def find(self, text: str) -> list[tuple[int, int, int]]:
        toks = _tokens(text)
        out: list[tuple[int, int, int]] = []
        known, by_pair, pair_firsts, last = self._candidates, self._by_pair, self._pair_firsts, len(toks) - 1
        for i, tok in enumerate(toks):
            candidates = known.get(tok[2])
            if candidates is None:
                candidates = self._candidates_of(tok[2])
            if i < last and tok[2] in pair_firsts:
                pair = by_pair.get((tok[2], toks[i + 1][2]))
                if pair:
                    candidates = candidates + pair if candidates else pair
            if not candidates:
                continue
            ends: dict[int, int] = {}
            for row, words, stem in candidates:
                end = tok[1] if len(words) == 1 and not stem else self._match(text, toks, i, words, stem)
                if end is not None and end > ends.get(row, -1):
                    ends[row] = end
            out.extend((tok[0], ends[row], row) for row in sorted(ends))
        return out

    def _candidates_of(self, word: str) -> list[tuple[int, tuple[str, ...], bool]]:
        """The phrases that may start at a word (remembered: words repeat from sentence to sentence)."""
        candidates = self._by_word.get(word) or []
        for n in self._prefix_lengths:
            more = self._by_prefix.get(word[:n]) if len(word) >= n else None
            if more:
                candidates = candidates + more
        if len(self._candidates) >= _CANDIDATES_MAX:
            self._candidates.clear()
        self._candidates[word] = candidates
        return candidates

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping matches left to right, the longest at each start (as finditer)."""
        longest: dict[int, int] = {}
        for start, end, _ in self.find(text):
            longest[start] = max(end, longest.get(start, -1))
        out: list[tuple[int, int]] = []
        for start, end in longest.items():
            if not out or start >= out[-1][1]:
                out.append((start, end))
        return out

    @staticmethod
    def _match(text, toks, i, words, stem) -> int | None:
        if i + len(words) > len(toks):
            return None
        for k, w in enumerate(words):
            tok = toks[i + k]
            if k > 0 and not _SPACES.fullmatch(text, toks[i + k - 1][1], tok[0]):
                return None
            if k == len(words) - 1 and stem:
                if not tok[2].startswith(w) or "-" in tok[2][len(w):]:
                    return None
            elif tok[2] != w:
                return None
        return toks[i + len(words) - 1][1]


@functools.lru_cache(maxsize=256)  # several matchers read the same sentence in turn
def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple([(*m.span(), m.group().lower()) for m in _WORD_RUN.finditer(text)])


_PREFIX = 3
_CANDIDATES_MAX = 100_000  # distinct words remembered per matcher
_SPACES = regex.compile(r"\s+")
