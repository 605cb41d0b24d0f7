"""Numbers in text: digits with Indonesian separators, number words, vague quantities."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .. import resources


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a sentence: [low, high] (high None = open); offsets in the sentence."""

    text: str
    start: int
    end: int
    low: int
    high: int | None
    vague: bool = False


@dataclass(frozen=True)
class _Numbers:
    units: dict[str, int]
    teen: str
    multipliers: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, tuple[int, int | None]]
    thousands: str
    decimal: str
    pattern: regex.Pattern
    collective: regex.Pattern
    collective_values: dict[str, int]
    ordinal_after: frozenset[str]
    word_token: regex.Pattern
    range_openers: regex.Pattern
    range_joiners: frozenset[str]
    range_alone: frozenset[str]
    # What `pattern` and `collective` cannot match without (resources.key_letter_runs of their
    # words; None: no such test): most sentences have no digit and no number word.
    pattern_keys: frozenset[str] | None = None
    collective_keys: frozenset[str] | None = None


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def numbers(language: str) -> _Numbers:
    """The compiled number vocabulary of a language."""
    r = resources.load(language, "numbers")
    units = {k.lower(): int(v) for k, v in (r['units']).items()}
    teen = (r["teen_word"]).lower()
    mults = {k.lower(): int(v) for k, v in (r['multipliers']).items()}
    scales = {k.lower(): int(v) for k, v in (r['scale_words']).items()}
    vague = {k.lower(): (int(v[0]), None if v[1] is None else int(v[1])) for k, v in (r['vague']).items()}
    thousands = r["thousands_separator"]
    decimal = r["decimal_mark"]
    word_units = [w for w in units if w != "se"]
    word_list = word_units + ([teen] if teen else []) + list(mults) + list(scales)
    word = "|".join(r"\s+".join(regex.escape(p) for p in w.split())
                    for w in sorted(set(word_list), key=len, reverse=True))
    joiners = [str(j) for j in r["word_joiners"]]
    big = _alt([w for w, v in {**mults, **scales}.items() if v >= 100])
    sep = r"\s+"
    if "-" in joiners:
        sep = r"(?:\s+|-)"
    word_joined = [rf"{sep}(?:{word})"]
    for j in joiners:
        if j != "-" and big:
            word_joined.append(rf"(?<=(?:{big}))\s+{regex.escape(j)}\s+(?:{word})")
    ts, dm = regex.escape(thousands), regex.escape(decimal)
    digits = rf"\d{{1,3}}(?:{ts}\d{{3}})+(?:{dm}\d+)?|\d+(?:{dm}\d+)?"
    scale = _alt(scales) or "(?!x)x"
    # A number glued to a caret or exponent ("10^400", "1e308") is notation, not a count.
    pattern = regex.compile(
        rf"(?<![\w.,/:^-])(?:(?P<rlow>\d{{1,3}}(?:{ts}\d{{3}})*)\s*[-–]\s*(?P<rhigh>{digits})"
        rf"|(?P<digits>{digits})(?:\s+(?P<dscale>{scale}))?"
        rf"|(?P<vague>{_alt(vague) or '(?!x)x'})(?:\s+(?P<vscale>{scale}))?"
        rf"|(?P<words>(?:{word})(?:{'|'.join(word_joined)})*))(?![\w/^-]|[.,]\d)",
        regex.IGNORECASE,
    )
    collective = {k.lower(): int(v) for k, v in (r['collective']).items()}
    units = {resources.normalise(k): v for k, v in units.items()}
    return _Numbers(units, teen, mults, scales, vague, thousands, decimal, pattern,
                    resources.phrase_regex(collective), collective,
                    frozenset(resources.normalise(w) for w in r["ordinal_after"]),
                    regex.compile(rf"(?<!\w)(?:{word})(?!\w)", regex.IGNORECASE),
                    regex.compile(rf"(?<![\w-])(?:{_alt(r['range_openers']) or '(?!x)x'})\s*$", regex.IGNORECASE),
                    frozenset(str(w).lower() for w in r["range_joiners"]),
                    frozenset(str(w).lower() for w in r["range_joiners_alone"]),
                    resources.key_letter_runs([*word_list, *vague]),
                    resources.key_letter_runs(collective))


# More digits than any count has (a trillion has 13): a code, an ID or a run of nines.
MAX_DIGITS = 13


