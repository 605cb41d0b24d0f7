"""Casualty figures (killed / injured / missing, and the humanitarian kinds displaced / affected /
rescued, as ranges) and who the victims were."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from .. import resources, schema
from .dates import in_quotation
from .numbers import Quantity, find_quantities
from .places import gazetteer

CATEGORIES = schema.CASUALTY_KINDS  # killed, injured, missing, displaced, affected, rescued
# What a figure counts: the people of one incident, a running total to date ("the death toll
# rose to 15", "korban tewas bertambah menjadi 88"), or a projection ("will be between ...").
SCOPES = schema.CASUALTY_SCOPES
# How far before a figure a projection cue ("akan", "will") may stand.
_PROJECTED_WINDOW_WORDS = 3
# An opening adverbial of at most this many words before the first comma ("So far,", "Hingga
# kini,") speaks for the whole sentence.
_OPENING_WORDS = 4
_COMMA = regex.compile(r"[,;:]")
_CLAUSE_END = regex.compile(r"[.:;!?\"`“”()]|(?<!\w)['‘’]|['‘’](?!\w)")  # not the apostrophe of "wouldn't"
_WORD = regex.compile(r"[\w-]+|[^\w\s]")
# How far a figure may stand before its verb ("20 orang lainnya ... dirawat").
_LEFT_WINDOW_WORDS = 10
_BREAK = regex.compile(r"[;:()]")
_NEXT_WORD = regex.compile(r"\s*(\S+)")


@dataclass(frozen=True)
class Figure:
    """One casualty figure: a category, a [low, high] range, the phrase and victim groups."""

    category: str
    low: int | None
    high: int | None
    text: str
    start: int
    end: int
    victims: tuple[str, ...]
    scope: str = "incident"
    number_at: int | None = None  # where the figure's number stands in `text`
    estimate: bool = False  # bounded, approximate or vague ("at least 8", "about 300", "hundreds")
    more: bool = False  # victims besides those already counted ("killed 12 ... scores more were butchered")


@dataclass(frozen=True)
class Casualties:
    """A sentence's casualty ranges (None = not stated) and the phrases behind them."""

    killed: tuple[int | None, int | None] | None = None
    injured: tuple[int | None, int | None] | None = None
    missing: tuple[int | None, int | None] | None = None
    displaced: tuple[int | None, int | None] | None = None
    affected: tuple[int | None, int | None] | None = None
    rescued: tuple[int | None, int | None] | None = None
    text: str | None = None
    victims: str | None = None
    figures: tuple[Figure, ...] = ()
    scope: str | None = None


@dataclass(frozen=True)
class _Lex:
    cues: tuple[tuple[str, str, regex.Pattern], ...]
    bridge: frozenset[str]
    bounds: tuple[tuple[str, regex.Pattern], ...]
    others: frozenset[str]
    not_people: frozenset[str]
    not_people_before: frozenset[str]
    not_casualty: regex.Pattern
    victims: tuple[tuple[str, regex.Pattern], ...]
    part_of: frozenset[str]
    aside: regex.Pattern
    aside_span: regex.Pattern
    total: regex.Pattern
    reach: regex.Pattern
    singular_killed: tuple[regex.Pattern, ...]
    headline_killed: tuple[regex.Pattern, ...]
    none_killed: tuple[regex.Pattern, ...]
    none_injured: tuple[regex.Pattern, ...]
    plural: frozenset[str]
    subset: regex.Pattern
    becomes: regex.Pattern  # reach words that are verbs ("menjadi", "rose to"), not "sebanyak"
    toll: regex.Pattern
    toll_after: regex.Pattern
    projected: regex.Pattern
    reach_direct: regex.Pattern
    deployment: regex.Pattern  # between a figure and its cue: those sent or searching, not victims
    clock_words: frozenset[str]
    people_nouns: frozenset[str]
    clause_openers: frozenset[str]  # words that open another clause: a cue's figure is not past them
    # The letter runs a sentence needs for any cue to match (resources.key_letter_runs of all
    # cue phrases; None: always look): a figure needs a cue, so a sentence without one has none.
    cue_keys: frozenset[str] | None = None


