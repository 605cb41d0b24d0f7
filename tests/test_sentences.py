"""Sentence splitting keeps offsets; boilerplate is recognised."""

import pytest

from pipeline.sentences import skip_reason, split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Polisi datang. Warga lari.", ["Polisi datang.", "Warga lari."]),
        ("Rumah di Jl. Merdeka terbakar. Api padam.", ["Rumah di Jl. Merdeka terbakar.", "Api padam."]),
        ("“Kami siaga,” katanya. Tim tiba.", ["“Kami siaga,” katanya.", "Tim tiba."]),
        ("Judul Berita\n\nIsi pertama. Isi kedua.", ["Judul Berita", "Isi pertama.", "Isi kedua."]),
        ("Harga naik 1.200 persen. Dr. Ani hadir.", ["Harga naik 1.200 persen.", "Dr. Ani hadir."]),
        ("\"Benar. Kami sudah ke sana,\" ujarnya.", ["\"Benar.", "Kami sudah ke sana,\" ujarnya."]),
        # A closing quotation mark after a space ends the sentence before it.
        ("\" Kami tidak menyerah. Sampai akhir. \"\nPolisi datang.", ["\" Kami tidak menyerah.", "Sampai akhir. \"", "Polisi datang."]),
        ("\"\nPolisi datang.", ["\"", "Polisi datang."]),
        ("", []),
    ],
)
def test_sentences_split(text, expected):
    got = split_sentences(text, "id")
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize(
    "sentence, reason",
    [("• Bagikan", "boilerplate"), ("Baca juga: Banjir di kota", "boilerplate"),
     ("SCROLL TO CONTINUE WITH CONTENT", "boilerplate"), ("***", "no_words"), ("Warga mengungsi.", None)],
)
def test_sentences_skip_reason(sentence, reason):
    assert skip_reason(sentence, "id") == reason


@pytest.mark.parametrize(
    "sentence, reason",
    [("Have you or your family been affected by the earthquake?", "boilerplate"),
     ("Have you been affected by the floods?", "boilerplate"),
     ("Share your pictures and videos with us.", "boilerplate"),
     ("Thousands have been affected by the earthquake.", None),
     ("Share prices fell sharply in Cairo.", None)],
)
def test_sentences_skip_reason_english(sentence, reason):
    assert skip_reason(sentence, "en") == reason


@pytest.mark.parametrize(
    "sentence, reason",
    [("By Reuters staff", "boilerplate"), ("By John Smith, Cairo", "boilerplate"),
     ("By Friday, May 30, 2025, the death toll had risen to 40.", None),
     ("By Tuesday, 300 people had died.", None)],
)
def test_sentences_bylines_are_not_dates(sentence, reason):
    assert skip_reason(sentence, "en") == reason


@pytest.mark.parametrize("sentence", ["By Christmas Eve, the toll had risen to 40.", "By Thanksgiving, 40 had died."])
def test_sentences_a_deadline_with_a_figure_is_no_byline(sentence):
    assert skip_reason(sentence, "en") is None
