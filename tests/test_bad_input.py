"""Bad input: each messy file in one folder beside a good one. No crash, no traceback, the
good file still comes through, a bad file is named with its reason, and every sentence of
every article that was read is an event or a skipped row."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.build.store import read_table

from .conftest import ROOT

GOOD = "---\npublished: 2025-03-06\n---\nBanjir melanda Kota Bandung pada Rabu (5/3/2025). Lima warga tewas.\n"
CP1252 = "Protesters gathered in São Paulo on Tuesday – “peacefully”, police said. Señor Pérez was injured.\n"

# name -> (bytes, expected error reason fragment or None when the file must be read)
CASES: dict[str, tuple[bytes, str | None]] = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t \n", "empty file"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "archive.md": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64, "binary file"),
    "utf16.txt": ("Gempa mengguncang Cianjur pada Senin (21/11/2022). Sebanyak 268 orang meninggal."
                  .encode("utf-16"), None),
    "latin.txt": (CP1252.encode("cp1252"), None),
    # 2 MB: 320 lines of 6.5 KB, each one long sentence.
    "huge.txt": (((("warga berkumpul di alun-alun kota pada Kamis pagi dan " * 120) + "\n") * 320).encode(), None),
    "longline.txt": (("kata " * 12_000).encode(), None),
    "unclosed.md": (b"---\ntitle: Tanpa penutup\npublished: 2025-03-06\nBanjir melanda kota pada Rabu.\n", None),
    "baddate.md": (b"---\npublished: 31/02/2022\n---\nBanjir melanda kota pada Rabu (5/3/2025).\n", None),
    "notadate.md": (b"---\npublished: not a date\n---\nBanjir melanda kota pada Rabu (5/3/2025).\n", None),
    "html.md": (b"<html><body><p>Warga <b>menulis</b> <script>alert('x')</script> pada Kamis (6/1/2022).</p>"
                b"</body></html>\n", None),
    "impossible.txt": (b"Kebakaran terjadi pada 99/99/9999 dan 31/02/2022 di pasar.\n", None),
    "absurd.txt": (b"Sebanyak 10000000000000000000000 orang tewas dalam bencana itu.\n", None),
    "notes.pdf": (b"%PDF-1.7\n", "not an article"),
    "table.csv": (b"a,b\n1,2\n", "not an article"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy")
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    for name, (data, _) in CASES.items():
        (folder / name).write_bytes(data)
    out = folder.parent / f"{folder.name}-out" / "events.jsonl"
    files = [str(folder / n) for n in CASES if n.endswith((".pdf", ".csv"))]  # named explicitly: refused
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", str(folder), *files, "--out", str(out),
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    return proc, read_table(out), read_table(out.with_name("events.skipped.jsonl"))


def test_bad_input_no_traceback_and_exit_zero(built):
    proc, _, _ = built
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_each_file(built, name):
    proc, events, skipped = built
    _, reason = CASES[name]
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("error:") and name in line]
    article_id = name.rsplit(".", 1)[0]
    if reason is not None:
        assert len(error_lines) == 1 and reason in error_lines[0], proc.stderr
        assert article_id not in set(events["article_id"])
    else:
        assert error_lines == [], error_lines
        rows = events[events["article_id"] == article_id]
        skips = skipped[skipped["article_id"] == article_id]
        assert len(rows) + len(skips) >= 1
        indices = sorted(rows["sentence_index"].tolist() + skips["sentence_index"].tolist())
        assert indices == list(range(len(indices)))  # every sentence accounted for


def test_bad_input_good_file_comes_through(built):
    _, events, _ = built
    good = events[events["article_id"] == "good"]
    assert "2025-03-05" in set(good["date"]) and good["killed_min"].max() == 5


def test_bad_input_encodings_decoded_faithfully(built):
    _, events, _ = built
    latin = " ".join(events[events["article_id"] == "latin"]["sentence"])
    assert "São Paulo" in latin and "Señor Pérez" in latin and "“peacefully”" in latin
    utf16 = " ".join(events[events["article_id"] == "utf16"]["sentence"])
    assert "Gempa mengguncang Cianjur" in utf16


def test_bad_input_front_matter_problems_are_warned_and_dated_from_text(built):
    proc, events, _ = built
    for name in ("baddate.md", "notadate.md"):
        assert any(line.startswith("warning:") and name in line for line in proc.stderr.splitlines()), proc.stderr
        rows = events[events["article_id"] == name[:-3]]
        assert set(rows["reference_basis"]) != {"front matter"} and "2025-03-05" in set(rows["date"])
    unclosed = events[events["article_id"] == "unclosed"]
    assert any("Banjir" in s for s in unclosed["sentence"])  # the text is not lost


def test_bad_input_impossible_dates_and_absurd_numbers_are_not_invented(built):
    _, events, _ = built
    impossible = events[events["article_id"] == "impossible"]
    assert impossible["date"].isna().all() or not impossible["date"].str.startswith("9999").any()
    absurd = events[events["article_id"] == "absurd"]
    # A figure beyond any real toll is not a casualty count (and never overflows a column).
    assert absurd["killed_min"].isna().all() or (absurd["killed_min"] < 10**10).all()


def test_bad_input_html_is_kept_as_text(built):
    _, events, _ = built
    html = " ".join(events[events["article_id"] == "html"]["sentence"])
    assert "<script>" in html  # stored as text; the dashboard escapes it (tests/test_browser.py)


def test_bad_input_output_is_valid_jsonl(built):
    _, events, _ = built
    assert json.loads(events.to_json(orient="records"))  # every row serialises
