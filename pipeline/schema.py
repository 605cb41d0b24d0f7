"""The tables and vocabularies, declared once: every other module refers to columns here.

pandas and pandera are imported when a table is made or checked, not with the vocabularies:
the per-article step (what --jobs worker processes run) reads only these, and a build checks
its rows with check_event_rows, made from the same declared rules as the pandera schema, and
writes JSONL without making a table (see pipeline.build).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

DATE_PRECISIONS = ("minute", "hour", "part_of_day", "day", "week", "month", "year")
# The years a date (an event's or a publication's) can have: before 1000 no news source names a
# day, and past 2999 nothing has happened yet; no date arithmetic then comes near the
# calendar's ends (years 1 and 9999).
MIN_YEAR, MAX_YEAR = 1000, 2999
DATE_BASES = ("explicit", "relative", "weekday", "inherited", "reference", "corpus", "unknown")
# What a sentence's casualty figures count: one incident, a running total to date ("the death
# toll rose to 15"), or a projection ("will be between 100,000 and 200,000 dead").
CASUALTY_SCOPES = ("incident", "toll", "projected")
# How a sentence got its event type: its own cue words, or (a sentence that only tells
# casualties, "Sedikitnya 12 orang tewas") the type of the event told before it; none: other.
EVENT_TYPE_BASES = ("cue", "context", "none")

# ACLED's six political-violence types, plus disasters, accidents, statements/reports,
# and "other" for sentences with no cue. Keys are stable identifiers; values are labels.
EVENT_TYPES: dict[str, str] = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
    "disasters": "Disasters",
    "accidents": "Accidents",
    "statements": "Statements/Reports",
    "other": "Other",
}
# The types whose events leave dead and injured (a bare toll belongs to the nearest of these;
# incidents are made of them).
HARMFUL_EVENT_TYPES = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians", "protests",
                                 "riots", "disasters", "accidents"})
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "battles": ("armed_clash",),
    "explosions_remote_violence": (
        "air_drone_strike", "shelling_artillery_missile", "suicide_bomb", "remote_explosive",
    ),
    "violence_against_civilians": ("attack", "abduction"),
    "protests": ("peaceful_protest", "protest_with_intervention"),
    "riots": ("violent_demonstration", "mob_violence"),
    "strategic_developments": (
        "arrests", "agreement", "state_of_emergency", "deployment", "policy_change",
        "disruption", "search_and_rescue",
    ),
    "disasters": (
        "flood", "landslide", "earthquake", "tsunami", "volcanic_eruption", "storm", "fire",
    ),
    "accidents": ("air_crash", "rail_accident", "maritime_accident", "road_accident"),
    "statements": ("statement", "report"),
    "other": ("other",),
}

# Column -> pandas dtype. Dates are ISO strings: `date` is YYYY-MM-DD; date_start and
# date_end are naive local datetimes YYYY-MM-DDTHH:MM:SS bounding the event, end exclusive.
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "article_id": "string",
    "story_id": "string",
    "article_title": "string",
    "article_source": "string",
    "article_url": "string",
    "article_path": "string",
    "sentence_index": "Int64",
    "paragraph_index": "Int64",
    "sentence": "string",
    "sentence_start": "Int64",
    "sentence_end": "Int64",
    "language": "string",
    "reference_date": "string",
    "reference_basis": "string",
    "date": "string",
    "date_start": "string",
    "date_end": "string",
    "date_precision": "string",
    "date_basis": "string",
    "background": "boolean",
    "time_expression": "string",
    "time_expression_start": "Int64",
    "time_expression_end": "Int64",
    "event_type": "string",
    "sub_event_type": "string",
    "event_type_basis": "string",
    "actors": "object",
    "cited": "object",
    "location": "string",
    "country": "string",
    "killed_min": "Int64",
    "killed_max": "Int64",
    "injured_min": "Int64",
    "injured_max": "Int64",
    "missing_min": "Int64",
    "missing_max": "Int64",
    "displaced_min": "Int64",
    "displaced_max": "Int64",
    "affected_min": "Int64",
    "affected_max": "Int64",
    "rescued_min": "Int64",
    "rescued_max": "Int64",
    "casualty_text": "string",
    "victims": "string",
    "casualty_scope": "string",
}

SKIPPED_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "article_path": "string",
    "sentence_index": "Int64",
    "sentence": "string",
    "sentence_start": "Int64",
    "sentence_end": "Int64",
    "reason": "string",
}

# One record per real-world incident (pipeline.corpus.incidents): its mentions in all articles,
# why they were merged, and its reconciled killed and injured figures (UCDP low / best / high,
# each with the event whose sentence gives it), and the figures left out as implausible.
INCIDENT_COLUMNS: dict[str, str] = {
    "incident_id": "string",
    "event_type": "string",
    "sub_event_type": "string",
    "date": "string",
    "date_end": "string",
    "country": "string",
    "location": "string",
    "focus": "boolean",
    "actors": "object",
    "victims": "string",
    "mentions": "Int64",
    "articles": "Int64",
    "sources": "object",
    "event_ids": "object",
    "merge_reasons": "object",
    "killed_low": "Int64",
    "killed_best": "Int64",
    "killed_high": "Int64",
    "killed_low_event": "string",
    "killed_best_event": "string",
    "killed_high_event": "string",
    "injured_low": "Int64",
    "injured_best": "Int64",
    "injured_high": "Int64",
    "injured_low_event": "string",
    "injured_best_event": "string",
    "injured_high_event": "string",
    "flags": "object",
    "first_sentence": "string",
}
INCIDENT_REQUIRED = frozenset({"incident_id", "event_type", "sub_event_type", "date", "date_end", "focus", "actors",
                               "mentions", "articles", "sources", "event_ids", "merge_reasons", "flags"})

SKIP_REASONS = ("boilerplate", "dateline", "no_words", "duplicate_in_article", "reader_comments", "too_long",
                "over_limit")

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"

# The events table's rules, as data: both checkers below are made from them (the pandera
# schema for tables, check_event_rows for the rows a build writes without making a table).
EVENT_REQUIRED = frozenset({
    "event_id", "article_id", "sentence_index", "sentence", "sentence_start", "sentence_end",
    "language", "reference_basis", "date_basis", "background", "event_type", "sub_event_type", "event_type_basis",
    "actors", "cited",
})
EVENT_PATTERNS: dict[str, str] = {  # column -> the pattern its values match
    "date": _ISO_DATE,
    "reference_date": _ISO_DATE,
    "date_start": _ISO_DATETIME,
    "date_end": _ISO_DATETIME,
}
EVENT_VOCABULARIES: dict[str, tuple[str, ...]] = {  # column -> its allowed values
    "date_precision": DATE_PRECISIONS,
    "date_basis": DATE_BASES,
    "event_type": tuple(EVENT_TYPES),
    "sub_event_type": tuple(s for v in SUB_EVENT_TYPES.values() for s in v),
    "casualty_scope": CASUALTY_SCOPES,
    "event_type_basis": EVENT_TYPE_BASES,
}
EVENT_UNIQUE = "event_id"
# Each figure is a range: <kind>_min <= <kind>_max, and no minimum below 0.
CASUALTY_KINDS = ("killed", "injured", "missing", "displaced", "affected", "rescued")
# The kinds that count harm (a chart of casualties); the others are humanitarian figures.
HARM_KINDS = ("killed", "injured", "missing")


def states_figure(row, kind: str) -> bool:
    """Whether an event row states a `kind` figure: a range with a number, not the 0..0 of "no
    one was killed" (shown on the event, never counted)."""
    low, high = row.get(f"{kind}_min"), row.get(f"{kind}_max")
    if low is None and high is None:
        return False
    return not (low in (0, None) and high == 0)
