"""The command line: a thin layer over the public functions.

    framing score INPUT -o OUTDIR [--tasks mentions,attribution]
    framing report RESULT_DIR -o report.html
    framing demo [-o out]
    framing tasks
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

logger = logging.getLogger("framing")


def _summary_text(result) -> str:
    s = result.summary()
    lines = [repr(result), "status: " + ", ".join(f"{k}={v}" for k, v in s["status"].items())]
    if len(result.mentions):
        top = result.mentions["actor"].value_counts().head(8)
        lines.append("top actors: " + ", ".join(f"{a} ({n})" for a, n in top.items()))
    if "attr_form" in result.sentences and result.sentences["attr_form"].notna().any():
        forms = result.sentences["attr_form"].value_counts(normalize=True).round(3)
        lines.append("attr_form shares: " + ", ".join(f"{k}={v}" for k, v in forms.items()))
    return "\n".join(lines)


def _write_figures(result, out: Path) -> list[Path]:
    """Outlet-comparison figures as PNG; returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import viz

    written = []
    fig = viz.overview(result)
    path = out / "overview.png"
    fig.savefig(path, dpi=130, bbox_inches="tight")
    plt.close(fig)
    written.append(path)
    for name in ("attribution_mix", "source_mix", "stance_heatmap", "frame_profile"):
        fn = getattr(viz, name, None)
        if fn is None:
            continue
        fig, ax = plt.subplots(figsize=(8, 4.5))
        try:
            fn(result, ax=ax)
        except Exception as exc:  # a figure that cannot be drawn is logged, not fatal
            logger.warning("figure %s not drawn: %s", name, exc)
            plt.close(fig)
            continue
        path = out / f"{name}.png"
        fig.savefig(path, dpi=130, bbox_inches="tight")
        plt.close(fig)
        written.append(path)
    return written


def _finish(out: Path, summary: str, args, load_result) -> None:
    """Write summary.txt, and the figures and report when asked; print the summary.

    ``load_result`` gives the Result, and is called only when a figure or the
    report needs it (a streamed run is read back from its parts).
    """
    (out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    if args.figures or args.report:
        result = load_result()
        if args.figures:
            _write_figures(result, out)
        if args.report:
            from .viz import report

            report(result, out / "report.html")
    print(summary)


def _cmd_score(args) -> int:
    from .pipeline import score

    if args.stream:
        from .stream import score_stream

        out = score_stream(
            args.input,
            args.output,
            chunk_size=args.chunk_size,
            tasks=args.tasks,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            resume=not args.no_resume,
            progress=not args.quiet,
            text_col=args.text_col,
            id_col=args.id_col,
            errors="raise" if args.strict else "flag",
        )
        import json

        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
        summary = (
            f"{meta['n_articles']:,} articles in {meta['n_chunks']:,} chunks; "
            + ", ".join(f"{t}={n:,}" for t, n in meta["rows"].items() if t != "articles")
            + "\nstatus: " + ", ".join(f"{k}={v}" for k, v in meta["status"].items())
        )
        from .result import read_result

        _finish(out, summary, args, lambda: read_result(out))
        print(f"table parts written to {out}/ (read them with framing.read_result)")
        return 0
    result = score(
        args.input,
        tasks=args.tasks,
        text_col=args.text_col,
        id_col=args.id_col,
        errors="raise" if args.strict else "flag",
        progress=not args.quiet,
    )
    out = Path(args.output)
    result.to_parquet(out)
    _finish(out, _summary_text(result), args, lambda: result)
    print(f"tables written to {out}/")
    return 0


def _cmd_report(args) -> int:
    from .result import read_result
    from .viz import report

    result = read_result(args.result_dir)
    path = report(result, args.output, title=args.title)
    print(f"report written to {path}")
    return 0


def _cmd_demo(args) -> int:
    from .corpus import load_corpus
    from .pipeline import score

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    articles = load_corpus("demo")
    result = score(articles, progress=not args.quiet)
    result.to_parquet(out / "tables")
    summary = _summary_text(result)
    (out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    figures = _write_figures(result, out)
    from .viz import report

    report(result, out / "report.html", title="framing: demo corpus")
    print(summary)
    print(f"tables: {out / 'tables'}/  figures: {', '.join(str(f) for f in figures)}  report: {out / 'report.html'}")
    return 0


def _cmd_tasks(args) -> int:
    from .pipeline import available_tasks

    for name, doc in available_tasks().items():
        print(f"{name:12s} {doc}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="framing", description="Measure media bias and framing in news.")
    p.add_argument("--version", action="version", version=f"framing {_version()}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress and warnings")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("score", help="score articles and write the result tables as Parquet")
    s.add_argument("input", help="a CSV/TSV/JSONL/JSON/Parquet file, a folder of .txt/.html files, or a glob")
    s.add_argument("-o", "--output", required=True, help="output folder")
    s.add_argument("--tasks", default=None, help="comma-separated tasks (see `framing tasks`); default all")
    s.add_argument("--text-col", default="text")
    s.add_argument("--id-col", default=None)
    s.add_argument("--figures", action="store_true", help="also write outlet-comparison figures (PNG)")
    s.add_argument("--report", action="store_true", help="also write an HTML report")
    s.add_argument("--strict", action="store_true", help="stop at the first bad article (errors='raise')")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.add_argument("--stream", action="store_true",
                   help="score chunk by chunk into Parquet parts: flat memory, resumable, parallel")
    s.add_argument("--chunk-size", type=int, default=500, help="articles per chunk with --stream (default 500)")
    s.add_argument("--workers", type=int, default=1, help="worker processes with --stream (default 1)")
    s.add_argument("--engine", choices=("local", "process", "dask"), default="local",
                   help="with --stream: chunks here, in a process pool, or on Dask")
    s.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) for --engine dask")
    s.add_argument("--no-resume", action="store_true", help="with --stream: start over instead of resuming")
    s.set_defaults(func=_cmd_score)

    r = sub.add_parser("report", help="write a self-contained HTML report for a result folder")
    r.add_argument("result_dir")
    r.add_argument("-o", "--output", default="report.html")
    r.add_argument("--title", default="framing report")
    r.set_defaults(func=_cmd_report)

    d = sub.add_parser("demo", help="score the bundled demo corpus; tables, figures and a report")
    d.add_argument("-o", "--output", default="out")
    d.add_argument("-q", "--quiet", action="store_true")
    d.set_defaults(func=_cmd_demo)

    t = sub.add_parser("tasks", help="list the tasks available here")
    t.set_defaults(func=_cmd_tasks)

    from .train._cli import add_train_commands  # framing train / framing evaluate

    add_train_commands(sub)
    return p


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError, OSError) as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
