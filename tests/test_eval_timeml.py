"""TempEval-3 style scoring: reading TimeML, strict/relaxed matching, value F1, sentence dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pipeline.evaluate import timeml as E
from pipeline.evaluate.timeml import Timex

TEMPEVAL3 = Path(__file__).parents[1].parent / "shared/corpus/tempeval3"

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>toy_001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TITLE>Bridge shut on <TIMEX3 tid="t90" type="DATE" value="2013-03-18">Monday</TIMEX3></TITLE>
<TEXT>
The river <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2013-03-18">Monday</TIMEX3> &amp; the bridge <EVENT eid="e2" class="OCCURRENCE">closed</EVENT>.
Crews <EVENT eid="e3" class="OCCURRENCE">worked</EVENT> <SIGNAL sid="s1">for</SIGNAL> <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> &lt;nonstop&gt;.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
</TimeML>
"""

DOC_TEXT = ("\nThe river rose on Monday & the bridge closed.\n"
            "Crews worked for two days <nonstop>.\n")


def _doc(text_xml: str, dct: str = "2013-03-22", doc_id: str = "toy") -> str:
    return (f'<TimeML><DOCID>{doc_id}</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">x</TIMEX3></DCT>'
            f"<TEXT>{text_xml}</TEXT></TimeML>")


def tx(start: int, end: int, type_: str = "DATE", value: str = "2013-03-18", text: str = "") -> Timex:
    """A Timex for scoring cases, where only offsets, type and value matter."""
    return Timex(start, end, text or f"{start}-{end}", type_, value)