_NAME = r"(?-i:\p{Lu}[\p{L}\p{M}'’-]*)(?:\s+(?-i:\p{Lu}[\p{L}\p{M}'’-]*))*"


def _aside(openers: list[str], joiners: list[str]) -> regex.Pattern:
    """An aside between a figure and its cue: a clause opened by an aside word between commas
    ("12 orang, termasuk empat anak, tewas"), or the names of those counted ("dua penumpang
    yakni Darto dan Slamet meninggal dunia", "two guards, namely A and B, died")."""
    opener = "|".join(regex.escape(w) for w in openers) or "(?!x)x"
    joiner = "|".join(regex.escape(w) for w in joiners) or "(?!x)x"
    names = rf"(?:,\s*|\s)(?:{opener})\s+{_NAME}(?:(?:,\s*(?:(?:{joiner})\s+)?|\s+(?:{joiner})\s+){_NAME})*,?"
    return regex.compile(rf",\s*(?:{opener})\b.*,|{names}", regex.IGNORECASE)


@functools.cache
def _lexicon(language: str) -> _Lex:
    r = resources.load(language, "casualties")
    cues, cue_phrases = [], []
    for cat in CATEGORIES:
        spec = r[cat]
        for direction in ("left", "right"):
            if spec.get(direction):
                cues.append((cat, direction, resources.phrase_regex(spec[direction])))
                cue_phrases += spec[direction]
    bound_words = {k: r.get(k) or [] for k in ("more_than", "at_least", "at_most", "approximately", "exact")}
    exact_words = {resources.normalise(w) for w in bound_words["exact"]}
    bounds = tuple(
        (k, regex.compile(rf"(?<!\w)(?:{'|'.join(regex.escape(w) for w in sorted(v, key=len, reverse=True))})\s*$", regex.IGNORECASE))
        for k, v in bound_words.items() if v
    )
    groups = resources.load(language, "actors")["victim_groups"]
    victims = tuple((g, resources.phrase_regex(words)) for g, words in groups.items() if words)
    bridge = {resources.normalise(w) for w in r['bridge_words']}
    for v in bound_words.values():
        bridge.update(resources.normalise(w) for w in v)
    return _Lex(
        cues=tuple(cues),
        bridge=frozenset(bridge),
        bounds=bounds,
        others=frozenset(resources.normalise(w) for w in r["others_words"]),
        not_people=frozenset(str(w).lower() for w in r["not_people"]),
        not_people_before=frozenset(str(w).lower() for w in r["not_people_before"]),
        not_casualty=resources.phrase_regex(r["not_casualty"]),
        victims=victims,
        part_of=frozenset(resources.normalise(w) for w in r["part_of_words"]),
        aside=_aside(r["aside_openers"], r["name_joiners"]),
        aside_span=regex.compile(
            rf"(?:,\s*|\s)(?:{'|'.join(regex.escape(w) for w in r['aside_openers'] or ['(?!x)x'])})\b[^,]*,", regex.IGNORECASE),
        total=resources.phrase_regex(r["total_words"]),
        reach=resources.phrase_regex(r["reach_words"]),
        singular_killed=tuple(regex.compile(p, regex.IGNORECASE) for p in r["singular_killed"]),
        headline_killed=tuple(regex.compile(p) for p in r["headline_killed"]),
        none_killed=tuple(regex.compile(p, regex.IGNORECASE) for p in r["none_killed"]),
        none_injured=tuple(regex.compile(p, regex.IGNORECASE) for p in r["none_injured"]),
        plural=frozenset(resources.normalise(w) for w in r["plural_words"]),
        subset=resources.phrase_regex(r["subset_words"]),
        becomes=resources.phrase_regex([w for w in r["reach_words"]
                                        if resources.normalise(w) not in exact_words]),
        toll=resources.phrase_regex(r["toll_words"]),
        toll_after=resources.phrase_regex(r["toll_after_words"]),
        projected=resources.phrase_regex(r["projected_words"]),
        reach_direct=resources.phrase_regex(r["reach_after_cue_words"]),
        deployment=resources.phrase_regex(r["deployment_words"]),
        clock_words=frozenset(resources.normalise(w) for w in r["clock_words"]),
        people_nouns=frozenset(resources.normalise(w) for w in r["people_nouns"]),
        clause_openers=frozenset(resources.normalise(w) for w in r["clause_openers"]),
        cue_keys=resources.key_letter_runs(cue_phrases),
    )


