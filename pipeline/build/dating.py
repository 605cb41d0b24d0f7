"""Dates in context: each sentence of an article dated from its own words or from the story
around it (the last event told, the last statement, the lead's incident)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import regex

from ..extract.casualties import Casualties, mentions_toll
from ..extract.dates import (
    DAY_OR_FINER,
    UNKNOWN_DATE,
    ResolvedDate,
    TimeExpr,
    find_time_expressions,
    in_quotation,
    incident_reference,
    is_future,
    is_habitual,
    opens_after_event,
    opens_with_now,
    reference_day,
    resolve_expression,
    resolve_sentence,
    span_opening,
    statement_date,
)
from ..extract.event_types import is_statement, opens_reported_clause, statement_cue_ends
from ..ingest.sentences import Sentence, is_subheading
from .record import SentenceRecord

_OPEN_QUOTES = "\"“”"


def _quote_marks(text: str) -> int:
    return sum(text.count(q) for q in _OPEN_QUOTES)


def _quote_attribution(sentences: list[Sentence]) -> dict[int, int]:
    """For a sentence that opens a quotation closed in a later sentence of the same paragraph,
    the index of that closing sentence (which carries the attribution "..., ujar X, Sabtu")."""
    out: dict[int, int] = {}
    for i, s in enumerate(sentences):
        text = s.text.lstrip()
        if not text or text[0] not in _OPEN_QUOTES or _quote_marks(text) % 2 == 0:
            continue
        for j in range(i + 1, len(sentences)):
            if sentences[j].paragraph_index != s.paragraph_index:
                break
            if _quote_marks(sentences[j].text) % 2 == 1:
                out[i] = j
                break
    return out


def quotations(sentences: list[Sentence]) -> list[list[int]]:
    """The direct quotations of an article, each as the indices of its sentences: from the
    sentence that opens one to the one that closes it, within a paragraph (a sentence that is
    a whole quotation of its own, '"We are ready," he said.', is one too; '"Operation Dawn"
    began' is none)."""
    spans: list[list[int]] = []
    current: list[int] | None = None
    paragraph = None
    for i, s in enumerate(sentences):
        if s.paragraph_index != paragraph:
            paragraph, current = s.paragraph_index, None
        marks = _quote_marks(s.text)
        if current is not None:
            current.append(i)
            if marks % 2 == 1:
                current = None
        elif s.text.lstrip()[:1] in _OPEN_QUOTES and holds_quotation(s.text):
            current = [i]
            spans.append(current)
            if marks % 2 == 0:
                current = None
    return spans


# A statement's date follows its reporting cue closely: at most this many words between them,
# of which at most _STATEMENT_WINDOW_PLAIN_WORDS not capitalised (a speaker's name and title
# may be long: "ungkap Kapolsek Kota Contoh Kompol <name> dalam konferensi pers di Mapolres <city>,
# Jumat"; a clause is not: "disampaikan setelah dua jenazah ditemukan di lokasi itu pada Kamis").
_STATEMENT_WINDOW_WORDS = 15
_STATEMENT_WINDOW_PLAIN_WORDS = 8

_QUOTED = regex.compile(r'["“”]([^"“”]*)["“”]')
_SCARE_QUOTE_MAX_WORDS = 3


def holds_quotation(text: str) -> bool:
    """Whether a sentence holds (part of) a direct quotation: an unclosed quotation mark or
    a quoted passage of more than a few words (a quoted name or term, the " milisi ", is not
    one)."""
    if _quote_marks(text) % 2 == 1:
        return True
    return any(len(m.group(1).split()) > _SCARE_QUOTE_MAX_WORDS for m in _QUOTED.finditer(text))


def _is_statement_date(sentence: str, expr: TimeExpr, language: str) -> bool:
    """A date that says when something was said: close after a reporting cue
    ("..., ujar X saat ditemui, Selasa (21/10)", "mengatakan pada hari Kamis")."""
    for end in statement_cue_ends(sentence, language):
        between = sentence[end:expr.start]
        words = between.split()
        if (end <= expr.start and len(words) <= _STATEMENT_WINDOW_WORDS
                and sum(not w[:1].isupper() for w in words) <= _STATEMENT_WINDOW_PLAIN_WORDS
                and not opens_reported_clause(between, language)):
            return True
    return False


def _statement_day(sentence: str, language: str, reference: dt.date | None,
                   context: ResolvedDate | None) -> ResolvedDate | None:
    """The day a statement gives for its saying, outside quotations ("..., ujar X, Jumat
    (31/10/2025)"), if any."""
    for expr in find_time_expressions(sentence, language):
        if (expr.kind in ("explicit", "weekday") and not in_quotation(sentence, expr.start)
                and _is_statement_date(sentence, expr, language)):
            got = resolve_expression(expr, reference, context, None, is_future(sentence, language, expr.start), language)
            if got is not None and got.date is not None:
                return got
    return None


# Expressions that only make sense against the day in context ("malam itu", "pukul 15.00").
_CONTEXT_KINDS = frozenset({"part", "clock", "same_day", "earlier"})
# The story's incident is the earliest day told of the month before the reference date.
_INCIDENT_WINDOW = dt.timedelta(days=31)


def _other_toll(lead: tuple[int | None, int | None] | None, later: tuple[int | None, int | None] | None) -> bool:
    """Whether a later death toll cannot be (part of) the lead's: a vague range ("puluhan":
    10-99) that leaves out the other figure; a figure above the lead's stated maximum; or
    two "at least" tallies that differ ("sedikitnya 50" then "sedikitnya 20": two incidents).
    A smaller exact figure may be part of the lead's toll ("Sedikitnya 12 tewas" then
    "menewaskan 7 warga")."""
    if lead is None or later is None:
        return False
    (lead_low, lead_high), (later_low, later_high) = lead, later
    if lead_low is None or later_low is None:
        return False
    lead_vague = lead_high is not None and lead_high != lead_low
    later_vague = later_high is not None and later_high != later_low
    if lead_vague and later_vague and lead_high is not None and later_high is not None:
        return lead_high < later_low or later_high < lead_low
    if lead_vague and lead_high is not None:
        return not lead_low <= later_low <= lead_high
    if later_vague and later_high is not None:
        return not later_low <= lead_low <= later_high
    if lead_high is not None and later_low > lead_high:
        return True
    return lead_high is None and later_high is None and lead_low != later_low


def resolve_dates(records: list[SentenceRecord], language: str, reference: dt.date | None) -> None:
    """One date per sentence, from its own time expression or from its context (for a
    language with resource files).

    Reads: sentence (text, paragraphs), sub_event_type (from cue words), casualties (scope,
    killed). Writes: date.

    Two contexts are kept: the date of the last event told (narrative) and the date of the
    last statement ("ujar X, Rabu (5/11/2025)", also when the sentence is dated by other
    words). A sentence without time words inherits the statement date when it reports a
    statement, else the event date; a statement opening with an after-word ("Usai doa
    bersama, X menyampaikan") takes the event date. A day after the reference date dates its
    own sentence but is not the narrative's context. Sentences before the first dated event
    (headline, lead: the inverted pyramid) take the date of the first later event of the same
    sub-event type, else of the first event, skipping events whose death toll cannot be the
    lead's; a headline or lead that states a running toll (a killed figure whose casualty
    scope is a toll) takes the date of the first later sentence that dates the same toll
    itself ("Korban Tewas Bertambah Jadi 88" ... "Hingga Jumat (30/5/2025), jumlah korban
    tewas mencapai 88"). A statement that reports an incident's victims outside a quotation
    (casualty scope incident) takes the event's date. A sentence with casualty figures keeps
    its first date even when a named day follows. With no context at all, the reference date.

    Some phrases point at a known day instead: "Diberitakan sebelumnya" and "saat kejadian"
    at the story's incident (the earliest day told of the month before the reference date;
    after a flashback the story goes on from it), "Hingga kini, ..." opening a sentence at the
    last statement's day. A subheading takes the date of the sentence under it.
    """
    sentences = [r.sentence for r in records]
    kinds = [r.sub_event_type for r in records]
    tolls = [_toll_figure(r.casualties) for r in records]
    killed = [r.casualties.killed for r in records]
    fallback = reference_day(reference)
    told: list[int] = []  # the sentences that told a dated event, in order
    out: list[ResolvedDate | None] = []
    event_ctx: ResolvedDate | None = None
    statement_ctx: ResolvedDate | None = None
    incident_ctx: ResolvedDate | None = None  # the earliest recent day told so far: the incident
    pending: list[int] = []
    attribution = _quote_attribution(sentences)
    quote_start = {k: i for i, j in attribution.items() for k in range(i + 1, j + 1)}
    for i, sentence in enumerate(sentences):
        statement = is_statement(sentence.text, language)
        speech = None
        if i in attribution:
            speech = statement_date(sentences[attribution[i]].text, language, reference, event_ctx)
        got = resolve_sentence(sentence.text, language, reference, event_ctx, speech,
                               named_day_wins=records[i].casualties.scope is None)
        if (got is not None and got.expression is not None and got.expression.kind in ("month", "period", "part", "clock")
                and is_habitual(sentence.text, language)):
            got = None  # "biasanya ... dari April hingga Oktober": a general fact, no event date
        # "saat kejadian", "Diberitakan sebelumnya": the story's incident, not the last day told.
        pointer = incident_reference(sentence.text, language) if incident_ctx else None
        if pointer is not None and incident_ctx is not None and (got is None or got.date is None or got.expression is None
                                                                 or got.expression.kind in _CONTEXT_KINDS):
            kind, expr = pointer
            if got is not None and got.expression is not None and got.expression.kind in ("part", "clock"):
                placed = resolve_expression(got.expression, reference, incident_ctx, None, False, language)
                assert placed is not None  # a clock time or part of the day on the incident's (known) day
                got = dataclasses.replace(placed, basis="inherited")
            else:
                got = dataclasses.replace(incident_ctx.inherited(), expression=expr)
            if kind == "flashback":
                event_ctx = got
            out.append(got)
            continue
        now = opens_with_now(sentence.text, language) if got is None else None
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
                opening = out[quote_start[i]] if i in quote_start else None
                if opening is not None:
                    out.append(opening.inherited())
                    continue
            elif reference is None or got.date <= reference:
                told.append(i)
                event_ctx = got
                if (got.precision in DAY_OR_FINER and got.expression.kind not in _CONTEXT_KINDS
                        and (reference is None or reference - _INCIDENT_WINDOW <= got.date <= reference)
                        and (incident_ctx is None or incident_ctx.date is None or got.date < incident_ctx.date)):
                    incident_ctx = got
            out.append(got)
            continue
        if got is not None:
            out.append(got)
            continue
        if is_habitual(sentence.text, language):
            out.append(UNKNOWN_DATE)
            continue
        # The rest of a quotation shares the date of its first sentence.
        opening = out[quote_start[i]] if i in quote_start else None
        if opening is not None:
            out.append(opening.inherited())
            continue
        # A statement that reports an incident's victims ("more than 110 people died, the SNC
        # said") tells of the event: it takes the event's date, not the statement's.
        tells_event = (not statement or (records[i].casualties.scope == "incident" and not holds_quotation(sentence.text))
                       or (event_ctx is not None and opens_after_event(sentence.text, language)))
        # A direct quotation after background told by its year or month ("The ascendance began
        # in 1952 ..." then "'The army has done relatively well.'") is said on the statement's
        # day, not in that year.
        if (tells_event and event_ctx is not None and event_ctx.precision not in DAY_OR_FINER
                and holds_quotation(sentence.text)):
            tells_event = False
        ctx = event_ctx if tells_event else statement_ctx
        if ctx is not None:
            out.append(ctx.inherited())
        elif tells_event:
            pending.append(i)  # before any dated event: filled in below
            out.append(None)
        else:
            out.append(fallback)
    for j in pending:
        lead = None
        # A toll figure in the lead is dated by the later sentence dating the same toll; a lead
        # that speaks of a rising toll without a figure, by the first later dated toll.
        if tolls[j] is not None or mentions_toll(sentences[j].text, language):
            lead = next((later for i in range(j + 1, len(sentences))
                         if tolls[i] is not None and (tolls[j] is None or tolls[i] == tolls[j])
                         and (later := out[i]) is not None and later.expression is not None
                         and later.date is not None), None)
        # A later event with another death toll than the lead's is another incident.
        same = [i for i in told if not _other_toll(killed[j], killed[i])]
        if kinds[j] not in ("", "other", "statement", "report"):
            lead = lead or next((out[i] for i in same if kinds[i] == kinds[j]), None)
        lead = lead or next((out[i] for i in same), None)
        # The news a lead tells is recent: never a background year ("the Kenyan elections of
        # 2007") or anything long before the reference date; then the reference date.
        if lead is not None and (reference is None or lead.date is None or lead.date >= reference - _INCIDENT_WINDOW):
            out[j] = lead.inherited()
    dates = [r if r is not None else fallback for r in out]
    # A subheading dates the section it opens: "Korban Dimakamkan" takes
    # the date of the sentence under it, not the end of the section before.
    for i in range(len(sentences) - 1):
        if (dates[i].basis == "inherited" and dates[i].expression is None and dates[i + 1].date is not None
                and is_subheading(sentences, i)):
            dates[i] = dates[i + 1].inherited()
    for record, got in zip(records, dates, strict=True):
        record.date = _with_span(record.text, got, language, reference)


def _with_span(sentence: str, got: ResolvedDate, language: str, reference: dt.date | None) -> ResolvedDate:
    """A sentence dated from context that says "since March" covers the time from then:
    its start moves back to the span's opening (the date stays the context's day)."""
    if got.basis not in ("inherited", "reference") or got.start is None:
        return got
    opening = span_opening(sentence, language, reference, got)
    if opening is None or opening.start is None or opening.start >= got.start:
        return got
    return dataclasses.replace(got, start=opening.start, expression=opening.expression)


def _toll_figure(casualties: Casualties) -> int | None:
    """The killed figure of a sentence when it is stated as a running toll, else None."""
    if casualties.scope == "toll" and casualties.killed and casualties.killed[0] is not None:
        return casualties.killed[0]
    return None
