"""Timeline17 benchmark helpers: detokenising, article files, key-date ranking, Date-F1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schema
from pipeline.corpus.keydates import KEY_DATE_COLUMNS, key_dates
from pipeline.evaluate.timeline import (
    date_f1,
    detokenise,
    evaluate_timeline,
    format_timeline_report,
    write_articles,
)

TLS_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/tls"


@pytest.mark.parametrize(
    "tokenised, expected",
    [
        ("The quake struck .", "The quake struck."),
        ("Police , army and medics : all there ; really !", "Police, army and medics: all there; really!"),
        ("Why ? Nobody knows ...", "Why? Nobody knows..."),
        ("-LRB- CNN -RRB- -- Protests spread", "(CNN) -- Protests spread"),
        ("a list -LSB- 1 -RSB- and -LCB- x -RCB-", "a list [1] and {x}"),
        ("He said , `` We will stay . '' Then left", 'He said, "We will stay." Then left'),
        ("Interview : ` The People Are Heroes ' ; more", "Interview: 'The People Are Heroes'; more"),
        ("the groups ' statements", "the groups' statements"),
        ("Egypt 's army did n't move , they 're here", "Egypt's army didn't move, they're here"),
        ("I 've , you 'll , we 'd , I 'm", "I've, you'll, we'd, I'm"),
        ("It ca n't , it wo n't", "It can't, it won't"),
        ("I can not say , we 're gon na go", "I cannot say, we're gonna go"),
        ("up 50 % to $ 20", "up 50% to $20"),
        ("http:\\/\\/cnn.com and \\*\\*\\*", "http://cnn.com and ***"),
        ("  extra   spaces  here . ", "extra spaces here."),
        ("First line .\nSecond line !\n", "First line.\nSecond line!\n"),
        ("", ""),
    ],
)
def test_tls_detokenise(tokenised, expected):
    assert detokenise(tokenised) == expected


@pytest.mark.parametrize(
    "predicted, gold, expected",
    [
        ([], [], (0.0, 0.0, 0.0)),
        ([], ["2020-01-01"], (0.0, 0.0, 0.0)),
        (["2020-01-01"], [], (0.0, 0.0, 0.0)),
        (["2020-01-01", "2020-01-02"], ["2020-01-02", "2020-01-01"], (1.0, 1.0, 1.0)),
        (["2020-01-01"], ["2020-01-02"], (0.0, 0.0, 0.0)),
        (["2020-01-01", "2020-01-02"], ["2020-01-02", "2020-01-03", "2020-01-04"], (0.5, 1 / 3, 0.4)),
        (["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"], ["2020-01-01"], (0.25, 1.0, 0.4)),
        (["2020-01-01", "2020-01-01"], ["2020-01-01", "2020-01-02"], (1.0, 0.5, 2 / 3)),
    ],
)
def test_tls_date_f1(predicted, gold, expected):
    assert date_f1(predicted, gold) == pytest.approx(expected)


def _row(article: str, date: str | None, basis: str = "explicit", precision: str = "day",
         published: str = "2024-03-10", sentence: str | None = None, killed: int | None = None,
         index: int = 0) -> dict:
    return {
        "event_id": f"{article}-{index}", "article_id": article, "sentence_index": index,
        "paragraph_index": 0, "sentence": sentence or f"{article} sentence {index} about {date}.",
        "sentence_start": 0, "sentence_end": 10, "language": "en", "reference_date": published,
        "reference_basis": "front matter", "date": date, "date_precision": precision if date else None,
        "date_basis": basis, "event_type": "other", "sub_event_type": "other", "actors": [],
        "killed_min": killed, "killed_max": killed,
    }


def _events(rows: list[dict]) -> pd.DataFrame:
    return schema.coerce(pd.DataFrame(rows), schema.EVENT_COLUMNS)


SPREAD_VS_REPEATED = [  # 03-05 named once in each of three articles; 03-06 three times in one.
    _row("a1", "2024-03-05", index=0), _row("a2", "2024-03-05", index=0), _row("a3", "2024-03-05", index=0),
    _row("a4", "2024-03-06", index=0), _row("a4", "2024-03-06", index=1), _row("a4", "2024-03-06", index=2),
]
INHERITED_IGNORED = [  # many inherited/reference rows on 03-01 are not the sources pointing at it
    _row("a1", "2024-03-02", index=0),
    *[_row(f"b{i}", "2024-03-01", basis="inherited", index=i) for i in range(5)],
    *[_row(f"c{i}", "2024-03-01", basis="reference", index=i) for i in range(5)],
]
LOOK_BACK_VS_TODAY = [  # two articles look back at 03-05; two say "today" on 03-08, their publication day
    _row("a1", "2024-03-05", basis="weekday", published="2024-03-07"),
    _row("a2", "2024-03-05", basis="explicit", published="2024-03-09"),
    _row("a3", "2024-03-08", basis="relative", published="2024-03-08"),
    _row("a4", "2024-03-08", basis="relative", published="2024-03-08"),
]
LOOK_BACK_VS_PLAN = [  # a day still named afterwards outranks a day announced in advance
    _row("a1", "2024-03-12", basis="weekday", published="2024-03-10"),
    _row("a2", "2024-03-12", basis="relative", published="2024-03-11"),
    _row("a3", "2024-03-09", basis="weekday", published="2024-03-10"),
    _row("a4", "2024-03-09", basis="explicit", published="2024-03-11"),
]
SAME_DAY_EXPLICIT_VS_TODAY = [  # on the publication day, "Friday"/"8 March" says more than "today"
    _row("a1", "2024-03-08", basis="relative", published="2024-03-08"),
    _row("a2", "2024-03-08", basis="relative", published="2024-03-08"),
    _row("a3", "2024-03-07", basis="weekday", published="2024-03-07"),
    _row("a4", "2024-03-07", basis="explicit", published="2024-03-07"),
]
COARSE_IGNORED = [  # week, month and year precision do not point at a day
    _row("a1", "2024-03-04", precision="week"), _row("a2", "2024-03-01", precision="month"),
    _row("a3", "2024-01-01", precision="year"), _row("a4", "2024-03-08", precision="hour"),
    _row("a5", "2024-03-07", basis="unknown"), _row("a6", None, basis="unknown"),
]


@pytest.mark.parametrize(
    "rows, k, expected_dates",
    [
        (SPREAD_VS_REPEATED, None, ["2024-03-05", "2024-03-06"]),
        (SPREAD_VS_REPEATED, 1, ["2024-03-05"]),
        (INHERITED_IGNORED, None, ["2024-03-02"]),
        (LOOK_BACK_VS_TODAY, None, ["2024-03-05", "2024-03-08"]),
        (LOOK_BACK_VS_PLAN, None, ["2024-03-09", "2024-03-12"]),
        (SAME_DAY_EXPLICIT_VS_TODAY, None, ["2024-03-07", "2024-03-08"]),
        (COARSE_IGNORED, None, ["2024-03-08"]),
        (COARSE_IGNORED, 5, ["2024-03-08"]),
        (SPREAD_VS_REPEATED, 0, []),
    ],
)
def test_tls_key_dates_heuristic_ranking(rows, k, expected_dates):
    assert key_dates(_events(rows), k=k, method="heuristic")["date"].tolist() == expected_dates


def test_tls_key_dates_columns():
    rows = [
        _row("a1", "2024-03-05", basis="weekday", published="2024-03-06", killed=3,
             sentence="Floods killed three people in the valley on Tuesday."),
        _row("a2", "2024-03-05", basis="explicit", published="2024-03-07", killed=5, index=0,
             sentence="Floods in the valley on 5 March killed five people, officials said."),
        _row("a2", "2024-03-05", basis="relative", published="2024-03-07", index=1,
             sentence="The minister visited the town the day before yesterday."),
        _row("a2", "2024-03-07", basis="relative", published="2024-03-07", index=2, sentence="Talks start today."),
        _row("a3", "2024-03-05", basis="inherited", published="2024-03-06", killed=100,
             sentence="A hundred homes were lost."),
    ]
    table = key_dates(_events(rows), method="heuristic")
    assert list(table.columns) == list(KEY_DATE_COLUMNS)
    assert {c: str(t) for c, t in table.dtypes.items()} == {c: str(pd.Series(dtype=t).dtype)
                                                            for c, t in KEY_DATE_COLUMNS.items()}
    first = table.iloc[0]
    assert (first["date"], first["mentions"], first["articles"], first["killed_max"]) == ("2024-03-05", 3, 2, 5)
    assert first["top_sentence"] in {rows[0]["sentence"], rows[1]["sentence"]}
    assert first["summary"][0] == first["top_sentence"] and rows[3]["sentence"] not in first["summary"]
    assert first["score"] == pytest.approx(1.0 + 2 ** 0.5)
    assert table["date"].tolist() == ["2024-03-05", "2024-03-07"]
    assert pd.isna(table.iloc[1]["killed_max"])


@pytest.mark.parametrize("method", ["heuristic", "learned"])
def test_tls_key_dates_no_evidence(method):
    table = key_dates(_events([_row("a1", "2024-03-05", basis="inherited")]).iloc[0:0], method=method)
    assert table.empty and list(table.columns) == list(KEY_DATE_COLUMNS)
    if method == "heuristic":
        table = key_dates(_events([_row("a1", "2024-03-05", basis="inherited")]), method=method)
        assert table.empty


def test_tls_key_dates_unknown_method():
    with pytest.raises(ValueError, match="unknown key-date method"):
        key_dates(_events(SPREAD_VS_REPEATED), method="oracle")


CSV_TEXT = (
    'date,text\n'
    '2024-03-05,"Floods hit the valley on Tuesday , `` officials \'\' said . \n'
    'At least three people died -LRB- police -RRB- . \n"\n'
    '2024-03-06,"Rescue teams reached the valley on Wednesday . \n"\n'
    '2024-03-07,"' + "Long headline " * 12 + '. \nBody line . \n"\n'
)


@pytest.mark.parametrize(
    "limit, expected",
    [
        (None, [
            ("timeline17_test_0000.txt", "---\ntitle: Floods hit the valley on Tuesday, \"officials\" said.\n"
             "published: 2024-03-05\nlanguage: en\n---\nFloods hit the valley on Tuesday, \"officials\" said.\n"
             "At least three people died (police).\n"),
            ("timeline17_test_0001.txt", "---\ntitle: Rescue teams reached the valley on Wednesday.\n"
             "published: 2024-03-06\nlanguage: en\n---\nRescue teams reached the valley on Wednesday.\n"),
            ("timeline17_test_0002.txt", "---\ntitle: " + ("Long headline " * 12)[:120].strip() + "\n"
             "published: 2024-03-07\nlanguage: en\n---\n" + ("Long headline " * 12).strip() + ".\nBody line.\n"),
        ]),
        (1, [
            ("timeline17_test_0000.txt", "---\ntitle: Floods hit the valley on Tuesday, \"officials\" said.\n"
             "published: 2024-03-05\nlanguage: en\n---\nFloods hit the valley on Tuesday, \"officials\" said.\n"
             "At least three people died (police).\n"),
        ]),
    ],
)
def test_tls_write_articles(tmp_path, limit, expected):
    topic = tmp_path / "timeline17_test"
    topic.mkdir()
    (topic / "articles.csv").write_text(CSV_TEXT, encoding="utf-8")
    out = tmp_path / "work"
    paths = write_articles(topic / "articles.csv", out, limit=limit)
    assert [(p.name, p.read_text(encoding="utf-8")) for p in paths] == expected
    assert sorted(p.name for p in out.iterdir()) == [name for name, _ in expected]


def test_tls_write_articles_idempotent_and_readable(tmp_path):
    from pipeline.ingest.articles import read_article

    topic = tmp_path / "timeline17_test"
    topic.mkdir()
    (topic / "articles.csv").write_text(CSV_TEXT, encoding="utf-8")
    first = write_articles(topic / "articles.csv", tmp_path / "work")
    os.utime(first[0], (1_000_000, 1_000_000))
    second = write_articles(topic / "articles.csv", tmp_path / "work")
    assert first == second
    assert first[0].stat().st_mtime == 1_000_000  # unchanged content is not rewritten
    article = read_article(first[1])
    assert (article.published.date().isoformat(), article.language, article.warnings) == ("2024-03-06", "en", ())


def _tiny_topic(tmp_path):
    """A Timeline17-style topic folder: CSV_TEXT's three articles, a gold timeline of two days."""
    topic = tmp_path / "timeline17_test"
    topic.mkdir()
    (topic / "articles.csv").write_text(CSV_TEXT, encoding="utf-8")
    gold = [{"date": "2024-03-05", "sentences": ["Floods hit the valley ."]},
            {"date": "2024-03-06", "sentences": ["Rescuers arrive ."]}]
    (topic / "gold_timeline.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return topic


def test_tls_evaluate_timeline_tiny(tmp_path):
    topic = _tiny_topic(tmp_path)
    result = evaluate_timeline(topic, tmp_path / "work")
    assert set(result) == {"topic", "articles", "events", "gold_dates", "predicted", "P", "R", "F1",
                           "baselines", "AR1", "AR2", "rouge", "lead_AR2", "lead_rouge", "summaries", "span"}
    # the protocol: only the two articles published within the gold span (03-05..03-06) are read
    assert (result["topic"], result["articles"], result["gold_dates"]) == (
        "timeline17_test", 2, ["2024-03-05", "2024-03-06"])
    assert len(result["predicted"]) <= 2 and set(result["predicted"]) <= {"2024-03-05", "2024-03-06"}
    assert result["baselines"] == {"PUBCOUNT": 1.0, "MENTIONCOUNT": 1.0, "first N days": 1.0, "random (expected)": 1.0}
    for name in ("P", "R", "F1", "AR1", "AR2", "lead_AR2"):
        assert 0.0 <= result[name] <= 1.0
    wider = evaluate_timeline(topic, tmp_path / "work", extend=1)  # news-tls's time_span_extension
    assert (wider["articles"], wider["span"], wider["baselines"]["random (expected)"]) == (
        3, ["2024-03-04", "2024-03-07"], 0.5)
    assert set(wider["predicted"]) <= {"2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"}
    report = format_timeline_report([result])
    assert report.splitlines()[0].startswith("topic") and " F1 " in report.splitlines()[0]
    assert "timeline17_test" in report and "0.544" in report and "PUBCOUNT" in report


@pytest.mark.slow
@pytest.mark.parametrize("timeline, articles, gold_dates, floor", [
    # Date-F1 measured 2026-12-02 under the protocol (a regression guard, not a claim; the
    # shipped ranker was trained on these timelines: its honest figure is the cross-validated one
    # in the model card). h1n1_tl2 is the one where the trivial baselines are far below.
    ("haiti_tl1", 216, 11, 0.86),
    ("h1n1_tl2", 88, 12, 0.70),
])
def test_tls_evaluate_timeline(tmp_path, timeline, articles, gold_dates, floor):
    folder = TLS_CORPUS / "timelines" / timeline
    if not folder.is_dir():
        pytest.skip("../shared/corpus/tls is not present (it is not part of the repository)")
    result = evaluate_timeline(folder, tmp_path / "work")
    assert result["articles"] == articles
    assert len(result["gold_dates"]) == gold_dates and len(result["predicted"]) == gold_dates
    for name in ("P", "R", "F1"):
        assert 0.0 <= result[name] <= 1.0
    assert result["F1"] >= floor and result["AR2"] > 0.0
    assert all(1 <= len(s) <= 3 for s in result["summaries"].values())


def test_tls_evaluate_timeline_cli_goes_on_after_a_bad_folder(tmp_path, capsys, monkeypatch):
    from pipeline.__main__ import main
    from pipeline.evaluate import timeline

    topic = _tiny_topic(tmp_path)
    bad = tmp_path / "not_a_timeline"
    bad.mkdir()
    monkeypatch.setattr(timeline, "default_work_dir", lambda _: tmp_path / "work")
    out_json = tmp_path / "results.json"
    assert main(["evaluate", "timeline", str(bad), str(topic), "--json", str(out_json)]) == 2
    captured = capsys.readouterr()
    assert f"error: {bad}: no gold_timeline.jsonl" in captured.err
    assert "timeline17_test" in captured.out and captured.out.startswith("topic")
    assert [r["topic"] for r in json.loads(out_json.read_text(encoding="utf-8"))] == ["timeline17_test"]
