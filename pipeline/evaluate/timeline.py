"""Timeline summarisation benchmark (Timeline17) under the published protocol: articles.csv ->
article files -> key dates and daily summaries -> Date-F1 and ROUGE alignment F1, with the
trivial baselines beside them."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import regex

from ..atomic import atomic_write_bytes
from ..build.run import build_events
from ..corpus.dateranker import DateRanker, rank_dates
from ..corpus.evidence import evidence
from ..corpus.summaries import daily_summaries
from .rouge import alignment_rouge

PUBLISHED_DATE_F1 = 0.544
PUBLISHED_AR1, PUBLISHED_AR2 = 0.120, 0.035
PUBLISHED_PUBCOUNT = 0.481
PUBLISHED_ANCHOR = "news-tls DATEWISE (Ghalandari & Ifrim 2020)"
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


def write_articles_dated(csv_path: Path, out_dir: Path, limit: int | None = None) -> list[tuple[Path, str]]:
    """One `<topic>_<row:04d>.txt` per CSV row (topic = the CSV's folder name), with front matter,
    and its publication day; atomic writes, and a file whose content would not change is left alone."""
    csv_path, out_dir = Path(csv_path), Path(out_dir)
    topic = csv_path.parent.name
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, str]] = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not {"date", "text"} <= set(reader.fieldnames or ()):
            raise TimelineError(f"{csv_path}: no 'date,text' header (found {reader.fieldnames})")
        for row_number, row in enumerate(reader):
            if limit is not None and row_number >= limit:
                break
            body = detokenise(row["text"]).strip("\n")
            if not body.strip():
                continue
            title = next(line for line in body.split("\n") if line.strip())
            published = row["date"].strip()
            path = out_dir / f"{topic}_{row_number:04d}.txt"
            _write_if_changed(path, _front_matter(title, published) + body + "\n")
            written.append((path, published[:10]))
    return written


def write_articles(csv_path: Path, out_dir: Path, limit: int | None = None) -> list[Path]:
    """The article files of write_articles_dated, without their days."""
    return [path for path, _ in write_articles_dated(csv_path, out_dir, limit)]


def date_f1(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted date set against the gold set; 0.0 where undefined."""
    pred, ref = set(predicted), set(gold)
    hits = len(pred & ref)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(ref) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class TimelineError(ValueError):
    """A folder that is not a gold timeline with its articles; the message names the folder."""


@dataclass(frozen=True)
class GoldTimeline:
    """One gold timeline and the articles it is evaluated on."""

    name: str                           # the folder's name, the report's row label
    articles_csv: Path
    summaries: dict[str, list[str]]     # day -> its gold sentences (as given, tokenised)

    @property
    def dates(self) -> list[str]:
        return sorted(self.summaries)

    @property
    def start(self) -> str:
        return self.dates[0]

    @property
    def end(self) -> str:
        return self.dates[-1]

    @property
    def summary_length(self) -> int:
        """news-tls's k: the mean number of sentences per gold day, rounded."""
        return round(sum(len(v) for v in self.summaries.values()) / len(self.summaries))

    @property
    def has_summaries(self) -> bool:
        """Whether the gold tells its days in sentences (some gold timelines give the days only)."""
        return any(self.summaries.values())

    @property
    def topic(self) -> str:
        return self.articles_csv.parent.name


def read_gold_timeline(folder: Path) -> GoldTimeline:
    """A folder with `gold_timeline.jsonl` and either its own `articles.csv` (a Timeline17 topic
    folder) or, for one of a topic's timelines (`timelines/<topic>_tl<j>/`), the topic's
    `timeline17_<topic>/articles.csv` beside the `timelines` folder."""
    folder = Path(folder)
    gold_path = folder / "gold_timeline.jsonl"
    if not gold_path.is_file():
        raise TimelineError(f"{folder}: no gold_timeline.jsonl (a Timeline17 topic or timeline folder)")
    own = folder / "articles.csv"
    shared = folder.parent.parent / f"timeline17_{folder.name.split('_tl')[0]}" / "articles.csv"
    articles = own if own.is_file() else shared
    if not articles.is_file():
        raise TimelineError(f"{folder}: no articles.csv here nor at {shared}")
    summaries: dict[str, list[str]] = {}
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            day = str(item["date"])[:10]
            sentences = [str(x) for x in item["sentences"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise TimelineError(f"{gold_path}:{number}: not a {{date, sentences}} line ({exc})") from exc
        summaries.setdefault(day, []).extend(sentences)
    if not summaries:
        raise TimelineError(f"{gold_path}: no dates")
    return GoldTimeline(folder.name, articles, summaries)


def default_work_dir(topic_dir: Path) -> Path:
    """Where a topic's article files are cached: data/tls/<topic>/articles in this repository."""
    return Path(__file__).resolve().parents[2] / "data" / "tls" / Path(topic_dir).name / "articles"


@dataclass(frozen=True)
class SpanBuild:
    """The events of the articles published within a gold timeline's span (the published protocol),
    or within that span widened by `extend` days on each side (news-tls's time_span_extension)."""

    gold: GoldTimeline
    events: pd.DataFrame
    published: list[str]  # the publication day of each article in the span
    articles: int
    start: str
    end: str


def input_span(gold: GoldTimeline, extend: int = 0) -> tuple[str, str]:
    """The days whose articles are read: the gold timeline's first to last day, widened by `extend`."""
    widen = timedelta(days=extend)
    return ((date.fromisoformat(gold.start) - widen).isoformat(), (date.fromisoformat(gold.end) + widen).isoformat())


def build_span(gold: GoldTimeline, work_dir: Path | None = None, limit: int | None = None,
               extend: int = 0) -> SpanBuild:
    """Writes the topic's articles (work_dir, default data/tls/<topic>/articles), keeps those
    published within input_span, and builds them (cached per article in the work folder's parent,
    cache.sqlite)."""
    work_dir = Path(work_dir) if work_dir is not None else default_work_dir(gold.articles_csv.parent)
    start, end = input_span(gold, extend)
    dated = write_articles_dated(gold.articles_csv, work_dir, limit=limit)
    in_span = [(p, d) for p, d in dated if start <= d <= end]
    result = build_events([p for p, _ in in_span], jobs=min(2, os.cpu_count() or 1),
                          cache=work_dir.parent / "cache.sqlite")
    return SpanBuild(gold, result.events, [d for _, d in in_span], result.articles, start, end)


def baseline_dates(published: list[str], n: int, start: str) -> dict[str, list[str]]:
    """The trivial selections of n days: PUBCOUNT (the n days with the most articles published,
    earlier day first on ties) and the first n days from `start` (the span's first day)."""
    pubcount = _most_counted(Counter(published), n)
    first = [(date.fromisoformat(start) + timedelta(days=i)).isoformat() for i in range(n)]
    return {"PUBCOUNT": pubcount, "first N days": first}


def _most_counted(counts: Counter[str], n: int) -> list[str]:
    """The n days with the highest counts, the earlier day first on ties."""
    return sorted(counts, key=lambda d: (-counts[d], d))[:n]


def mention_count_dates(events: pd.DataFrame, n: int, start: str, end: str) -> list[str]:
    """news-tls's MENTIONCOUNT: the n days in [start, end] named by the most sentences (a sentence
    whose own time expression names the day, pipeline.corpus.evidence), earlier day first on ties."""
    days = (str(d)[:10] for d in evidence(events)["date"])
    return _most_counted(Counter(d for d in days if start <= d <= end), n)


def random_f1(n: int, start: str, end: str) -> float:
    """Expected Date-F1 of n days drawn at random from the span's L days when the n gold days lie
    in it: n/L (P = R there)."""
    return n / ((date.fromisoformat(end) - date.fromisoformat(start)).days + 1)


def lead_summaries(events: pd.DataFrame, days: list[str], k: int) -> dict[str, list[str]]:
    """A trivial summary per day: the first k sentences (of those that became events) of the
    first article published that day."""
    ev = events.dropna(subset=["sentence", "reference_date"])
    ev = ev.assign(_day=ev["reference_date"].astype(str).str.slice(0, 10))
    ev = ev[ev["_day"].isin(days)].sort_values(["_day", "article_id", "sentence_index"], kind="stable")
    first = ev.groupby("_day")["article_id"].transform("first")
    ev = ev[ev["article_id"] == first]
    return {d: rows["sentence"].astype(str).head(k).tolist() for d, rows in ev.groupby("_day")}


def _reference(gold: GoldTimeline) -> dict[str, list[str]]:
    return {d: [_detokenise_line(s) for s in sents] for d, sents in gold.summaries.items()}


def evaluate_timeline(folder: Path, work_dir: Path | None = None, limit: int | None = None,
                      ranker: DateRanker | None = None, extend: int = 0) -> dict:
    """One gold timeline under the published protocol (news-tls): the articles published between
    its first and last day, N = its number of days, k = its mean sentences per day (1 to 3).
    `extend` widens the span by that many days on each side (news-tls's time_span_extension; 0 in
    the published figures): the days chosen, and the baselines, then come from the wider span.

    Returns {topic, articles, events, gold_dates, predicted, P, R, F1, baselines: {name: F1},
    AR1, AR2, rouge (their precision and recall too), lead_AR2, lead_rouge, summaries, span}; the
    AR and rouge entries are None where the gold gives days only, no summaries. lead_AR2 is the
    trivial summary baseline's AR2 (PUBCOUNT's days, each told by the first sentences of its
    first article). The baselines are PUBCOUNT, MENTIONCOUNT, the first N days and N random days
    (expected). `limit` keeps the first rows of articles.csv only (for quick checks).
    """
    gold = read_gold_timeline(folder)
    span = build_span(gold, work_dir, limit, extend)
    n = len(gold.dates)
    ranked = rank_dates(span.events, n, span.start, span.end, ranker=ranker).index.tolist()
    summaries = daily_summaries(span.events, ranked, gold.summary_length)
    precision, recall, f1 = date_f1(ranked, gold.dates)
    trivial = baseline_dates(span.published, n, span.start)
    trivial = {"PUBCOUNT": trivial["PUBCOUNT"], "MENTIONCOUNT": mention_count_dates(span.events, n, span.start, span.end),
               "first N days": trivial["first N days"]}
    baselines = {name: date_f1(days, gold.dates)[2] for name, days in trivial.items()}
    baselines["random (expected)"] = random_f1(n, span.start, span.end)
    rouge = lead = None  # a gold timeline of days only (no summaries) measures Date-F1 only
    if gold.has_summaries:
        rouge = alignment_rouge({d: s for d, s in summaries.items() if s}, _reference(gold))
        lead = alignment_rouge(lead_summaries(span.events, trivial["PUBCOUNT"], gold.summary_length), _reference(gold))
    return {"topic": gold.name, "articles": span.articles, "events": len(span.events), "gold_dates": gold.dates,
            "predicted": sorted(ranked), "P": precision, "R": recall, "F1": f1, "baselines": baselines,
            "AR1": rouge["rouge_1"]["f_score"] if rouge else None, "AR2": rouge["rouge_2"]["f_score"] if rouge else None,
            "rouge": rouge, "lead_AR2": lead["rouge_2"]["f_score"] if lead else None, "lead_rouge": lead,
            "summaries": summaries, "span": [span.start, span.end]}


def _figure(value: float | None, width: int) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'-':>{width}}"


def format_timeline_report(results: list[dict], extend: int = 0) -> str:
    """A plain-text table of evaluate_timeline results: one row per timeline, the trivial
    baselines' Date-F1 beside Kronologi's, the mean over the timelines given, and the published
    figures (over all 19 Timeline17 timelines) as a reference, not as a like-for-like comparison
    unless all 19 were given."""
    names = list(results[0]["baselines"]) if results else []
    short = {"PUBCOUNT": "PUBCOUNT", "MENTIONCOUNT": "MENTCNT", "first N days": "first-N", "random (expected)": "random"}
    header = (f"{'topic':<20} {'articles':>8} {'events':>7} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} "
              + " ".join(f"{short.get(b, b):>8}" for b in names) + f" {'AR1-F':>6} {'AR2-F':>6} {'lead-AR2':>8}")
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(f"{r['topic']:<20} {r['articles']:>8} {r['events']:>7} {len(r['gold_dates']):>5} "
                     f"{r['P']:>6.3f} {r['R']:>6.3f} {r['F1']:>6.3f} "
                     + " ".join(f"{r['baselines'][b]:>8.3f}" for b in names)
                     + f" {_figure(r['AR1'], 6)} {_figure(r['AR2'], 6)} {_figure(r['lead_AR2'], 8)}")
    if results:
        def mean(values: list[float]) -> float:
            return sum(values) / len(values)

        def f_of_means(precision: list[float], recall: list[float]) -> float:
            p, r = mean(precision), mean(recall)
            return 2 * p * r / (p + r) if p + r else 0.0

        told = [x for x in results if x["rouge"] is not None]
        ar = {m: f_of_means([x["rouge"][m]["precision"] for x in told], [x["rouge"][m]["recall"] for x in told])
              if told else None for m in ("rouge_1", "rouge_2")}
        lead_ar2 = f_of_means([x["lead_rouge"]["rouge_2"]["precision"] for x in told],
                              [x["lead_rouge"]["rouge_2"]["recall"] for x in told]) if told else None
        lines.append(f"{'mean':<20} {'':>8} {'':>7} {'':>5} {mean([r['P'] for r in results]):>6.3f} "
                     f"{mean([r['R'] for r in results]):>6.3f} {mean([r['F1'] for r in results]):>6.3f} "
                     + " ".join(f"{mean([r['baselines'][b] for r in results]):>8.3f}" for b in names)
                     + f" {_figure(ar['rouge_1'], 6)} {_figure(ar['rouge_2'], 6)}"
                     + f" {_figure(lead_ar2, 8)}")
        span = ("articles published within each timeline's span" if not extend else
                f"articles published within each timeline's span widened by {extend} days on each side, "
                "not the published protocol")
        lines.append(f"measured: the mean over these {len(results)} timeline(s) only (news-tls protocol: "
                     f"{span}, N = its number of days). Date-F1: the "
                     "mean of the rows (news-tls's F of the mean P and mean R: "
                     f"{f_of_means([r['P'] for r in results], [r['R'] for r in results]):.3f}); AR: news-tls's F "
                     "of the mean precision and mean recall"
                     + ("." if len(told) == len(results) else
                        f", over the {len(told)} timeline(s) whose gold has summaries." if told else
                        " (none here: this gold gives days only, no summaries)."))
    lines.append(f"published, all 19 Timeline17 timelines: {PUBLISHED_ANCHOR}: Date-F1 {PUBLISHED_DATE_F1:.3f}, "
                 f"AR1-F {PUBLISHED_AR1:.3f}, AR2-F {PUBLISHED_AR2:.3f}; PUBCOUNT Date-F1 {PUBLISHED_PUBCOUNT:.3f}. "
                 "AR here is tilse's Python ROUGE, which approximates the Perl script the paper used; "
                 "lead-AR2: PUBCOUNT's days told by the first sentences of their first article.")
    return "\n".join(lines)
