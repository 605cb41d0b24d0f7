"""Read article files: encodings, front matter, titles -> Article records."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..schema import MAX_YEAR, MIN_YEAR

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# Legacy code pages tried first when charset-normalizer finds them about as clean as its pick
# (it often mistakes them for each other on short texts): Western, then Cyrillic Windows.
PREFERRED_ENCODINGS = ("cp1252", "cp1251")
CHAOS_TOLERANCE = 0.15
FRONT_MATTER_KEYS = ("title", "published", "source", "url", "language", "author", "fetched")


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self):  # picklable, so that worker processes can report it
        return type(self), (self.path, self.reason)


@dataclass(frozen=True)
class Article:
    """One article: `text` is the body after any front matter, newlines normalised to \\n."""

    article_id: str
    path: str
    text: str
    title: str | None = None
    published: dt.datetime | None = None
    published_has_time: bool = False
    source: str | None = None
    url: str | None = None
    language: str | None = None
    author: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def content_hash(self) -> str:
        """A hash of everything that affects this article's events."""
        h = hashlib.sha1()
        for part in (self.text, self.title or "", str(self.published or ""), self.source or "",
                     self.url or "", self.language or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


def _shown_path(path: str | Path) -> str:
    """A path as an error line shows it: whole, or its start and end when it is very long."""
    text = str(path)
    return text if len(text) <= _SHOWN_PATH_CHARS else f"{text[:60]}…{text[-60:]}"


_SHOWN_PATH_CHARS = 300


def _is_article_name(name: str) -> bool:
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES and not name.lower().startswith("readme")


def _walk(folder: Path, errors: list[ArticleError]) -> list[Path]:
    """The article files under a folder (hidden files and folders and READMEs left out), found
    without recursion (any depth) and without following links to folders; a folder that
    cannot be read is an error naming it, and the walk goes on."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError as exc:
            errors.append(ArticleError(_shown_path(current), f"folder cannot be read ({exc.strerror or exc}); "
                                                             f"its articles are left out"))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name.endswith("_files"):  # a saved page's images, scripts and frames
                        continue
                    stack.append(Path(entry.path))
                elif entry.is_file() and _is_article_name(entry.name):
                    found.append(Path(entry.path))
            except OSError as exc:
                errors.append(ArticleError(_shown_path(entry.path), f"cannot be read ({exc.strerror or exc})"))
    return sorted(found, key=lambda p: p.parts)  # as Paths sort, faster


def find_article_files(paths: Sequence[str | Path], missing_ok: bool = False) -> tuple[list[Path], list[ArticleError]]:
    """Article files under the given files/directories (sorted), and errors for paths that are
    missing (unless `missing_ok`), unreadable or not articles."""
    files: list[Path] = []
    errors: list[ArticleError] = []
    for raw in paths:
        p = Path(raw)
        try:
            is_dir, is_file = p.is_dir(), p.is_file()
        except OSError as exc:  # a name too long for the system, a folder that cannot be entered
            errors.append(ArticleError(_shown_path(p), f"cannot be read ({exc.strerror or exc})"))
            continue
        if is_dir:
            files.extend(_walk(p, errors))
        elif is_file:
            if p.suffix.lower() in ARTICLE_SUFFIXES:
                files.append(p)
            else:
                errors.append(ArticleError(p, f"not an article file (expected one of {', '.join(ARTICLE_SUFFIXES)})"))
        elif not missing_ok:
            errors.append(ArticleError(_shown_path(p), "no such file or directory"))
    # A file reached twice (two inputs that overlap, a link) is read once: the same device and
    # inode are the same file (a stat each, a fraction of resolving every path).
    seen: set[object] = set()
    unique = []
    for f in files:
        try:
            st = f.stat()
            key: object = (st.st_dev, st.st_ino)
        except OSError:  # vanished or unreadable: reading it reports why
            key = f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected."""
    if not data.strip():
        raise ArticleError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(path, f"invalid UTF-16 text ({exc.reason})") from None
    if b"\0" in data:  # anywhere: text has none (UTF-16 with a byte-order mark is read above)
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ArticleError(path, "not decodable as text in any known encoding")
    # On short texts charset-normalizer confuses single-byte code pages ("São" becomes "Săo" in
    # cp1250, “quotes” "ôquotesö" in cp775, "Пожар" "ѕожар" in mac_cyrillic). Among those about
    # as clean as its pick, the Windows code pages win: legacy English and Indonesian files are
    # cp1252 (WHATWG reads Latin-1 as cp1252 too). Central European cp1250 text then reads as
    # cp1252: a known limit, for languages Kronologi does not process.
    clean = [m for m in results if m.chaos <= best.chaos + CHAOS_TOLERANCE]
    for encoding in PREFERRED_ENCODINGS:
        if any(m.encoding == encoding or encoding in m.could_be_from_charset for m in clean):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return str(best)


_FM_LINE = regex.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<value>.*)$")


