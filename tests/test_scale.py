"""Scale: the per-article cache, parallel jobs and the Dask engine give the same output, row
for row, as a plain build; an unchanged article is not processed again."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.__main__ import main
from pipeline.build import run as build_module
from pipeline.build.cache import ArticleCache
from pipeline.build.run import build_events
from pipeline.build.store import read_table

from .conftest import ROOT

STORIES = [
    ("banjir", "id", "Banjir bandang melanda Kota Bandung pada Rabu (5/3/2025) malam. Sedikitnya lima warga tewas."),
    ("gempa", "id", "Gempa mengguncang Cianjur pada Senin (21/11/2022) siang. Sebanyak 268 orang meninggal dunia."),
    ("flood", "en", "Floods swept through the valley on Wednesday, killing at least 82 people, officials said."),
    ("riot", "en", "Police fired tear gas at protesters in the capital on Tuesday. Dozens were injured."),
    ("fire", "id", "Kebakaran melanda panti jompo pada Kamis dini hari. Tiga penghuni tewas dan 12 lainnya terluka."),
    ("quake", "en", "A 6.1-magnitude earthquake struck the region on Jan. 12. Hundreds were wounded."),
]


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, lang, body in STORIES:
        (d / f"{name}.md").write_text(f"---\npublished: 2025-03-07\nlanguage: {lang}\n---\n{body}\n\n{body}\n",
                                      encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "000_282b2ca4d2c498f2.txt", d / "seed.txt")
    (d / "broken.txt").write_bytes(b"\x89PNG\x00\x00binary")
    return d


def _same(a, b) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.skipped, b.skipped)
    assert [str(e) for e in a.errors] == [str(e) for e in b.errors]
    assert (a.articles, a.notes) == (b.articles, b.notes)


@pytest.fixture()
def counted(monkeypatch):
    """How many articles the pipeline really processed (in this process)."""
    calls = []
    real = build_module.article_event_rows

    def spy(article):
        calls.append(article.article_id)
        return real(article)

    monkeypatch.setattr(build_module, "article_event_rows", spy)
    return calls


def test_scale_cache_reuses_unchanged_articles_and_redoes_changed_ones(corpus, tmp_path, counted):
    plain = build_events([corpus])
    cache = tmp_path / "cache.sqlite"
    counted.clear()
    cold = build_events([corpus], cache=cache)
    assert len(counted) == 7 and len(ArticleCache(cache)) == 7
    counted.clear()
    warm = build_events([corpus], cache=cache)
    assert counted == []
    _same(plain, cold)
    _same(plain, warm)
    (corpus / "flood.md").write_text("---\npublished: 2025-03-07\n---\nA landslide buried a village on Monday.\n",
                                     encoding="utf-8")
    (corpus / "new.md").write_text("---\npublished: 2025-03-07\n---\nA bus crashed on Friday, killing 9 people.\n",
                                   encoding="utf-8")
    counted.clear()
    changed = build_events([corpus], cache=cache)
    assert sorted(counted) == ["flood", "new"]
    _same(build_events([corpus]), changed)


def test_scale_cache_misses_after_a_pipeline_change(corpus, tmp_path, counted, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    build_events([corpus], cache=cache)
    monkeypatch.setattr(build_module, "pipeline_version", lambda: "another version")
    counted.clear()
    build_events([corpus], cache=cache)
    assert len(counted) == 7


def test_scale_damaged_cache_row_is_a_miss(corpus, tmp_path, counted):
    import sqlite3

    cache = tmp_path / "cache.sqlite"
    build_events([corpus], cache=cache)
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE articles SET rows = 'not json' WHERE article_id = 'banjir'")
    counted.clear()
    again = build_events([corpus], cache=cache)
    assert counted == ["banjir"]
    _same(build_events([corpus]), again)


def test_scale_jobs_give_the_same_rows(corpus):
    _same(build_events([corpus]), build_events([corpus], jobs=2))


_LIBRARIES = "print(sorted(m for m in ('pandas', 'pandera', 'numpy', 'dateparser') if m in sys.modules))"


def _imported_by(code: str) -> str:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", f"import sys\n{code}\n{_LIBRARIES}"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_scale_the_per_article_step_needs_no_table_library(corpus):
    """Workers extract without pandas and pandera, so a fresh process that builds one
    article's rows has not imported them."""
    article = Path(corpus) / "seed.txt"
    assert _imported_by("from pipeline.build.run import article_rows\n"
                        f"rows = article_rows(open({str(article)!r}, 'rb').read(), {str(article)!r}, 'a')\n"
                        "assert rows.events, 'no events'") == "[]"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_scale_a_build_to_jsonl_needs_no_table_library(corpus, tmp_path, jobs):
    """The build command checks its rows and writes JSONL without pandas and pandera (their
    import alone is about a second of a build)."""
    out = tmp_path / "events.jsonl"
    assert _imported_by("from pipeline.__main__ import main\n"
                        f"assert main(['build', {str(corpus)!r}, '--out', {str(out)!r}, '--no-cache', "
                        f"'--jobs', {jobs!r}]) == 0") == "[]"
    assert out.read_text(encoding="utf-8").count("\n") > 0


