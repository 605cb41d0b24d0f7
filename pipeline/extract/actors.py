"""Actors: role nouns to canonical groups, named people/organisations/media, aliases per article."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from .. import resources
from ..ingest.sentences import dateline_end
from .event_types import is_statement, statement_spans
from .ner import Entity
from .places import PlaceMention, find_places, gazetteer

_POSSESSIVE = regex.compile(r"['’]s$")
_TOKEN = regex.compile(r"[\p{L}\p{M}\d](?:[\p{L}\p{M}\d'’.-]*[\p{L}\p{M}\d])?")
_ACRONYM = regex.compile(r"^\p{Lu}{2,7}\d*$")


@dataclass(frozen=True)
class _Lex:
    groups: regex.Pattern
    group_spans: Callable[[str], list[tuple[int, int]]]
    group_of: dict[str, str]
    titles: regex.Pattern
    media: regex.Pattern
    org_kinds: regex.Pattern
    org_heads: tuple[str, ...]
    org_head_set: frozenset[str]
    org_head_words: int
    translations: dict[str, str]
    pronouns: frozenset[str]
    agents: frozenset[str]
    place_preps: frozenset[str]
    place_heads: regex.Pattern
    # The same patterns' match at the start of a word sequence, remembered (names recur).
    title_at: Callable[[str], str | None]
    group_at: Callable[[str], str | None]
    place_head_at: Callable[[str], str | None]
    not_names: frozenset[str]
    not_actor_after: frozenset[str]
    name_introducers: frozenset[str]
    national: dict[str, str]
    national_before: bool
    verb_prefixes: tuple[str, ...] = ()
    verb_suffixes: tuple[str, ...] = ()
    verbs: frozenset[str] = frozenset()
    subject_openers: frozenset[str] = frozenset()  # "saat Ruritania menyerang"
    coordinators: frozenset[str] = frozenset()  # "and", "dan": join the items of a list
    clitic: str = ""  # the pronoun clitic of reporting words ("ujarnya")
    group_names: frozenset[str] = frozenset()
    modifier_groups: frozenset[str] = frozenset()


def _spans_finder(phrases: list[str]) -> Callable[[str], list[tuple[int, int]]]:
    """Where the phrases occur, non-overlapping, the longest at each start: plain-word phrases
    through a word-level matcher (fast), the few others ("victims' families") through a regex."""
    plain = [p for p in phrases if resources.is_plain_phrase(p)]
    other = [p for p in phrases if not resources.is_plain_phrase(p)]
    matcher = resources.PhraseMatcher([plain])
    pattern = resources.phrase_regex(other) if other else None

    def spans(text: str) -> list[tuple[int, int]]:
        found = [(a, b) for a, b, _ in matcher.find(text)]
        if pattern is not None:
            found += [m.span() for m in pattern.finditer(text)]
            found.sort(key=lambda ab: (ab[0], -ab[1]))
        out: list[tuple[int, int]] = []
        for a, b in found:
            if not out or a >= out[-1][1]:
                out.append((a, b))
        return out
    return spans


_MEMO_MAX = 50_000  # word sequences remembered per pattern


def _memo_match(pattern: regex.Pattern) -> Callable[[str], str | None]:
    """The text the pattern matches at the start of a string (None for no match), remembered."""
    memo: dict[str, str | None] = {}

    def match(text: str) -> str | None:
        try:
            return memo[text]
        except KeyError:
            pass
        m = pattern.match(text)
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[text] = got = m.group(0) if m else None
        return got
    return match


@functools.cache
def _lexicon(language: str) -> _Lex:
    r = resources.load(language, "actors")
    group_of: dict[str, str] = {}
    for canonical, aliases in (r["groups"]).items():
        for a in aliases or []:
            group_of.setdefault(resources.normalise(a), canonical)
    groups = resources.phrase_regex(group_of)
    titles = resources.phrase_regex(r["person_titles"])
    place_heads = resources.phrase_regex(r["place_heads"])
    org_heads = tuple(sorted((resources.normalise(h) for h in r["org_heads"]), key=len, reverse=True))
    return _Lex(
        groups=groups,
        group_spans=_spans_finder(list(group_of)),
        group_of=group_of,
        titles=titles,
        media=resources.phrase_regex(r["media_heads"]),
        org_kinds=resources.phrase_regex(r["org_kind_heads"]),
        org_heads=org_heads,
        org_head_set=frozenset(h for h in org_heads if h),
        org_head_words=max((len(h.split(" ")) for h in org_heads), default=0),
        translations={resources.normalise(k): v for k, v in (r['translations']).items()},
        pronouns=frozenset(resources.normalise(w) for w in r["pronouns"]),
        agents=frozenset(resources.normalise(w) for w in r["agent_markers"]),
        place_preps=frozenset(resources.normalise(w) for w in r["place_prepositions"]),
        place_heads=place_heads,
        title_at=_memo_match(titles),
        group_at=_memo_match(groups),
        place_head_at=_memo_match(place_heads),
        not_names=frozenset(resources.normalise(w) for w in r["not_names"]),
        not_actor_after=frozenset(resources.normalise(w) for w in r["not_actor_after"]),
        name_introducers=frozenset(resources.normalise(w) for w in r["name_introducers"]),
        national={k: v for k, v in (r['national_groups']).items()},
        national_before=r["national_order"] == "before",
        verb_prefixes=tuple(resources.normalise(w) for w in r["verb_prefixes"]),
        verb_suffixes=tuple(resources.normalise(w) for w in r["verb_suffixes"]),
        verbs=frozenset(resources.normalise(w) for w in r["verbs"]),
        subject_openers=frozenset(resources.normalise(w) for w in r["subject_openers"]),
        coordinators=frozenset(resources.normalise(w) for w in r["coordinators"]),
        clitic=str(resources.load(language, "dates")["anaphoric_suffix"] or "").lower(),
        group_names=frozenset(group_of.values()),
        modifier_groups=frozenset(resources.normalise(w) for w in r["modifier_groups"]),
    )


@dataclass
class ActorMemory:
    """What an article has established so far: aliases of named actors, the last person."""

    aliases: dict[str, str] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    officials: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # persons named beside a reporting cue
    capitalised_mid_sentence: frozenset[str] = frozenset()
    lower_words: frozenset[str] = frozenset()
    # Capitalised words the name recogniser read as no name in this article: alone in a
    # sentence, they do not call it again.
    not_named: set[str] = field(default_factory=set)

    def remember_person(self, name: str, titles: list[str]) -> None:
        self.persons.append(name)
        if titles:
            self.officials.append(name)
        parts = name.split()
        if len(parts) > 1:
            for p in parts:
                # "al-Rashidi" is also written "Rashidi".
                article = _ARTICLE_PREFIX.match(p)
                for key in {resources.normalise(p), resources.normalise(p[article.end():] if article else p)}:
                    if len(key) > 2:
                        owner = self.aliases.get(key)
                        self.aliases[key] = name if owner in (None, name) else ""
        for t in titles:
            self.aliases[resources.normalise(t)] = name


def article_memory(sentences: list[str]) -> ActorMemory:
    """Article-wide facts that help read names: words seen in lower case or capitalised mid-sentence."""
    lower: set[str] = set()
    capital: set[str] = set()
    for s in sentences:
        words = _TOKEN.findall(s)
        lower.update(w for w in words if w.islower())
        capital.update(w.lower() for w in words[1:] if w[:1].isupper())
    return ActorMemory(capitalised_mid_sentence=frozenset(capital), lower_words=frozenset(lower))


def _tokens(sentence: str) -> list[regex.Match]:
    return list(_TOKEN.finditer(sentence))


# The Arabic article joined to a name ("al-Rashidi", "el-Masri"): the name is capitalised.
_ARTICLE_PREFIX = regex.compile(r"(?i:al|el|ad|ar|as|ash|at|az|an|ud|ul)-(?=\p{Lu})")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or ("-" in word[:4] and _ARTICLE_PREFIX.match(word) is not None)


@functools.cache
def _demonyms() -> dict[str, tuple[str, str]]:
    return {code: (v[0], v[1]) for code, v in (resources.load("common", "demonyms") or {}).items()}


def _national(template: str, place) -> str | None:
    """Fill "{adj} forces" / "{plural}" / "... of {country}" for a country, or None."""
    if place is None or place.country is None:
        return None
    adj, plural = _demonyms().get(place.country, (None, None))
    if ("{adj}" in template or "{plural}" in template) and adj is None:
        return None
    return template.format(adj=adj, plural=plural, country=place.name)


def _translate(words: list[str], lex: _Lex, language: str) -> str:
    """English name for an organisation: a translated head plus a place ("National Bank of
    Ruritania", "Ruritanian Air Force" from a "{adj} Air Force" template)."""
    table = gazetteer(language)
    for n in range(len(words), 0, -1):
        head = resources.normalise(" ".join(words[:n]))
        if head not in lex.translations:
            continue
        rest = words[n:]
        english = lex.translations[head]
        bare = english.replace("{adj} ", "").replace("{plural}", "").replace(" of {country}", "").strip()
        if not rest:
            return bare
        place = table.get(resources.normalise(" ".join(rest)))
        if place is not None:
            template = english if "{" in english else english + " of {country}"
            filled = _national(template, place) if place.kind != "country" or "{country}" not in template else template.format(country=place.name, adj="", plural="")
            if filled:
                return filled
            return f"{bare} of {place.name}"
        return f"{bare} ({' '.join(rest)})"
    return " ".join(words)


def is_title_case(sentence: str, min_words: int = 3) -> bool:
    """A headline written In Title Case, where capitals say nothing about names. A line that
    stands alone as a headline or subheading may be shorter ("Pencuri Ditangkap": min_words 2)."""
    words = [t.group(0) for t in _TOKEN.finditer(sentence) if t.group(0)[:1].isalpha()]
    return len(words) >= min_words and sum(_is_cap(w) for w in words) / len(words) > 0.6


def extract_actors(sentence: str, language: str, memory: ActorMemory, headline: bool = False,
                   names: Sequence[Entity] | Callable[[], Sequence[Entity]] | None = None) -> list[str]:
    """Canonical actor names in a sentence, in order of appearance (updates the article memory).

    In a headline only names the article's body established, groups and places are read.
    `names` are the trained recogniser's names of the sentence (`ner.py`), when the language
    has a model: a person or organisation it finds that no rule read is an actor. Given as a
    function, the model is asked only when the rules left a capitalised word unread or read
    names on both sides of a short lower-case word ("Observatory for Civil Liberties").
    """
    lex = _lexicon(language)
    places = {p.start: p for p in find_places(sentence, language, memory.lower_words)}
    reader = _NameReader(sentence, lex, language, memory, places)
    add, free = reader.add, reader.free
    toks = _tokens(sentence)

    if headline:
        for alias, name in sorted(memory.aliases.items(), key=lambda kv: -len(kv[0])):
            if not name:
                continue
            for m in regex.finditer(rf"(?<![\w-]){regex.escape(alias)}(?![\w-])", sentence, regex.IGNORECASE):
                if free(m.start(), m.end()) and m.group(0)[:1].isupper():
                    add(m.start(), m.end(), name)
        for p in places.values():
            prev_word = resources.normalise(resources.previous_word(sentence, p.start)).strip(",.")
            if (p.place.kind == "country" and free(p.start, p.end)
                    and _country_acts(sentence, p.start, p.end, prev_word, not sentence[:p.start].strip(), places, lex)):
                add(p.start, p.end, p.place.name)
        toks = [t for t in toks if _ACRONYM.match(t.group(0)) and free(t.start(), t.end())]

    # Capitalised sequences: named people, organisations, media, acronyms, countries as agents.
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i].group(0)):
            i += 1
            continue
        j = i
        while (j + 1 < len(toks) and _is_cap(toks[j + 1].group(0)) and not _POSSESSIVE.search(toks[j].group(0))
               and sentence[toks[j].end():toks[j + 1].start()] in (" ", "-")):
            j += 1  # "the Herald's Ann Lee": a possessive ends the name before it
        seq = toks[i:j + 1]
        i = j + 1
        reader.read(seq)

    # Titles written in lower case before a name ("juru bicara polisi" after a name).
    for g_start, g_end in lex.group_spans(sentence):
        if resources.normalise(resources.previous_word(sentence, g_start)).strip(",.") in lex.not_actor_after:
            continue
        if free(g_start, g_end):
            canonical = lex.group_of.get(resources.normalise(sentence[g_start:g_end]))
            if canonical and _modifies_noun(sentence, g_start, g_end, lex):
                continue  # "military base", "government buildings": a thing, not the group
            if canonical:
                start, end = g_start, g_end
                if lex.national_before:
                    country = _country_before(sentence, g_start, places)
                else:
                    country = _country_after(sentence, g_end, places)
                if country is not None and canonical in lex.national:
                    named = _national(lex.national[canonical], country.place)
                    if named:
                        canonical = named
                        start, end = min(start, country.start), max(end, country.end)
                add(start, end, canonical)

    # An acronym or one-word name of a well-known organisation or outlet (actor_aliases.yaml,
    # news_outlets.yaml) is an actor wherever it stands: after "dari", or in a title's office
    # ("Kepala Pelaksana <ACRONYM> <Town>"); not where it is a place, nor the office in a
    # person's title ("Sekretaris Jenderal <ACRONYM> <Name>": the person acts).
    if not headline:
        written = _aliases_as_written()
        person_starts: set[int] | None = None
        for k, t in enumerate(toks):
            word = t.group(0)
            # As the list writes it ("WHO", not "Who"); a word that is not all capitals, not
            # where any word is capitalised (a name that is also a noun opening a sentence).
            if (len(word) < 3 or word not in written
                    or (not word.isupper() and not _INNER_MARK.search(word, 1)
                        and not sentence[:t.start()].strip(" \"“'‘("))):
                continue
            if person_starts is None:
                person_starts = {start for start, name in reader.found if name in memory.persons}
            if (free(t.start(), t.end()) and not any(p.start <= t.start() < p.end for p in places.values())
                    and not (k + 1 < len(toks) and toks[k + 1].start() in person_starts
                             and not sentence[t.end():toks[k + 1].start()].strip())):
                add(t.start(), t.end(), word)

    if names is not None and not headline:
        if callable(names):
            if _model_may_add(reader, toks):
                names = names()
                for t in toks:  # what the model read as no name is not asked about again
                    if t.group(0)[:1].isupper() and not any(e.start <= t.start() < e.end for e in names):
                        memory.not_named.add(t.group(0))
            else:
                names = ()
        _add_recognised(reader, names)

    # A pronoun ("Dia juga menyalahkan", "ujar dia", "he says") refers to the last person
    # named beside a reporting cue (the story's speaker: "ujar <official>", "<Name> says"),
    # else the last person named.
    if memory.persons:
        for t in toks:
            if _is_pronoun(t.group(0).lower(), lex, language):
                add(t.start(), t.end(), (memory.speakers or memory.persons)[-1])
                break
    _remember_speaker(sentence, language, reader, memory)

    out: list[str] = []
    for _, name in sorted(reader.found):
        if name not in out:
            out.append(name)
    return out


