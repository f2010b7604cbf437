"""Apply the model to a chunk of documents: one encoder pass, every head.

Targets of a sentence are the catalog actors mentioned in it (all mentions of
one actor pooled) plus the user's topic targets found in it. The stance head
labels each target; the voice head decides authorial/attributed, and the
holder comes from the attribution extractor (the source whose content covers
the target, else the sentence's first source). A sentence with no attribution
is in the outlet's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ..batch import Document, Stance
from ..labels import FRAMES, STANCES, VOICES


@dataclass(frozen=True)
class TopicTarget:
    """A user-named target: ``name`` and the phrases that refer to it."""

    name: str
    patterns: tuple[str, ...]

    def compile(self) -> re.Pattern:
        alt = "|".join(re.escape(p) for p in sorted(self.patterns, key=len, reverse=True))
        return re.compile(r"(?<!\w)(?:" + alt + r")(?!\w)", re.IGNORECASE)


def parse_targets(targets) -> list[TopicTarget]:
    """``["the peace plan", {"sanctions": ["sanctions", "restrictive measures"]}]`` -> TopicTargets."""
    out: list[TopicTarget] = []
    if targets is None:
        return out
    if isinstance(targets, (str, dict)):
        targets = [targets]
    for t in targets:
        if isinstance(t, str):
            out.append(TopicTarget(t, (t,)))
        elif isinstance(t, dict):
            for name, pats in t.items():
                pats = [pats] if isinstance(pats, str) else list(pats)
                out.append(TopicTarget(str(name), tuple(pats) or (str(name),)))
        else:
            raise ValueError(
                f"A target is a string or a dict {{name: [phrases]}}; got {t!r}. "
                "Example: targets=['the peace plan', {'sanctions': ['sanctions', 'restrictive measures']}]."
            )
    return out


def _holder(doc: Document, sent_id: int, starts: Sequence[int]) -> str | None:
    rows = [a for a in doc.attributions if a.sent_id == sent_id]
    if not rows:
        return None
    for a in rows:
        if a.content_start is not None and a.content_end is not None:
            if any(a.content_start <= s < a.content_end for s in starts):
                return a.source
    return rows[0].source


def apply_model(docs: Iterable[Document], model, *, tasks: set[str], topics: Sequence[TopicTarget] = (),
                batch_size: int = 64, loaded_lexicon: re.Pattern | None = None) -> None:
    """Fill stances, frames and loaded for ``docs`` with one encoder pass."""
    docs = [d for d in docs if d.status == "ok"]
    texts, spans, meta = [], [], []
    compiled = [(t, t.compile()) for t in topics]
    for d in docs:
        by_sent: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for m in d.mentions:
            by_sent.setdefault(m.sent_id, {}).setdefault(m.actor, []).append((m.start, m.end))
        for s in d.sentences:
            tgt = {}
            if "stance" in tasks:
                for actor, sp in by_sent.get(s.sent_id, {}).items():
                    tgt[actor] = [(a - s.start, b - s.start) for a, b in sp]
                for t, rx in compiled:
                    found = [(m.start(), m.end()) for m in rx.finditer(s.text)]
                    if found:
                        tgt[t.name] = found
            texts.append(s.text)
            spans.append(list(tgt.values()))
            meta.append((d, s, list(tgt.keys())))
    if not texts:
        return
    pred = model.predict(texts, spans, batch_size=batch_size)
    fr_th = np.asarray(model.heads.thresholds.get("frames", [0.5] * len(FRAMES)))
    lo_th = float(model.heads.thresholds.get("loaded", [0.5])[0])
    for i, (d, s, names) in enumerate(meta):
        if "frames" in tasks:
            p = pred["frames"][i]
            chosen = [FRAMES[j] for j in np.flatnonzero(p >= fr_th)]
            s.frames = chosen or [FRAMES[int(p.argmax())]]
        if "loaded" in tasks:
            s.loaded = bool(pred["loaded"][i][0] >= lo_th)
            s.loaded_terms = _loaded_terms(d, s, loaded_lexicon) if s.loaded else []
        if "stance" in tasks and names:
            has_attr = any(a.sent_id == s.sent_id for a in d.attributions)
            for k, name in enumerate(names):
                ps, pv = pred["stance"][i][k], pred["voice"][i][k]
                voice = VOICES[int(pv.argmax())] if has_attr else "authorial"
                starts = [a + s.start for a, _ in spans[i][k]]
                d.stances.append(
                    Stance(
                        sent_id=s.sent_id, target=name, stance=STANCES[int(ps.argmax())], voice=voice,
                        holder=_holder(d, s.sent_id, starts) if voice == "attributed" else None,
                        p_favor=float(ps[STANCES.index("favor")]), p_against=float(ps[STANCES.index("against")]),
                        p_neutral=float(ps[STANCES.index("neutral")]),
                    )
                )


def _loaded_terms(doc: Document, sent, lexicon: re.Pattern | None) -> list[str]:
    """Loaded words of the sentence in the outlet's own voice (outside quotations)."""
    quotes = [(q.start - sent.start, q.end - sent.start) for q in doc.quotations
              if q.part == sent.part and q.quote_id in sent.quote_ids]
    terms: list[str] = []
    if lexicon is not None:
        for m in lexicon.finditer(sent.text):
            if not any(a <= m.start() < b for a, b in quotes):
                terms.append(m.group(0))
    try:
        from ..syntax import epithet_terms

        for m in doc.mentions:
            if m.sent_id == sent.sent_id and m.epithets:
                terms.extend(epithet_terms(m.epithets))
    except ImportError:  # pragma: no cover
        pass
    return list(dict.fromkeys(terms))
