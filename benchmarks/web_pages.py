"""Accuracy on real saved news pages: the publication date Kronologi reads from each page.

    .venv/bin/python -m benchmarks.web_pages DIR [--gold eval_mediacloud_2020.json --pages test_set]

DIR is the `tests/` folder of htmldate's repository (https://github.com/adbar/htmldate, Apache
2.0; its pages belong to their publishers and stay out of this repository): its
`eval_mediacloud_2020.json` maps 200 news pages from outlets worldwide (`test_set/`, MediaCloud
2020) to their publication day. Each page goes through pipeline.ingest.formats.html_article,
as a saved page or a fetched one would. A page counts as right when the article's date is the
gold day; a page that gives no article text is an error of its own (counted apart). htmldate was
developed on this set, so the figure is not blind for its date finder.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.ingest.articles import ArticleError
from pipeline.ingest.formats import html_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path, help="htmldate's tests/ folder")
    parser.add_argument("--gold", default="eval_mediacloud_2020.json")
    parser.add_argument("--pages", default="test_set")
    args = parser.parse_args()
    gold = json.loads((args.dir / args.gold).read_text(encoding="utf-8"))
    right = missing = wrong = no_article = 0
    started = time.perf_counter()
    for url, item in gold.items():
        path = args.dir / args.pages / item["file"]
        try:
            article = html_article(path.read_bytes(), path, url=url)
        except (ArticleError, OSError):
            no_article += 1
            continue
        day = article.published.date().isoformat() if article.published else None
        if day is None:
            missing += 1
        elif day == item["date"]:
            right += 1
        else:
            wrong += 1
    n = len(gold)
    read = n - no_article
    print(f"{n} pages ({args.gold}): date right {right} ({right / n:.1%} of all, {right / max(1, read):.1%} of the "
          f"{read} read as articles), wrong {wrong}, none {missing}, no article text {no_article}; "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
