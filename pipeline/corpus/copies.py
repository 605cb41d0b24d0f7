"""Syndicated copies: the same story printed by several outlets (a wire report, a press release),
grouped so that key dates, incidents and tolls count it once.

Each article's text (its sentences, in order) is cut into shingles of SHINGLE_WORDS words, hashed
(CRC-32), and a fixed sample of them is kept: the hashes divisible by SAMPLE_MOD (Broder's mod-m
sampling, so two articles keep the same shingles and the Jaccard similarity of the samples
estimates that of the texts). Candidate pairs are the articles that share a sampled shingle
(an inverted index; a shingle in more than COMMON_POSTINGS articles is a stock phrase and no
evidence); a pair is a copy when the Jaccard similarity of the samples is at least COPY_JACCARD.
Copies of copies are one story (connected components). A story's id is its earliest-published
article's id (ties: the smaller id); an article with no copy is a story of its own. Articles
with fewer than MIN_SAMPLED sampled shingles are never grouped: too little text to tell a copy
from a shared phrase. Pure Python: the build's workers and writer import no numpy for it.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

SHINGLE_WORDS = 5
SAMPLE_MOD = 2
COPY_JACCARD = 0.7
MIN_SAMPLED = 10
COMMON_POSTINGS = 50


def _sample(text: str) -> frozenset[int]:
    words = text.lower().split()
    hashes = {zlib.crc32(" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8"))
              for i in range(len(words) - SHINGLE_WORDS + 1)}
    return frozenset(h for h in hashes if h % SAMPLE_MOD == 0)


def story_ids(articles: dict[str, tuple[str, str]]) -> dict[str, str]:
    """{article_id: story_id} for {article_id: (publication day or "", text)}."""
    samples = {a: _sample(text) for a, (_, text) in articles.items()}
    samples = {a: s for a, s in samples.items() if len(s) >= MIN_SAMPLED}
    postings: dict[int, list[str]] = defaultdict(list)
    for a in sorted(samples):
        for h in samples[a]:
            postings[h].append(a)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= COMMON_POSTINGS:
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    shared[(a, b)] += 1
    parent = {a: a for a in articles}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for (a, b), common in sorted(shared.items()):
        # |A ∩ B| / |A ∪ B|, the union counted from the sizes (shared counts only the
        # postings that were not too common, so this never overstates the similarity)
        if common / (len(samples[a]) + len(samples[b]) - common) >= COPY_JACCARD:
            parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        members[root(a)].append(a)
    out = {}
    for group in members.values():
        first = min(group, key=lambda a: (articles[a][0] or "9999", a))
        out.update({a: first for a in group})
    return out


def assign_stories(rows: Iterable[dict]) -> int:
    """Set each event row's story_id from its article's text (its rows' sentences in order);
    returns how many articles are copies of another."""
    rows = list(rows)
    sentences: dict[str, list[tuple[int, str]]] = {}
    published: dict[str, str] = {}
    for r in rows:
        sentences.setdefault(r["article_id"], []).append((r.get("sentence_index") or 0, r.get("sentence") or ""))
        published.setdefault(r["article_id"], str(r.get("reference_date") or "")[:10])
    articles = {a: (published[a], " ".join(s for _, s in sorted(parts))) for a, parts in sentences.items()}
    stories = story_ids(articles)
    for r in rows:
        r["story_id"] = stories[r["article_id"]]
    return sum(1 for a, s in stories.items() if a != s)
