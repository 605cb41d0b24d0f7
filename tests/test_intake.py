"""Articles added from the app: safe names, front matter, no overwrites under concurrency."""

import datetime as dt
import threading

import pytest

from pipeline.ingest.articles import ArticleError, read_article
from pipeline.ingest.intake import safe_stem, save_article, save_upload


@pytest.mark.parametrize(
    "name, stem",
    [("../../etc/passwd", "passwd"), ("..\\..\\boot.md", "boot"), (".hidden.txt", "hidden"),
     ("Berita Banjir (1).md", "Berita-Banjir-1"), ("ünïcödé.txt", "unicode"), ("", "article"), ("////", "article"),
     ("a" * 100 + ".txt", "a" * 60)],
)
def test_intake_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_intake_saves_with_front_matter(tmp_path):
    path = save_article(tmp_path, "../x", "Banjir melanda kota pada Rabu.", title="Banjir\n---\nx: y",
                        published=dt.date(2025, 3, 6), source="Contoh")
    assert path.parent == tmp_path and path.name.startswith("x-") and path.suffix == ".md"
    art = read_article(path)
    assert art.title == "Banjir --- x: y" and art.published == dt.datetime(2025, 3, 6) and art.source == "Contoh"
    assert save_article(tmp_path, "../x", "Banjir melanda kota pada Rabu.", title="Banjir\n---\nx: y",
                        published=dt.date(2025, 3, 6), source="Contoh") == path


@pytest.mark.parametrize(
    "name, data, reason",
    [("a.docx", b"PK", "not an article file"), ("a.pdf", b"%PDF", "not readable as a PDF"), ("a.txt", b"", "empty"), ("a.txt", b"\x00\x01\x02binary", "binary"),
     ("a.md", b"x" * (6 * 1024 * 1024), "upload limit")],
)
def test_intake_rejects_bad_uploads(tmp_path, name, data, reason):
    with pytest.raises(ArticleError) as err:
        save_upload(tmp_path, name, data)
    assert reason in str(err.value)


def test_intake_concurrent_saves_lose_nothing(tmp_path):
    texts = [f"Artikel nomor {i}: polisi menangkap {i} orang pada Kamis." for i in range(40)]
    threads = [threading.Thread(target=save_article, args=(tmp_path, "sama.md", t)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md"))
    assert len(saved) == 40 and all(any(t in s for s in saved) for t in texts)


@pytest.mark.parametrize(
    "title, stem",
    [("Kebakaran pasar <b>bold</b>", "Kebakaran-pasar-b-bold-b"), ("Banjir 3/11", "Banjir-3-11"),
     ("../../etc/passwd", "etc-passwd"), (None, "pasted"), ("  ", "pasted")],
)
def test_intake_pasted_title_names_the_file(title, stem):
    from pipeline.ingest.intake import name_from_title

    assert safe_stem(name_from_title(title)) == stem
