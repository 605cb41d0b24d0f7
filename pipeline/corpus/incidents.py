"""Incidents: the event mentions of every article grouped into one record per real-world event
(as ACLED and UCDP coders do by hand), with every mention and source listed, the reason each
two were merged, and the reconciled killed and injured figures (low, best, high).

Works on plain event rows (as a build writes them); near-linear: mentions are compared only
within blocks of one country and event type, a day apart (two weeks for one disaster).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import resources, schema

CHARTED_PRECISIONS = frozenset({"minute", "hour", "part_of_day", "day"})
# The ways a sentence gives its own day (else it takes its article's or the sentence's before).
OWN_DATE_BASES = frozenset({"explicit", "weekday", "relative"})
FIGURE_SCOPES = frozenset({"incident", "toll"})
DAY = dt.timedelta(days=1)
# Mentions of one disaster (an earthquake, a flood) in one country within this many days are the
# same disaster, told on the days and weeks after it.
DISASTER_DAYS = 30
# One disaster's mentions may name towns up to this far apart (a landslide's village and the
# hospital of the next town).
DISASTER_KM = 100
# A disaster's mention is compared with this many before it of its kind.
DISASTER_LINKS = 20
# Other incidents are of one town: their places (a square, a district) at most this far apart.
SAME_TOWN_KM = 10
# Sentences this similar (rapidfuzz token set ratio, 0-100) on the same day and kind tell the same event.
SIMILAR_SENTENCES = 70
# A country is one of the corpus's crisis countries when it is the main country of at least this
# share of the articles of the country named most (a corpus on Egypt holds many articles on the
# US, which are not its crisis).
FOCUS_SHARE = 0.5
# A figure more than this many times the incident's toll so far, told by one article only, is
# flagged (not drawn unless asked for), unless another article tells about as much within
# AGREE_DAYS days.
JUMP = 10
AGREE_DAYS = 2


@dataclass
class Mention:
    """An event row taking part in incidents, with what the grouping reads."""

    row: dict
    day: dt.date
    report: dt.date
    country: str | None
    location: str | None
    named_actors: frozenset[str]

    @property
    def event_id(self) -> str:
        return self.row["event_id"]


@dataclass
class Incident:
    """A group of mentions of one real-world event, and why they were put together."""

    mentions: list[Mention]
    reasons: list[str] = field(default_factory=list)


def article_countries(rows: Iterable[dict]) -> dict[str, str | None]:
    """Each article's main country: the one its located events name most, else the one its
    events name most (ties: the first named)."""
    located: dict[str, Counter] = defaultdict(Counter)
    named: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r.get("country"):
            named[r["article_id"]][r["country"]] += 1
            if r.get("location"):
                located[r["article_id"]][r["country"]] += 1
    out: dict[str, str | None] = {}
    for article, counts in named.items():
        best = located.get(article) or counts
        out[article] = best.most_common(1)[0][0] if best else None
    return out


def mention_country(row: dict, articles: dict[str, str | None]) -> str | None:
    """Where an event's victims were: the country of the place the sentence names (none for a
    region across countries, "in Europe", nor for a figure of many countries, "worldwide"), else
    its article's main country (a nationality or
    an agent, "the Ruritanian army believes 2,000 are dead", says who speaks, not where)."""
    if row.get("location"):
        if _is_region(row["location"]):
            return None
        victims = victims_nationality(row)
        return victims if victims is not None else row.get("country")
    if _worldwide(row.get("sentence") or "", row.get("language") or ""):
        return None
    return articles.get(row["article_id"]) or row.get("country")


def victims_nationality(row: dict) -> str | None:
    """The country of a figure's victims when the sentence names them by a nationality other
    than its place's ("investigators in Sampleton say 9,000 Ruritanian civilians died": Ruritania), else
    None. Read only for events with killed or injured figures."""
    if not any(row.get(f"{k}_min") is not None or row.get(f"{k}_max") is not None for k in ("killed", "injured")):
        return None
    return _nationality(row.get("sentence") or "", row.get("language") or "", row.get("country"))


@functools.lru_cache(maxsize=8192)
def _nationality(sentence: str, language: str, country: str | None) -> str | None:
    from ..extract.places import find_places

    if language not in resources.supported_languages():
        return None
    named = {p.place.name for p in find_places(sentence, language, frozenset()) if p.place.kind == "demonym"}
    return next(iter(named)) if len(named) == 1 and country not in named else None


def _worldwide(sentence: str, language: str) -> bool:
    """Whether a sentence tells of many countries ("144 deaths in 74 countries", "worldwide")."""
    pattern = _worldwide_pattern(language)
    return pattern is not None and pattern.search(sentence) is not None


@functools.lru_cache(maxsize=16)
def _worldwide_pattern(language: str):  # -> regex.Pattern | None
    if language not in resources.supported_languages():
        return None
    return resources.phrase_regex(resources.load(language, "places")["worldwide_words"])


@functools.lru_cache(maxsize=4096)
def _is_region(location: str) -> bool:
    """Whether a place the pipeline named is a region of no one country ("Europe", "Middle East")."""
    from ..extract.places import gazetteer

    key = resources.normalise(location)
    for language in resources.supported_languages():
        place = gazetteer(language).get(key)
        if place is not None:
            return place.country is None
    return False


def focus_countries(articles: dict[str, str | None]) -> frozenset[str]:
    """The crisis countries of a corpus: those that are the main country of at least
    FOCUS_SHARE as many articles as the country named most."""
    counts = Counter(c for c in articles.values() if c)
    top = max(counts.values(), default=0)
    return frozenset(c for c, n in counts.items() if n >= FOCUS_SHARE * top)


def has_harm(row: dict) -> bool:
    """Whether an event states killed, injured or missing figures (a zero states none)."""
    return any(schema.states_figure(row, kind) for kind in schema.HARM_KINDS)


def _group_names() -> frozenset[str]:
    """The canonical role groups ("police", "protesters"): shared by too many events to tell one from another."""
    names: set[str] = set()
    for language in resources.supported_languages():
        names.update(resources.load(language, "actors")["groups"])
    return frozenset(names)


def mentions_of(rows: Iterable[dict], articles: dict[str, str | None]) -> list[Mention]:
    """The events that take part in incidents: dated to a day, not background, of a harmful type
    or with killed, injured or missing figures."""
    groups = _group_names()
    out = []
    for r in rows:
        if (r.get("background") or r.get("date") is None or r.get("date_precision") not in CHARTED_PRECISIONS
                or not (r.get("event_type") in schema.HARMFUL_EVENT_TYPES or has_harm(r))):
            continue
        day = dt.date.fromisoformat(r["date"])
        report = dt.date.fromisoformat(r["reference_date"]) if r.get("reference_date") else day
        place = r.get("location") if r.get("location") != r.get("country") else None  # a country is no place
        if place and victims_nationality(r) is not None:
            place = None  # "in Sampleton ... 9,000 Ruritanian civilians died": not Sampleton's
        out.append(Mention(r, day, max(day, report), mention_country(r, articles), place,
                           frozenset(a for a in r.get("actors") or () if a not in groups)))
    return out


class _Groups:
    """Union-find over mentions that never joins two groups with different named places."""

    def __init__(self, mentions: list[Mention]):
        self.parent = list(range(len(mentions)))
        self.places: list[set[str]] = [{m.location} if m.location else set() for m in mentions]
        # The days the group's mentions give in their own words ("on Tuesday", "12 January"): a
        # sentence dated only by its article's day tells when it was reported, not when it happened.
        self.days: list[tuple[dt.date, dt.date] | None] = [
            (m.day, m.day) if m.row.get("date_basis") in OWN_DATE_BASES else None for m in mentions]
        self.disaster: list[bool] = [m.row.get("event_type") == "disasters" for m in mentions]
        self.kinds: list[set[tuple]] = [{_kind(m)} if _harmful(m) else set() for m in mentions]
        self.reasons: dict[int, list[str]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, reason: Callable[[], str], retold: bool = False) -> None:
        """Join the groups of i and j, unless they name different places (a disaster: towns
        more than DISASTER_KM apart) or together span more than a day (a disaster:
        DISASTER_DAYS). A retelling (`retold`: the same toll days later) joins without widening
        the span."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if len(self.kinds[a] | self.kinds[b]) > 1:
            return  # an incident is of one kind
        disaster = self.disaster[a] or self.disaster[b]
        new = [(x, y) for x in self.places[a] for y in self.places[b] if x != y]  # pairs not yet checked
        if new and not (_near(new, DISASTER_KM, unknown_near=True) if disaster
                        else _near(new, SAME_TOWN_KM, unknown_near=False)):
            return
        spans = [d for d in (self.days[a], self.days[b]) if d is not None]
        first = min(d[0] for d in spans) if spans else None
        last = max(d[1] for d in spans) if spans else None
        if not retold and first is not None and last is not None and (last - first).days > (DISASTER_DAYS if disaster else 1):
            return
        self.parent[b] = a
        self.places[a] |= self.places[b]
        self.disaster[a] = disaster
        self.kinds[a] |= self.kinds[b]
        if not retold and first is not None and last is not None:
            self.days[a] = (first, last)
        self.reasons[a] += [*self.reasons.pop(b, []), reason()]