def test_eval_timeml_reads_document():
    doc = E.parse_timeml(DOC)
    assert doc.doc_id == "toy_001"
    assert doc.dct == dt.date(2013, 3, 22)
    assert doc.text == DOC_TEXT
    assert doc.timexes == [
        Timex(19, 25, "Monday", "DATE", "2013-03-18"),
        Timex(64, 72, "two days", "DURATION", "P2D"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text


@pytest.mark.parametrize(
    "text_xml, dct, expected_text, expected",
    [
        ("Talks end <TIMEX3 type='DATE' value='2014-06'>in June</TIMEX3>.", "2014-01-05",
         "Talks end in June.", [(10, 17, "DATE", "2014-06")]),
        ("<TIMEX3 type='TIME' value='2014-01-05TMO'>This morning</TIMEX3> it <EVENT eid='e1'>snowed</EVENT>.",
         "2014-01-05T08:30", "This morning it snowed.", [(0, 12, "TIME", "2014-01-05TMO")]),
        ("<EVENT eid='e1'>Floods</EVENT> <SIGNAL sid='s1'>during</SIGNAL> "
         "<TIMEX3 type='DATE' value='2014-W02'>the week of the <EVENT eid='e2'>vote</EVENT></TIMEX3> &gt; before",
         "2014-01-05", "Floods during the week of the vote > before", [(14, 34, "DATE", "2014-W02")]),
        ("<TIMEX3 type='DATE' value='2009'>2009</TIMEX3>-<TIMEX3 type='DATE' value='2010'>2010</TIMEX3>",
         "2014-01-05", "2009-2010", [(0, 4, "DATE", "2009"), (5, 9, "DATE", "2010")]),
        ("No time here.", "1998-08-08", "No time here.", []),
    ],
    ids=["plain", "dct-with-time", "nested-event-and-entity", "adjacent", "none"],
)
def test_eval_timeml_offsets(text_xml, dct, expected_text, expected):
    doc = E.parse_timeml(_doc(text_xml, dct))
    assert doc.text == expected_text
    assert doc.dct == dt.date.fromisoformat(dct[:10])
    assert [(t.start, t.end, t.type, t.value) for t in doc.timexes] == expected
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)


@pytest.mark.parametrize(
    "xml, message",
    [
        ("<TimeML><TEXT>unclosed", "not well-formed XML"),
        ("<TimeML><DCT><TIMEX3 value='2013-03-22'>x</TIMEX3></DCT></TimeML>", "no <TEXT> element"),
        ("<TimeML><TEXT>Rain.</TEXT></TimeML>", "no document creation time"),
        (_doc("Rain.", dct="PRESENT_REF"), "'PRESENT_REF' is not a YYYY-MM-DD date"),
    ],
)
def test_eval_timeml_bad_documents(xml, message):
    with pytest.raises(E.TimeMLError, match=message) as info:
        E.parse_timeml(xml, "bad.tml")
    assert str(info.value).startswith("bad.tml: ")


@pytest.mark.parametrize(
    "gold, system, strict, relaxed",
    [
        ([(0, 5)], [(0, 5)], 1, 1),
        ([(0, 5)], [(3, 8)], 0, 1),
        ([(0, 5)], [(5, 9)], 0, 0),
        ([(0, 10)], [(0, 4), (5, 10)], 0, 1),
        ([(0, 4), (6, 10)], [(0, 10)], 0, 1),
        ([(0, 5)], [(0, 7), (0, 5)], 1, 1),
        ([(0, 5), (10, 15)], [(10, 15), (0, 5)], 2, 2),
        ([(0, 5)], [(0, 5), (0, 5)], 1, 1),
        ([], [(0, 5)], 0, 0),
        ([(0, 5)], [], 0, 0),
    ],
    ids=["exact", "partial", "touching", "one-gold-two-system", "two-gold-one-system",
         "exact-beats-longer", "order-free", "duplicate-system", "no-gold", "no-system"],
)
def test_eval_timeml_strict_and_relaxed(gold, system, strict, relaxed):
    counts, _ = E.count_matches([tx(*g) for g in gold], [tx(*s) for s in system])
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (len(gold), len(system), strict, relaxed)


@pytest.mark.parametrize(
    "gold, system, pairs",
    [
        ([(0, 5)], [(0, 7), (0, 5)], [(0, 1)]),
        ([(0, 10), (12, 20)], [(7, 14)], [(0, 0)]),
        ([(0, 10), (12, 20)], [(9, 16)], [(1, 0)]),
        ([(0, 10)], [(0, 4), (3, 10)], [(0, 1)]),
    ],
    ids=["exact-preferred", "largest-overlap-first", "largest-overlap-second", "longer-system-span-wins"],
)
def test_eval_timeml_relaxed_pairs(gold, system, pairs):
    assert E.relaxed_matches([tx(*g) for g in gold], [tx(*s) for s in system]) == pairs


@pytest.mark.parametrize(
    "counts, hits, p, r, f1, acc",
    [
        (E.MatchCounts(gold=2, system=3, relaxed=2), 1, 1 / 3, 1 / 2, 0.4, 1 / 2),
        (E.MatchCounts(gold=4, system=4, relaxed=4), 4, 1.0, 1.0, 1.0, 1.0),
        (E.MatchCounts(gold=4, system=0, relaxed=0), 0, 0.0, 0.0, 0.0, 0.0),
        (E.MatchCounts(gold=0, system=0, relaxed=0), 0, 0.0, 0.0, 0.0, 0.0),
    ],
)
def test_eval_timeml_ratios(counts, hits, p, r, f1, acc):
    assert counts.precision(hits) == pytest.approx(p)
    assert counts.recall(hits) == pytest.approx(r)
    assert counts.f1(hits) == pytest.approx(f1)
    assert counts.accuracy(hits) == pytest.approx(acc)


@pytest.mark.parametrize(
    "gold, system, type_correct, value_correct, value_p, value_r",
    [
        # 2 gold, 3 system, both gold matched, one value right: P = 1/3, R = 1/2.
        ([tx(0, 6, "DATE", "2013-03-18"), tx(10, 18, "DURATION", "P2D")],
         [tx(0, 6, "DATE", "2013-03-18"), tx(10, 14, "DURATION", "P3D"), tx(30, 35, "DATE", "2013")],
         2, 1, 1 / 3, 1 / 2),
        ([tx(0, 6, "DATE", "2013-03-18")], [tx(0, 6, "TIME", "2013-03-19")], 0, 0, 0.0, 0.0),
        ([tx(0, 6, "DURATION", "P1D")], [tx(0, 6, "duration", " p1d ")], 1, 1, 1.0, 1.0),
        ([tx(0, 6, "DATE", "2013-03-18")], [tx(7, 9, "DATE", "2013-03-18")], 0, 0, 0.0, 0.0),
    ],
    ids=["two-gold-three-system", "wrong-type-and-value", "case-and-space-insensitive", "same-value-no-overlap"],
)
def test_eval_timeml_attributes(gold, system, type_correct, value_correct, value_p, value_r):
    counts, wrong = E.count_matches(gold, system)
    assert (counts.type_correct, counts.value_correct) == (type_correct, value_correct)
    assert counts.precision(counts.value_correct) == pytest.approx(value_p)
    assert counts.recall(counts.value_correct) == pytest.approx(value_r)
    assert len(wrong) == counts.relaxed - counts.value_correct


@pytest.mark.parametrize(
    "gold, system, overall, date_time",
    [
        # (gold, system, relaxed, value_correct) overall and for DATE+TIME only.
        ([tx(0, 6, "DATE", "2013-03-18"), tx(10, 18, "DURATION", "P2D")],
         [tx(0, 6, "DATE", "2013-03-18"), tx(10, 18, "DURATION", "P3D")],
         (2, 2, 2, 1), (1, 1, 1, 1)),
        ([tx(0, 6, "DATE", "2013-03-18")], [tx(0, 6, "DURATION", "2013-03-18")],
         (1, 1, 1, 1), (1, 0, 0, 0)),
        ([tx(0, 6, "SET", "XXXX-WI")], [tx(0, 6, "SET", "XXXX-WI"), tx(8, 12, "TIME", "2013-03-22TMO")],
         (1, 2, 1, 1), (0, 1, 0, 0)),
        ([tx(0, 6, "TIME", "2013-03-22T14:30")], [tx(0, 6, "TIME", "2013-03-22T14:30")],
         (1, 1, 1, 1), (1, 1, 1, 1)),
    ],
    ids=["duration-left-out", "system-type-decides", "set-left-out", "time-kept"],
)
def test_eval_timeml_date_time_restriction(gold, system, overall, date_time):
    scores = E.score_document(gold, system, "d")
    for counts, expected in ((scores.overall, overall), (scores.date_time, date_time)):
        assert (counts.gold, counts.system, counts.relaxed, counts.value_correct) == expected


def _lookup_finder(answers: dict[str, list[Timex]]) -> E.Finder:
    return lambda text, dct: answers[text]


def test_eval_timeml_score_documents_micro_average():
    a = E.TimeMLDoc("a", dt.date(2013, 3, 22), "text a", [tx(0, 4, "DATE", "2013")])
    b = E.TimeMLDoc("b", dt.date(2013, 3, 22), "text b",
                    [tx(0, 2, "DATE", "2012"), tx(3, 5, "DATE", "2011"), tx(6, 8, "DATE", "2010")])
    finder = _lookup_finder({"text a": [tx(0, 4, "DATE", "2013")], "text b": [tx(0, 2, "DATE", "2013")]})
    scores = E.score_documents([a, b], finder)
    assert scores.documents == 2
    # Pooled: 1 right value of 4 gold (micro 0.25), not the mean of 1.0 and 0.0.
    assert scores.overall.recall(scores.overall.value_correct) == pytest.approx(0.25)
    assert scores.overall.precision(scores.overall.value_correct) == pytest.approx(0.5)
    assert [(e.doc_id, e.gold_value, e.system_value) for e in scores.value_errors] == [("b", "2012", "2013")]


@pytest.mark.parametrize(
    "errors, max_errors, expected_lines",
    [
        (0, 20, []),
        (3, 20, ["value errors (3 of 3)"]),
        (5, 2, ["value errors (2 of 5)"]),
        (5, 0, ["value errors: 5"]),
    ],
)
def test_eval_timeml_format(errors, max_errors, expected_lines):
    gold = [tx(i * 10, i * 10 + 5, "DATE", "2013") for i in range(errors)] + [tx(100, 105, "DURATION", "P1D")]
    system = [tx(i * 10, i * 10 + 5, "DATE", "2014") for i in range(errors)] + [tx(100, 105, "DURATION", "P1D")]
    out = E.format_timeml_scores(E.score_document(gold, system, "doc"), title="toy", max_errors=max_errors)
    for row in ("strict extent", "relaxed extent", "type", "value", "value DATE+TIME"):
        assert f"  {row} " in out
    assert out.startswith("toy: 1 documents")
    for line in expected_lines:
        assert line in out
    assert out.count("| DATE 2013 | DATE 2014") == (min(errors, max_errors) if max_errors > 0 else 0)


SENTENCES_XML = (
    "Rain fell on <TIMEX3 type='DATE' value='2013-03-18'>Monday</TIMEX3>. Nothing happened.\n"
    "The bridge closed <TIMEX3 type='DATE' value='2013-03-04'>4 March</TIMEX3> "
    "and again <TIMEX3 type='DATE' value='2013-03-05'>a day later</TIMEX3>. "
    "Talks resume in <TIMEX3 type='DATE' value='2013-04'>April</TIMEX3>. "
    "Crews worked for <TIMEX3 type='DURATION' value='P2D'>two days</TIMEX3>. "
    "It ended <TIMEX3 type='TIME' value='2013-03-06T14:30'>at 2:30 p.m. Wednesday</TIMEX3>"
)
# Sentences: "Rain" [0, 20), "Nothing" [21, 38), "The bridge" [39, 87), "Talks" [88, 110),
# "Crews" [111, 137), "It ended" [138, 169); only the first, third and last have a gold day.


def _events(*rows: tuple[int, int, str | None]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sentence_start", "sentence_end", "date"])


@pytest.mark.parametrize(
    "events, right, total, wrong",
    [
        (_events((0, 20, "2013-03-18"), (39, 87, "2013-03-04"), (138, 500, "2013-03-06")), 3, 3, []),
        (_events((0, 20, "2013-03-18"), (39, 87, "2013-03-05"), (138, 500, "2013-03-06")), 2, 3,
         [("2013-03-04", "2013-03-05")]),
        (_events((0, 20, "2013-03-18"), (138, 500, "2013-03-06")), 2, 3, [("2013-03-04", None)]),
        (_events((0, 20, None), (39, 87, pd.NA), (138, 500, "2013-03-06")), 1, 3,
         [("2013-03-18", None), ("2013-03-04", None)]),
        (_events((0, 87, "2013-03-18"), (88, 500, "2013-03-06")), 2, 3, [("2013-03-04", "2013-03-18")]),
        (_events(), 0, 3, [("2013-03-18", None), ("2013-03-04", None), ("2013-03-06", None)]),
    ],
    ids=["all-right", "one-wrong", "sentence-missing", "undated", "system-sentence-spans-two", "no-events"],
)
def test_eval_timeml_sentence_date_accuracy(events, right, total, wrong):
    doc = E.parse_timeml(_doc(SENTENCES_XML, "2013-03-22"))
    calls = []

    def build(text: str, dct: dt.date) -> pd.DataFrame:
        calls.append((text, dct))
        return events

    got_right, got_total, errors = E.sentence_date_accuracy([doc], build)
    assert (got_right, got_total) == (right, total)
    assert [(e.expected, e.got) for e in errors] == wrong
    assert calls == [(doc.text, dt.date(2013, 3, 22))]


def test_eval_timeml_sentence_date_accuracy_skips_undated_docs():
    doc = E.parse_timeml(_doc("Crews worked for <TIMEX3 type='DURATION' value='P2D'>two days</TIMEX3>."))

    def build(text: str, dct: dt.date) -> pd.DataFrame:
        raise AssertionError("events are built only for documents with a dated sentence")

    assert E.sentence_date_accuracy([doc], build) == (0, 0, [])


def test_eval_timeml_sentence_date_accuracy_leaves_out_datelines():
    doc = E.parse_timeml(_doc("SAMPLE CITY, <TIMEX3 type='DATE' value='2013-03-21'>March 21</TIMEX3> (Xinhua) --\n\n"
                              "Floods hit the city <TIMEX3 type='DATE' value='2013-03-20'>on Wednesday</TIMEX3>.",
                              "2013-03-22"))

    def build(text: str, dct: dt.date) -> pd.DataFrame:
        return E.project_events(text, dct)

    right, total, errors = E.sentence_date_accuracy([doc], build)
    assert (right, total, errors) == (1, 1, [])


def test_eval_timeml_project_finder_adapts_timexes(monkeypatch):
    from pipeline.extract import timex

    def fake(text: str, language: str, dct: dt.date) -> list[tuple[int, int, str, str]]:
        assert (language, dct) == ("en", dt.date(2013, 3, 22))
        return [(13, 19, "DATE", "2013-03-18")]

    monkeypatch.setattr(timex, "timexes", fake)
    got = E.project_finder("en")("Rain fell on Monday.", dt.date(2013, 3, 22))
    assert got == [Timex(13, 19, "Monday", "DATE", "2013-03-18")]


def test_eval_timeml_evaluate_dirs(tmp_path):
    for name, value in (("one", "2013-03-18"), ("two", "2013-03-19")):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.tml").write_text(
            _doc(f"Rain fell on <TIMEX3 type='DATE' value='{value}'>Monday</TIMEX3>.", doc_id=name), "utf-8")

    def finder(text: str, dct: dt.date) -> list[Timex]:
        return [Timex(13, 19, "Monday", "DATE", "2013-03-18")]

    def build(text: str, dct: dt.date) -> pd.DataFrame:
        return _events((0, len(text), "2013-03-18"))

    report = E.evaluate_timeml_dirs([tmp_path / "one", tmp_path / "two"], finder, build)
    sections = report.split("\n\n")
    assert [s.splitlines()[0].split(":")[0] for s in sections] == [
        str(tmp_path / "one"), str(tmp_path / "two"), "all directories"]
    assert "sentence date accuracy: 1/1 = 100.0%" in sections[0]
    assert "sentence date accuracy: 0/1 = 0.0%" in sections[1]
    assert "sentence date accuracy: 1/2 = 50.0%" in sections[2]
    assert "two: 'Monday' | DATE 2013-03-19 | DATE 2013-03-18" in sections[1]


@pytest.mark.parametrize("name, message", [("missing", "no such directory"), ("empty", "no \\*.tml files")])
def test_eval_timeml_evaluate_dirs_bad_dir(tmp_path, name, message):
    (tmp_path / "empty").mkdir()
    with pytest.raises(E.TimeMLError, match=message):
        E.evaluate_timeml_dirs([tmp_path / name], lambda text, dct: [], lambda text, dct: _events())


def test_eval_timeml_tempeval3_offsets():
    if not TEMPEVAL3.is_dir():
        pytest.skip("../shared/corpus/tempeval3 is not present (it is not part of the repository)")
    files = E.find_timeml_files([TEMPEVAL3])
    assert len(files) >= 20
    n = 0
    for path in files:
        doc = E.read_timeml(path)
        assert doc.dct.year == 2013, path
        for t in doc.timexes:
            assert doc.text[t.start:t.end] == t.text, (path, t)
            assert t.type in E.TIMEX_TYPES, (path, t)
            n += 1
    assert n >= 138


def test_eval_timeml_tempeval3_scores_hold():
    """TE3 platinum, TempEval-3 style: measured 2026-12-02 value F1 0.829, strict extent F1
    0.797, relaxed 0.876; the floors are about two points lower."""
    if not TEMPEVAL3.is_dir():
        pytest.skip("../shared/corpus/tempeval3 is not present (it is not part of the repository)")
    docs = [E.read_timeml(p) for p in E.find_timeml_files([TEMPEVAL3])]
    counts = E.score_documents(docs, E.project_finder("en")).overall
    assert counts.f1(counts.value_correct) >= 0.81
    assert counts.f1(counts.strict) >= 0.78
    assert counts.f1(counts.relaxed) >= 0.85
