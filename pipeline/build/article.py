"""One article's events: the steps that fill each sentence's record, composed, and the rows
they give (the event table's and the skip report's)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from .. import resources, schema
from ..extract.actors import (
    ActorMemory,
    article_memory,
    cited_and_actors,
    extract_actors,
    is_group,
    is_title_case,
    name_group_members,
)
from ..extract.casualties import Casualties, extract_casualties, headline_death
from ..extract.dates import (
    ResolvedDate,
    TimeExpr,
    dateparser_dates,
    find_time_expressions,
    infer_reference,
    reference_day,
)
from ..extract.event_types import classify_event, statement_spans
from ..extract.ner import recogniser
from ..extract.places import choose_location, find_places, main_country, surname_words
from ..ingest.articles import Article
from ..ingest.language import UNKNOWN, detect_language
from ..ingest.sentences import (
    MAX_ARTICLE_CHARS,
    MAX_ARTICLE_SENTENCES,
    MAX_SENTENCE_CHARS,
    Sentence,
    comments_start,
    is_subheading,
    skip_reason,
    split_sentences,
)
from .dating import quotations, resolve_dates
from .record import SentenceRecord, records_for

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ArticleRows:
    """The event and skip rows of one article (plain records), and notes for the user."""

    events: list[dict]
    skipped: list[dict]
    language: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleResult:
    """The events and skipped sentences of one article as tables, and notes for the user."""

    events: pd.DataFrame
    skipped: pd.DataFrame
    language: str
    notes: tuple[str, ...] = ()


def events_frame(rows: list[dict]) -> pd.DataFrame:
    """Event records as a table with the declared columns and dtypes."""
    import pandas as pd

    return schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS) if rows else schema.empty_frame(schema.EVENT_COLUMNS)


def skipped_frame(rows: list[dict]) -> pd.DataFrame:
    """Skip records as a table with the declared columns and dtypes."""
    import pandas as pd

    return schema.coerce(pd.DataFrame(rows), schema.SKIPPED_COLUMNS) if rows else schema.empty_frame(schema.SKIPPED_COLUMNS)


def event_id(article_id: str, sentence_index: int, sentence: str) -> str:
    """Stable id of an event: the same article and sentence always give the same id."""
    return hashlib.sha1(f"{article_id}\0{sentence_index}\0{sentence}".encode()).hexdigest()[:16]


def _iso_dt(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S") if value is not None else None


def _reference(article: Article, sentences: list[Sentence], language: str) -> tuple[dt.date | None, str]:
    if article.published is not None:
        return article.published.date(), "front matter"
    return infer_reference([s.text for s in sentences], language)


def screen_sentences(sentences: list[Sentence], language: str) -> tuple[list[Sentence], list[tuple[Sentence, str]]]:
    """The sentences that can be events, and the others with the reason (page furniture,
    datelines, reader comments, a sentence repeated in the article; a sentence too long to be
    one, and those past the work one article may cost: MAX_ARTICLE_SENTENCES sentences,
    MAX_ARTICLE_CHARS characters)."""
    within = [s for s in sentences if s.index < MAX_ARTICLE_SENTENCES and s.start < MAX_ARTICLE_CHARS]
    kept, skipped = [], []
    seen: set[str] = set()
    comments = comments_start([s.text for s in within], language)
    while comments and within[comments - 1].paragraph_index == within[comments].paragraph_index:
        comments -= 1  # from the start of the line that holds the first signature
    for i, s in enumerate(sentences):
        if i >= len(within):
            reason: str | None = "over_limit"
        elif len(s.text) > MAX_SENTENCE_CHARS:
            reason = "too_long"
        elif comments is not None and i >= comments:
            reason = "reader_comments"
        else:
            reason = skip_reason(s.text, language)
        key = resources.normalise(s.text) if reason is None else ""
        if reason is None and key in seen:
            reason = "duplicate_in_article"
        if reason:
            skipped.append((s, reason))
        else:
            seen.add(key)
            kept.append(s)
    return kept, skipped


def _limit_notes(path: str, skipped: list[tuple[Sentence, str]]) -> list[str]:
    """A warning for an article that was not read whole (the skip report lists each sentence)."""
    over = sum(reason == "over_limit" for _, reason in skipped)
    long = sum(reason == "too_long" for _, reason in skipped)
    notes = []
    if over:
        notes.append(f"{path}: only the first {MAX_ARTICLE_SENTENCES:,} sentences or {MAX_ARTICLE_CHARS:,} characters "
                     f"of an article are read; {over:,} more are in the skip report as over_limit")
    if long:
        notes.append(f"{path}: {long:,} sentence(s) over {MAX_SENTENCE_CHARS:,} characters were not read "
                     f"(in the skip report as too_long)")
    return notes


def classify_types(records: list[SentenceRecord], language: str) -> None:
    """The event type each sentence's own cue words give.

    Reads: text. Writes: event_type, sub_event_type."""
    for r in records:
        r.event_type, r.sub_event_type = classify_event(r.text, language)


def find_casualties(records: list[SentenceRecord], language: str) -> None:
    """Killed, injured and missing figures, with their victims and scope; a number inside a
    time expression is no figure. The article's headline that tells a death without any
    figure tells one (casualties.headline_death).

    Reads: text, headline. Writes: casualties."""
    for r in records:
        r.casualties = extract_casualties(r.text, language, [(e.start, e.end) for e in find_time_expressions(r.text, language)])
        c = r.casualties
        if r.headline and r.sentence.paragraph_index == 0 and not (c.killed or c.injured or c.missing):
            r.casualties = headline_death(r.text, language) or c


def types_from_context(records: list[SentenceRecord]) -> None:
    """Event types with their basis: a sentence with no type cue that tells casualties
    ("Sedikitnya 12 orang tewas") takes the type of the nearest harmful event (violence, a
    disaster, an accident) told before it (after it, for a lead), basis "context"; a
    projection or a sentence with no figures stays other.

    Reads: event_type, sub_event_type (from cue words), casualties. Writes: event_type,
    sub_event_type, event_type_basis."""
    typed = [i for i, r in enumerate(records) if r.event_type in schema.HARMFUL_EVENT_TYPES]
    for i, r in enumerate(records):
        r.event_type_basis = "cue" if r.event_type != "other" else "none"
        c = r.casualties
        if r.event_type != "other" or c.scope not in ("incident", "toll") or not (c.killed or c.injured or c.missing):
            continue
        before = [j for j in typed if j < i]
        source = before[-1] if before else next((j for j in typed if j > i), None)
        if source is not None:  # a harmful type, which this step never changes
            r.event_type, r.sub_event_type = records[source].event_type, records[source].sub_event_type
            r.event_type_basis = "context"


# An event dated more than this before the article's reference date is background: the story
# recalls it ("the 1912 sinking of the Titanic killed 1,500"); it keeps its date and figures.
BACKGROUND_BEFORE = dt.timedelta(days=365)


# A year (or a span of years, "1957-58") standing alone in a sentence.
_YEAR = regex.compile(r"(?<![\w.,/:$£€-])(1\d{3}|20\d{2})(?:[-–/](?:\d{2}|\d{4}))?(?![\w.,/%]|:\d)")


def recalled_year(text: str, reference: dt.date) -> regex.Match | None:
    """The first year at least two before the reference date's a sentence names ("the 1918
    pandemic killed 50 million", "The 1957-58 pandemic killed about 2 million"), if any."""
    for m in _YEAR.finditer(text):
        if schema.MIN_YEAR <= int(m.group(1)) <= reference.year - 2:
            return m
    return None


