"""Event-type cues -> the declared vocabulary (schema.EVENT_TYPES / SUB_EVENT_TYPES)."""

from __future__ import annotations

import functools

import regex

from . import resources
from .schema import SUB_EVENT_TYPES


@functools.lru_cache(maxsize=None)
def _cues(language: str) -> tuple[tuple[str, str, regex.Pattern], ...]:
    rows = resources.load(language, "event_types").get("cues") or []
    out = []
    for event_type, sub_type, words in rows:
        if sub_type not in SUB_EVENT_TYPES.get(event_type, ()):
            raise ValueError(
                f"resources/{language}/event_types.yaml: {event_type}/{sub_type} is not in the vocabulary "
                f"(pipeline/schema.py SUB_EVENT_TYPES)"
            )
        out.append((event_type, sub_type, resources.phrase_regex(words)))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _matcher(language: str) -> resources.PhraseMatcher:
    """Every cue row in one word-level matcher (row i = the i-th cue row): one pass per sentence."""
    rows = resources.load(language, "event_types").get("cues") or []
    return resources.PhraseMatcher([words for _, _, words in rows])


def classify_event(sentence: str, language: str, has_casualties: bool = False) -> tuple[str, str]:
    """(event_type, sub_event_type) of a sentence: the type whose cue comes first in the sentence.

    Statement cues count only when no other type has one; on a tie in position the type
    listed first in the resource file wins.
    """
    cues = _cues(language)
    statement = None
    for _, _, row in _matcher(language).find(sentence):
        event_type, sub_type, _ = cues[row]
        if event_type != "statements":
            return event_type, sub_type
        if statement is None:
            statement = (event_type, sub_type)
    return statement or ("other", "other")


@functools.lru_cache(maxsize=None)
def _not_speech(language: str) -> frozenset[str]:
    words = resources.load(language, "event_types").get("not_speech") or []
    return frozenset(resources.normalise(w) for w in words)


def is_statement(sentence: str, language: str) -> bool:
    """Whether a sentence reports someone speaking (a statement cue other than a passive report)."""
    skip = _not_speech(language)
    for event_type, _, pattern in _cues(language):
        if event_type != "statements":
            continue
        if any(resources.normalise(m.group(0)) not in skip for m in pattern.finditer(sentence)):
            return True
    return False


_FIGURE = regex.compile(r"(?<![\w-])\d[\d.,]*(?![\w-])")  # "250", not "Kanal-24"


@functools.lru_cache(maxsize=None)
def _reported_clause(language: str):
    words = resources.load(language, "event_types").get("reported_clause_words") or []
    return resources.phrase_regex(words)


def opens_reported_clause(text: str, language: str) -> bool:
    """Whether the words between a reporting cue and a date open the reported clause ("said 250
    had died on Monday": the date is the deaths', not the saying's): a figure, a complementiser
    or an auxiliary verb from the language's `reported_clause_words`."""
    return _FIGURE.search(text) is not None or _reported_clause(language).search(text) is not None


def statement_cue_ends(sentence: str, language: str) -> list[int]:
    """Where reporting cues ("kata", "ujar", "mengatakan") end in a sentence."""
    ends: list[int] = []
    for event_type, _, pattern in _cues(language):
        if event_type == "statements":
            ends.extend(m.end() for m in pattern.finditer(sentence))
    return sorted(ends)
