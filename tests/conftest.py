"""Shared fixtures: one place for the eval folder, the spaCy pipeline and small corpora."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """``../shared/eval``; tests that need it skip where it is absent."""
    if not EVAL_DIR.is_dir():
        pytest.skip("../shared/eval is not here (evaluation data sets are not shipped)")
    return EVAL_DIR


@pytest.fixture(scope="session")
def seed_article(eval_dir):
    """The hand-coded real article: (article record, list of gold sentence records)."""
    art = json.loads((eval_dir / "seed_article_text.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = [json.loads(line) for line in (eval_dir / "seed_article.jsonl").read_text(encoding="utf-8").splitlines()]
    return art, gold


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once per session."""
    from framing.nlp import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def _default_catalog():
    from framing.actors import ActorCatalog

    return ActorCatalog.default()


@pytest.fixture
def catalog(_default_catalog):
    """The default catalog; a deep copy per test so tests cannot leak changes."""
    return copy.deepcopy(_default_catalog)


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory):
    """A tiny BERT built from a config (random weights) with the MiniLM tokenizer.

    Stands in for the real encoder where a test checks plumbing, not quality.
    """
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from framing.models import resolve_encoder

    enc_dir = tmp_path_factory.mktemp("tiny_encoder")
    tok = AutoTokenizer.from_pretrained(resolve_encoder().path, local_files_only=True)
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=256)
    BertModel(cfg).save_pretrained(enc_dir, safe_serialization=True)
    tok.save_pretrained(enc_dir)
    return enc_dir
