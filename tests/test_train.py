"""Train your own: heads on the frozen encoder, full fine-tuning, zero-shot NLI, cards, evaluate.

The heads path runs on the real offline MiniLM; fine-tuning and zero-shot use
tiny BERTs built from configs here (random weights, the MiniLM tokenizer), so
the plumbing is tested fast and offline. The sentences are written for these
tests.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

import framing.train as ft
from framing.models import resolve_encoder

ECONOMY = [
    "The plan will cost taxpayers billions in new spending.",
    "Inflation rose to its highest level in a decade last month.",
    "The central bank raised interest rates for the third time.",
    "Exports fell sharply after the new tariffs took effect.",
    "The budget deficit widened to six percent of output.",
    "Jobless claims jumped as car factories shed workers.",
    "Fuel prices climbed again, squeezing household budgets.",
    "The finance minister promised tax cuts for small firms.",
    "Shares slid on fears of a slowdown in consumer spending.",
    "The currency lost a fifth of its value against the dollar.",
    "Wages have failed to keep pace with the cost of living.",
    "The government will borrow more to fund the pension bill.",
    "Investors pulled money out of the bond market this week.",
    "The trade surplus narrowed for a second straight quarter.",
    "Rents in the capital rose faster than incomes.",
    "Farmers say fertiliser costs have doubled since spring.",
    "The treasury cut its growth forecast for next year.",
    "Retail sales dropped as shoppers cut back on spending.",
    "The merger will create the country's largest bank.",
    "Economists expect unemployment to peak in the autumn.",
]
SECURITY = [
    "Troops massed near the border overnight.",
    "The army said it shot down two drones over the city.",
    "Missile strikes hit the port on Tuesday morning.",
    "The defence ministry announced new air patrols.",
    "Rebels ambushed a military convoy in the north.",
    "The alliance will station more soldiers in the east.",
    "Artillery fire could be heard across the front line.",
    "Navy ships blocked the strait for a second day.",
    "The militia seized two villages after heavy fighting.",
    "Special forces raided a weapons depot near the capital.",
    "The general warned that the ceasefire was collapsing.",
    "Fighter jets intercepted a bomber near the coast.",
    "Police arrested three men suspected of planning an attack.",
    "The government declared martial law in four regions.",
    "Soldiers dug trenches along the river bank.",
    "The insurgents fired rockets at the air base.",
    "Peacekeepers came under fire at a checkpoint.",
    "The army called up thousands of reservists.",
    "Tanks rolled into the town at dawn.",
    "Intelligence officials warned of further sabotage.",
]
HEALTH = [
    "Hospitals ran short of beds as the virus spread.",
    "The vaccine campaign reached remote rural clinics.",
    "Doctors warned of a measles outbreak in schools.",
    "The ministry reported dozens of new cholera cases.",
    "Nurses said the wards were overwhelmed with patients.",
    "A new drug cut deaths from the disease by half.",
    "The clinic ran out of insulin for diabetic children.",
    "Health officials urged people to wear masks indoors.",
    "Surgeons performed the first heart transplant in the region.",
    "The outbreak has infected more than two thousand people.",
    "Mental health services face months-long waiting lists.",
    "The hospital opened a new cancer ward on Monday.",
    "Epidemiologists tracked the spread of the flu strain.",
    "Medicine shortages left pharmacies with empty shelves.",
    "The doctors' union called for more staff in emergency rooms.",
    "Tuberculosis cases rose among prisoners last year.",
    "Parents queued for hours to get their children vaccinated.",
    "The health minister promised free screening for women.",
    "Patients waited on trolleys in hospital corridors.",
    "A malaria vaccine trial showed promising results.",
]


@pytest.fixture(scope="module")
def topics() -> pd.DataFrame:
    rows = [{"text": t, "label": lab} for lab, ts in (("economic", ECONOMY), ("security", SECURITY),
                                                       ("health", HEALTH)) for t in ts]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def heads_model(topics, tmp_path_factory):
    clf = ft.train("topics", topics, method="heads", epochs=40, seed=0)
    out = tmp_path_factory.mktemp("heads") / "topics"
    clf.save(out)
    return clf, out


def _stance_pairs() -> pd.DataFrame:
    """(sentence, target) pairs: the stance toward a named person."""
    fav = ["Senator Ruiz won praise for her steady handling of the flood relief.",
           "Voters cheered Mayor Olsen, who cut waiting times at city hall.",
           "Governor Adeyemi was hailed as a reformer by local business groups.",
           "Analysts credited Minister Park with rescuing the peace talks."]
    against = ["Critics slammed Senator Ruiz for her reckless spending plan.",
               "Mayor Olsen faced fury over the botched bridge repairs.",
               "Governor Adeyemi was accused of covering up the scandal.",
               "Minister Park drew scorn after the talks collapsed."]
    neutral = ["Senator Ruiz will travel to Geneva on Thursday.",
               "Mayor Olsen met union leaders at city hall.",
               "Governor Adeyemi signed the budget on Friday.",
               "Minister Park is expected to speak at the summit."]
    names = ["Senator Ruiz", "Mayor Olsen", "Governor Adeyemi", "Minister Park"]
    rows = []
    for lab, ts in (("favor", fav), ("against", against), ("neutral", neutral)):
        for t in ts:
            name = next(n for n in names if n in t)
            s = t.index(name)
            rows.append({"text": t, "target_start": s, "target_end": s + len(name), "label": lab})
    return pd.DataFrame(rows * 2)


@pytest.fixture(scope="module")
def tiny_bert(tiny_encoder):
    """A tiny random BERT with the MiniLM tokenizer (built once in conftest)."""
    return tiny_encoder


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory):
    """A tiny NLI-shaped model: three labels, entailment at index 2."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    root = tmp_path_factory.mktemp("tinynli")
    tok = AutoTokenizer.from_pretrained(resolve_encoder().path, local_files_only=True)
    torch.manual_seed(1)
    id2label = {0: "contradiction", 1: "neutral", 2: "entailment"}
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=256, num_labels=3, id2label=id2label,
                     label2id={v: k for k, v in id2label.items()})
    BertForSequenceClassification(cfg).save_pretrained(root, safe_serialization=True)
    tok.save_pretrained(root)
    return root


