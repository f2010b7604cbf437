"""Train-your-own on NewsMTSC: full fine-tuning of MiniLM vs heads on the frozen encoder.

    python benchmarks/bench_finetune.py [--methods heads,finetune] [--max-train N] [--epochs E]
                                        [--json out/bench_finetune.json]

Benchmark only: NewsMTSC ``train`` is used to measure the toolkit's own training
command, never to build a shipped model. Model selection / early stopping on
``rw_dev``; final figures on ``rw_test`` (headline; anchor: NewsSentiment 83.1
macro-F1 with roberta-base) and ``mt_test`` (multi-target check).

Reads ../shared/eval/newsmtsc (skips cleanly when absent). Labels: negative ->
against, neutral -> neutral, positive -> favor.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "newsmtsc"
NESTED = {2.0: "against", 4.0: "neutral", 6.0: "favor"}
FLAT = {-1: "against", 0: "neutral", 1: "favor"}


def load_train(max_train: int | None, seed: int = 0) -> pd.DataFrame:
    rows = []
    with open(EVAL / "train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for t in rec["targets"]:
                rows.append({"text": rec["sentence_normalized"], "target_start": int(t["from"]),
                             "target_end": int(t["to"]), "label": NESTED[float(t["polarity"])]})
    df = pd.DataFrame(rows)
    if max_train and max_train < len(df):
        df = df.sample(n=max_train, random_state=seed).reset_index(drop=True)
    return df


def load_flat(name: str, split: str) -> pd.DataFrame:
    df = pd.read_json(EVAL / f"{name}.jsonl", lines=True)
    df = df[df["split"] == split]
    return pd.DataFrame({"text": df["sentence"], "target_start": df["from"].astype(int),
                         "target_end": df["to"].astype(int), "label": df["polarity"].astype(int).map(FLAT)})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--methods", default="heads,finetune")
    ap.add_argument("--max-train", type=int, default=None, help="subsample the 8,739 training targets")
    ap.add_argument("--epochs", type=int, default=3, help="fine-tuning epochs (heads: 40 with early stopping)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None, help="write the figures here")
    ap.add_argument("--save", default=None, help="keep the trained models under this folder")
    args = ap.parse_args(argv)
    if not (EVAL / "train.jsonl").exists():
        print(f"SKIP: {EVAL} is not here (evaluation data sets are not shipped).")
        return 0
    import torch

    import framing.train as ft

    torch.set_num_threads(args.threads)
    train = load_train(args.max_train)
    dev = load_flat("rw_dev", "dev")
    tests = {"rw_test": load_flat("rw_test", "test"), "mt_test": load_flat("mt_test", "test")}
    print(f"train targets: {len(train)}  rw_dev: {len(dev)}  rw_test: {len(tests['rw_test'])}  "
          f"mt_test: {len(tests['mt_test'])}", flush=True)
    results = []
    for method in [m.strip() for m in args.methods.split(",") if m.strip()]:
        kw = {}
        if method == "finetune":
            kw = {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr}
        t0 = time.perf_counter()
        out_dir = Path(args.save) / method if args.save else None
        clf = ft.train("newsmtsc_stance", train, method=method, dev=dev, seed=0, progress=method == "finetune",
                       output_dir=out_dir, **kw)
        fit_s = time.perf_counter() - t0
        row = {"method": method, "n_train": len(train), "train_seconds": round(fit_s, 1),
               "dev_macro_f1": round(clf.dev_metrics_.get("macro_f1", float("nan")), 4),
               "params": {k: v for k, v in clf.get_params().items() if k in ("epochs", "lr", "batch_size", "hidden")}}
        for name, df in tests.items():
            t1 = time.perf_counter()
            rep = ft.evaluate(clf, df)
            row[f"{name}_macro_f1"] = round(rep.macro_f1, 4)
            row[f"{name}_accuracy"] = round(rep.accuracy, 4)
            row[f"{name}_alpha"] = round(rep.alpha, 4)
            row[f"{name}_seconds"] = round(time.perf_counter() - t1, 1)
        if method == "finetune":
            row["epochs_run"] = max((r.get("epoch", 0) for r in getattr(clf, "history_", [])), default=None)
        results.append(row)
        print(json.dumps(row), flush=True)
    table = pd.DataFrame(results)
    cols = [c for c in ("method", "n_train", "train_seconds", "dev_macro_f1", "rw_test_macro_f1",
                        "rw_test_accuracy", "rw_test_alpha", "mt_test_macro_f1") if c in table]
    print("\nNewsMTSC (anchor: NewsSentiment roberta-base rw 83.1 macro-F1; goal >= 0.80)")
    print(table[cols].to_string(index=False))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