def mentions_toll(sentence: str, language: str) -> bool:
    """Whether a sentence speaks of a running death toll without giving it ("Korban jiwa akibat
    banjir terus bertambah", "The death toll continued to rise"): a toll word and a killed cue."""
    lex = _lexicon(language)
    if lex.toll.search(sentence) is None:
        return False
    return any(cat == "killed" and pattern.search(sentence) for cat, _, pattern in lex.cues)


# More people than any disaster or war has killed, hurt or left missing (the Second World War
# killed 70-85 million): a larger figure is not a casualty count (a code, a typo, a joke).
MAX_FIGURE = 100_000_000


_BARE_FOUR_DIGITS = regex.compile(r"\d{4}")
_CLOCK_STAMP = regex.compile(r"\s*\p{Lu}")


def _is_count_of_people(q: Quantity, sentence: str, lex: _Lex) -> bool:
    if q.low > MAX_FIGURE:
        return False
    after = _WORD.findall(sentence[q.end:q.end + 30])
    before = _WORD.findall(sentence[max(0, q.start - 20):q.start])
    if after and after[0].lower() in lex.not_people:
        return False
    if _BARE_FOUR_DIGITS.fullmatch(q.text):
        # A live blog's clock stamp opening a line ("1850 The Red Cross says ..."), a clock time
        # ("2200 GMT") or a year ("in 1843, a quake killed 5,000"; "1998 people died" is a count).
        if not sentence[:q.start].strip() and _CLOCK_STAMP.match(sentence, q.end):
            return False
        following = resources.normalise(" ".join(after[:2]))
        if after and (resources.normalise(after[0]) in lex.clock_words or following in lex.clock_words):
            return False
        if 1000 <= q.low <= 2100 and not (after and resources.normalise(after[0]) in lex.people_nouns) \
                and not _cue_follows(sentence, q.end, lex):
            return False
    if before and before[-1].lower().rstrip(".") in lex.not_people_before:
        return False
    # "Budi (31)": an age in brackets, not a count; so is "Kellermann, 41, was found dead".
    if sentence[max(0, q.start - 1):q.start] == "(" and sentence[q.end:q.end + 1] == ")":
        return False
    return not (_AGE_AFTER_NAME.search(sentence, 0, q.start) and sentence[q.end:q.end + 1] == ","
                and q.text.isdigit() and q.low < 120)


# A capitalised name and a comma right before a number ("Kellermann, 41,").
_AGE_AFTER_NAME = regex.compile(r"\p{Lu}[\p{Ll}'-]+,\s$")


def _cue_follows(sentence: str, end: int, lex: _Lex) -> bool:
    """Whether a casualty cue starts right after position `end` ("1200 tewas")."""
    m = _NEXT_WORD.match(sentence, end)
    return m is not None and any(pattern.match(sentence, m.start(1)) for _, _, pattern in lex.cues)


def _bounded(q: Quantity, sentence: str, lex: _Lex) -> tuple[int | None, int | None, int]:
    """(low, high, start of the phrase including its bound word)."""
    before = sentence[max(0, q.start - 40):q.start]
    for kind, pattern in lex.bounds:
        m = pattern.search(before)
        if not m:
            continue
        start = q.start - (len(before) - m.start()) + (1 if m.group(0)[:1].isspace() else 0)
        if kind == "at_least":
            return q.low, None, start
        if kind == "more_than":
            return q.low + 1 if not q.vague else q.low, None, start
        if kind == "at_most":
            return None, q.high, start
        return q.low, q.high, start
    return q.low, q.high, q.start


def _victims(text: str, lex: _Lex) -> tuple[str, ...]:
    found = []
    for group, pattern in lex.victims:
        if pattern.search(text) and group not in found:
            found.append(group)
    if len(found) > 1 and "unspecified" in found:
        found.remove("unspecified")
    return tuple(found)


