"""Build an HTML report and screenshot it in headless Chromium.

Usage::

    python benchmarks/screenshot_report.py [RESULT_DIR] [--out out]

With RESULT_DIR (a saved result, read with ``framing.read_result``)
the report is for that result; without it, for a synthetic result with
planted differences (:func:`framing.compare.synthetic_result`). Writes
``out/report.html`` and ``out/report.png``. Skips, with a message, when no
Chromium is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def _load(result_dir: str | None):
    if result_dir is None:
        from framing.compare import synthetic_result

        return synthetic_result(n_articles=240, seed=0)
    from framing.result import read_result

    return read_result(result_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result_dir", nargs="?", default=None)
    parser.add_argument("--out", default="out")
    parser.add_argument("--size", default="1400,3000", help="window size WIDTH,HEIGHT")
    args = parser.parse_args(argv)

    from framing.viz import report

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    html_path = report(_load(args.result_dir), out / "report.html").resolve()
    sys.stdout.write(f"report: {html_path} ({html_path.stat().st_size / 1e3:.0f} kB, {time.perf_counter() - t0:.1f} s)\n")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        sys.stdout.write("SKIP: no chromium on PATH (apt-get install -y chromium); the HTML report was written.\n")
        return 0
    png = (out / "report.png").resolve()
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={args.size}",
               html_path.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or not png.exists():
        sys.stderr.write(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}\n")
        return 1
    sys.stdout.write(f"screenshot: {png}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
