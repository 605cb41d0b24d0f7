"""Sentence splitting keeps offsets; boilerplate is recognised."""

import pytest
import regex

from pipeline.ingest.sentences import skip_reason, split_sentences


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
     ("SCROLL TO CONTINUE WITH CONTENT", "boilerplate"), ("***", "no_words"), ("Warga mengungsi.", None),
     ("12.", "no_words"), ("(a)", "no_words"), ("a b", None), ("2 x 3", "no_words"), ("Ok", None),
     ("KOTA CONTOH, KOMPAS.com -", "dateline"), ("KOTA CONTOH, KOMPAS.com - Polisi menangkap dua orang.", None)],
)
def test_sentences_skip_reason(sentence, reason):
    assert skip_reason(sentence, "id") == reason


@pytest.mark.parametrize(
    "sentence, reason",
    [("Have you or your family been affected by the earthquake?", "boilerplate"),
     ("Have you been affected by the floods?", "boilerplate"),
     ("Share your pictures and videos with us.", "boilerplate"),
     ("Thousands have been affected by the earthquake.", None),
     ("Share prices fell sharply in Cairo.", None),
     # A dateline on a line of its own.
     ("SAMPLE CITY, Kenya (AP) _", "dateline"), ("SAMPLE CITY, August 7 (Xinhua) --", "dateline"),
     ("SAMPLE CITY, N.Y.", "dateline"), ("(AP) --", "dateline"), ("SAMPLE CITY (Reuters) -", "dateline"),
     ("(CNN) -- The minister spoke on Tuesday.", None), ("NATO said it struck the base.", None), ("U.S.", None)],
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


def test_sentences_a_dateline_dates_the_article_but_is_no_event():
    from pipeline.build.run import article_rows

    text = ("Minister condemns blasts\n\nSAMPLE CITY, August 7, 2025 (Xinhua) --\n\n"
            "The minister condemned on Thursday the blasts that killed 12 people.\n")
    result = article_rows(text.encode(), "dateline.txt", "dateline")
    assert [(r["sentence"], r["reason"]) for r in result.skipped] == [("SAMPLE CITY, August 7, 2025 (Xinhua) --", "dateline")]
    assert [r["date"] for r in result.events] == ["2025-08-07", "2025-08-07"]
    assert result.events[0]["reference_basis"].startswith("inferred")


@pytest.mark.parametrize(
    "lines, combined",
    [(["^a$", "^b+$"], True),
     (["^x(?i:y)$", "z"], True),                # a scoped flag stays inside its group
     (["(?-i)^[A-Z]+$", "^b$"], False),         # a flag for the whole pattern
     ([r"(a)\1", "b"], False),                  # a numbered reference
     ([r"(?P<w>a)(?P=w)", "b"], False)],        # a named reference
)
def test_boilerplate_patterns_combine_only_when_each_keeps_its_meaning(monkeypatch, lines, combined):
    from pipeline import resources
    from pipeline.ingest import sentences

    monkeypatch.setattr(resources, "load", lambda language, name: {"boilerplate_lines": lines})
    sentences._boilerplate.cache_clear()
    try:
        assert (len(sentences._boilerplate("xx")) == 1) == combined
        for text in ("a", "bbb", "xY", "z", "AB", "ab", "aa", "c"):
            alone = any(regex.compile(p, regex.IGNORECASE).search(text) for p in lines)
            assert any(p.search(text) for p in sentences._boilerplate("xx")) == alone, text
    finally:
        sentences._boilerplate.cache_clear()  # the patterns made from the stand-in resources


@pytest.mark.parametrize("line", [
    "the crowd moved on. " * 52_000,  # ~1 MB: no full stop is followed by a capital, so no sentence ends
    "." * 1_000_000,  # one run of full stops
    "J. " * 340_000,  # initials: an abbreviation before every full stop
])
def test_sentences_splitting_a_run_on_megabyte_costs_what_an_ordinary_one_does(line):
    """Splitting is linear: a 1 MB run-on line takes about as long as a 1 MB article of ordinary
    sentences (a ratio of the two on this machine, not a timed target; when splitting was
    quadratic a 250 KB line took minutes)."""
    import time

    ordinary = "The crowd moved on. " * 52_000

    def best(text: str) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            split_sentences(text, "en")
            times.append(time.perf_counter() - t)
        return min(times)

    assert best(line) < 5 * best(ordinary) + 0.05
