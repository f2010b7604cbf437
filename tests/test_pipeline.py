"""score(): tables, statuses, Parquet round trip, display, CLI."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import framing
from framing.labels import TABLE_COLUMNS

ARTICLES = [
    {
        "doc_id": "a1", "outlet": "Wire A", "date": "2023-03-01",
        "title": "Lukashenko hails ties with China ahead of Xi meeting",
        "text": (
            "MINSK, March 1 (Wire A) - Belarusian President Alexander Lukashenko praised his country's "
            "ties with Beijing on Wednesday.\n\n\"We have no closed topics. We will build together,\" "
            "Lukashenko said, according to a readout.\n\nThe Kremlin did not comment."
        ),
    },
    {
        "doc_id": "a2", "outlet": "Daily B", "date": "2023-03-02",
        "title": "Minsk strongman in Beijing",
        "text": "Russian attacks on Ukraine continued as Chinese Premier Li Keqiang met the Belarusian leader.",
    },
    {"doc_id": "a3", "outlet": "Daily B", "date": "2023-03-03", "title": "Empty", "text": "   "},
]


@pytest.fixture(scope="module")
def res():
    return framing.score(pd.DataFrame(ARTICLES), tasks=["mentions"])


def test_every_article_has_a_row_and_status(res):
    arts = res.articles.set_index("doc_id")
    assert list(arts.index) == ["a1", "a2", "a3"]
    assert arts.loc["a1", "status"] == "ok" and arts.loc["a3", "status"] == "empty"
    assert arts.loc["a3", "n_sentences"] == 0
    assert arts.loc["a1", "n_sentences"] == res.sentences.query("doc_id == 'a1'").shape[0]


@pytest.mark.parametrize("table", list(TABLE_COLUMNS))
def test_tables_start_with_the_codebook_columns(res, table):
    cols = list(res[table].columns)
    assert cols[: len(TABLE_COLUMNS[table])] == list(TABLE_COLUMNS[table])
    if table != "articles":
        assert "outlet" in cols and "date" in cols  # metadata carried into every table


def test_title_is_its_own_sentence_with_offsets_into_the_title(res):
    s = res.sentences.query("doc_id == 'a2'").sort_values("sent_id")
    title = s.iloc[0]
    assert title["part"] == "title" and title["sent_id"] == 0
    assert title["text"] == ARTICLES[1]["title"][title["start_char"] : title["end_char"]]
    assert (s.iloc[1:]["part"] == "body").all()


def test_offsets_point_into_the_article(res):
    texts = res.texts
    for row in res.sentences.query("part == 'body'").itertuples():
        assert texts[row.doc_id][row.start_char : row.end_char] == row.text
    for row in res.mentions.query("part == 'body'").itertuples():
        assert texts[row.doc_id][row.start_char : row.end_char] == row.mention


def test_mentions_follow_the_codebook(res):
    m = res.mentions
    a1 = m.query("doc_id == 'a1' and part == 'body'")
    assert ("Alexander Lukashenko", "Belarus") in set(zip(a1.mention, a1.actor))
    assert "Minsk" not in set(a1.mention)  # the dateline city is not a mention
    a2 = m.query("doc_id == 'a2' and part == 'body'")
    assert set(zip(a2.mention, a2.actor)) == {
        ("Russian", "Russia"), ("Ukraine", "Ukraine"), ("Li Keqiang", "China"),
        ("the Belarusian leader", "Belarus"),
    }


def test_unscored_columns_are_typed_and_empty(res):
    assert res.stances.empty and list(res.stances.columns[:9]) == list(TABLE_COLUMNS["stances"])
    assert res.sentences["attr_form"].isna().all()


def test_parquet_round_trip(res, tmp_path):
    res.to_parquet(tmp_path / "r")
    back = framing.read_result(tmp_path / "r")
    for name in TABLE_COLUMNS:
        pd.testing.assert_frame_equal(back[name], res[name], check_dtype=False)
    assert back.meta["tasks"] == res.meta["tasks"]
    with pytest.raises(FileNotFoundError, match="to_parquet"):
        framing.read_result(tmp_path / "nope")


def test_repr_and_html(res):
    assert repr(res).startswith("<framing.Result: 3 articles (2 ok)")
    assert "<table>" in res._repr_html_()


def test_meta_records_versions(res):
    assert res.meta["codebook_version"] == framing.labels.CODEBOOK_VERSION
    assert len(res.meta["catalog_sha256"]) == 64


def test_unknown_task_error_names_the_choices():
    with pytest.raises(ValueError, match=r"must be a subset of .*Got 'stances' instead"):
        framing.score(ARTICLES, tasks=["stances"])


def test_caller_frame_is_not_mutated():
    df = pd.DataFrame(ARTICLES)
    before = df.copy()
    framing.score(df, tasks=["mentions"])
    pd.testing.assert_frame_equal(df, before)


def test_a_failing_article_is_flagged_and_the_batch_goes_on(monkeypatch):
    import framing.pipeline as pl

    real = pl.find_mentions

    def boom(doc, catalog):
        if doc.doc_id == "a2":
            raise RuntimeError("boom")
        return real(doc, catalog)

    monkeypatch.setattr(pl, "find_mentions", boom)
    res = framing.score(ARTICLES, tasks=["mentions"])
    st = res.articles.set_index("doc_id")["status"]
    assert st["a1"] == "ok" and st["a2"].startswith("error: segment: RuntimeError: boom")
    assert (res.sentences.doc_id == "a2").sum() == 0
    with pytest.raises(RuntimeError, match="a2"):
        framing.score(ARTICLES[:2], tasks=["mentions"], errors="raise")
    # errors="raise" also stops at an article the reader flags
    with pytest.raises(ValueError, match="'a3'.*empty"):
        framing.score(ARTICLES, tasks=["mentions"], errors="raise")


def test_cli_score_writes_tables(tmp_path, capsys):
    from framing.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    assert main(["score", str(src), "-o", str(tmp_path / "out"), "--tasks", "mentions", "-q"]) == 0
    for t in TABLE_COLUMNS:
        assert (tmp_path / "out" / f"{t}.parquet").exists()
    assert "3 articles" in (tmp_path / "out" / "summary.txt").read_text()
    assert main(["score", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o2")]) == 2