def extract_casualties(sentence: str, language: str, blocked: Sequence[tuple[int, int]] = ()) -> Casualties:
    """Killed/injured/missing ranges stated in a sentence.

    `blocked` are spans (e.g. time expressions) whose numbers are not counts.
    """
    lex = _lexicon(language)
    if not resources.may_contain(lex.cue_keys, sentence):
        return _singular(sentence, lex, language)  # no cue, no figure (most sentences): only a death told without one
    mask = bytearray(len(sentence) + 1)
    for s, e in blocked:
        mask[s:e] = b"\x01" * (e - s)
    # "Salah satu korban luka adalah ...": one of those already counted, no figure of its own.
    for m in lex.subset.finditer(sentence):
        mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    quantities = [
        q for q in find_quantities(sentence, language)
        if not any(mask[q.start:q.end]) and _is_count_of_people(q, sentence, lex)
    ]
    # Figures inside an aside after a figure ("12 orang termasuk empat dari satu keluarga,
    # tewas"; "30 were killed on Friday, including 12 soldiers,") are parts of it, not
    # counts of their own.
    for m in lex.aside_span.finditer(sentence):
        head = [q for q in quantities
                if q.end <= m.start() and len(sentence[q.end:m.start()].split()) <= _LEFT_WINDOW_WORDS]
        if head:
            quantities = [q for q in quantities if not (m.start() <= q.start < m.end())]
    quantities = [
        q for k, q in enumerate(quantities)
        if not (k > 0 and resources.normalise(sentence[quantities[k - 1].end:q.start]) in lex.part_of)
    ]
    if not quantities:
        return _singular(sentence, lex, language)
    not_cas = [(m.start(), m.end()) for m in lex.not_casualty.finditer(sentence)]
    # "no one was killed": its cue word takes no figure ("12 arrested but no one was killed").
    not_cas += [(m.start(), m.end()) for p in (*lex.none_killed, *lex.none_injured) for m in p.finditer(sentence)]
    cues = []
    for cat, direction, pattern in lex.cues:
        for m in pattern.finditer(sentence):
            if any(s <= m.start() < e for s, e in not_cas):
                continue
            cues.append((m.start(), m.end(), cat, direction))
    # One cue per position: the longest phrase wins, left-anchored cues first.
    cues.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[3] != "left"))
    used: set[int] = set()
    figures: list[Figure] = []
    cue_starts = sorted(c[0] for c in cues)
    q_ends = [q.end for q in quantities]
    q_by_start = {q.start: i for i, q in enumerate(quantities)}
    taken_until = -1
    for c_start, c_end, cat, direction in cues:
        if c_start < taken_until:
            continue
        link = None
        if direction == "left":
            for i in range(bisect.bisect_right(q_ends, c_start) - 1, -1, -1):
                q = quantities[i]
                if i in used:
                    continue
                if c_start - q.end > 300:
                    break
                between = lex.aside.sub(" ", sentence[q.end:c_start])
                if len(between.split()) > _LEFT_WINDOW_WORDS or _BREAK.search(between):
                    break
                if lex.deployment.search(between):
                    break  # "150 personel dikerahkan untuk mencari korban hilang": not victims
                if bisect.bisect_left(cue_starts, q.end) < bisect.bisect_left(cue_starts, c_start):
                    break
                link = (i, between)
                break
        else:
            last = None
            pos = c_end
            free_words = 2  # "korban tewas akibat banjir bertambah menjadi 61"
            for _ in range(8):
                m = _NEXT_WORD.match(sentence, pos)
                if not m:
                    break
                nxt = q_by_start.get(m.start(1))
                if nxt is not None:
                    last = nxt
                    pos = quantities[nxt].end
                    continue
                word = m.group(1).lower()
                if word in lex.clause_openers:
                    break  # "several officials were killed when 1,000 inmates escaped": another clause
                if word not in lex.bridge:
                    if (last is not None or free_words == 0 or not word.isalpha()
                            or bisect.bisect_left(cue_starts, pos) < bisect.bisect_left(cue_starts, m.end())):
                        break
                    free_words -= 1
                pos = m.end()
            if last is not None and last not in used:
                q = quantities[last]
                link = (last, sentence[q.end:q.end + 40].split(",")[0])
        if link is None:
            link = _total_after(sentence, c_start, c_end, direction, quantities, used, lex)
        if link is None:
            continue
        i, victim_text = link
        used.add(i)
        q = quantities[i]
        low, high, start = _bounded(q, sentence, lex)
        span_start = min(start, c_start)
        span_end = max(q.end, c_end)
        victims = _victims(victim_text, lex)
        words = {resources.normalise(w) for w in victim_text.split()}
        more = bool(words & lex.others) and bool(figures)
        if not victims and more:
            victims = figures[-1].victims
        scope = _scope(sentence, span_start, span_end, lex)
        estimate = q.vague or start != q.start  # a bound or approximation word stands before it
        figures.append(Figure(cat, low, high, sentence[span_start:span_end], span_start, span_end, victims, scope,
                              q.start - span_start, estimate, more))
        taken_until = c_end
    # A figure whose cue is one of a list of kinds ("killed, injured or homeless", "tewas dan
    # luka-luka") counts them together: no figure of any one kind.
    chained = _chained_cues(sentence, cues)
    figures = [f for f in figures if not any(s <= f.start + (f.number_at or 0) < e or f.start <= s < f.end
                                             for s, e in chained)]
    if not figures:
        return _singular(sentence, lex, language)
    ranges: dict[str, tuple[int | None, int | None]] = {}
    for cat in CATEGORIES:
        mine = [f for f in figures if f.category == cat]
        if not mine:
            continue
        # A projection beside a reported figure is not added to it ("hundreds are feared dead;
        # the toll could run into thousands" is hundreds); alone, it is the sentence's figure.
        mine = [f for f in mine if f.scope != "projected"] or mine
        # A figure quoted beside the narrator's own is the speaker's, of another scope ("...
        # leaves 40 dead. Our reporter: 'It has been a year and 5,000 or more dead'"): the
        # narrator's figures stand for the sentence.
        mine = [f for f in mine if not in_quotation(sentence, f.start)] or mine
        # A stated total ("the toll rose to 15", "korban tewas bertambah menjadi 15") holds the
        # other figures of its victims in the sentence, before or after it ("killed 12,
        # bringing the toll to 40" is 40; "the toll rose to 15 after rescuers found three
        # bodies" is 15); the last total of a group stands for it. Figures of other groups
        # are added.
        totals = [f for f in mine if (f.scope == "toll" and _states_total(f, lex))
                  or (f.scope == "incident" and _reached(f, lex))]
        kept = [t for k, t in enumerate(totals) if not any(_same_victims(t, u) for u in totals[k + 1:])]
        kept += [f for f in mine if f not in totals and not any(_same_victims(f, t) for t in kept)]
        kept.sort(key=lambda f: f.start)
        ranges[cat] = _combined(kept, sentence)
    told_scope = _sentence_scope(figures)  # of the figures told: a zero beside them does not change it
    zeros = _none_figures(sentence, lex, ranges)
    for f in zeros:
        ranges[f.category] = (0, 0)
    figures = sorted([*figures, *zeros], key=lambda f: f.start)
    victim_groups: list[str] = []
    for f in figures:
        for v in f.victims:
            if v not in victim_groups:
                victim_groups.append(v)
    return Casualties(
        killed=ranges.get("killed"),
        injured=ranges.get("injured"),
        missing=ranges.get("missing"),
        displaced=ranges.get("displaced"),
        affected=ranges.get("affected"),
        rescued=ranges.get("rescued"),
        text="; ".join(f.text for f in figures),
        victims=", ".join(victim_groups) or None,
        figures=tuple(figures),
        scope=told_scope,
    )


