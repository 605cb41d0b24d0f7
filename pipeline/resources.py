"""Per-language resource files (pipeline/resources/<lang>/*.yaml): loaded once, and validated
when loaded against the declared shape of each file (SPEC below).

A file must hold every key its spec declares and no other, each of the declared type, with no
entry twice (a phrase listed twice, a mapping key given twice, an alias in two groups): a
misspelled key is an error naming the file and the key, never a rule silently switched off.
A language may lack a whole file; its keys then read as empty.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

RESOURCE_DIR = Path(__file__).parent / "resources"
COMMON = "common"  # the folder of files shared by all languages (not a language)


@functools.cache
def supported_languages() -> tuple[str, ...]:
    """Languages that have a resource folder (read once per process)."""
    return tuple(sorted(p.name for p in RESOURCE_DIR.iterdir() if p.is_dir() and p.name != COMMON))


class ResourceError(ValueError):
    """A resource file that breaks its declared shape; the message names the file and every
    key at fault."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml when PyYAML has it: 10x faster
    """YAML 1.1 reads `no`, `on` and `yes` as booleans: here only true/false are booleans.
    A mapping that gives a key twice is an error (YAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", regex.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# --- The declared shape of each file -------------------------------------------------------

class _Shape:
    """A value's declared shape: `problems` lists what is wrong with a value (empty: none)."""

    def empty(self) -> Any:
        """The value a key of this shape has when its language lacks the whole file."""
        return None

    def problems(self, value: Any, where: str) -> Iterator[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class _Scalar(_Shape):
    kind: type
    choices: tuple[Any, ...] = ()
    low: int | None = None
    high: int | None = None
    optional: bool = False  # null allowed

    def empty(self) -> Any:
        return {str: "", bool: False, int: 0}[self.kind]

    def problems(self, value: Any, where: str) -> Iterator[str]:
        if value is None and self.optional:
            return
        if type(value) is not self.kind:
            yield f"{where}: {value!r} is not a {self.kind.__name__}"
        elif self.choices and value not in self.choices:
            yield f"{where}: {value!r} is not one of {', '.join(map(str, self.choices))}"
        elif isinstance(value, int) and ((self.low is not None and value < self.low)
                                         or (self.high is not None and value > self.high)):
            yield f"{where}: {value!r} is not between {self.low} and {self.high}"


def _key(value: Any) -> Any:
    return normalise(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class _Words(_Shape):
    """A list of phrases (compared as lower case with white space folded: none twice)."""

    patterns: bool = False  # regular expressions, which must compile
    exact: bool = False  # compared as they are (" 's" and "'s" differ)

    def empty(self) -> Any:
        return []

    def problems(self, value: Any, where: str) -> Iterator[str]:
        if not isinstance(value, list):
            yield f"{where}: not a list"
            return
        seen: set[str] = set()
        for i, item in enumerate(value):
            if not isinstance(item, str):
                yield f"{where}[{i}]: {item!r} is not a string"
                continue
            key = item if self.patterns or self.exact else normalise(item)
            if key in seen:
                yield f"{where}: {item!r} is listed twice"
            seen.add(key)
            if self.patterns:
                try:
                    regex.compile(item)
                except regex.error as exc:
                    yield f"{where}[{i}]: not a valid pattern ({exc})"


@dataclass(frozen=True)
class _Tuple(_Shape):
    """A short list of given shapes by position (the last ones may be left out)."""

    items: tuple[_Shape, ...]
    required: int | None = None  # how many must be given (default: all)

    def problems(self, value: Any, where: str) -> Iterator[str]:
        need = len(self.items) if self.required is None else self.required
        if not isinstance(value, list) or not need <= len(value) <= len(self.items):
            yield f"{where}: {value!r} is not a list of {need}" + (f" to {len(self.items)}" if need < len(self.items) else "") + " items"
            return
        for i, (item, shape) in enumerate(zip(value, self.items, strict=False)):  # the last items may be left out
            yield from shape.problems(item, f"{where}[{i}]")


@dataclass(frozen=True)
class _Record(_Shape):
    """A mapping of declared keys (all required unless listed in `optional`)."""

    fields: dict[str, _Shape]
    optional: frozenset[str] = frozenset()

    def empty(self) -> Any:
        return {k: s.empty() for k, s in self.fields.items() if k not in self.optional}

    def problems(self, value: Any, where: str) -> Iterator[str]:
        if not isinstance(value, dict):
            yield f"{where}: not a mapping"
            return
        prefix = f"{where}: " if where else ""
        for key in value:
            if key not in self.fields:
                close = difflib.get_close_matches(str(key), list(self.fields), n=1)
                yield f"{prefix}{key!r}: unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
        for key, shape in self.fields.items():
            if key in value:
                yield from shape.problems(value[key], f"{prefix}{key}" if not where else f"{where}.{key}")
            elif key not in self.optional:
                yield f"{prefix}{key}: missing key"


@dataclass(frozen=True)
class _Mapping(_Shape):
    """A mapping of words (none twice, compared as phrases) to values of one shape; with
    `unique_values`, the values are lists of words, and no word is in two lists."""

    value: _Shape
    unique_values: bool = False

    def empty(self) -> Any:
        return {}

    def problems(self, value: Any, where: str) -> Iterator[str]:
        if not isinstance(value, dict):
            yield f"{where}: not a mapping"
            return
        seen: dict[Any, Any] = {}
        owner: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                yield f"{where}: key {key!r} is not a string"
            elif _key(key) in seen:
                yield f"{where}: {key!r} and {seen[_key(key)]!r} are the same key"
            seen.setdefault(_key(key), key)
            yield from self.value.problems(item, f"{where}.{key}")
            if self.unique_values and isinstance(item, list):
                for word in item:
                    if isinstance(word, str) and normalise(word) in owner and owner[normalise(word)] != key:
                        yield f"{where}: {word!r} is in both {owner[normalise(word)]!r} and {key!r}"
                    elif isinstance(word, str):
                        owner[normalise(word)] = key


@dataclass(frozen=True)
class _CueRows(_Shape):
    """Rows [type, sub-type, [cue words]]: no cue twice in a row, nor in two rows of the same
    role. The statement rows are a role of their own: a cue of another type may also be a
    reporting verb ("announced": a policy change, and a statement when dating)."""

    def empty(self) -> Any:
        return []

    def problems(self, value: Any, where: str) -> Iterator[str]:
        if not isinstance(value, list):
            yield f"{where}: not a list"
            return
        owner: dict[tuple[bool, str], int] = {}
        for i, row in enumerate(value):
            yield from _Tuple((STR, STR, WORDS)).problems(row, f"{where}[{i}]")
            if not (isinstance(row, list) and len(row) == 3 and isinstance(row[2], list)):
                continue
            for word in {normalise(w) for w in row[2] if isinstance(w, str)}:
                key = (row[0] == "statements", word)
                if key in owner:
                    yield f"{where}: {word!r} is in row {owner[key]} ({value[owner[key]][1]}) and row {i} ({row[1]})"
                owner.setdefault(key, i)


STR, BOOL, INT = _Scalar(str), _Scalar(bool), _Scalar(int)
WORDS, PATTERNS = _Words(), _Words(patterns=True)
_INT_PAIR = _Tuple((INT, INT))
_SIDES = _Record({"left": WORDS, "right": WORDS})


def _record(**fields: _Shape) -> _Record:
    return _Record(fields)


def _words(*names: str) -> dict[str, _Shape]:
    return dict.fromkeys(names, WORDS)


SPEC: dict[str, _Shape] = {
    "actors": _record(
        groups=_Mapping(WORDS, unique_values=True), victim_groups=_Mapping(WORDS, unique_values=True),
        translations=_Mapping(STR), national_groups=_Mapping(STR), sole_person_groups=_Mapping(WORDS),
        national_order=_Scalar(str, choices=("before", "after")),
        **_words("person_titles", "reporter_titles", "media_heads", "org_kind_heads", "org_heads", "not_actor_after", "name_introducers",
                 "pronouns", "agent_markers", "place_prepositions", "place_heads", "not_names", "plural_markers",
                 "plural_markers_after", "verb_prefixes", "verb_suffixes", "verbs", "modifier_groups", "subject_openers", "coordinators")),
    "casualties": _record(
        killed=_SIDES, injured=_SIDES, missing=_SIDES, displaced=_SIDES, affected=_SIDES, rescued=_SIDES,
        singular_killed=PATTERNS, none_killed=PATTERNS, none_injured=PATTERNS, headline_killed=PATTERNS,
        **_words("bridge_words", "at_least", "more_than", "at_most", "approximately", "exact", "others_words",
                 "not_people", "not_people_before", "not_casualty", "total_words", "reach_words", "reach_after_cue_words",
                 "toll_words", "toll_after_words", "projected_words", "part_of_words", "aside_openers", "subset_words",
                 "plural_words", "deployment_words", "clock_words", "people_nouns", "clause_openers", "name_joiners")),
    "dates": _record(
        weekdays=_Mapping(_Scalar(int, low=0, high=6)), months=_Mapping(_Scalar(int, low=1, high=12)),
        parts_of_day=_Mapping(_INT_PAIR), month_parts=_Mapping(_INT_PAIR),
        deictic=_Mapping(_Record({"days": INT, "part": STR, "overnight": BOOL}, optional=frozenset({"part", "overnight"}))),
        units=_Mapping(_Scalar(str, choices=("day", "week", "month", "year"))),
        unit_words=_Mapping(_Tuple((INT, _Scalar(str, choices=("day", "week", "month", "year"))))),
        previous_period=_Mapping(STR), weekday_week_offsets=_Mapping(INT),
        anaphoric_suffix=STR, numeric_order=_Scalar(str, choices=("dmy", "mdy")), yearless_numeric=BOOL,
        month_first_dates=BOOL, possessive_marks=_Words(exact=True),
        **_words("case_sensitive_weekdays", "case_sensitive_months", "clock_markers", "time_zones", "not_time", "ago_words",
                 "after_words", "before_words", "anaphora_markers", "next_day", "same_day", "earlier", "future_markers",
                 "since_words", "span_words", "habitual_markers", "year_markers", "day_word", "month_word", "approximately",
                 "part_suffixes", "merge_gap_words", "forward_words", "weekday_past", "weekday_past_before",
                 "flashback_markers", "incident_anchors", "now_openers", "day_range_words", "after_event_openers",
                 "pm_suffixes", "am_suffixes", "possessive_after", "code_words")),
    "event_types": _record(cues=_CueRows(), **_words("not_speech", "reported_clause_words")),
    "numbers": _record(
        units=_Mapping(INT), multipliers=_Mapping(INT), scale_words=_Mapping(INT), collective=_Mapping(INT),
        vague=_Mapping(_Tuple((INT, _Scalar(int, optional=True)))), teen_word=STR, thousands_separator=STR,
        decimal_mark=STR,
        **_words("ordinal_after", "word_joiners", "range_openers", "range_joiners", "range_joiners_alone")),
    "places": _record(
        countries=_Mapping(STR), demonyms=_Mapping(STR), places=_Mapping(_Tuple((STR, _Scalar(str, optional=True), STR), required=2)),
        demonyms_from_common=BOOL, names_around_cities=BOOL,
        **_words("not_places", "name_particles", "seat_words", "former_words", "person_markers", "place_affixes",
                 "worldwide_words", "speech_words")),
    "text": _record(dateline_lines=PATTERNS, boilerplate_lines=PATTERNS, comment_markers=PATTERNS,
                    **_words("abbreviations", "marker_words")),
    "timex": _record(duration_units=_Mapping(_Tuple((STR, INT), required=1)),
                     **_words("present_ref", "vague_counts", "duration_prefixes", "one_words")),
    # Shared by all languages: ISO 3166 code -> a short English name; -> [adjective, plural].
    "country_names": _Mapping(STR),
    "demonyms": _Mapping(_Tuple((STR, STR))),
    "actor_aliases": _Mapping(WORDS),
    "news_outlets": _record(**_words("outlets")),
}
COMMON_FILES = ("country_names", "demonyms", "actor_aliases", "news_outlets")


class ResourceFile(dict):
    """A validated resource file: every declared key is present, and asking for a key the
    spec does not declare is an error (a misspelled key in the code fails loudly too)."""

    def __init__(self, path: Path, shape: _Shape, values: dict):
        super().__init__(values)
        self.path = path
        self._declared = frozenset(shape.fields) if isinstance(shape, _Record) else None

    def _check(self, key: object) -> None:
        if self._declared is not None and key not in self._declared:
            raise KeyError(f"{_shown(self.path)}: {key!r} is not a key of this file (see resources.SPEC)")

    def __getitem__(self, key):
        self._check(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._check(key)
        return super().get(key, default)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(RESOURCE_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def read_resource_file(path: Path, name: str) -> ResourceFile:
    """Read and validate one resource file against SPEC[name]; raises ResourceError naming
    the file and every key at fault."""
    if name not in SPEC:
        raise ResourceError(f"{_shown(path)}: not a known resource file (known: {', '.join(sorted(SPEC))})")
    shape = SPEC[name]
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ResourceError(f"{_shown(path)}: not valid YAML ({exc})") from None
    if data is None:
        data = {}
    problems = list(shape.problems(data, ""))
    if problems:
        raise ResourceError(f"{_shown(path)}: " + "; ".join(problems))
    return ResourceFile(path, shape, data)


@functools.cache
def load(language: str, name: str) -> ResourceFile:
    """The validated resource file `<language>/<name>.yaml` (each key empty when the language
    lacks the file)."""
    path = RESOURCE_DIR / language / f"{name}.yaml"
    if name not in SPEC:
        raise ResourceError(f"{_shown(path)}: not a known resource file (known: {', '.join(sorted(SPEC))})")
    if not path.exists():
        return ResourceFile(path, SPEC[name], SPEC[name].empty() or {})
    return read_resource_file(path, name)


def check_all() -> list[str]:
    """Every problem of every resource file on disk (an unknown file name included)."""
    problems = []
    for path in sorted(RESOURCE_DIR.rglob("*.yaml")):
        expected = COMMON_FILES if path.parent.name == COMMON else tuple(n for n in SPEC if n not in COMMON_FILES)
        if path.stem not in expected:
            problems.append(f"{_shown(path)}: not a known resource file here (known: {', '.join(expected)})")
            continue
        try:
            read_resource_file(path, path.stem)
        except ResourceError as exc:
            problems.append(str(exc))
    return problems


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
