"""Timeline summarisation benchmark (Timeline17): articles.csv -> article files -> key dates -> Date-F1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import regex

from ..atomic import atomic_write_bytes
from ..build.run import build_events
from ..corpus.keydates import key_dates

PUBLISHED_DATE_F1 = 0.544
PUBLISHED_ANCHOR = "news-tls DATEWISE (Ghalandari & Ifrim 2020), Date-F1 averaged over Timeline17"
TITLE_MAX_CHARS = 120
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_TOKEN = regex.compile("|".join(regex.escape(k) for k in _BRACKETS))
_OPEN_QUOTE = regex.compile(r"``\s*")
_CLOSE_QUOTE = regex.compile(r"\s*''")
_OPEN_SINGLE = regex.compile(r"(?<![`\w])`\s*")
_CLOSE_SINGLE = regex.compile(r"\s+'(?=\s|$)")
_SPACE_BEFORE = regex.compile(r" +(?=(?:[,.;:!?%)\]}]|\.\.\.|'(?:s|S|re|ve|m|ll|d|RE|VE|M|LL|D)\b|n't\b|N'T\b))")
_SPACE_AFTER_OPEN = regex.compile(r"([(\[{$#]) +")
_SPLIT_WORDS = regex.compile(r"\b(?i:(can) (not)|(gon) (na)|(wan) (na)|(got) (ta))\b")
_SPACES = regex.compile(r"[ \t]+")


def detokenise(text: str) -> str:
    """Undo Penn-Treebank tokenisation lightly, one output line per input line (sentence)."""
    return "\n".join(_detokenise_line(line) for line in text.split("\n"))


def _detokenise_line(line: str) -> str:
    s = _SPACES.sub(" ", line.strip())
    s = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(0)], s)
    s = s.replace("\\/", "/").replace("\\*", "*")
    s = _SPLIT_WORDS.sub(lambda m: "".join(g for g in m.groups() if g), s)
    s = _OPEN_QUOTE.sub('"', s)
    s = _CLOSE_QUOTE.sub('"', s)
    s = _OPEN_SINGLE.sub("'", s)
    s = _CLOSE_SINGLE.sub("'", s)
    s = _SPACE_BEFORE.sub("", s)
    s = _SPACE_AFTER_OPEN.sub(r"\1", s)
    return s


def _front_matter(title: str, published: str) -> str:
    title = title.replace("\n", " ").strip()[:TITLE_MAX_CHARS].strip()
    return f"---\ntitle: {title}\npublished: {published}\nlanguage: en\n---\n"


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write_bytes(path, data)
    return True


def write_articles(csv_path: Path, out_dir: Path, limit: int | None = None) -> list[Path]:
    """One `<topic>_<row:04d>.txt` per CSV row (topic = the CSV's folder name), with front matter;
    atomic writes, and a file whose content would not change is left alone."""
    csv_path, out_dir = Path(csv_path), Path(out_dir)
    topic = csv_path.parent.name
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row_number, row in enumerate(csv.DictReader(fh)):
            if limit is not None and row_number >= limit:
                break
            body = detokenise(row["text"]).strip("\n")
            if not body.strip():
                continue
            title = next(line for line in body.split("\n") if line.strip())
            path = out_dir / f"{topic}_{row_number:04d}.txt"
            _write_if_changed(path, _front_matter(title, row["date"].strip()) + body + "\n")
            paths.append(path)
    return paths


def date_f1(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted date set against the gold set; 0.0 where undefined."""
    pred, ref = set(predicted), set(gold)
    hits = len(pred & ref)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(ref) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read_gold_dates(topic_dir: Path) -> list[str]:
    """The gold timeline's dates (`gold_timeline.jsonl`), sorted."""
    path = Path(topic_dir) / "gold_timeline.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted({json.loads(line)["date"] for line in lines if line.strip()})


def default_work_dir(topic_dir: Path) -> Path:
    """Where a topic's article files are cached: data/tls/<topic>/articles in this repository."""
    return Path(__file__).resolve().parents[2] / "data" / "tls" / Path(topic_dir).name / "articles"


def evaluate_timeline(topic_dir: Path, work_dir: Path | None = None, limit: int | None = None) -> dict:
    """Date-F1 of key_dates (k = number of gold dates) on one Timeline17 topic folder.

    Returns {topic, articles, events, gold_dates, predicted, P, R, F1}; `limit` keeps the first
    rows of articles.csv only (for quick checks).
    """
    topic_dir = Path(topic_dir)
    work_dir = Path(work_dir) if work_dir is not None else default_work_dir(topic_dir)
    paths = write_articles(topic_dir / "articles.csv", work_dir, limit=limit)
    result = build_events(paths)
    gold = read_gold_dates(topic_dir)
    predicted = sorted(key_dates(result.events, k=len(gold))["date"].tolist())
    precision, recall, f1 = date_f1(predicted, gold)
    return {"topic": topic_dir.name, "articles": result.articles, "events": len(result.events),
            "gold_dates": gold, "predicted": predicted, "P": precision, "R": recall, "F1": f1}


def format_timeline_report(results: list[dict]) -> str:
    """A plain-text table of evaluate_timeline results, with the mean and the published anchor."""
    header = f"{'topic':<20} {'articles':>8} {'events':>7} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(f"{r['topic']:<20} {r['articles']:>8} {r['events']:>7} {len(r['gold_dates']):>5} "
                     f"{r['P']:>6.3f} {r['R']:>6.3f} {r['F1']:>6.3f}")
    if results:
        mean = sum(r["F1"] for r in results) / len(results)
        lines.append(f"{'mean':<20} {'':>8} {'':>7} {'':>5} {'':>6} {'':>6} {mean:>6.3f}")
    lines.append(f"anchor: {PUBLISHED_ANCHOR} = {PUBLISHED_DATE_F1:.3f}")
    return "\n".join(lines)