def _harmful(m: Mention) -> bool:
    return m.row.get("event_type") in schema.HARMFUL_EVENT_TYPES


# Event types one incident may be told as: a protest that police break up or that turns into a
# riot; an attack told as a bombing by one source and as a clash by another.
_KIN = {"riots": "protests", "explosions_remote_violence": "violence", "violence_against_civilians": "violence",
        "battles": "violence"}


def _kind(m: Mention) -> tuple:
    """The kind of incident a mention of a harmful type tells: its event type (riots as
    protests; battles, explosions and attacks on civilians as political violence), and for a
    disaster its sub-type (an earthquake is no flood)."""
    event_type = str(m.row.get("event_type"))
    return (_KIN.get(event_type, event_type), m.row.get("sub_event_type") if event_type == "disasters" else None)


def _compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions may tell one incident: of the same kind (_kind), or one of them of
    no harmful type (a statement or a decision that gives figures)."""
    return not (_harmful(a) and _harmful(b)) or _kind(a) == _kind(b)


def _near(pairs: list[tuple[str, str]], km: float, unknown_near: bool) -> bool:
    """Whether the places of each pair are at most `km` apart; a place without coordinates (a
    region, a province) is near all when `unknown_near`, else near none."""
    from ..extract.places import distance_km

    return all(unknown_near if (d := distance_km(a, b)) is None else d <= km for a, b in pairs)


# A mention is compared with at most this many of the mentions before it that share a key.
RECENT = 40


def _recent(before: list[int], mentions: list[Mention], day: dt.date, days: int) -> list[int]:
    """The last RECENT of `before` (in day order) at most `days` days before `day`."""
    out = []
    for i in reversed(before[-RECENT:]):
        if (day - mentions[i].day).days > days:
            break
        out.append(i)
    return out


def group_mentions(mentions: list[Mention]) -> list[Incident]:
    """Mentions grouped into incidents. Two mentions of one country and of one kind (or one of
    them of no harmful kind: a statement with figures) are the same incident when (strongest
    reason first): they name the same place a day apart or less, or the same place and the same
    death toll within DISASTER_DAYS (told again later); one article tells them together (same
    day, sentences at most two apart; or a figure in a sentence of no harmful kind, which goes
    to the article's nearest incident that day); they are the same kind of disaster within
    DISASTER_DAYS; both state figures, a day apart or less, at least one naming no place, and
    they share a named actor or their sentences are SIMILAR_SENTENCES alike. A group never
    holds two places more than SAME_TOWN_KM apart (a disaster's: DISASTER_KM).
    Linear: a mention is compared within its country with the last RECENT mentions of its place,
    its article, or stating figures, a day apart (disasters: DISASTER_LINKS, DISASTER_DAYS)."""
    from rapidfuzz import fuzz

    groups = _Groups(mentions)
    pairs: list[tuple[int, int, int]] = []  # (strength, i, j)
    by_country: dict[str | None, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_country[m.country].append(i)
    harm = [has_harm(m.row) for m in mentions]
    for members in by_country.values():
        members.sort(key=lambda i: mentions[i].day)
        # Each mention is compared with the last few before it that share a key (its place,
        # its article, or stating figures): linear, where all pairs of a busy day would not be
        # (the groups join what the pairs chain).
        at_place: dict[str, list[int]] = defaultdict(list)
        in_article: dict[str, list[int]] = defaultdict(list)
        with_figures: list[int] = []
        for j in members:
            mj = mentions[j]
            if mj.location:
                for i in _recent(at_place[mj.location], mentions, mj.day, 1):
                    if _compatible(mentions[i], mj):
                        pairs.append((0, i, j))
                at_place[mj.location].append(j)
            article = in_article[mj.row["article_id"]]
            for i in _recent(article, mentions, mj.day, 0):
                mi = mentions[i]
                if (abs(mi.row["sentence_index"] - mj.row["sentence_index"]) <= 2 and _compatible(mi, mj)
                        and not (mi.location and mi.location == mj.location)):
                    pairs.append((1, i, j))
            article.append(j)
            if harm[j]:
                for i in _recent(with_figures, mentions, mj.day, 1):
                    mi = mentions[i]
                    if (mi.location and mj.location) or not _compatible(mi, mj):
                        continue
                    # Reports with figures of the same kind of event a day apart: the same
                    # incident when they share a named actor or read alike.
                    if mi.named_actors & mj.named_actors:
                        pairs.append((3, i, j))
                    elif fuzz.token_set_ratio(mi.row["sentence"], mj.row["sentence"]) >= SIMILAR_SENTENCES:
                        pairs.append((4, i, j))
                with_figures.append(j)
        # One disaster (an earthquake, a flood) is told for days after it.
        # Each is linked to the last few of its kind before it (the groups join them all):
        # linear, where all pairs of a big disaster's hundreds of mentions would not be.
        recent: dict[object, list[int]] = defaultdict(list)
        for j in members:
            mj = mentions[j]
            if mj.row.get("event_type") != "disasters":
                continue
            before = recent[mj.row.get("sub_event_type")]
            for i in before[-DISASTER_LINKS:]:
                if (mj.day - mentions[i].day).days <= DISASTER_DAYS:
                    pairs.append((2, i, j))
            before.append(j)
        # The same toll at the same place, told again days later ("31 people were killed in
        # Sampleton"), is the same incident.
        retold: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            m = mentions[i]
            if m.location and m.row.get("killed_min"):
                retold[(m.location, m.row["killed_min"])].append(i)
        for same in retold.values():
            for i, j in itertools.pairwise(same):
                if (mentions[j].day - mentions[i].day).days <= DISASTER_DAYS and _compatible(mentions[i], mentions[j]):
                    pairs.append((0, i, j))
        # A running toll of a place ("the death toll in Sampleton rose to 15") totals its latest
        # incident there: never an incident of its own.
        last_at: dict[str, int] = {}
        for j in members:
            mj = mentions[j]
            if not mj.location:
                continue
            previous = last_at.get(mj.location)
            if (previous is not None and mj.row.get("casualty_scope") == "toll" and mj.day != mentions[previous].day
                    and (mj.day - mentions[previous].day).days <= DISASTER_DAYS and _compatible(mentions[previous], mj)):
                pairs.append((0, previous, j))
            if mj.row.get("casualty_scope") != "toll":
                last_at[mj.location] = j
    # A sentence that names no place goes on about the article's nearest incident of that day
    # and kind (the story's context, as a reader takes it); a figure told in a sentence of no
    # harmful type ("14 people died, the governor said") is a figure of the nearest incident.
    by_article_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_article_day[(m.row["article_id"], m.day)].append(i)
    for members in by_article_day.values():
        for i in members:
            mi = mentions[i]
            if mi.location and _harmful(mi):
                continue
            at = mi.row["sentence_index"]
            candidates = [k for k in members if k != i and _harmful(mentions[k]) and _compatible(mi, mentions[k])
                          and mentions[k].country == mi.country]
            if candidates:
                # The nearest before it (the story so far), else the nearest after it.
                j = min(candidates, key=lambda k: (mentions[k].row["sentence_index"] > at,
                                                   abs(mentions[k].row["sentence_index"] - at)))
                pairs.append((1, j, i))
    for strength, i, j in sorted(pairs):
        mi, mj = mentions[i], mentions[j]
        groups.join(i, j, functools.partial(_reason, strength, mi, mj),
                    retold=strength == 0 and abs((mj.day - mi.day).days) > 1)
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        by_root[groups.find(i)].append(i)
    incidents = []
    for root, members in by_root.items():
        incidents.append(Incident([mentions[i] for i in sorted(members, key=lambda k: (mentions[k].day, k))],
                                  groups.reasons.get(root, [])))
    incidents.sort(key=lambda inc: (inc.mentions[0].day, inc.mentions[0].event_id))
    return incidents


def _reason(strength: int, a: Mention, b: Mention) -> str:
    kind = a.row.get("sub_event_type") or a.row.get("event_type")
    pair = f"{a.event_id}+{b.event_id}"
    if strength == 0:
        if a.day == b.day or abs((b.day - a.day).days) <= 1:
            return f"{pair}: same place ({a.location}) and day"
        return f"{pair}: same place ({a.location}) and toll ({a.row.get('killed_min')} killed), told again later"
    if strength == 1:
        return f"{pair}: told together in one article"
    if strength == 2:
        return f"{pair}: the same {kind} in {a.country} ({(b.day - a.day).days} days apart)"
    if strength == 3:
        return f"{pair}: same day and kind ({kind}), same actor ({', '.join(sorted(a.named_actors & b.named_actors))})"
    return f"{pair}: same day and kind ({kind}), similar sentences"


@dataclass(frozen=True)
class Toll:
    """A reconciled figure: low, best and high, each with the event whose sentence gives it,
    and what was left out of it."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    low_event: str | None = None
    best_event: str | None = None
    high_event: str | None = None
    flags: tuple[str, ...] = ()


# A figure whose sentence bounds it by a span longer than this ("since April, more than 4,000 have
# been killed in Baghdad") counts many incidents: no one incident's toll.
AGGREGATE_SPAN = dt.timedelta(days=7)


def spans_weeks(row: dict) -> bool:
    """Whether an event's date span (date_start to date_end) is longer than AGGREGATE_SPAN."""
    start, end = row.get("date_start"), row.get("date_end")
    if not start or not end:
        return False
    return dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start) > AGGREGATE_SPAN


# A figure over this share of its place's people is flagged (an error, a figure of another
# kind or of another time): a catastrophe can kill a sixth of a city, not half.
IMPLAUSIBLE_SHARE = 0.5


def implausible(figure: int, population: int | None, share: float = IMPLAUSIBLE_SHARE) -> bool:
    """A figure over `share` of the population of its place."""
    return bool(population) and figure > population * share  # type: ignore[operator]


def story(row: dict) -> str:
    """The story an event row's article tells (pipeline.corpus.copies): copies count once."""
    return row.get("story_id") or row["article_id"]


def reconcile(mentions: list[Mention], kind: str, population: int | None, include_flagged: bool = False) -> Toll:
    """UCDP-style low / best / high of one incident's `kind` figures (killed or injured), from
    the mentions that name its place in a country (a figure told for a whole country is the country's
    running toll: pipeline.corpus.tolls), leaving out figures of a span of weeks (spans_weeks).

    Per report day the lowest figure any source gives (sources that disagree: the conservative
    one); over the days the toll only rises, and a later day that reports more replaces it. A
    figure more than JUMP times the toll so far, told by one article only, and a figure over
    half the population of its place are flagged and left out (`flags` says which). best is
    the median of the figures of the day that set the low; high the largest figure reported.
    A statement that nobody was killed (a figure of 0) is no toll.
    """
    usable = [m for m in mentions if m.location and m.country and m.row.get("casualty_scope") in FIGURE_SCOPES
              and not spans_weeks(m.row) and schema.states_figure(m.row, kind)]  # "no one was killed" is no toll
    if not usable:
        return Toll()
    flags: list[str] = []
    kept: list[Mention] = []
    for m in usable:
        figure = m.row.get(f"{kind}_min") or m.row.get(f"{kind}_max") or 0
        if implausible(figure, population):
            flags.append(f"{m.event_id}: {kind} {figure:,} is over half the population of its place ({population:,})")
            if not include_flagged:
                continue
        kept.append(m)
    by_report: dict[dt.date, list[Mention]] = defaultdict(list)
    for m in kept:
        by_report[m.report].append(m)
    low: int | None = None
    low_event = best_event = None
    best: int | None = None
    for report in sorted(by_report):
        day = [m for m in by_report[report] if m.row.get(f"{kind}_min") is not None]
        if not day:
            continue
        smallest = min(day, key=lambda m: m.row[f"{kind}_min"])
        value = smallest.row[f"{kind}_min"]
        # Articles that tell about as much (at most twice or half) within a few days of it.
        articles = {story(m.row) for m in kept if m.row.get(f"{kind}_min") is not None
                    and abs((m.report - report).days) <= AGREE_DAYS and value / 2 <= m.row[f"{kind}_min"] <= 2 * value}
        if low and value > JUMP * low and len(articles) < 2:
            flags.append(f"{smallest.event_id}: {kind} {value:,} is over {JUMP} times the toll so far ({low:,}), "
                         f"told by one article")
            if not include_flagged:
                continue
        if low is None or value > low:
            low, low_event = value, smallest.event_id
            values = sorted(m.row[f"{kind}_min"] for m in day)
            best = int(statistics.median_low(values))
            best_event = next(m.event_id for m in day if m.row[f"{kind}_min"] == best)
    highs = [(m.row.get(f"{kind}_max") or m.row.get(f"{kind}_min") or 0, m.event_id) for m in kept]
    high, high_event = max(highs) if highs else (None, None)
    if low is not None and high is not None and high < low:
        high, high_event = low, low_event
    return Toll(low, best, high or None, low_event, best_event, high_event if high else None, tuple(flags))


def incident_day(incident: Incident) -> dt.date:
    """The day an incident happened: the day most articles give in their own words ("on
    Tuesday", "12 January"; the earliest of equals), else the first day two articles give it,
    else its first day."""
    own: dict[dt.date, set[str]] = defaultdict(set)
    articles: dict[dt.date, set[str]] = defaultdict(set)
    for m in incident.mentions:
        articles[m.day].add(story(m.row))
        if m.row.get("date_basis") in OWN_DATE_BASES:
            own[m.day].add(story(m.row))
    if own:
        return min(own, key=lambda d: (-len(own[d]), d))
    told = sorted(d for d, a in articles.items() if len(a) >= 2)
    return told[0] if told else min(articles)


def incident_id(incident: Incident) -> str:
    """A stable id: a hash of the incident's first mention."""
    return hashlib.sha1(f"incident\0{incident.mentions[0].event_id}".encode()).hexdigest()[:16]


def incident_population(incident: Incident) -> int | None:
    """The population of an incident's place (its most named place, else its country)."""
    from ..extract.places import population

    locations = Counter(m.location for m in incident.mentions if m.location)
    return population(locations.most_common(1)[0][0] if locations else None, incident.mentions[0].country)


def incident_rows(incidents: list[Incident], focus: frozenset[str]) -> list[dict]:
    """The incidents table's rows (schema.INCIDENT_COLUMNS)."""
    out = []
    for inc in incidents:
        ms = inc.mentions
        first = ms[0]
        types = Counter((m.row["event_type"], m.row["sub_event_type"]) for m in ms)
        event_type, sub_type = types.most_common(1)[0][0]
        locations = Counter(m.location for m in ms if m.location)
        location = locations.most_common(1)[0][0] if locations else None
        actors = Counter(a for m in ms for a in m.row.get("actors") or ())
        victims = Counter(v.strip() for m in ms for v in (m.row.get("victims") or "").split(",") if v.strip())
        sources = sorted({m.row.get("article_source") or m.row["article_id"] for m in ms})
        pop = incident_population(inc)
        killed, injured = reconcile(ms, "killed", pop), reconcile(ms, "injured", pop)
        out.append({
            "incident_id": incident_id(inc),
            "event_type": event_type,
            "sub_event_type": sub_type,
            "date": incident_day(inc).isoformat(),
            "date_end": max(m.day for m in ms).isoformat(),
            "country": first.country,
            "location": location,
            "focus": first.country in focus if first.country else False,
            "actors": [a for a, _ in actors.most_common(8)],
            "victims": ", ".join(v for v, _ in victims.most_common()) or None,
            "mentions": len(ms),
            "articles": len({story(m.row) for m in ms}),
            "sources": sources,
            "event_ids": [m.event_id for m in ms],
            "merge_reasons": list(inc.reasons),
            "killed_low": killed.low, "killed_best": killed.best, "killed_high": killed.high,
            "killed_low_event": killed.low_event, "killed_best_event": killed.best_event,
            "killed_high_event": killed.high_event,
            "injured_low": injured.low, "injured_best": injured.best, "injured_high": injured.high,
            "injured_low_event": injured.low_event, "injured_best_event": injured.best_event,
            "injured_high_event": injured.high_event,
            "flags": list(killed.flags + injured.flags),
            "first_sentence": first.row["sentence"],
        })
    return out


def find_incidents(rows: list[dict]) -> list[Incident]:
    """The incidents of a corpus's event rows (see group_mentions)."""
    return group_mentions(mentions_of(rows, article_countries(rows)))




def date_from_corpus(rows: list[dict], incidents: list[Incident] | None = None) -> int:
    """A mention of an incident's harm whose own article names no day for it (its date is the
    article's: `reference`) takes the day the other articles give in their own words, when
    they all give one day and it is the day before (a report of last night's clash, written
    the morning after). Its date_basis becomes `corpus`; its time of day, if any, is kept.
    Changes `rows` in place; returns how many. `incidents`: those of `rows`, if already found."""
    changed = 0
    for incident in find_incidents(rows) if incidents is None else incidents:
        own: dict[dt.date, set[str]] = defaultdict(set)
        for m in incident.mentions:
            if m.row.get("date_basis") in OWN_DATE_BASES:
                own[m.day].add(m.row["article_id"])
        if len(own) != 1:
            continue  # no day told, or rival days: nothing to borrow
        ((day, tellers),) = own.items()
        for m in incident.mentions:
            r = m.row
            if (r.get("date_basis") != "reference" or r["article_id"] in tellers or m.day - day != DAY
                    or not _harmful(m)):
                continue
            r["date"] = day.isoformat()
            for key in ("date_start", "date_end"):
                if r.get(key):
                    r[key] = (dt.datetime.fromisoformat(r[key]) - DAY).strftime("%Y-%m-%dT%H:%M:%S")
            r["date_basis"] = "corpus"
            m.day = day  # the incident keeps its mention, now on the incident's day
            changed += 1
    return changed


def incident_table(rows: list[dict], incidents: list[Incident] | None = None) -> list[dict]:
    """The incidents table of a corpus's event rows (schema.INCIDENT_COLUMNS); `incidents`:
    those of `rows`, if already found."""
    articles = article_countries(rows)
    if incidents is None:
        incidents = group_mentions(mentions_of(rows, articles))
    return incident_rows(incidents, focus_countries(articles))
