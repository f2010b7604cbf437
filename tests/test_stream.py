"""score_stream: streamed output equals score(), resume after kill -9, corrupted parts, engines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.labels import TABLES
from framing.stream import InputChangedError, score_stream

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo" / "articles.jsonl"

# rows are identified by these columns; sorting by them makes comparisons order-free
KEYS = {
    "articles": ["doc_id"],
    "sentences": ["doc_id", "sent_id"],
    "attributions": ["doc_id", "sent_id", "cue_start", "source_start", "content_start"],
    "stances": ["doc_id", "sent_id", "target"],
    "mentions": ["doc_id", "sent_id", "start_char", "end_char"],
}


def _demo(copies: int, *, keep_ids: bool = True) -> list[dict]:
    """The demo corpus repeated; copies get new ids (or, without ids, new titles so hashes differ)."""
    base = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for k in range(copies):
        for rec in base:
            rec = dict(rec)
            if keep_ids:
                rec["doc_id"] = f"{rec['doc_id']}-c{k}"
            else:
                rec.pop("doc_id")
                rec["title"] = f"{rec['title']} (part {k})" if k else rec["title"]
            out.append(rec)
    return out


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _sorted(df: pd.DataFrame, table: str) -> pd.DataFrame:
    keys = [k for k in KEYS[table] if k in df.columns]
    return df.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)


def assert_same_tables(a: framing.Result, b: framing.Result) -> None:
    for table in TABLES:
        x, y = _sorted(a[table], table), _sorted(b[table], table)
        assert len(x) == len(y), f"{table}: {len(x)} rows vs {len(y)}"
        pd.testing.assert_frame_equal(x, y, check_dtype=False, obj=table)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """14 articles with content-hash ids; the first one repeated at the end (a duplicate across chunks)."""
    recs = _demo(1, keep_ids=False)[:13]
    recs.append(dict(recs[0]))
    return _write_jsonl(tmp_path_factory.mktemp("small") / "small.jsonl", recs)


@pytest.fixture(scope="module")
def small_scored(small):
    return framing.score(small, tasks=["mentions", "attribution", "roles"], progress=False)


@pytest.mark.parametrize("chunk_size", [1, 5, 100])
def test_streamed_tables_equal_one_score_call_whatever_the_chunks(small, small_scored, tmp_path, chunk_size):
    out = score_stream(small, tmp_path / "out", chunk_size=chunk_size, tasks="mentions,attribution,roles",
                       progress=False)
    res = framing.read_result(out)
    assert_same_tables(res, small_scored)
    assert len(res.attributions) > 0 and res.mentions["role"].notna().any()
    # the repeated article got the same "-2" id as in one read_articles call
    assert res.articles["doc_id"].iloc[-1] == res.articles["doc_id"].iloc[0] + "-2"
    n_chunks = -(-14 // chunk_size)
    assert res.meta["complete"] is True and res.meta["n_chunks"] == n_chunks
    assert res.meta["tasks"] == ["mentions", "attribution", "roles"]
    assert len(list((out / "sentences").glob("part-*.parquet"))) == n_chunks
    assert len(list((out / "_manifest").glob("part-*.json"))) == n_chunks


def _as_csv(recs, path):
    pd.DataFrame(recs).to_csv(path, index=False)
    return path


def _as_parquet(recs, path):
    pd.DataFrame(recs).to_parquet(path, index=False, row_group_size=7)
    return path


def _as_folder(recs, path):
    path.mkdir()
    for rec in recs:
        (path / f"{rec['doc_id']}.txt").write_text(rec["text"], encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "folder", "glob", "dataframe", "dataset"])
def test_every_source_kind_streams_to_the_same_tables_as_score(tmp_path, kind):
    recs = _demo(1)[:20]
    for rec in recs:
        rec.pop("date")  # CSV would give strings, JSON too: keep the comparison about streaming
    if kind == "jsonl":
        source = _write_jsonl(tmp_path / "a.jsonl", recs)
    elif kind == "csv":
        source = _as_csv(recs, tmp_path / "a.csv")
    elif kind == "parquet":
        source = _as_parquet(recs, tmp_path / "a.parquet")
    elif kind == "folder":
        source = _as_folder(recs, tmp_path / "texts")
    elif kind == "glob":
        _write_jsonl(tmp_path / "p1.jsonl", recs[:9])
        _write_jsonl(tmp_path / "p2.jsonl", recs[9:])
        source = str(tmp_path / "p*.jsonl")
    elif kind == "dataframe":
        source = pd.DataFrame(recs)
    else:
        datasets = pytest.importorskip("datasets")
        source = datasets.Dataset.from_list(recs)
    expected = framing.score(source, tasks=["mentions"], progress=False)
    out = score_stream(source, tmp_path / "out", chunk_size=6, tasks="mentions", progress=False)
    res = framing.read_result(out)
    assert len(res.articles) == 20 and res.meta["n_chunks"] == 4
    assert_same_tables(res, expected)


def test_explicit_ids_repeated_across_chunks_raise_like_read_articles(tmp_path):
    recs = _demo(1)[:6]
    recs[5]["doc_id"] = recs[0]["doc_id"]
    src = _write_jsonl(tmp_path / "dup.jsonl", recs)
    with pytest.raises(ValueError, match="already occur in an earlier chunk"):
        score_stream(src, tmp_path / "out", chunk_size=3, tasks="mentions", progress=False)
    with pytest.raises(ValueError, match="occur more than once"):
        framing.score(src, tasks=["mentions"], progress=False)


def test_a_bad_article_never_stops_the_stream(tmp_path, monkeypatch):
    import framing.segment as segment

    real = segment.segment_document

    def flaky(doc):
        if "POISON" in doc.text:
            raise RuntimeError("segmenter choked")
        return real(doc)

    monkeypatch.setattr(segment, "segment_document", flaky)
    recs = _demo(1)[:8]
    recs[2]["text"] = recs[2]["text"] + " POISON"
    recs[4]["text"] = 42  # not text
    recs[6]["text"] = "   "  # empty
    out = score_stream(_write_jsonl(tmp_path / "bad.jsonl", recs), tmp_path / "out", chunk_size=3,
                       tasks="mentions", progress=False)
    res = framing.read_result(out)
    status = res.articles.set_index("doc_id")["status"]
    assert status[recs[2]["doc_id"]].startswith("error: segment: RuntimeError: segmenter choked")
    assert status[recs[4]["doc_id"]] == "not_text" and status[recs[6]["doc_id"]] == "empty"
    assert (status.drop([recs[i]["doc_id"] for i in (2, 4, 6)]) == "ok").all()
    assert res.meta["status"] == {"ok": 5, "error: segment: RuntimeError: segmenter choked": 1,
                                  "not_text": 1, "empty": 1}
    assert set(res.mentions["doc_id"]) <= set(status[status == "ok"].index)


def _mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("part-*")}


def test_resume_redoes_exactly_the_damaged_chunks(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _demo(1))
    out = tmp_path / "out"
    score_stream(src, out, chunk_size=5, tasks="mentions", progress=False)
    first = framing.read_result(out)
    before = _mtimes(out)
    time.sleep(0.01)

    # damage: a truncated part (chunk 1), a garbled manifest (chunk 3), a missing part (chunk 5),
    # a part with valid Parquet but other content (chunk 6), and a stray temp file
    part = out / "mentions" / "part-000001.parquet"
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    (out / "_manifest" / "part-000003.json").write_text('{"fingerprint": "', encoding="utf-8")
    (out / "sentences" / "part-000005.parquet").unlink()
    pd.read_parquet(out / "articles" / "part-000000.parquet").to_parquet(out / "articles" / "part-000006.parquet")
    (out / "mentions" / ".part-000002.parquet.999-deadbeef.tmp").write_bytes(b"half a file")

    score_stream(src, out, chunk_size=5, tasks="mentions", progress=False)
    after = _mtimes(out)
    redone = {int(k.split("part-")[1][:6]) for k in after if after[k] != before.get(k)}
    assert redone == {1, 3, 5, 6}
    assert not list(out.rglob("*.tmp"))
    assert_same_tables(framing.read_result(out), first)


def test_changed_input_raises_unless_resume_false(tmp_path):
    recs = _demo(1)[:10]
    src = _write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out"
    score_stream(src, out, chunk_size=4, tasks="mentions", progress=False)
    recs[5]["text"] += " Moscow declined to comment."
    _write_jsonl(src, recs)
    with pytest.raises(InputChangedError, match="resume=False"):
        score_stream(src, out, chunk_size=4, tasks="mentions", progress=False)
    with pytest.raises(InputChangedError, match="tasks"):
        score_stream(src, out, chunk_size=4, tasks="mentions,attribution", progress=False)
    score_stream(src, out, chunk_size=4, tasks="mentions", progress=False, resume=False)
    res = framing.read_result(out)
    assert res.articles.set_index("doc_id").loc[recs[5]["doc_id"], "text"].endswith("Moscow declined to comment.")
    # a shorter input leaves chunks beyond its end: refused too
    _write_jsonl(src, recs[:8])
    with pytest.raises(InputChangedError, match="beyond the end"):
        score_stream(src, out, chunk_size=4, tasks="mentions", progress=False)


def test_an_interrupted_stream_is_not_read_as_complete(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _demo(1)[:6])
    out = score_stream(src, tmp_path / "out", chunk_size=3, tasks="mentions", progress=False)
    (out / "meta.json").unlink()
    with pytest.raises(ValueError, match="not complete"):
        framing.read_result(out)


def test_bad_parameters_name_the_fix(tmp_path):
    with pytest.raises(ValueError, match="'engine' parameter of score_stream"):
        score_stream([], tmp_path, engine="spark")
    with pytest.raises(ValueError, match="'chunk_size'"):
        score_stream([], tmp_path, chunk_size=0)
    with pytest.raises(TypeError, match="unexpected option 'tsks'"):
        score_stream([], tmp_path, tsks="mentions")
    with pytest.raises(ValueError, match="subset of"):
        score_stream([], tmp_path, tasks="stances")


def test_empty_input_gives_empty_tables(tmp_path):
    out = score_stream([], tmp_path / "out", tasks="mentions", progress=False)
    res = framing.read_result(out)
    assert res.meta["n_chunks"] == 0 and all(len(res[t]) == 0 for t in TABLES)


# --- the command line, killed with SIGKILL and restarted ------------------------------------


def _cli(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "framing.cli", "score", str(src), "-o", str(out), "--stream",
            "--chunk-size", "8", "--tasks", "mentions,attribution", "-q"]


@pytest.mark.slow
def test_cli_resumes_after_kill_9_with_identical_tables(tmp_path):
    src = _write_jsonl(tmp_path / "big.jsonl", _demo(2))  # 72 articles, 9 chunks
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(_cli(src, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if list((out / "_manifest").glob("part-*.json")):
            break
        time.sleep(0.02)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()[-2000:]!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n_done = len(list((out / "_manifest").glob("part-*.json")))
    assert 1 <= n_done < 9 and not (out / "meta.json").exists()

    again = subprocess.run(_cli(src, out), env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "72 articles in 9 chunks" in again.stdout
    res = framing.read_result(out)
    assert res.articles["doc_id"].is_unique and len(res.articles) == 72
    expected = framing.score(src, tasks=["mentions", "attribution"], progress=False)
    assert_same_tables(res, expected)

    # truncate a part and garble a manifest: the same command redoes those chunks
    part = out / "attributions" / "part-000004.parquet"
    part.write_bytes(part.read_bytes()[:100])
    (out / "_manifest" / "part-000007.json").write_text("not json", encoding="utf-8")
    third = subprocess.run(_cli(src, out), env=env, capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr[-3000:]
    assert_same_tables(framing.read_result(out), expected)


# --- engines ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine_input(tmp_path_factory):
    root = tmp_path_factory.mktemp("engines")
    src = _write_jsonl(root / "in.jsonl", _demo(2))
    out = score_stream(src, root / "local", chunk_size=9, tasks="mentions", progress=False)
    return src, framing.read_result(out)


@pytest.mark.slow
def test_process_engine_with_two_workers_equals_local(engine_input, tmp_path):
    src, local = engine_input
    out = score_stream(src, tmp_path / "proc", chunk_size=9, tasks="mentions", engine="process", workers=2,
                       progress=False)
    res = framing.read_result(out)
    assert res.meta["engine"] == "process" and res.meta["n_chunks"] == 8
    assert_same_tables(res, local)


@pytest.mark.slow
def test_dask_local_cluster_with_two_workers_equals_local(engine_input, tmp_path):
    pytest.importorskip("distributed", reason="engine='dask' needs dask[distributed] (pip install 'framing[scale]')")
    src, local = engine_input
    out = score_stream(src, tmp_path / "dask", chunk_size=9, tasks="mentions", engine="dask", workers=2,
                       progress=False)
    res = framing.read_result(out)
    assert res.meta["engine"] == "dask" and res.meta["n_chunks"] == 8
    assert_same_tables(res, local)


@pytest.mark.slow
def test_dask_with_a_scheduler_address_equals_local(engine_input, tmp_path):
    distributed = pytest.importorskip("distributed", reason="engine='dask' needs dask[distributed]")
    src, local = engine_input
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        out = score_stream(src, tmp_path / "remote", chunk_size=9, tasks="mentions", engine="dask",
                           scheduler=cluster.scheduler_address, progress=False)
    assert_same_tables(framing.read_result(out), local)
