"""Compose the steps: one Article -> its events and its skipped sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from .. import resources, schema
from ..extract.actors import (
    article_memory,
    extract_actors,
    is_title_case,
    name_group_members,
)
from ..extract.casualties import Casualties, extract_casualties, mentions_toll
from ..extract.dates import (
    DAY_OR_FINER,
    ResolvedDate,
    dateparser_dates,
    find_time_expressions,
    in_quotation,
    incident_reference,
    infer_reference,
    is_future,
    is_habitual,
    opens_after_event,
    opens_with_now,
    resolve_expression,
    resolve_sentence,
    span_opening,
    statement_date,
)
from ..extract.event_types import (
    classify_event,
    is_statement,
    opens_reported_clause,
    statement_cue_ends,
)
from ..extract.places import choose_location, find_places, main_country, surname_words
from ..ingest.articles import Article
from ..ingest.language import UNKNOWN, detect_language
from ..ingest.sentences import Sentence, comments_start, skip_reason, split_sentences

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
    return hashlib.sha1(f"{article_id}\0{sentence_index}\0{sentence}".encode("utf-8")).hexdigest()[:16]


def _iso_dt(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S") if value is not None else None


def _reference(article: Article, sentences: list[Sentence], language: str) -> tuple[dt.date | None, str]:
    if article.published is not None:
        return article.published.date(), "front matter"
    return infer_reference([s.text for s in sentences], language)


def _classify_sentences(sentences: list[Sentence], language: str) -> tuple[list[Sentence], list[tuple[Sentence, str]]]:
    kept, skipped = [], []
    seen: set[str] = set()
    comments = comments_start([s.text for s in sentences], language)
    while comments and sentences[comments - 1].paragraph_index == sentences[comments].paragraph_index:
        comments -= 1  # from the start of the line that holds the first signature
    for i, s in enumerate(sentences):
        reason = "reader_comments" if comments is not None and i >= comments else skip_reason(s.text, language)
        key = resources.normalise(s.text)
        if reason is None and key in seen:
            reason = "duplicate_in_article"
        if reason:
            skipped.append((s, reason))
        else:
            seen.add(key)
            kept.append(s)
    return kept, skipped


_OPEN_QUOTES = "\"“”"


def _quote_attribution(sentences: list[Sentence]) -> dict[int, int]:
    """For a sentence that opens a quotation closed in a later sentence of the same paragraph,
    the index of that closing sentence (which carries the attribution "..., ujar X, Sabtu")."""
    out: dict[int, int] = {}
    for i, s in enumerate(sentences):
        text = s.text.lstrip()
        if not text or text[0] not in _OPEN_QUOTES or sum(text.count(q) for q in _OPEN_QUOTES) % 2 == 0:
            continue
        for j in range(i + 1, len(sentences)):
            if sentences[j].paragraph_index != s.paragraph_index:
                break
            if sum(sentences[j].text.count(q) for q in _OPEN_QUOTES) % 2 == 1:
                out[i] = j
                break
    return out


_STATEMENT_WINDOW_WORDS = 10
_SENTENCE_END = frozenset('.!?:;,"\'”’)…')


_SUBHEADING_MAX_WORDS = 12


def is_subheading(sentences: list[Sentence], i: int) -> bool:
    """A short paragraph of one sentence without final punctuation, inside the article (not
    its first paragraph): a subheading such as "Korban Dimakamkan"."""
    s = sentences[i]
    text = s.text.strip()
    return (s.paragraph_index > sentences[0].paragraph_index
            and 0 < len(text.split()) <= _SUBHEADING_MAX_WORDS
            and text[-1] not in _SENTENCE_END
            and (i == 0 or sentences[i - 1].paragraph_index != s.paragraph_index)
            and i + 1 < len(sentences) and sentences[i + 1].paragraph_index != s.paragraph_index)


_QUOTED = regex.compile(r'["“”]([^"“”]*)["“”]')
_SCARE_QUOTE_MAX_WORDS = 3


def _quotes(text: str) -> bool:
    """Whether a sentence holds (part of) a direct quotation: an unclosed quotation mark or
    a quoted passage of more than a few words (a quoted name or term, the " milisi ", is not
    one)."""
    if sum(text.count(q) for q in _OPEN_QUOTES) % 2 == 1:
        return True
    return any(len(m.group(1).split()) > _SCARE_QUOTE_MAX_WORDS for m in _QUOTED.finditer(text))


def _is_statement_date(sentence: str, expr, language: str) -> bool:
    """A date that says when something was said: close after a reporting cue
    ("..., ujar X saat ditemui, Selasa (21/10)", "mengatakan pada hari Kamis")."""
    for end in statement_cue_ends(sentence, language):
        between = sentence[end:expr.start]
        if (end <= expr.start and len(between.split()) <= _STATEMENT_WINDOW_WORDS
                and not opens_reported_clause(between, language)):
            return True
    return False


def _statement_day(sentence: str, language: str, reference: dt.date | None,
                   context: ResolvedDate | None) -> ResolvedDate | None:
    """The day a statement gives for its saying, outside quotations ("..., ujar X, Jumat
    (31/10/2025)"), if any."""
    future = is_future(sentence, language)
    for expr in find_time_expressions(sentence, language):
        if (expr.kind in ("explicit", "weekday") and not in_quotation(sentence, expr.start)
                and _is_statement_date(sentence, expr, language)):
            got = resolve_expression(expr, reference, context, None, future, language)
            if got is not None and got.date is not None:
                return got
    return None


# Expressions that only make sense against the day in context ("malam itu", "pukul 15.00").
_CONTEXT_KINDS = frozenset({"part", "clock", "same_day", "earlier"})
# The story's incident is the earliest day told of the month before the reference date.
_INCIDENT_WINDOW = dt.timedelta(days=31)


UNKNOWN_DATE = ResolvedDate(None, None, None, None, "unknown")


def _other_toll(lead: tuple[int | None, int | None] | None, later: tuple[int | None, int | None] | None) -> bool:
    """Whether a later death toll cannot be (part of) the lead's: a vague range ("puluhan":
    10-99) that leaves out the other figure; a figure above the lead's stated maximum; or
    two "at least" tallies that differ ("sedikitnya 50" then "sedikitnya 20": two incidents).
    A smaller exact figure may be part of the lead's toll ("Sedikitnya 12 tewas" then
    "menewaskan 7 warga")."""
    if lead is None or later is None or lead[0] is None or later[0] is None:
        return False

    def vague(f):
        return f[1] is not None and f[1] != f[0]

    if vague(lead) and vague(later):
        return lead[1] < later[0] or later[1] < lead[0]
    if vague(lead) or vague(later):
        rng, point = (lead, later) if vague(lead) else (later, lead)
        return not rng[0] <= point[0] <= rng[1]
    if lead[1] is not None and later[0] > lead[1]:
        return True
    return lead[1] is None and later[1] is None and lead[0] != later[0]


def _day(value: dt.date, basis: str) -> ResolvedDate:
    start = dt.datetime.combine(value, dt.time())
    return ResolvedDate(value, start, start + dt.timedelta(days=1), "day", basis)


def resolve_dates(sentences: list[Sentence], language: str, reference: dt.date | None,
                  kinds: list[str] | None = None, tolls: list[int | None] | None = None,
                  incidents: list[bool] | None = None, counted: list[bool] | None = None,
                  killed: list[tuple[int | None, int | None] | None] | None = None) -> list[ResolvedDate]:
    """One date per sentence, from its own time expression or from its context.

    Two contexts are kept: the date of the last event told (narrative) and the date of the
    last statement ("ujar X, Rabu (5/11/2025)", also when the sentence is dated by other
    words). A sentence without time words inherits the statement date when it reports a
    statement, else the event date; a statement opening with an after-word ("Usai doa
    bersama, X menyampaikan") takes the event date. A day after the reference date dates its
    own sentence but is not the narrative's context. Sentences before the
    first dated event (headline, lead: the inverted pyramid) take the date of the first later
    event of the same kind (`kinds`: sub-event types), else of the first event, skipping
    events whose death toll (`killed`: ranges) cannot be the lead's; a headline or
    lead that states a running toll (`tolls`: the figure of a sentence whose casualty scope is
    a toll) takes the date of the first later sentence that dates the same toll itself
    ("Korban Tewas Bertambah Jadi 88" ... "Hingga Jumat (30/5/2025), jumlah korban tewas
    mencapai 88"). A statement that reports an incident's victims outside a quotation
    (`incidents`: the sentence's casualty scope is incident) takes the event's date. A sentence
    with casualty figures (`counted`) keeps its first date even when a named day follows. With
    no context at all, the reference date.

    Some phrases point at a known day instead: "Diberitakan sebelumnya" and "saat kejadian"
    at the story's incident (the earliest day told of the month before the reference date;
    after a flashback the story goes on from it), "Hingga kini, ..." opening a sentence at the
    last statement's day. A subheading takes the date of the sentence under it.
    """
    kinds = kinds or [""] * len(sentences)
    fallback = _day(reference, "reference") if reference is not None else UNKNOWN_DATE
    told: list[int] = []  # the sentences that told a dated event, in order
    out: list[ResolvedDate | None] = []
    event_ctx: ResolvedDate | None = None
    statement_ctx: ResolvedDate | None = None
    incident_ctx: ResolvedDate | None = None  # the earliest recent day told so far: the incident
    pending: list[int] = []
    attribution = _quote_attribution(sentences)
    quote_start = {k: i for i, j in attribution.items() for k in range(i + 1, j + 1)}
    for i, sentence in enumerate(sentences):
        got = None
        statement = language != UNKNOWN and is_statement(sentence.text, language)
        if language != UNKNOWN:
            speech = None
            if i in attribution:
                speech = statement_date(sentences[attribution[i]].text, language, reference, event_ctx)
            got = resolve_sentence(sentence.text, language, reference, event_ctx, speech,
                                   named_day_wins=not (counted and counted[i]))
            if (got is not None and got.expression is not None and got.expression.kind in ("month", "period", "part", "clock")
                    and is_habitual(sentence.text, language)):
                got = None  # "biasanya ... dari April hingga Oktober": a general fact, no event date
        # "saat kejadian", "Diberitakan sebelumnya": the story's incident, not the last day told.
        pointer = incident_reference(sentence.text, language) if language != UNKNOWN and incident_ctx else None
        if pointer is not None and (got is None or got.date is None or got.expression is None
                                    or got.expression.kind in _CONTEXT_KINDS):
            kind, expr = pointer
            if got is not None and got.expression is not None and got.expression.kind in ("part", "clock"):
                got = resolve_expression(got.expression, reference, incident_ctx, None, False, language)
                got = dataclasses.replace(got, basis="inherited")
            else:
                got = dataclasses.replace(incident_ctx.inherited(), expression=expr)
            if kind == "flashback":
                event_ctx = got
            out.append(got)
            continue
        now = opens_with_now(sentence.text, language) if language != UNKNOWN and got is None else None
        if now is not None:
            speaking = statement_ctx or fallback
            if speaking.date is not None:
                out.append(dataclasses.replace(speaking.inherited(), expression=now))
                continue
        if statement and (got is None or got.expression is None or got.expression.kind not in ("explicit", "weekday")):
            # "'Saat ini ...,' ujar X, Jumat (31/10/2025)": the sentence is dated by its own
            # words, and the statement's day still dates what X says next.
            said = _statement_day(sentence.text, language, reference, event_ctx)
            statement_ctx = said or statement_ctx
        if got is not None and got.date is not None and got.expression is not None and got.expression.kind != "earlier":
            if statement and got.expression.kind in ("explicit", "weekday") and _is_statement_date(sentence.text, got.expression, language):
                statement_ctx = got
                # The attribution closing a quotation ("...," ujar X, Sabtu) dates the saying,
                # not what the quotation tells: the rest of a quotation keeps its first date.
                if i in quote_start and out[quote_start[i]] is not None:
                    out.append(out[quote_start[i]].inherited())
                    continue
            elif reference is None or got.date <= reference:
                told.append(i)
                event_ctx = got
                if (got.precision in DAY_OR_FINER and got.expression.kind not in _CONTEXT_KINDS
                        and (reference is None or reference - _INCIDENT_WINDOW <= got.date <= reference)
                        and (incident_ctx is None or got.date < incident_ctx.date)):
                    incident_ctx = got
            out.append(got)
            continue
        if got is not None:
            out.append(got)
            continue
        if language != UNKNOWN and is_habitual(sentence.text, language):
            out.append(UNKNOWN_DATE)
            continue
        # The rest of a quotation shares the date of its first sentence.
        if i in quote_start and out[quote_start[i]] is not None:
            out.append(out[quote_start[i]].inherited())
            continue
        # A statement that reports an incident's victims ("more than 110 people died, the SNC
        # said") tells of the event: it takes the event's date, not the statement's.
        tells_event = (not statement or bool(incidents and incidents[i] and not _quotes(sentence.text))
                       or (event_ctx is not None and opens_after_event(sentence.text, language)))
        ctx = event_ctx if tells_event else statement_ctx
        if ctx is not None:
            out.append(ctx.inherited())
        elif tells_event:
            pending.append(i)  # before any dated event: filled in below
            out.append(None)
        else:
            out.append(fallback)
    tolls = tolls or [None] * len(sentences)
    killed = killed or [None] * len(sentences)
    for j in pending:
        lead = None
        # A toll figure in the lead is dated by the later sentence dating the same toll; a lead
        # that speaks of a rising toll without a figure, by the first later dated toll.
        if tolls[j] is not None or (language != UNKNOWN and mentions_toll(sentences[j].text, language)):
            lead = next((out[i] for i in range(j + 1, len(sentences))
                         if tolls[i] is not None and (tolls[j] is None or tolls[i] == tolls[j])
                         and out[i] is not None and out[i].expression is not None
                         and out[i].date is not None), None)
        # A later event with another death toll than the lead's is another incident.
        same = [i for i in told if not _other_toll(killed[j], killed[i])]
        if kinds[j] not in ("", "other", "statement", "report"):
            lead = lead or next((out[i] for i in same if kinds[i] == kinds[j]), None)
        lead = lead or next((out[i] for i in same), None)
        # The news a lead tells is recent: never a background year ("the Kenyan elections of
        # 2007") or anything long before the reference date; then the reference date.
        if lead is not None and (reference is None or lead.date is None or lead.date >= reference - _INCIDENT_WINDOW):
            out[j] = lead.inherited()
    out = [r if r is not None else fallback for r in out]
    # A subheading dates the section it opens: "Korban Dimakamkan" takes
    # the date of the sentence under it, not the end of the section before.
    for i in range(len(sentences) - 1):
        if (out[i].basis == "inherited" and out[i].expression is None and out[i + 1].date is not None
                and is_subheading(sentences, i)):
            out[i] = out[i + 1].inherited()
    if language != UNKNOWN:
        out = [_with_span(s.text, r, language, reference) for s, r in zip(sentences, out)]
    return out


def _with_span(sentence: str, got: ResolvedDate, language: str, reference: dt.date | None) -> ResolvedDate:
    """A sentence dated from context that says "since March" covers the time from then:
    its start moves back to the span's opening (the date stays the context's day)."""
    if got.basis not in ("inherited", "reference") or got.start is None:
        return got
    opening = span_opening(sentence, language, reference, got)
    if opening is None or opening.start >= got.start:
        return got
    return dataclasses.replace(got, start=opening.start, expression=opening.expression)


def build_article_events(article: Article) -> ArticleResult:
    """Events (one per sentence that is not page furniture) and the skip report of one article."""
    rows = article_event_rows(article)
    return ArticleResult(events_frame(rows.events), skipped_frame(rows.skipped), rows.language, rows.notes)


def _casualties(sentence: str, language: str):
    return extract_casualties(sentence, language, [(e.start, e.end) for e in find_time_expressions(sentence, language)])


def _toll_figures(casualties: list) -> list[int | None]:
    """Per sentence, the killed figure when it is stated as a running toll, else None."""
    return [c.killed[0] if c.scope == "toll" and c.killed and c.killed[0] is not None else None for c in casualties]


# The types whose events leave dead and injured: a bare toll belongs to the nearest of these.
_HARMFUL_TYPES = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians", "protests",
                            "riots", "disasters", "accidents"})


