"""The default model on real, human-annotated data, side by side with two baselines.

    python benchmarks/bench_default_model.py [--split test|dev] [--model DIR] [--json out/bench_model.json]

Reads ../shared/eval (skips cleanly when absent). Only `test` rows are
reported by default; tuning uses `dev` only. Baselines in the same run:
majority class (of the dev rows) and VADER (compound score on a window of
+-8 words around the target; > 0.05 favor, < -0.05 against).

- NewsMTSC rw: macro-F1 of stance toward the target person (pairs scored with
  framing.stance.score_pairs).
- ukraine_news_bias: framing of the Russian / Ukrainian / Western governments per
  sentence: gold = sign of the crowd score (avg and intensified), 0 = neutral or
  not represented. Prediction: the stance toward Russia / Ukraine / the Western
  actors (United States, European Union, NATO, United Kingdom, Germany, France,
  the West) when mentioned (the most confident non-neutral label among the
  Western actors), else neutral.
- FrAC: frames, single label over FrAC's 10 classes (top frame; legality +
  crime_punishment and political + policy merged).
- BABE (SG2): loaded true/false, macro-F1 (No agreement dropped).
- Speed: full default scoring vs the bare encoder, same run, same sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"

WEST = {"United States", "European Union", "NATO", "United Kingdom", "Germany", "France", "the West"}
FRAC_CODES = {"1": "economic", "3": "morality", "4": "fairness_equality", "5": "legality", "6": "political",
              "8": "security_defense", "9": "health_safety", "11": "cultural_identity", "12": "public_opinion",
              "15": "other"}
FRAC_MERGE = {"crime_punishment": "legality", "policy": "political"}


def macro_f1(y, p, labels) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, p, labels=list(labels), average="macro", zero_division=0))


def read_jsonl(path: Path) -> pd.DataFrame:
    return pd.read_json(path, lines=True)


def vader_label(text: str, start: int | None = None, end: int | None = None, window: int = 8) -> str:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    global _VADER
    try:
        an = _VADER
    except NameError:
        an = _VADER = SentimentIntensityAnalyzer()
    if start is not None:
        left = text[:start].split()[-window:]
        right = text[end:].split()[:window]
        text = " ".join(left + [text[start:end]] + right)
    c = an.polarity_scores(text)["compound"]
    return "favor" if c > 0.05 else "against" if c < -0.05 else "neutral"


def bench_newsmtsc(split: str, model) -> dict:
    import framing

    pol = {-1: "against", 0: "neutral", 1: "favor"}
    test = read_jsonl(EVAL / "newsmtsc" / f"rw_{split}.jsonl")
    dev = read_jsonl(EVAL / "newsmtsc" / "rw_dev.jsonl")
    y = test["polarity"].map(pol)
    majority = dev["polarity"].map(pol).mode()[0]
    pairs = pd.DataFrame({"text": test["sentence"], "target_start": test["from"], "target_end": test["to"]})
    t = time.perf_counter()
    pred = framing.stance.score_pairs(pairs, model=model)
    secs = time.perf_counter() - t
    vader = [vader_label(s, a, b) for s, a, b in zip(test["sentence"], test["from"], test["to"])]
    labels = ("favor", "against", "neutral")
    return {
        "n": int(len(test)),
        "model": macro_f1(y, pred["stance"], labels),
        "majority": macro_f1(y, [majority] * len(y), labels),
        "vader": macro_f1(y, vader, labels),
        "pairs_per_s": len(test) / secs,
    }


def bench_ukraine(split: str, model) -> dict:
    import framing

    sents = read_jsonl(EVAL / "ukraine_news_bias" / "sentences.jsonl")
    sents = sents[sents["split"] == split].reset_index(drop=True)
    arts = pd.DataFrame({"doc_id": [f"u{i}" for i in range(len(sents))], "text": sents["text"]})
    res = framing.score(arts, tasks=["mentions", "attribution", "stance"], model=model, progress=False,
                        language_check=False)
    st = res.stances
    out = {"n_sentences": int(len(sents))}
    labels = ("favor", "against", "neutral")
    for agg in ("avg", "intensified"):
        ys, ps, vs = [], [], []
        for gov, actors in (("russia", {"Russia"}), ("ukraine", {"Ukraine"}), ("west", WEST)):
            for i, row in sents.iterrows():
                score = row[f"framing_{gov}"][agg]
                ys.append("against" if score < 0 else "favor" if score > 0 else "neutral")
                rows = st[(st.doc_id == f"u{i}") & (st.target.isin(actors))]
                nonneutral = rows[rows.stance != "neutral"]
                if len(nonneutral):
                    best = nonneutral.loc[nonneutral[["p_favor", "p_against"]].max(axis=1).idxmax()]
                    ps.append(best.stance)
                else:
                    ps.append("neutral")
                vs.append(vader_label(row["text"]) if len(rows) else "neutral")
        out[agg] = {"model": macro_f1(ys, ps, labels), "vader": macro_f1(ys, vs, labels),
                    "majority": macro_f1(ys, ["neutral"] * len(ys), labels),
                    "n_nonneutral_gold": int(sum(y != "neutral" for y in ys))}
    return out


def bench_frac(split: str, model) -> dict:
    import framing

    df = read_jsonl(EVAL / "frac" / "frac_gold.jsonl")
    df = df[df["split"] == split].reset_index(drop=True)
    y = df["label"].astype(str).map(FRAC_CODES)
    enc = model.encoder.encode(df["sentence"].tolist(), None)
    probs = model.heads.predict("frames", enc.sentences)
    from framing.labels import FRAMES

    allowed = set(FRAC_CODES.values()) | set(FRAC_MERGE)
    pred = []
    for p in probs:
        order = np.argsort(-p)
        top = next(FRAMES[j] for j in order if FRAMES[j] in allowed)
        pred.append(FRAC_MERGE.get(top, top))
    dev = read_jsonl(EVAL / "frac" / "frac_gold.jsonl")
    majority = dev[dev["split"] == "dev"]["label"].astype(str).map(FRAC_CODES).mode()[0]
    labels = sorted(set(FRAC_CODES.values()))
    _ = framing  # imported for its side effect of a consistent environment
    return {"n": int(len(df)), "model": macro_f1(y, pred, labels),
            "majority": macro_f1(y, [majority] * len(y), labels)}


def bench_babe(split: str, model) -> dict:
    df = read_jsonl(EVAL / "babe" / "final_labels_SG2.jsonl")
    df = df[(df["split"] == split) & (df["label_bias"] != "No agreement")].reset_index(drop=True)
    y = (df["label_bias"] == "Biased").tolist()
    enc = model.encoder.encode(df["text"].tolist(), None)
    p = model.heads.predict("loaded", enc.sentences)[:, 0]
    th = float(model.heads.thresholds.get("loaded", [0.5])[0])
    pred = (p >= th).tolist()
    vader = [vader_label(t) != "neutral" for t in df["text"]]
    return {"n": int(len(df)), "model": macro_f1(y, pred, (True, False)),
            "majority": macro_f1(y, [False] * len(y), (True, False)),
            "vader_polar_as_loaded": macro_f1(y, vader, (True, False))}


def bench_speed(model, n: int = 600) -> dict:
    import framing
    from framing.corpus import load_corpus

    arts = load_corpus("demo")
    res = framing.score(arts, tasks=["mentions"], progress=False)
    texts = res.sentences["text"].tolist()
    while len(texts) < n:
        texts = texts + texts
    texts = texts[:n]
    t = time.perf_counter()
    model.encoder.encode(texts, None)
    enc_rate = n / (time.perf_counter() - t)
    k = 1
    sel = arts
    while len(res.sentences) * k < n:
        k += 1
    big = pd.concat([sel.assign(doc_id=sel["doc_id"] + f"-{i}") for i in range(k)], ignore_index=True)
    framing.score(big.head(4), model=model, progress=False)  # warm up (spaCy, lexicons)
    t = time.perf_counter()
    full = framing.score(big, model=model, progress=False)
    secs = time.perf_counter() - t
    rate = len(full.sentences) / secs
    # memory in a second run: tracemalloc slows Python code, so it is kept out of the timing
    tracemalloc.start()
    framing.score(big, model=model, progress=False)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return {"bare_encoder_sent_per_s": enc_rate, "full_pipeline_sent_per_s": rate,
            "ratio": rate / enc_rate, "n_sentences": int(len(full.sentences)),
            "python_peak_mb": peak, "tasks": full.meta["tasks"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--skip", nargs="*", default=[], help="parts to skip: newsmtsc ukraine frac babe speed")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} is not here (evaluation data sets are not shipped)")
        return 0
    from framing.models import load_default_model

    model = load_default_model(args.model)
    out = {"split": args.split, "model": model.model_id}
    for name, fn in (("newsmtsc", bench_newsmtsc), ("ukraine", bench_ukraine), ("frac", bench_frac),
                     ("babe", bench_babe)):
        if name in args.skip:
            continue
        t = time.perf_counter()
        out[name] = fn(args.split, model)
        out[name]["seconds"] = round(time.perf_counter() - t, 1)
        print(name, json.dumps(out[name]), flush=True)
    if "speed" not in args.skip:
        out["speed"] = bench_speed(model)
        print("speed", json.dumps(out["speed"]), flush=True)
    dev = model.card.get("dev", {})
    out["corpus_dev"] = {k: dev.get(k) for k in ("stance_macro_f1", "stance_ece", "name_swap_flip_rate")}
    print("\n| measure | model | majority | VADER |\n|---|---|---|---|")
    if "newsmtsc" in out:
        r = out["newsmtsc"]
        print(f"| NewsMTSC rw {args.split} stance macro-F1 (n={r['n']}) | {r['model']:.3f} | {r['majority']:.3f} | {r['vader']:.3f} |")
    if "ukraine" in out:
        for agg in ("avg", "intensified"):
            r = out["ukraine"][agg]
            print(f"| ukraine_news_bias {args.split} framing macro-F1 ({agg}) | {r['model']:.3f} | {r['majority']:.3f} | {r['vader']:.3f} |")
    if "frac" in out:
        r = out["frac"]
        print(f"| FrAC {args.split} frames macro-F1 (10 classes, n={r['n']}) | {r['model']:.3f} | {r['majority']:.3f} | – |")
    if "babe" in out:
        r = out["babe"]
        print(f"| BABE SG2 {args.split} loaded macro-F1 (n={r['n']}) | {r['model']:.3f} | {r['majority']:.3f} | {r['vader_polar_as_loaded']:.3f} |")
    print(f"| corpus dev: stance ECE | {dev.get('stance_ece')} | | |")
    print(f"| corpus dev: name-swap flip rate | {dev.get('name_swap_flip_rate')} | | |")
    if "speed" in out:
        s = out["speed"]
        print(f"| full scoring / bare encoder throughput | {s['full_pipeline_sent_per_s']:.1f} / {s['bare_encoder_sent_per_s']:.1f} sent/s = {s['ratio']:.2f} | | |")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
