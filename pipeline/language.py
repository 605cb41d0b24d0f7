"""Which language an article is in, from the marker words in each language's resource file."""

from __future__ import annotations

import functools

import regex

from . import resources

_WORD = regex.compile(r"\p{L}+")
UNKNOWN = "und"


@functools.lru_cache(maxsize=None)
def _markers() -> dict[str, frozenset[str]]:
    out = {}
    for lang in resources.supported_languages():
        words = resources.load(lang, "text").get("marker_words") or []
        if words:
            out[lang] = frozenset(w.lower() for w in words)
    return out


def detect_language(text: str) -> str:
    """The supported language whose marker words are most frequent, or "und" when none occur."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if not words:
        return UNKNOWN
    scores = {lang: sum(w in markers for w in words) for lang, markers in _markers().items()}
    if not scores:
        return UNKNOWN
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(2, len(words) // 50) else UNKNOWN
