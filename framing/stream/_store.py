"""The on-disk layout of a streamed result, and the checks that make resume safe.

::

    out_dir/
        articles/part-000000.parquet   (one part per chunk and table)
        sentences/part-000000.parquet
        ...
        _manifest/run.json             (settings of the run: tasks, chunk size)
        _manifest/part-000000.json     (written last: fingerprint, rows, sha256 of each part)
        meta.json                      (written at the end: complete=True)

A chunk is done if and only if its manifest exists, parses, carries the
chunk's input fingerprint and every part file it names exists with the
recorded sha256. Every file is written under a temporary name and renamed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from ..labels import TABLES

logger = logging.getLogger("framing")

MANIFEST_DIR = "_manifest"
RUN_FILE = "run.json"
TMP_SUFFIX = ".tmp"


class InputChangedError(ValueError):
    """The input of a chunk differs from the one recorded in ``out_dir``."""


def part_name(index: int) -> str:
    """``part-000042``: the stem shared by a chunk's parts and manifest."""
    return f"part-{index:06d}"


def fingerprint(doc_ids: list[str], texts: list[str]) -> str:
    """sha256 of a chunk's doc ids and texts, in order."""
    h = hashlib.sha256()
    for doc_id, text in zip(doc_ids, texts):
        h.update(str(doc_id).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(str(text).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def sha256_path(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def write_parts(out_dir: Path, index: int, tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, Any]]:
    """Write a chunk's tables as Parquet parts (temp name, then rename); return their records."""
    files = {}
    for table in TABLES:
        target = out_dir / table / f"{part_name(index)}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _tmp(target)
        try:
            tables[table].to_parquet(tmp, index=False)
            digest = sha256_path(tmp)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
        files[table] = {"path": f"{table}/{target.name}", "sha256": digest, "rows": int(len(tables[table]))}
    return files


def manifest_path(out_dir: Path, index: int) -> Path:
    return out_dir / MANIFEST_DIR / f"{part_name(index)}.json"


def load_manifest(out_dir: Path, index: int) -> dict[str, Any] | None:
    """The chunk's manifest, or None when it is missing or unreadable."""
    path = manifest_path(out_dir, index)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("Manifest %s is unreadable (%s); chunk %d will be redone.", path, exc, index)
        return None
    if not isinstance(data, dict) or "fingerprint" not in data or "files" not in data:
        logger.warning("Manifest %s is incomplete; chunk %d will be redone.", path, index)
        return None
    return data


def chunk_done(out_dir: Path, index: int, fp: str) -> dict[str, Any] | None:
    """The manifest of a chunk that is done and verifies, else None.

    Raises
    ------
    InputChangedError
        The manifest records another input fingerprint for this chunk.
    """
    manifest = load_manifest(out_dir, index)
    if manifest is None:
        return None
    if manifest["fingerprint"] != fp:
        raise InputChangedError(
            f"Chunk {index} of the input differs from the one already scored in {out_dir} "
            f"(input fingerprint {fp[:12]}..., recorded {str(manifest['fingerprint'])[:12]}...). "
            "The input or chunk_size changed since that run. Pass resume=False (CLI: --no-resume) "
            "to start over, or write to another output folder."
        )
    for table in TABLES:
        rec = manifest["files"].get(table)
        if not rec:
            logger.warning("Chunk %d: manifest lacks the %s part; redoing the chunk.", index, table)
            return None
        path = out_dir / rec["path"]
        if not path.exists():
            logger.warning("Chunk %d: %s is missing; redoing the chunk.", index, path)
            return None
        if sha256_path(path) != rec["sha256"]:
            logger.warning("Chunk %d: %s does not match its recorded sha256; redoing the chunk.", index, path)
            return None
    return manifest


def clean_temp_files(out_dir: Path) -> int:
    """Remove stray temporary files left by an interrupted run; return how many."""
    n = 0
    for sub in (*TABLES, MANIFEST_DIR, "."):
        folder = out_dir / sub
        if not folder.is_dir():
            continue
        for p in folder.glob(f".*{TMP_SUFFIX}"):
            p.unlink(missing_ok=True)
            n += 1
    if n:
        logger.info("Removed %d temporary file(s) left by an interrupted run in %s.", n, out_dir)
    return n


def wipe(out_dir: Path) -> None:
    """Remove what a stream wrote in ``out_dir`` (tables, manifests, meta.json) and nothing else."""
    for sub in (*TABLES, MANIFEST_DIR):
        if (out_dir / sub).is_dir():
            shutil.rmtree(out_dir / sub)
    for name in ("meta.json", "summary.txt"):
        (out_dir / name).unlink(missing_ok=True)


def chunk_indices(out_dir: Path) -> list[int]:
    """Indices of the chunks that have a manifest."""
    folder = out_dir / MANIFEST_DIR
    out = []
    if folder.is_dir():
        for p in folder.glob("part-*.json"):
            try:
                out.append(int(p.stem.split("-", 1)[1]))
            except ValueError:
                continue
    return sorted(out)

