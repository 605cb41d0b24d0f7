"""Numbers: digits with Indonesian separators, number words, vague quantities."""

import pytest

from pipeline.extract.numbers import find_quantities, parse_count

from .conftest import without_key_letters


@pytest.mark.parametrize(
    "text, value",
    [("1.200", 1200), ("300", 300), ("delapan", 8), ("dua belas", 12), ("tiga ratus", 300),
     ("dua puluh lima", 25), ("seratus dua puluh", 120), ("seribu", 1000), ("1,5 juta", 1500000),
     ("dua ribu lima ratus", 2500), ("seorang", 1), ("sebelas", 11), ("belas", None), ("puluh", None),
     ("puluhan", None), ("abc", None)],
)
def test_numbers_parse_count(text, value):
    assert parse_count(text, "id") == value


@pytest.mark.parametrize(
    "text, low, high",
    [("puluhan", 10, 99), ("belasan", 11, 19), ("ratusan", 100, 999), ("ribuan", 1000, 9999),
     ("puluhan ribu", 10000, 99999)],
)
def test_numbers_vague_ranges(text, low, high):
    (q,) = find_quantities(f"Sebanyak {text} warga mengungsi.", "id")
    assert (q.low, q.high, q.vague) == (low, high, True)


@pytest.mark.parametrize(
    "sentence, language",
    [("Dua puluh lima orang tewas.", "id"), ("Puluhan warga mengungsi, kedua pilot selamat.", "id"),
     ("Warga mengungsi ke masjid.", "id"), ("Sebanyak 1.200 rumah rusak.", "id"),
     ("Twenty-five people died and both pilots survived.", "en"), ("Tens of thousands fled.", "en"),
     ("The army moved in.", "en"), ("A dozen were hurt.", "en")],
)
def test_numbers_word_test_skips_only_sentences_without_numbers(monkeypatch, sentence, language):
    """The test for a digit or a number word before the scans finds what the scans alone find."""
    from pipeline.extract import numbers as mod

    gated = find_quantities(sentence, language)
    without_key_letters(monkeypatch, mod, "numbers", language, "pattern_keys", "collective_keys")
    assert find_quantities(sentence, language) == gated
