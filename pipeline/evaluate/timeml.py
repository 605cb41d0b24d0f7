"""TempEval-3 style evaluation of time expressions against gold TimeML (*.tml) files.

Scoring follows the official TempEval-3 scorer (UzZaman et al. 2013): extent precision,
recall and F1 under strict (same start and end) and relaxed (any overlap) matching, and
attribute scores over the relaxed matches, where an attribute's precision is the number of
matches with the right attribute over the system's timexes and its recall the same number
over the gold timexes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
DATE_TIME_TYPES = frozenset({"DATE", "TIME"})
MAX_ERRORS_SHOWN = 20

_DAY_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


class TimeMLError(ValueError):
    """A TimeML file or directory that cannot be evaluated; the message names it and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Timex:
    """One TIMEX3: text == document_text[start:end]; type and value as in TimeML."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    """A gold TimeML document: plain <TEXT> with tags removed and its TIMEX3s as offsets into it."""

    doc_id: str
    dct: dt.date
    text: str
    timexes: list[Timex]


Finder = Callable[[str, dt.date], list[Timex]]
BuildEvents = Callable[[str, dt.date], "pd.DataFrame"]


def _flatten(element: ET.Element) -> tuple[str, list[Timex]]:
    """The element's text with tags removed, and each TIMEX3 inside it as offsets into that text."""
    parts: list[str] = []
    length = 0
    spans: list[tuple[int, int, ET.Element]] = []

    def add(piece: str | None) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            length += len(piece)

    def walk(el: ET.Element) -> None:
        add(el.text)
        for child in el:
            start = length
            walk(child)
            if child.tag == "TIMEX3":
                spans.append((start, length, child))
            add(child.tail)

    walk(element)
    text = "".join(parts)
    timexes = [Timex(s, e, text[s:e], (el.get("type") or "").strip(), (el.get("value") or "").strip())
               for s, e, el in spans]
    timexes.sort(key=lambda t: (t.start, t.end))
    return text, timexes


def _dct(root: ET.Element, path: str | Path) -> dt.date:
    timex = root.find("DCT/TIMEX3")
    if timex is None:
        timex = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if timex is None:
        raise TimeMLError(path, "no document creation time (<DCT><TIMEX3 value=...>)")
    value = timex.get("value") or ""
    m = _DAY_VALUE.match(value.strip())
    try:
        return dt.date.fromisoformat(m.group(1)) if m else dt.date.fromisoformat(value)
    except ValueError:
        raise TimeMLError(path, f"document creation time {value!r} is not a YYYY-MM-DD date") from None


def parse_timeml(xml_text: str | bytes, path: str | Path = "<timeml>") -> TimeMLDoc:
    """A TimeMLDoc from a TimeML document (text or bytes); raises TimeMLError naming `path`."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise TimeMLError(path, f"not well-formed XML ({exc})") from None
    body = root.find("TEXT")
    if body is None:
        raise TimeMLError(path, "no <TEXT> element")
    text, timexes = _flatten(body)
    doc_id = (root.findtext("DOCID") or "").strip() or Path(path).stem
    return TimeMLDoc(doc_id=doc_id, dct=_dct(root, path), text=text, timexes=timexes)


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Read one TimeML file (gold TIMEX3 offsets into the plain <TEXT>); raises TimeMLError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise TimeMLError(p, f"cannot be read ({exc.strerror or exc})") from None
    # Bytes, so that the XML declaration's encoding (if any) decides the decoding.
    return parse_timeml(data, p)


def find_timeml_files(dirs: Iterable[str | Path]) -> list[Path]:
    """The *.tml files under each directory (sorted); raises TimeMLError for a missing or empty one."""
    files: list[Path] = []
    for raw in dirs:
        d = Path(raw)
        if d.is_file() and d.suffix.lower() == ".tml":
            files.append(d)
            continue
        if not d.is_dir():
            raise TimeMLError(d, "no such directory")
        found = sorted(d.rglob("*.tml"))
        if not found:
            raise TimeMLError(d, "no *.tml files in this directory")
        files.extend(found)
    return files


def project_finder(language: str = "en") -> Finder:
    """The project's time expression finder (pipeline.timex.timexes) as a Finder; imported lazily."""

    def finder(text: str, dct: dt.date) -> list[Timex]:
        from ..extract import timex

        return [Timex(start, end, text[start:end], type_, value)
                for start, end, type_, value in timex.timexes(text, language, dct)]

    return finder


def _norm(value: str | None) -> str:
    return (value or "").strip().upper()


@dataclass(frozen=True)
class MatchCounts:
    """Counts behind the TempEval-3 figures for one set of documents; add two to pool them."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def __add__(self, other: MatchCounts) -> MatchCounts:
        return MatchCounts(*(getattr(self, f) + getattr(other, f) for f in
                             ("gold", "system", "strict", "relaxed", "type_correct", "value_correct")))

    def precision(self, hits: int) -> float:
        """hits / system timexes (0.0 when the system found none)."""
        return hits / self.system if self.system else 0.0

    def recall(self, hits: int) -> float:
        """hits / gold timexes (0.0 when there are none)."""
        return hits / self.gold if self.gold else 0.0

    def f1(self, hits: int) -> float:
        """Harmonic mean of precision(hits) and recall(hits)."""
        p, r = self.precision(hits), self.recall(hits)
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, hits: int) -> float:
        """hits / relaxed matches: how often a found timex's attribute is right."""
        return hits / self.relaxed if self.relaxed else 0.0


