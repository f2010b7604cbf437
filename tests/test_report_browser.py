"""The HTML report of the demo corpus, opened in a real headless Chromium.

Writes out/report.html and out/report.png. Skips where Chromium is not
installed (.ci/run installs Debian's chromium).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_demo_report_renders_in_chromium(tmp_path):
    if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")):
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    import framing

    res = framing.score(framing.load_corpus("demo"), tasks=["mentions", "attribution", "roles"], progress=False)
    res.to_parquet(tmp_path / "demo")
    out = ROOT / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "screenshot_report.py"), str(tmp_path / "demo"), "--out", str(out)],
        capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    png = out / "report.png"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert png.exists() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Continental Wire" in html and "<script" not in html.lower()
