"""``framing train`` and ``framing evaluate``: a thin layer over :func:`train` and :func:`evaluate`.

    framing train TASK DATA --method heads|finetune|zeroshot [--base ...] -o DIR [--epochs N] [--labels a b c]
    framing evaluate MODEL_DIR DATA [--json out.json]
"""

from __future__ import annotations

import argparse
import json


def _cmd_train(args) -> int:
    from ._api import train

    base = args.base
    if args.method == "zeroshot" and base and not base.startswith("zeroshot:"):
        base = "zeroshot:" + base
    est = train(args.task, args.data, method=args.method, base=base, labels=args.labels, epochs=args.epochs,
                seed=args.seed, output_dir=args.output, progress=not args.quiet, dev=args.dev)
    print(f"{args.task} ({args.method}): labels {list(map(str, est.classes_))}; dev {est.dev_metrics_}")
    print(f"model written to {args.output}/")
    return 0


def _cmd_evaluate(args) -> int:
    from ._evaluate import evaluate

    rep = evaluate(args.model_dir, args.data)
    print(repr(rep))
    print(rep.per_label.round(3).to_string(index=False))
    print(rep.confusion.to_string())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"macro_f1": rep.macro_f1, "accuracy": rep.accuracy, "alpha": rep.alpha, "n": rep.n,
                       "per_label": rep.per_label.to_dict("records")}, fh, indent=2, default=float)
    return 0


def add_train_commands(subparsers) -> None:
    """Add ``train`` and ``evaluate`` to the ``framing`` command line's subparsers."""
    t = subparsers.add_parser("train", help="train a classifier for your own codebook on a coded sample")
    t.add_argument("task", help="a name for the task, e.g. my_frames or stance")
    t.add_argument("data", help="CSV/JSONL/Parquet with text, label (or labels), [target_start, target_end]")
    t.add_argument("--method", choices=["heads", "finetune", "zeroshot"], default="heads")
    t.add_argument("--base", default=None, help="encoder (heads, finetune) or NLI model (zeroshot): folder or hub id")
    t.add_argument("-o", "--output", required=True, help="model folder to write")
    t.add_argument("--epochs", type=int, default=None)
    t.add_argument("--labels", nargs="+", default=None, help="the full label set (required for zeroshot)")
    t.add_argument("--dev", default=None, help="dev data (default: a 15%% split of DATA)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("-q", "--quiet", action="store_true")
    t.set_defaults(func=_cmd_train)

    e = subparsers.add_parser("evaluate", help="evaluate a trained model against human codes")
    e.add_argument("model_dir")
    e.add_argument("data", help="coded data with the same columns as for training")
    e.add_argument("--json", default=None, help="also write the figures as JSON")
    e.set_defaults(func=_cmd_evaluate)


def _parser_for_docs() -> argparse.ArgumentParser:  # pragma: no cover - for sphinx-argparse
    p = argparse.ArgumentParser(prog="framing")
    add_train_commands(p.add_subparsers(dest="command"))
    return p
