"""The reproducible command that builds the default model, on a tiny encoder and corpus.

Checks the real training path (LoRA adapter + heads, name swapping, dev
calibration, card with hashes) end to end in seconds; quality is measured by
benchmarks/bench_default_model.py on the shipped model.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("peft")

from framing.labels import FRAMES  # noqa: E402
from framing.models import DefaultModel  # noqa: E402
from framing.models._codebook_corpus import NameSwapper, load_codebook_corpus, split_dev  # noqa: E402
from framing.models.build_default import build, expected_calibration_error, fit_temperature  # noqa: E402

ROWS = [
    ("Moscow praised the new grain corridor as a lifeline for farmers.", "Moscow", "Russia", "favor", "authorial"),
    ("Critics slammed Beijing's handling of the floods, calling it reckless.", "Beijing", "China", "against", "attributed"),
    ("France signed the accord on Tuesday in Geneva.", "France", "France", "neutral", "authorial"),
    ("Brazil's farmers welcomed the deal, the ministry said.", "Brazil", "Brazil", "favor", "attributed"),
    ("Tehran's crackdown on students drew wide condemnation.", "Tehran", "Iran", "against", "authorial"),
    ("India and Japan held talks on port investment.", "India", "India", "neutral", "authorial"),
    ("Analysts said Canada had handled the crisis with skill.", "Canada", "Canada", "favor", "attributed"),
    ("The brutal shelling by Russian forces flattened the town.", "Russian forces", "Russia", "against", "authorial"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codebook")
    lines = []
    for k in range(5):  # 40 rows: enough for a dev split
        for i, (text, mention, target, stance, voice) in enumerate(ROWS):
            lines.append(json.dumps({
                "id": f"t-{k}-{i}", "text": text, "style": "wire", "topic": "test",
                "targets": [{"target": target, "mention": mention, "stance": stance, "voice": voice,
                             "holder": None if voice == "authorial" else "critics"}],
                "frames": [FRAMES[i % len(FRAMES)]], "loaded": "brutal" in text or "slammed" in text,
                "loaded_terms": [], "hard_case": "none",
            }))
    (folder / "mini.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_corpus_reader_and_split(corpus):
    sents, problems = load_codebook_corpus(corpus)
    assert len(sents) == 40 and problems == []
    t = sents[1].targets[0]
    assert sents[1].text[t.start:t.end] == "Beijing"
    train, dev = split_dev(sents)
    assert len(dev) == 6 and not {s.id for s in train} & {s.id for s in dev}
    assert split_dev(sents)[1] == dev  # deterministic


def test_name_swapper_keeps_spans_on_the_new_names():
    sw = NameSwapper(seed=3)
    text = "Beijing lauded its ties with Minsk while Russian troops massed."
    new, spans, mapping = sw.swap(text, [(0, 7), (29, 34)])
    assert set(mapping) >= {"China", "Belarus"}
    assert "Beijing" not in new and "Minsk" not in new
    for (a, b) in spans:
        assert new[a:b] and new[a:b][0].isupper()


def test_build_writes_a_loadable_model_with_a_card(corpus, tiny_encoder, tmp_path):
    out = tmp_path / "model"
    card = build(corpus, out, epochs=1, batch_size=8, encoder=str(tiny_encoder), threads=1)
    assert (out / "adapter" / "adapter_model.safetensors").exists()
    assert set(card["files"]) >= {"heads.safetensors", "heads.json", "adapter/adapter_model.safetensors"}
    assert len(card["training"]["corpus_sha256"]) == 64 and card["training"]["n_dev_sentences"] == 6
    assert 0.0 <= card["dev"]["name_swap_flip_rate"] <= 1.0
    model = DefaultModel(out, encoder=tiny_encoder)  # verifies every file's sha256
    pred = model.predict(["Moscow praised the corridor."], [[[(0, 6)]]])
    assert pred["stance"][0].shape == (1, 3)


def test_calibration_helpers():
    import numpy as np

    rng = np.random.default_rng(0)
    pred = rng.integers(0, 3, 2000)
    logits = np.eye(3)[pred] * 6.0  # confident ...
    y = np.where(rng.random(2000) < 0.3, rng.integers(0, 3, 2000), pred)  # ... but right only ~80%
    raw = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    t = fit_temperature(logits, y)
    assert t > 1.5  # softening is needed
    cal = np.exp(logits / t) / np.exp(logits / t).sum(1, keepdims=True)
    assert expected_calibration_error(cal, y) < expected_calibration_error(raw, y) / 3
