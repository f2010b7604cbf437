"""framing.compare on synthetic tables with planted differences (framing.compare._synthetic.PLANTED)."""

from __future__ import annotations

import copy
import sys
import time

import numpy as np
import pandas as pd
import pytest

from framing.compare import (
    MEASURES,
    compare_outlets,
    examples,
    find_syndicated,
    holm,
    log_odds,
    syndication_share,
    synthetic_result,
)
from framing.compare import test_differences as differences
from framing.compare._synthetic import PLANTED
from framing.labels import FRAMES, SENTENCE_ATTR_FORMS, STANCES


@pytest.fixture(scope="module")
def _res():
    return synthetic_result(n_articles=210, seed=7)


@pytest.fixture
def res(_res):
    return copy.deepcopy(_res)


def _net_truth(outlet: str) -> float:
    m = PLANTED["china_against"][outlet]
    return PLANTED["favor_of_rest"] * (1 - m) - m


def test_measure_registry_names():
    assert set(MEASURES) == {"stance", "net_stance", "attr_form", "source_type", "cue_class", "hedged",
                             "loaded", "agentless_passive", "frames", "role"}


def test_net_stance_recovers_planted_truth(res):
    table = compare_outlets(res, measure="net_stance", actors="China", n_boot=500).set_index("group")
    assert list(table.columns[:7]) == ["actor", "measure", "label", "value", "ci_low", "ci_high", "n_sentences"]
    for outlet in "ABC":
        row = table.loc[outlet]
        assert row["ci_low"] <= _net_truth(outlet) <= row["ci_high"], outlet
        assert row["n_articles"] == 70
    # planted: A is far more negative than B; the intervals do not overlap
    assert table.loc["A", "ci_high"] < table.loc["B", "ci_low"]


def test_stance_shares_sum_to_one_and_use_codebook_labels(res):
    table = compare_outlets(res, measure="stance", n_boot=50)
    assert set(table["label"]) == set(STANCES)
    sums = table.groupby(["group", "actor"])["value"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    china_a = table[(table.group == "A") & (table.actor == "China")].set_index("label")
    assert china_a.loc["against", "value"] == pytest.approx(PLANTED["china_against"]["A"], abs=0.08)
    assert china_a.loc["against", "ci_low"] < china_a.loc["against", "value"] < china_a.loc["against", "ci_high"]


@pytest.mark.parametrize("measure", ["hedged", "loaded"])
def test_sentence_shares_recover_planted(res, measure):
    table = compare_outlets(res, measure=measure, n_boot=400).set_index("group")
    assert table["actor"].isna().all() and table["label"].isna().all()
    for outlet in "ABC":
        assert table.loc[outlet, "ci_low"] <= PLANTED[measure][outlet] <= table.loc[outlet, "ci_high"]
    hi, lo = max("ABC", key=PLANTED[measure].get), min("ABC", key=PLANTED[measure].get)
    assert table.loc[lo, "ci_high"] < table.loc[hi, "ci_low"]


def test_mix_measures_cover_labels(res):
    forms = compare_outlets(res, measure="attr_form", n_boot=0)
    assert set(forms["label"]) == set(SENTENCE_ATTR_FORMS)
    assert forms["ci_low"].isna().all()  # n_boot=0: no intervals
    a = forms[forms.group == "A"].set_index("label")["value"]
    assert a["none"] == pytest.approx(PLANTED["attr_form"]["A"]["none"], abs=0.06)
    frames = compare_outlets(res, measure="frames", n_boot=0)
    assert set(frames["label"]) == set(FRAMES)
    sec = frames[frames.label == "security_defense"].set_index("group")["value"]
    assert sec["A"] > sec["C"] > sec["B"]
    roles = compare_outlets(res, measure="role", actors=["China"], n_boot=0)
    agent = roles[roles.label == "agent"].set_index("group")["value"]
    assert agent["A"] > agent["B"]


def test_cluster_bootstrap_wider_than_sentence_bootstrap(res):
    kw = dict(measure="net_stance", actors="China", n_boot=800)
    clustered = compare_outlets(res, **kw)
    naive = compare_outlets(res, cluster=False, **kw)
    width_c = (clustered["ci_high"] - clustered["ci_low"]).to_numpy()
    width_n = (naive["ci_high"] - naive["ci_low"]).to_numpy()
    np.testing.assert_allclose(clustered["value"], naive["value"])
    assert (width_c > 1.1 * width_n).all()
    assert width_c.mean() > 1.2 * width_n.mean()


def test_seed_reproducible(res):
    a = compare_outlets(res, measure="hedged", n_boot=200, seed=3)
    b = compare_outlets(res, measure="hedged", n_boot=200, seed=3)
    c = compare_outlets(res, measure="hedged", n_boot=200, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])