# A name the rules may split at its lower-case words ("Observatory for Civil Liberties",
# "Kementerian Dalam Negeri dan Kebudayaan").
_SPLIT_NAME = regex.compile(r"\p{Lu}[\p{L}\p{M}.'’-]*\s+(?:(?:of|for|and|the|de|du|des|la|le|al|el|van|von|dan|untuk)\s+){1,2}\p{Lu}")
# A recognised name is at most this many words; a person's lower-case words are only these.
_MAX_NAME_WORDS = 8
_NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "bin",
                             "binti", "al", "el", "ibn", "la", "le", "du"})
_CLITIC = regex.compile(r"['’](?:s|m|ve|re|ll|d)$", regex.IGNORECASE)


def _model_may_add(reader: _NameReader, toks: list[regex.Match]) -> bool:
    """Whether the model could add a name the rules did not read: a capitalised word left
    free (not a place, not a word that cannot be a name, not a common word that opens the
    sentence), or names the rules may have split."""
    in_place = bytearray(len(reader.sentence) + 1)
    for p in reader.places.values():
        in_place[p.start:p.end] = b"\x01" * (p.end - p.start)
    for k, t in enumerate(toks):
        w = t.group(0)
        if not w[:1].isupper() or not reader.free(t.start(), t.end()) or in_place[t.start()]:
            continue
        if w in reader.memory.not_named:
            continue
        lowered = _CLITIC.sub("", w.lower())  # "Ruritania's", "It's"
        opens = k == 0 or reader.sentence[:t.start()].rstrip()[-1:] in "\"“‘(:-—"
        if lowered in reader.lex.not_names or (opens and lowered in reader.memory.lower_words):
            continue
        return True
    return bool(_SPLIT_NAME.search(reader.sentence))


