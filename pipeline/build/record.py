"""One record per sentence of an article, which the extraction steps fill in turn.

Each step (see pipeline.build.article and pipeline.build.dating) says in its docstring which
fields it reads and which it writes, as spaCy components declare `requires` and `assigns`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extract.casualties import Casualties
from ..extract.dates import UNKNOWN_DATE, ResolvedDate
from ..ingest.sentences import Sentence

NO_CASUALTIES = Casualties()


@dataclass(eq=False)
class SentenceRecord:
    """What the pipeline worked out about one kept sentence; the defaults are what an
    unfilled field says (no type cue, no figures, no date, no actors, no place)."""

    sentence: Sentence
    headline: bool = False  # a headline or subheading In Title Case: its capitals say nothing of names
    event_type: str = "other"
    sub_event_type: str = "other"
    event_type_basis: str = "none"
    casualties: Casualties = NO_CASUALTIES
    date: ResolvedDate = UNKNOWN_DATE
    background: bool = False  # an event of the past the story recalls, not of the story
    actors: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # news outlets and reporters the sentence names
    location: str | None = None
    country: str | None = None

    @property
    def text(self) -> str:
        return self.sentence.text


def records_for(sentences: list[Sentence]) -> list[SentenceRecord]:
    """Fresh records for the kept sentences of an article."""
    return [SentenceRecord(s) for s in sentences]