def types_from_context(types: list[tuple[str, str]], casualties: list[Casualties]
                       ) -> tuple[list[tuple[str, str]], list[str]]:
    """Event types with their basis: a sentence with no type cue that tells casualties
    ("Sedikitnya 12 orang tewas") takes the type of the nearest harmful event (violence, a
    disaster, an accident) told before it (after it, for a lead), basis "context"; a
    projection or a sentence with no figures stays other."""
    out, bases = list(types), ["cue" if t[0] != "other" else "none" for t in types]
    typed = [i for i, t in enumerate(types) if t[0] in _HARMFUL_TYPES]
    for i, (etype, _) in enumerate(types):
        c = casualties[i]
        if etype != "other" or c.scope not in ("incident", "toll") or not (c.killed or c.injured or c.missing):
            continue
        before = [j for j in typed if j < i]
        source = before[-1] if before else next((j for j in typed if j > i), None)
        if source is not None:
            out[i], bases[i] = types[source], "context"
    return out, bases


def article_event_rows(article: Article) -> ArticleRows:
    """The rows behind build_article_events (many articles are turned into one table at once)."""
    notes = list(article.warnings)
    language = article.language or detect_language(article.text)
    if language not in resources.supported_languages():
        notes.append(
            f"{article.path}: language {language!r} has no resource files "
            f"(supported: {', '.join(resources.supported_languages())}); dates come from dateparser only, "
            f"no actors, casualties or event types"
        )
    lang_res = language if language in resources.supported_languages() else UNKNOWN
    all_sentences = split_sentences(article.text, lang_res)
    kept, skipped = _classify_sentences(all_sentences, lang_res)
    # A dateline on a line of its own is no event, but its date dates the article.
    dated = {s.index for s in kept} | {s.index for s, reason in skipped if reason == "dateline"}
    reference, reference_basis = _reference(article, [s for s in all_sentences if s.index in dated], lang_res)
    title = article.title or (all_sentences[0].text if all_sentences else None)

    types = [classify_event(s.text, lang_res) if lang_res != UNKNOWN else ("other", "other") for s in kept]
    casualties = [_casualties(s.text, lang_res) if lang_res != UNKNOWN else Casualties() for s in kept]
    if lang_res == UNKNOWN and language != UNKNOWN:
        dates = dateparser_dates([s.text for s in kept], language, reference)
    else:
        dates = resolve_dates(kept, lang_res, reference, [sub for _, sub in types], _toll_figures(casualties),
                              [c.scope == "incident" for c in casualties], [c.scope is not None for c in casualties],
                              [c.killed for c in casualties])
    types, type_bases = types_from_context(types, casualties)
    texts = [s.text for s in kept]
    # Headlines and subheadings In Title Case: their capitals say nothing about names.
    headline_idx = {i for i, s in enumerate(kept)
                    if ((s.paragraph_index == 0 and article.title is None) or is_subheading(kept, i))
                    and is_title_case(s.text, min_words=2)}
    memory = article_memory([t for i, t in enumerate(texts) if i not in headline_idx])
    actors: dict[int, list[str]] = {}
    if lang_res != UNKNOWN:
        for i, s in enumerate(kept):
            if i not in headline_idx:
                actors[i] = extract_actors(s.text, lang_res, memory)
        for i in headline_idx:
            actors[i] = extract_actors(kept[i].text, lang_res, memory, headline=True)
        actors = name_group_members([s.text for s in kept], actors, lang_res)

    # A one-word place that is the surname of a person the article names ("Westbrook" after
    # "Ana Westbrook") is that person, not the town.
    lower_words = memory.lower_words | surname_words([a for names in actors.values() for a in names], lang_res)
    rows = []
    locations = []
    for i, s in enumerate(kept):
        if lang_res != UNKNOWN:
            locations.append(choose_location(find_places(s.text, lang_res, lower_words)))
        else:
            locations.append((None, None))
    fallback_country = main_country([c for _, c in locations])

    for i, s in enumerate(kept):
        d = dates[i]
        expr = d.expression
        if lang_res != UNKNOWN:
            etype, sub = types[i]
        else:
            etype, sub = "other", "other"
        cas = casualties[i]
        location, country = locations[i]
        rows.append({
            "event_id": event_id(article.article_id, s.index, s.text),
            "article_id": article.article_id,
            "article_title": title,
            "article_source": article.source,
            "article_url": article.url,
            "article_path": article.path,
            "sentence_index": s.index,
            "paragraph_index": s.paragraph_index,
            "sentence": s.text,
            "sentence_start": s.start,
            "sentence_end": s.end,
            "language": language,
            "reference_date": reference.isoformat() if reference else None,
            "reference_basis": reference_basis,
            "date": d.date.isoformat() if d.date else None,
            "date_start": _iso_dt(d.start),
            "date_end": _iso_dt(d.end),
            "date_precision": d.precision,
            "date_basis": d.basis,
            "time_expression": expr.text if expr is not None else None,
            "time_expression_start": expr.start if expr is not None else None,
            "time_expression_end": expr.end if expr is not None else None,
            "event_type": etype,
            "sub_event_type": sub,
            "event_type_basis": type_bases[i],
            "actors": actors.get(i, []),
            "location": location,
            "country": country or fallback_country,
            "killed_min": cas.killed[0] if cas.killed else None,
            "killed_max": cas.killed[1] if cas.killed else None,
            "injured_min": cas.injured[0] if cas.injured else None,
            "injured_max": cas.injured[1] if cas.injured else None,
            "missing_min": cas.missing[0] if cas.missing else None,
            "missing_max": cas.missing[1] if cas.missing else None,
            "casualty_text": cas.text,
            "victims": cas.victims,
            "casualty_scope": cas.scope,
        })
    skipped_rows = [{
        "article_id": article.article_id,
        "article_path": article.path,
        "sentence_index": s.index,
        "sentence": s.text,
        "sentence_start": s.start,
        "sentence_end": s.end,
        "reason": reason,
    } for s, reason in skipped]
    return ArticleRows(rows, skipped_rows, language, tuple(notes))
