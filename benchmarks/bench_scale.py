"""Scale: throughput per task, flat memory of score_stream, 1 vs 2 Dask workers.

    python benchmarks/bench_scale.py [--quick] [--skip-throughput] [--skip-memory] [--skip-engines] [--skip-dask]

Input: the bundled demo corpus repeated with changed doc ids (the demo text is
the team's own). Three tables are printed (Markdown):

1. throughput in sentences/s of ``framing.score`` for segmentation + mentions;
   + attribution + roles (one spaCy parse); the full default (when the model
   tasks are available); and the bare encoder (``framing.models.Encoder().encode``)
   in the same process, with each row's ratio to the encoder;
2. peak RSS of ``score_stream`` (mentions, chunk_size 500) on ~10k vs ~100k
   sentences, each in a fresh subprocess (``VmHWM``, else ``resource.getrusage``), next to
   one in-memory ``framing.score`` call on the same inputs; goal: stream
   ratio <= 1.2;
3. wall time of ``score_stream`` with the Dask engine (LocalCluster) with 1
   and 2 workers on the same input (mentions + attribution), and the process
   engine for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEMO = ROOT / "corpora" / "demo" / "articles.jsonl"


def demo_records(copies: int) -> list[dict]:
    base = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for k in range(copies):
        for rec in base:
            rec = dict(rec)
            rec["doc_id"] = f"{rec['doc_id']}-r{k}"
            out.append(rec)
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


# --- 1. throughput -----------------------------------------------------------------------------


def throughput(copies: int) -> list[tuple[str, int, float]]:
    import pandas as pd

    import framing

    arts = pd.DataFrame(demo_records(copies))
    rows = []
    framing.score(arts.head(3), tasks=["mentions", "attribution", "roles"], progress=False)  # warm: spaCy, catalog
    configs = [("segment + mentions", ["mentions"]), ("+ attribution + roles (parse)", ["mentions", "attribution", "roles"])]
    if "stance" in framing.available_tasks():
        framing.score(arts.head(3), progress=False)  # warm: the model
        configs.append(("full default (all tasks)", None))
    n_sent = None
    texts: list[str] = []
    for name, tasks in configs:
        t = time.perf_counter()
        res = framing.score(arts, tasks=tasks, progress=False)
        dt = time.perf_counter() - t
        n_sent = len(res.sentences)
        texts = res.sentences["text"].tolist()
        rows.append((name, n_sent, n_sent / dt))
    try:
        from framing.models import Encoder

        enc = Encoder()
        enc.encode(texts[:64])  # warm
        t = time.perf_counter()
        enc.encode(texts)
        dt = time.perf_counter() - t
        rows.append(("bare encoder (Encoder().encode)", len(texts), len(texts) / dt))
    except Exception as exc:  # no torch / no encoder here
        rows.append((f"bare encoder: not available ({type(exc).__name__})", 0, float("nan")))
    return rows


# --- 2. memory ---------------------------------------------------------------------------------

_MEM_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
mode, src, out = sys.argv[1:4]
import framing
from framing.stream import score_stream
t = time.perf_counter()
if mode == "stream":
    score_stream(src, out, chunk_size=500, tasks="mentions", progress=False, resume=False)
    n = json.load(open(out + "/meta.json"))["rows"]["sentences"]
else:
    n = len(framing.score(src, tasks=["mentions"], progress=False).sentences)
dt = time.perf_counter() - t
try:  # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"rss_mb": rss, "sentences": n, "s": dt}}))
"""


