"""Time expressions -> dates with precision and basis, anchored to the article, never the clock.

Finding is pattern-based, with patterns built from `resources/<lang>/dates.yaml`, and the
day, month and year an expression names are read from the same lexicon; weekdays, parts of the
day and relative phrases are resolved here, where dateparser is wrong for Indonesian.
dateparser dates the sentences of languages that have no resource files.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

import regex

from .. import resources
from ..schema import MAX_YEAR, MIN_YEAR
from .numbers import parse_count

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression found in a sentence, with its parts; offsets are in the sentence."""

    text: str
    start: int
    end: int
    kind: str  # explicit, weekday, deictic, ago, period, shift, next_day, same_day, earlier, part, clock, month, year
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    part: tuple[int, int] | None = None
    clock: tuple[int, int | None] | None = None
    count: int | None = None
    unit: str | None = None
    anaphoric: bool = False
    overnight: bool = False
    strictly_past: bool = False
    days: tuple[int, int] | None = None  # a month part's or a day range's first and last day


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved date: `date` is the day (or first day of a coarser span); end is exclusive."""

    date: dt.date | None
    start: dt.datetime | None
    end: dt.datetime | None
    precision: str | None
    basis: str
    expression: TimeExpr | None = None

    def inherited(self) -> ResolvedDate:
        """The same day, as a sentence without its own time words inherits it."""
        if self.date is None:
            return ResolvedDate(None, self.start, self.end, self.precision, "inherited")
        if self.precision in ("minute", "hour", "part_of_day"):
            start = dt.datetime.combine(self.date, dt.time())
            return ResolvedDate(self.date, start, start + DAY, "day", "inherited")
        return ResolvedDate(self.date, self.start, self.end, self.precision, "inherited")


UNKNOWN_DATE = ResolvedDate(None, None, None, None, "unknown")
# A date more than a year after the article's reference date is no date of its story.
MAX_AHEAD = dt.timedelta(days=366)


def whole_day(value: dt.date, basis: str) -> ResolvedDate:
    """A whole day as a resolved date with the given basis."""
    midnight = dt.datetime.combine(value, dt.time())
    return ResolvedDate(value, midnight, midnight + DAY, "day", basis)


def reference_day(reference: dt.date | None) -> ResolvedDate:
    """The date of a sentence with nothing else to go by: the reference day, else unknown."""
    return whole_day(reference, "reference") if reference is not None else UNKNOWN_DATE


_ANY_DIGIT = regex.compile(r"\d")


@dataclass(frozen=True)
class _TimePattern:
    """A time pattern of one kind, and what a sentence needs for it to match: a digit, one
    of the letter runs `keys` (resources.key_letter_runs), or one of the substrings
    `needles`; with none of these given, every sentence is searched."""

    kind: str
    pattern: regex.Pattern
    digit: bool = False
    keys: frozenset[str] | None = None
    needles: tuple[str, ...] | None = None


def _alt(words) -> str:
    items = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in items)


@dataclass(frozen=True)
class _Lexicon:
    weekdays: dict[str, int]
    case_sensitive: frozenset[str]
    months: dict[str, int]
    case_sensitive_months: frozenset[str]
    parts: dict[str, tuple[int, int]]
    deictic: dict[str, dict]
    units: dict[str, str]
    unit_words: dict[str, tuple[int, str]]
    periods: dict[str, str]
    after_words: frozenset[str]
    before_words: frozenset[str]
    anaphora: tuple[str, ...]
    forward: frozenset[str]
    merge_gap: regex.Pattern
    month_parts: dict[str, tuple[int, int]]
    next_day: frozenset[str]
    same_day: frozenset[str]
    earlier: frozenset[str]
    future: regex.Pattern
    habitual: regex.Pattern
    since: frozenset[str]
    span: frozenset[str]
    not_time: regex.Pattern
    flashback: regex.Pattern
    incident_anchor: regex.Pattern
    now_opener: regex.Pattern
    possessive_marks: tuple[str, ...]
    week_offsets: dict[str, int]
    possessive_after: frozenset[str]
    patterns: tuple[_TimePattern, ...]
    # The letter runs a sentence needs for the future, habitual and incident markers
    # (resources.key_letter_runs; None: always search): most sentences have none of them.
    future_keys: frozenset[str] | None = None
    habitual_keys: frozenset[str] | None = None
    incident_keys: frozenset[str] | None = None


def _not_time(phrases: list[str], code_words: list[str]) -> regex.Pattern:
    """What is never a time expression: the `not_time` phrases, and numbers with slashes or
    dots after a code word ("RT 04/05/02", "Nomor 12/2021" are addresses and numbers)."""
    alt = resources.phrase_alternation(phrases)
    codes = resources.phrase_alternation(code_words)
    parts = [p for p in (alt, rf"(?:{codes})\.?\s*\d[\d/.-]*" if codes else "") if p]
    if not parts:
        return regex.compile(r"(?!x)x")
    return regex.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", regex.IGNORECASE)


@functools.cache
def lexicon(language: str) -> _Lexicon:
    """Compiled time patterns for a language (built once from its resource file)."""
    r = resources.load(language, "dates")
    weekdays = {k.lower(): v for k, v in (r['weekdays']).items()}
    months = {k.lower(): v for k, v in (r['months']).items()}
    parts = {k.lower(): tuple(v) for k, v in (r['parts_of_day']).items()}
    deictic = {k.lower(): v for k, v in (r['deictic']).items()}
    units = {k.lower(): v for k, v in (r['units']).items()}
    unit_words = {k.lower(): (v[0], v[1]) for k, v in (r['unit_words']).items()}
    periods = {k.lower(): v for k, v in (r['previous_period']).items()}
    after = [w.lower() for w in r["after_words"]]
    before = [w.lower() for w in r["before_words"]]
    ago = r["ago_words"]
    clock_markers = r["clock_markers"]
    zones = r["time_zones"]
    num_words = list((resources.load(language, "numbers")["units"]).keys())
    nothing = "(?!x)x"
    day_w = _alt(r["day_word"]) or nothing
    month_w = _alt(r["month_word"]) or nothing
    approx = _alt(r["approximately"]) or nothing
    part_sfx = _alt(r["part_suffixes"]) or nothing
    suffix = regex.escape(str(r["anaphoric_suffix"])) or nothing
    past_w = _alt(r["weekday_past"]) or nothing
    week_offsets = {k.lower(): int(v) for k, v in (r['weekday_week_offsets']).items()}
    week_rel = _alt(week_offsets) or nothing
    month_parts = {k.lower(): tuple(v) for k, v in (r['month_parts']).items()}
    edge = _alt(month_parts) or nothing

    wd = _alt(weekdays)
    mon = _alt(months)
    pod = _alt(parts)
    zone = rf"(?:\s*(?:{_alt(zones)}))" if zones else ""
    clock_m = _alt(clock_markers) or "(?!x)x"
    count = rf"(?:\d{{1,3}}|{_alt(num_words)})" if num_words else r"\d{1,3}"
    unit = _alt(units) or "(?!x)x"
    uword = _alt(unit_words) or "(?!x)x"
    shift_words = _alt(after + before) or "(?!x)x"

    b = r"(?<![\w/.-])"
    e = r"(?![\w/-])"
    if r["numeric_order"] == "mdy":
        num_date = r"(?P<m>\d{1,2})[/-](?P<d>\d{1,2})[/-](?P<y>\d{4}|\d{2})(?!\d)"
    else:
        num_date = r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4}|\d{2})(?!\d)"
    ordinal = r"(?:st|nd|rd|th)?"
    range_w = _alt(r["day_range_words"]) or nothing
    # "5-6 Januari", "5 hingga 7 Januari", "January 5-6": a range of days (rd/re: its other end).
    range_to = rf"(?:\s*[-–]\s*|\s+(?:{range_w})\s+)"
    name_date = (rf"(?:(?P<rd>\d{{1,2}}){ordinal}{range_to})?"
                 rf"(?P<nd>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<mon>{mon})\.?(?:,?\s+(?P<ny>\d{{4}}))?")
    if r["month_first_dates"]:
        name_date = (rf"(?:{name_date}|(?P<mon>{mon})\.?\s+(?P<nd>\d{{1,2}}){ordinal}(?!\d)"
                     rf"(?:{range_to}(?P<re>\d{{1,2}}){ordinal}(?!\d))?"
                     rf"(?:,?\s+(?P<ny>\d{{4}}))?)")
    if r["yearless_numeric"]:
        yearless = r"(?P<yd>\d{1,2})/(?P<ym>\d{1,2})(?![\d/])"
    else:
        yearless = "(?!x)x"
    past_before = _alt(r["weekday_past_before"]) or nothing
    am = _alt(r["am_suffixes"])
    pm = _alt(r["pm_suffixes"])
    ampm_clock = (rf"(?P<hh>\d{{1,2}})(?:[.:](?P<mm>\d{{2}}))?\s*(?:(?P<pm>{pm})|(?P<am>{am}))(?!\w)"
                  if am and pm else "(?!x)x")
    clock = rf"(?:(?:{approx})\s+)?(?:{clock_m})\s+(?P<hh>\d{{1,2}})(?:[.:](?P<mm>\d{{2}}))?{zone}?"
    bare_clock = rf"(?P<hh>\d{{1,2}})[.:](?P<mm>\d{{2}})\s*(?:{_alt(zones)})" if zones else "(?!x)x"
    weekday_compound = (
        rf"(?:(?P<pastb>{past_before})\s+)?(?:(?:{day_w})\s+)?(?P<wd>{wd})"
        rf"(?:\s*,?\s*\(?\s*(?:{num_date}|{name_date}|{yearless})\s*\)?)?"
        rf"(?:\s+(?P<past>{past_w}))?"
        rf"(?:\s+(?P<wk>{week_rel}))?"
        rf"(?:\s+(?P<pod>{pod}))?"
        rf"(?:\s+(?P<wk>{week_rel}))?"
        rf"(?:\s*,?\s+(?:(?:{approx})\s+)?(?:(?:{clock_m})\s+)?(?P<hh>\d{{1,2}})[.:](?P<mm>\d{{2}}){zone}?)?"
    )
    # Each pattern with what it cannot match without: a digit, one of these words (a run of
    # letters of each phrase it must contain), or one of these substrings (the shift words,
    # which may carry a suffix: "setelahnya"). A sentence without it skips the pattern: most
    # sentences need only a few of the ~20 scans.
    words = resources.key_letter_runs  # None (always scan) when a phrase has no letters
    shift_needles = tuple(sorted({w.lower() for w in after + before}))
    patterns = (
        _TimePattern("weekday", regex.compile(b + weekday_compound + e, regex.IGNORECASE),
                     keys=words(weekdays)),
        _TimePattern("explicit", regex.compile(b + num_date + rf"(?:\s+(?P<pod>{pod}))?" + e, regex.IGNORECASE),
                     digit=True),
        _TimePattern("explicit", regex.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])"),
                     digit=True),
        _TimePattern("named", regex.compile(b + name_date + rf"(?:\s+(?P<pod>{pod}))?" + e, regex.IGNORECASE),
                     keys=words(months)),
        _TimePattern("month", regex.compile(rf"(?<![\w-])(?:(?:{month_w})\s+)?(?P<mon>{mon})\s+(?P<y>\d{{4}})" + e, regex.IGNORECASE),
                     keys=words(months)),
        _TimePattern("month", regex.compile(rf"(?<![\w-])(?P<edge>{edge})(?:(?<=-)|\s+)(?:(?:{month_w})\s+)?(?P<mon>{mon})(?:\s+(?P<y>\d{{4}}))?" + e, regex.IGNORECASE),
                     keys=words(months)),
        _TimePattern("month", regex.compile(rf"(?<![\w-])(?P<mon>{_alt(k for k in months if len(k) >= 4) or nothing})" + e, regex.IGNORECASE),
                     keys=words(months)),
        _TimePattern("year", regex.compile(rf"(?<![\w-])(?:{_alt(r['year_markers']) or nothing})\s+(?P<y>(?:19|20)\d{{2}})" + e, regex.IGNORECASE),
                     digit=True),
        _TimePattern("deictic", regex.compile(rf"(?<![\w-])(?P<phrase>{_alt(deictic)})(?:\s+(?P<pod>{pod}))?" + e, regex.IGNORECASE),
                     keys=words(deictic)),
        _TimePattern("ago", regex.compile(rf"(?<![\w-])(?:(?P<n>{count})\s+(?P<unit>{unit})|(?P<uw>{uword}))\s+(?:{_alt(ago)})" + e, regex.IGNORECASE),
                     keys=words(ago)),
        _TimePattern("period", regex.compile(rf"(?<![\w-])(?P<phrase>{_alt(periods)})" + e, regex.IGNORECASE),
                     keys=words(periods)),
        _TimePattern("shift", regex.compile(rf"(?<![\w-])(?:(?P<n>{count})\s+(?P<unit>{unit})|(?P<uw>{uword}))\s+(?P<dir>{shift_words})(?P<nya>{suffix})?(?P<after>(?:\s+\S+){{0,3}})", regex.IGNORECASE),
                     needles=shift_needles or None),
        _TimePattern("next_day", regex.compile(rf"(?<![\w-])(?:{_alt(r['next_day'])})" + e, regex.IGNORECASE),
                     keys=words(r["next_day"])),
        _TimePattern("same_day", regex.compile(rf"(?<![\w-])(?:{_alt(r['same_day'])})" + e, regex.IGNORECASE),
                     keys=words(r["same_day"])),
        _TimePattern("earlier", regex.compile(rf"(?<![\w-])(?:{_alt(r['earlier'])})" + e, regex.IGNORECASE),
                     keys=words(r["earlier"])),
        _TimePattern("clock", regex.compile(rf"(?<![\w-]){clock}" + rf"(?:\s+(?P<pod>{pod}))?" + e, regex.IGNORECASE),
                     keys=words(clock_markers)),
        _TimePattern("clock", regex.compile(r"(?<![\w.,/-])" + bare_clock + e, regex.IGNORECASE),
                     digit=True),
        _TimePattern("clock", regex.compile(r"(?<![\w.,/:-])" + ampm_clock, regex.IGNORECASE),
                     digit=True),
        _TimePattern("part", regex.compile(rf"(?<![\w-])(?P<pod>{pod})(?:\s+(?:{part_sfx}))?" + e, regex.IGNORECASE),
                     keys=words(parts)),
    )
    return _Lexicon(
        weekdays=weekdays,
        case_sensitive=frozenset(w.lower() for w in r["case_sensitive_weekdays"]),
        months=months,
        case_sensitive_months=frozenset(w.lower() for w in r["case_sensitive_months"]),
        parts=parts,
        deictic=deictic,
        units=units,
        unit_words=unit_words,
        periods=periods,
        after_words=frozenset(after),
        before_words=frozenset(before),
        anaphora=tuple(w.lower() for w in r["anaphora_markers"]),
        forward=frozenset(resources.normalise(w) for w in r["forward_words"]),
        month_parts={k.lower(): tuple(v) for k, v in (r['month_parts']).items()},
        merge_gap=regex.compile(rf"[\s,]*(?:(?:{_alt(r['merge_gap_words']) or nothing})\s*)*[\s,]*", regex.IGNORECASE),
        next_day=frozenset(resources.normalise(w) for w in r["next_day"]),
        same_day=frozenset(resources.normalise(w) for w in r["same_day"]),
        earlier=frozenset(resources.normalise(w) for w in r["earlier"]),
        future=resources.phrase_regex(r["future_markers"]),
        habitual=resources.phrase_regex(r["habitual_markers"]),
        since=frozenset(resources.normalise(w) for w in r["since_words"]),
        span=frozenset(resources.normalise(w) for w in r["span_words"]),
        not_time=_not_time(r["not_time"], r["code_words"]),
        flashback=resources.phrase_regex(r["flashback_markers"]),
        incident_anchor=resources.phrase_regex(r["incident_anchors"]),
        possessive_marks=tuple(r["possessive_marks"]),
        week_offsets=week_offsets,
        possessive_after=frozenset(resources.normalise(w) for w in r["possessive_after"]),
        now_opener=regex.compile(rf"^\W*(?:{resources.phrase_alternation(r['now_openers']) or '(?!x)x'})(?![\w-])",
                                 regex.IGNORECASE),
        patterns=patterns,
        future_keys=resources.key_letter_runs(r["future_markers"]),
        habitual_keys=resources.key_letter_runs(r["habitual_markers"]),
        incident_keys=resources.key_letter_runs([*(r["flashback_markers"]), *(r["incident_anchors"])]),
    )


def _int(v: str | None) -> int | None:
    return int(v) if v else None


def _year(v: str | None) -> int | None:
    if not v:
        return None
    y = int(v)
    return y + 2000 if y < 100 else y


# What _expr_from_match gives for a match that names an impossible time ("December 9999"): no
# expression, and no shorter one inside it either.
_NOT_A_DATE = TimeExpr("", 0, 0, "none")


def _expr_from_match(kind: str, m: regex.Match, lex: _Lexicon, language: str) -> TimeExpr | None:
    g = m.groupdict()
    text = m.group(0)
    start, end = m.start(), m.end()
    pod = lex.parts.get(resources.normalise(g["pod"])) if g.get("pod") else None
    clock = (int(g["hh"]), _int(g.get("mm"))) if g.get("hh") else None
    if clock and (g.get("pm") or g.get("am")):
        if clock[0] == 0 or clock[0] > 12:
            return None
        hour = clock[0] % 12 + (12 if g.get("pm") else 0)
        clock = (hour, clock[1])
    if clock and (clock[0] > 24 or (clock[1] is not None and clock[1] > 59)):
        return None
    mon_word = g.get("mon")
    if mon_word and mon_word.lower() in lex.case_sensitive_months and not mon_word[:1].isupper():
        return None
    if kind == "weekday":
        word = g["wd"].split()[-1] if g["wd"] else ""
        if word.lower() in lex.case_sensitive and not word[:1].isupper():
            return None
        day = _int(g.get("d") or g.get("nd") or g.get("yd"))
        month = _int(g.get("m") or g.get("ym"))
        if g.get("mon"):
            month = lex.months[resources.normalise(g["mon"])]
        year = _year(g.get("y") or g.get("ny"))
        weeks = lex.week_offsets.get(resources.normalise(g["wk"])) if g.get("wk") else None
        return TimeExpr(text, start, end, "weekday", day, month, year, lex.weekdays[word.lower()],
                        part=pod, clock=clock, strictly_past=bool(g.get("past") or g.get("pastb")),
                        count=weeks)
    if kind == "explicit":
        return TimeExpr(text, start, end, "explicit", int(g["d"]), int(g["m"]), _year(g["y"]), part=pod)
    if kind == "named":
        month = lex.months[resources.normalise(g["mon"])]
        first, last = int(g["nd"]), int(g["nd"])
        if g.get("rd"):
            first = int(g["rd"])
        elif g.get("re"):
            last = int(g["re"])
        if last < first:
            return None
        return TimeExpr(text, start, end, "explicit", first, month, _year(g.get("ny")), part=pod,
                        days=(first, last) if last > first else None)
    if kind == "month":
        if g.get("y") and not MIN_YEAR <= int(g["y"]) <= MAX_YEAR:
            return _NOT_A_DATE  # "December 9999": no month of a real story
        days = lex.month_parts.get(resources.normalise(g["edge"])) if g.get("edge") else None
        return TimeExpr(text, start, end, "month", None, lex.months[resources.normalise(g["mon"])],
                        _int(g.get("y")), days=days)
    if kind == "year":
        return TimeExpr(text, start, end, "year", year=int(g["y"]))
    if kind == "deictic":
        spec = lex.deictic[resources.normalise(g["phrase"])]
        part = pod or (lex.parts.get(spec["part"]) if spec.get("part") else None)
        return TimeExpr(text, start, end, "deictic", count=int(spec.get("days", 0)), unit="day",
                        part=part, overnight=bool(spec.get("overnight")) and pod is None)
    if kind in ("ago", "shift"):
        if g.get("uw"):
            n, unit = lex.unit_words[resources.normalise(g["uw"])]
        else:
            counted = parse_count(g["n"], language)
            unit = lex.units[resources.normalise(g["unit"])]
            if counted is None:
                return None
            n = counted
        if kind == "ago":
            return TimeExpr(text, start, end, "ago", count=-n, unit=unit)
        direction = resources.normalise(g["dir"])
        sign = 1 if direction in lex.after_words else -1
        following = (g.get("after") or "").lower()
        following_words = {w.strip(",.") for w in following.split()}
        anaphoric = bool(g.get("nya")) or direction in lex.forward or bool(following_words & set(lex.anaphora))
        keep = m.end("nya") if g.get("nya") else m.end("dir")
        return TimeExpr(m.group(0)[: keep - start], start, keep, "shift", count=sign * n, unit=unit,
                        anaphoric=anaphoric)
    if kind == "period":
        period = lex.periods[resources.normalise(g["phrase"])]
        count = 1 if period.endswith("+") else 0 if period.endswith("=") else -1
        return TimeExpr(text, start, end, "period", count=count, unit=period.rstrip("+="))
    if kind in ("next_day", "same_day", "earlier"):
        return TimeExpr(text, start, end, kind, count={"next_day": 1, "same_day": 0, "earlier": -7}[kind], unit="day")
    if kind == "clock":
        return TimeExpr(text, start, end, "clock", clock=clock, part=pod)
    if kind == "part":
        return TimeExpr(text, start, end, "part", part=pod)
    return None


_DAY_KINDS = {"explicit", "weekday", "deictic"}


def _merge(a: TimeExpr, b: TimeExpr, sentence: str, lex: _Lexicon) -> TimeExpr | None:
    """Join neighbours such as "07.00 WIB" + "Sabtu pagi" into one expression."""
    gap = sentence[a.end:b.start]
    if not lex.merge_gap.fullmatch(gap):
        return None
    kinds = {a.kind, b.kind}
    if not (kinds & {"clock", "part"}) or len(kinds & _DAY_KINDS) > 1:
        return None
    day, time = (a, b) if a.kind in _DAY_KINDS else (b, a)
    if day.kind not in _DAY_KINDS and not (day.kind in ("clock", "part") and time.kind in ("clock", "part")):
        return None
    part = day.part or time.part
    clock = day.clock or time.clock
    base = day if day.kind in _DAY_KINDS else a
    return replace(base, text=sentence[a.start:b.end], start=a.start, end=b.end, part=part, clock=clock,
                   overnight=base.overnight and part is None)


def find_time_expressions(sentence: str, language: str) -> list[TimeExpr]:
    """All time expressions in a sentence, left to right, without overlaps."""
    return list(_find_time_expressions(sentence, language))


@functools.lru_cache(maxsize=8192)
def _find_time_expressions(sentence: str, language: str) -> tuple[TimeExpr, ...]:
    if language not in resources.supported_languages():
        return ()  # no resource files: nothing to match with (empty word lists would match anywhere)
    lex = lexicon(language)
    blocked: list[tuple[int, int]] | None = None  # looked for once a pattern matches
    found: list[TimeExpr] = []
    low = sentence.lower()
    runs = resources.letter_runs(sentence)
    has_digit = _ANY_DIGIT.search(sentence) is not None
    for tp in lex.patterns:
        # Skip a pattern when the sentence lacks what it cannot match without.
        if tp.digit:
            if not has_digit:
                continue
        elif tp.keys is not None:
            if runs.isdisjoint(tp.keys):
                continue
        elif tp.needles is not None and not any(needle in low for needle in tp.needles):
            continue
        for m in tp.pattern.finditer(sentence):
            if blocked is None:
                blocked = [(b.start(), b.end()) for b in lex.not_time.finditer(sentence)]
            if any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            expr = _expr_from_match(tp.kind, m, lex, language)
            if expr is _NOT_A_DATE:
                blocked.append((m.start(), m.end()))  # no part of "December 9999" is a date either
                continue
            if expr is not None and expr.text.strip():
                found.append(expr)
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    chosen: list[TimeExpr] = []
    for expr in found:
        if chosen and expr.start < chosen[-1].end:
            continue
        chosen.append(expr)
    merged: list[TimeExpr] = []
    for expr in chosen:
        if merged:
            joined = _merge(merged[-1], expr, sentence, lex)
            if joined is not None:
                merged[-1] = joined
                continue
        merged.append(expr)
    return tuple(merged)


def is_habitual(sentence: str, language: str) -> bool:
    """Whether the sentence states a general fact ("biasanya", "setiap tahun"): no event date."""
    lex = lexicon(language)
    return resources.may_contain(lex.habitual_keys, sentence) and bool(lex.habitual.search(sentence))


def names_an_event(sentence: str, expr: TimeExpr, language: str) -> bool:
    """Whether the expression is a possessive naming another event ("victims of Tuesday's
    earthquake", "after Friday's protests"): it says which event, not when the sentence's is.
    "Sunday's service will ..." (no such word before it) still dates the sentence."""
    lex = lexicon(language)
    after = sentence[expr.end:expr.end + 4]
    if not lex.possessive_marks or not any(after.startswith(m) for m in lex.possessive_marks):
        return False
    before = sentence[:expr.start].split()
    return bool(before) and resources.normalise(before[-1]) in lex.possessive_after


def starts_span(sentence: str, expr: TimeExpr, language: str) -> bool:
    """Whether the expression opens a span ("sejak 27 Mei"): not the date of the sentence's event."""
    lex = lexicon(language)
    before = sentence[max(0, expr.start - 80):expr.start]
    words = before.split()
    # "until Friday", "through March": a span word right before the expression, or its own
    # first word ("since 2011", where "since" also marks a year).
    own = expr.text.split()
    first = resources.normalise(own[0]) if own else ""
    if first in lex.span or first in lex.since:
        return True
    if words and resources.normalise(words[-1]) in lex.span:
        return True
    # "sejak 27 Mei", "since an uprising began in March 2011": a since-word at most a few
    # words back, in the same clause.
    for k in range(len(words) - 1, max(-1, len(words) - 1 - _SINCE_WINDOW_WORDS), -1):
        if any(c in words[k] for c in ",;:()\"“”"):
            break
        if resources.normalise(words[k]) in lex.since:
            return True
    return False


_SINCE_WINDOW_WORDS = 7


def span_opening(sentence: str, language: str, reference: dt.date | None,
                 context: ResolvedDate | None) -> ResolvedDate | None:
    """Where a "since" span in the sentence begins ("since March": 1 March), or None.

    Such a span does not date the sentence's event (see starts_span); it bounds it from below.
    """
    lex = lexicon(language)
    for expr in find_time_expressions(sentence, language):
        if starts_span(sentence, expr, language):
            before = sentence[max(0, expr.start - 80):expr.start].split()
            own = expr.text.split()
            if (before and resources.normalise(before[-1]) in lex.span) or (own and resources.normalise(own[0]) in lex.span):
                continue  # "until Friday" ends a span
            got = resolve_expression(expr, reference, context, None, False, language)
            if got is not None and got.start is not None:
                return got
    return None


def incident_reference(sentence: str, language: str) -> tuple[str, TimeExpr] | None:
    """A phrase that points at the story's incident rather than at the last day told:
    ("flashback", ...) for "Diberitakan sebelumnya" / "as previously reported" (the sentence
    retells the incident, and so may the next ones), ("anchor", ...) for "saat kejadian" /
    "at the time of the attack". None when the sentence has neither."""
    lex = lexicon(language)
    if not resources.may_contain(lex.incident_keys, sentence):
        return None
    for kind, pattern in (("anchor", lex.incident_anchor), ("flashback", lex.flashback)):
        m = pattern.search(sentence)
        if m is not None:
            return kind, TimeExpr(m.group(0), m.start(), m.end(), "same_day", count=0, unit="day")
    return None


def opens_with_now(sentence: str, language: str) -> TimeExpr | None:
    """A sentence that opens with "Hingga kini" / "So far": the state at the moment of
    speaking (the last statement's day), not the last event's day."""
    m = lexicon(language).now_opener.search(sentence)
    if m is None:
        return None
    start = len(m.group(0)) - len(m.group(0).lstrip(" \t\"“'‘([-"))
    return TimeExpr(m.group(0)[start:], start, m.end(), "deictic", count=0, unit="day")


@functools.cache
def _after_event_openers(language: str) -> frozenset[str]:
    return frozenset(resources.normalise(w) for w in resources.load(language, "dates")["after_event_openers"])


def opens_after_event(sentence: str, language: str) -> bool:
    """A sentence that opens with "Usai <event> ..." / "After <event> ...": what it tells
    followed an event already told (`after_event_openers`; not "Kemudian," / "Later,")."""
    first = sentence.lstrip(" \t\"“'‘([-").split(maxsplit=1)
    return len(first) == 2 and resources.normalise(first[0]) in _after_event_openers(language)


def is_future(sentence: str, language: str, at: int | None = None) -> bool:
    """Whether the sentence speaks of the future (a weekday then means the coming one). With
    `at` (where a time expression starts), only the words on its side of a quotation count:
    "500 marched on Wednesday, chanting: 'We will not go home'" speaks of the past
    Saturday."""
    lex = lexicon(language)
    if not resources.may_contain(lex.future_keys, sentence):
        return False
    if at is None:
        return bool(lex.future.search(sentence))
    inside = in_quotation(sentence, at)
    return any(in_quotation(sentence, m.start()) == inside for m in lex.future.finditer(sentence))


@functools.lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    """The language codes dateparser knows, from its language list: loading every locale
    (`default_loader.get_locale_map()`, the same codes) costs a tenth of a second per process."""
    from dateparser.data.languages_info import language_order

    return frozenset(language_order)


def _safe_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None or not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_YEARLESS_AHEAD = dt.timedelta(days=31)


def _year_for(day: int, month: int, weekday: int | None, anchor: dt.date | None,
              future: bool = False) -> int | None:
    """The year of a year-less date: the one its weekday fits, else the nearest to the anchor;
    outside a sentence about the future, never more than a month after the anchor ("held on
    Jan. 12" in a November article is the January before, not the one after)."""
    if anchor is None:
        return None
    candidates = [anchor.year, anchor.year - 1, anchor.year + 1]
    valid = [(y, d) for y in candidates if (d := _safe_date(y, month, day)) is not None]
    if weekday is not None:
        matching = [(y, d) for y, d in valid if d.weekday() == weekday]
        if matching:
            valid = matching
    elif not future:
        valid = [(y, d) for y, d in valid if d <= anchor + _YEARLESS_AHEAD] or valid
    if not valid:
        return None
    # Nearest to the anchor, preferring the past when equally near.
    return min(valid, key=lambda yd: (abs((yd[1] - anchor).days), yd[1] > anchor))[0]


def _weekday_date(weekday: int, anchor: dt.date, future: bool, strictly_past: bool = False) -> dt.date:
    if future and not strictly_past:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    back = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=back or (7 if strictly_past else 0))


