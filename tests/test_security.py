"""Security: no pickle anywhere, hash-checked model files, escaped HTML.

Model and resource files load only from safetensors, JSON and YAML; a model
file that does not match the sha256 in its card is refused; article text
(which comes from the open web) never reaches an HTML output unescaped.
"""

from __future__ import annotations

import functools
import io
import json
import re
import tokenize
from pathlib import Path

import pandas as pd
import pytest

import framing

PKG = Path(framing.__file__).resolve().parent

# code (not comments or docstrings) that would unpickle something
UNSAFE_CODE = [
    (re.compile(r"\b(c?pickle|dill|cloudpickle|shelve|marshal)\b"), "a pickle-family module"),
    (re.compile(r"\btorch\s*\.\s*load\s*\("), "torch.load("),
    (re.compile(r"\bjoblib\b"), "joblib"),
    (re.compile(r"\bread_pickle\s*\("), "pandas.read_pickle("),
    (re.compile(r"allow_pickle\s*=\s*True"), "numpy allow_pickle=True"),
    (re.compile(r"\byaml\s*\.\s*(load|unsafe_load|full_load|load_all)\s*\("), "yaml.load( (use yaml.safe_load)"),
    (re.compile(r"(?<!\. )\b(eval|exec)\s*\("), "eval/exec"),  # the builtins, not model.eval()
    (re.compile(r"trust_remote_code\s*=\s*True"), "trust_remote_code=True"),
]
UNSAFE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".joblib", ".ckpt", ".npy", ".npz", ".h5")


