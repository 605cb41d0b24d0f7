"""Places: gazetteer names in sentences, and the words that only look like places."""

import pytest

from pipeline.extract.places import find_places


@pytest.mark.parametrize(
    "sentence, language, places",
    [
        ("Bombs exploded near the embassies in Dar es Salaam and Nairobi.", "en", ["Dar es Salaam", "Nairobi"]),
        ("Relief flights landed in Rio de Janeiro on Monday.", "en", ["Rio de Janeiro"]),
        ("Protesters gathered in Tahrir Square in Cairo.", "en", ["Tahrir Square", "Cairo"]),
        # Surnames and given names that are also towns: a person marker before, or a name beside.
        ("President Obama promised full support.", "en", []),
        ("Mr Clinton, now a UN special envoy, spoke to donors.", "en", []),
        ("It persuaded President Bill Clinton to act.", "en", []),
        ("Historian David Starkey discussed the gold.", "en", []),
        ("Aid Secretary Douglas Alexander warned Haiti.", "en", ["Haiti"]),
        ("In Jacmel, Haiti, houses collapsed.", "en", ["Jacmel", "Haiti"]),
        # Indonesian titles name places ("Kapolres Bekasi"): no name rule there.
        ("Kapolres Bekasi mengatakan banjir melanda Jakarta.", "id", ["Bekasi", "Jakarta"]),
        # "Para" (plural marker) opening a sentence is no place.
        ("Para ilmuwan memperingatkan banjir di Nigeria.", "id", ["Nigeria"]),
    ],
)
def test_places_found(sentence, language, places):
    assert [m.place.name for m in find_places(sentence, language)] == places


@pytest.mark.slow
def test_places_gazetteer_cache_round_trips_and_survives_a_bad_file(tmp_path, monkeypatch):
    from pipeline.extract import places

    monkeypatch.setenv("KRONOLOGI_CACHE_DIR", str(tmp_path))
    places.gazetteer.cache_clear()
    try:
        built = places.gazetteer("id")
        (cached_file,) = tmp_path.glob("gazetteer-id-*.json")
        places.gazetteer.cache_clear()
        assert places.gazetteer("id") == built  # read back from the file
        for broken in ("{not json", "[]", '{"x": 5}',
                       '{"names": ["a", "b"], "places": [["A", null, "city"]], "place_of": [0]}',  # a name short
                       '{"names": ["a"], "places": [["A", null, "city"]], "place_of": [3]}',  # no such place
                       '{"names": ["a"], "places": [["A"]], "place_of": [0]}'):  # a place cut short
            cached_file.write_text(broken, encoding="utf-8")
            places.gazetteer.cache_clear()
            assert places.gazetteer("id") == built  # a broken file is rebuilt, not an error
        assert places.gazetteer("id")["jakarta"].country == "ID"
    finally:
        places.gazetteer.cache_clear()


@pytest.mark.parametrize(
    "sentence, language, expected",
    [
        # Where someone is based is not where the event happened.
        ("Presiden meminta bantuan dari aliansi keamanan yang berbasis di Moskow.", "id", (None, None)),
        ("A charity based in London said it was worried.", "en", (None, None)),
        ("The charity, based in London, said 12 people died in Aleppo.", "en", ("Aleppo", "Syria")),
        ("Polisi menembak demonstran di Almaty.", "id", ("Almaty", "Kazakhstan")),
        # An earthquake's epicentre is where it happened.
        ("Gempa magnitudo 5,6 berpusat di Cianjur menewaskan 3 orang.", "id", ("Cianjur", "Indonesia")),
        # A state of the past is not the event's place either.
        ("Presiden meminta bantuan dari aliansi enam negara bekas Soviet.", "id", (None, None)),
        ("Refugees from the former Yugoslavia arrived in Vienna.", "en", ("Vienna", "Austria")),
    ],
)
def test_places_a_seat_is_not_the_event_location(sentence, language, expected):
    from pipeline.extract.places import choose_location, find_places

    assert choose_location(find_places(sentence, language, frozenset())) == expected
