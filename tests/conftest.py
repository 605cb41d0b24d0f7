"""Shared fixtures: paths to the repository, the seeds and the shared corpus (optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = ROOT / "seeds" / "000_282b2ca4d2c498f2.txt"


def without_key_letters(monkeypatch, module, lexicon: str, language: str, *fields: str) -> None:
    """Make `module.<lexicon>(language)` the same lexicon with its key-letter fields (see
    resources.key_letter_runs) set to None, so every search runs: a function that skips
    searches by those letters must then give what it gave with them."""
    import dataclasses

    plain = dataclasses.replace(getattr(module, lexicon)(language), **dict.fromkeys(fields))
    monkeypatch.setattr(module, lexicon, lambda _lang: plain)


def dates_in_context(text: str, language: str, reference, *, typed: bool = False, casualties: bool = False) -> list:
    """The dates resolve_dates gives the sentences of `text` (one record each), with the
    records' event types (`typed`) and casualties (`casualties`) filled in first if asked."""
    from pipeline.build.article import classify_types, find_casualties
    from pipeline.build.dating import resolve_dates
    from pipeline.build.record import records_for
    from pipeline.ingest.sentences import split_sentences

    records = records_for(split_sentences(text, language))
    if typed:
        classify_types(records, language)
    if casualties:
        find_casualties(records, language)
    resolve_dates(records, language, reference)
    return [r.date for r in records]


@pytest.fixture(scope="session")
def corpus_id() -> Path:
    """The shared Indonesian corpus; tests that need it skip on a clone without ../shared."""
    path = CORPUS / "id"
    if not path.is_dir():
        pytest.skip("../shared/corpus/id is not present (it is not part of the repository)")
    return path


@pytest.fixture(scope="session")
def seed_events():
    """Events built from the seed article, once per session."""
    from pipeline.build.article import build_article_events
    from pipeline.ingest.articles import read_article

    return build_article_events(read_article(SEED)).events


@pytest.fixture(scope="session")
def corpus_en() -> Path:
    """The shared English corpus; tests that need it skip on a clone without ../shared."""
    path = CORPUS / "en"
    if not path.is_dir():
        pytest.skip("../shared/corpus/en is not present (it is not part of the repository)")
    return path


@pytest.fixture(scope="session")
def tls_articles() -> Path:
    """The Timeline17 topics' articles as files under data/tls (what the English development
    gold en16-en45 annotates), written from ../shared/corpus/tls; skips without it."""
    from pipeline.evaluate.timeline import write_articles

    tls = CORPUS / "tls"
    if not tls.is_dir():
        pytest.skip("../shared/corpus/tls is not present (it is not part of the repository)")
    root = Path(__file__).resolve().parent.parent / "data" / "tls"
    for csv_path in sorted(tls.glob("timeline17_*/articles.csv")):
        write_articles(csv_path, root / csv_path.parent.name / "articles")
    return root