def mark_background(records: list[SentenceRecord], reference: dt.date | None) -> None:
    """Events of the past the story recalls: dated more than a year before the reference date,
    or stating casualty figures beside a year of the past ("The 1912 sinking of the Titanic
    killed 1,500"), or right after a sentence of the same paragraph that names one, with no day
    of their own: those keep their figures on the year named.

    Reads: date, casualties, text. Writes: background, date."""
    if reference is None:
        return
    for i, r in enumerate(records):
        if r.date.date is not None and r.date.date < reference - BACKGROUND_BEFORE:
            r.background = True
        elif r.date.basis in ("inherited", "reference") and (r.casualties.killed or r.casualties.injured):
            year = recalled_year(r.text, reference)
            before = records[i - 1] if i else None
            if (year is None and before is not None and before.sentence.paragraph_index == r.sentence.paragraph_index
                    and before.date.basis in ("inherited", "reference")):
                # The sentence goes on about the year its paragraph's last sentence recalls ("as
                # Hoboken saw with the 2001 attacks. It suffered the most, with 57 killed").
                year = recalled_year(before.text, reference)
            if year is not None:
                r.background = True
                first = int(year.group(1))
                r.date = ResolvedDate(dt.date(first, 1, 1), dt.datetime(first, 1, 1), dt.datetime(first + 1, 1, 1),
                                      "year", "explicit",
                                      TimeExpr(year.group(0), year.start(), year.end(), "year", year=first))


