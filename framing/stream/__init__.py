"""Scoring at scale: streaming, resumable, parallel (process pool or Dask).

:func:`score_stream` runs :func:`framing.score` chunk by chunk over a
collection larger than memory and writes each chunk's tables as Parquet
parts with a verified manifest, so an interrupted run resumes where it
stopped. Read the result with :func:`framing.read_result`.
"""

from __future__ import annotations

from ._run import ENGINES, score_stream
from ._store import InputChangedError

__all__ = ["ENGINES", "InputChangedError", "score_stream"]
