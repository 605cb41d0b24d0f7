"""Daily summaries: for each key date, the one to three sentences that best tell what happened.

As in news-tls's DATEWISE (Ghalandari & Ifrim 2020), a day's candidates are the sentences that
name the day (reports of it and looks back at it, not plans) and the leading sentences of the
articles published that day or the day after that name no day of their own. The day's centroid
is the mean TF-IDF vector of the first group plus that of the second; sentences are taken by
cosine to it, skipping any that repeats a sentence already chosen, for this day or another (the
days are filled best-ranked first, so a repeat stays with the day that matters most). A question
is no candidate (it asks what happened, it does not tell it), and a wire dateline or a
transcript's speaker label is cut from the sentence shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import regex

from .evidence import names_a_day

SUMMARY_MAX = 3
LEAD_SENTENCES = 5        # leading sentences of an article that speak for its publication day
REPEAT_COSINE = 0.35      # a candidate this close (TF-IDF cosine) to a chosen sentence repeats it
MIN_WORDS, MAX_WORDS = 6, 60
# A wire dateline before the story: "MEXICO CITY | Sat Apr 25, 2009 12:51 am BST MEXICO CITY (Reuters) -",
# "CAIRO, Egypt (CNN) --", "BAGHDAD (AP) —". Cut from summaries: it is the page's furniture.
_DATELINE = regex.compile(r"^[^()]{0,120}?\((?:[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})\)\s*(?:--|-|–|—|:)\s*")
# A transcript's speaker label ("ANDERSON COOPER, CNN ANCHOR:", "KAYE:").
_SPEAKER = regex.compile(r"^\p{Lu}[\p{Lu}\s.,'-]{1,60}:\s")


def summary_text(sentence: str) -> str:
    """The sentence as a summary shows it: without a leading wire dateline or speaker label."""
    cut = _SPEAKER.sub("", _DATELINE.sub("", sentence, count=1), count=1).strip()
    return cut if len(cut.split()) >= MIN_WORDS else sentence.strip()


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"'”’)").endswith("?")


def _pools(events: pd.DataFrame, dates: list[str]) -> pd.DataFrame:
    """Candidate rows (day, sentence, pool) for the given days: "named" or "lead"."""
    wanted = set(dates)
    ev = events[["article_id", "sentence", "sentence_index", "date", "date_basis", "date_precision",
                 "reference_date"]].dropna(subset=["sentence", "reference_date"])
    day = ev["date"].astype("string").str.slice(0, 10)
    ref = ev["reference_date"].astype("string").str.slice(0, 10)
    names_day = names_a_day(ev)
    is_named = names_day & (day <= ref) & day.isin(wanted)
    # (a Series from a wider index would widen an empty frame: assign only aligned pieces)
    named = ev[is_named].assign(day=day[is_named], pool="named")
    lead = ev[~names_day & (ev["sentence_index"].fillna(LEAD_SENTENCES) < LEAD_SENTENCES)]
    lead_ref = pd.to_datetime(ref[lead.index], errors="coerce")
    leads = [lead.assign(day=(lead_ref - pd.Timedelta(days=back)).dt.strftime("%Y-%m-%d"), pool="lead")
             for back in (0, 1)]
    pools = pd.concat([named, *leads], ignore_index=True)
    pools = pools[pools["day"].isin(wanted)]
    if pools.empty:
        return pools
    text = pools["sentence"].astype(str)
    furnished = text.str.contains("(", regex=False) | text.str.contains(":", regex=False)
    text = text.where(~furnished, text[furnished].map(summary_text))
    words = text.str.split().str.len()
    keep = (words >= MIN_WORDS) & (words <= MAX_WORDS) & ~text.map(_is_question)
    return pools.assign(sentence=text)[keep].drop_duplicates(["day", "sentence"])


def daily_summaries(events: pd.DataFrame, dates: list[str], k: int = 1) -> dict[str, list[str]]:
    """{day: up to k sentences (1 to SUMMARY_MAX)}, for `dates` given best first; a day with no
    candidate gets []."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = max(1, min(SUMMARY_MAX, k))
    out: dict[str, list[str]] = {d: [] for d in dates}
    pools = _pools(events, dates)
    if pools.empty:
        return out
    unique = list(dict.fromkeys(pools["sentence"].tolist()))
    vectors = TfidfVectorizer(lowercase=True, sublinear_tf=True).fit_transform(unique)
    row_of = {s: i for i, s in enumerate(unique)}
    pools = pools.assign(_row=pools["sentence"].map(row_of))
    by_day = {day: (rows["_row"].tolist(), rows["pool"].tolist()) for day, rows in pools.groupby("day", sort=False)}
    chosen: list[int] = []
    for d in dates:
        if d not in by_day:
            continue
        rows, kinds = by_day[d]
        centroid = np.zeros(vectors.shape[1])
        for pool in ("named", "lead"):
            ids = [r for r, kind in zip(rows, kinds, strict=True) if kind == pool]
            if ids:
                centroid += np.asarray(vectors[ids].mean(axis=0)).ravel()
        ids = list(dict.fromkeys(rows))
        scores = vectors[ids] @ centroid
        for i in np.argsort(-scores, kind="stable"):
            if len(out[d]) >= k:
                break
            row = ids[int(i)]
            if chosen and (vectors[chosen] @ vectors[row].T).max() > REPEAT_COSINE:
                continue
            out[d].append(unique[row])
            chosen.append(row)
    return out