def mark_headlines(records: list[SentenceRecord], has_title: bool) -> None:
    """Headlines and subheadings In Title Case, whose capitals say nothing about names: the
    first paragraph when the front matter gives no title, and subheadings.

    Reads: sentence (text, paragraphs). Writes: headline."""
    sentences = [r.sentence for r in records]
    for i, r in enumerate(records):
        r.headline = (((r.sentence.paragraph_index == 0 and not has_title) or is_subheading(sentences, i))
                      and is_title_case(r.text, min_words=2))


def find_actors(records: list[SentenceRecord], language: str, memory: ActorMemory) -> None:
    """Canonical actors of each sentence: the body first, in order (it establishes names and
    aliases in `memory`), then the headlines, which may only name what the body established;
    then a role group the article pins on one named person becomes that person; news outlets
    and reporters are cited sources, not actors (cited_and_actors).

    A sentence of a direct quotation that names no speaker of its own is the speaker's: the
    person its quotation's attribution names ("..." then "..., ujar <Name>"), else the
    article's speaker before it (the last person named beside a reporting cue).

    Reads: text, headline. Writes: actors, cited."""
    found: dict[int, list[str]] = {}
    model = recogniser(language)
    quoted = quotations([r.sentence for r in records])
    speaker_of: dict[int, str] = {}  # a sentence that named a speaker: that speaker
    speaker_before: dict[int, str | None] = {}
    for i, r in enumerate(records):
        if not r.headline:
            speaker_before[i] = memory.speakers[-1] if memory.speakers else None
            told = len(memory.speakers)
            names = functools.partial(model.names_of, r.text, memory.lower_words) if model is not None else None
            found[i] = extract_actors(r.text, language, memory, names=names)
            if len(memory.speakers) > told:
                speaker_of[i] = memory.speakers[-1]
    for span in quoted:
        attributed = next((speaker_of[i] for i in span if i in speaker_of), None)
        for i in span:
            speaker = attributed or speaker_before.get(i)
            # A sentence whose own reporting cue a group speaks ('"...," police said') is the
            # group's: the person speaking before is not added to it.
            if (i in found and i not in speaker_of and speaker is not None and speaker not in found[i]
                    and not (statement_spans(records[i].text, language) and any(is_group(a, language) for a in found[i]))):
                found[i].append(speaker)
    for i, r in enumerate(records):
        if r.headline:
            found[i] = extract_actors(r.text, language, memory, headline=True)
    found = name_group_members([r.text for r in records], found, language)
    for i, r in enumerate(records):
        r.actors, r.cited = cited_and_actors(r.text, found.get(i, []), language)


def find_locations(records: list[SentenceRecord], language: str, lower_words: frozenset[str]) -> None:
    """Where each sentence's event happened, and its country (else the country the article
    names most). A one-word place that is the surname of a person the article names
    ("Westbrook" after "Ana Westbrook") is that person, not the town.

    Reads: text, actors. Writes: location, country."""
    not_places = lower_words | surname_words([a for r in records for a in r.actors], language)
    for r in records:
        r.location, r.country = choose_location(find_places(r.text, language, not_places))
    fallback = main_country([r.country for r in records])
    for r in records:
        r.country = r.country or fallback


def extract_records(records: list[SentenceRecord], language: str, reference: dt.date | None, has_title: bool) -> None:
    """Every extraction step in turn, for a language with resource files."""
    classify_types(records, language)
    mark_headlines(records, has_title)
    find_casualties(records, language)
    resolve_dates(records, language, reference)
    mark_background(records, reference)
    types_from_context(records)
    memory = article_memory([r.text for r in records if not r.headline])
    find_actors(records, language, memory)
    find_locations(records, language, memory.lower_words)


def date_without_resources(records: list[SentenceRecord], language: str, reference: dt.date | None) -> None:
    """Dates for a language without resource files (nothing else can be read there): the
    first date dateparser finds in each sentence, for a language it knows; for one too short
    to tell (`und`), the reference day.

    Reads: text. Writes: date, background."""
    if language == UNKNOWN:
        dates = [reference_day(reference)] * len(records)
    else:
        dates = dateparser_dates([r.text for r in records], language, reference)
    for r, d in zip(records, dates, strict=True):
        r.date = d
    mark_background(records, reference)


