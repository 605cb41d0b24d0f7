"""Key dates (issue 21): the learned date ranker, daily summaries, their exports, the ROUGE
alignment score, and the published protocol's gold timelines and trivial baselines."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline import schema
from pipeline.corpus.dateranker import FEATURES, MODEL_PATH, DateRanker, date_features, load_ranker, rank_dates
from pipeline.corpus.keydates import key_dates
from pipeline.corpus.summaries import daily_summaries, summary_text
from pipeline.evaluate.rouge import alignment_rouge
from pipeline.evaluate.timeline import (
    GoldTimeline,
    TimelineError,
    baseline_dates,
    format_timeline_report,
    input_span,
    mention_count_dates,
    random_f1,
    read_gold_timeline,
    write_articles_dated,
)
from pipeline.present import export


def _row(article: str, date: str | None, basis: str = "explicit", published: str = "2024-03-10",
         sentence: str | None = None, index: int = 0, killed: int | None = None) -> dict:
    return {
        "event_id": f"{article}-{index}", "article_id": article, "sentence_index": index,
        "paragraph_index": 0, "sentence": sentence or f"Report {article} number {index} tells of the floods on {date}.",
        "sentence_start": 0, "sentence_end": 10, "language": "en", "reference_date": published,
        "reference_basis": "front matter", "date": date, "date_precision": "day" if date else None,
        "date_basis": basis, "event_type": "disasters", "sub_event_type": "other", "actors": [],
        "killed_min": killed, "killed_max": killed,
    }


def _events(rows: list[dict]) -> pd.DataFrame:
    return schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS)


# 03-05 is looked back at by four later articles; 03-09 only has an article published on it.
LOOKED_BACK = [
    *[_row(f"a{i}", "2024-03-05", published=f"2024-03-0{6 + i}", index=0) for i in range(3)],
    _row("a3", "2024-03-05", basis="weekday", published="2024-03-08", index=0),
    _row("b1", "2024-03-09", basis="inherited", published="2024-03-09", index=0),
]


def _one_feature(name: str) -> DateRanker:
    return DateRanker(FEATURES, tuple(1.0 if f == name else 0.0 for f in FEATURES), 0.0, {})


def test_date_features_scaled_and_spanned():
    features = date_features(_events(LOOKED_BACK))
    assert list(features.columns) == list(FEATURES)
    # the named day and every publication day are candidates
    assert list(features.index) == ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-09"]
    assert ((features >= 0.0) & (features <= 1.0)).all().all()
    assert features.loc["2024-03-05", "docs_before"] == 1.0 and features.loc["2024-03-09", "docs_before"] == 0.0
    assert features.loc["2024-03-08", "published"] == 1.0 and features.loc["2024-03-06", "published"] == 0.5
    inside = date_features(_events(LOOKED_BACK), "2024-03-06", "2024-03-08")
    assert list(inside.index) == ["2024-03-06", "2024-03-07", "2024-03-08"]
    assert date_features(_events(LOOKED_BACK), "2025-01-01", "2025-01-02").empty


@pytest.mark.parametrize("feature, best", [
    ("docs_before", "2024-03-05"),
    ("published", "2024-03-08"),     # the only day with two articles published
    ("published_next", "2024-03-07"),  # the day before the two articles of 03-08
])
def test_rank_dates_follows_the_model(feature, best):
    assert rank_dates(_events(LOOKED_BACK), 1, ranker=_one_feature(feature)).index.tolist() == [best]


def test_shipped_ranker_prefers_the_day_sources_look_back_at():
    ranked = rank_dates(_events(LOOKED_BACK))
    assert ranked.index[0] == "2024-03-05"
    assert ranked.is_monotonic_decreasing and ((ranked > 0) & (ranked < 1)).all()


def test_ranker_json_round_trip(tmp_path):
    ranker = DateRanker(FEATURES, tuple(float(i) / 10 for i in range(len(FEATURES))), -0.5, {"note": "x"})
    path = tmp_path / "r.json"
    path.write_text(ranker.to_json(), encoding="utf-8")
    again = load_ranker(path)
    assert again == ranker
    features = date_features(_events(LOOKED_BACK))
    pd.testing.assert_series_equal(again.scores(features), ranker.scores(features))


def test_shipped_model_card():
    card = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert card["features"] == list(FEATURES) and len(card["coef"]) == len(FEATURES)
    assert card["cross_validation"]["by"].startswith("topic")
    assert card["command"].startswith("python -m pipeline train-date-ranker")
    assert set(card["cross_validation"]["date_f1"]) == set(card["trained_on"])


SUMMARY_ROWS = [
    _row("a1", "2024-03-05", published="2024-03-06", index=0,
         sentence="CITY NAME (Reuters) - Floods swept through the valley town, killing twelve people."),
    _row("a2", "2024-03-05", published="2024-03-07", index=0,
         sentence="Floods swept through the valley town on Tuesday, killing twelve people, police said."),
    _row("a3", "2024-03-05", published="2024-03-07", index=1,
         sentence="Rescue teams searched the ruins of the market for survivors on Tuesday."),
    _row("a3", "2024-03-06", published="2024-03-07", index=2,
         sentence="Floods swept through the valley town, killing twelve people, police said on Wednesday."),
    _row("a3", "2024-03-06", published="2024-03-07", index=3,
         sentence="The government declared a state of emergency in the province on Wednesday."),
    _row("a4", "2024-03-12", basis="relative", published="2024-03-07", index=0,
         sentence="Ministers will meet donors to discuss the reconstruction next week."),
    _row("a4", "2024-03-06", published="2024-03-07", index=1, sentence="Too short a line."),
]

TOLD = "Floods swept through the valley town on Tuesday, killing twelve people, police said."  # nearest the centroid


@pytest.mark.parametrize("dates, k, expected", [
    (["2024-03-05"], 1, {"2024-03-05": [TOLD]}),
    # the second day cannot repeat the first day's story; the plan is no summary of the day it names
    (["2024-03-05", "2024-03-06"], 1, {
        "2024-03-05": [TOLD],
        "2024-03-06": ["The government declared a state of emergency in the province on Wednesday."]}),
    (["2024-03-05"], 9, {"2024-03-05": [
        TOLD,
        "Rescue teams searched the ruins of the market for survivors on Tuesday."]}),
    (["2024-03-12"], 3, {"2024-03-12": []}),
])
def test_daily_summaries(dates, k, expected):
    assert daily_summaries(_events(SUMMARY_ROWS), dates, k) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("CITY NAME (Reuters) - Floods swept through the valley town today.", "Floods swept through the valley town today."),
    ("CAIRO, Egypt (CNN) -- Protesters filled the square again on Friday.", "Protesters filled the square again on Friday."),
    ("The army (which denied it) - said nothing.", "The army (which denied it) - said nothing."),
    ("NOWHERE (AP) - Too short.", "NOWHERE (AP) - Too short."),
])
def test_summary_text_cuts_datelines(sentence, expected):
    assert summary_text(sentence) == expected


def test_key_dates_carry_summaries():
    table = key_dates(_events(SUMMARY_ROWS), 2)
    assert table["summary"].map(len).between(1, 3).all()
    assert (table["top_sentence"] == table["summary"].map(lambda s: s[0])).all()
    sentences = [s for summary in table["summary"] for s in summary]
    assert len(sentences) == len(set(sentences))


@pytest.mark.parametrize("predicted, reference, r1, r2", [
    ({"2024-03-05": ["Floods killed twelve people in the valley."]},
     {"2024-03-05": ["Floods killed twelve people in the valley ."]}, 1.0, 1.0),
    # stems and stop words: "flood kills" is "floods killed"; "the", "in" do not count
    ({"2024-03-05": ["The flood kills twelve villagers"]},
     {"2024-03-05": ["Floods killed twelve villagers in the valley"]}, 2 * 0.8 / 1.8, 2 * 0.75 / 1.75),
    # a day off: matches count 1 / (1 + 1)
    ({"2024-03-06": ["Floods killed twelve people in the valley."]},
     {"2024-03-05": ["Floods killed twelve people in the valley ."]}, 0.5, 0.5),
    ({"2024-03-05": ["Markets rallied strongly."]}, {"2024-03-05": ["Floods killed twelve people ."]}, 0.0, 0.0),
    ({}, {"2024-03-05": ["Floods killed twelve people ."]}, 0.0, 0.0),
])
def test_alignment_rouge(predicted, reference, r1, r2):
    scores = alignment_rouge(predicted, reference)
    assert scores["rouge_1"]["f_score"] == pytest.approx(r1)
    assert scores["rouge_2"]["f_score"] == pytest.approx(r2)


def test_alignment_rouge_many_to_one():
    # two predicted days both align to the one reference day; the reference aligns to the nearer
    reference = {"2024-03-05": ["Floods killed twelve people ."]}
    predicted = {"2024-03-05": ["Floods killed twelve people."], "2024-03-09": ["Floods killed twelve people."]}
    scores = alignment_rouge(predicted, reference)["rouge_1"]
    assert scores["recall"] == pytest.approx(1.0)
    assert scores["precision"] == pytest.approx((4 + 4 / 5) / 8)


def _gold_folder(root, name: str, lines: list[str]):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "gold_timeline.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_read_gold_timeline_finds_the_topic_articles(tmp_path):
    (tmp_path / "timeline17_quake").mkdir()
    (tmp_path / "timeline17_quake" / "articles.csv").write_text("date,text\n", encoding="utf-8")
    folder = _gold_folder(tmp_path / "timelines", "quake_tl2", [
        json.dumps({"date": "2024-03-07", "sentences": ["B .", "C ."]}),
        json.dumps({"date": "2024-03-05", "sentences": ["A ."]}),
        json.dumps({"date": "2024-03-07", "sentences": ["D ."]}),
    ])
    gold = read_gold_timeline(folder)
    assert (gold.name, gold.topic, gold.dates, gold.start, gold.end) == (
        "quake_tl2", "timeline17_quake", ["2024-03-05", "2024-03-07"], "2024-03-05", "2024-03-07")
    assert gold.summaries["2024-03-07"] == ["B .", "C .", "D ."] and gold.summary_length == 2


@pytest.mark.parametrize("lines, message", [
    (None, "no gold_timeline.jsonl"),
    ([json.dumps({"date": "2024-03-05", "sentences": []})], "no articles.csv"),
    (["{not json"], "not a {date, sentences} line"),
    ([""], "no dates"),
])
def test_read_gold_timeline_errors_name_the_folder(tmp_path, lines, message):
    if lines is None:
        folder = tmp_path / "empty_tl1"
        folder.mkdir()
    else:
        folder = _gold_folder(tmp_path, "x_tl1", lines)
        if message != "no articles.csv":
            (folder / "articles.csv").write_text("date,text\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=message) as err:
        read_gold_timeline(folder)
    assert str(folder) in str(err.value)


GOLD = GoldTimeline("t", pytest.importorskip("pathlib").Path("a.csv"),
                    {"2024-03-01": ["a"], "2024-03-04": ["b"], "2024-03-10": ["c"]})


@pytest.mark.parametrize("published, expected", [
    (["2024-03-04", "2024-03-04", "2024-03-02", "2024-03-09", "2024-03-09", "2024-03-10"],
     {"PUBCOUNT": ["2024-03-04", "2024-03-09", "2024-03-02"],
      "first N days": ["2024-03-01", "2024-03-02", "2024-03-03"]}),
    ([], {"PUBCOUNT": [], "first N days": ["2024-03-01", "2024-03-02", "2024-03-03"]}),
])
def test_baseline_dates(published, expected):
    assert baseline_dates(published, len(GOLD.dates), GOLD.start) == expected


@pytest.mark.parametrize("rows, n, span, expected", [
    # four sentences name 03-05, none names 03-09 (its only row inherits its date): 03-05 alone
    (LOOKED_BACK, 2, ("2024-03-01", "2024-03-10"), ["2024-03-05"]),
    # a tie goes to the earlier day; a day outside the span is no candidate
    ([_row("x", "2024-03-07"), _row("y", "2024-03-03"), _row("z", "2024-02-20")], 3,
     ("2024-03-01", "2024-03-10"), ["2024-03-03", "2024-03-07"]),
    ([], 3, ("2024-03-01", "2024-03-10"), []),
])
def test_mention_count_dates(rows, n, span, expected):
    assert mention_count_dates(_events(rows), n, *span) == expected


@pytest.mark.parametrize("summaries, ar_cells", [
    ({"2024-03-01": ["a ."], "2024-03-04": []}, ["0.500", "0.250", "0.100"]),
    ({"2024-03-01": [], "2024-03-04": []}, ["-", "-", "-"]),
])
def test_report_leaves_ar_blank_when_the_gold_gives_days_only(summaries, ar_cells):
    gold = GoldTimeline("t", pytest.importorskip("pathlib").Path("a.csv"), summaries)
    told = gold.has_summaries
    rouge = {m: {"precision": 0.5, "recall": 0.5, "f_score": 0.5} for m in ("rouge_1", "rouge_2")}
    result = {"topic": "t_tl1", "articles": 3, "events": 9, "gold_dates": gold.dates, "P": 0.5, "R": 0.5, "F1": 0.5,
              "baselines": {"PUBCOUNT": 0.5}, "AR1": 0.5 if told else None, "AR2": 0.25 if told else None,
              "rouge": rouge if told else None, "lead_AR2": 0.1 if told else None,
              "lead_rouge": rouge if told else None}
    row = format_timeline_report([result]).splitlines()[2].split()
    assert row[-3:] == ar_cells
    assert ("days only" in format_timeline_report([result])) is not told


def test_articles_csv_without_its_header_names_the_file(tmp_path):
    csv_path = tmp_path / "topic" / "articles.csv"
    csv_path.parent.mkdir()
    csv_path.write_text('2024-03-05,"Floods hit the capital ."\n', encoding="utf-8")
    with pytest.raises(TimelineError, match="no 'date,text' header") as err:
        write_articles_dated(csv_path, tmp_path / "out")
    assert str(csv_path) in str(err.value)


@pytest.mark.parametrize("extend, span, random", [
    (0, ("2024-03-01", "2024-03-10"), 3 / 10),
    (5, ("2024-02-25", "2024-03-15"), 3 / 20),
])
def test_input_span_and_random_f1(extend, span, random):
    assert input_span(GOLD, extend) == span
    assert random_f1(len(GOLD.dates), *span) == pytest.approx(random)


HOSTILE = pd.DataFrame({
    "date": ["2024-03-05"], "score": [0.9], "mentions": [2], "articles": [1], "killed_max": pd.array([12], "Int64"),
    "top_sentence": ["x"],
    "summary": [["=HYPERLINK(\"http://evil\") [click](http://evil) <script>alert(1)</script> *bold* _it_"]],
})


def test_key_dates_markdown_is_literal():
    text = export.key_dates_markdown(HOSTILE, "Floods [report]", "actors: A").decode("utf-8")
    assert text.startswith("# Floods \\[report\\]\n")
    assert "## 5 March 2024" in text
    assert "\\[click\\]\\(http://evil\\)" in text and "\\<script\\>" in text and "\\*bold\\*" in text
    assert "<script>" not in text.replace("\\<script\\>", "")
    assert "killed, at least: 12" in text


def test_key_dates_timelinejs_escapes_html():
    doc = json.loads(export.key_dates_timelinejs(HOSTILE, "Floods <b>", "sub"))
    event = doc["events"][0]
    assert event["start_date"] == {"year": "2024", "month": "3", "day": "5"}
    assert "<script>" not in event["text"]["text"] and "&lt;script&gt;" in event["text"]["text"]
    assert doc["title"]["text"]["headline"] == "Floods &lt;b&gt;"


def test_key_dates_csv_defuses_formulas():
    text = export.key_dates_csv(HOSTILE).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_key_dates_exports_say_when_no_sentence_names_the_day():
    table = HOSTILE.assign(articles=[0], killed_max=pd.array([None], "Int64"))
    text = export.key_dates_markdown(table, "t").decode("utf-8")
    assert "No sentence names this day; it was chosen for the articles published on it" in text
    assert "killed" not in text
    doc = json.loads(export.key_dates_timelinejs(table, "t"))
    assert "No sentence names this day" in doc["events"][0]["text"]["text"]
