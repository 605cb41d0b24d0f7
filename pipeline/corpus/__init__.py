"""What spans articles: the key dates of a story, ranked from every article's events."""