@pytest.mark.slow
def test_scale_dask_local_cluster_gives_the_same_rows(corpus):
    pytest.importorskip("dask.distributed")
    _same(build_events([corpus]), build_events([corpus], engine="dask", jobs=2))


def test_scale_unknown_engine_is_refused(corpus):
    with pytest.raises(ValueError, match="unknown engine"):
        build_events([corpus], engine="spark")


def _build_into(args):
    corpus, cache, out = args
    return main(["build", corpus, "--cache", cache, "--out", out])


@pytest.mark.slow
def test_scale_cli_jobs_and_concurrent_builds_share_one_cache(corpus, tmp_path, capsys):
    reference = tmp_path / "plain.jsonl"
    assert main(["build", str(corpus), "--out", str(reference), "--no-cache"]) == 0
    assert not (tmp_path / "cache.sqlite").exists()
    cache = str(tmp_path / "shared.sqlite")
    outs = [str(tmp_path / f"out{i}.jsonl") for i in range(3)]
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        codes = pool.map(_build_into, [(str(corpus), cache, o) for o in outs])
    assert codes == [0, 0, 0]
    assert len(ArticleCache(cache)) == 7
    assert main(["build", str(corpus), "--out", str(tmp_path / "jobs.jsonl"), "--jobs", "2", "--cache", cache]) == 0
    expected = read_table(reference)
    for out in [*outs, str(tmp_path / "jobs.jsonl")]:
        pd.testing.assert_frame_equal(read_table(out), expected)


def test_scale_a_file_that_is_not_a_cache_is_reported_and_the_build_goes_on(corpus, tmp_path):
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    result = build_events([corpus], cache=cache)
    _same_rows = build_events([corpus])
    pd.testing.assert_frame_equal(result.events, _same_rows.events)
    assert any("cache" in note and str(cache) in note for note in result.notes)


def test_scale_rows_from_workers_running_other_code_are_not_cached(corpus, tmp_path, monkeypatch):
    real = build_module._rows_or_error
    monkeypatch.setattr(build_module, "_rows_or_error", lambda task: ("another version", real(task)[1]))
    cache = tmp_path / "cache.sqlite"
    result = build_events([corpus], cache=cache)
    assert any("another version of Kronologi" in note for note in result.notes)
    assert len(ArticleCache(cache)) == 0


def _open_new_cache(path):
    ArticleCache(path).close()
    return True


@pytest.mark.slow
def test_scale_many_processes_opening_a_new_cache_at_once(tmp_path):
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        for trial in range(8):
            path = str(tmp_path / f"new{trial}.sqlite")
            assert pool.map(_open_new_cache, [path] * 12) == [True] * 12
