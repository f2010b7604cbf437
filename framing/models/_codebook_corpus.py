"""The team's codebook corpus (``corpora/codebook/*.jsonl``) as training rows."""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..labels import FRAMES, STANCES, VOICES


@dataclass
class TargetRow:
    target: str
    start: int
    end: int
    stance: str
    voice: str
    holder: str | None = None


@dataclass
class CorpusSentence:
    id: str
    text: str
    targets: list[TargetRow] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    loaded: bool = False
    loaded_terms: list[str] = field(default_factory=list)
    style: str | None = None
    topic: str | None = None
    hard_case: str | None = None


def corpus_files(folder: str | Path) -> list[Path]:
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"No *.jsonl files in {folder}; the codebook corpus lives in corpora/codebook/.")
    return files


def corpus_sha256(files: list[Path]) -> str:
    """One hash over the corpus files (names and bytes), recorded in the model card."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def load_codebook_corpus(folder: str | Path) -> tuple[list[CorpusSentence], list[str]]:
    """Read and validate the corpus; returns (sentences, problems).

    Rows with a label outside the codebook or a mention that is not in the
    text are skipped and reported, never silently fixed.
    """
    out: list[CorpusSentence] = []
    problems: list[str] = []
    for f in corpus_files(folder):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{f.name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: bad JSON ({exc})")
                continue
            text = rec.get("text", "")
            frames = [x for x in rec.get("frames", []) if x in FRAMES]
            if len(frames) != len(rec.get("frames", [])):
                problems.append(f"{where}: frame outside the codebook in {rec.get('frames')}")
            targets = []
            ok = True
            for t in rec.get("targets", []):
                m = t.get("mention") or ""
                i = text.find(m) if m else -1
                if i < 0 or t.get("stance") not in STANCES or t.get("voice") not in VOICES:
                    problems.append(f"{where}: bad target {t}")
                    ok = False
                    continue
                targets.append(TargetRow(t.get("target") or m, i, i + len(m), t["stance"], t["voice"], t.get("holder")))
            if not ok and not targets:
                continue
            out.append(
                CorpusSentence(
                    id=str(rec.get("id", where)), text=text, targets=targets, frames=frames,
                    loaded=bool(rec.get("loaded", False)),
                    loaded_terms=[x for x in rec.get("loaded_terms", []) if isinstance(x, str) and x in text],
                    style=rec.get("style"), topic=rec.get("topic"), hard_case=rec.get("hard_case"),
                )
            )
    return out, problems


def split_dev(sentences: list[CorpusSentence], dev_share: float = 0.15) -> tuple[list, list]:
    """Deterministic split by the sha1 of the row id (stable across machines)."""
    def key(s: CorpusSentence) -> str:
        return hashlib.sha1(s.id.encode("utf-8")).hexdigest()

    ranked = sorted(sentences, key=key)
    n_dev = int(round(dev_share * len(ranked)))
    dev_ids = {s.id for s in ranked[:n_dev]}
    return [s for s in sentences if s.id not in dev_ids], [s for s in sentences if s.id in dev_ids]


# Stand-in countries for canonical names: the k-th actor of a sentence is
# written as the k-th stand-in not already in the sentence.
STAND_INS = ("Norway", "Portugal", "Finland", "Denmark", "Austria", "Switzerland", "Estonia", "Latvia",
             "Greece", "Czech Republic")


class NameSwapper:
    """Replace actor mentions with other actors' names of the same kind.

    Used in training so that no actor carries a prior, in the name-swap
    invariance check, and (``canonical=True``) at inference: every catalog
    actor of a sentence is written as a fixed stand-in country, so a stance
    cannot depend on which actor fills the slot (CODEBOOK §2). Kinds come from
    the actor catalog's matcher (a country name is replaced by a country name,
    a capital by a capital, a leader by a leader, a demonym by a demonym).
    """

    def __init__(self, catalog=None, seed: int = 0):
        from ..actors import default_catalog

        self.catalog = catalog or default_catalog()
        self.rng = random.Random(seed)
        pools: dict[str, list[tuple[str, str]]] = {"name": [], "capital": [], "person": [], "demonym": []}
        for rec_id in self.catalog.ids:
            rec = self.catalog.record(rec_id)
            if self.catalog.actor_type(rec_id) != "country":
                continue
            if rec["names"]:
                pools["name"].append((rec_id, rec["names"][0]))
            if rec["capitals"]:
                pools["capital"].append((rec_id, rec["capitals"][0]))
            if rec["demonyms"]:
                pools["demonym"].append((rec_id, rec["demonyms"][0]))
            for p in rec["people"]:
                if p["terms"] and p["terms"][-1][1] is None and len(p["name"].split()) >= 2:
                    pools["person"].append((rec_id, p["name"]))
        self.pools = {k: v for k, v in pools.items() if len(v) >= 5}
        self._demonyms = {a.text for a in self.catalog.aliases() if a.kind == "demonym"}
        self._word = re.compile(r"\w")

    def swap(self, text: str, spans: list[tuple[int, int]], *, exclude: set[str] | None = None,
             canonical: bool = False):
        """Swap the mentions at ``spans`` (and other mentions of the same actors).

        With ``canonical=True`` the replacement is deterministic: the k-th
        actor of the sentence becomes the k-th of :data:`STAND_INS` that is
        not in the sentence. Returns ``(new_text, new_spans, mapping)``; spans
        that are not catalog names of a swappable kind stay as they are.
        """
        found = self.catalog.matcher.find(text)
        by_actor: dict[str, str] = {}
        replace: list[tuple[int, int, str]] = []
        used = set(exclude or ()) | {m.actor for m in found}
        for m in found:
            kind, start, end = m.kind, m.start, m.end
            surface = text[start:end]
            if surface.lower().startswith("the "):
                start += 4
                surface = surface[4:]
            if kind in ("body", "description", "state_media") and surface.split()[0] in self._demonyms:
                # "Russian troops" -> swap the demonym only
                kind, end = "demonym", start + len(surface.split()[0])
            elif kind == "description" or kind not in self.pools:
                continue
            if m.actor not in by_actor:
                if canonical:
                    free = [a for a in STAND_INS if a not in used]
                    if not free:
                        continue
                    new_actor = free[0]
                else:
                    choices = [c for c in self.pools[kind] if c[0] not in used]
                    if not choices:
                        continue
                    new_actor, _ = self.rng.choice(choices)
                by_actor[m.actor] = new_actor
                used.add(new_actor)
            new_actor = by_actor[m.actor]
            repl = dict(self.pools[kind]).get(new_actor)
            if repl is None:
                continue
            replace.append((start, end, repl))
        if not replace:
            return text, list(spans), {}
        # rebuild text and shift spans
        pieces, shifts, pos = [], [], 0
        for s, e, r in sorted(replace):
            pieces.append(text[pos:s])
            pieces.append(r)
            shifts.append((s, e, len(r) - (e - s)))
            pos = e
        pieces.append(text[pos:])
        new_text = "".join(pieces)

        def move(x: int) -> int:
            return x + sum(d for s, e, d in shifts if e <= x)

        new_spans = []
        for s, e in spans:
            hit = [r for r in shifts if r[0] <= s and e <= r[1]]
            if hit:  # the span was a replaced mention: it becomes the replacement
                rs, re_, d = hit[0]
                ns = move(rs)
                new_spans.append((ns, ns + (re_ - rs) + d))
            else:
                new_spans.append((move(s), move(e)))
        return new_text, new_spans, by_actor
