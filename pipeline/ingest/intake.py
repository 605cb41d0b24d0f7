"""Articles added from the app: safe file names, front matter, atomic and collision-free saves."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import regex

from ..atomic import atomic_write_bytes
from .articles import (
    ARTICLE_SUFFIXES,
    Article,
    ArticleError,
    decode_bytes,
    find_article_files,
    parse_article,
)
from .formats import HTML_SUFFIXES, PDF_SUFFIXES, article_from_bytes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_UNSAFE = regex.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str, fallback: str = "article") -> str:
    """A file-name stem with no path, no dots in front, only [A-Za-z0-9._-], at most 60 chars."""
    base = Path(name.replace("\\", "/")).name
    stem = Path(base).stem if Path(base).suffix.lower() in ARTICLE_SUFFIXES else base
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:60]
    return stem or fallback


def name_from_title(title: str | None, fallback: str = "pasted") -> str:
    """A file name for a pasted article from its title: a slash in a title is a word break,
    not a folder ("Banjir 3/11" is "Banjir-3-11", not "11")."""
    return " ".join((title or "").replace("/", " ").replace("\\", " ").split()) or fallback


def _front_matter(title: str | None, published: dt.date | None, source: str | None, **more: str | None) -> str:
    lines = []
    for key, value in (("title", title), ("published", published.isoformat() if published else None), ("source", source),
                       *more.items()):
        if value:
            clean = " ".join(str(value).split())
            lines.append(f"{key}: {clean}")
    return "---\n" + "\n".join(lines) + "\n---\n" if lines else ""


def save_article(directory: str | Path, name: str, text: str, title: str | None = None,
                 published: dt.date | None = None, source: str | None = None) -> Path:
    """Save an article as `<safe name>-<content hash>.md` in `directory` and return its path.

    The name carries a hash of the content, so two people adding articles at once never
    overwrite each other, and adding the same article twice keeps one file.
    """
    body = text.replace("\r\n", "\n").strip()
    if not body:
        raise ArticleError(name, "empty text")
    content = _front_matter(title, published, source) + body + "\n"
    parse_article(content, name)  # raises ArticleError on unusable content
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:10]
    path = Path(directory) / f"{safe_stem(name)}-{digest}.md"
    if not path.exists():
        atomic_write_bytes(path, content.encode("utf-8"))
    return path


def save_extracted(directory: str | Path, article: Article, fetched: str | None = None) -> tuple[Path, bool]:
    """Save an article read from a web page, a PDF or a feed as a text article with front matter
    (title, published, source, url, language, author, fetched) and return (its path, whether it is
    new). It is saved once: its name ends with a hash of its text, and an article whose text is
    already saved under any title is not saved again."""
    body = article.text.replace("\r\n", "\n").strip()
    if not body:
        raise ArticleError(article.path, "empty text")
    digest = hashlib.sha1(" ".join(body.split()).encode("utf-8")).hexdigest()[:16]
    directory = Path(directory)
    already = sorted(directory.glob(f"*-{digest}.md")) if directory.is_dir() else []
    if already:
        return already[0], False
    published = article.published.date() if article.published else None
    content = _front_matter(article.title, published, article.source, url=article.url, language=article.language,
                            author=article.author, fetched=fetched) + body + "\n"
    parse_article(content, article.path)  # raises ArticleError on unusable content
    path = directory / f"{safe_stem(name_from_title(article.title, 'article'))}-{digest}.md"
    atomic_write_bytes(path, content.encode("utf-8"))
    return path, True


def save_upload(directory: str | Path, name: str, data: bytes) -> Path:
    """Save an uploaded article file and return its path: .txt/.md checked and decoded to UTF-8;
    a saved web page (.html) or a PDF report read into a text article (save_extracted)."""
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(name, f"not an article file (expected one of {', '.join(ARTICLE_SUFFIXES)})")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ArticleError(name, f"file is over the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB upload limit")
    if suffix in HTML_SUFFIXES + PDF_SUFFIXES:
        return save_extracted(directory, article_from_bytes(data, name))[0]
    text = decode_bytes(data, name)
    return save_article(directory, name, text)


def input_fingerprint(paths: Sequence[str | Path]) -> str:
    """A cheap hash of the article files a build would read under `paths` (names, sizes,
    modification times): the dashboard's cache key, computed on every rerun."""
    h = hashlib.sha1()
    files, errors = find_article_files(paths, missing_ok=True)
    for f in files:
        try:
            st = f.stat()
            h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:  # gone or unreadable: the build reports it
            h.update(f"{f}\0gone\n".encode())
    for err in errors:
        h.update(f"error: {err}\n".encode())
    return h.hexdigest()
