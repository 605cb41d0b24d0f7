"""Shared fixtures: paths to the repository, the seeds and the shared corpus (optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = ROOT / "seeds" / "000_282b2ca4d2c498f2.txt"


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
    from pipeline.articles import read_article
    from pipeline.events import build_article_events

    return build_article_events(read_article(SEED)).events


@pytest.fixture(scope="session")
def corpus_en() -> Path:
    """The shared English corpus; tests that need it skip on a clone without ../shared."""
    path = CORPUS / "en"
    if not path.is_dir():
        pytest.skip("../shared/corpus/en is not present (it is not part of the repository)")
    return path
