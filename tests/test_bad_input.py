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
    "notes.pdf": (b"%PDF-1.7\n", "not readable as a PDF"),
    "notes.docx": (b"PK\x03\x04", "not an article"),
    "table.csv": (b"a,b\n1,2\n", "not an article"),
    # Round two of the hostile-input probe: dates and figures past any sane range, front matter
    # with thousands of keys, quadratic traps for the sentence splitter, a NUL byte late in a file.
    "year9999.txt": (b"On 31 December 9999, 3 people were killed in Jakarta.\n", None),
    "pub9999.md": (b"---\npublished: 9999-12-31\nlanguage: en\n---\nYesterday 3 people were killed in Jakarta.\n", None),
    "pub0001.md": (b"---\npublished: 0001-01-01\nlanguage: en\n---\nYesterday 3 people were killed in Jakarta.\n", None),
    "dec9999.md": (b"---\npublished: 2024-01-01\nlanguage: en\n---\nIn December 9999 the police said 3 people were killed.\n", None),
    "digits.md": (b"---\npublished: 2024-01-01\nlanguage: en\n---\nThe police said " + b"9" * 309 + b" people were killed.\n", None),
    "int32.md": (b"---\npublished: 2024-01-01\nlanguage: en\n---\nOfficials said 2,147,483,648 people are missing.\n", None),
    "exponent.md": (b"---\npublished: 2024-01-01\nlanguage: en\n---\nThe storm left 1e308 killed and 10^400 injured.\n", None),
    "keys.md": (b"---\n" + b"".join(b"k%d: v\n" % i for i in range(20_000)) + b"published: 2024-01-01\n---\n"
                b"The police said 3 people were killed.\n", None),
    "runon.txt": (b"Pada Kamis (6/1/2022) polisi datang.\n" + b"warga bergerak ke alun-alun kota. " * 7_500 + b"\n", None),
    "dots.txt": (b"Pada Kamis (6/1/2022) polisi datang.\n" + b"." * 100_000 + b" Lalu warga pulang.\n", None),
    "latenul.txt": (b"Pada Kamis (6/1/2022) polisi datang.\n" * 300 + b"\x00 tail\n", "binary file"),
    "frontspace.md": (b"---\ntitle: x" + b" " * 100_000 + b"y\npublished: 2024-01-01\n---\nThe police came on Monday.\n", None),
}
# name -> a fragment of the one warning line the file must give (warnings are folded: one per kind)
WARNINGS = {
    "pub9999.md": "published: '9999-12-31' is outside the years 1000-2999",
    "pub0001.md": "published: '0001-01-01' is outside the years 1000-2999",
    "keys.md": "20,000 unknown front matter keys ('k0', 'k1', 'k2', …",
    "runon.txt": "sentence(s) over 3,000 characters were not read",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy")
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    for name, (data, _) in CASES.items():
        (folder / name).write_bytes(data)
    out = folder.parent / f"{folder.name}-out" / "events.jsonl"
    files = [str(folder / n) for n in CASES if n.endswith((".pdf", ".csv", ".docx"))]  # named explicitly
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


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_bad_input_warnings_are_one_line_each(built, name):
    proc, _, _ = built
    lines = [line for line in proc.stderr.splitlines() if line.startswith("warning:") and name in line]
    assert len(lines) == 1 and WARNINGS[name] in lines[0], lines[:3]  # one line, folded


@pytest.mark.parametrize("name", ["year9999.txt", "pub9999.md", "pub0001.md", "dec9999.md"])
def test_bad_input_dates_outside_the_sane_range_are_not_dates(built, name):
    _, events, _ = built
    rows = events[events["article_id"] == name.rsplit(".", 1)[0]]
    assert len(rows) == 1
    dates = [d for d in rows["date"].tolist() + rows["reference_date"].tolist() if isinstance(d, str)]
    assert all("1000" <= d[:4] <= "2999" for d in dates), dates
    assert rows["killed_min"].tolist() == [3]  # the rest of the sentence is still read


@pytest.mark.parametrize("name", ["digits.md", "int32.md", "exponent.md", "absurd.txt"])
def test_bad_input_figures_beyond_a_sane_bound_are_not_figures(built, name):
    _, events, _ = built
    rows = events[events["article_id"] == name.rsplit(".", 1)[0]]
    assert len(rows) == 1
    for kind in ("killed", "injured", "missing"):
        assert rows[f"{kind}_min"].isna().all() and rows[f"{kind}_max"].isna().all(), (kind, rows.iloc[0].to_dict())


@pytest.mark.parametrize("name, reason", [("runon.txt", "too_long"), ("dots.txt", "too_long")])
def test_bad_input_a_run_on_line_is_reported_not_processed(built, name, reason):
    _, events, skipped = built
    article_id = name.rsplit(".", 1)[0]
    assert len(events[events["article_id"] == article_id]) >= 1  # the real sentence before it
    assert reason in set(skipped[skipped["article_id"] == article_id]["reason"])


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


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_bad_input_an_unreadable_file_and_folder_are_named_and_the_rest_is_built(tmp_path, monkeypatch):
    """A file that cannot be read and a folder that cannot be listed (permissions; simulated, as
    root reads everything) each give one error naming them; nothing is lost silently."""
    import os

    from pipeline.build import run
    from pipeline.ingest import articles

    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "locked" / "inside.md").write_text(GOOD, encoding="utf-8")
    (d / "good.md").write_text(GOOD, encoding="utf-8")
    (d / "secret.md").write_text(GOOD, encoding="utf-8")
    real_scandir, real_read = os.scandir, articles.Path.read_bytes

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(articles.os, "scandir", scandir)
    monkeypatch.setattr(articles.Path, "read_bytes", read_bytes)
    result = run.build_events([d])
    messages = sorted(str(e) for e in result.errors)
    assert len(messages) == 2, messages
    assert "locked: folder cannot be read (Permission denied)" in messages[0]
    assert "secret.md: cannot be read (Permission denied)" in messages[1]
    assert {r["article_id"] for r in result.event_rows} == {"good"}
    out = tmp_path / "events.jsonl"
    run.write_build(result, out, [d])  # the inputs' digest reads every file too: no traceback there
    assert run.is_current(out, [d])