def _add_recognised(reader: _NameReader, names: Sequence[Entity]) -> None:
    """Persons and organisations the model found where no rule read a name: a surname the
    article introduced takes its full name; a place, a word the article writes in lower case
    or a word that cannot be a name is none."""
    lex, memory, language = reader.lex, reader.memory, reader.language
    table = gazetteer(language)
    opening = dateline_end(reader.sentence, language)
    for e in names:
        if e.label not in ("PER", "ORG") or e.start < opening:
            continue
        # The rules split a name at its lower-case words ("National Observatory" and "Civil
        # Liberties"); an organisation the model reads whole across them replaces the parts.
        spans_words = (any(w.islower() for w in e.text.split()[1:-1])
                       and resources.normalise(e.text.split()[0]).strip(".") not in lex.not_names)  # not "Mr X of the Office"
        if not reader.free(e.start, e.end) and not (e.label == "ORG" and spans_words and reader.only_inside(e.start, e.end)):
            continue
        text = _POSSESSIVE.sub("", e.text).strip(" -")
        words = text.split()
        while words and resources.normalise(words[0]) in lex.not_names:
            words = words[1:]
        if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words[:1]):
            continue
        text = " ".join(words)
        if len(words) > _MAX_NAME_WORDS or (e.label == "PER" and any(
                w.islower() and w not in _NAME_PARTICLES for w in words)):
            continue  # a sentence's worth of words, or "Smith of the Office": no name
        lowered = resources.normalise(text)
        if (lowered in table and table[lowered].kind != "demonym") or lex.place_head_at(text) or lex.title_at(text):
            continue
        if len(words) == 1 and (lowered in memory.lower_words or lowered in lex.not_names):
            continue
        name = memory.aliases.get(lowered) or (_translate(words, lex, language) if e.label == "ORG" else text)
        if e.label == "PER" and name == text:
            memory.remember_person(name, [])
        if reader.free(e.start, e.end):
            reader.add(e.start, e.end, name)
        else:
            reader.replace_inside(e.start, e.end, name)


