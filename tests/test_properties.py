"""Property-based tests of the text entry point (hypothesis): arbitrary Unicode never raises,
offsets always slice back to the quoted text, every sentence is accounted for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build.article import article_event_rows
from pipeline.ingest.articles import ArticleError, parse_article
from pipeline.ingest.sentences import split_sentences

# Words the pipeline reacts to, mixed into random text so that the interesting paths run.
WORDS = ["Kamis", "(06/01/2022)", "Rabu", "malam", "sedikitnya", "delapan", "tewas", "300", "terluka",
         "polisi", "Presiden", "Jakarta", "on", "Wednesday", "at", "least", "82", "killed", "injured",
         "since", "March", "yesterday", "Reuters", "said", "---", "published:", "2025-03-06", "\n", "\n\n",
         ".", ",", "“", "”", "(", ")", "Dr.", "99/99/9999", "1.200", "dozens", "—", "\u200b", "\r\n"]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=60).map(" ".join),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rows(text: str):
    try:
        article = parse_article(text, "prop.md", "prop")
    except ArticleError:
        return None, None  # empty text: a clear error, not a crash
    return article, article_event_rows(article)


@SETTINGS
@given(texts)
def test_properties_any_text_gives_rows_whose_offsets_slice_back(text):
    article, rows = _rows(text)
    if article is None:
        return
    for row in rows.events + rows.skipped:
        assert article.text[row["sentence_start"]:row["sentence_end"]] == row["sentence"]
    for row in rows.events:
        if row["time_expression"] is not None:
            sentence = row["sentence"]
            assert sentence[row["time_expression_start"]:row["time_expression_end"]] == row["time_expression"]
        for low, high in (("killed_min", "killed_max"), ("injured_min", "injured_max"), ("missing_min", "missing_max")):
            if row[low] is not None and row[high] is not None:
                assert row[low] <= row[high]
        if row["date_start"] is not None and row["date_end"] is not None:
            assert row["date_start"] < row["date_end"]


@SETTINGS
@given(texts)
def test_properties_every_sentence_is_an_event_or_skipped(text):
    article, rows = _rows(text)
    if article is None:
        return
    indices = sorted(r["sentence_index"] for r in rows.events + rows.skipped)
    assert indices == list(range(len(indices)))
    language = rows.language if rows.language in ("id", "en") else "und"
    assert len(indices) == len(split_sentences(article.text, language))