def _remove_deep(top) -> None:
    """Remove a deep tree level by level, from the bottom (no recursion)."""
    import os

    folders, stack = [], [str(top)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_bad_input_deep_folders_and_a_path_too_long_are_no_traceback(tmp_path):
    deep = tmp_path / "deep"
    folder = deep
    deep.mkdir()
    for _ in range(1_100):  # level by level: Path.mkdir(parents=True) recurses
        folder = folder / "a"
        folder.mkdir()
    (folder / "buried.md").write_text(GOOD, encoding="utf-8")
    too_long = tmp_path / ("x" * 250) / ("y" * 250) / ("z" * 4_000 + ".md")
    out = tmp_path / "out" / "events.jsonl"
    try:
        proc = _cli("build", str(deep), str(too_long), "--out", str(out), "--no-cache")
    finally:
        _remove_deep(deep)  # pytest's own clean-up recurses, and fails on 1,100 levels
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "articles=1 " in proc.stdout  # the buried article, 1,100 folders down
    [line] = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert "zzzzzzzz.md: cannot be read (File name too long)" in line and "…" in line and len(line) < 400  # shortened


@pytest.mark.parametrize("make_out, message", [
    (lambda tmp: tmp / "a_folder", "is a folder"),
    (lambda tmp: tmp / "a_file.txt" / "events.jsonl", "is not a folder"),
])
def test_bad_input_an_output_that_cannot_be_written_is_refused_before_the_build(tmp_path, make_out, message):
    (tmp_path / "a_folder").mkdir()
    (tmp_path / "a_file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in.md").write_text(GOOD, encoding="utf-8")
    proc = _cli("build", str(tmp_path / "in.md"), "--out", str(make_out(tmp_path)), "--no-cache")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "error: --out" in proc.stderr and message in proc.stderr and "nothing was built" in proc.stderr
    assert "articles=" not in proc.stdout


def test_bad_input_a_cache_row_of_the_wrong_shape_heals(tmp_path):
    """A cache row that is valid JSON but not rows this version can use is a miss: the article
    is built again and its row replaced, with no traceback on this build or the next."""
    import sqlite3

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(GOOD, encoding="utf-8")
    out, cache = tmp_path / "events.jsonl", tmp_path / "cache.sqlite"
    assert _cli("build", str(tmp_path / "in"), "--out", str(out), "--cache", str(cache)).returncode == 0
    expected = out.read_bytes()
    with sqlite3.connect(cache) as db:
        db.execute("""UPDATE articles SET rows = '{"events": [{"x": 1}], "skipped": [], "language": "id", "notes": []}'""")
    for _ in range(2):
        proc = _cli("build", str(tmp_path / "in"), "--out", str(out), "--cache", str(cache))
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert out.read_bytes() == expected
    with sqlite3.connect(cache) as db:
        assert '"x": 1' not in db.execute("SELECT rows FROM articles").fetchone()[0]


def test_bad_input_the_cli_csv_defuses_formulas(tmp_path):
    (tmp_path / "f.md").write_text("---\ntitle: =HYPERLINK(\"http://x\")\npublished: 2024-01-01\nlanguage: en\n---\n"
                                   "=cmd|' /C calc'!A0 said police on Monday.\n+SUM(1) killed 3 people.\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    proc = _cli("build", str(tmp_path / "f.md"), "--out", str(out), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    for formula in ('=HYPERLINK', "=cmd|", "+SUM"):
        assert f"'{formula}" in text
        assert not any(cell.startswith(formula) for line in text.splitlines() for cell in line.split(","))