def _digits_value(text: str, nums: _Numbers) -> float | None:
    t = text.replace(nums.thousands, "") if nums.thousands else text
    t = t.replace(nums.decimal, ".")
    if len(t.split(".")[0]) > MAX_DIGITS:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _words_value(words: list[str], nums: _Numbers) -> int | None:
    total, hundreds, small, seen = 0, 0, 0, False
    for w in words:
        w = w.lower()
        if w in nums.units:
            v = nums.units[w]
            if v >= 1000:
                total += (hundreds + small or 1) * v if (hundreds or small) else v
                hundreds, small = 0, 0
            elif v >= 100:
                hundreds += v
            else:
                small += v
            seen = True
        elif nums.teen and w == nums.teen:
            if not small:
                return None
            small += 10
        elif w in nums.multipliers:
            if not small:
                return None
            mult = nums.multipliers[w]
            if mult >= 100:
                hundreds += small * mult
                small = 0
            else:
                small *= mult
        elif w in nums.scales:
            total += (hundreds + small or 1) * nums.scales[w]
            hundreds, small = 0, 0
            seen = True
        else:
            return None
    return total + hundreds + small if seen else None


def parse_count(text: str, language: str) -> int | None:
    """An exact count from digits or number words ("1.200", "dua belas", "tiga ratus")."""
    nums = numbers(language)
    m = nums.pattern.fullmatch(text.strip())
    if not m:
        return None
    q = _quantity(m, nums)
    return q.low if q is not None and q.high == q.low else None


def _quantity(m: regex.Match, nums: _Numbers) -> Quantity | None:
    text = m.group(0)
    if m.group("rhigh"):
        # "10-15", "45-50,000" (the thousands of the second go with the first: 45,000 to 50,000)
        low, high = _digits_value(m.group("rlow"), nums), _digits_value(m.group("rhigh"), nums)
        if low is None or high is None or low != int(low) or high != int(high) or high > 10**12:
            return None
        if low < 1000 <= high and high % 1000 == 0 and high // 10 <= low * 1000 <= high:
            low *= 1000
        if low >= high:
            return None  # a score, a code ("3-1"): no range of people
        return Quantity(text, m.start(), m.end(), int(low), int(high), vague=True)
    if m.group("digits"):
        value = _digits_value(m.group("digits"), nums)
        if value is None:
            return None
        if m.group("dscale"):
            value *= nums.scales[m.group("dscale").lower()]
        if value != int(value) or value > 10**12:
            return None
        return Quantity(text, m.start(), m.end(), int(value), int(value))
    if m.group("vague"):
        low, high = nums.vague[m.group("vague").lower()]
        if m.group("vscale"):
            mult = nums.scales[m.group("vscale").lower()]
            low, high = low * mult, None if high is None else (high + 1) * mult - 1
        return Quantity(text, m.start(), m.end(), low, high, vague=True)
    words = [resources.normalise(t.group(0)) for t in nums.word_token.finditer(m.group("words"))]
    # Trailing multiplier words without a number ("ribu" alone) are not counts.
    value = _words_value(words, nums)
    if value is None:
        return None
    return Quantity(text, m.start(), m.end(), value, value)


_NEXT_IS_WORD = regex.compile(r"\s+\p{L}")
_ANY_DIGIT = regex.compile(r"\d")


def find_quantities(sentence: str, language: str) -> list[Quantity]:
    """Every quantity in a sentence, left to right ("kedua pilot" counts two; "hari kedua" not)."""
    nums = numbers(language)
    out = []
    if _ANY_DIGIT.search(sentence) is not None or resources.may_contain(nums.pattern_keys, sentence):
        for m in nums.pattern.finditer(sentence):
            q = _quantity(m, nums)
            if q is not None:
                out.append(q)
    if resources.may_contain(nums.collective_keys, sentence):
        for m in nums.collective.finditer(sentence):
            prev = resources.normalise(resources.previous_word(sentence, m.start())).strip(",.")
            if prev in nums.ordinal_after or not _NEXT_IS_WORD.match(sentence, m.end()):
                continue
            value = nums.collective_values[resources.normalise(m.group(0))]
            out.append(Quantity(m.group(0), m.start(), m.end(), value, value))
    out.sort(key=lambda q: q.start)
    return _ranges(sentence, out, nums)


def _ranges(sentence: str, found: list[Quantity], nums: _Numbers) -> list[Quantity]:
    """Join "between 100,000 and 200,000", "10 to 15", "two or three" into one range."""
    if not nums.range_joiners:
        return found
    out: list[Quantity] = []
    k = 0
    while k < len(found):
        q = found[k]
        if k + 1 < len(found):
            nxt = found[k + 1]
            joiner = sentence[q.end:nxt.start].strip().lower()
            opener = nums.range_openers.search(sentence, max(0, q.start - 20), q.start)
            if joiner in nums.range_alone or (opener and joiner in nums.range_joiners):
                high = nxt.high if nxt.high is not None else nxt.low
                if high is not None and high > q.low:
                    start = opener.start() if opener else q.start
                    out.append(Quantity(sentence[start:nxt.end], start, nxt.end, q.low, high, vague=True))
                    k += 2
                    continue
        out.append(q)
        k += 1
    return out