# ----------------------------------------------------------------------- heads
@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_heads_learn_the_topics_and_probabilities_sum_to_one(heads_model):
    clf, _ = heads_model
    assert list(clf.classes_) == ["economic", "health", "security"]
    new = ["Grain prices soared and the stock market tumbled.",
           "Gunmen attacked an army outpost near the border.",
           "The epidemic filled intensive care units with patients."]
    assert list(clf.predict(new)) == ["economic", "security", "health"]
    p = clf.predict_proba(new)
    assert p.shape == (3, 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert clf.dev_metrics_["macro_f1"] > 0.8 and clf.dev_metrics_["n"] >= 6


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_heads_save_load_round_trip_and_card(heads_model, topics):
    clf, path = heads_model
    loaded = ft.load_model(path)
    assert isinstance(loaded, ft.HeadsClassifier)
    texts = topics.text.tolist()[::7]
    np.testing.assert_allclose(loaded.predict_proba(texts), clf.predict_proba(texts), atol=1e-6)
    assert list(loaded.predict(texts)) == list(clf.predict(texts))
    card = json.loads((path / "card.json").read_text())
    assert card["task"] == "topics" and card["method"] == "heads" and card["n_rows"] == len(topics)
    assert card["labels"] == ["economic", "health", "security"]
    assert len(card["data_sha256"]) == 64 and card["base_model"]["sha256"] == resolve_encoder().sha256
    assert set(card["files"]) >= {"head.safetensors", "config.json"}
    assert all(len(v) == 64 for v in card["files"].values())
    assert card["metrics"]["dev"]["macro_f1"] == pytest.approx(clf.dev_metrics_["macro_f1"])
    assert not list(path.glob("*.bin")) and not list(path.glob("*.pkl"))


def test_data_hash_changes_with_a_label(topics):
    from framing.train._data import coded_from, data_sha256

    changed = topics.copy()
    changed.loc[0, "label"] = "security"
    assert data_sha256(coded_from(topics)) != data_sha256(coded_from(changed))


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_a_tampered_weight_file_is_refused(heads_model, tmp_path):
    _, path = heads_model
    bad = tmp_path / "bad"
    shutil.copytree(path, bad)
    from safetensors.torch import load_file, save_file

    state = load_file(str(bad / "head.safetensors"))
    key = next(iter(state))
    state[key] = state[key] + 0.01
    save_file(state, str(bad / "head.safetensors"))
    with pytest.raises(ValueError, match="sha256"):
        ft.load_model(bad)


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_heads_multi_label_custom_frames():
    both = ["The war has sent fuel prices soaring and emptied the treasury.",
            "Military spending will swallow a third of the national budget.",
            "Shelling destroyed the factories that employed half the town.",
            "Sanctions over the invasion have crippled the country's exports.",
            "The cost of rebuilding bombed bridges will run into billions.",
            "Arms makers' shares jumped as the fighting spread."]
    rows = ([{"text": t, "labels": ["economic"]} for t in ECONOMY]
            + [{"text": t, "labels": ["security"]} for t in SECURITY]
            + [{"text": t, "labels": ["economic", "security"]} for t in both])
    df = pd.DataFrame(rows)
    clf = ft.train("my_frames", df, method="heads", epochs=40, dev_size=0.25)
    assert clf.multi_label and list(clf.classes_) == ["economic", "security"]
    assert len(clf.thresholds_) == 2
    p = clf.predict_proba(["Soldiers shelled the port.", "Bond yields rose."])
    assert p.shape == (2, 2) and ((p >= 0) & (p <= 1)).all()
    pred = clf.predict(["The minister said interest rates would rise.", "Rebels shot down a helicopter."])
    assert all(isinstance(x, list) and x for x in pred)
    assert "economic" in pred[0] and "security" in pred[1]
    rep = ft.evaluate(clf, df)
    assert rep.multi_label and set(rep.confusion.columns) == {"tp", "fp", "fn", "tn"}
    assert rep.macro_f1 > 0.7


# ------------------------------------------------------------------ finetune
@pytest.fixture(scope="module")
def tuned_stance(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("ft") / "stance"
    clf = ft.train("stance", _stance_pairs(), method="finetune", base=str(tiny_bert), epochs=1, batch_size=8,
                   lr=1e-3, output_dir=out, seed=0)
    return clf, out


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_finetune_round_trip_with_score_pairs(tuned_stance):
    import framing

    clf, out = tuned_stance
    assert clf.target_dependent and list(clf.classes_) == ["against", "favor", "neutral"]
    card = json.loads((out / "card.json").read_text())
    assert card["method"] == "finetune" and "model/model.safetensors" in card["files"]
    assert not list(out.rglob("*.bin"))
    pairs = pd.DataFrame({"text": ["Critics mocked Mayor Olsen over the bridge.", "Mayor Olsen met the press."],
                          "target_start": [15, 0], "target_end": [26, 11]})
    before = pairs.copy()
    res = framing.stance.score_pairs(pairs, model=str(out))
    pd.testing.assert_frame_equal(pairs, before)  # the caller's frame is unchanged
    assert res.stance.isin(["favor", "against", "neutral"]).all()
    np.testing.assert_allclose(res[["p_favor", "p_against", "p_neutral"]].sum(axis=1), 1.0, atol=1e-5)
    loaded = ft.load_model(out)
    np.testing.assert_allclose(loaded.predict_proba(pairs), clf.predict_proba(pairs), atol=1e-5)


def test_finetune_marks_the_target():
    text = "Critics mocked Mayor Olsen over the bridge."
    marked, mention = ft.mark_target(text, 15, 26)
    assert mention == "Mayor Olsen" and marked == "Critics mocked [T] Mayor Olsen [/T] over the bridge."


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_finetune_sentence_task_in_score(tiny_bert, topics, tmp_path):
    import framing

    out = tmp_path / "topics_ft"
    ft.train("topic", topics, method="finetune", base=str(tiny_bert), epochs=1, batch_size=16, output_dir=out)
    arts = pd.DataFrame([{"doc_id": "a1", "outlet": "X",
                          "text": "Inflation rose again in May. Troops massed near the border. Hospitals are full."}])
    res = framing.score(arts, tasks=["mentions"], models={"topic": str(out)})
    assert "topic" in res.sentences.columns
    assert res.sentences["topic"].isin(["economic", "health", "security"]).all()
    assert len(res.sentences) == 3


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_custom_stance_model_replaces_stance_in_score(tuned_stance):
    import framing

    _, out = tuned_stance
    arts = pd.DataFrame([{"doc_id": "b1", "outlet": "Y",
                          "text": "Beijing praised its ties with Minsk. The peace plan stalled again."}])
    res = framing.score(arts, tasks=["mentions", "stance"], models={"stance": str(out)}, targets=["peace plan"])
    st = res.stances
    assert set(st.target) == {"China", "Belarus", "peace plan"}
    assert st.stance.isin(["favor", "against", "neutral"]).all()
    assert (st.voice == "authorial").all()
    np.testing.assert_allclose(st[["p_favor", "p_against", "p_neutral"]].sum(axis=1), 1.0, atol=1e-5)


# ------------------------------------------------------------------ zero-shot
def test_zeroshot_shapes_templates_and_batches(tiny_nli, tmp_path):
    clf = ft.ZeroShotClassifier(model=f"zeroshot:{tiny_nli}", labels=["economic", "security", "health"],
                                templates={"economic": "This text is about money."}, batch_size=4)
    assert clf.fit() is clf
    assert clf.entailment_id_ == 2 and clf.contradiction_id_ == 0
    hyp = clf.hypotheses()
    assert hyp == {"economic": "This text is about money.", "security": "This text is about security.",
                   "health": "This text is about health."}
    texts = ["Prices rose.", "Troops attacked.", "The clinic closed."]
    pairs = clf.pairs(texts)
    assert len(pairs) == 9 and pairs[0] == ("Prices rose.", "This text is about money.")
    p = clf.predict_proba(texts)
    assert p.shape == (3, 3) and clf.n_batches_ == 3  # 9 pairs in batches of 4
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert set(clf.predict(texts)) <= {"economic", "security", "health"}
    ml = ft.ZeroShotClassifier(model=str(tiny_nli), labels=["economic", "security"], multi_label=True).fit()
    pm = ml.predict_proba(texts)
    assert pm.shape == (3, 2) and ((pm > 0) & (pm < 1)).all()
    # train(..., base="zeroshot:...") and the saved folder round trip
    est = ft.train("zs", None, base=f"zeroshot:{tiny_nli}", labels=["economic", "security", "health"],
                   output_dir=tmp_path / "zs", templates={"economic": "This text is about money."})
    again = ft.load_model(tmp_path / "zs")
    assert isinstance(again, ft.ZeroShotClassifier) and again.hypotheses()["economic"] == "This text is about money."
    np.testing.assert_allclose(again.predict_proba(texts), est.predict_proba(texts), atol=1e-6)


def test_zeroshot_target_template_and_refuses_non_nli(tiny_bert):
    clf = ft.ZeroShotClassifier(model="x", labels=["favor", "against"], target_dependent=True,
                                hypothesis_template="The text is {} {target}.")
    assert clf.pairs(["Critics mocked Mayor Olsen."], [(15, 26)])[1] == (
        "Critics mocked Mayor Olsen.", "The text is against Mayor Olsen.")
    with pytest.raises(ValueError, match="entailment"):
        ft.ZeroShotClassifier(model=str(tiny_bert), labels=["a", "b"]).fit()
    with pytest.raises(ValueError, match="two distinct labels"):
        ft.ZeroShotClassifier(model=str(tiny_bert), labels=["a"]).fit()


# ------------------------------------------------------------ the contract
@pytest.mark.parametrize("cls", [ft.HeadsClassifier, ft.FineTunedClassifier, ft.ZeroShotClassifier])
def test_estimator_contract(cls):
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    est = cls()
    with pytest.raises(NotFittedError, match="fit"):
        est.predict(["A sentence."])
    with pytest.raises(NotFittedError, match="framing.train"):
        est.predict_proba(["A sentence."])
    params = est.get_params()
    assert "seed" in params or "batch_size" in params
    est.set_params(batch_size=7)
    assert est.get_params()["batch_size"] == 7
    c = clone(est)
    assert c is not est and c.get_params() == est.get_params()


@pytest.mark.parametrize("bad, match", [
    (pd.DataFrame({"text": [], "label": []}), "empty"),
    (pd.DataFrame({"sentence": ["a"], "label": ["x"]}), "'text'"),
    (pd.DataFrame({"text": ["a", "b", "c"], "label": ["x", "x", "x"]}), "two different labels"),
    (pd.DataFrame({"text": ["Short.", "Also short."], "target_start": [0, 3], "target_end": [50, 5],
                   "label": ["x", "y"]}), "outside their text"),
    (pd.DataFrame({"text": ["a", "b"], "labelz": ["x", "y"]}), "'label'"),
])
def test_clear_errors(bad, match):
    with pytest.raises(ValueError, match=match):
        ft.train("t", bad)


def test_unknown_method_is_named():
    with pytest.raises(ValueError, match="'method' parameter"):
        ft.train("t", pd.DataFrame({"text": ["a", "b"], "label": ["x", "y"]}), method="lora")


# ------------------------------------------------------------------ evaluate
def test_evaluate_matches_sklearn_and_krippendorff():
    import krippendorff
    from sklearn.metrics import accuracy_score, f1_score

    from framing.train._evaluate import report_from

    human = ["a", "a", "b", "b", "c", "c", "a", "b", "c", "a"]
    model = ["a", "b", "b", "b", "c", "a", "a", "c", "c", "a"]
    rep = report_from(human, model, ["a", "b", "c"], task="demo")
    assert rep.macro_f1 == pytest.approx(f1_score(human, model, average="macro"))
    assert rep.accuracy == pytest.approx(accuracy_score(human, model))
    codes = {"a": 0, "b": 1, "c": 2}
    expect = krippendorff.alpha(reliability_data=[[codes[x] for x in human], [codes[x] for x in model]],
                                level_of_measurement="nominal")
    assert rep.alpha == pytest.approx(expect)
    per = rep.per_label.set_index("label")
    assert per.loc["b", "f1"] == pytest.approx(f1_score(human, model, labels=["b"], average=None)[0])
    assert rep.confusion.loc["a", "b"] == 1 and rep.confusion.to_numpy().sum() == 10
    long = rep.to_frame()
    assert list(long.columns) == ["metric", "label", "value"]
    assert long.query("metric == 'macro_f1'").value.iloc[0] == pytest.approx(rep.macro_f1)
    assert "macro_f1=" in repr(rep)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert rep.plot_confusion(ax=ax) is ax and len(ax.texts) == 9
    plt.close(fig)


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_evaluate_a_saved_model_folder(heads_model, topics):
    _, path = heads_model
    rep = ft.evaluate(str(path), topics)
    assert rep.n == len(topics) and rep.macro_f1 > 0.9 and rep.alpha > 0.8


@pytest.mark.slow  # trains on the real encoder or a tiny BERT: 5-30 s on 2 CPU cores
def test_cli_train_and_evaluate(topics, tmp_path, capsys):
    from framing.cli import main

    data = tmp_path / "coded.csv"
    topics.to_csv(data, index=False)
    out = tmp_path / "m"
    assert main(["train", "topics", str(data), "--method", "heads", "-o", str(out), "--epochs", "30"]) == 0
    assert (out / "card.json").exists()
    assert main(["evaluate", str(out), str(data)]) == 0
    assert "macro_f1" in capsys.readouterr().out