@dataclass(frozen=True)
class ValueMismatch:
    """A relaxed match whose value differs from the gold value."""

    doc_id: str
    gold_text: str
    system_text: str
    gold_type: str
    system_type: str
    gold_value: str
    system_value: str


@dataclass(frozen=True)
class TimeMLScores:
    """Pooled (micro-averaged) counts over documents: all timexes and DATE/TIME only."""

    documents: int = 0
    overall: MatchCounts = MatchCounts()
    date_time: MatchCounts = MatchCounts()
    value_errors: tuple[ValueMismatch, ...] = field(default_factory=tuple)

    def __add__(self, other: TimeMLScores) -> TimeMLScores:
        return TimeMLScores(self.documents + other.documents, self.overall + other.overall,
                            self.date_time + other.date_time, self.value_errors + other.value_errors)


def strict_matches(gold: list[Timex], system: list[Timex]) -> int:
    """How many gold timexes have a system timex with the same start and end (one-to-one)."""
    g = Counter((t.start, t.end) for t in gold)
    s = Counter((t.start, t.end) for t in system)
    return sum((g & s).values())


def relaxed_matches(gold: list[Timex], system: list[Timex]) -> list[tuple[int, int]]:
    """(gold index, system index) pairs of overlapping timexes, each used at most once.

    Pairs are taken greedily by largest overlap; on a tie the pair whose ends differ least
    wins, so an exact match is never displaced by a longer span.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                mismatch = abs(g.start - s.start) + abs(g.end - s.end)
                candidates.append((-overlap, mismatch, g.start, s.start, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_, gi, si in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def count_matches(gold: list[Timex], system: list[Timex]) -> tuple[MatchCounts, list[tuple[Timex, Timex]]]:
    """TempEval-3 counts for one document, and the (gold, system) pairs whose values differ."""
    pairs = relaxed_matches(gold, system)
    type_ok = value_ok = 0
    wrong = []
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        type_ok += _norm(g.type) == _norm(s.type)
        if _norm(g.value) == _norm(s.value):
            value_ok += 1
        else:
            wrong.append((g, s))
    counts = MatchCounts(len(gold), len(system), strict_matches(gold, system), len(pairs), type_ok, value_ok)
    return counts, wrong


def _date_time(timexes: list[Timex]) -> list[Timex]:
    return [t for t in timexes if _norm(t.type) in DATE_TIME_TYPES]


def score_document(gold: list[Timex], system: list[Timex], doc_id: str = "") -> TimeMLScores:
    """Scores of one document's system timexes against its gold ones.

    The DATE+TIME figures keep only gold and system timexes of type DATE or TIME (each by its
    own type) and match those afresh.
    """
    counts, wrong = count_matches(gold, system)
    dt_counts, _ = count_matches(_date_time(gold), _date_time(system))
    errors = tuple(ValueMismatch(doc_id, g.text, s.text, g.type, s.type, g.value, s.value) for g, s in wrong)
    return TimeMLScores(1, counts, dt_counts, errors)


def score_documents(docs: Iterable[TimeMLDoc], finder: Finder) -> TimeMLScores:
    """Run `finder` on each document's text and DCT and pool the counts (micro-average)."""
    total = TimeMLScores()
    for doc in docs:
        total = total + score_document(doc.timexes, list(finder(doc.text, doc.dct)), doc.doc_id)
    return total


def _fmt(x: float) -> str:
    return f"{x:6.3f}"


def format_timeml_scores(scores: TimeMLScores, title: str = "TimeML", max_errors: int = MAX_ERRORS_SHOWN) -> str:
    """A plain-text table of the TempEval-3 figures, then the first `max_errors` value errors."""
    a, d = scores.overall, scores.date_time
    lines = [
        f"{title}: {scores.documents} documents, {a.gold} gold TIMEX3, {a.system} system "
        f"({d.gold} gold / {d.system} system DATE+TIME)",
        f"  {'':<18}{'P':>6}  {'R':>6}  {'F1':>6}  {'accuracy':>8}",
    ]
    rows = [
        ("strict extent", a, a.strict, False),
        ("relaxed extent", a, a.relaxed, False),
        ("type", a, a.type_correct, True),
        ("value", a, a.value_correct, True),
        ("value DATE+TIME", d, d.value_correct, True),
    ]
    for name, c, hits, with_accuracy in rows:
        acc = f"  {c.accuracy(hits):8.3f}" if with_accuracy else ""
        lines.append(f"  {name:<18}{_fmt(c.precision(hits))}  {_fmt(c.recall(hits))}  {_fmt(c.f1(hits))}{acc}")
    if scores.value_errors and max_errors <= 0:
        lines.append(f"  value errors: {len(scores.value_errors)}")
    elif scores.value_errors:
        shown = scores.value_errors[:max_errors]
        lines.append(f"  value errors ({len(shown)} of {len(scores.value_errors)}): text | gold | got")
        for e in shown:
            text = e.gold_text if e.gold_text == e.system_text else f"{e.gold_text} / {e.system_text}"
            lines.append(f"    {e.doc_id}: {text!r} | {e.gold_type} {e.gold_value} | {e.system_type} {e.system_value}")
    return "\n".join(lines)


