"""Per-language resource files (pipeline/resources/<lang>/*.yaml), loaded once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"


def supported_languages() -> tuple[str, ...]:
    """Languages that have a resource folder."""
    return tuple(sorted(p.name for p in RESOURCE_DIR.iterdir() if p.is_dir() and p.name != "common"))


class _Loader(yaml.SafeLoader):
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


def is_plain_phrase(phrase: str) -> bool:
    """Whether PhraseMatcher can take the phrase: words of letters, digits and hyphens."""
    words = normalise(phrase or "").rstrip("*").split()
    return bool(words) and all(_WORD_RUN.fullmatch(w) for w in words)


class PhraseMatcher:
    """Whole-word phrase lookup by words instead of a large regex alternation: the same
    matches as phrase_regex for phrases of plain words (a trailing `*` = any word ending),
    found with one tokenisation and dictionary lookups (much faster on long phrase lists).

    `find(text)` returns (start, end, row) for every position where a phrase of row `row`
    starts, earliest first; at one position, the lowest row, then the longest phrase.
    """

    def __init__(self, rows: list[Iterable[str]]):
        self._exact: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        for row, phrases in enumerate(rows):
            for phrase in phrases:
                phrase = normalise(phrase or "")
                if not phrase:
                    continue
                stem = phrase.endswith("*")
                words = tuple(phrase.rstrip("*").split())
                if not is_plain_phrase(phrase):
                    raise ValueError(f"phrase {phrase!r} is not plain words")
                key = words[0] if len(words) > 1 or not stem else words[0][:3]
                self._exact.setdefault(key, []).append((row, words, stem))
        for entries in self._exact.values():
            entries.sort(key=lambda e: (e[0], -sum(map(len, e[1]))))
        self._stem_keys = {w[0][:3] for entries in self._exact.values() for _, w, stem in entries if stem and len(w) == 1}

    def find(self, text: str) -> list[tuple[int, int, int]]:
        toks = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD_RUN.finditer(text)]
        out: list[tuple[int, int, int]] = []
        for i, (start, _, word) in enumerate(toks):
            candidates = list(self._exact.get(word, ()))
            if word[:3] in self._stem_keys and word[:3] != word:
                candidates += self._exact.get(word[:3], ())
            best = None
            for row, words, stem in candidates:
                end = self._match(text, toks, i, words, stem)
                if end is not None and (best is None or (row, -(end - start)) < (best[2], -(best[1] - start))):
                    best = (start, end, row)
            if best is not None:
                out.append(best)
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping matches left to right, the longest at each start (as finditer)."""
        out: list[tuple[int, int]] = []
        for start, end, _ in self.find(text):
            if not out or start >= out[-1][1]:
                out.append((start, end))
        return out

    @staticmethod
    def _match(text, toks, i, words, stem) -> int | None:
        if i + len(words) > len(toks):
            return None
        for k, w in enumerate(words):
            tok = toks[i + k]
            if k > 0 and not text[toks[i + k - 1][1]:tok[0]].isspace():
                return None
            last = k == len(words) - 1
            if last and stem:
                rest = tok[2][len(w):]
                if not tok[2].startswith(w) or "-" in rest:
                    return None
            elif tok[2] != w:
                return None
        return toks[i + len(words) - 1][1]
