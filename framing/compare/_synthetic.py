"""A synthetic result with known, planted differences between three outlets.

For tests, examples and benchmarks: the tables follow CODEBOOK §5 exactly,
the text is invented news prose, and the truth is in :data:`PLANTED`.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from framing.labels import CUE_CLASSES, SENTENCE_ATTR_FORMS, SOURCE_TYPES

OUTLETS = ("A", "B", "C")

#: The planted truth, per outlet. Shares are expected values over sentences.
PLANTED = {
    # P(against China) per sentence; each article draws its own rate from a Beta
    # with this mean (concentration KAPPA), so sentences of an article correlate.
    "china_against": {"A": 0.8, "B": 0.2, "C": 0.5},
    # favor = FAVOR_OF_REST * (1 - against); neutral gets the rest
    "favor_of_rest": 0.4,
    "russia_against": {"A": 0.3, "B": 0.3, "C": 0.3},  # no difference planted
    "hedged": {"A": 0.05, "B": 0.30, "C": 0.15},
    "loaded": {"A": 0.40, "B": 0.10, "C": 0.20},
    "agentless_passive": {"A": 0.2, "B": 0.2, "C": 0.2},
    "attr_form": {
        "A": {"none": 0.6, "direct": 0.1, "indirect": 0.2, "according_to": 0.1, "mixed": 0.0},
        "B": {"none": 0.3, "direct": 0.3, "indirect": 0.3, "according_to": 0.0, "mixed": 0.1},
        "C": {"none": 0.45, "direct": 0.2, "indirect": 0.2, "according_to": 0.1, "mixed": 0.05},
    },
    "source_type": {
        "A": {"official": 0.6, "state_media": 0.3, "unnamed": 0.1},
        "B": {"official": 0.3, "expert": 0.3, "media": 0.2, "unnamed": 0.2},
        "C": {"official": 0.4, "organization": 0.2, "document": 0.2, "citizen": 0.2},
    },
    "cue_class": {
        "A": {"neutral": 0.7, "evaluative": 0.3},
        "B": {"neutral": 0.6, "distancing": 0.3, "factive": 0.1},
        "C": {"neutral": 0.8, "evaluative": 0.1, "distancing": 0.1},
    },
    "security_defense": {"A": 0.6, "B": 0.2, "C": 0.4},
    "economic": {"A": 0.2, "B": 0.6, "C": 0.4},
    "china_agent": {"A": 0.6, "B": 0.3, "C": 0.45},
    # words planted in every China sentence of an outlet, and China's epithets
    "words": {"A": ("assertive", "coercive"), "B": ("pragmatic", "constructive"), "C": ("cautious", "measured")},
    "epithets": {"A": ("authoritarian power",), "B": ("key trading partner",), "C": ("rising power",)},
    "p_china": 0.6,
    "p_wire": 0.3,  # share of A and B articles that carry one syndicated wire sentence
}
KAPPA = 4.0

_MENTIONS = {"China": ("China", "Beijing"), "Russia": ("Russia", "Moscow")}
_STANCE_PHRASES = {
    "favor": "was praised for its role in brokering the latest round of talks",
    "against": "was blamed for the collapse of the latest round of talks",
    "neutral": "sent a delegation to the latest round of talks",
}
_TOPICS = ("the disputed shipping lanes", "the new tariff schedule", "the regional security pact",
           "the grain export corridor", "the planned summit in the autumn")
_SOURCES = {
    "official": "the foreign ministry spokesperson", "state_media": "the state news agency",
    "media": "a newspaper report", "document": "an official readout", "expert": "analyst Maria Lind",
    "organization": "a United Nations agency", "citizen": "a shopkeeper in the capital",
    "unnamed": "sources familiar with the matter",
}
_CUES = {"neutral": ("said", "say"), "evaluative": ("warned", "warn"),
         "factive": ("acknowledged", "acknowledge"), "distancing": ("claimed", "claim")}
_FILLERS = (
    "Trade between the two countries grew by {n} percent last year, according to customs figures.",
    "The talks are expected to continue later this month in the capital.",
    "Officials from several neighbouring states attended the opening session on {topic}.",
    "Shipping insurers have raised their premiums for vessels crossing {topic}.",
)
_SYLLABLES = ("ka", "ro", "vin", "me", "li", "dra", "vos", "ta", "nor", "sel", "bri", "gan", "do", "mir", "zel", "pu")


def _place(rng: np.random.Generator) -> str:
    """An invented place name, so that no two outlets print the same sentence by chance."""
    return "".join(_SYLLABLES[j] for j in rng.integers(len(_SYLLABLES), size=3)).capitalize()


_WIRE = (
    "The meeting of foreign ministers ended late on Tuesday without a joint statement on the future of the regional security pact.",
    "Grain shipments through the corridor fell sharply in the first quarter as insurers weighed the risks of the route.",
    "Delegations from more than twenty countries gathered in the conference hall for the opening of the annual trade forum.",
)


def _pick(rng: np.random.Generator, mix: dict[str, float]) -> str:
    labels = list(mix)
    p = np.array([mix[k] for k in labels], float)
    return labels[rng.choice(len(labels), p=p / p.sum())]


def synthetic_result(n_articles: int = 90, *, seed: int = 0, start: str = "2023-01-01") -> SimpleNamespace:
    """Make a small result with planted differences between outlets A, B and C.

    Parameters
    ----------
    n_articles : int, default 90
        Articles in all (split evenly over the three outlets).
    seed : int, default 0
        Seed of the draw.
    start : str, default "2023-01-01"
        First date; articles spread over six months from it.

    Returns
    -------
    types.SimpleNamespace
        With ``articles`` (including a ``text`` column), ``sentences``,
        ``attributions``, ``stances``, ``mentions`` and ``meta``, like a
        :class:`framing.result.Result`. The truth is :data:`PLANTED`.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    arts, sents, attrs, stances, ments = [], [], [], [], []
    for i in range(n_articles):
        outlet = OUTLETS[i % 3]
        doc_id = f"{outlet.lower()}{i:05d}"
        date = t0 + pd.Timedelta(days=int(rng.integers(0, 181)))
        mean = PLANTED["china_against"][outlet]
        p_against = rng.beta(mean * KAPPA, (1 - mean) * KAPPA)
        title = f"Diplomats meet again over {_TOPICS[i % len(_TOPICS)]}"
        meta = {"outlet": outlet, "date": date, "title": title, "url": f"https://example.org/{doc_id}",
                "outlet_kind": "state" if outlet == "A" else "independent",
                "country": {"A": "X", "B": "Y", "C": "Y"}[outlet]}
        body: list[str] = []
        pos = 0
        n_body = int(rng.integers(8, 13))
        wire_at = int(rng.integers(0, n_body)) if outlet in "AB" and rng.random() < PLANTED["p_wire"] else -1
        sents.append({"doc_id": doc_id, "sent_id": 0, "start_char": 0, "end_char": len(title),
                      "text": title, "attr_form": "none", "hedged": False, "loaded": False,
                      "loaded_terms": [], "agentless_passive": False, "frames": ["external_regulation_reputation"],
                      "part": "title", **meta})
        for s in range(1, n_body + 1):
            topic = _TOPICS[int(rng.integers(len(_TOPICS)))]
            actor = None
            if s - 1 == wire_at:
                text = _WIRE[int(rng.integers(len(_WIRE)))]
                if outlet == "B":  # a light edit by the second outlet
                    text = text.replace("late on Tuesday", "late Tuesday")
                form, core = "none", None
            else:
                r = rng.random()
                if r < PLANTED["p_china"]:
                    actor = "China"
                elif r < PLANTED["p_china"] + 0.2:
                    actor = "Russia"
                form = _pick(rng, PLANTED["attr_form"][outlet])
                core = None
                if actor is not None:
                    if actor == "China":
                        against = rng.random() < p_against
                        favor = not against and rng.random() < PLANTED["favor_of_rest"]
                    else:
                        against = rng.random() < PLANTED["russia_against"][outlet]
                        favor = not against and rng.random() < 0.43
                    stance = "against" if against else "favor" if favor else "neutral"
                    name = _MENTIONS[actor][int(rng.integers(2))]
                    epithet = None
                    if actor == "China" and rng.random() < 0.3:
                        epithet = PLANTED["epithets"][outlet][0]
                    art = "an" if epithet and epithet[0] in "aeiou" else "a"
                    lead = f"{name}, {art} {epithet}," if epithet else name
                    word = PLANTED["words"][outlet][int(rng.integers(2))] if actor == "China" else "firm"
                    core = f"{lead} {_STANCE_PHRASES[stance]}, taking a {word} line on {topic}"
                else:
                    core = _FILLERS[int(rng.integers(len(_FILLERS)))].format(n=int(rng.integers(2, 15)), topic=topic).rstrip(".")
                    core = core[0].lower() + core[1:]
                core = f"In {_place(rng)} and {_place(rng)}, {core}"
                if form != "none":
                    core = core[0].lower() + core[1:]
                if form == "none":
                    text, content_off = core + ".", 0
                else:
                    stype = _pick(rng, PLANTED["source_type"][outlet])
                    cclass = _pick(rng, PLANTED["cue_class"][outlet])
                    source, (cue, lemma) = _SOURCES[stype], _CUES[cclass]
                    if form == "direct":
                        text = f"\"{core[0].upper() + core[1:]},\" {source} {cue}."
                        content_off = 1
                        src_off = len(core) + 4
                    elif form == "according_to":
                        text = f"According to {source}, {core}."
                        content_off, src_off, cue, lemma = len(source) + 15, 13, "According to", "according to"
                    else:
                        prefix = f"{source[0].upper() + source[1:]} {cue} that "
                        text = prefix + (core + "." if form == "indirect" else f"{core}, a move it called \"unprecedented\".")
                        content_off, src_off = len(prefix), 0
                    cue_off = text.find(cue) if lemma != "according to" else 0
                    attrs.append({
                        "doc_id": doc_id, "sent_id": s, "form": form, "source": text[src_off:src_off + len(source)],
                        "source_type": stype, "cue": lemma, "cue_class": cclass,
                        "source_start": pos + src_off, "source_end": pos + src_off + len(source),
                        "cue_start": pos + cue_off, "cue_end": pos + cue_off + len(cue),
                        "content_start": pos + content_off, "content_end": pos + content_off + len(core), **meta,
                    })
                if actor is not None:
                    at = text.find(name)
                    stances.append({"doc_id": doc_id, "sent_id": s, "target": actor, "stance": stance,
                                    "voice": "authorial" if form == "none" else "attributed",
                                    "holder": None if form == "none" else _SOURCES.get(stype),
                                    "p_favor": float(stance == "favor"), "p_against": float(stance == "against"),
                                    "p_neutral": float(stance == "neutral"), **meta})
                    agent = rng.random() < PLANTED["china_agent"][outlet] if actor == "China" else rng.random() < 0.4
                    role = "agent" if agent else ("patient" if rng.random() < 0.7 else "other")
                    ments.append({"doc_id": doc_id, "sent_id": s, "actor": actor, "mention": name,
                                  "start_char": pos + at, "end_char": pos + at + len(name), "role": role,
                                  "epithets": [epithet] if epithet else [], "kind": "name", "part": "body", **meta})
            frames = []
            if rng.random() < PLANTED["security_defense"][outlet]:
                frames.append("security_defense")
            if rng.random() < PLANTED["economic"][outlet]:
                frames.append("economic")
            if not frames:
                frames.append("policy")
            sents.append({
                "doc_id": doc_id, "sent_id": s, "start_char": pos, "end_char": pos + len(text), "text": text,
                "attr_form": form, "hedged": bool(rng.random() < PLANTED["hedged"][outlet]),
                "loaded": bool(rng.random() < PLANTED["loaded"][outlet]), "loaded_terms": [],
                "agentless_passive": bool(rng.random() < PLANTED["agentless_passive"][outlet]),
                "frames": frames, "part": "body", **meta,
            })
            body.append(text)
            pos += len(text) + 1
        text = " ".join(body)
        arts.append({"doc_id": doc_id, **meta, "n_sentences": n_body + 1, "status": "ok", "text": text})
    assert set(SENTENCE_ATTR_FORMS) >= {f for m in PLANTED["attr_form"].values() for f in m}
    assert set(SOURCE_TYPES) >= {f for m in PLANTED["source_type"].values() for f in m}
    assert set(CUE_CLASSES) >= {f for m in PLANTED["cue_class"].values() for f in m}
    return SimpleNamespace(
        articles=pd.DataFrame(arts), sentences=pd.DataFrame(sents), attributions=pd.DataFrame(attrs),
        stances=pd.DataFrame(stances), mentions=pd.DataFrame(ments),
        meta={"synthetic": True, "seed": seed},
    )
