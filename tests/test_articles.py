"""Reading article files: encodings, front matter, and clear errors naming the file."""

import datetime as dt

import pytest

from pipeline.ingest.articles import (
    ArticleError,
    find_article_files,
    parse_article,
    read_article,
)

BODY = "Judul\n\nPolisi datang pada Kamis (06/01/2022).\n"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"---\ntitle: x\n---\n   \n", "no text after the front matter"),
    ],
)
def test_articles_bad_files_name_the_file(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as err:
        read_article(path)
    assert reason in str(err.value) and "bad.txt" in str(err.value)


@pytest.mark.parametrize(
    "data",
    [BODY.encode("utf-16"), BODY.encode("utf-8-sig"), "Judul\n\nKafé dibakar massa pada Kamis.\n".encode("cp1252")],
)
def test_articles_encodings(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    art = read_article(path)
    assert art.text.startswith("Judul")


@pytest.mark.parametrize(
    "front, published, has_time, warns",
    [
        ("published: 2022-01-06", dt.datetime(2022, 1, 6), False, False),
        ("published: 2022-01-06T09:30:00+07:00", dt.datetime(2022, 1, 6, 9, 30), True, False),
        ("published: 31/02/2022", None, False, True),
        ("published: not a date", None, False, True),
        ("colour: blue", None, False, True),
    ],
)
def test_articles_front_matter(front, published, has_time, warns):
    art = parse_article(f"---\ntitle: T\nsource: S\nlanguage: id\n{front}\n---\n{BODY}", "x.md")
    assert art.title == "T" and art.source == "S" and art.language == "id"
    assert art.published == published and art.published_has_time == has_time
    assert bool(art.warnings) == warns
    assert art.text == BODY


def test_articles_unclosed_front_matter_is_text():
    art = parse_article("---\ntitle: T\nPolisi datang.\n", "x.md")
    assert art.title is None and art.warnings


def test_articles_find_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "c.docx").write_text("x")
    (tmp_path / "e.pdf").write_text("x")  # read as a PDF report (an error of its own when read)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x")
    files, errors = find_article_files([tmp_path, tmp_path / "missing.txt", tmp_path / "c.docx"])
    assert [f.name for f in files] == ["a.txt", "b.md", "e.pdf"]
    assert len(errors) == 2


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Protesters gathered in São Paulo on Tuesday – “peacefully”, police said. Señor Pérez was injured.\n", "cp1252"),
        ("Polisi mengatakan “kejadian” itu terjadi pada Senin malam – kata dia. Warga tidak terluka.\n", "cp1252"),
        ("Gempa di Garut — “kami takut,” ujar warga. Café milik Jürgen rusak.\n", "cp1252"),
        ("Déjà vu à Montréal: l’émeute a duré toute la nuit.\n", "cp1252"),
        ("Die Polizei setzte Tränengas gegen Demonstranten in München ein, sagte ein Sprecher.\n", "latin-1"),
        ("Пожар в центре города, сообщили пожарные. Никто не пострадал.\n", "cp1251"),
        ("Banjir melanda Kota Bandung. Lima warga tewas.\n", "utf-16"),
    ],
)
def test_articles_legacy_encodings_decode_faithfully(text, encoding):
    from pipeline.ingest.articles import decode_bytes

    assert decode_bytes(text.encode(encoding), "x.txt") == text
