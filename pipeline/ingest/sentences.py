"""Articles -> sentences, with their character offsets in the article text."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .. import resources

# A run of final punctuation (taken whole: a match never starts inside a run, nor gives back
# part of it, so a line of ten thousand dots costs one pass) and closing marks, before a space.
_BOUNDARY = regex.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+(?=\s)")
# The word before a stop, found from the stop backwards: the work is the word's length, not
# the sentence's.
_WORD_BEFORE = regex.compile(r"(?r)([\w.]+)$")
_LETTER = regex.compile(r"\p{L}")


# The work one article may cost, however large or odd the file: sentences past these are
# reported in the skip report (`too_long`, `over_limit`), not processed. No sentence of the
# development corpus comes near them (the longest: 1,550 characters; the longest article: 680
# sentences, 66,000 characters).
MAX_SENTENCE_CHARS = 3_000
MAX_ARTICLE_SENTENCES = 3_000
MAX_ARTICLE_CHARS = 300_000


@dataclass(frozen=True)
class Sentence:
    """One sentence: text == article.text[start:end]."""

    index: int
    paragraph_index: int
    start: int
    end: int
    text: str


def _starts_sentence(line: str, at: int) -> bool:
    """Whether what follows `at` (after white space) can open a sentence."""
    n = len(line)
    while at < n and line[at].isspace():
        at += 1
    if at == n:
        return False
    ch = line[at]
    return ch.isupper() or ch.isdigit() or ch in "\"“‘'«([•-"


def _is_abbreviation(line: str, start: int, stop: int, abbreviations: frozenset[str]) -> bool:
    """Whether the word before the stop at `stop` (within line[start:stop]) is an abbreviation."""
    m = _WORD_BEFORE.search(line, start, stop)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if word in abbreviations:
        return True
    # Initials such as "J." or "A.B." (a single letter before the stop).
    return len(word.replace(".", "")) == 1 and word[-1:].isalpha()


def _split_line(line: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        end = m.end()
        if end <= start:
            continue
        punct_at = m.start()
        if line[m.start()] == "." and _is_abbreviation(line, start, punct_at, abbreviations):
            continue
        if not _starts_sentence(line, end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        seg = line[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if not seg.strip():
            continue
        if out and not any(c.isalnum() for c in seg):
            # A closing quotation mark after a space ('... the end. "') ends the sentence before it.
            out[-1] = (out[-1][0], e - trail)
            continue
        out.append((s + lead, e - trail))
    return out


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Split article text into sentences; a line break always ends a sentence."""
    abbreviations = frozenset(a.lower() for a in resources.load(language, "text")["abbreviations"])
    sentences: list[Sentence] = []
    offset = 0
    paragraph = -1
    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            for s, e in _split_line(line, abbreviations):
                sentences.append(Sentence(len(sentences), paragraph, offset + s, offset + e, line[s:e]))
        offset += len(line) + 1
    return sentences


def skip_reason(sentence: str, language: str) -> str | None:
    """Why a sentence is not an event (boilerplate, a dateline on its own, no words), or None
    when it is one."""
    for pattern in _boilerplate(language):
        if pattern.search(sentence):
            return "boilerplate"
    for pattern in _boilerplate(language, "dateline_lines"):
        if pattern.search(sentence):
            return "dateline"
    first = _LETTER.search(sentence)  # two letters at least (no list of every letter)
    if first is None or _LETTER.search(sentence, first.end()) is None:
        return "no_words"
    return None


_DASH = regex.compile(r"\s(?:--|—|–|-|_)\s")


def dateline_end(sentence: str, language: str) -> int:
    """Where a dateline that opens a sentence ends ("KOTA CONTOH, Media.com - Isi ...": after
    the dash), or 0 when the sentence opens with none."""
    m = _DASH.search(sentence, 0, 80)
    if m is None:
        return 0
    head = sentence[:m.end()].rstrip()
    if any(p.search(head) for p in _boilerplate(language, "dateline_lines")):
        return m.end()
    return 0


# What a pattern cannot keep inside an alternation of patterns: flags for the whole pattern
# ("(?-i)") and references to its numbered or named groups.
_OWN_SCOPE = regex.compile(r"\(\?[a-zA-Z-]+\)|\\[1-9]|\(\?P=")


@functools.cache
def _boilerplate(language: str, key: str = "boilerplate_lines") -> tuple[regex.Pattern, ...]:
    """A language's skip patterns (`key` in text.yaml): one alternation when each pattern keeps
    its meaning inside it (one search instead of one per pattern), else one per pattern."""
    lines = resources.load(language, "text").get(key, [])
    # Each line is compiled alone first: a line in error is reported as itself, even one that
    # would parse inside the alternation.
    patterns = tuple(regex.compile(p, regex.IGNORECASE) for p in lines)
    if len(patterns) > 1 and not any(_OWN_SCOPE.search(p) for p in lines):
        try:
            return (regex.compile("|".join(f"(?:{p})" for p in lines), regex.IGNORECASE),)
        except regex.error:  # patterns that do not combine are kept apart
            pass
    return patterns


def comments_start(sentences: list[str], language: str) -> int | None:
    """The index of the first sentence of a scraped page's reader comments (a sentence with a
    comment signature such as "January 27, 2011 at 7:59 pm | Report abuse |"), or None."""
    patterns = _comment_markers(language)
    if not patterns:
        return None
    for i, text in enumerate(sentences):
        if any(p.search(text) for p in patterns):
            return i
    return None


@functools.cache
def _comment_markers(language: str) -> tuple[regex.Pattern, ...]:
    if language not in resources.supported_languages():
        return ()
    return tuple(regex.compile(p, regex.IGNORECASE) for p in resources.load(language, "text")["comment_markers"])


_SUBHEADING_MAX_WORDS = 12
_SENTENCE_END = frozenset('.!?:;,"\'”’)…')


def is_subheading(sentences: list[Sentence], i: int) -> bool:
    """A short paragraph of one sentence without final punctuation, inside the article (not
    its first paragraph): a subheading such as "Korban Dimakamkan"."""
    s = sentences[i]
    text = s.text.strip()
    return (s.paragraph_index > sentences[0].paragraph_index
            and 0 < len(text.split()) <= _SUBHEADING_MAX_WORDS
            and text[-1] not in _SENTENCE_END
            and (i == 0 or sentences[i - 1].paragraph_index != s.paragraph_index)
            and i + 1 < len(sentences) and sentences[i + 1].paragraph_index != s.paragraph_index)
