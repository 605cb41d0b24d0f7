"""Places: gazetteer names in sentences, and the words that only look like places."""

import pytest

from pipeline.places import find_places


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
