"""The Entities timelines (Gholipour Ghalandari & Ifrim 2020) as gold timeline folders for
`python -m pipeline evaluate timeline` and `train-date-ranker`: long, sparse timelines.

    .venv/bin/python -m benchmarks.entities_tls REPO --into data/entities [--commit SHA]

REPO is a git directory of https://github.com/DaivikSojitra/Timeline-Summarization-in-the-Era-of-LLMs
(the repository the Timeline17 subset in `../shared/corpus/tls/` comes from; fetched here at
ff0a2963d36965d09c4a29421b4c9018ff58cbfa). Its `Dataset/Entities/<entity>/outputwithpub.csv` holds
the articles (date,text, as Timeline17's `articles.csv`) and `outputTimelines.csv` the gold
timeline: its days, and the summaries of all days run together in one string. Those summaries
cannot be told apart by day, so each gold day is written with no sentences: the folders measure
Date-F1 only (AR needs the per-day summaries). Entities whose articles are missing from the
snapshot (files of 4 MiB and more) are skipped, and so are entities whose news is a Timeline17
topic held out from development (Syria's president, Michael Jackson, the BP oil spill, Libya),
so that nothing learnt here has read about a held-out story.

The data are the authors' research release; the articles belong to their publishers. Write them
under data/ (ignored by git); they never enter the repository.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = "Dataset/Entities"
HELD_OUT_STORIES = ("Bashar_al-Assad", "Michael_Jackson", "BP", "Libya", "Muammar_Gaddafi", "Tony_Hayward")


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True).stdout


def gold_days(timelines_csv: str) -> list[str]:
    """The gold days of an `outputTimelines.csv` (one row, a Python list of timestamps)."""
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(io.StringIO(timelines_csv)))
    if len(rows) != 1:
        raise ValueError(f"expected one timeline, found {len(rows)}")
    return sorted({str(stamp)[:10] for stamp in ast.literal_eval(rows[0]["time"])})


def convert(repo: Path, into: Path, commit: str = "HEAD") -> list[str]:
    listing = _git(repo, "ls-tree", "-r", "-l", commit, ROOT).decode("utf-8").splitlines()
    present = {}
    for line in listing:  # "<mode> blob <sha> <size>\t<path>"; a blob the snapshot lacks (4 MiB and more) has no size
        meta, path = line.split("\t", 1)
        present[path] = meta.split()[3].isdigit()
    written = []
    for entity in sorted({p.split("/")[2] for p in present if p.count("/") == 3}):
        if entity in HELD_OUT_STORIES:
            continue
        articles, timeline = f"{ROOT}/{entity}/outputwithpub.csv", f"{ROOT}/{entity}/outputTimelines.csv"
        if not (present.get(articles) and present.get(timeline)):
            continue
        body = _git(repo, "show", f"{commit}:{articles}")
        days = gold_days(_git(repo, "show", f"{commit}:{timeline}").decode("utf-8"))
        folder = into / entity
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "articles.csv").write_bytes(b"date,text\n" + body.replace(b"\r\n", b"\n"))
        (folder / "gold_timeline.jsonl").write_text(
            "".join(json.dumps({"date": day, "sentences": []}) + "\n" for day in days), encoding="utf-8")
        written.append(entity)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path, help="git directory of the fetched repository")
    parser.add_argument("--into", type=Path, required=True)
    parser.add_argument("--commit", default="HEAD")
    args = parser.parse_args()
    written = convert(args.repo, args.into, args.commit)
    print(f"wrote {len(written)} entity timelines under {args.into}: {' '.join(written)}")


if __name__ == "__main__":
    main()
