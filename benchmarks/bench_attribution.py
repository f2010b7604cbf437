"""Benchmark attribution extraction (CODEBOOK section 1).

Run from the repository root::

    python benchmarks/bench_attribution.py [--split dev|test] [--limit N]

Evaluations (skipped with a message when ../shared/eval is absent):

PolNeAR (political news, gold source/cue/content spans; one annotation file per
article, the first in file order):
- sentence detection P/R/F1: a gold sentence is positive when it overlaps a gold
  attribution's content or cue; predicted positive when ``attr_form != "none"``.
- source / cue overlap P/R/F1: predicted spans (deduplicated by offsets) vs gold
  spans; a pair matches when the spans share at least one non-space character.
  P = share of predicted spans that match a gold span; R = share of gold spans
  matched by a predicted span.
- form accuracy: each gold relation is paired with the predicted row whose cue
  overlaps its cue (else whose source overlaps its source); gold form: an
  "according to"/"citing"/"per" cue -> according_to; content wholly within quote
  marks -> direct; a quote mark inside the content -> mixed; else indirect.

Seed article: agreement with the hand coding for attr_form and hedged per
sentence, and form, source_type, cue and cue_class per attribution (aligned by
cue or source overlap within the sentence).

Throughput: sentences/s of the spaCy parse with and without NER, of attribute()
alone, and of both together.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
QUOTE_MARKS = "\"\u201c\u201d\u00ab\u00bb"
_SENT = re.compile(r"[^\n]+")
_SPLIT = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")


def _fallback_sentences(text: str):
    """Minimal splitter used only when framing.segment is unavailable."""
    out = []
    for m in _SENT.finditer(text):
        start = m.start()
        para = m.group()
        last = 0
        for mm in _SPLIT.finditer(para):
            end = mm.start() + len(mm.group().rstrip()) - len(mm.group().strip()) if False else mm.start()
            seg_end = mm.end() - len(mm.group()) + len(mm.group().rstrip())
            out.append((start + last, start + seg_end))
            last = mm.end()
        out.append((start + last, start + len(para)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def make_document(doc_id: str, text: str, *, title=None, date=None, sentences=None):
    """Segment (framing.segment when present) and find mentions (when the catalog loads)."""
    from framing.batch import Document, Sentence

    doc = Document(doc_id=doc_id, text=text, title=title, date=date)
    if sentences is not None:
        doc.sentences = [Sentence(i, "body", a, b, text[a:b]) for i, (a, b) in enumerate(sentences)]
        try:
            from framing.segment import find_quotations
            from framing.batch import Quotation

            for k, (a, b, bal) in enumerate(find_quotations(text)):
                sids = [s.sent_id for s in doc.sentences if s.start < b and s.end > a]
                doc.quotations.append(Quotation(k, "body", a, b, bal, sids))
                for sid in sids:
                    doc.sentences[sid].quote_ids.append(k)
        except ImportError:
            pass
    else:
        try:
            from framing.segment import segment_document

            segment_document(doc)
        except ImportError:
            doc.sentences = [
                Sentence(i, "body", a, b, text[a:b]) for i, (a, b) in enumerate(_fallback_sentences(text))
            ]
    try:
        from framing.actors import default_catalog, find_mentions

        find_mentions(doc, default_catalog())
    except Exception:  # catalog not available yet: no mentions
        pass
    return doc


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp_p, n_p, tp_r, n_r):
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _gold_form(rel, text) -> str:
    cue = " ".join(c["text"].lower() for c in rel.get("cue", []))
    if re.search(r"\baccording to\b|\bciting\b|^per\b|\bas reported by\b", cue):
        return "according_to"
    spans = [s for c in rel.get("content", []) for s in c["spans"]]
    if not spans:
        return "indirect"
    a = min(s[0] for s in spans)
    b = max(s[1] for s in spans)
    content = text[a:b].strip().rstrip(".,;:!? ")
    has = any(ch in content for ch in QUOTE_MARKS)
    if not has:
        # a quote mark just outside the span (annotators often leave it out)
        before = text[max(0, a - 2):a]
        after = text[b:b + 3]
        if any(ch in before for ch in QUOTE_MARKS) and any(ch in after for ch in QUOTE_MARKS):
            return "direct"
        return "indirect"
    inner = content.strip(QUOTE_MARKS + " ,.")
    starts = content[:1] in QUOTE_MARKS or text[max(0, a - 1):a] in QUOTE_MARKS
    ends = content[-1:] in QUOTE_MARKS or text[b:b + 2].strip()[:1] in QUOTE_MARKS
    if starts and ends:
        # direct unless a quote closes and re-opens around unquoted words
        return "direct" if not re.search(r"[\u201d\"]\s*[,.]?\s+\w+(?:\s+\w+){0,4}[,:]?\s*[\u201c\"]", inner) else "mixed"
    return "mixed"


def eval_polnear(split: str, nlp, limit: int | None = None) -> dict:
    from framing.attribution import attribute

    path = EVAL / "polnear" / f"polnear_{split}.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    seen, docs_rows = set(), []
    for r in rows:
        if r["split"] != split or r["filename"] in seen:
            continue
        seen.add(r["filename"])
        docs_rows.append(r)
    if limit:
        docs_rows = docs_rows[:limit]
    det = [0, 0, 0]  # tp, pred positives, gold positives
    src = [0, 0, 0, 0]  # tp_p, n_pred, tp_r, n_gold
    cue = [0, 0, 0, 0]
    form_ok = form_n = 0
    confusion: dict[tuple[str, str], int] = {}
    n_sent = 0
    for r in docs_rows:
        text = r["text"]
        doc = make_document(r["filename"], text)
        parses = list(nlp.pipe([s.text for s in doc.sentences]))
        attribute(doc, parses)
        rels = [a for a in r["attributions"] if a.get("cue") or a.get("content")]
        gold_spans = []
        for a in rels:
            for role in ("cue", "content"):
                for c in a.get(role, []):
                    gold_spans.extend(tuple(s) for s in c["spans"])
        for s in doc.sentences:
            n_sent += 1
            g = any(_overlap((s.start, s.end), sp) for sp in gold_spans)
            p = s.attr_form not in (None, "none")
            det[0] += g and p
            det[1] += p
            det[2] += g
        for role, acc in (("source", src), ("cue", cue)):
            gold = {tuple(s) for a in rels for c in a.get(role, []) for s in c["spans"]}
            if role == "source":
                pred = {(x.source_start, x.source_end) for x in doc.attributions if x.source_start is not None}
            else:
                pred = {(x.cue_start, x.cue_end) for x in doc.attributions if x.cue_start is not None}
            acc[0] += sum(any(_overlap(p, g) for g in gold) for p in pred)
            acc[1] += len(pred)
            acc[2] += sum(any(_overlap(g, p) for p in pred) for g in gold)
            acc[3] += len(gold)
        for a in rels:
            gcues = [tuple(s) for c in a.get("cue", []) for s in c["spans"]]
            gsrc = [tuple(s) for c in a.get("source", []) for s in c["spans"]]
            match = next((x for x in doc.attributions if x.cue_start is not None
                          and any(_overlap((x.cue_start, x.cue_end), g) for g in gcues)), None)
            if match is None:
                match = next((x for x in doc.attributions if x.source_start is not None
                              and any(_overlap((x.source_start, x.source_end), g) for g in gsrc)), None)
            if match is None:
                continue
            gf = _gold_form(a, text)
            form_n += 1
            form_ok += gf == match.form
            confusion[(gf, match.form)] = confusion.get((gf, match.form), 0) + 1
    return {
        "articles": len(docs_rows),
        "sentences": n_sent,
        "detection": _prf(det[0], det[1], det[0], det[2]),
        "source": _prf(*src),
        "cue": _prf(*cue),
        "form_acc": form_ok / form_n if form_n else 0.0,
        "form_n": form_n,
        "confusion": confusion,
    }


def eval_seed(nlp) -> dict:
    from framing.attribution import attribute

    gold = [json.loads(line) for line in (EVAL / "seed_article.jsonl").open(encoding="utf-8")]
    meta = json.loads((EVAL / "seed_article_text.jsonl").open(encoding="utf-8").readline())
    text = meta["text"]
    spans = [(g["char_start"], g["char_end"]) for g in gold]
    doc = make_document("seed", text, date=meta.get("date"), sentences=spans)
    parses = list(nlp.pipe([s.text for s in doc.sentences]))
    attribute(doc, parses)
    agree = {k: [0, 0] for k in ("attr_form", "hedged", "rows_found", "form", "source_type", "cue", "cue_class", "extra_rows")}
    for g, s in zip(gold, doc.sentences):
        agree["attr_form"][0] += g["attr_form"] == s.attr_form
        agree["attr_form"][1] += 1
        agree["hedged"][0] += g["hedged"] == s.hedged
        agree["hedged"][1] += 1
        preds = [a for a in doc.attributions if a.sent_id == s.sent_id]
        used = set()
        for ga in g["attributions"]:
            agree["rows_found"][1] += 1
            best = None
            for k, pa in enumerate(preds):
                if k in used:
                    continue
                same_src = (pa.source or "") == (ga["source"] or "") or (
                    pa.source and ga["source"] and (pa.source in ga["source"] or ga["source"] in pa.source))
                if pa.cue == ga["cue"] and same_src:
                    best = k
                    break
                if best is None and (pa.cue == ga["cue"] or same_src):
                    best = k
            if best is None:
                continue
            used.add(best)
            pa = preds[best]
            agree["rows_found"][0] += 1
            for key in ("form", "source_type", "cue", "cue_class"):
                agree[key][0] += getattr(pa, key) == ga[key]
                agree[key][1] += 1
        agree["extra_rows"][0] += len(preds) - len(used)
        agree["extra_rows"][1] += len(preds)
    return agree


def throughput(n_sent: int = 2000) -> dict:
    from framing.attribution import attribute
    from framing.nlp import load_spacy

    path = EVAL / "polnear" / "polnear_dev.jsonl"
    docs = []
    total = 0
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        d = make_document(r["filename"], r["text"])
        docs.append(d)
        total += len(d.sentences)
        if total >= n_sent:
            break
    texts = [s.text for d in docs for s in d.sentences]
    out = {"sentences": len(texts)}
    for ner in (True, False):
        nlp = load_spacy(ner=ner)
        list(nlp.pipe(texts[:50]))
        t0 = time.perf_counter()
        parsed = list(nlp.pipe(texts, batch_size=256))
        out[f"parse_ner={ner}"] = len(texts) / (time.perf_counter() - t0)
    k = 0
    per_doc = []
    for d in docs:
        per_doc.append(parsed[k : k + len(d.sentences)])
        k += len(d.sentences)
    attribute(docs[0], per_doc[0])  # warm the lexicon
    t0 = time.perf_counter()
    for d, p in zip(docs, per_doc):
        attribute(d, p)
    dt = time.perf_counter() - t0
    out["attribute"] = len(texts) / dt
    out["combined_no_ner"] = 1 / (1 / out["parse_ner=False"] + 1 / out["attribute"])
    out["combined_ner"] = 1 / (1 / out["parse_ner=True"] + 1 / out["attribute"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--limit", type=int, default=None, help="articles of PolNeAR to score")
    ap.add_argument("--no-throughput", action="store_true")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"skipped: evaluation data not found at {EVAL.resolve()} (../shared/eval)")
        return 0
    from framing.nlp import load_spacy

    nlp = load_spacy()
    print(f"# Attribution benchmark (split={args.split})\n")
    if (EVAL / "polnear").is_dir():
        t0 = time.perf_counter()
        res = eval_polnear(args.split, nlp, args.limit)
        print(f"PolNeAR {args.split}: {res['articles']} articles, {res['sentences']} sentences "
              f"({time.perf_counter() - t0:.0f} s)")
        print("| measure | P | R | F1 |\n|---|---|---|---|")
        for key in ("detection", "source", "cue"):
            p, r, f = res[key]
            print(f"| {key} | {p:.3f} | {r:.3f} | {f:.3f} |")
        print(f"\nform accuracy on {res['form_n']} matched gold relations: {res['form_acc']:.3f}")
        print("form confusion (gold -> predicted):")
        for (g, p), n in sorted(res["confusion"].items(), key=lambda kv: -kv[1]):
            print(f"  {g:>12} -> {p:<12} {n}")
    else:
        print("PolNeAR: skipped (folder absent)")
    if (EVAL / "seed_article.jsonl").is_file():
        agree = eval_seed(nlp)
        print("\nSeed article agreement (hand coding vs. machine):")
        print("| label | agree | n | share |\n|---|---|---|---|")
        for k, (a, n) in agree.items():
            print(f"| {k} | {a} | {n} | {a / n if n else 0:.2f} |")
    if not args.no_throughput and (EVAL / "polnear").is_dir():
        tp = throughput()
        print(f"\nThroughput on {tp['sentences']} PolNeAR sentences (sentences/s, this machine):")
        for k, v in tp.items():
            if k != "sentences":
                print(f"  {k:>18}: {v:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
