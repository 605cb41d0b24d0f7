"""Time expressions as TimeML TIMEX3 (type and value), for scoring against TempEval-3.

The pipeline dates sentences; TimeML scores each expression on its own: its extent, its
type (DATE, TIME, DURATION, SET) and its normalised value ("2013-03-22", "2013-W11",
"2013-03", "P3D", "PRESENT_REF"). This module maps the resolver's expressions to that form,
using the document creation time as the reference date and the last date seen as context.
"""

from __future__ import annotations

import datetime as dt
import functools

import regex

from .. import resources
from ..ingest.sentences import split_sentences
from .dates import (
    ResolvedDate,
    TimeExpr,
    find_time_expressions,
    is_future,
    resolve_expression,
)
from .numbers import parse_count

_BARE_YEAR = regex.compile(r"(?<![\w.,:/$-])(?:19[5-9]\d|20[0-4]\d)(?![\w/-]|[.,:]\d)")
_CENTURY = regex.compile(r"(?<![\w-])(\d{1,2})(?:st|nd|rd|th)[\s-]+[Cc]entury(?![\w-])")
_THE_BEFORE = regex.compile(r"(?<![\w-])[Tt]he\s+$")
_PARTS = ((0, "NI"), (5, "MO"), (12, "AF"), (17, "EV"), (21, "NI"))
_UNIT_LETTER = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "M", "decade": "Y"}


def _part_code(part: tuple[int, int]) -> str:
    code = "NI"
    for start, name in _PARTS:
        if part[0] >= start:
            code = name
    return code


@functools.cache
def _timex_words(language: str) -> dict:
    return resources.load(language, "timex") or {}


@functools.cache
def _leading_words(language: str) -> regex.Pattern:
    r = resources.load(language, "dates")
    words = (list(r["year_markers"]) + list(r["day_word"]) + list(r["month_word"])
             + list(r["approximately"]))
    if not words:
        return regex.compile(r"(?!x)x")
    alt = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?:(?:{alt})\s+)+", regex.IGNORECASE)


@functools.cache
def _durations(language: str) -> regex.Pattern | None:
    """ "three days", "a decade", "several months", "18 months": spans of time, not dates."""
    r = _timex_words(language)
    units = r["duration_units"]
    if not units:
        return None
    counts = (list((resources.load(language, "numbers")["units"]).keys()) + list(r["vague_counts"])
              + list(r["one_words"]))
    unit_alt = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    count_alt = "|".join(regex.escape(c) for c in sorted(set(counts), key=len, reverse=True))
    prefix = "|".join(regex.escape(p) for p in sorted(r["duration_prefixes"], key=len, reverse=True)) or "(?!x)x"
    return regex.compile(
        rf"(?<![\w-])(?:(?P<pre>{prefix})\s+(?:(?P<n>\d+(?:[.,]\d+)?|{count_alt})[\s-]+)?"
        rf"|(?P<n>\d+(?:[.,]\d+)?|{count_alt})[\s-]+)(?P<unit>{unit_alt})(?![\w-])",
        regex.IGNORECASE)


def _value(expr: TimeExpr, got: ResolvedDate) -> tuple[str, str]:
    """(type, value) of a resolved expression (one that resolved to a day)."""
    day = got.date
    assert day is not None
    if expr.kind in ("deictic",) and expr.count == 0 and expr.part is None and expr.clock is None:
        words = _timex_words_any().get("present_ref") or []
        if resources.normalise(expr.text) in {resources.normalise(w) for w in words}:
            return "DATE", "PRESENT_REF"
    if expr.kind == "earlier":
        return "DATE", "PAST_REF"
    if got.precision == "year":
        return "DATE", f"{day.year:04d}"
    if got.precision == "month":
        return "DATE", f"{day.year:04d}-{day.month:02d}"
    if got.precision == "week":
        start = got.start.date() if got.start is not None else day
        iso = start.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}"
    if expr.kind == "period" and expr.unit == "weekend":
        iso = day.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    base = day.isoformat()
    if expr.clock is not None:
        hh, mm = expr.clock
        return "TIME", f"{base}T{hh:02d}:{(mm or 0):02d}"
    if expr.part is not None or expr.overnight:
        part = expr.part if expr.part is not None else (18, 24)
        return "TIME", f"{base}T{_part_code(part)}"
    return "DATE", base