def parse_published(value: str) -> tuple[dt.datetime, bool]:
    """An ISO date or datetime from front matter -> (naive datetime, whether a time was given)."""
    v = value.strip().strip("'\"")
    try:
        has_time = not regex.fullmatch(r"\d{4}-\d{2}-\d{2}", v)
        parsed = dt.datetime.fromisoformat(v.replace("Z", "+00:00") if has_time else v)
    except ValueError:
        raise ValueError(f"published: {value!r} is not an ISO date (YYYY-MM-DD) or datetime") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"published: {value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return parsed.replace(tzinfo=None), has_time


def split_front_matter(text: str, path: str | Path) -> tuple[dict[str, str], str, list[str]]:
    """(front matter fields, body, warnings). Body is the text after the closing `---`."""
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---\n", 3)
    if end == -1 and text.rstrip().endswith("\n---"):
        end = len(text.rstrip()) - 4
    if end == -1:
        return {}, text, [f"{path}: front matter opened with '---' but never closed; read as text"]
    fields: dict[str, str] = {}
    not_understood: list[str] = []
    unknown: list[str] = []
    for line in text[4:end].split("\n"):
        if not line.strip():
            continue
        m = _FM_LINE.match(line)
        if not m:
            not_understood.append(line.strip()[:60])
            continue
        key = m["key"].lower()
        if key not in FRONT_MATTER_KEYS:
            unknown.append(key)
            continue
        fields[key] = m["value"].strip().strip("'\"")
    warnings = []
    # One warning per kind, however many lines: a file with 20,000 odd keys is one line to read.
    if len(not_understood) == 1:
        warnings.append(f"{path}: front matter line not understood: {not_understood[0]!r}")
    elif not_understood:
        warnings.append(f"{path}: {len(not_understood):,} front matter lines not understood "
                        f"(the first: {not_understood[0]!r})")
    if len(unknown) == 1:
        warnings.append(f"{path}: unknown front matter key {unknown[0][:60]!r} (known: {', '.join(FRONT_MATTER_KEYS)})")
    elif unknown:
        shown = ", ".join(repr(k[:60]) for k in unknown[:3])
        warnings.append(f"{path}: {len(unknown):,} unknown front matter keys ({shown}{', …' if len(unknown) > 3 else ''}; "
                        f"known: {', '.join(FRONT_MATTER_KEYS)})")
    body = text[end + 5:]
    return fields, body, warnings


def article_id_for(path: str | Path) -> str:
    """A stable id: the file name without extension."""
    return Path(path).stem


def parse_article(text: str, path: str | Path = "<text>", article_id: str | None = None) -> Article:
    """An Article from decoded text (front matter optional)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body, warnings = split_front_matter(text, path)
    published = None
    has_time = False
    if fields.get("published"):
        try:
            published, has_time = parse_published(fields["published"])
        except ValueError as exc:
            warnings.append(f"{path}: {exc}; the reference date will be inferred from the text")
    language = (fields.get("language") or "").strip().lower() or None
    if not body.strip():
        raise ArticleError(path, "no text after the front matter")
    return Article(
        article_id=article_id or article_id_for(path),
        path=str(path),
        text=body,
        title=fields.get("title") or None,
        published=published,
        published_has_time=has_time,
        source=fields.get("source") or None,
        url=fields.get("url") or None,
        language=language,
        author=fields.get("author") or None,
        warnings=tuple(warnings),
    )


def read_article_bytes(path: str | Path) -> bytes:
    """The raw bytes of one article file; raises ArticleError naming the file when it cannot."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(p, f"file is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB limit for one article")
        return p.read_bytes()
    except OSError as exc:
        raise ArticleError(p, f"cannot be read ({exc.strerror or exc})") from None


def read_article(path: str | Path) -> Article:
    """Read one article file (text, a saved web page or a PDF report, by its suffix); raises
    ArticleError naming the file when it cannot."""
    from .formats import article_from_bytes

    return article_from_bytes(read_article_bytes(path), path)
