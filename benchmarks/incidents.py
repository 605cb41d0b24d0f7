"""Benchmark: how well the incidents merge event mentions, against blind hand annotation (B³).

    .venv/bin/python -m benchmarks.incidents [--batch dev|heldout|all]

Gold: `tests/gold/incidents/<batch>_<topic>.jsonl` (see tests/gold/README.md): for a few dozen
articles of ../shared/corpus (Timeline17 Egypt, Haiti and Iraq; the Indonesian articles), every
sentence that reports a harmful happening carries an incident label given by an annotator who
read only the article text; `AGG` (a toll across many incidents) and `BACKGROUND` sentences are
left out of the score. Each topic is built whole (all its articles, so that mentions merge
across the corpus) and `pipeline.corpus.incidents.find_incidents` groups its events.

B³ (Bagga & Baldwin 1998) is computed on the sentences that are both a gold mention and a
mention of an incident (a sentence whose text changed since annotation, by its SHA-1, is
left out); beside it the trivial baselines on the same sentences: every mention its own
incident, and one incident per day. Coverage says how many gold mentions the pipeline makes
mentions of, and how many of its mentions the annotator gave no label.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "incidents"
CORPUS = ROOT.parent / "shared" / "corpus"
NOT_SCORED = ("AGG", "BACKGROUND")


def topic_inputs(topic: str) -> Path:
    """The article files of a topic: the Indonesian corpus folder, or a Timeline17 topic's
    articles.csv written out as files (as benchmarks.scale does)."""
    if topic == "id":
        return CORPUS / "id"
    from pipeline.evaluate.timeline import write_articles

    out = ROOT / "data" / "tls" / f"timeline17_{topic}" / "articles"
    if not out.exists() or not any(out.iterdir()):
        write_articles(CORPUS / "tls" / f"timeline17_{topic}" / "articles.csv", out)
    return out


def build_rows(topic: str, work: Path) -> list[dict]:
    """The event rows of a whole topic, built in a fresh process."""
    out = work / f"{topic}.jsonl"
    subprocess.run([sys.executable, "-m", "pipeline", "build", str(topic_inputs(topic)), "--out", str(out),
                    "--jobs", "2"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with out.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def b_cubed(items: list, gold: dict, system: dict) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of `system` clusters against `gold` clusters on `items`."""
    if not items:
        return 0.0, 0.0, 0.0
    g_members: dict = defaultdict(set)
    s_members: dict = defaultdict(set)
    for m in items:
        g_members[gold[m]].add(m)
        s_members[system[m]].add(m)
    p = r = 0.0
    for m in items:
        both = len(g_members[gold[m]] & s_members[system[m]])
        p += both / len(s_members[system[m]])
        r += both / len(g_members[gold[m]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_topic(batch: str, topic: str, rows: list[dict]) -> dict:
    from pipeline.corpus.incidents import find_incidents

    by_key = {(r["article_id"], r["sentence_index"]): r for r in rows}
    gold_all = {}
    with (GOLD / f"{batch}_{topic}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            gold_all[(g["article_id"], g["sentence_index"])] = g
    changed = {k for k, g in gold_all.items() if k in by_key
               and hashlib.sha1(by_key[k]["sentence"].encode()).hexdigest()[:12] != g["sentence_sha1"]}
    gold = {k: g["incident"] for k, g in gold_all.items() if g["incident"] not in NOT_SCORED and k not in changed}
    system = {}
    for n, incident in enumerate(find_incidents(rows)):
        for m in incident.mentions:
            system[(m.row["article_id"], m.row["sentence_index"])] = n
    items = sorted(set(gold) & set(system))
    articles = {a for a, _ in gold_all}
    unlabelled = sum(1 for k in system if k[0] in articles and k not in gold_all)
    return {
        "batch": batch, "topic": topic, "gold": len(gold), "scored": len(items), "changed": len(changed),
        "system_unlabelled": unlabelled,
        "pipeline": b_cubed(items, gold, system),
        "singletons": b_cubed(items, gold, {m: m for m in items}),
        "per_day": b_cubed(items, gold, {m: by_key[m]["date"] for m in items}),
    }


def weighted(results: list[dict], key: str) -> tuple[float, float, float]:
    n = sum(r["scored"] for r in results)
    if not n:
        return 0.0, 0.0, 0.0
    p = sum(r[key][0] * r["scored"] for r in results) / n
    r_ = sum(r[key][1] * r["scored"] for r in results) / n
    return p, r_, (2 * p * r_ / (p + r_) if p + r_ else 0.0)


def run(batches: list[str]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        built: dict[str, list[dict]] = {}
        for path in sorted(GOLD.glob("*.jsonl")):
            batch, topic = path.stem.split("_", 1)
            if batch not in batches:
                continue
            if topic not in built:
                built[topic] = build_rows(topic, Path(tmp))
            results.append(score_topic(batch, topic, built[topic]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", choices=("dev", "heldout", "all"), default="all")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"needs {CORPUS} (the shared corpus)", file=sys.stderr)
        return 2
    batches = ["dev", "heldout"] if args.batch == "all" else [args.batch]
    results = run(batches)
    print(f"{'batch':8} {'topic':6} {'gold':>5} {'scored':>6}  {'P':>5} {'R':>5} {'F1':>5}  "
          f"{'singletons':>10} {'per day':>7}  {'unlabelled':>10}")
    for r in results:
        p, rec, f = r["pipeline"]
        print(f"{r['batch']:8} {r['topic']:6} {r['gold']:5} {r['scored']:6}  {p:5.3f} {rec:5.3f} {f:5.3f}  "
              f"{r['singletons'][2]:10.3f} {r['per_day'][2]:7.3f}  {r['system_unlabelled']:10}"
              + (f"  ({r['changed']} sentences changed since annotation)" if r["changed"] else ""))
    for batch in batches:
        part = [r for r in results if r["batch"] == batch]
        p, rec, f = weighted(part, "pipeline")
        print(f"{batch:8} {'all':6} {sum(r['gold'] for r in part):5} {sum(r['scored'] for r in part):6}  "
              f"{p:5.3f} {rec:5.3f} {f:5.3f}  {weighted(part, 'singletons')[2]:10.3f} {weighted(part, 'per_day')[2]:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
