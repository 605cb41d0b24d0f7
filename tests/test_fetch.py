"""Issue 22 (first part): safe fetching, web pages, PDF reports, feeds and lists of URLs, against
a local HTTP server on 127.0.0.1 serving pages, a feed and a PDF made here from our own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.__main__ import main
from pipeline.build.run import build_events
from pipeline.ingest.articles import ArticleError, read_article
from pipeline.ingest.collect import collect, read_url_list
from pipeline.ingest.fetch import FetchError, _refused, fetch_url
from pipeline.ingest.formats import html_article, pdf_article
from pipeline.ingest.intake import save_upload

from .pages import ARTICLE_HTML, MENU_HTML, REPORT_LINES, REPORT_PDF, PageHandler, make_pdf, serve_pages


@pytest.fixture(scope="module")
def server():
    with serve_pages() as base:
        yield base


@pytest.mark.parametrize("address, refused", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"),
    ("224.0.0.1", "multicast"), ("::ffff:127.0.0.1", "loopback"), ("100.64.1.1", "non-public"),
    ("93.184.216.34", None), ("2606:4700::1", None),
])
def test_refused_addresses(address, refused):
    why = _refused(address)
    assert (why is None) if refused is None else (refused in why)


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/x", "only http and https"),
    ("gopher://example.org/", "only http and https"),
    ("http:///nohost", "no host"),
    ("http://127.0.0.1:9/x", "refused: 127.0.0.1 is a loopback address"),
    ("http://10.0.0.7/", "refused: 10.0.0.7 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::1]:8080/", "loopback"),
])
def test_fetch_refuses_without_asking(url, reason):
    with pytest.raises(FetchError, match=reason) as err:
        fetch_url(url)
    assert url.strip() in str(err.value)


def test_fetch_refuses_the_local_server_unless_allowed(server):
    with pytest.raises(FetchError, match="loopback"):
        fetch_url(f"{server}/article.html")
    got = fetch_url(f"{server}/article.html", allow_private=True)
    assert (got.status, got.content_type, got.url) == (200, "text/html", f"{server}/article.html")
    assert got.data == ARTICLE_HTML.encode() and got.fetched_at.endswith("+00:00")
    assert PageHandler.seen_agents[-1].startswith("Kronologi/")


@pytest.mark.parametrize("path, kwargs, reason", [
    ("/missing", {}, "HTTP 404"),
    ("/big", {"max_bytes": 100_000}, "too large"),
    ("/slow", {"timeout": 0.5}, "timed out"),
    ("/loop", {}, "too many redirects"),
])
def test_fetch_errors_name_the_url(server, path, kwargs, reason):
    with pytest.raises(FetchError, match=reason) as err:
        fetch_url(f"{server}{path}", allow_private=True, **kwargs)
    assert f"{server}{path}" in str(err.value)


def test_fetch_follows_redirects(server):
    got = fetch_url(f"{server}/redirect", allow_private=True)
    assert got.url == f"{server}/article.html" and b"Floods" in got.data


def test_html_article_is_the_body_not_the_page():
    article = html_article(ARTICLE_HTML.encode(), "page.html", url="https://example.org/floods")
    assert "Floods swept through the valley town on Tuesday" in article.text
    assert "state of emergency" in article.text
    for furniture in ("Home", "Sport", "Read also", "Storm warning", "Great article", "Copyright"):
        assert furniture not in article.text
    assert (article.title, article.published.date().isoformat(), article.source, article.author, article.language,
            article.url) == ("Floods hit the valley", "2024-03-05", "Valley Courier", "Jane Roe", "en",
                             "https://example.org/floods")


@pytest.mark.parametrize("data, reason", [
    (MENU_HTML.encode(), "no article text found"),
    (b"   ", "empty file"),
])
def test_html_without_article_is_an_error(data, reason):
    with pytest.raises(ArticleError, match=reason):
        html_article(data, "menu.html")


@pytest.mark.parametrize("created, expected", [
    ("20240307090000Z", "2024-03-07"),     # the metadata's creation date
    (None, "2024-03-07"),                  # else the first date on the first page
])
def test_pdf_article(created, expected):
    article = pdf_article(make_pdf(REPORT_LINES, "Valley floods situation report 3", created), "report.pdf")
    assert article.title == "Valley floods situation report 3"
    assert article.published.date().isoformat() == expected
    assert "killed twelve people since Tuesday" in article.text


def test_bad_pdf_is_an_error():
    with pytest.raises(ArticleError, match="not readable as a PDF"):
        pdf_article(b"%PDF-1.4 this is not really a pdf", "broken.pdf")


def test_build_reads_saved_pages_and_pdfs(tmp_path):
    (tmp_path / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "page_files").mkdir()  # a browser's folder of the page's furniture
    (tmp_path / "page_files" / "ad.html").write_text(MENU_HTML, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(REPORT_PDF)
    (tmp_path / "menu.htm").write_text(MENU_HTML, encoding="utf-8")
    result = build_events([tmp_path])
    assert {e.path.rsplit("/", 1)[-1] for e in result.errors} == {"menu.htm"}
    by_article = result.events.groupby("article_id")
    assert set(by_article.groups) == {"page", "report"}
    page = result.events[result.events["article_id"] == "page"]
    assert set(page["article_source"]) == {"Valley Courier"} and set(page["reference_date"]) == {"2024-03-05"}
    assert not page["sentence"].str.contains("Read also|Great article").any()
    report = result.events[result.events["article_id"] == "report"]
    assert set(report["reference_date"]) == {"2024-03-07"} and report["killed_min"].max() == 12
    assert read_article(tmp_path / "page.html").author == "Jane Roe"


def test_upload_of_a_page_saves_its_article(tmp_path):
    path = save_upload(tmp_path, "saved page.html", ARTICLE_HTML.encode())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Floods hit the valley\npublished: 2024-03-05\nsource: Valley Courier\n")
    assert "Read also" not in text and "author: Jane Roe" in text
    assert save_upload(tmp_path, "again.html", ARTICLE_HTML.encode()) == path  # saved once


def test_collect_a_feed_saves_each_article_once(server, tmp_path):
    lines: list[str] = []
    into = tmp_path / "articles"
    result = collect([f"{server}/feed.xml"], into, allow_private=True, progress=lines.append)
    assert len(result.saved) == 3 and not result.already
    assert [str(e) for e in result.errors] == [f"{server}/gone.html: HTTP 404 Not Found"]
    assert lines[0].endswith("a feed of 4 entries") and lines[-1].startswith("[5/5] error:")
    texts = {p.name: p.read_text(encoding="utf-8") for p in into.iterdir()}
    berita = next(t for t in texts.values() if "Banjir bandang" in t)
    assert f"url: {server}/berita.html" in berita and "language: id" in berita and "fetched: " in berita
    report = next(t for t in texts.values() if "Situation Report" in t)
    assert "published: 2024-03-07" in report
    again = collect([f"{server}/feed.xml", f"{server}/article.html"], into, allow_private=True)
    assert not again.saved and len(again.already) == 4 and len(list(into.iterdir())) == 3


def test_collect_goes_on_after_errors(server, tmp_path):
    sources = [f"{server}/image.png", "file:///etc/passwd", f"{server}/menu.html", f"{server}/article.html"]
    result = collect(sources, tmp_path, allow_private=True)
    assert len(result.saved) == 1
    assert [str(e).split(": ", 1)[1] for e in result.errors] == [
        "not an article (content type image/png)", "refused: only http and https are fetched, not file",
        "no article text found in the page (a menu, a list of links or an empty page?)"]


def test_fetch_cli(server, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# my reading list\n{server}/article.html\n\n{server}/missing\n", encoding="utf-8")
    into = tmp_path / "out"
    assert main(["fetch", f"{server}/berita.html", "--urls", str(urls), "--into", str(into)]) == 1
    out = capsys.readouterr()
    assert "0 saved, 0 already there, 3 failed" in out.out and "loopback" in out.err
    assert main(["fetch", f"{server}/berita.html", "--urls", str(urls), "--into", str(into), "--allow-private"]) == 1
    out = capsys.readouterr()
    assert "2 saved, 0 already there, 1 failed" in out.out and f"{server}/missing: HTTP 404" in out.err
    assert len(list(into.glob("*.md"))) == 2


@pytest.mark.parametrize("text, expected", [
    ("https://a.example/1\n\n# note\n  https://b.example/2  \n", ["https://a.example/1", "https://b.example/2"]),
    ("", []),
])
def test_read_url_list(text, expected):
    assert read_url_list(text) == expected


def test_saved_articles_build(server, tmp_path):
    collect([f"{server}/feed.xml"], tmp_path, allow_private=True)
    result = build_events([tmp_path])
    assert not result.errors
    assert set(result.events["article_url"].dropna()) >= {f"{server}/article.html", f"{server}/berita.html"}
    assert Path(result.events["article_path"].iloc[0]).suffix == ".md"