_RANGE_ERROR = "casualty min > max or negative"


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def coerce(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Columns in declared order and dtype (missing ones added empty)."""
    import pandas as pd

    out = {}
    for col, dtype in columns.items():
        series = frame[col] if col in frame else pd.Series([None] * len(frame), index=frame.index)
        out[col] = series.astype(dtype) if dtype != "object" else series.astype(object)
    return pd.DataFrame(out, index=frame.index)


def _range_ok(df: pd.DataFrame) -> pd.Series:
    import pandas as pd

    ok = pd.Series(True, index=df.index)
    for kind in CASUALTY_KINDS:
        lo, hi = df[f"{kind}_min"], df[f"{kind}_max"]
        ok &= ~(lo.notna() & hi.notna() & (lo > hi)).fillna(False)
        ok &= ~(lo < 0).fillna(False)
    return ok


@functools.lru_cache(maxsize=1)
def event_schema() -> pa.DataFrameSchema:
    """The events table's pandera schema (built once, on first use)."""
    import pandera.pandas as pa

    def checks(column: str) -> list[pa.Check]:
        if column in EVENT_PATTERNS:
            return [pa.Check.str_matches(EVENT_PATTERNS[column])]
        if column in EVENT_VOCABULARIES:
            return [pa.Check.isin(EVENT_VOCABULARIES[column])]
        return []

    cols = {
        c: pa.Column(t if t != "object" else None, nullable=c not in EVENT_REQUIRED, checks=checks(c))
        for c, t in EVENT_COLUMNS.items()
    }
    return pa.DataFrameSchema(
        cols,
        checks=[pa.Check(_range_ok, error=_RANGE_ERROR)],
        unique=[EVENT_UNIQUE],
        strict=True,
        ordered=True,
    )


class SchemaViolation(ValueError):
    """Rows that break the declared table: the message lists every problem found."""


# The Python type of each declared dtype's values in a row ("object": any value).
_ROW_TYPES = {"string": str, "Int64": int, "boolean": bool}


def check_rows(rows: list[dict], columns: dict[str, str], *, required: frozenset[str] = frozenset(),
               patterns: dict[str, str] | None = None, vocabularies: dict[str, tuple[str, ...]] | None = None,
               unique: str | None = None, ranges: tuple[str, ...] = ()) -> list[str]:
    """Every problem of plain rows against a declared table, without making the table: the
    rules its pandera schema checks, and stricter on form, as the rows are written as they
    are. A row holds the columns in declared order; a value is None or of its column's type (a
    string, an int that is not a bool: no float or flag a table would quietly convert);
    `ranges` names the figures whose <kind>_min <= <kind>_max and <kind>_min >= 0."""
    problems: list[str] = []
    names = tuple(columns)

    def report(what: str, bad: list[int], values: Sequence) -> None:
        if bad:
            problems.append(f"{what}: {len(bad)} row(s), first row {bad[0]} ({values[bad[0]]!r})")

    if not all(map(names.__eq__, map(tuple, rows))):
        i = next(i for i, row in enumerate(rows) if tuple(row) != names)
        return [f"row {i} has columns {list(rows[i])}, not the declared {list(names)}"]
    # Column by column (the rows turned into columns at C speed: a build checks every row).
    table = dict(zip(names, zip(*map(itemgetter(*names), rows), strict=True), strict=True)) if rows else {n: () for n in names}
    for name, dtype in columns.items():
        values = table[name]
        kind = _ROW_TYPES.get(dtype)
        if kind is not None and not set(map(type, values)) <= {kind, type(None)}:
            report(f"{name}: not {dtype}", [i for i, v in enumerate(values) if v is not None and type(v) is not kind], values)
            continue  # its other rules assume the type (and hashable values)
        if name in required and None in values:
            report(f"{name}: missing", [i for i, v in enumerate(values) if v is None], values)
        if patterns and name in patterns:
            match = re.compile(patterns[name]).match
            present = set(values) - {None}
            if not all(isinstance(v, str) and match(v) for v in present):
                report(f"{name}: does not match {patterns[name]}",
                       [i for i, v in enumerate(values) if isinstance(v, str) and not match(v)], values)
        if vocabularies and name in vocabularies:
            allowed = frozenset(vocabularies[name]) | {None}
            if not set(values) <= allowed:
                report(f"{name}: not one of {', '.join(vocabularies[name])}",
                       [i for i, v in enumerate(values) if v not in allowed], values)
        if name == unique and len(set(values)) < len(values):
            seen: set = set()
            repeats = []
            for i, v in enumerate(values):
                if v in seen:
                    repeats.append(i)
                seen.add(v)
            report(f"{name}: not unique", repeats, values)
    for figure in ranges:
        pairs = list(zip(table[f"{figure}_min"], table[f"{figure}_max"], strict=True))
        bad = [i for i, (lo, hi) in enumerate(pairs)
               if type(lo) is int and ((type(hi) is int and lo > hi) or lo < 0)]
        report(f"{figure}: {_RANGE_ERROR}", bad, pairs)
    return problems


def check_event_rows(rows: list[dict]) -> None:
    """Raise SchemaViolation when event rows break the events table's rules (the same rules
    as event_schema, checked on the rows a build writes: no pandas or pandera needed)."""
    problems = check_rows(rows, EVENT_COLUMNS, required=EVENT_REQUIRED, patterns=EVENT_PATTERNS,
                          vocabularies=EVENT_VOCABULARIES, unique=EVENT_UNIQUE, ranges=CASUALTY_KINDS)
    if problems:
        raise SchemaViolation("events break the declared schema:\n" + "\n".join(problems))


def check_incident_rows(rows: list[dict]) -> None:
    """Raise SchemaViolation when incident rows break the incidents table's rules."""
    problems = check_rows(rows, INCIDENT_COLUMNS, required=INCIDENT_REQUIRED,
                          patterns={"date": _ISO_DATE, "date_end": _ISO_DATE},
                          vocabularies={"event_type": tuple(EVENT_TYPES)}, unique="incident_id")
    if problems:
        raise SchemaViolation("incidents break the declared schema:\n" + "\n".join(problems))


def check_skipped_rows(rows: list[dict]) -> None:
    """Raise SchemaViolation when skip report rows break the skip table (columns, types, reasons)."""
    problems = check_rows(rows, SKIPPED_COLUMNS, vocabularies={"reason": SKIP_REASONS})
    if problems:
        raise SchemaViolation("the skip report breaks the declared schema:\n" + "\n".join(problems))


def validate_events(events: pd.DataFrame) -> pd.DataFrame:
    """Check the events table against the declared schema, reporting every problem at once."""
    return event_schema().validate(events, lazy=True)
