"""The documented differences of the demo corpus (corpora/README.md) are recovered.

The demo corpus is scored on the real path (segmentation, mentions, one spaCy
parse, attribution, roles); compare_outlets/test_differences must give
cluster-bootstrap CIs that exclude zero, in the documented direction, where
the datasheet says the outlets differ.
"""

from __future__ import annotations

import pytest

import framing
from framing.compare import compare_outlets, log_odds, test_differences

pytestmark = pytest.mark.slow

BST, CW, FV = "Belarus State Telegraph", "Continental Wire", "Free Voice"
DB, LBD, RB = "The Daily Blaze", "Ledger Business Daily", "Riverside Broadcasting"


@pytest.fixture(scope="module")
def demo():
    return framing.score(framing.load_corpus("demo"), tasks=["mentions", "attribution", "roles"], progress=False)


def test_demo_corpus_is_complete(demo):
    arts = demo.articles
    assert len(arts) == 36 and (arts.status == "ok").all()
    assert arts.groupby("outlet").size().eq(6).all()
    assert arts.n_sentences.between(8 + 1, 25 + 1).all()  # 8-25 body sentences + the title


def diff_ci(res, measure, a, b, label=None):
    d = test_differences(res, measure=measure, n_perm=199, n_boot=1000, seed=0)
    d = d[d.comparison == "pairwise"]
    if label is not None:
        d = d[d.label == label]
    row = d[((d.group_a == a) & (d.group_b == b)) | ((d.group_a == b) & (d.group_b == a))].iloc[0]
    sign = 1 if row.group_a == a else -1
    lo, hi = sorted([sign * row.ci_low, sign * row.ci_high])
    return sign * row["diff"], lo, hi


@pytest.mark.parametrize(
    "measure, label, higher, lower, why",
    [
        ("hedged", None, FV, BST, "Free Voice hedges 10 times in its own voice, the state agency never"),
        ("attr_form", "none", DB, RB, "the tabloid speaks in its own voice; the broadcaster quotes"),
        ("attr_form", "direct", RB, DB, "Riverside quotes residents directly in every article"),
        ("attr_form", "mixed", CW, BST, "the wire embeds partial quotes; the agency almost never"),
        ("source_type", "expert", LBD, RB, "the business daily quotes economists"),
        ("source_type", "citizen", RB, LBD, "the broadcaster quotes citizens; the business daily never"),
        ("source_type", "citizen", FV, BST, "the opposition outlet quotes citizens; the agency never"),
        ("source_type", "official", BST, FV, "the agency quotes almost only officials"),
        ("cue_class", "distancing", FV, CW, "'claimed'/'insisted' aimed at Belarusian officials"),
    ],
)
def test_documented_difference_is_recovered(demo, measure, label, higher, lower, why):
    diff, lo, hi = diff_ci(demo, measure, higher, lower, label)
    assert diff > 0 and lo > 0, f"{why}: diff {diff:.3f}, CI [{lo:.3f}, {hi:.3f}]"


def test_compare_outlets_table_shape(demo):
    t = compare_outlets(demo, measure="attr_form", n_boot=200)
    assert {"group", "measure", "value", "ci_low", "ci_high", "n_sentences", "n_articles"} <= set(t.columns)
    assert set(t.group) == {BST, CW, FV, DB, LBD, RB}
    assert (t.ci_low <= t.value + 1e-9).all() and (t.value <= t.ci_high + 1e-9).all()


def test_lukashenko_epithets_differ_by_outlet(demo):
    m = demo.mentions[demo.mentions.mention.str.contains("Lukashenko")]
    ep = m.groupby("outlet").epithets.apply(lambda s: {e.lower() for l in s if l is not None for e in l})
    assert "dictator" in ep[FV]
    assert not any(w in e for e in ep.get(BST, set()) for w in ("dictator", "tyrant", "strongman", "pal"))
    assert any("putin pal" in e for e in ep[DB])
    lo = log_odds(demo, unit="epithets", actor="Belarus", min_count=1)
    top_fv = lo[lo.group == FV].sort_values("z", ascending=False).term.head(3).tolist()
    assert "dictator" in top_fv


# --- with the shipped default model (stance, frames, loaded) ---------------------------------

@pytest.fixture(scope="module")
def demo_model():
    if "stance" not in framing.available_tasks():
        pytest.skip("the default model is not installed")
    return framing.score(framing.load_corpus("demo"), progress=False)


def net_stance_diff(res, actor, a, b):
    d = test_differences(res, measure="net_stance", actors=[actor], n_perm=199, seed=0)
    d = d[(d.comparison == "pairwise") & (d.actor == actor)]
    row = d[((d.group_a == a) & (d.group_b == b)) | ((d.group_a == b) & (d.group_b == a))].iloc[0]
    sign = 1 if row.group_a == a else -1
    lo, hi = sorted([sign * row.ci_low, sign * row.ci_high])
    return sign * row["diff"], lo, hi


@pytest.mark.parametrize(
    "actor, higher, lower, why",
    [
        ("Belarus", BST, FV, "the state agency favours Minsk; the opposition outlet is against it in 6 of 6"),
        ("Belarus", LBD, DB, "the business daily is neutral; the tabloid is against"),
        ("Russia", BST, DB, "'brotherly Russia' for the state agency; the tabloid is against Russia"),
    ],
)
def test_documented_stance_difference_is_recovered(demo_model, actor, higher, lower, why):
    diff, lo, hi = net_stance_diff(demo_model, actor, higher, lower)
    assert diff > 0 and lo > 0, f"{why}: diff {diff:.3f}, CI [{lo:.3f}, {hi:.3f}]"


@pytest.mark.parametrize(
    "measure, label, higher, lower, why",
    [
        ("frames", "economic", LBD, DB, "the business daily frames every story economically"),
        ("frames", "economic", LBD, FV, "the business daily frames every story economically"),
        ("loaded", None, DB, CW, "the tabloid's own voice is loaded; the wire's never"),
    ],
)
def test_documented_model_difference_is_recovered(demo_model, measure, label, higher, lower, why):
    diff, lo, hi = diff_ci(demo_model, measure, higher, lower, label)
    assert diff > 0 and lo > 0, f"{why}: diff {diff:.3f}, CI [{lo:.3f}, {hi:.3f}]"
