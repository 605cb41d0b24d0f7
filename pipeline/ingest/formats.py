"""Articles from other formats than text: saved web pages (HTML) and PDF reports.

- HTML: the main text, title, outlet and author by trafilatura in its precise mode (menus,
  comments and "read also" boxes are not article text; a page of menus and links is no
  article); the publication date by htmldate (the original date, not the last modification,
  searched extensively).
  The page's declared language (`<html lang>`) is kept when it names one.
- PDF: the text of every page by pypdf, pages apart by a blank line; the title from the
  document's metadata (else its first line); the date from the metadata (the creation date),
  else the first date written on the first page.

`article_from_bytes` picks the reader by the file's suffix; text files go through
`parse_article` as before. Every failure is an ArticleError naming the file.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import regex

from .articles import Article, ArticleError, article_id_for, decode_bytes, parse_article

HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
_HTML_LANG = regex.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", regex.IGNORECASE)
# A date written out on a report's first page: 2024-03-05, 5 March 2024, March 5, 2024, 5/3/2024.
_MONTHS = (r"(?:Jan(?:uary|uari)?|Feb(?:ruary|ruari)?|Mar(?:ch|et)?|Apr(?:il)?|May|Mei|Jun(?:e|i)?|Jul(?:y|i)?|"
           r"Aug(?:ust)?|Agu(?:stus)?|Sep(?:tember)?|Sept|Oct(?:ober)?|Okt(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Des(?:ember)?)")
_PAGE_DATE = regex.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<dmy>\d{{1,2}}\s+{_MONTHS}\.?\s+\d{{4}})|(?P<mdy>{_MONTHS}\.?\s+\d{{1,2}},\s*\d{{4}}))\b",
    regex.IGNORECASE)


def _field(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def html_article(data: bytes, path: str | Path, article_id: str | None = None, url: str | None = None) -> Article:
    """An Article from a web page's bytes (see the module's docstring)."""
    import trafilatura

    if not data.strip():
        raise ArticleError(path, "empty file")
    from htmldate import find_date

    try:
        # Precision over recall: a page of menus and links is no article (its default mode would
        # read a menu's links as text).
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
        meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
        # The publication date, not the last modification: htmldate's original date, searched
        # extensively (trafilatura's own pick is the same library with other settings).
        found = find_date(data, url=url, original_date=True, extensive_search=True) or meta.get("date")
    except Exception as exc:  # a malformed page is that file's error, whatever lxml raises
        raise ArticleError(path, f"not readable as a web page ({exc.__class__.__name__}: {exc})") from None
    text = (meta.get("text") or "").strip()
    if not text:
        raise ArticleError(path, "no article text found in the page (a menu, a list of links or an empty page?)")
    published = None
    warnings: list[str] = []
    if found:
        try:
            published = dt.datetime.fromisoformat(str(found)[:10])
        except ValueError:
            warnings.append(f"{path}: the page's date {found!r} is not a date; the reference date will be inferred")
    lang = _HTML_LANG.search(data[:4096])
    return Article(
        article_id=article_id or article_id_for(path),
        path=str(path),
        text=text + "\n",
        title=_field(meta.get("title")),
        published=published,
        published_has_time=False,
        source=_field(meta.get("sitename")) or _field(meta.get("hostname")),
        url=_field(url or meta.get("url")),
        language=lang.group(1).decode("ascii").lower() if lang else None,
        author=_field(meta.get("author")),
        warnings=tuple(warnings),
    )


def _first_page_date(text: str) -> dt.datetime | None:
    import dateparser

    for m in _PAGE_DATE.finditer(text[:3000]):
        found = m.group("iso") or m.group("dmy") or m.group("mdy")
        parsed = dateparser.parse(found, languages=["en", "id"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        if parsed is not None:
            return parsed.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    return None


def pdf_article(data: bytes, path: str | Path, article_id: str | None = None, url: str | None = None) -> Article:
    """An Article from a PDF report's bytes (see the module's docstring)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would clutter the run's report
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ArticleError(path, f"not readable as a PDF ({exc.__class__.__name__}: {exc})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ArticleError(path, "no text in the PDF (a scan without a text layer?)")
    title = _field(info.title) if info is not None else None
    title = title or _field(text.strip().split("\n", 1)[0])
    created = None
    if info is not None:
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
    published = created.replace(tzinfo=None) if created else _first_page_date(pages[0] if pages else "")
    return Article(
        article_id=article_id or article_id_for(path),
        path=str(path),
        text=text + "\n",
        title=title,
        published=published,
        url=url,
        author=_field(info.author) if info is not None else None,
    )


def article_from_bytes(data: bytes, path: str | Path, article_id: str | None = None) -> Article:
    """An Article from a file's bytes, read by its suffix: web pages, PDF reports, else text."""
    suffix = Path(str(path)).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return html_article(data, path, article_id)
    if suffix in PDF_SUFFIXES:
        return pdf_article(data, path, article_id)
    return parse_article(decode_bytes(data, path), path, article_id)
