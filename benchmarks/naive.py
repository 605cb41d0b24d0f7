"""The naive build the scale benchmark compares against: every sentence of every article goes
through plain `dateparser.search_dates` (with the article's language), results to JSONL.

    .venv/bin/python -m benchmarks.naive DIR --out FILE [--jobs N]

Reads and splits articles as the pipeline does, so the difference is the extraction itself.
With --jobs N, N worker processes share the articles, as `pipeline build --jobs N` does: a
parallel build is compared with a naive build on as many cores.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def _article_lines(path: Path) -> tuple[int, list[str]]:
    """(sentences, JSONL lines) of one article: each sentence with the dates search_dates finds."""
    from dateparser.search import search_dates

    from pipeline.ingest.articles import ArticleError, read_article
    from pipeline.ingest.language import detect_language
    from pipeline.ingest.sentences import split_sentences

    try:
        article = read_article(path)
    except ArticleError:
        return 0, []
    language = article.language or detect_language(article.text)
    lines = []
    sentences = split_sentences(article.text, language)
    for s in sentences:
        found = search_dates(s.text, languages=[language]) or []
        lines.append(json.dumps({"article_id": article.article_id, "sentence_index": s.index,
                                 "dates": [[text, d.isoformat()] for text, d in found]}, ensure_ascii=False))
    return len(sentences), lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes sharing the articles (default 1)")
    args = parser.parse_args(argv)

    from pipeline.ingest.articles import find_article_files

    started = time.perf_counter()
    files, _ = find_article_files(args.paths)
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_article_lines, files, chunksize=max(1, len(files) // (args.jobs * 8))))
    else:
        results = [_article_lines(f) for f in files]
    sentences = sum(n for n, _ in results)
    Path(args.out).write_text("\n".join(line for _, lines in results for line in lines) + "\n", encoding="utf-8")
    print(f"articles={len(files)} sentences={sentences} seconds={time.perf_counter() - started:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
