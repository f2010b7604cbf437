"""Throughput of framing.segment on a synthetic news corpus.

Builds a corpus of at least ``--mb`` megabytes from generated articles
(datelines, abbreviations, numbers, multi-sentence and multi-paragraph
quotations, bullets, headings), then times, on one core:

* ``split_sentences`` over every article,
* ``find_quotations`` over every article,
* ``segment_document`` (both, plus linking, into the batch),
* a naive baseline ``re.split(r'(?<=[.!?])\\s+', text)``,

and prints sentences per second, MB per second and the ratio to the baseline.

Usage (from the repository root)::

    python benchmarks/bench_segment.py [--mb 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time

from framing.batch import Document
from framing.segment import find_quotations, segment_document, split_sentences

CITIES = ["MINSK", "BEIJING", "KYIV", "WASHINGTON", "BRUSSELS", "NEW YORK", "LONDON"]
AGENCIES = ["Reuters", "AP", "AFP"]
PEOPLE = [
    "Mr. Harrow", "Dr. Lena Voss", "Gen. Mark Tolland", "Sen. Ann Ruiz", "Prof. Ivo Brandt",
    "George W. Kemp", "Gov. Tess Marlow", "the Rev. Paul Okafor", "Capt. Dario Fenn",
]
ACTORS = ["Belarus", "China", "Russia", "Ukraine", "the U.S.", "the E.U.", "NATO", "the U.N."]
FIRMS = ["Northwind Inc.", "Contoso Corp.", "Fabrikam Ltd.", "Globex Co."]
VERBS = ["said", "told reporters", "added", "wrote in a statement", "insisted"]
MONTHS = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

SENTENCES = [
    "{actor} and {actor2} signed a trade deal worth ${num}.{d} billion on {month} {day}.",
    "{person} met officials from {actor} at 9 a.m. Tuesday to discuss grain exports.",
    "Prices rose {num}.{d} percent in the quarter, the fastest pace since version 2.0 of the plan.",
    "Shares of {firm} fell after {actor} announced new sanctions, tariffs, quotas, etc.",
    "The talks at No. {day} Downing Street ended without a deal ... and without a date.",
    "{actor} has rejected the proposal, calling it unrealistic.",
    "Analysts said the move could reshape relations between {actor} and {actor2} for years.",
    "Is this the end of the alliance? Few observers think so.",
    "The ministry of {actor2} declined to comment on the report.",
    "Some 1,200.50 tonnes of aid reached the border by {month} {day}.",
]
QUOTES = [
    '"We will not accept pressure from {actor}," {person} {verb}.',
    '"We cooperate in every field. Most importantly, we keep our word," {person} {verb}.',
    '“Is this fair?” {person} asked. “We think not.”',
    "{person} praised his ‘old friend’ in {actor2} and the country’s leaders.",
    "{actor} has called the plan «a farce», according to {person}.",
]
HEADINGS = ["What We Know So Far", "Key Points", "Reaction From The Region"]
BULLETS = ["- {actor} sent envoys", "- Talks resume in {month} {day}", "• Sanctions remain"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        actor=rng.choice(ACTORS).capitalize() if template.startswith("{actor}") else rng.choice(ACTORS),
        actor2=rng.choice(ACTORS),
        person=rng.choice(PEOPLE),
        firm=rng.choice(FIRMS),
        verb=rng.choice(VERBS),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        num=rng.randint(1, 99),
        d=rng.randint(0, 9),
    )


def make_article(rng: random.Random) -> str:
    """One synthetic article of 6-14 paragraphs."""
    paras = []
    first = f"{rng.choice(CITIES)}, {rng.choice(MONTHS)} {rng.randint(1, 28)} ({rng.choice(AGENCIES)}) - "
    paras.append(first + _fill(rng.choice(SENTENCES), rng) + " " + _fill(rng.choice(SENTENCES), rng))
    for _ in range(rng.randint(5, 13)):
        r = rng.random()
        if r < 0.45:
            k = rng.randint(1, 3)
            paras.append(" ".join(_fill(rng.choice(SENTENCES), rng) for _ in range(k)))
        elif r < 0.8:
            paras.append(_fill(rng.choice(QUOTES), rng))
        elif r < 0.88:
            # a quotation over two paragraphs: no closing mark on the first
            paras.append(f'"We will defend {rng.choice(ACTORS)}. We will not give an inch.')
            paras.append(_fill('"Our people are united," {person} said.', rng))
        elif r < 0.94:
            paras.append(rng.choice(HEADINGS) + "\n" + _fill(rng.choice(SENTENCES), rng))
        else:
            paras.append("\n".join(_fill(b, rng) for b in BULLETS))
    return "\n\n".join(paras)


def build_corpus(mb: float, seed: int = 0) -> list[str]:
    """Articles totalling at least ``mb`` megabytes (UTF-8)."""
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    base = [make_article(rng) for _ in range(500)]
    out: list[str] = []
    size = 0
    while size < target:
        a = rng.choice(base)
        out.append(a)
        size += len(a.encode("utf-8"))
    return out


def _time(fn, articles: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = 0
    for a in articles:
        n += fn(a)
    return time.perf_counter() - t0, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    articles = build_corpus(args.mb, args.seed)
    mb = sum(len(a.encode("utf-8")) for a in articles) / 1e6
    build_s = time.perf_counter() - t0

    naive = re.compile(r"(?<=[.!?])\s+")

    def run_naive(a: str) -> int:
        return len(naive.split(a))

    def run_split(a: str) -> int:
        return len(split_sentences(a))

    def run_quotes(a: str) -> int:
        return len(find_quotations(a))

    def run_doc(a: str) -> int:
        d = Document("b", a)
        segment_document(d)
        return len(d.sentences)

    # sentence count for per-sentence rates: the segmenter's own count
    rows = []
    base_s, base_n = _time(run_naive, articles)
    split_s, n_sent = _time(run_split, articles)
    quote_s, n_quotes = _time(run_quotes, articles)
    doc_s, _ = _time(run_doc, articles)
    rows.append(("naive re.split (baseline)", base_s, base_n))
    rows.append(("split_sentences", split_s, n_sent))
    rows.append(("find_quotations", quote_s, n_sent))
    rows.append(("segment_document", doc_s, n_sent))

    print(
        f"corpus: {len(articles):,} articles, {mb:.1f} MB, {n_sent:,} sentences, "
        f"{n_quotes:,} quotations (built in {build_s:.1f} s)"
    )
    print(f"{'step':<28}{'seconds':>9}{'sentences/s':>14}{'MB/s':>8}{'x baseline':>12}")
    for name, secs, n in rows:
        print(
            f"{name:<28}{secs:>9.2f}{n / secs:>14,.0f}{mb / secs:>8.2f}{base_s / secs:>12.3f}"
        )
    print("(sentences/s for find_quotations and segment_document use split_sentences' count;"
          " 'x baseline' = baseline seconds / step seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