def _code_only(source: str) -> str:
    """The source without comments and string literals (docstrings may say 'no pickle')."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.STRING) or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            continue
        out.append(tok.string)
    return " ".join(out)


@functools.lru_cache(maxsize=1)
def _package_code() -> dict[str, str]:
    files = sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)
    assert len(files) > 20, "the package sources were not found"
    return {str(p.relative_to(PKG.parent)): _code_only(p.read_text(encoding="utf-8")) for p in files}


@pytest.mark.parametrize("pattern,what", UNSAFE_CODE, ids=[w for _, w in UNSAFE_CODE])
def test_no_unsafe_deserialisation_in_the_package(pattern, what):
    hits = [name for name, code in _package_code().items() if pattern.search(code)]
    assert not hits, f"{what} appears in {hits}; load models and resources from safetensors/JSON/YAML only."


def test_the_code_scanner_sees_code_but_not_docstrings():
    assert UNSAFE_CODE[1][0].search(_code_only("import torch\nstate = torch.load(path)\n"))
    assert UNSAFE_CODE[0][0].search(_code_only("import pickle\n"))
    assert not UNSAFE_CODE[0][0].search(_code_only('"""Stored as safetensors (never pickle)."""\nx = 1  # no pickle\n'))
    assert UNSAFE_CODE[6][0].search(_code_only("eval(text)\n"))
    assert not UNSAFE_CODE[6][0].search(_code_only("model.eval()\n"))


def test_resources_are_json_yaml_or_safetensors_only():
    bad = [str(p.relative_to(PKG)) for p in PKG.rglob("*") if p.is_file() and p.suffix.lower() in UNSAFE_SUFFIXES]
    assert not bad, f"pickle-capable files shipped in the package: {bad}"
    res = PKG / "resources"
    kinds = {p.suffix.lower() for p in res.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert kinds <= {".yaml", ".yml", ".json", ".md", ".py", ".safetensors", ".txt", ".csv"}, kinds


# --- hash-checked model files ----------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A tiny random BERT + heads with a card of sha256s (as in test_model.py)."""
    pytest.importorskip("torch")
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from framing.models import resolve_encoder, sha256_file
    from framing.models._heads import Heads

    root = tmp_path_factory.mktemp("tiny")
    enc_dir, model_dir = root / "encoder", root / "model"
    tok = AutoTokenizer.from_pretrained(resolve_encoder().path, local_files_only=True)
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=128)
    BertModel(cfg).save_pretrained(enc_dir, safe_serialization=True)
    tok.save_pretrained(enc_dir)
    Heads(32, hidden=16).save(model_dir)
    card = {
        "name": "tiny-security", "version": "0", "max_length": 64,
        "encoder": {"sha256": sha256_file(enc_dir / "model.safetensors")},
        "files": {f: sha256_file(model_dir / f) for f in ("heads.safetensors", "heads.json")},
    }
    (model_dir / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return model_dir, enc_dir, cfg


def _flip_byte(path: Path, offset: int = -10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _pickled_encoder(tmp_path: Path, enc_dir: Path, cfg) -> Path:
    """The tiny encoder as a legacy ``pytorch_model.bin`` (a pickle) with its config and tokenizer."""
    import torch
    from transformers import BertModel

    folder = tmp_path / "pickled"
    folder.mkdir()
    for f in enc_dir.iterdir():
        if f.is_file() and f.suffix in (".json", ".txt"):
            (folder / f.name).write_bytes(f.read_bytes())
    torch.save(BertModel(cfg).state_dict(), folder / "pytorch_model.bin")
    assert not (folder / "model.safetensors").exists()
    return folder


def test_an_intact_tiny_model_loads(tiny_model):
    from framing.models import DefaultModel

    model_dir, enc_dir, _ = tiny_model
    assert DefaultModel(model_dir, encoder=enc_dir).model_id == "tiny-security-0"


@pytest.mark.parametrize("name", ["heads.safetensors", "heads.json"])
def test_a_tampered_model_file_is_refused(tiny_model, tmp_path, name):
    import shutil

    from framing.models import DefaultModel

    model_dir, enc_dir, _ = tiny_model
    bad = tmp_path / "model"
    shutil.copytree(model_dir, bad)
    if name.endswith(".json"):
        (bad / name).write_text((bad / name).read_text(encoding="utf-8") + " ", encoding="utf-8")
    else:
        _flip_byte(bad / name)
    with pytest.raises(ValueError, match="sha256"):
        DefaultModel(bad, encoder=enc_dir)


def test_tampered_encoder_weights_are_refused(tiny_model, tmp_path):
    import shutil

    from framing.models import DefaultModel

    model_dir, enc_dir, _ = tiny_model
    bad_enc = tmp_path / "encoder"
    shutil.copytree(enc_dir, bad_enc)
    _flip_byte(bad_enc / "model.safetensors")
    with pytest.raises(ValueError, match="sha256"):
        DefaultModel(model_dir, encoder=bad_enc)


def test_an_encoder_shipped_as_pickle_is_refused_by_the_card(tiny_model, tmp_path):
    from framing.models import DefaultModel

    model_dir, enc_dir, cfg = tiny_model
    with pytest.raises(ValueError, match="sha256"):
        DefaultModel(model_dir, encoder=_pickled_encoder(tmp_path, enc_dir, cfg))


def test_an_encoder_folder_without_safetensors_is_refused_even_without_a_card(tiny_model, tmp_path):
    from framing.models import Encoder

    _, enc_dir, cfg = tiny_model
    with pytest.raises((ValueError, OSError)):
        Encoder(str(_pickled_encoder(tmp_path, enc_dir, cfg)))


# --- HTML outputs escape article text ----------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">', '"><svg onload=alert(3)>')


@pytest.fixture(scope="module")
def hostile_result():
    articles = pd.DataFrame([
        {"doc_id": "x1", "outlet": "Wire <script>alert(1)</script>", "date": "2024-05-02",
         "title": "Beijing hails ties <script>alert(1)</script>",
         "text": ("Chinese President Xi Jinping praised the ties with Minsk on Thursday. "
                  f"{PAYLOADS[0]} \"We are <b>partners</b>,\" Xi told reporters {PAYLOADS[1]}. "
                  f"The Kremlin{PAYLOADS[2]} said it welcomed the talks.")},
        {"doc_id": "x2", "outlet": "Daily Example", "date": "2024-05-03", "title": "Minsk and Moscow talk",
         "text": "Belarusian President Alexander Lukashenko met Russian officials in Moscow, state media said."},
    ])
    return framing.score(articles, tasks=["mentions", "attribution"], progress=False)


def _live_payloads(html: str) -> list[str]:
    low = html.lower()
    return [p for p in ("<script>alert(1)", "<img src=x", "<svg onload", "<b>partners") if p in low]


def test_highlight_html_escapes_article_text(hostile_result):
    from framing.viz import highlight

    art = highlight(hostile_result, "x1")
    assert any(s["kind"] == "mention" for s in art.to_dict()["spans"])  # spans cut the text around the payloads
    for standalone in (False, True):
        html = art.to_html(standalone=standalone)
        assert not _live_payloads(html), _live_payloads(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the text is shown, as text


def test_report_html_escapes_article_text_and_metadata(hostile_result, tmp_path):
    from framing.viz import report

    path = report(hostile_result, tmp_path / "report.html", title="Report <script>alert(1)</script>", n_boot=50)
    html = Path(path).read_text(encoding="utf-8")
    assert not _live_payloads(html), _live_payloads(html)
    assert "alert(1)" in html  # the payload is there, escaped


def test_result_repr_html_escapes(hostile_result):
    hostile_result.meta["tasks"] = ["<script>alert(1)</script>"]
    assert not _live_payloads(hostile_result._repr_html_())
