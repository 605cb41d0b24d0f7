"""One name per actor across a corpus, and reporters kept apart from actors.

Each article names its actors on its own (pipeline.extract.actors); across hundreds of articles
the same person is "Hosni Mubarak" in one sentence and "Mubarak" in the next, and a reporter
named with a title in one sentence ("CNN's Ivan Watson") is named bare in others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# A name cited as a reporter in at least this many sentences, and in at least this share of
# the sentences that name it, is a source wherever it is named.
CITED_AT_LEAST = 3
CITED_SHARE = 0.1


def corpus_names(actors: Iterable[list[str]], cited: Iterable[list[str]]) -> dict[str, str | None]:
    """Actor name -> the name to show for it across the corpus, None for a source (a reporter
    or outlet, see CITED_AT_LEAST). A one-word name that is the last word of exactly one longer
    name in the corpus ("Mubarak" and "Hosni Mubarak") is that person, unless it names a place
    ("Egypt" is not "Upper Egypt"); only names that change are listed."""
    as_actor: Counter = Counter()
    as_cited: Counter = Counter()
    for names in actors:
        as_actor.update(names)
    for names in cited:
        as_cited.update(names)
    out: dict[str, str | None] = {}
    for name, n in as_cited.items():
        if name in as_actor and n >= CITED_AT_LEAST and n >= CITED_SHARE * (n + as_actor[name]):
            out[name] = None
    stop = _not_names()  # "Later David Miliband", "Two Oxfam": no given name
    full_names: dict[str, list[str]] = {}
    for name in as_actor:
        words = name.split()
        if (2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words) and name not in out
                and "-" not in words[0] and words[0].lower() not in stop):
            full_names.setdefault(words[-1], []).append(name)
    heads = _head_words()
    for name in as_actor:
        if (" " in name or name in out or not name[:1].isupper() or name.isupper() or len(name) < 4
                or name.endswith("s") or name.lower() in heads or _is_place(name)):
            continue  # a plural, an organisation's head word ("Department"), a place
        fuller = sorted(full_names.get(name, ()), key=lambda n: -as_actor[n])
        # The one person of that surname the corpus names, or the one it names far most often.
        if fuller and (len(fuller) == 1 or as_actor[fuller[0]] >= DOMINANT * as_actor[fuller[1]]):
            out[name] = fuller[0]
    return out


# A full name named this many times as often as the next of the same surname is the one meant.
DOMINANT = 4


def _not_names() -> frozenset[str]:
    """Words that start no name (each language's not_names, and numbers in words)."""
    from .. import resources

    words: set[str] = set()
    for language in resources.supported_languages():
        words.update(resources.normalise(w) for w in resources.load(language, "actors")["not_names"])
        words.update(resources.normalise(str(w)) for w in resources.load(language, "numbers")["units"])
    return frozenset(words)


def _head_words() -> frozenset[str]:
    """Words that head organisations' and groups' names in the resource files ("department", "league")."""
    from .. import resources

    words: set[str] = set()
    for language in resources.supported_languages():
        r = resources.load(language, "actors")
        for phrase in [*r["org_heads"], *r["org_kind_heads"], *r["media_heads"], *r["person_titles"]]:
            words.update(resources.normalise(phrase).split())
    return frozenset(words)


def _is_place(name: str) -> bool:
    from .. import resources
    from ..extract.places import gazetteer

    key = resources.normalise(name)
    return any(key in gazetteer(language) for language in resources.supported_languages())


def rename(names: list[str], table: dict[str, str | None]) -> tuple[list[str], list[str]]:
    """(actors, newly cited) of one event's actor list under corpus_names' table."""
    actors: list[str] = []
    cited: list[str] = []
    for name in names:
        if name in table:
            new = table[name]
            if new is None:
                cited.append(name)
                continue
            name = new
        if name not in actors:
            actors.append(name)
    return actors, cited