def build_article_events(article: Article) -> ArticleResult:
    """Events (one per sentence that is not page furniture) and the skip report of one article."""
    rows = article_event_rows(article)
    return ArticleResult(events_frame(rows.events), skipped_frame(rows.skipped), rows.language, rows.notes)


def article_event_rows(article: Article) -> ArticleRows:
    """The rows behind build_article_events (many articles are turned into one table at once)."""
    notes = list(article.warnings)
    language = article.language or detect_language(article.text)
    supported = language in resources.supported_languages()
    if not supported:
        notes.append(
            f"{article.path}: language {language!r} has no resource files "
            f"(supported: {', '.join(resources.supported_languages())}); dates come from dateparser only, "
            f"no actors, casualties or event types"
        )
    lang_res = language if supported else UNKNOWN
    all_sentences = split_sentences(article.text, lang_res)
    kept, skipped = screen_sentences(all_sentences, lang_res)
    notes.extend(_limit_notes(article.path, skipped))
    # A dateline on a line of its own is no event, but its date dates the article.
    dated = {s.index for s in kept} | {s.index for s, reason in skipped if reason == "dateline"}
    reference, reference_basis = _reference(article, [s for s in all_sentences if s.index in dated], lang_res)
    records = records_for(kept)
    if supported:
        extract_records(records, language, reference, has_title=article.title is not None)
    else:
        date_without_resources(records, language, reference)
    title = article.title or (all_sentences[0].text[:MAX_SENTENCE_CHARS] if all_sentences else None)
    context = {
        "article_id": article.article_id,
        "article_title": title,
        "article_source": article.source,
        "article_url": article.url,
        "article_path": article.path,
        "language": language,
        "reference_date": reference.isoformat() if reference else None,
        "reference_basis": reference_basis,
    }
    skipped_rows = [{
        "article_id": article.article_id,
        "article_path": article.path,
        "sentence_index": s.index,
        "sentence": s.text,
        "sentence_start": s.start,
        "sentence_end": s.end,
        "reason": reason,
    } for s, reason in skipped]
    return ArticleRows([event_row(r, context) for r in records], skipped_rows, language, tuple(notes))


def _figure_columns(cas: Casualties) -> dict[str, int | None]:
    """<kind>_min and <kind>_max of every casualty kind, in the declared order."""
    out: dict[str, int | None] = {}
    for kind in schema.CASUALTY_KINDS:
        figure = getattr(cas, kind)
        out[f"{kind}_min"], out[f"{kind}_max"] = figure if figure else (None, None)
    return out


def event_row(record: SentenceRecord, article: dict[str, Any]) -> dict[str, Any]:
    """The events table's row of a filled record (`article`: the article's columns)."""
    s, d, cas = record.sentence, record.date, record.casualties
    expr = d.expression
    return {
        "event_id": event_id(article["article_id"], s.index, s.text),
        "article_id": article["article_id"],
        "story_id": article["article_id"],  # its own story until the corpus finds copies (corpus.copies)
        "article_title": article["article_title"],
        "article_source": article["article_source"],
        "article_url": article["article_url"],
        "article_path": article["article_path"],
        "sentence_index": s.index,
        "paragraph_index": s.paragraph_index,
        "sentence": s.text,
        "sentence_start": s.start,
        "sentence_end": s.end,
        "language": article["language"],
        "reference_date": article["reference_date"],
        "reference_basis": article["reference_basis"],
        "date": d.date.isoformat() if d.date else None,
        "date_start": _iso_dt(d.start),
        "date_end": _iso_dt(d.end),
        "date_precision": d.precision,
        "date_basis": d.basis,
        "background": record.background,
        "time_expression": expr.text if expr is not None else None,
        "time_expression_start": expr.start if expr is not None else None,
        "time_expression_end": expr.end if expr is not None else None,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "event_type_basis": record.event_type_basis,
        "actors": record.actors,
        "cited": record.cited,
        "location": record.location,
        "country": record.country,
        **_figure_columns(cas),
        "casualty_text": cas.text,
        "victims": cas.victims,
        "casualty_scope": cas.scope,
    }