def test_does_not_mutate_input(res):
    before = copy.deepcopy(res)
    compare_outlets(res, measure=["stance", "frames"], n_boot=20, dedupe="drop")
    for name in ("articles", "sentences", "attributions", "stances", "mentions"):
        assert getattr(res, name).equals(getattr(before, name)), name


def test_by_options(res):
    kinds = compare_outlets(res, by="outlet_kind", measure="hedged", n_boot=0)
    assert sorted(kinds["group"]) == ["independent", "state"]
    months = compare_outlets(res, by="date:M", measure="hedged", n_boot=0)
    assert all(len(g) == 7 and g.startswith("2023-") for g in months["group"])
    both = compare_outlets(res, by=["outlet", "date:M"], measure="net_stance", actors="China", n_boot=0)
    assert {"outlet", "date"} <= set(both.columns)
    assert both["group"].str.contains(r" \| ").all()
    custom = compare_outlets(res, by=lambda meta: meta["outlet"].eq("A").map({True: "A", False: "other"}),
                             measure="hedged", n_boot=0)
    assert sorted(custom["group"]) == ["A", "other"]
    series = res.articles.set_index("doc_id")["country"]
    by_series = compare_outlets(res, by=series, measure="hedged", n_boot=0)
    assert sorted(by_series["group"]) == ["X", "Y"]
    with pytest.raises(ValueError, match="outlt"):
        compare_outlets(res, by="outlt", measure="hedged")
    with pytest.raises(ValueError, match="must be one of"):
        compare_outlets(res, measure="stances")


def test_actor_restricts_sentence_measures(res):
    table = compare_outlets(res, measure="hedged", actors=["China", "Russia"], n_boot=0)
    assert set(table["actor"]) == {"China", "Russia"}
    china = res.mentions[res.mentions.actor == "China"][["doc_id", "sent_id"]].drop_duplicates()
    a_docs = set(res.articles.loc[res.articles.outlet == "A", "doc_id"])
    expected = china["doc_id"].isin(a_docs).sum()
    assert table.set_index(["group", "actor"]).loc[("A", "China"), "n_sentences"] == expected


def test_part_filter(res):
    body = compare_outlets(res, measure="attr_form", n_boot=0, part="body")
    title = compare_outlets(res, measure="attr_form", n_boot=0, part="title")
    allp = compare_outlets(res, measure="attr_form", n_boot=0, part="all")
    nb, nt, na = (t.groupby("group")["n_units"].first() for t in (body, title, allp))
    pd.testing.assert_series_equal(nb + nt, na)
    assert (nt == 70).all()


def test_dict_input_matches_object(res):
    as_dict = {name: getattr(res, name) for name in ("articles", "sentences", "attributions", "stances", "mentions")}
    pd.testing.assert_frame_equal(compare_outlets(res, measure="loaded", n_boot=50),
                                  compare_outlets(as_dict, measure="loaded", n_boot=50))
    with pytest.raises(TypeError, match="framing Result"):
        compare_outlets([1, 2, 3])


def test_holm_known_values():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    np.testing.assert_allclose(holm([0.5, 0.001, np.nan, 0.02]), [0.5, 0.003, np.nan, 0.04])
    assert holm([0.9, 0.8]).max() <= 1.0


def test_permutation_differences(res):
    tests = differences(res, measure="net_stance", n_perm=500, n_boot=300)
    pair = tests[tests.comparison == "pairwise"].set_index(["actor", "group_a", "group_b"])
    ab = pair.loc[("China", "A", "B")]
    assert ab["p_value"] == pytest.approx(1 / 501)  # no permutation as extreme
    assert ab["p_holm"] < 0.05
    assert ab["ci_high"] < 0  # A more negative than B: the interval excludes 0
    assert ab["ci_low"] <= _net_truth("A") - _net_truth("B") <= ab["ci_high"]
    np.testing.assert_allclose(tests["p_holm"], holm(tests["p_value"]))
    assert (tests["p_holm"] >= tests["p_value"] - 1e-12).all()
    omni = tests[tests.comparison == "omnibus"].set_index("actor")
    assert omni.loc["China", "p_value"] < 0.01
    assert omni.loc["Russia", "p_value"] > 0.01  # nothing planted for Russia
    assert tests["p_value"].between(1 / 501, 1).all()