@functools.lru_cache(maxsize=1)
def _timex_words_any() -> dict:
    merged: dict = {}
    for lang in resources.supported_languages():
        for k, v in (_timex_words(lang) or {}).items():
            merged.setdefault(k, [])
            merged[k] = list(merged[k]) + list(v or [])
    return merged


def _duration_value(m: regex.Match, language: str) -> str | None:
    r = _timex_words(language)
    unit_spec = (r["duration_units"]).get(m.group("unit").lower())
    if not unit_spec:
        return None
    unit, mult = unit_spec[0], int(unit_spec[1]) if len(unit_spec) > 1 else 1
    n_text = m.group("n") or "1"
    vague = {resources.normalise(v) for v in r['vague_counts']}
    if resources.normalise(n_text) in vague:
        n = "X"
    elif resources.normalise(n_text) in {resources.normalise(w) for w in r['one_words']}:
        n = str(mult)
    else:
        count = parse_count(n_text, language)
        if count is None:
            try:
                count = int(n_text)
            except ValueError:
                return None
        n = str(count * mult)
    letter = _UNIT_LETTER.get(unit, "D")
    prefix = "PT" if unit in ("hour", "minute") else "P"
    return f"{prefix}{n}{letter}"


def timexes(text: str, language: str, dct: dt.date) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) of every time expression in a document, offsets in `text`.

    Dates are resolved against `dct` (the document creation time); relative expressions
    ("a day later") against the last date the document gave.
    """
    out: list[tuple[int, int, str, str]] = []
    context: ResolvedDate | None = None
    lead = _leading_words(language)
    durations = _durations(language)
    for sentence in split_sentences(text, language):
        s = sentence.text
        taken: list[tuple[int, int]] = []
        for expr in find_time_expressions(s, language):
            if expr.kind == "earlier":
                continue  # "recently", "previously": TimeML leaves most of these untagged
            if expr.kind == "shift" and durations is not None:
                # "a month earlier": TimeML tags the amount ("a month") as a duration.
                m = durations.match(s, expr.start)
                value = _duration_value(m, language) if m else None
                if m and value:
                    out.append((sentence.start + m.start(), sentence.start + m.end(), "DURATION", value))
                    taken.append((expr.start, expr.end))
                continue
            got = resolve_expression(expr, dct, context, None, is_future(s, language, expr.start), language)
            if got is None or got.date is None:
                continue
            kind, value = _value(expr, got)
            start, end = expr.start, expr.end
            if expr.kind == "period" and _THE_BEFORE.search(s, 0, start):
                start = _THE_BEFORE.search(s, 0, start).start()
            trim = lead.match(s, start, end)
            if trim and trim.end() < end:
                start = trim.end()
            out.append((sentence.start + start, sentence.start + end, kind, value))
            taken.append((expr.start, expr.end))
            if expr.kind in ("explicit", "weekday", "deictic", "ago") and got.precision not in ("year", "month", "week"):
                context = got
        for m in _CENTURY.finditer(s):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append((sentence.start + m.start(), sentence.start + m.end(), "DATE", f"{int(m.group(1)) - 1:02d}"))
                taken.append((m.start(), m.end()))
        for m in _BARE_YEAR.finditer(s):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append((sentence.start + m.start(), sentence.start + m.end(), "DATE", m.group(0)))
                taken.append((m.start(), m.end()))
        if durations is None:
            continue
        for m in durations.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            value = _duration_value(m, language)
            if value is not None:
                out.append((sentence.start + m.start(), sentence.start + m.end(), "DURATION", value))
    out.sort()
    return out

