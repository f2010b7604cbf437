"""Throughput of segmentation + mention finding on a >= 10 MB corpus.

    python benchmarks/bench_mentions.py [--mb 10]

The corpus is built from the bundled demo corpus: its paragraphs shuffled into
new articles until the size is reached (the demo text is the team's own). The
baseline in the same process is a plain ``str.find`` scan for every catalog
alias, so the ratio shows what the compiled trie matcher buys.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.actors import ActorCatalog, find_mentions  # noqa: E402
from framing.batch import Document  # noqa: E402
from framing.corpus import load_corpus  # noqa: E402
from framing.segment import segment_document  # noqa: E402


def build_corpus(mb: float, seed: int = 0) -> list[Document]:
    arts = load_corpus("demo")
    paras = [p for t in arts["text"] for p in t.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    docs, size, i = [], 0, 0
    while size < mb * 1e6:
        text = "\n\n".join(rng.sample(paras, 8))
        docs.append(Document(doc_id=f"d{i}", text=text, date="2025-06-01"))
        size += len(text.encode("utf-8"))
        i += 1
    return docs


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args(argv)
    catalog = ActorCatalog.default()
    docs = build_corpus(args.mb)
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    _ = catalog.matcher  # compile once, outside the timing

    t = time.perf_counter()
    for d in docs:
        segment_document(d)
    t_seg = time.perf_counter() - t
    n_sent = sum(len(d.sentences) for d in docs)

    t = time.perf_counter()
    for d in docs:
        find_mentions(d, catalog)
    t_men = time.perf_counter() - t
    n_men = sum(len(d.mentions) for d in docs)

    # baseline: a naive scan with str.find for every alias over a 1 MB sample
    aliases = sorted({a.text for a in catalog.aliases()})
    sample = docs[: max(1, len(docs) // max(1, int(mb)))]
    t = time.perf_counter()
    hits = 0
    for d in sample:
        for a in aliases:
            hits += d.text.count(a)
    t_base = (time.perf_counter() - t) * len(docs) / len(sample)

    print(f"corpus: {len(docs):,} articles, {mb:.1f} MB, {n_sent:,} sentences, {n_men:,} mentions")
    print(f"catalog: {len(catalog)} actors, {len(aliases):,} alias strings")
    print(f"{'stage':<28}{'seconds':>10}{'sentences/s':>14}{'MB/s':>8}")
    print(f"{'segmentation':<28}{t_seg:>10.2f}{n_sent / t_seg:>14,.0f}{mb / t_seg:>8.2f}")
    print(f"{'mention finding':<28}{t_men:>10.2f}{n_sent / t_men:>14,.0f}{mb / t_men:>8.2f}")
    print(f"{'baseline: str.count/alias':<28}{t_base:>10.2f}{n_sent / t_base:>14,.0f}{mb / t_base:>8.2f}")
    print(f"mention finding vs baseline: {t_base / t_men:.1f}x faster")


if __name__ == "__main__":
    main()
