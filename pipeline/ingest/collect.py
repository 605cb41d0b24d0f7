"""Collecting articles from the network: web pages, PDF reports, RSS/Atom feeds and lists of
URLs (`python -m pipeline fetch`, the dashboard's "Add articles").

Every request goes through fetch.fetch_url (http/https only, no private addresses unless
allowed, timeouts, a size cap). A feed's entries are fetched one by one (one level: a feed inside
a feed is not followed). Each article is saved once as a text article with front matter
(intake.save_extracted: its URL and fetch time kept). A URL that fails is one error naming it,
and the others go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article, ArticleError, decode_bytes, parse_article
from .fetch import Fetched, fetch_url
from .formats import html_article, pdf_article
from .intake import save_extracted

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
MAX_FEED_ENTRIES = 200


@dataclass
class Collected:
    """What a collection did: the files saved (new ones and ones already there), and the errors."""

    saved: list[Path] = field(default_factory=list)
    already: list[Path] = field(default_factory=list)
    errors: list[ValueError] = field(default_factory=list)


def read_url_list(text: str) -> list[str]:
    """The URLs of a list: one per line; blank lines and lines starting with # left out."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _is_feed(fetched: Fetched) -> bool:
    if fetched.content_type in FEED_TYPES:
        return True
    head = fetched.data[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in fetched.data[:2048].lower() or b"<feed" in fetched.data[:2048].lower())


def _is_pdf(fetched: Fetched) -> bool:
    return fetched.content_type == "application/pdf" or fetched.data.startswith(b"%PDF-")


def article_of(fetched: Fetched) -> Article:
    """The article a fetched page, PDF or text file holds; ArticleError naming the URL when none."""
    if _is_pdf(fetched):
        return pdf_article(fetched.data, fetched.url, url=fetched.url)
    if fetched.content_type in ("text/html", "application/xhtml+xml") or fetched.data[:1024].lstrip().lower().startswith(
            (b"<!doctype html", b"<html")):
        return html_article(fetched.data, fetched.url, url=fetched.url)
    if fetched.content_type == "text/plain":
        article = parse_article(decode_bytes(fetched.data, fetched.url), fetched.url)
        return dataclasses.replace(article, url=article.url or fetched.url)
    raise ArticleError(fetched.url, f"not an article (content type {fetched.content_type or 'unknown'})")


def feed_entries(fetched: Fetched) -> list[tuple[str, dt.date | None]]:
    """(link, the entry's own date) of each entry of a fetched RSS/Atom feed, in feed order."""
    import feedparser

    parsed = feedparser.parse(fetched.data)
    if parsed.bozo and not parsed.entries:
        raise ArticleError(fetched.url, f"not a readable feed ({parsed.get('bozo_exception', 'malformed')})")
    entries = []
    for entry in parsed.entries[:MAX_FEED_ENTRIES]:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append((str(link), dt.date(*stamp[:3]) if stamp else None))
    return entries


def _save(fetched: Fetched, into: Path, result: Collected, feed_date: dt.date | None) -> str:
    article = article_of(fetched)
    if article.published is None and feed_date is not None:  # the page gives none: the feed's
        article = dataclasses.replace(article, published=dt.datetime.combine(feed_date, dt.time()))
    path, new = save_extracted(into, article, fetched.fetched_at)
    (result.saved if new else result.already).append(path)
    return f"saved as {path.name}" if new else f"already saved as {path.name}"


def collect(sources: Iterable[str], into: str | Path, *, allow_private: bool = False,
            progress: Callable[[str], None] | None = None, fetch: Callable[..., Fetched] = fetch_url) -> Collected:
    """Fetch each source (a page, a PDF or a feed) and save its articles into `into`."""
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    result = Collected()
    say = progress or (lambda _line: None)
    queue: list[tuple[str, dt.date | None, bool]] = [(s, None, True) for s in sources]
    done = 0
    while queue:
        url, feed_date, may_be_feed = queue.pop(0)
        done += 1
        step = f"[{done}/{done + len(queue)}]"
        try:
            fetched = fetch(url, allow_private=allow_private)
            if may_be_feed and _is_feed(fetched):
                entries = feed_entries(fetched)
                queue[0:0] = [(link, date, False) for link, date in entries]
                say(f"{step} {url}: a feed of {len(entries)} entries")
                continue
            say(f"{step} {url}: {_save(fetched, into, result, feed_date)}")
        except ArticleError as exc:  # a FetchError too: one URL's error, and the others go on
            result.errors.append(exc)
            say(f"{step} error: {exc}")
    return result
