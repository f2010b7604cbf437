"""framing.validate: coding samples, blind sheets, reading codes back, agreement."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.compare import synthetic_result
from framing.labels import FRAMES, SENTENCE_ATTR_FORMS, STANCES
from framing.validate import (
    OPTIONS_ID,
    CodingWidget,
    agreement,
    alpha_nominal,
    coding_sheet,
    confusion,
    disagreements,
    plot_confusion,
    read_coded,
    sample_for_coding,
)
from framing.validate._sample import allocate

ROOT = Path(__file__).resolve().parents[1]
DEMO_SHEETS = sorted((ROOT / "notebooks" / "data").glob("demo_coded_sheet_*.csv"))
DEMO_SAMPLE = dict(n=40, seed=2025, min_per_stratum=1)  # as drawn in notebooks/04_validate.ipynb


@pytest.fixture(scope="module")
def result():
    return synthetic_result(n_articles=30, seed=3)


# --- sampling ------------------------------------------------------------------


def test_allocation_is_proportional_with_a_minimum():
    alloc = allocate({"a": 80, "b": 15, "c": 4, "d": 1}, 20, 2)
    assert sum(alloc.values()) == 20
    assert alloc["d"] == 1 and alloc["c"] >= 2 and alloc["b"] >= 2
    assert alloc["a"] > alloc["b"] > alloc["c"]
    assert allocate({"a": 3, "b": 2}, 10, 2) == {"a": 3, "b": 2}  # n above the total: everything


@pytest.mark.parametrize("unit,label", [("sentence", "attr_form"), ("stance", "stance")])
def test_sample_is_stratified_by_outlet_and_label(result, unit, label):
    sample = sample_for_coding(result, n=30, unit=unit, seed=1, min_per_stratum=2)
    table = result.sentences if unit == "sentence" else result.stances
    strata = table.groupby(["outlet", label]).size()
    got = sample.groupby(["outlet", label]).size().reindex(strata.index, fill_value=0)
    assert (got >= np.minimum(strata, 2)).all()  # every stratum, rare labels included
    assert sample["unit_id"].is_unique
    assert sample["stratum"].eq(sample["outlet"] + " | " + sample[label]).all()
    assert len(sample) == 30
    # proportional: the largest stratum gets the most
    assert got.idxmax() == strata.idxmax() or got.max() == got[strata.idxmax()]


def test_sample_is_reproducible_and_seed_dependent(result):
    a = sample_for_coding(result, n=25, seed=4)
    b = sample_for_coding(result, n=25, seed=4)
    c = sample_for_coding(result, n=25, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert list(a["unit_id"]) != list(c["unit_id"])
    # independent of the table's row order
    shuffled = {t: getattr(result, t).sample(frac=1, random_state=0) for t in ("articles", "sentences", "stances")}
    d = sample_for_coding(shuffled, n=25, seed=4)
    assert list(d["unit_id"]) == list(a["unit_id"])


def test_sample_errors_name_the_fix(result):
    with pytest.raises(ValueError, match="'unit'.*'sentence', 'stance'"):
        sample_for_coding(result, unit="article")
    with pytest.raises(ValueError, match="outlt.*no such column"):
        sample_for_coding(result, by=("outlt",))


# --- sheets ----------------------------------------------------------------------


def test_sheet_hides_model_labels_and_lists_options(result, tmp_path):
    sample = sample_for_coding(result, n=12, seed=2, min_per_stratum=0)
    sheet = coding_sheet(sample, tmp_path / "ana.csv", coder="ana")
    opts, body = sheet.iloc[0], sheet.iloc[1:]
    assert opts["unit_id"] == OPTIONS_ID
    for label in SENTENCE_ATTR_FORMS:
        assert label in opts["attr_form"]
    assert all(f in opts["frames"] for f in FRAMES)
    # blind: empty label columns, no model label, no outlet, no stratum
    assert (body[["attr_form", "hedged", "loaded", "frames"]] == "").all().all()
    assert not {"outlet", "stratum", "loaded_terms"} & set(sheet.columns)
    assert list(body["unit_id"]) == list(sample["unit_id"])
    assert sample["attr_form"].notna().all()  # the sample keeps them
    raw = (tmp_path / "ana.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    back = pd.read_csv(tmp_path / "ana.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["text"].iloc[1:].tolist() == sample["text"].tolist()


def test_stance_sheet_has_target_and_rejects_sentence_tasks(result):
    sample = sample_for_coding(result, n=10, unit="stance", min_per_stratum=0)
    sheet = coding_sheet(sample)
    assert {"target", "stance", "voice"} <= set(sheet.columns)
    assert "p_favor" not in sheet.columns and all(s in sheet.iloc[0]["stance"] for s in STANCES)
    with pytest.raises(ValueError, match="coded per sentence"):
        coding_sheet(sample, tasks=["attr_form"])


def _fill(sheet: pd.DataFrame, **cols) -> pd.DataFrame:
    sheet = sheet.copy()
    for col, values in cols.items():
        sheet.loc[1:, col] = values
    return sheet


def test_read_coded_round_trip_and_normalises(result, tmp_path):
    sample = sample_for_coding(result, n=6, seed=2, min_per_stratum=0)
    sheet = _fill(coding_sheet(sample), attr_form=["Direct", "none", "mixed", "", "indirect", "according_to"],
                  hedged=["yes", "no", "TRUE", "0", "", "no"],
                  frames=["economic; policy", "none", "security_defense", "", "economic,legality", "other"])
    sheet.to_csv(tmp_path / "ben.csv", index=False, encoding="utf-8-sig")
    coded = read_coded(tmp_path / "ben.csv")
    assert coded["coder"].unique().tolist() == ["ben"]  # from the file name
    assert coded["attr_form"].tolist()[:3] == ["direct", "none", "mixed"] and coded["attr_form"].iloc[3] is None
    assert coded["hedged"].tolist()[:4] == [True, False, True, False] and pd.isna(coded["hedged"].iloc[4])
    assert coded["frames"].iloc[0] == ["economic", "policy"] and coded["frames"].iloc[1] == []
    assert coded["frames"].iloc[4] == ["economic", "legality"] and coded["frames"].iloc[3] is None


@pytest.mark.parametrize(
    "col,bad,allowed",
    [("attr_form", "quoted", "according_to"), ("hedged", "maybe", "yes, no"), ("frames", "economy", "economic")],
)
def test_read_coded_names_bad_value_row_and_allowed(result, tmp_path, col, bad, allowed):
    sample = sample_for_coding(result, n=4, seed=2, min_per_stratum=0)
    sheet = coding_sheet(sample, coder="ana")
    sheet.loc[3, col] = bad
    sheet.to_csv(tmp_path / "ana.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(ValueError) as err:
        read_coded(tmp_path / "ana.csv")
    msg = str(err.value)
    assert repr(bad) in msg and "line 5" in msg  # header is line 1, frame row 3 is line 5 and sheet.loc[3, "unit_id"] in msg and allowed in msg


def test_read_coded_long_frame_and_duplicates(result):
    sample = sample_for_coding(result, n=3, seed=2, min_per_stratum=0)
    ids = sample["unit_id"].tolist()
    long = pd.DataFrame({"unit_id": ids * 2, "who": ["x"] * 3 + ["y"] * 3,
                         "stance": ["favor", "against", "neutral"] * 2})
    coded = read_coded(long, coder_col="who")
    assert sorted(coded["coder"].unique()) == ["x", "y"] and len(coded) == 6
    with pytest.raises(ValueError, match="twice"):
        read_coded(pd.concat([long, long.head(1)]), coder_col="who")


# --- agreement -------------------------------------------------------------------

IDS = [f"d{i}#1" for i in range(10)]
MODEL = ["direct", "none", "none", "indirect", "mixed", "direct", "none", "according_to", "indirect", "none"]
CODER_A = ["direct", "none", "indirect", "indirect", "mixed", "direct", "none", "according_to", "none", "none"]
CODER_B = ["direct", "none", "indirect", "indirect", "indirect", "direct", None, "according_to", "none", "mixed"]


@pytest.fixture
def known():
    sample = pd.DataFrame({"unit_id": IDS, "doc_id": [i.split("#")[0] for i in IDS], "sent_id": 1,
                           "text": [f"Sentence {i}." for i in range(10)], "attr_form": MODEL,
                           "hedged": [True, False] * 5})
    coded = pd.DataFrame({"unit_id": IDS * 2, "coder": ["a"] * 10 + ["b"] * 10, "attr_form": CODER_A + CODER_B,
                          "hedged": ["yes", "no", "no", "no", "yes", "no", "yes", "no", "no", "no"] * 2})
    return sample, read_coded(coded, coder_col="coder")


def test_alpha_equals_krippendorff_directly(known):
    import krippendorff

    sample, coded = known
    table = agreement(sample, coded, labels=["attr_form"]).set_index("comparison")
    code = {v: i for i, v in enumerate(SENTENCE_ATTR_FORMS)}
    enc = lambda xs: [np.nan if x is None else code[x] for x in xs]  # noqa: E731
    coders = krippendorff.alpha(reliability_data=[enc(CODER_A), enc(CODER_B)], level_of_measurement="nominal")
    with_a = krippendorff.alpha(reliability_data=[enc(CODER_A), enc(MODEL)], level_of_measurement="nominal")
    assert table.loc["coders", "alpha"] == pytest.approx(coders)
    assert table.loc["model ~ a", "alpha"] == pytest.approx(with_a)
    assert alpha_nominal([CODER_A, CODER_B], SENTENCE_ATTR_FORMS) == pytest.approx(coders)
    assert np.isnan(alpha_nominal([["none"] * 4, ["none"] * 4], SENTENCE_ATTR_FORMS))  # undefined


def test_prf_against_majority_matches_sklearn(known):
    from sklearn.metrics import precision_recall_fscore_support

    sample, coded = known
    row = agreement(sample, coded, labels=["attr_form"]).set_index("comparison").loc["model ~ majority"]
    # majority: a and b agree, or one coded alone; ties (a != b, both coded) are left out
    maj = {i: a for i, a, b in zip(range(10), CODER_A, CODER_B) if b is None or a == b}
    assert row["n_ties"] == 2 and row["n_units"] == len(maj) == 8
    p, r, f, _ = precision_recall_fscore_support([maj[i] for i in maj], [MODEL[i] for i in maj],
                                                 average="macro", zero_division=0)
    assert (row["precision"], row["recall"], row["f1"]) == pytest.approx((p, r, f))
    assert row["average"] == "macro"


def test_binary_prf_and_confusion(known):
    from sklearn.metrics import precision_recall_fscore_support

    sample, coded = known
    row = agreement(sample, coded, labels=["hedged"]).set_index("comparison").loc["model ~ a"]
    truth = [True, False, False, False, True, False, True, False, False, False]
    p, r, f, _ = precision_recall_fscore_support(truth, [True, False] * 5, average="binary", zero_division=0)
    assert (row["precision"], row["recall"], row["f1"]) == pytest.approx((p, r, f))
    table = confusion(sample, coded, "attr_form")
    assert list(table.index) == list(SENTENCE_ATTR_FORMS) == list(table.columns)
    assert table.to_numpy().sum() == 8 and table.loc["direct", "direct"] == 2
    assert table.loc["indirect", "none"] == 1  # unit 2: both coders indirect, model none
    wrong = disagreements(sample, coded, "attr_form")
    assert table.loc["none", "indirect"] == 1  # unit 8: both coders none, model indirect
    assert set(wrong["unit_id"]) == {"d2#1", "d8#1"}
    assert wrong.set_index("unit_id").loc["d8#1", ["human", "model"]].tolist() == ["none", "indirect"]
    import matplotlib

    matplotlib.use("Agg")
    ax = plot_confusion(table)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(SENTENCE_ATTR_FORMS)
    assert len(ax.texts) == len(SENTENCE_ATTR_FORMS) ** 2


def test_frames_are_binary_per_frame(result):
    sample = sample_for_coding(result, n=8, seed=2, min_per_stratum=0)
    model_frames = sample["frames"].tolist()
    coded = pd.DataFrame({"unit_id": sample["unit_id"], "coder": "a",
                          "frames": ["; ".join(f) or "none" for f in model_frames]})
    table = agreement(sample, read_coded(coded, coder_col="coder"))
    assert table["label"].str.startswith("frames:").all()
    assert (table.query("comparison == 'model ~ a'")["accuracy"] == 1.0).all()  # coder copied the model here


def test_agreement_accepts_the_whole_result(result):
    sample = sample_for_coding(result, n=10, seed=2, min_per_stratum=0)
    coded = read_coded(pd.DataFrame({"unit_id": sample["unit_id"], "coder": "a", "attr_form": "none"}),
                       coder_col="coder")
    a = agreement(sample, coded)
    b = agreement(result, coded)
    pd.testing.assert_frame_equal(a, b)


# --- widget ------------------------------------------------------------------------


def test_widget_state_and_save(result, tmp_path):
    pytest.importorskip("ipywidgets")
    sample = sample_for_coding(result, n=5, seed=2, min_per_stratum=0)
    path = tmp_path / "w.csv"
    w = CodingWidget(coding_sheet(sample), path, coder="ana")
    assert w.position == 0 and w.n_coded == 0 and len(w) == 5
    w.set("attr_form", "direct")
    w.set("hedged", True)
    w.set("loaded", "no")
    w.set("frames", ["economic", "policy"])
    with pytest.raises(ValueError, match="allowed"):
        w.set("attr_form", "quotation")
    w.next()
    assert w.position == 1 and w.n_coded == 1
    w.go(99)
    assert w.position == 4
    coded = read_coded(path)
    first = coded.set_index("unit_id").loc[sample["unit_id"].iloc[0]]
    assert first["attr_form"] == "direct" and bool(first["hedged"]) and first["frames"] == ["economic", "policy"]
    assert first["coder"] == "ana"
    again = CodingWidget(path, path)  # resumes from the saved file
    assert again.n_coded == 1 and again.position == 1
    assert again.widget is not None  # the UI builds without a front end


def test_widget_without_ipywidgets_names_the_install(result, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match="pip install ipywidgets"):
        CodingWidget(coding_sheet(sample_for_coding(result, n=3, min_per_stratum=0)), tmp_path / "x.csv")


# --- the shipped demo sheets -------------------------------------------------------


@pytest.fixture(scope="module")
def demo_result():
    import framing

    return framing.score(framing.load_corpus("demo"), tasks=["attribution"])


@pytest.mark.slow
def test_demo_sheets_join_to_their_sample(demo_result):
    assert len(DEMO_SHEETS) == 2
    coded = read_coded(DEMO_SHEETS)
    assert sorted(coded["coder"].unique()) == ["coder_a", "coder_b"]
    sample = sample_for_coding(demo_result, **DEMO_SAMPLE)
    # every coded unit is a sentence of the demo corpus, with the text the coders read
    sents = demo_result.sentences.assign(unit_id=lambda d: d["doc_id"] + "#" + d["sent_id"].astype(str))
    texts = dict(zip(sents["unit_id"], sents["text"]))
    sheet = pd.read_csv(DEMO_SHEETS[0], encoding="utf-8-sig", dtype=str, keep_default_na=False).iloc[1:]
    assert all(texts.get(u) == t for u, t in zip(sheet["unit_id"], sheet["text"]))
    # the seeded draw gives the coded units back; a few may move when the rules change
    # a label (ids are drawn by hash), and the notebook joins on ids either way
    overlap = sample["unit_id"].isin(coded["unit_id"]).mean()
    assert overlap >= 0.9, f"only {overlap:.0%} of the redrawn demo sample was coded; redraw and recode the sheets"
    table = agreement(sample, coded, labels=["attr_form"]).set_index("comparison")
    assert table.loc["model ~ majority", "n_units"] >= 30
