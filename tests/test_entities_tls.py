"""benchmarks.entities_tls: the Entities timelines as gold timeline folders (Date-F1 only)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from benchmarks.entities_tls import convert, gold_days

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TIMELINE = '''time,timeline
"['2019-05-02 00:00:00', '2018-01-09 00:00:00', '2019-05-02 00:00:00']"," A minister resigns.A court rules."
'''


@pytest.mark.parametrize("text, expected", [
    (TIMELINE, ["2018-01-09", "2019-05-02"]),
    ("time,timeline\n\"['2020-02-29 00:00:00']\",\"One day.\"\n", ["2020-02-29"]),
])
def test_gold_days(text, expected):
    assert gold_days(text) == expected


def _repo(tmp_path, entities: dict[str, dict[str, str]]):
    work = tmp_path / "work"
    for entity, files in entities.items():
        for name, text in files.items():
            path = work / "Dataset" / "Entities" / entity / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    return work / ".git"


@pytest.mark.parametrize("entities, written", [
    # an entity with articles and a timeline is written; one without articles is skipped
    ({"Ruritania_President": {"outputwithpub.csv": '2018-01-09,"The court rules ."\r\n', "outputTimelines.csv": TIMELINE},
      "No_Articles": {"outputTimelines.csv": TIMELINE}}, ["Ruritania_President"]),
    # the news of a held-out Timeline17 topic is never converted
    ({"Michael_Jackson": {"outputwithpub.csv": '2009-06-25,"x ."\n', "outputTimelines.csv": TIMELINE}}, []),
])
def test_convert(tmp_path, entities, written):
    out = tmp_path / "out"
    assert convert(_repo(tmp_path, entities), out) == written
    for entity in written:
        assert (out / entity / "articles.csv").read_text(encoding="utf-8").startswith("date,text\n2018-01-09,")
        lines = (out / entity / "gold_timeline.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == [{"date": "2018-01-09", "sentences": []},
                                                        {"date": "2019-05-02", "sentences": []}]
