"""Event-type cues -> the declared vocabulary (schema.EVENT_TYPES / SUB_EVENT_TYPES)."""

from __future__ import annotations

import functools

import regex

from .. import resources
from ..schema import SUB_EVENT_TYPES


@functools.cache
def _cues(language: str) -> tuple[tuple[str, str], ...]:
    """(event type, sub-event type) of each cue row, checked against the vocabulary."""
    rows = resources.load(language, "event_types")["cues"]
    out = []
    for event_type, sub_type, _words in rows:
        if sub_type not in SUB_EVENT_TYPES.get(event_type, ()):
            raise ValueError(
                f"resources/{language}/event_types.yaml: {event_type}/{sub_type} is not in the vocabulary "
                f"(pipeline/schema.py SUB_EVENT_TYPES)"
            )
        out.append((event_type, sub_type))
    return tuple(out)


@functools.cache
def _matcher(language: str) -> resources.PhraseMatcher:
    """Every cue row in one word-level matcher (row i = the i-th cue row): one pass per sentence."""
    rows = resources.load(language, "event_types")["cues"]
    return resources.PhraseMatcher([words for _, _, words in rows])


@functools.lru_cache(maxsize=1024)  # the type, statement and statement-date steps read each sentence
def _cue_hits(sentence: str, language: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(_matcher(language).find(sentence))


def _statement_spans(sentence: str, language: str) -> list[tuple[int, int]]:
    """The statement cues in a sentence: for each row of the cue table, its phrases left to
    right, the longest at each word, not overlapping within the row (as a regex search would
    find them)."""
    cues = _cues(language)
    row_end: dict[int, int] = {}
    out: list[tuple[int, int]] = []
    for start, end, row in _cue_hits(sentence, language):
        if cues[row][0] == "statements" and start >= row_end.get(row, -1):
            row_end[row] = end
            out.append((start, end))
    return out


def classify_event(sentence: str, language: str, has_casualties: bool = False) -> tuple[str, str]:
    """(event_type, sub_event_type) of a sentence: the type whose cue comes first in the sentence.

    Statement cues count only when no other type has one; on a tie in position the type
    listed first in the resource file wins.
    """
    cues = _cues(language)
    statement = None
    for _, _, row in _cue_hits(sentence, language):
        event_type, sub_type = cues[row]
        if event_type != "statements":
            return event_type, sub_type
        if statement is None:
            statement = (event_type, sub_type)
    return statement or ("other", "other")


@functools.cache
def _not_speech(language: str) -> frozenset[str]:
    words = resources.load(language, "event_types")["not_speech"]
    return frozenset(resources.normalise(w) for w in words)


def is_statement(sentence: str, language: str) -> bool:
    """Whether a sentence reports someone speaking (a statement cue other than a passive report)."""
    skip = _not_speech(language)
    return any(resources.normalise(sentence[a:b]) not in skip for a, b in _statement_spans(sentence, language))


_FIGURE = regex.compile(r"(?<![\w-])\d[\d.,]*(?![\w-])")  # "250", not "Kanal-24"


@functools.cache
def _reported_clause(language: str):
    words = resources.load(language, "event_types")["reported_clause_words"]
    return resources.phrase_regex(words)


def opens_reported_clause(text: str, language: str) -> bool:
    """Whether the words between a reporting cue and a date open the reported clause ("said 250
    had died on Monday": the date is the deaths', not the saying's): a figure, a complementiser
    or an auxiliary verb from the language's `reported_clause_words`."""
    return _FIGURE.search(text) is not None or _reported_clause(language).search(text) is not None


def statement_spans(sentence: str, language: str) -> list[tuple[int, int]]:
    """Where reporting cues ("kata", "ujar", "mengatakan", "said") stand in a sentence."""
    return sorted(_statement_spans(sentence, language))


def statement_cue_ends(sentence: str, language: str) -> list[int]:
    """Where reporting cues ("kata", "ujar", "mengatakan") end in a sentence."""
    return sorted(end for _, end in _statement_spans(sentence, language))