def _span(day: dt.date, expr: TimeExpr | None) -> tuple[dt.datetime, dt.datetime, str]:
    midnight = dt.datetime.combine(day, dt.time())
    if expr is not None and expr.clock is not None:
        hh, mm = expr.clock
        if mm is None:
            start = midnight + dt.timedelta(hours=hh)
            return start, start + dt.timedelta(hours=1), "hour"
        start = midnight + dt.timedelta(hours=hh, minutes=mm)
        return start, start + dt.timedelta(minutes=1), "minute"
    if expr is not None and expr.overnight:
        return midnight + dt.timedelta(hours=18), midnight + dt.timedelta(hours=30), "part_of_day"
    if expr is not None and expr.part is not None:
        lo, hi = expr.part
        return midnight + dt.timedelta(hours=lo), midnight + dt.timedelta(hours=hi), "part_of_day"
    return midnight, midnight + DAY, "day"


def _period(day: dt.date, unit: str, count: int) -> tuple[dt.date, dt.date]:
    """The calendar period `count` units away from the one containing `day`: [start, end)."""
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=count)
        return start, start + dt.timedelta(weeks=1)
    if unit == "month":
        idx = day.year * 12 + day.month - 1 + count
        start = dt.date(idx // 12, idx % 12 + 1, 1)
        nxt = idx + 1
        return start, dt.date(nxt // 12, nxt % 12 + 1, 1)
    if unit == "year":
        return dt.date(day.year + count, 1, 1), dt.date(day.year + count + 1, 1, 1)
    start = day + dt.timedelta(days=count)
    return start, start + DAY


def _coarse(start: dt.date, end: dt.date, precision: str, basis: str, expr: TimeExpr) -> ResolvedDate:
    s = dt.datetime.combine(start, dt.time())
    return ResolvedDate(start, s, dt.datetime.combine(end, dt.time()), precision, basis, expr)


def _shifted(day: dt.date, expr: TimeExpr) -> ResolvedDate:
    count = expr.count or 0
    if expr.unit == "day":
        target = day + dt.timedelta(days=count)
        start, end, precision = _span(target, expr)
        return ResolvedDate(target, start, end, precision, "relative", expr)
    unit = expr.unit or "day"
    weeks = {"week": 7, "month": 30, "year": 365}[unit]
    target = day + dt.timedelta(days=count * weeks)
    first, after = _period(target, unit, 0)
    return _coarse(first, after, unit, "relative", expr)


def _weekend(speaking: dt.date, expr: TimeExpr, future: bool) -> ResolvedDate:
    """A weekend: two named days, the span holding both, dated by the Sunday (the weekend's
    day nearest the report) but never after the speaking day unless it lies ahead.

    "Last weekend" (count -1) is the latest Saturday and Sunday before the speaking day (a
    Saturday's is the week before); "next weekend" (count 1) the coming one; "the weekend" /
    "akhir pekan ini" (count 0) the coming one in a sentence about the future, the current
    one on a Saturday or Sunday, else the latest."""
    weekday = speaking.weekday()
    if expr.count and expr.count > 0:
        saturday = speaking + dt.timedelta(days=(5 - weekday) % 7 or 7)
    elif expr.count == 0 and future and weekday < 5:
        saturday = speaking + dt.timedelta(days=5 - weekday)
    elif expr.count == 0 and weekday >= 5:
        saturday = speaking - dt.timedelta(days=weekday - 5)
    else:
        before = speaking - DAY
        saturday = before - dt.timedelta(days=(before.weekday() - 5) % 7)
    sunday = saturday + DAY
    point = sunday if sunday <= speaking or saturday > speaking else speaking
    start = dt.datetime.combine(saturday, dt.time())
    return ResolvedDate(point, start, start + 2 * DAY, "day", "relative", expr)


def resolve_expression(expr: TimeExpr, reference: dt.date | None, context: ResolvedDate | None,
                       speech: dt.date | None, future: bool, language: str) -> ResolvedDate | None:
    """The date an expression denotes, or None when nothing anchors it or the date is not a
    sane one (see is_sane_date)."""
    try:
        got = _resolve(expr, reference, context, speech, future, language)
    except (OverflowError, ValueError):  # arithmetic past the calendar's ends ("9,999 years ago")
        return None
    if got is not None and got.date is not None and not is_sane_date(got.date, reference):
        return None
    return got


def is_sane_date(day: dt.date, reference: dt.date | None) -> bool:
    """A date a story can tell: from the year MIN_YEAR to MAX_YEAR, and not more than a year
    after the article's reference date."""
    return MIN_YEAR <= day.year <= MAX_YEAR and (reference is None or day <= reference + MAX_AHEAD)


def _resolve(expr: TimeExpr, reference: dt.date | None, context: ResolvedDate | None,
             speech: dt.date | None, future: bool, language: str) -> ResolvedDate | None:
    ctx_day = context.date if context is not None and context.date is not None else reference
    coarse_ctx = context is not None and context.date is not None and context.precision in _COARSER_THAN_DAY
    anchor = reference or ctx_day
    speaking = speech or reference or ctx_day
    if expr.kind in ("explicit", "weekday"):
        if expr.day is not None and expr.month is not None:
            year = expr.year or _year_for(expr.day, expr.month, expr.weekday, anchor, future)
            if expr.year is None and year is None:
                return None
            day = _safe_date(year, expr.month, expr.day)
            if day is None:
                return None
            start, end, precision = _span(day, expr)
            if expr.days is not None:
                # A range of days: the first is the date, the span runs to the end of the last.
                last = _safe_date(day.year, day.month, expr.days[1])
                if last is None:
                    return None
                start, end, precision = dt.datetime.combine(day, dt.time()), dt.datetime.combine(last, dt.time()) + DAY, "day"
            return ResolvedDate(day, start, end, precision, "explicit", expr)
        if expr.weekday is None or anchor is None:
            return None
        if expr.count:
            # "Selasa pekan lalu", "Tuesday of next week": that weekday in the calendar week
            # `count` weeks from the reference day's (like any weekday, not from a quoted day).
            monday = anchor - dt.timedelta(days=anchor.weekday())
            day = monday + dt.timedelta(weeks=expr.count, days=expr.weekday)
            start, end, precision = _span(day, expr)
            return ResolvedDate(day, start, end, precision, "weekday", expr)
        day = _weekday_date(expr.weekday, anchor, future, expr.strictly_past)
        start, end, precision = _span(day, expr)
        return ResolvedDate(day, start, end, precision, "weekday", expr)
    if expr.kind == "month":
        assert expr.month is not None  # a month expression names its month
        year = expr.year
        if year is None:
            if anchor is None:
                return None
            year = anchor.year if expr.month <= anchor.month + 1 else anchor.year - 1
        month_start, month_end = _period(dt.date(year, expr.month, 1), "month", 0)
        if expr.days is not None:
            first_day, last_day = expr.days
            month_start = month_start.replace(day=first_day)
            month_end = min(month_end, month_start.replace(day=1) + dt.timedelta(days=last_day))
        return _coarse(month_start, month_end, "month", "explicit" if expr.year else "relative", expr)
    if expr.kind == "year":
        assert expr.year is not None  # a year expression names its year
        return _coarse(dt.date(expr.year, 1, 1), dt.date(expr.year + 1, 1, 1), "year", "explicit", expr)
    if expr.kind in ("deictic", "ago"):
        if speaking is None:
            return None
        if expr.kind == "ago" and expr.unit != "day":
            return _shifted(speaking, expr)
        return _shifted(speaking, replace(expr, unit="day"))
    if expr.kind == "period":
        if speaking is None:
            return None
        unit = expr.unit or "week"
        if unit == "weekend":
            return _weekend(speaking, expr, future)
        period_start, period_end = _period(speaking, unit, expr.count or 0)
        # "pekan lalu": the day a week before (inside the span, the whole calendar week);
        # a month or year is dated by its first day, like "Maret 2011".
        point = speaking + dt.timedelta(days=7 * (expr.count or 0)) if unit == "week" else period_start
        return ResolvedDate(point, dt.datetime.combine(period_start, dt.time()), dt.datetime.combine(period_end, dt.time()),
                            unit, "relative", expr)
    if context is not None and coarse_ctx and (expr.kind in ("next_day", "same_day", "clock", "part")
                                               or (expr.kind == "shift" and (expr.unit or "day") == "day")):
        # "the next day", "at 9 p.m." after a date known only to the week, month or year: that
        # period, never a made-up day ("235 years ago ... the next day" is not 2 January 1776).
        return ResolvedDate(context.date, context.start, context.end, context.precision, "relative", expr)
    if expr.kind in ("shift", "next_day", "same_day"):
        if ctx_day is None:
            return None
        count = expr.count or 0
        if expr.kind == "shift" and not expr.anaphoric:
            # "A sehari setelah B": the sentence reports B, one day before the A in context.
            count = -count
        return _shifted(ctx_day, replace(expr, count=count))
    if expr.kind == "earlier":
        # "sebelumnya": some time before the moment of speaking; the day before it is the
        # point estimate, the week before it the span.
        if speaking is None:
            return None
        end = dt.datetime.combine(speaking, dt.time())
        return ResolvedDate(speaking - DAY, end - dt.timedelta(days=7), end, "week", "relative", expr)
    if expr.kind in ("clock", "part"):
        if ctx_day is None:
            return None
        start, end, precision = _span(ctx_day, expr)
        return ResolvedDate(ctx_day, start, end, precision, "inherited", expr)
    return None


def statement_date(sentence: str, language: str, reference: dt.date | None,
                   context: ResolvedDate | None) -> dt.date | None:
    """The first explicit or weekday date in a sentence: when its statement was made."""
    for expr in find_time_expressions(sentence, language):
        if expr.kind in ("explicit", "weekday"):
            got = resolve_expression(expr, reference, context, None, is_future(sentence, language, expr.start), language)
            if got is not None:
                return got.date
    return None


def in_quotation(sentence: str, position: int) -> bool:
    """Whether `position` stands inside a quotation opened earlier in the sentence."""
    return sum(sentence[:position].count(q) for q in '"“”') % 2 == 1


def resolve_sentence(sentence: str, language: str, reference: dt.date | None,
                     context: ResolvedDate | None, speech: dt.date | None = None,
                     named_day_wins: bool = True) -> ResolvedDate | None:
    """The date of a sentence's first time expression that resolves, or None if it has none.

    With `named_day_wins`, a later named day outside quotations replaces a coarser first date
    (the caller turns it off for sentences with casualty figures: "Last year's floods killed
    100, the agency said Monday" keeps last year, and its toll stays off Monday's bar).

    `speech` is when the sentence was said, if known from elsewhere (a quotation's attribution);
    otherwise a date the sentence itself gives for the statement is used.
    """
    exprs = [e for e in find_time_expressions(sentence, language)
             if not starts_span(sentence, e, language) and not names_an_event(sentence, e, language)]
    if not exprs:
        return None
    for expr in ([] if speech is not None else exprs):
        if expr.kind in ("explicit", "weekday") and not in_quotation(sentence, expr.start):
            got = resolve_expression(expr, reference, context, None, is_future(sentence, language, expr.start), language)
            if got is not None:
                speech = got.date
                break
    # A named day (a date or weekday) wins over a coarser period told before it: "the bombing
    # ... last month, a newspaper reported Friday" is Friday; "In 1995, ... 16 days after"
    # stays 1995 (the day is relative to the period), and so does a day quoted in the sentence.
    first = None
    for expr in exprs:
        got = resolve_expression(expr, reference, context, speech, is_future(sentence, language, expr.start), language)
        if got is None:
            continue
        if first is None:
            first = got
            if got.precision in DAY_OR_FINER:
                return got
        elif (named_day_wins and expr.kind in ("explicit", "weekday") and got.precision in DAY_OR_FINER
              and not in_quotation(sentence, expr.start)):
            return got
    return first or ResolvedDate(None, None, None, None, "unknown", exprs[0])


DAY_OR_FINER = frozenset({"minute", "hour", "part_of_day", "day"})
_COARSER_THAN_DAY = frozenset({"week", "month", "year"})


def infer_reference(sentences: list[str], language: str) -> tuple[dt.date | None, str]:
    """The article's reference date from its own explicit dates, and how it was chosen.

    News style dates the latest events "Kamis (06/01/2022)": the latest explicit date
    attached to a weekday is taken (a year-less "Selasa (21/10)" counts when its weekday
    fits the year of the full dates), else the latest explicit full date; else none.
    """
    full: list[tuple[bool, dt.date, str]] = []
    yearless: list[TimeExpr] = []
    for text in sentences:
        for expr in find_time_expressions(text, language):
            if expr.kind not in ("explicit", "weekday") or expr.day is None:
                continue
            if expr.year is None:
                if expr.weekday is not None:
                    yearless.append(expr)
                continue
            day = _safe_date(expr.year, expr.month, expr.day)
            if day is not None:
                full.append((expr.weekday is not None, day, expr.text))
    if not full:
        return None, "none"
    best = max(full, key=lambda k: k[:2])
    if best[0]:
        for expr in yearless:
            assert expr.day is not None and expr.month is not None  # a weekday-and-date has both
            year = _year_for(expr.day, expr.month, expr.weekday, best[1])
            day = _safe_date(year, expr.month, expr.day) if year else None
            if day is not None and day.weekday() == expr.weekday and day > best[1]:
                best = (True, day, expr.text)
    return best[1], f'inferred from "{best[2].strip()}"'


def dateparser_dates(sentences: list[str], language: str, reference: dt.date | None) -> list[ResolvedDate]:
    """Dates for a language without resource files: the first date dateparser finds in each
    sentence (relative to the reference date), else the previous sentence's, else none."""
    import dateparser.search

    if language not in _dateparser_languages():
        return [UNKNOWN_DATE for _ in sentences]
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(reference, dt.time())
    out: list[ResolvedDate] = []
    last: ResolvedDate | None = None
    for text in sentences:
        try:
            found = dateparser.search.search_dates(text, languages=[language], settings=settings) or []
        except Exception:  # dateparser raises assorted errors on odd input
            found = []
        got = None
        for phrase, value in found:
            start = text.find(phrase)
            if reference is None and not regex.search(r"(?<!\d)\d{4}(?!\d)", phrase):
                continue  # no year and nothing to count from ("il y a 2 jours", "12 mars"): never the clock
            day = value.date()
            if not is_sane_date(day, reference):
                continue
            midnight = dt.datetime.combine(day, dt.time())
            expr = TimeExpr(phrase, start, start + len(phrase), "explicit" if any(c.isdigit() for c in phrase) else "deictic")
            got = ResolvedDate(day, midnight, midnight + DAY, "day",
                               "explicit" if expr.kind == "explicit" else "relative", expr)
            break
        if got is not None:
            last = got
            out.append(got)
        elif last is not None:
            out.append(last.inherited())
        else:
            out.append(reference_day(reference))
    return out

