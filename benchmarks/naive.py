"""The naive build the scale benchmark compares against: every sentence of every article goes
through plain `dateparser.search_dates` (with the article's language), results to JSONL.

    .venv/bin/python -m benchmarks.naive DIR --out FILE

Reads and splits articles as the pipeline does, so the difference is the extraction itself.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    from dateparser.search import search_dates

    from pipeline.ingest.articles import ArticleError, find_article_files, read_article
    from pipeline.ingest.language import detect_language
    from pipeline.ingest.sentences import split_sentences

    started = time.perf_counter()
    files, _ = find_article_files(args.paths)
    lines, sentences = [], 0
    for path in files:
        try:
            article = read_article(path)
        except ArticleError:
            continue
        language = article.language or detect_language(article.text)
        for s in split_sentences(article.text, language):
            sentences += 1
            found = search_dates(s.text, languages=[language]) or []
            lines.append(json.dumps({"article_id": article.article_id, "sentence_index": s.index,
                                     "dates": [[text, d.isoformat()] for text, d in found]}, ensure_ascii=False))
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"articles={len(files)} sentences={sentences} seconds={time.perf_counter() - started:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
