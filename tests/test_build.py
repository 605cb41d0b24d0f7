"""The build command end to end: every sentence accounted for, formats, errors, atomic writes."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from pipeline import schema
from pipeline.__main__ import main
from pipeline.build.store import read_table

from .conftest import ROOT

ARTICLE = """---
title: Banjir di Kota Contoh
published: 2025-03-06
source: Contoh News
---
Banjir Bandang Landa Kota, 5 Tewas

• Bagikan

Banjir bandang melanda Kota Bandung pada Rabu (5/3/2025) malam. Sedikitnya lima warga tewas dan 12 lainnya terluka.

Tim SAR gabungan melanjutkan pencarian pada Kamis pagi. Dua orang masih hilang.

Baca juga: Banjir lain
"""


@pytest.fixture()
def articles(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.md").write_text(ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\x00\x00binary")
    (d / "notes.pdf").write_bytes(b"%PDF")
    return d


def test_build_accounts_for_every_sentence(articles, tmp_path, capsys):
    out = tmp_path / "out" / "events.jsonl"
    assert main(["build", str(articles), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "articles=1" in printed.out and "errors=3" in printed.out
    assert "empty.txt" in printed.err and "image.txt" in printed.err
    assert "notes.pdf: not readable as a PDF" in printed.err  # a .pdf is read as a report now
    events = read_table(out)
    skipped = read_table(tmp_path / "out" / "events.skipped.jsonl")
    assert list(events.columns) == list(schema.EVENT_COLUMNS)
    assert sorted(events["sentence_index"].tolist() + skipped["sentence_index"].tolist()) == list(range(7))
    assert set(skipped["reason"]) == {"boilerplate"}
    text = (articles / "good.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    for row in events.itertuples():
        assert text[row.sentence_start:row.sentence_end] == row.sentence
    by_sentence = {r.sentence[:20]: r for r in events.itertuples()}
    flood = by_sentence["Banjir bandang melan"]
    assert (flood.date, flood.date_precision, flood.date_basis) == ("2025-03-05", "part_of_day", "explicit")
    assert flood.location == "Bandung" and flood.country == "Indonesia"
    toll = by_sentence["Sedikitnya lima warg"]
    assert toll.killed_min == 5 and pd.isna(toll.killed_max)
    assert toll.injured_min == 12 and toll.injured_max == 12
    assert by_sentence["Tim SAR gabungan mel"].date == "2025-03-06"
    assert by_sentence["Dua orang masih hila"].missing_min == 2
    assert events.iloc[0].reference_basis == "front matter"


def test_build_event_ids_are_stable(articles, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    main(["build", str(articles), "--out", str(a)])
    main(["build", str(articles), "--out", str(b)])
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_build_other_formats(articles, tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    assert main(["build", str(articles), "--out", str(out)]) == 0
    frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert len(frame) == 5


def test_build_nothing_processed_is_an_error(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "events.jsonl"
    assert main(["build", str(bad), "--out", str(out)]) == 1
    assert not out.exists()


def test_build_bad_format_is_refused(articles, tmp_path, capsys):
    assert main(["build", str(articles), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "xlsx" in capsys.readouterr().err


def test_build_keeps_previous_output_when_write_fails(articles, tmp_path, monkeypatch):
    out = tmp_path / "events.jsonl"
    out.write_text("previous\n")
    import pipeline.atomic as atomic

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        main(["build", str(articles), "--out", str(out)])
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_build_cli_default_runs_on_seeds(tmp_path):
    out = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "articles=1 " in proc.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 19


@pytest.mark.slow
def test_build_killed_half_way_leaves_previous_output_intact(tmp_path):
    """The process dies (os._exit: no clean-up, like SIGKILL) at the moment the new output is
    written to its temporary file and about to replace the old one."""
    out = tmp_path / "events.jsonl"
    out.write_text('{"previous": true}\n', encoding="utf-8")
    script = (
        "import os, sys\n"
        "import pipeline.atomic as atomic\n"
        "atomic.os.replace = lambda *a, **k: os._exit(137)\n"
        "from pipeline.__main__ import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, "build", str(ROOT / "seeds"), "--out", str(out), "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 137
    assert out.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # it died mid-write, for real


def test_build_outputs_are_readable_by_others(tmp_path):
    """Atomic writes go through a private temporary file; the output gets an ordinary file mode."""
    import os

    from pipeline.build.store import atomic_write_bytes

    out = tmp_path / "events.jsonl"
    old = os.umask(0o022)
    try:
        atomic_write_bytes(out, b"{}\n")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o640)
    atomic_write_bytes(out, b"{}\n")
    assert out.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


def test_build_reader_comments_of_a_scraped_page_are_skipped_with_their_reason(tmp_path):
    from pipeline.build.run import article_rows

    text = (
        "---\npublished: 2011-01-27\nlanguage: en\n---\n"
        "Protesters marched in Cairo on Thursday.\n"
        "Police fired tear gas at the crowd.\n"
        "I sincerely hope not!!! January 27, 2011 at 7:59 pm | Report abuse | Two million died in history.\n"
        "Another reader wrote that 500 people were killed.\n"
    )
    rows = article_rows(text.encode(), "page.txt", "page")
    assert [e["sentence"] for e in rows.events] == ["Protesters marched in Cairo on Thursday.",
                                                    "Police fired tear gas at the crowd."]
    reasons = {s["sentence"][:20]: s["reason"] for s in rows.skipped}
    assert set(reasons.values()) == {"reader_comments"} and "I sincerely hope not" in reasons
    assert len(rows.events) + len(rows.skipped) == 5  # every sentence accounted for


@pytest.mark.parametrize(
    "text, expected",
    [
        # A sentence that only tells casualties takes the type of the harmful event before it.
        ("Banjir bandang melanda Kota Contoh pada Senin (3/11/2025).\n"
         "Sedikitnya 12 orang tewas dan 7 lainnya hilang.\n"
         "Presiden mengatakan bantuan dikirim.\n"
         "Sebanyak 25 warga mengalami luka-luka.\n"
         "Tahun depan, sebanyak 100 orang diperkirakan akan tewas.\n",
         [("disasters", "cue"), ("disasters", "context"), ("strategic_developments", "cue"),
          ("disasters", "context"), ("other", "none")]),
        # A lead: the event after it.
        ("Sedikitnya 12 orang tewas di Kota Contoh.\n"
         "Sebuah bus masuk jurang pada Senin (3/11/2025).\n",
         [("accidents", "context"), ("accidents", "cue")]),
        # No harmful event in the article: the toll stays other.
        ("Sedikitnya 12 orang tewas di Kota Contoh.\nPresiden mengatakan bantuan dikirim.\n",
         [("other", "none"), ("strategic_developments", "cue")]),
    ],
)
def test_build_event_type_from_context(text, expected):
    from pipeline.build.run import article_rows

    article = f"---\npublished: 2025-11-05\nlanguage: id\n---\n{text}"
    rows = article_rows(article.encode(), "types.txt", "types").events
    assert [(r["event_type"], r["event_type_basis"]) for r in rows] == expected


@pytest.mark.parametrize(
    "column, expected",
    [(np.array([1, 2], dtype="int64"), [1, 2]), (pd.array([3, None], dtype="Int64"), [3, None]),
     (pd.array(["x", None], dtype="string"), ["x", None]), ([1.5, np.nan], [1.5, None]),
     ([["a", "b"], np.array(["c"])], [["a", "b"], ["c"]])],
)
def test_build_jsonl_rows_are_plain_json_whatever_the_column_type(column, expected):
    from pipeline.build.store import to_jsonl_bytes

    lines = to_jsonl_bytes(pd.DataFrame({"v": column})).decode("utf-8").splitlines()
    assert [json.loads(line)["v"] for line in lines] == expected


def _built_rows():
    from pipeline.build.run import article_rows

    return article_rows(ARTICLE.encode(), "good.md", "good")


# (what is wrong, the rows: made from a good event row) -> the column the problem names.
_BROKEN_ROWS = [
    ("a day that is no ISO date", lambda r: [{**r, "date": "5/3/2025"}], "date"),
    ("a bound without its time", lambda r: [{**r, "date_start": "2025-03-05"}], "date_start"),
    ("a type outside the vocabulary", lambda r: [{**r, "event_type": "war"}], "event_type"),
    ("a required value missing", lambda r: [{**r, "date_basis": None}], "date_basis"),
    ("no actors list", lambda r: [{**r, "actors": None}], "actors"),
    ("a range upside down", lambda r: [{**r, "killed_min": 5, "killed_max": 3}], "killed"),
    ("a negative figure", lambda r: [{**r, "injured_min": -1, "injured_max": None}], "injured"),
    ("one event twice", lambda r: [r, dict(r)], "event_id"),
]


@pytest.mark.parametrize("what, broken, column", _BROKEN_ROWS, ids=[c[0] for c in _BROKEN_ROWS])
def test_build_row_check_refuses_what_the_table_schema_refuses(what, broken, column):
    """check_event_rows (what a build runs) and the pandera schema are made from the same rules:
    both refuse the same broken rows, and both accept real ones."""
    import pandera.errors

    from pipeline.build.article import events_frame

    good = _built_rows().events
    schema.check_event_rows(good)
    schema.validate_events(events_frame(good))
    rows = broken(good[1])
    with pytest.raises(schema.SchemaViolation, match=column):
        schema.check_event_rows(rows)
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.validate_events(events_frame(rows))


# Rows a table would quietly coerce (a float figure, a flag, a column out of place): refused.
_MISTYPED_ROWS = [
    ("a float figure", lambda r: {**r, "killed_min": 5.0}, "killed_min"),
    ("a flag as a figure", lambda r: {**r, "sentence_index": True}, "sentence_index"),
    ("a number as a string", lambda r: {**r, "location": 12}, "location"),
    ("a list as a day", lambda r: {**r, "date": ["2025-03-05"]}, "date"),
    ("a list as an id", lambda r: {**r, "event_id": ["x"]}, "event_id"),
    ("an extra column", lambda r: {**r, "note": "x"}, "columns"),
    ("a column missing", lambda r: {k: v for k, v in r.items() if k != "victims"}, "columns"),
    ("columns out of order", lambda r: dict(reversed(list(r.items()))), "columns"),
]


@pytest.mark.parametrize("what, broken, problem", _MISTYPED_ROWS, ids=[c[0] for c in _MISTYPED_ROWS])
def test_build_row_check_refuses_values_of_another_type(what, broken, problem):
    rows = _built_rows().events
    with pytest.raises(schema.SchemaViolation, match=problem):
        schema.check_event_rows([rows[0], broken(rows[1])])


def test_build_skip_rows_are_checked():
    skipped = _built_rows().skipped
    schema.check_skipped_rows(skipped)
    with pytest.raises(schema.SchemaViolation, match="reason"):
        schema.check_skipped_rows([{**skipped[0], "reason": "too long"}])


def test_build_jsonl_from_rows_is_the_jsonl_of_their_table():
    """A build writes JSONL from its checked rows, without making tables: the same bytes."""
    from pipeline.build.article import events_frame, skipped_frame
    from pipeline.build.store import rows_to_jsonl_bytes, to_jsonl_bytes

    rows = _built_rows()
    assert rows.events and rows.skipped
    assert rows_to_jsonl_bytes(rows.events) == to_jsonl_bytes(events_frame(rows.events))
    assert rows_to_jsonl_bytes(rows.skipped) == to_jsonl_bytes(skipped_frame(rows.skipped))


def _fail_on_boom(monkeypatch):
    """Make one step raise an unexpected exception on any article that says BOOM (a bug on
    one odd article), as worker processes forked afterwards do too."""
    from pipeline.build import article

    real = article.extract_records

    def extract(records, *args, **kwargs):
        if any("BOOM" in r.text for r in records):
            raise ZeroDivisionError("division by zero in a step")
        return real(records, *args, **kwargs)

    monkeypatch.setattr(article, "extract_records", extract)


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_an_unexpected_exception_in_one_article_is_its_error_and_the_rest_is_built(tmp_path, monkeypatch, jobs):
    from pipeline.build.run import ArticleFailed, build_events

    _fail_on_boom(monkeypatch)
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a", "c"):
        (d / f"{name}.md").write_text(ARTICLE, encoding="utf-8")
    (d / "b.md").write_text(ARTICLE.replace("Dua orang masih hilang.", "BOOM."), encoding="utf-8")
    result = build_events([d], jobs=jobs)
    assert result.articles == 2 and sorted({r["article_id"] for r in result.event_rows}) == ["a", "c"]
    [err] = result.errors
    assert isinstance(err, ArticleFailed) and err.path.endswith("b.md")
    assert "unexpected ZeroDivisionError: division by zero in a step" in str(err)
    assert "Traceback" in err.details and "extract" in err.details


def test_build_cli_reports_an_article_that_failed_writes_the_rest_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    _fail_on_boom(monkeypatch)
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.md").write_text(ARTICLE, encoding="utf-8")
    (d / "odd.md").write_text(ARTICLE.replace("Dua orang masih hilang.", "BOOM."), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert main(["build", str(d), "--out", str(out), "--no-cache"]) == 3
    err = capsys.readouterr().err
    assert f"error: {d / 'odd.md'}: unexpected ZeroDivisionError" in err and "Traceback" not in err
    assert {r["article_id"] for r in read_table(out).to_dict("records")} == {"good"}
    assert main(["build", str(d), "--out", str(out), "--no-cache", "--debug"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_build_reads_articles_as_it_processes_them(tmp_path, monkeypatch):
    """A corpus is not read into memory before the work starts: when the first article is
    processed, only the first few dozen files have been read."""
    from pipeline.build import run

    d = tmp_path / "in"
    d.mkdir()
    for i in range(3 * run._READ_AHEAD):
        (d / f"{i:03d}.md").write_text(ARTICLE, encoding="utf-8")
    reads, reads_at_first_article = [], []
    real_read, real_rows = run.read_article_bytes, run.article_rows
    monkeypatch.setattr(run, "read_article_bytes", lambda path: reads.append(path) or real_read(path))

    def rows(*task):
        reads_at_first_article.append(len(reads))
        return real_rows(*task)

    monkeypatch.setattr(run, "article_rows", rows)
    result = run.build_events([d])
    assert result.articles == 3 * run._READ_AHEAD
    assert reads_at_first_article[0] <= run._READ_AHEAD