@dataclass(frozen=True)
class SentenceDateError:
    """A sentence whose event date differs from the day of its first gold DATE/TIME timex."""

    doc_id: str
    sentence: str
    expected: str
    got: str | None


def _gold_day(timexes: list[Timex], start: int, end: int) -> str | None:
    for t in timexes:
        if start <= t.start < end and _norm(t.type) in DATE_TIME_TYPES:
            m = _DAY_VALUE.match(t.value.strip())
            if m:
                return m.group(1)
    return None


def _system_day(events: pd.DataFrame, offset: int) -> str | None:
    import pandas as pd

    if events.empty:
        return None
    inside = events[(events["sentence_start"] <= offset) & (offset < events["sentence_end"])]
    if inside.empty:
        return None
    value = inside["date"].iloc[0]
    return None if value is None or pd.isna(value) else str(value)[:10]


def sentence_date_accuracy(docs: Iterable[TimeMLDoc], build_events_fn: BuildEvents,
                           language: str = "en") -> tuple[int, int, list[SentenceDateError]]:
    """(right, total, errors) over sentences that hold a gold DATE/TIME timex with a full-day value.

    The expected date is the day of the sentence's first such timex; the system's date is
    that of the event row whose [sentence_start, sentence_end) holds the sentence's start.
    Lines the pipeline skips as no events (a dateline on its own line, "SAMPLE CITY, August 21
    (Agency) --") are left out: these are the dates of built events.
    """
    from ..ingest.sentences import skip_reason, split_sentences

    right = total = 0
    errors: list[SentenceDateError] = []
    for doc in docs:
        events = None
        for sentence in split_sentences(doc.text, language):
            expected = _gold_day(doc.timexes, sentence.start, sentence.end)
            if expected is None or skip_reason(sentence.text, language) is not None:
                continue
            if events is None:
                events = build_events_fn(doc.text, doc.dct)
            got = _system_day(events, sentence.start)
            total += 1
            if got == expected:
                right += 1
            else:
                errors.append(SentenceDateError(doc.doc_id, sentence.text, expected, got))
    return right, total, errors


def project_events(text: str, dct: dt.date, language: str = "en") -> pd.DataFrame:
    """The project's events for a plain text published on `dct` (build_article_events); imported lazily."""
    from ..build.article import build_article_events
    from ..ingest.articles import Article

    article = Article(article_id="timeml", path="<timeml>", text=text,
                      published=dt.datetime.combine(dct, dt.time()), language=language)
    return build_article_events(article).events


def format_sentence_accuracy(right: int, total: int, errors: list[SentenceDateError],
                             max_errors: int = MAX_ERRORS_SHOWN) -> str:
    """One line of sentence-level date accuracy, then the first `max_errors` wrong sentences."""
    pct = f"{100 * right / total:.1f}%" if total else "n/a"
    lines = [f"  sentence date accuracy: {right}/{total} = {pct} (sentences of built events; skipped lines left out)"]
    if errors and max_errors <= 0:
        lines.append(f"  sentence date errors: {len(errors)}")
    elif errors:
        lines.append(f"  sentence date errors ({min(len(errors), max_errors)} of {len(errors)}): expected | got")
        for e in errors[:max_errors]:
            snippet = e.sentence if len(e.sentence) <= 90 else e.sentence[:87] + "..."
            lines.append(f"    {e.doc_id}: {e.expected} | {e.got or '-'} | {snippet!r}")
    return "\n".join(lines)


def evaluate_timeml_dirs(dirs: list[Path], finder: Finder | None = None,
                         build_events_fn: BuildEvents | None = None, language: str = "en") -> str:
    """Report for every *.tml under each directory: one table per directory, then the pooled one."""
    finder = finder or project_finder(language)
    build_events_fn = build_events_fn or (lambda text, dct: project_events(text, dct, language))
    sections = []
    pooled = TimeMLScores()
    pooled_right = pooled_total = 0
    pooled_errors: list[SentenceDateError] = []
    for d in dirs:
        docs = [read_timeml(p) for p in find_timeml_files([d])]
        scores = score_documents(docs, finder)
        right, total, errors = sentence_date_accuracy(docs, build_events_fn, language)
        sections.append(format_timeml_scores(scores, title=str(d)) + "\n"
                        + format_sentence_accuracy(right, total, errors))
        pooled = pooled + scores
        pooled_right += right
        pooled_total += total
        pooled_errors += errors
    if len(dirs) > 1:
        sections.append(format_timeml_scores(pooled, title="all directories", max_errors=0) + "\n"
                        + format_sentence_accuracy(pooled_right, pooled_total, pooled_errors, max_errors=0))
    return "\n\n".join(sections)