class _NameReader:
    """Reads the names of one sentence's capitalised word sequences: each rule that can
    handle a sequence (a unit named after a group, a titled person, an organisation, a plain
    name) takes it whole, or splits it and reads the parts. Found names go to `found` with
    their start; the characters they cover are taken."""

    def __init__(self, sentence: str, lex: _Lex, language: str, memory: ActorMemory,
                 places: dict[int, PlaceMention]):
        self.sentence = sentence
        self.lex = lex
        self.language = language
        self.memory = memory
        self.places = places
        self.found: list[tuple[int, str]] = []
        self.ends: dict[int, int] = {}  # where each found name ends, by its start
        self.taken = bytearray(len(sentence) + 1)

    def add(self, start: int, end: int, name: str) -> None:
        if name:
            self.found.append((start, name))
            self.ends[start] = max(end, self.ends.get(start, end))
            self.taken[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def only_inside(self, start: int, end: int) -> bool:
        """Whether the names found in start..end all lie wholly inside it (none crosses its edges)
        and none is a person named with a title ("Mr Rudi Hartono" is never a piece of an
        organisation's name)."""
        inner = [(a, self.ends[a], n) for a, n in self.found if a < end and self.ends[a] > start]
        return bool(inner) and all(start <= a and b <= end and n not in self.memory.officials for a, b, n in inner)

    def replace_inside(self, start: int, end: int, name: str) -> None:
        """One longer name instead of the names found inside its span; the article's memory
        forgets the parts (a pronoun or a surname must not point to "Civil Liberties")."""
        parts = {n for a, n in self.found if start <= a < end}
        self.found = [(a, n) for a, n in self.found if not (start <= a < end)]
        memory = self.memory
        memory.persons[:] = [p for p in memory.persons if p not in parts]
        memory.officials[:] = [p for p in memory.officials if p not in parts]
        memory.speakers[:] = [p for p in memory.speakers if p not in parts]
        for key in [k for k, v in memory.aliases.items() if v in parts]:
            del memory.aliases[key]
        self.add(start, end, name)

    def read(self, seq: list[regex.Match]) -> None:
        """Read one sequence of capitalised words (or a part of one)."""
        words = [t.group(0) for t in seq]
        joined = " ".join(words)
        if self.lex.place_head_at(joined):
            return
        for rule in (self._group_unit, self._introduced_name, self._titled_name, self._organisation):
            if rule(seq, words, joined):
                return
        self._plain_name(seq, words)

    def _group_unit(self, seq: list[regex.Match], words: list[str], joined: str) -> bool:
        """A unit named after a group: "Polres Metro Kota Contoh" is that group; inside a
        longer name ("Satuan Reserse Kriminal Polres Kota Contoh") it is read apart from the
        words before it."""
        lex = self.lex
        if lex.title_at(joined):
            return False
        for k in range(1, len(words)):
            if lex.group_at(" ".join(words[k:])) and not lex.title_at(" ".join(words[k - 1:])):
                self.read(seq[:k])
                self.read(seq[k:])
                return True
        group_m = lex.group_at(joined)
        if not group_m or len(words) == 1:
            return False
        canonical = lex.group_of.get(resources.normalise(group_m))
        if not canonical or _org_head(resources.normalise(joined), lex, shorter=True):
            return False
        start, end = seq[0].start(), seq[-1].end()
        country = _country_after(self.sentence, start + len(group_m), self.places)
        if country is not None and canonical in lex.national and country.end <= end:
            canonical = _national(lex.national[canonical], country.place) or canonical
        self.add(start, end, canonical)
        return True

    def _introduced_name(self, seq: list[regex.Match], words: list[str], joined: str) -> bool:
        """"bernama Wati": a name, even a single word."""
        if _previous(self.sentence, seq[0].start()) not in self.lex.name_introducers or _ACRONYM.match(words[0]):
            return False
        name = self.memory.aliases.get(resources.normalise(joined)) or joined
        self.memory.remember_person(name, [])
        self.add(seq[0].start(), seq[-1].end(), name)
        return True

    def _titled_name(self, seq: list[regex.Match], words: list[str], joined: str) -> bool:
        """A title in the sequence: "Presiden Budi Santoso", "Perdana Menteri Jepang Taro
        Yamada", "Kapolsek Kota Contoh AKP Budi": the name is what follows the last title and the
        places that qualify it; a title inside the sequence ("Tertinggi Iran Ayatollah Ali
        Khamenei" after a lower-case "pemimpin") starts the part read."""
        lex, memory, places = self.lex, self.memory, self.places
        title_m = lex.title_at(joined)
        if not title_m:
            inner_titles = [k for k in range(1, len(words)) if lex.title_at(" ".join(words[k:]))]
            if not inner_titles:
                return False
            self.read(seq[inner_titles[0]:])
            return True
        start, end = seq[0].start(), seq[-1].end()
        table = gazetteer(self.language)
        n_title = len(title_m.split())
        k = n_title
        qualifier = []
        while k < len(words):
            later = lex.title_at(" ".join(words[k:]))
            spot = places.get(seq[k].start())
            if spot is not None and spot.end <= end and len(spot.text.split()) > 1:
                # A place of several words ("Gubernur Provinsi Contoh Utara"): all of it qualifies the title.
                while k < len(words) and seq[k].end() <= spot.end:
                    qualifier.append(words[k])
                    k += 1
                continue
            if resources.normalise(words[k]) in table or (_ACRONYM.match(words[k]) and k + 1 < len(words)):
                qualifier.append(words[k])
                k += 1
            elif later:
                n_title, k = k + len(later.split()), k + len(later.split())
            elif any(lex.title_at(" ".join(words[x:])) for x in range(k + 1, len(words))):
                k += 1
            else:
                break
        rest, rest_toks = words[k:], seq[k:]
        title_text = " ".join(words[:len(title_m.split())])
        # "Kapolres Metro Kota Contoh": the title's unit ends in a place, it is no name.
        # A city's name after one other word is a surname ("Governor Ana <Town>"), unless
        # that word heads an office ("Kepala Dinas Kesehatan <Town>", "Kantor SAR <Town>").
        last = table.get(resources.normalise(rest[-1])) if rest else None
        surname = (len(rest) == 2 and last is not None and last.kind == "city"
                   and not any(resources.normalise(rest[0]) == h.split()[0] for h in lex.org_heads)
                   and not lex.place_head_at(rest[0]))
        ends_in_place = bool(rest) and (
            (last is not None and not surname)
            or any(p.end == end and p.start >= rest_toks[0].start() and len(p.text.split()) > 1
                   for p in places.values()))
        if rest and (lex.group_at(" ".join(rest))
                     or (not ends_in_place and _org_head(resources.normalise(" ".join(rest)), lex, shorter=True))):
            # "Kasat Lantas Polres <Town>": the title's unit, named after a group; "Kepala Dinas
            # Peternakan <Regency>": the title's office, an organisation, no person.
            self.read(rest_toks)
            return True
        if rest and not _ACRONYM.match(rest[0]) and not lex.place_head_at(" ".join(rest)) and not ends_in_place:
            name = " ".join(rest)
            known = memory.aliases.get(resources.normalise(name))
            name = known or name
            memory.remember_person(name, [title_text, " ".join([title_text, *qualifier])])
            self.add(rest_toks[0].start(), end, name)
            return True
        if not rest:
            alias = memory.aliases.get(resources.normalise(joined)) or memory.aliases.get(resources.normalise(title_text))
            if alias:
                self.add(start, end, alias)
                return True
        if rest and _ACRONYM.match(rest[0]):
            self.add(rest_toks[0].start(), rest_toks[0].end(), rest[0])
        return True

    def _organisation(self, seq: list[regex.Match], words: list[str], joined: str) -> bool:
        """Organisation heads: "Kementerian Dalam Negeri Ruritania", "Bank Nasional Ruritania"
        (with its acronym, or translated); a head inside the sequence starts a new name
        ("Rajawali Angkatan Udara Ruritania")."""
        lex = self.lex
        for k in range(1, len(words)):
            if _org_head(resources.normalise(" ".join(words[k:])), lex) and not lex.title_at(joined):
                self.read(seq[:k])
                self.read(seq[k:])
                return True
        lowered = resources.normalise(joined)
        head = _org_head(lowered, lex)
        if head is None or lowered == head:
            return False
        end = seq[-1].end()
        acronym = _acronym_after(self.sentence, end)
        name = acronym or _translate(words, lex, self.language)
        if acronym:
            self.memory.aliases[lowered] = acronym
        self.add(seq[0].start(), end, name)
        return True

    def _plain_name(self, seq: list[regex.Match], words: list[str]) -> None:
        """A name without title or organisation head: a known alias, a place (a country that
        acts), an acronym, a medium's name, a person (two words or more, or one the article
        writes capitalised mid-sentence)."""
        sentence, lex, memory, places, language = self.sentence, self.lex, self.memory, self.places, self.language
        prev = _previous(sentence, seq[0].start())
        sentence_initial = not sentence[:seq[0].start()].strip(" “\"'‘(")
        # Strip words that cannot start or end a name ("Dalam", weekdays, months).
        while words and resources.normalise(words[0]) in lex.not_names:
            words, seq = words[1:], seq[1:]
            sentence_initial = False
        while words and resources.normalise(words[-1]) in lex.not_names:
            words, seq = words[:-1], seq[:-1]
        if not words:
            return
        start, end = seq[0].start(), seq[-1].end()
        lowered = resources.normalise(" ".join(words))

        # Known aliases of this article (a surname, an acronym's expansion).
        if memory.aliases.get(lowered):
            self.add(start, end, memory.aliases[lowered])
            return

        # A place inside a longer sequence splits it ("Dibantu Ruritania", "Ruritania Warta").
        inner = [p for p in places.values() if start <= p.start and p.end <= end and (p.start, p.end) != (start, end)]
        if inner:
            p = inner[0]
            for part in (
                [t for t in seq if t.end() <= p.start],
                [t for t in seq if p.start <= t.start() and t.end() <= p.end],
                [t for t in seq if t.start() >= p.end],
            ):
                if part:
                    self.read(part)
            return

        # Places: a country that acts (_country_acts) is an actor; other places are not.
        if start in places and places[start].end >= end:
            place = places[start].place
            if place.kind == "country" and _country_acts(sentence, start, end, prev, sentence_initial, places, lex):
                self.add(start, end, place.name)
            return
        if start in places:
            return
        if prev in lex.place_preps:
            return

        media = _preceded_by(sentence, start, lex.media, language, gap=0) or _preceded_by(sentence, start, lex.org_kinds, language, gap=2)
        acronym = _acronym_after(sentence, end)
        if acronym:
            memory.aliases[lowered] = acronym
            self.add(start, end, acronym)
            return
        if _ACRONYM.match(words[-1]) and (len(words) == 1 or sentence_initial):
            # "Peringatan KPU" at the start of a sentence: the capital says nothing of the noun.
            # An acronym right after a number is a licence plate or a code, not an actor.
            if not _ENDS_WITH_DIGIT.search(sentence, 0, seq[-1].start()):
                self.add(seq[-1].start(), end, words[-1])
            return
        if media:
            # "kantor berita Ruritania Warta": skip the nationality before the name.
            while len(words) > 1 and resources.normalise(words[0]) in gazetteer(language):
                words, seq = words[1:], seq[1:]
            self.add(seq[0].start(), end, " ".join(words))
            return
        if len(words) >= 2:
            if any(resources.normalise(w) in gazetteer(language) and gazetteer(language)[resources.normalise(w)].kind != "demonym" for w in words[-1:]):
                return
            name = " ".join(words)
            if _looks_like_person(words, sentence, end, lex):
                title = _appositive_title(sentence, end, lex)
                memory.remember_person(name, [title] if title else [])
            self.add(start, end, name)
            return
        word = words[0]
        if sentence_initial and word.lower() not in memory.capitalised_mid_sentence:
            return
        if word.lower() in memory.lower_words:
            return
        if _looks_like_person(words, sentence, end, lex):
            memory.remember_person(word, [])
            self.add(start, end, word)


def _country_acts(sentence: str, start: int, end: int, prev: str, initial: bool, places: dict, lex: _Lex) -> bool:
    """Whether the country named at start..end acts: it opens the sentence, follows an agent
    marker ("dibantu Ruritania") or is the subject of a verb ("Ruritania accused"); never after
    a place preposition or listed with such a place ("in Sampleton and Ruritania"). `prev` is
    the word before it, `initial` whether it opens the sentence."""
    return (prev not in lex.place_preps and not _listed_with_a_place(sentence, start, end, places, lex)
            and (prev in lex.agents or initial or _subject_of_verb(sentence, start, end, lex)))


_LIST_JOIN = regex.compile(r"\s*,?\s*(?:(?P<w>[\p{L}]+)\s+)?$")
_NEXT_TOKEN = regex.compile(r"\s*([,;]|[\p{L}]+)")


def _listed_with_a_place(sentence: str, start: int, end: int, places: dict, lex: _Lex, depth: int = 0) -> bool:
    """Whether the place at start..end follows, in a list, a place named after a place
    preposition ("embassies in Ruritania and Sampleton": both are where, not who). The list is
    joined by a coordinator ("and", "dan"), or by a comma when the list goes on after the place
    ("from Ruritania, Sampleton and Contoh"; not "In Sampleton, Ruritania rejected the plan")."""
    if depth > 5:
        return False
    for q in places.values():
        if q.end > start:
            continue
        m = _LIST_JOIN.match(sentence, q.end, start)
        if m is None or m.end() != start:
            continue
        word = resources.normalise(m.group("w") or "")
        if word and word not in lex.coordinators:
            continue
        after = _NEXT_TOKEN.match(sentence, end)
        if not word and not (after and (after.group(1) == "," or resources.normalise(after.group(1)) in lex.coordinators)):
            continue
        if not word and "," not in sentence[q.end:start]:
            continue
        before = resources.normalise(resources.previous_word(sentence, q.start)).strip(",.")
        return before in lex.place_preps or _listed_with_a_place(sentence, q.start, q.end, places, lex, depth + 1)
    return False


def _modifies_noun(sentence: str, start: int, end: int, lex: _Lex) -> bool:
    """Whether a group word that is also an adjective (`modifier_groups` of actors.yaml:
    "military", "government") stands before a noun in a language that puts modifiers first
    ("military base", "government buildings"; not "the military said", "government and
    rebels")."""
    if not lex.national_before or resources.normalise(sentence[start:end]) not in lex.modifier_groups:
        return False
    m = _NEXT_WORD.match(sentence, end)
    if m is None:
        return False
    word = m.group(1)
    # A verb or an adverb after it ("the army fired", "the government quickly denied") keeps
    # the group; a word in -s may be either ("military vehicles", "the military controls"):
    # read as a noun.
    return (word.isalpha() and word.islower() and not _is_verb(word, lex) and word not in lex.not_names
            and not word.endswith(("ed", "ly")))


def _is_pronoun(word: str, lex: _Lex, language: str) -> bool:
    """A pronoun ("dia", "he"), or a reporting word with the language's pronoun clitic
    ("tutupnya": he closed; `anaphoric_suffix` of dates.yaml)."""
    if word in lex.pronouns:  # a token has no white space: its key is its lower case
        return True
    clitic = lex.clitic
    return bool(clitic) and word.endswith(clitic) and len(word) > len(clitic) + 2 and _is_reporting_word(word, language)


@functools.lru_cache(maxsize=4096)
def _is_reporting_word(word: str, language: str) -> bool:
    """Whether one word is a reporting cue (remembered per word: words repeat, and the cue
    matcher's own memory is kept for whole sentences)."""
    return is_statement(word, language)


def is_group(name: str, language: str) -> bool:
    """Whether an actor's name is one of the language's role groups ("police", "residents")."""
    return name in _lexicon(language).group_names


_SPEAKER_REACH = 40  # characters between a reporting cue and the speaker's name


def _remember_speaker(sentence: str, language: str, reader: _NameReader, memory: ActorMemory) -> None:
    """The person named closest to a reporting cue of the sentence, within a few words of it
    ("kata Kepala Dinas <Name>", "<Name> said"), becomes the article's current speaker."""
    if not reader.found or not memory.persons:
        return
    persons = set(memory.persons)
    named = [(start, reader.ends.get(start, start), name) for start, name in reader.found if name in persons]
    if not named:
        return
    best = None
    for cue_start, cue_end in statement_spans(sentence, language):
        # After the cue, only in an attribution ('...," kata <Name>', "Menurut <Name>,"):
        # "Police said <Name> was arrested" and "Rebels urged <Name> to resign" name no speaker.
        attribution = sentence[:cue_start].rstrip()[-1:] in ("", ",", '"', "”", "'", "’")
        for start, end, name in named:
            if start >= cue_end and not attribution:
                continue
            gap = start - cue_end if start >= cue_end else cue_start - end
            if 0 <= gap <= _SPEAKER_REACH and (best is None or gap < best[0]):
                best = (gap, name)
    if best is not None:
        memory.speakers.append(best[1])


_NEXT_WORD = regex.compile(r"\s+([\p{L}\p{M}'’-]+)")


def _is_verb(word: str, lex: _Lex) -> bool:
    """Whether a lower-case word reads as a verb or an auxiliary (`verbs`, `verb_prefixes`,
    `verb_suffixes` of actors.yaml: "menyerukan", "accused", "has")."""
    if not word or not word[:1].islower():
        return False
    w = word.lower()
    return (w in lex.verbs or any(w.startswith(p) and len(w) >= len(p) + 4 for p in lex.verb_prefixes)
            or any(w.endswith(x) and len(w) >= len(x) + 4 for x in lex.verb_suffixes))


def _subject_of_verb(sentence: str, start: int, end: int, lex: _Lex) -> bool:
    """Whether the name at start..end is the subject of a verb right after it ("Ruritania
    accused ...", "Ruritania telah mengirim ..."); in a language whose nouns take their
    modifiers after them, not when a word other than a conjunction precedes it ("Sumber-sumber
    Ruritania menyebutkan", "Pengawal Presiden Ruritania mengatakan": the sources and the guard
    speak; "saat Ruritania menyerang": Ruritania attacks)."""
    m = _NEXT_WORD.match(sentence, end)
    if m is None or not _is_verb(m.group(1), lex):
        return False
    if not lex.national_before:
        before = resources.previous_word(sentence, start)
        word = resources.normalise(before)
        if before[-1:].isalpha() and word not in lex.agents and word not in lex.subject_openers:
            return False
    return True


def _previous(sentence: str, start: int) -> str:
    """The word before `start`, normalised, without punctuation around it."""
    return resources.normalise(resources.previous_word(sentence, start)).strip(",.“”\"'")


_AGE = regex.compile(r"\s*\(\d{1,3}\)")
_COMMA = regex.compile(r",\s*")
_SPACES = regex.compile(r"\s+")
_ENDS_WITH_DIGIT = regex.compile(r"\d\s*$")
_ACRONYM_IN_BRACKETS = regex.compile(r"\s*\((\p{Lu}[\p{Lu}\d-]{1,9})\)")


def _org_head(lowered: str, lex: _Lex, shorter: bool = False) -> str | None:
    """The longest organisation head (org_heads) that a normalised word sequence starts with,
    word for word ("kementerian dalam negeri contoh" -> "kementerian dalam negeri"), or None;
    with `shorter`, only a head shorter than the sequence."""
    words = lowered.split(" ")
    for n in range(min(len(words) - (1 if shorter else 0), lex.org_head_words), 0, -1):
        head = " ".join(words[:n])
        if head in lex.org_head_set:
            return head
    return None


def _appositive_title(sentence: str, end: int, lex: _Lex) -> str | None:
    """The title in ", juru bicara polisi" right after a name, if any."""
    m = _COMMA.match(sentence, end)
    if m:
        t = lex.titles.match(sentence, m.end())
        if t:
            return t.group(0)
    return None


def _looks_like_person(words: list[str], sentence: str, end: int, lex: _Lex) -> bool:
    """A name followed by an age "(45)" or by ", <title>" reads as a person."""
    after = sentence[end:end + 40]
    if _AGE.match(after) or _appositive_title(sentence, end, lex):
        return True
    m = _COMMA.match(after)
    if m and lex.groups.match(after[m.end():]):
        return True
    return len(words) >= 2 and not any(_ACRONYM.match(w) for w in words)


def _country_after(sentence: str, end: int, places: dict):
    """The country (or nationality) named right after position `end`, if any."""
    m = _SPACES.match(sentence, end)
    p = places.get(m.end()) if m else None
    if p is not None and p.place.kind in ("country", "demonym"):
        return p
    return None


def _country_before(sentence: str, start: int, places: dict):
    """The country (or nationality) named right before position `start` ("Kenyan police")."""
    for p in places.values():
        if p.place.kind in ("country", "demonym") and p.end <= start and not sentence[p.end:start].strip():
            return p
    return None


def _acronym_after(sentence: str, end: int) -> str | None:
    m = _ACRONYM_IN_BRACKETS.match(sentence, end)
    return m.group(1) if m else None


def _preceded_by(sentence: str, start: int, pattern: regex.Pattern, language: str, gap: int = 1) -> bool:
    before = sentence[max(0, start - 60):start]
    for m in pattern.finditer(before):
        between = before[m.end():].split()
        if len(between) <= gap + 1 and all(w.islower() or resources.normalise(w) in gazetteer(language) for w in between):
            return True
    return False


@functools.cache
def _sole_person_groups(language: str) -> tuple[tuple[str, frozenset[str], regex.Pattern, regex.Pattern, regex.Pattern], ...]:
    """The groups (`sole_person_groups` in actors.yaml: group -> its aliases for one person)
    that stand for one person once the article names them: (group, singular aliases, a
    pattern of all the group's aliases, patterns of plural markers before and after it)."""
    r = resources.load(language, "actors")
    groups = r["groups"]
    plural = resources.phrase_regex(r["plural_markers"])
    after = resources.phrase_regex(r["plural_markers_after"])
    return tuple((g, frozenset(resources.normalise(a) for a in singular or []), resources.phrase_regex(groups[g]), plural, after)
                 for g, singular in (r["sole_person_groups"]).items() if g in groups)


def name_group_members(sentences: list[str], actors: dict[int, list[str]], language: str) -> dict[int, list[str]]:
    """Actors with a role group replaced by the one person the article introduces in it.

    "pelaku pembunuhan ... bernama Joko" / "a suspect named John Smith": when exactly one
    person is introduced (by a name introducer) within a few words after a singular alias of
    the group, and the article never speaks of several ("empat pelaku", "para pelaku", "two
    suspects", a plural alias), every mention of the group in the article is that person.
    """
    if language not in resources.supported_languages():
        return actors
    from .numbers import find_quantities

    lex = _lexicon(language)
    group_names = set(lex.group_of.values())
    out = dict(actors)
    for group, singular, mentions, plural, plural_after in _sole_person_groups(language):
        named: set[str] = set()
        several = False
        for i, text in enumerate(sentences):
            found = actors.get(i, [])
            if group not in found:
                continue
            counts = [q for q in find_quantities(text, language) if (q.high or q.low or 0) >= 2]
            for m in mentions.finditer(text):
                lead = text[max(0, m.start() - 40):m.start()]
                last = " ".join(lead.split()[-2:])
                following = " ".join(text[m.end():m.end() + 30].split()[:1])
                if (resources.normalise(m.group(0)) not in singular or plural.search(last) or plural_after.match(following)
                        or any(0 <= m.start() - q.end <= 20 and len(text[q.end:m.start()].split()) <= 1 for q in counts)):
                    several = True
            for name in (a for a in found if a not in group_names):
                for m in regex.finditer(regex.escape(name), text):
                    before = resources.normalise(text[:m.start()]).split()
                    for intro in lex.name_introducers:
                        n = len(intro.split())
                        if before[-n:] != intro.split():
                            continue
                        window = " " + " ".join(before[-n - _INTRODUCED_WITHIN:-n]) + " "
                        if any(f" {a} " in window for a in singular):
                            named.add(name)
        if several or len(named) != 1:
            continue
        person = named.pop()
        for i, lst in out.items():
            if group in lst:
                out[i] = list(dict.fromkeys(person if a == group else a for a in lst))
    return out


_INTRODUCED_WITHIN = 6


# --- Actors and cited sources ------------------------------------------------------------------

_SELF_INTRODUCTION = regex.compile(r"^(?:I'm|I’m|I am)\s+")
_POSSESSIVE_END = regex.compile(r"(?:'s|’s|'|’)$")
# Heads of an outlet's name beside each language's media_heads ("The New York Times").
_OUTLET_HEADS = ("times", "post", "journal", "herald", "tribune", "gazette", "news", "tv", "television", "radio",
                 "newspaper", "channel", "broadcaster")


# A capital or a dot inside a word ("Al-Warta", "Warta.com"): a name even where any word
# is capitalised.
_INNER_MARK = regex.compile(r"[\p{Lu}.]")


@functools.cache
def _aliases_as_written() -> frozenset[str]:
    """The one-word names of resources/common/actor_aliases.yaml and news_outlets.yaml, in the
    case written there."""
    out: set[str] = set()
    for canonical, aliases in resources.load(resources.COMMON, "actor_aliases").items():
        out.update(w for w in (canonical, *aliases) if " " not in w)
    out.update(w for w in resources.load(resources.COMMON, "news_outlets")["outlets"] if " " not in w)
    return frozenset(out)


@functools.cache
def _alias_table() -> dict[str, str]:
    """Every name of resources/common/actor_aliases.yaml (normalised) -> its canonical name."""
    out: dict[str, str] = {}
    for canonical, aliases in resources.load(resources.COMMON, "actor_aliases").items():
        out[resources.normalise(canonical)] = canonical
        for alias in aliases:
            out[resources.normalise(alias)] = canonical
    return out


@functools.cache
def _source_rules(language: str) -> tuple[frozenset[str], frozenset[str], regex.Pattern, regex.Pattern]:
    """(outlets, heads of outlet names, "<title or outlet's> <name>" before a name,
    ", <...> correspondent" after it)."""
    outlets = frozenset(resources.normalise(o) for o in resources.load(resources.COMMON, "news_outlets")["outlets"])
    r = resources.load(language, "actors")
    heads = frozenset(resources.normalise(h) for h in [*r["media_heads"], *_OUTLET_HEADS])
    titles = resources.phrase_alternation(r["reporter_titles"]) if r["reporter_titles"] else "(?!x)x"
    named = resources.phrase_alternation(resources.load(resources.COMMON, "news_outlets")["outlets"])
    before = regex.compile(rf"(?:(?<![\w-])(?:{titles})(?:\s+(?:{named}))?\s+|(?<![\w-])(?:{named})(?:'s|’s)\s+)$",
                           regex.IGNORECASE)
    after = regex.compile(rf"^\s*,\s*(?:[\w'’.-]+\s+){{0,4}}?(?:{titles})(?![\w-])", regex.IGNORECASE)
    return outlets, heads, before, after


def is_outlet(name: str, language: str) -> bool:
    """Whether an actor's name is a news outlet's: one of the common outlets, or a name ending
    in a word for a medium ("state television", "the New York Times")."""
    outlets, heads, _, _ = _source_rules(language)
    key = resources.normalise(name)
    if key in outlets:
        return True
    if key in _alias_table():  # "Central Intelligence Agency" is no news agency
        return False
    words = key.split()
    return (len(words) > 1 and words[-1] in heads) or key in heads


def cited_and_actors(sentence: str, names: list[str], language: str) -> tuple[list[str], list[str]]:
    """A sentence's names split into crisis actors and cited sources (news outlets, reporters:
    named with a reporter's title, after an outlet's possessive, "I'm <name>" in a transcript),
    each tidied: no possessive ending, one name for the common aliases (actor_aliases.yaml: "UN"
    is the United Nations), no transcript speaker labels in capitals ("HOST")."""
    if language not in resources.supported_languages():
        return names, []
    lex = _lexicon(language)
    _, _, before, after = _source_rules(language)
    actors: list[str] = []
    cited: list[str] = []
    for raw in names:
        introduced = bool(_SELF_INTRODUCTION.match(raw))
        name = _POSSESSIVE_END.sub("", _SELF_INTRODUCTION.sub("", raw)).strip()
        if not name or (name.isupper() and resources.normalise(name) in lex.not_names):
            continue  # an abbreviation that names no one ("ET": a time zone)
        if (name.isupper() and (len(name) > 4 if " " not in name else len(name.replace(" ", "")) > 6)
                and resources.normalise(name) not in _alias_table()):
            continue  # a transcript's speaker label ("HOST:", "NETWORK CORRESPONDENT")
        at = sentence.find(name)
        reporter = at >= 0 and (before.search(sentence[max(0, at - 80):at]) is not None
                                or after.match(sentence, at + len(name)) is not None)
        name = _alias_table().get(resources.normalise(name), name)
        target = cited if introduced or reporter or is_outlet(name, language) else actors
        if name not in target:
            target.append(name)
    return actors, cited
