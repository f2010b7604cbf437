"""The model path: encoder resolution, hash checks, heads, LoRA merge, score() with a model.

A tiny BERT built from a config in the test (random weights, the MiniLM
tokenizer) stands in for the real encoder, so the plumbing is tested fast and
offline; the shipped model is tested in test_default_model.py.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import framing
from framing.labels import FRAMES, STANCES
from framing.models import DefaultModel, Encoder, resolve_encoder, sha256_file
from framing.models._heads import Heads


@pytest.fixture(scope="module")
def tiny_model(tiny_encoder, tmp_path_factory):
    enc_dir = tiny_encoder
    model_dir = tmp_path_factory.mktemp("tiny") / "model"
    heads = Heads(32, hidden=16)
    heads.save(model_dir)
    card = {
        "name": "tiny-test", "version": "0", "max_length": 64,
        "encoder": {"sha256": sha256_file(enc_dir / "model.safetensors")},
        "files": {f: sha256_file(model_dir / f) for f in ("heads.safetensors", "heads.json")},
    }
    (model_dir / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return model_dir, enc_dir


def test_offline_encoder_is_resolved_and_hash_checked():
    src = resolve_encoder()
    assert src.origin in ("offline-wheel", "env", "explicit")
    if src.origin == "offline-wheel":
        assert src.sha256 == framing.models.MINILM_SHA256


def test_a_wrong_hash_is_refused(tiny_model):
    _, enc_dir = tiny_model
    with pytest.raises(ValueError, match="sha256"):
        resolve_encoder(enc_dir, expected_sha256="0" * 64)


def test_span_pooling_differs_per_target(tiny_model):
    _, enc_dir = tiny_model
    enc = Encoder(str(enc_dir))
    text = "Beijing praised Minsk but criticised Washington."
    out = enc.encode([text, "Short."], [[(0, 7), (16, 21)], []])
    assert out.sentences.shape == (2, 32)
    assert out.spans[0].shape == (2, 32) and out.spans[1].shape == (0, 32)
    assert not np.allclose(out.spans[0][0], out.spans[0][1])
    # batch order does not change the result (length-sorted batches, order restored)
    again = enc.encode(["Short.", text], [[], [(0, 7), (16, 21)]], batch_size=1)
    np.testing.assert_allclose(again.sentences[1], out.sentences[0], atol=1e-5)


def test_corrupted_model_file_is_refused(tiny_model, tmp_path):
    import shutil

    model_dir, enc_dir = tiny_model
    bad = tmp_path / "bad"
    shutil.copytree(model_dir, bad)
    (bad / "heads.json").write_text((bad / "heads.json").read_text().replace('"hidden": 16', '"hidden": 16 '))
    with pytest.raises(ValueError, match="corrupted"):
        DefaultModel(bad, encoder=enc_dir)


def test_lora_merge_changes_the_adapted_weights(tiny_model, tmp_path):
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModel

    from framing.models import merge_lora

    _, enc_dir = tiny_model
    model = AutoModel.from_pretrained(enc_dir)
    before = model.encoder.layer[0].attention.self.query.weight.detach().clone()
    a, b = torch.randn(4, 32), torch.randn(32, 4)
    save_file({"base_model.model.encoder.layer.0.attention.self.query.lora_A.weight": a,
               "base_model.model.encoder.layer.0.attention.self.query.lora_B.weight": b}, tmp_path / "adapter_model.safetensors")
    (tmp_path / "adapter_config.json").write_text(json.dumps({"r": 4, "lora_alpha": 8}))
    assert merge_lora(model, tmp_path) == 1
    after = model.encoder.layer[0].attention.self.query.weight
    torch.testing.assert_close(after, before + (b @ a) * 2.0)


def test_score_with_a_model_fills_stances_frames_loaded(tiny_model):
    model_dir, enc_dir = tiny_model
    model = DefaultModel(model_dir, encoder=enc_dir)
    arts = pd.DataFrame([
        {"doc_id": "x", "outlet": "A", "text": "Beijing and Minsk signed a rail deal. The so-called peace plan was a sham, critics said."},
    ])
    res = framing.score(arts, tasks=["mentions", "attribution", "stance", "frames", "loaded"], model=model,
                        targets=["peace plan"])
    st = res.stances
    assert set(st.target) == {"China", "Belarus", "peace plan"}
    assert st.stance.isin(STANCES).all()
    np.testing.assert_allclose(st[["p_favor", "p_against", "p_neutral"]].sum(axis=1), 1.0, atol=1e-5)
    # a sentence without attribution is in the outlet's own voice
    first = st[st.sent_id == st.sent_id.min()]
    assert (first.voice == "authorial").all() and first.holder.isna().all()
    s = res.sentences
    assert s.frames.map(lambda f: len(f) >= 1 and set(f) <= set(FRAMES)).all()
    assert s.loaded.notna().all()
    assert res.meta["model"] == "tiny-test-0" and res.meta["targets"] == ["peace plan"]


def test_targets_need_the_stance_task():
    with pytest.raises(ValueError, match="stance"):
        framing.score([{"text": "Beijing spoke."}], tasks=["mentions"], targets=["x"])


def test_score_pairs_adds_columns_and_keeps_the_input(tiny_model):
    model_dir, enc_dir = tiny_model
    model = DefaultModel(model_dir, encoder=enc_dir)
    df = pd.DataFrame({"text": ["Smith met Jones.", "Smith met Jones.", "Brown left."],
                       "target_start": [0, 10, 0], "target_end": [5, 15, 5]})
    before = df.copy()
    out = framing.stance.score_pairs(df, model=model)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns[-5:]) == ["stance", "voice", "p_favor", "p_against", "p_neutral"]
    assert out.stance.isin(STANCES).all()
    # two targets in one sentence can differ: their features differ
    assert not np.allclose(out.loc[0, ["p_favor", "p_against"]].astype(float), out.loc[1, ["p_favor", "p_against"]].astype(float))
    with pytest.raises(ValueError, match="offsets outside"):
        framing.stance.score_pairs(pd.DataFrame({"text": ["ab"], "target_start": [1], "target_end": [9]}), model=model)
    with pytest.raises(ValueError, match="missing"):
        framing.stance.score_pairs(pd.DataFrame({"sentence": ["ab"]}), model=model)