def peak_memory(sentences: list[int], tmp: Path) -> list[tuple[str, int, int, float, float]]:
    per_copy = 622  # sentences per demo copy (36 articles), titles included
    script = tmp / "mem_child.py"
    script.write_text(_MEM_CHILD.format(root=str(ROOT)), encoding="utf-8")
    rows = []
    for target in sentences:
        copies = max(1, round(target / per_copy))
        src = write_jsonl(tmp / f"mem_{target}.jsonl", demo_records(copies))
        for mode in ("stream", "score"):
            out = subprocess.run([sys.executable, str(script), mode, str(src), str(tmp / f"mem_out_{target}")],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append((mode, target, r["sentences"], r["rss_mb"], r["s"]))
    return rows


# --- 3. engines ---------------------------------------------------------------------------------


_ENGINE_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from framing.stream import score_stream
if __name__ == "__main__":
    src, out, engine, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    t = time.perf_counter()
    score_stream(src, out, chunk_size=18, tasks="mentions,attribution", engine=engine, workers=workers,
                 progress=False, resume=False)
    dt = time.perf_counter() - t
    print(json.dumps({{"s": dt, "sentences": json.load(open(out + "/meta.json"))["rows"]["sentences"]}}))
"""


def engines(copies: int, tmp: Path, skip_dask: bool) -> list[tuple[str, int, float, int]]:
    """Each run in a fresh process, so every row pays for loading spaCy once (cold start)."""
    src = write_jsonl(tmp / "eng.jsonl", demo_records(copies))
    script = tmp / "engine_child.py"
    script.write_text(_ENGINE_CHILD.format(root=str(ROOT)), encoding="utf-8")
    runs = [("local", 1)]
    if not skip_dask:
        try:
            import distributed  # noqa: F401

            runs += [("dask", 1), ("dask", 2)]
        except ImportError:
            print("dask.distributed is not installed: Dask rows skipped", file=sys.stderr)
    runs += [("process", 1), ("process", 2)]
    rows = []
    for engine, workers in runs:
        out = subprocess.run([sys.executable, str(script), str(src), str(tmp / f"eng_{engine}_{workers}"), engine,
                              str(workers)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((engine, workers, r["s"], r["sentences"]))
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small inputs (a minute or two)")
    ap.add_argument("--skip-dask", action="store_true", help="engine table without the Dask rows")
    ap.add_argument("--skip-engines", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args(argv)
    copies = 1 if args.quick else 3
    mem_sizes = [5_000, 50_000] if args.quick else [10_000, 100_000]
    print(f"# bench_scale  (cpus: {os.cpu_count()}, python {sys.version.split()[0]}, quick={args.quick})\n")

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not args.skip_throughput:
            rows = throughput(copies)
            enc = next((r[2] for r in rows if r[0].startswith("bare encoder") and r[1]), None)
            print("## Throughput per task (in-process, warm)\n")
            print("| pipeline | sentences | sentences/s | ratio to bare encoder |")
            print("|---|---:|---:|---:|")
            for name, n, rate in rows:
                ratio = f"{rate / enc:.2f}" if enc and rate == rate else "n/a"
                print(f"| {name} | {n:,} | {rate:,.0f} | {ratio} |")
            print()
        if not args.skip_memory:
            rows = peak_memory(mem_sizes, tmp)
            print("## Peak memory (fresh subprocess, tasks=mentions, chunk_size=500)\n")
            print("| run | target sentences | sentences | peak RSS MB | wall s |")
            print("|---|---:|---:|---:|---:|")
            for mode, target, n, rss, s in rows:
                label = "score_stream" if mode == "stream" else "framing.score (in memory)"
                print(f"| {label} | {target:,} | {n:,} | {rss:,.0f} | {s:.1f} |")
            for mode in ("stream", "score"):
                small, big = [r[3] for r in rows if r[0] == mode]
                print(f"\n{mode}: peak RSS ratio {mem_sizes[1]:,} / {mem_sizes[0]:,} sentences = {big / small:.2f}"
                      + ("  (goal <= 1.2)" if mode == "stream" else ""))
            print()
        if not args.skip_engines:
            rows = engines(2 if args.quick else 6, tmp, args.skip_dask)
            base = rows[0][2]
            print("## Engines (score_stream, tasks=mentions,attribution, chunk_size=18)\n")
            print("| engine | workers | sentences | wall s | speed-up vs local |")
            print("|---|---:|---:|---:|---:|")
            for engine, workers, dt, n in rows:
                print(f"| {engine} | {workers} | {n:,} | {dt:.1f} | {base / dt:.2f} |")
            print("\n(each run in a fresh process: wall time includes loading spaCy in the driver or in every worker)")


if __name__ == "__main__":
    main()