def test_chi2_differences(res):
    tests = differences(res, measure="hedged", method="chi2", n_boot=100)
    assert tests["cramers_v"].between(0, 1).all()
    ab = tests[(tests.group_a == "A") & (tests.group_b == "B")].iloc[0]
    assert ab["p_value"] < 1e-6 and ab["diff"] < 0
    with pytest.raises(ValueError, match="permutation"):
        differences(res, method="anova")


def test_log_odds_recovers_planted_words(res):
    table = log_odds(res, actor="China", unit="words")
    assert list(table.columns) == ["group", "term", "count", "log_odds", "z"]
    for outlet, words in PLANTED["words"].items():
        mine = table[table.group == outlet]
        top = set(mine.nlargest(4, "log_odds")["term"])
        assert set(words) <= top, (outlet, top)
        assert (mine.set_index("term").loc[list(words), "z"] > 1.96).all()
    # the actor's own mention words are left out
    assert not table["term"].isin(["china", "beijing"]).any()


def test_log_odds_epithets(res):
    table = log_odds(res, actor="China", unit="epithets", min_count=1)
    for outlet, (epithet,) in PLANTED["epithets"].items():
        assert table[table.group == outlet].iloc[0]["term"] == epithet
    with pytest.raises(ValueError, match="unit"):
        log_odds(res, unit="lemmas")


def test_syndication_found_across_outlets(res):
    flagged = find_syndicated(res)
    syn = flagged[flagged.syndicated]
    assert len(syn) > 0
    assert set(syn["outlet"]) == {"A", "B"}  # only A and B carry the wire copy
    assert syn.groupby("cluster_id")["outlet"].nunique().min() >= 2
    assert flagged.loc[~flagged.syndicated, "cluster_id"].isna().all()
    # wire sentences are the only long sentences starting this way in the generator
    assert syn["text"].str.startswith(("The meeting", "Grain shipments", "Delegations")).all()
    share = syndication_share(res).set_index("group")
    assert share.loc["C", "n_syndicated"] == 0 and share.loc["A", "share"] > 0


def test_syndication_threshold(res):
    strict = find_syndicated(res, threshold=1.0)
    loose = find_syndicated(res, threshold=0.9)
    assert strict["syndicated"].sum() < loose["syndicated"].sum()  # B's lightly edited copy


def test_dedupe_modes_change_counts(res):
    flagged = find_syndicated(res)
    n_syn = int(flagged["syndicated"].sum())
    n_clusters = flagged["cluster_id"].nunique()
    totals = {}
    for mode in (None, "drop", "first", "only"):
        table = compare_outlets(res, measure="hedged", dedupe=mode, n_boot=0)
        totals[mode] = table["n_units"].sum()
    assert totals["drop"] == totals[None] - n_syn
    assert totals["only"] == n_syn
    assert totals["first"] == totals[None] - n_syn + n_clusters
    with pytest.raises(ValueError, match="dedupe"):
        compare_outlets(res, measure="hedged", dedupe="last")


def test_examples_filters(res):
    ex = examples(res, outlet="A", actor="China", stance="against", n=5, seed=1)
    assert len(ex) == 5
    assert set(ex["outlet"]) == {"A"} and set(ex["target"]) == {"China"} and set(ex["stance"]) == {"against"}
    assert ex["text"].str.contains("China|Beijing").all()
    pd.testing.assert_frame_equal(ex, examples(res, outlet="A", actor="China", stance="against", n=5, seed=1))
    fr = examples(res, frame="economic", attr_form="direct", n=None)
    assert len(fr) > 0 and fr["attr_form"].eq("direct").all()
    assert fr["frames"].map(lambda f: "economic" in f).all()
    assert examples(res, outlet="nowhere").empty


@pytest.mark.slow
def test_bootstrap_speed_50k_sentences():
    big = synthetic_result(n_articles=4500, seed=11)
    assert len(big.sentences) > 45_000
    t0 = time.perf_counter()
    compare_outlets(big, measure="stance", n_boot=1000)
    assert time.perf_counter() - t0 < 5.0


def test_no_model_imports():
    import subprocess

    code = "import framing.compare, framing.viz, sys; print(any(m in sys.modules for m in ('torch','transformers','spacy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
