"""The tables and vocabularies, declared once: every other module refers to columns here.

pandas and pandera are imported when a table is made or checked, not with the vocabularies:
the per-article step (what --jobs worker processes run) reads only these, and a build's
process starts its workers before it needs tables (see pipeline.build).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

DATE_PRECISIONS = ("minute", "hour", "part_of_day", "day", "week", "month", "year")
DATE_BASES = ("explicit", "relative", "weekday", "inherited", "reference", "unknown")
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
    "time_expression": "string",
    "time_expression_start": "Int64",
    "time_expression_end": "Int64",
    "event_type": "string",
    "sub_event_type": "string",
    "event_type_basis": "string",
    "actors": "object",
    "location": "string",
    "country": "string",
    "killed_min": "Int64",
    "killed_max": "Int64",
    "injured_min": "Int64",
    "injured_max": "Int64",
    "missing_min": "Int64",
    "missing_max": "Int64",
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

SKIP_REASONS = ("boilerplate", "dateline", "no_words", "duplicate_in_article", "reader_comments")

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"


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
    for kind in ("killed", "injured", "missing"):
        lo, hi = df[f"{kind}_min"], df[f"{kind}_max"]
        ok &= ~(lo.notna() & hi.notna() & (lo > hi)).fillna(False)
        ok &= ~(lo < 0).fillna(False)
    return ok


@functools.lru_cache(maxsize=1)
def event_schema() -> pa.DataFrameSchema:
    """The events table's pandera schema (built once, on first use)."""
    import pandera.pandas as pa

    nullable = {c for c in EVENT_COLUMNS} - {
        "event_id", "article_id", "sentence_index", "sentence", "sentence_start",
        "sentence_end", "language", "reference_basis", "date_basis", "event_type",
        "sub_event_type", "event_type_basis", "actors",
    }
    checks: dict[str, list[pa.Check]] = {
        "date": [pa.Check.str_matches(_ISO_DATE)],
        "reference_date": [pa.Check.str_matches(_ISO_DATE)],
        "date_start": [pa.Check.str_matches(_ISO_DATETIME)],
        "date_end": [pa.Check.str_matches(_ISO_DATETIME)],
        "date_precision": [pa.Check.isin(DATE_PRECISIONS)],
        "date_basis": [pa.Check.isin(DATE_BASES)],
        "event_type": [pa.Check.isin(tuple(EVENT_TYPES))],
        "sub_event_type": [pa.Check.isin(tuple(s for v in SUB_EVENT_TYPES.values() for s in v))],
        "casualty_scope": [pa.Check.isin(CASUALTY_SCOPES)],
        "event_type_basis": [pa.Check.isin(EVENT_TYPE_BASES)],
    }
    cols = {
        c: pa.Column(t if t != "object" else None, nullable=c in nullable, checks=checks.get(c, []))
        for c, t in EVENT_COLUMNS.items()
    }
    return pa.DataFrameSchema(
        cols,
        checks=[pa.Check(_range_ok, error="casualty min > max or negative")],
        unique=["event_id"],
        strict=True,
        ordered=True,
    )


def validate_events(events: pd.DataFrame) -> pd.DataFrame:
    """Check the events table against the declared schema, reporting every problem at once."""
    return event_schema().validate(events, lazy=True)
