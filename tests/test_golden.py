"""End-to-end golden file: the events built from seeds/ (diffable JSONL).

When a change alters the output on purpose, regenerate and read the diff before committing:

    KRONOLOGI_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

import json
import os

from pipeline.build.run import build_events
from pipeline.build.store import to_jsonl_bytes

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "seed_events.jsonl"


def _normalise(data: bytes) -> list[dict]:
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    for row in rows:
        row.pop("article_path", None)  # absolute or relative depending on the caller
    return rows


def test_golden_seed_events():
    result = build_events([ROOT / "seeds"])
    got = to_jsonl_bytes(result.events)
    if os.environ.get("KRONOLOGI_REGENERATE_GOLDEN"):
        GOLDEN.write_bytes(got)
    expected = _normalise(GOLDEN.read_bytes())
    actual = _normalise(got)
    for want, have in zip(expected, actual, strict=False):  # the first change, then the count
        assert have == want, (
            f"event {want['event_id']} changed; if intended, regenerate with "
            "KRONOLOGI_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py and review git diff"
        )
    assert len(actual) == len(expected)
