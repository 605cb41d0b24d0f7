"""From article files to checked rows: one article's events, many articles, the per-article cache, table files."""
