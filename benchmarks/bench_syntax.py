"""Benchmark of framing.syntax (roles, epithets, agentless passives) on the seed article.

The seed article (``../shared/eval/seed_article.jsonl`` and
``seed_article_text.jsonl``) is hand-coded with every label of CODEBOOK §3.
Two modes:

- ``gold``: the gold sentence offsets and the gold mentions (located in their
  sentence by text) go through :func:`framing.syntax.cast_roles`; this
  isolates the syntax rules.
- ``pipeline``: :func:`framing.pipeline.prepare` segments the text and finds
  mentions with the actor catalog; predicted mentions are aligned to the gold
  ones by sentence and mention text (only run when those stages are present).

Throughput counts :func:`cast_roles` only, not the spaCy parse.

Run from the repository root::

    .venv/bin/python benchmarks/bench_syntax.py [--errors]

Skips cleanly (exit 0) when ``../shared/eval`` is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SEED_ROWS = EVAL / "seed_article.jsonl"
SEED_TEXT = EVAL / "seed_article_text.jsonl"

_DET = re.compile(r"^(?:the|a|an)\s+", re.I)


def _guess_kind(mention: str) -> str:
    """Alias kind for a gold mention when no actor catalog is available.

    The codebook's "description" kind is a determiner plus a lower-case office
    noun of the lexicon ("the Belarusian leader"); everything else is a name
    here (the syntax rules only treat descriptions differently).
    """
    from framing.syntax import load_lexicon

    words = mention.split()
    if (
        len(words) >= 2
        and words[0].lower() in ("the", "a", "an")
        and words[-1].islower()
        and load_lexicon().is_title_token(words[-1])
    ):
        return "description"
    return "name"


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _content_words(s: str) -> set[str]:
    return {w for w in re.findall(r"[\w-]+", s.lower()) if w not in {"a", "an", "the", "of"}}


def load_seed():
    rows = [json.loads(line) for line in SEED_ROWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    article = json.loads(SEED_TEXT.read_text(encoding="utf-8").splitlines()[0])
    return article, rows


def gold_document(article, rows):
    """A Document with the gold sentences and gold mentions (offsets found by text)."""
    from framing.batch import Document, Mention, Sentence

    text = article["text"]
    doc = Document(doc_id=article.get("doc_id", "seed"), text=text, title=article.get("title"))
    gold = []
    for r in rows:
        s = Sentence(r["sent_index"], "body", r["char_start"], r["char_end"], text[r["char_start"] : r["char_end"]])
        doc.sentences.append(s)
        pos = 0
        for g in r["mentions"]:
            pat = re.compile(r"(?<!\w)" + re.escape(g["mention"]) + r"(?!\w)")
            hit = pat.search(s.text, pos) or pat.search(s.text)
            if hit is None:
                print(f"  ! gold mention {g['mention']!r} not found in sentence {r['sent_index']}", file=sys.stderr)
                continue
            pos = hit.start() + 1
            m = Mention(s.sent_id, g["actor"], g["mention"], s.start + hit.start(), s.start + hit.end(),
                        kind=_guess_kind(g["mention"]))
            doc.mentions.append(m)
            gold.append((m, g))
    return doc, gold


def pipeline_document(article, rows):
    """Predicted sentences and mentions (framing.pipeline.prepare), aligned to gold."""
    from framing.pipeline import prepare

    doc, parses = prepare(article["text"], title=article.get("title"), date=article.get("date"))
    return doc, parses


def align_predicted(doc, rows):
    pairs, missed = [], 0
    body = [s for s in doc.sentences if s.part == "body"]
    for r in rows:
        cands = [s for s in body if s.start <= r["char_start"] < s.end]
        used = set()
        for g in r["mentions"]:
            best = None
            for m in doc.mentions:
                if id(m) in used or not cands or m.sent_id != cands[0].sent_id:
                    continue
                if _norm(m.mention) == _norm(g["mention"]) or _norm(g["mention"]) in _norm(m.mention) \
                        or _norm(m.mention) in _norm(g["mention"]):
                    best = m
                    break
            if best is None:
                missed += 1
                continue
            used.add(id(best))
            pairs.append((best, g))
    return pairs, missed


def score(pairs, sent_pairs):
    n = len(pairs)
    role_ok = sum(m.role == g["role"] for m, g in pairs)
    ep_exact = sum([_norm(e) for e in (m.epithets or [])] == [_norm(e) for e in g["epithets"]] for m, g in pairs)
    with_gold = [(m, g) for m, g in pairs if g["epithets"]]
    ep_exact_g = sum([_norm(e) for e in (m.epithets or [])] == [_norm(e) for e in g["epithets"]] for m, g in with_gold)
    ep_part_g = sum(
        all(any(_content_words(ge) & _content_words(pe) for pe in (m.epithets or [])) for ge in g["epithets"])
        for m, g in with_gold
    )
    spurious = sum(bool(m.epithets) for m, g in pairs if not g["epithets"])
    no_gold = sum(1 for _, g in pairs if not g["epithets"])
    ap = [(s.agentless_passive, r["agentless_passive"]) for s, r in sent_pairs]
    ap_ok = sum(p == g for p, g in ap)
    tp = sum(p and g for p, g in ap)
    return {
        "mentions": n,
        "role accuracy": role_ok / n if n else float("nan"),
        "epithets exact (all mentions)": ep_exact / n if n else float("nan"),
        "epithets exact (gold non-empty)": ep_exact_g / len(with_gold) if with_gold else float("nan"),
        "epithets partial (gold non-empty)": ep_part_g / len(with_gold) if with_gold else float("nan"),
        "spurious epithets (gold empty)": spurious / no_gold if no_gold else float("nan"),
        "sentences": len(ap),
        "agentless_passive accuracy": ap_ok / len(ap) if ap else float("nan"),
        "agentless_passive TP/pred/gold": f"{tp}/{sum(p for p, _ in ap)}/{sum(g for _, g in ap)}",
    }


def throughput(doc, parses, min_seconds: float = 1.0):
    from framing.syntax import cast_roles

    cast_roles(doc, parses)  # warm the lexicon cache
    reps, t0 = 0, time.perf_counter()
    while True:
        cast_roles(doc, parses)
        reps += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            break
    return reps * len(doc.mentions) / elapsed, reps * len(doc.sentences) / elapsed, \
        reps * sum(len(p) for p in parses) / elapsed


def print_errors(pairs, sent_pairs):
    print("\nrole / epithet differences (predicted vs gold):")
    for m, g in pairs:
        if m.role != g["role"] or [_norm(e) for e in m.epithets or []] != [_norm(e) for e in g["epithets"]]:
            print(f"  s{m.sent_id:>2} {m.mention!r:28} role {m.role:8} gold {g['role']:8} "
                  f"epithets {m.epithets} gold {g['epithets']}")
    for s, r in sent_pairs:
        if s.agentless_passive != r["agentless_passive"]:
            print(f"  s{s.sent_id:>2} agentless_passive {s.agentless_passive} gold {r['agentless_passive']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the differences from gold")
    args = ap.parse_args(argv)
    if not (SEED_ROWS.exists() and SEED_TEXT.exists()):
        print(f"skipped: {SEED_ROWS} not found (the evaluation data lives in ../shared/eval)")
        return 0

    from framing.nlp import load_spacy, spacy_model_id
    from framing.syntax import cast_roles

    nlp = load_spacy()
    article, rows = load_seed()
    results = {}

    doc, gold = gold_document(article, rows)
    t0 = time.perf_counter()
    parses = list(nlp.pipe([s.text for s in doc.sentences]))
    parse_s = time.perf_counter() - t0
    cast_roles(doc, parses)
    sent_pairs = list(zip(doc.sentences, rows))
    results["gold mentions"] = score(gold, sent_pairs)
    mps, sps, tps = throughput(doc, parses)
    if args.errors:
        print_errors(gold, sent_pairs)

    try:
        pdoc, pparses = pipeline_document(article, rows)
    except Exception as exc:  # the segment/actor stages may be absent or unfinished
        print(f"pipeline mode skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
    else:
        cast_roles(pdoc, pparses)
        pairs, missed = align_predicted(pdoc, rows)
        psent = []
        for r in rows:
            cands = [s for s in pdoc.sentences if s.part == "body" and s.start <= r["char_start"] < s.end]
            if cands:
                psent.append((cands[0], r))
        res = score(pairs, psent)
        res["gold mentions not found"] = missed
        results["pipeline"] = res
        if args.errors:
            print("\n[pipeline]")
            print_errors(pairs, psent)

    print(f"\nframing.syntax on the seed article ({spacy_model_id(nlp)})")
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    cols = list(results)
    print(f"{'metric':36}" + "".join(f"{c:>16}" for c in cols))
    for k in keys:
        cells = []
        for c in cols:
            v = results[c].get(k, "")
            cells.append(f"{v:>16.3f}" if isinstance(v, float) else f"{v!s:>16}")
        print(f"{k:36}" + "".join(cells))
    print(f"\nthroughput (cast_roles only, parse excluded): {mps:,.0f} mentions/s, "
          f"{sps:,.0f} sentences/s, {tps:,.0f} tokens/s")
    print(f"for scale: spaCy parse of the same sentences took {parse_s * 1000:.0f} ms "
          f"({len(doc.sentences) / parse_s:,.0f} sentences/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