_LIST_JOINER = regex.compile(r"\s*(?:,|/|\bor\b|\band\b|\batau\b|\bdan\b|\bserta\b|,\s*(?:or|and|atau|dan))\s*", regex.IGNORECASE)


def _chained_cues(sentence: str, cues: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Spans of lists of cues of different kinds joined by a comma, "or" or "and" with nothing
    else between them ("killed, injured or homeless", "tewas dan luka-luka")."""
    spans: list[tuple[int, int]] = []
    ordered = sorted({(s, e, cat) for s, e, cat, _ in cues})
    k = 0
    while k < len(ordered):
        s, e, cat = ordered[k]
        kinds, end, j = {cat}, e, k + 1
        while j < len(ordered):
            s2, e2, cat2 = ordered[j]
            if s2 < end:  # an overlapping (shorter or longer) cue at the same place
                j += 1
                continue
            if not _LIST_JOINER.fullmatch(sentence, end, s2):
                break
            kinds.add(cat2)
            end = max(end, e2)
            j += 1
        if len(kinds) > 1:
            spans.append((s, end))
        k = j if j > k + 1 else k + 1
    return spans


_UNSPECIFIED = ("unspecified",)  # "people", or no word for the victims at all
_PLACE_AFTER = regex.compile(r"[^.;]{0,40}?\b(?:in|at|near|di|ke)\s+(?:the\s+)?(\p{Lu}[\w-]+)")


def _combined(kept: list[Figure], sentence: str) -> tuple[int | None, int | None]:
    """The range of a sentence's figures of one kind: figures of different victim groups or of
    different places are added ("80 deaths in Cairo, 36 in Alexandria"), and so are exact
    counts of the same victims ("tiga orang menjadi korban tewas dan dua orang tewas di rumah
    sakit" is 5); estimates of the same victims are rival estimates of one toll ("more than
    100,000 ... between 30,000 and 50,000"): their envelope, never their sum. A figure without
    a place beside figures of named places holds them ("12 killed, 5 in Cairo and 7 in Suez"
    is 12)."""
    by_victims: dict[tuple[str, ...], dict[str | None, list[Figure]]] = {}
    for f in kept:
        m = _PLACE_AFTER.match(sentence, f.start + (f.number_at or 0))
        by_victims.setdefault(f.victims or _UNSPECIFIED, {}).setdefault(m.group(1) if m else None, []).append(f)
    total: tuple[int | None, int | None] = (0, 0)
    for places in by_victims.values():
        placed: tuple[int | None, int | None] = (0, 0)
        for place, figs in places.items():
            if place is not None:
                placed = _add(placed, _envelope(figs))
        if None in places:
            whole = _envelope(places[None])
            if len(places) > 1:  # the larger of the whole and the sum of its places
                whole = (_larger(whole[0], placed[0]),
                         None if whole[1] is None or placed[1] is None else max(whole[1], placed[1]))
            placed = whole
        total = _add(total, placed)
    return total


def _envelope(figs: list[Figure]) -> tuple[int | None, int | None]:
    """Figures of the same victims and place: exact counts are added; with an estimate among
    them they are rival figures of one toll: the lowest low and the highest high (unknown when
    one is). Figures of others besides them ("scores more", "dua lainnya") are added to that."""
    extra = [f for f in figs if f.more]
    figs = [f for f in figs if not f.more] or extra[:1]
    if extra and extra[0] is figs[0]:
        extra = extra[1:]
    if extra:
        return _add(_envelope(figs), (sum(f.low or 0 for f in extra), sum(f.high or 0 for f in extra)))
    if not any(f.estimate for f in figs):
        return (sum(f.low for f in figs if f.low is not None), sum(f.high for f in figs if f.high is not None))
    lows, highs = [f.low for f in figs], [f.high for f in figs]
    return (min(x for x in lows if x is not None) if None not in lows else None,
            max(x for x in highs if x is not None) if None not in highs else None)


def _add(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    return (None if a[0] is None or b[0] is None else a[0] + b[0],
            None if a[1] is None or b[1] is None else a[1] + b[1])


def _larger(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _states_total(f: Figure, lex: _Lex) -> bool:
    """Whether a figure's own phrase states a running total ("death toll rose to 15")."""
    return bool(lex.toll.search(f.text) or lex.reach.search(f.text) or _reached(f, lex))


def _reached(f: Figure, lex: _Lex) -> bool:
    """ "korban tewas menjadi 15": a verb of reaching between the cue and the number, not
    "tiga orang menjadi korban tewas" after it."""
    return f.number_at is not None and any(m.end() <= f.number_at for m in lex.becomes.finditer(f.text))


def _same_victims(a: Figure, b: Figure) -> bool:
    """Whether two figures may count the same people: the same group, or one unstated."""
    va, vb = set(a.victims) - {"unspecified"}, set(b.victims) - {"unspecified"}
    return not va or not vb or bool(va & vb)


def _scope(sentence: str, start: int, end: int, lex: _Lex) -> str:
    """Whether a figure is a projection, a running total, or the count of one incident.

    Only the figure's own clause counts (commas, semicolons, colons and quotation marks end
    one). A projection cue ("will", "akan") must stand in the three words before the figure or
    inside its phrase; a total cue ("toll", "so far") anywhere in the clause around it; a span
    cue ("since", "sejak") after the figure ("10,000 have been killed since March"); an opening
    phrase before the sentence's first comma counts for the whole sentence ("So far, ...").
    """
    lead = _CLAUSE_END.split(sentence[max(0, start - 80):start])[-1]
    window = " ".join(lead.split()[-_PROJECTED_WINDOW_WORDS:]) + " " + sentence[start:end]
    if lex.projected.search(window):
        return "projected"
    lead = _COMMA.split(lead)[-1]
    after = _COMMA.split(sentence[end:end + 40], maxsplit=1)[0]
    lo, hi = start - len(lead), end + len(after)
    # Matched on the whole sentence (so "totally" is no "total"), kept when inside the clause.
    if any(m.end() <= hi for m in lex.toll.finditer(sentence, lo, len(sentence)) if m.start() < hi):
        return "toll"
    if any(m.end() <= hi for m in lex.toll_after.finditer(sentence, end, len(sentence)) if m.start() < hi):
        return "toll"
    # An opening phrase before the first comma speaks for the sentence ("So far, 88 have died").
    opening = _COMMA.search(sentence, 0, min(len(sentence), 40))
    if (opening is not None and opening.end() <= lo and len(sentence[:opening.start()].split()) <= _OPENING_WORDS
            and lex.toll.search(sentence, 0, opening.start())):
        return "toll"
    return "incident"


def _sentence_scope(figures: list[Figure]) -> str | None:
    """The sentence's scope, told by its deaths when it states any (else by its other figures):
    projected only when every such figure is; a total wins over incidents."""
    killed = [f for f in figures if f.category == "killed"]
    scopes = {f.scope for f in (killed or figures)}
    if not scopes:
        return None
    if scopes == {"projected"}:
        return "projected"
    return "toll" if "toll" in scopes else "incident"


def _total_after(sentence, c_start, c_end, direction, quantities, used, lex):
    """ "jumlah warga yang tewas ... mencapai 115 orang": the figure after a verb of reaching,
    for a cue that a total word ("jumlah") introduces a few words earlier, or for a cue that
    names the dead itself and a verb of reaching follows within a few words ("korban tewas
    akibat banjir bandang bertambah menjadi 88 orang")."""
    window = sentence[max(0, c_start - 60):c_start]
    total = lex.total.search(window)
    if total is not None and len(window[total.end():].split()) > 6:
        total = None
    if total is None and direction != "right":
        return None
    reach = (lex.reach if total is not None else lex.reach_direct).search(sentence, c_end, min(len(sentence), c_end + 250))
    if reach is None:
        return None
    if total is None and (len(sentence[c_end:reach.start()].split()) > 8 or regex.search(r"[,;:]", sentence[c_end:reach.start()])):
        return None
    for i, q in enumerate(quantities):
        if (q.start >= reach.end() and i not in used and len(sentence[reach.end():q.start].split()) <= 3
                and not regex.search(r"[,;:]", sentence[reach.end():q.start])):
            victim_start = total.end() + max(0, c_start - 60) if total is not None else c_start
            return i, sentence[victim_start:c_start]
    return None


_ANY_DIGIT = regex.compile(r"\d")
_REDUPLICATED = regex.compile(r"(?<![\w-])(\w+)-\1(?![\w-])", regex.IGNORECASE)  # "anak-anak": a plural


def headline_death(headline: str, language: str) -> Casualties | None:
    """One death told by a headline without a figure ("Penjaga Toko Tewas Tertimpa Pohon": a
    headline of this style gives a number when more than one died), or None.
    `headline_killed` of casualties.yaml; case matters (a headline is In Title Case)."""
    lex = _lexicon(language)
    if _ANY_DIGIT.search(headline) or find_quantities(headline, language):
        return None
    for pattern in lex.headline_killed:
        m = pattern.search(headline)
        if m:
            before = headline[:m.start()]
            if _REDUPLICATED.search(before) or any(resources.normalise(w) in lex.plural for w in before.split()):
                return None  # "Para Penambang Tewas", "Anak-anak Tewas": several
            fig = Figure("killed", 1, 1, m.group(0), m.start(), m.end(), ())
            return Casualties(killed=(1, 1), text=fig.text, figures=(fig,), scope="incident")
    return None


_CAPITALISED = regex.compile(r"(?<![\w-])\p{Lu}[\p{L}\p{M}'’-]*")


def _names_a_group(sentence: str, start: int, text: str, lex: _Lex, language: str) -> bool:
    """Whether a singular death's capitalised names are all places ("Tentara Ruritania tewas";
    the sentence's first word aside) or follow a word for people ("warga Sampleton tewas"): people
    of a place, not one person ("Ana Santos" is a person though Santos is a town)."""
    places = gazetteer(language)
    words = [w.group(0) for w in _CAPITALISED.finditer(text) if start + w.start() > 0]  # not the sentence's first
    if not words:
        return False
    before = resources.normalise(resources.previous_word(sentence, start))
    return before in lex.people_nouns or all(
        (place := places.get(resources.normalise(w))) is not None and place.kind != "demonym" for w in words)


def _singular(sentence: str, lex: _Lex, language: str) -> Casualties:
    """One death stated without a figure ("korban tewas", "nyawanya tak tertolong")."""
    for pattern in lex.singular_killed:
        m = pattern.search(sentence)
        if not m:
            continue
        if resources.normalise(resources.previous_word(sentence, m.start())) in lex.plural:
            continue
        if any(s.start() <= m.start() <= s.end() + 1 for s in lex.subset.finditer(sentence)):
            continue  # "salah satu korban tewas": one of the dead, not one death
        if _names_a_group(sentence, m.start(), m.group(0), lex, language):
            continue  # "warga Sampleton tewas", "Tentara Ruritania tewas": people of a place, no name
        text = m.group(0).rstrip()
        fig = Figure("killed", 1, 1, text, m.start(), m.start() + len(text), ())
        return Casualties(killed=(1, 1), text=fig.text, figures=(fig,), scope="incident")
    return _none_stated(sentence, lex)


def _none_figures(sentence: str, lex: _Lex, stated: Iterable[str] = ()) -> list[Figure]:
    """ "Tidak ada korban jiwa", "no one was hurt": a figure of 0 for each kind not `stated`
    otherwise (shown on the event; never a toll: pipeline.corpus counts no zero)."""
    figures = []
    for kind, patterns in (("killed", lex.none_killed), ("injured", lex.none_injured)):
        if kind in stated:
            continue
        m = next((m for p in patterns if (m := p.search(sentence))), None)
        if m is not None:
            figures.append(Figure(kind, 0, 0, m.group(0), m.start(), m.end(), ()))
    return figures


def _none_stated(sentence: str, lex: _Lex) -> Casualties:
    """A sentence without figures that states no one was killed or hurt (see _none_figures)."""
    figures = _none_figures(sentence, lex)
    if not figures:
        return Casualties()
    kinds = {f.category for f in figures}
    return Casualties(killed=(0, 0) if "killed" in kinds else None, injured=(0, 0) if "injured" in kinds else None,
                      text="; ".join(f.text for f in figures), figures=tuple(figures), scope="incident")
