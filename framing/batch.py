"""The batch: the one plain, typed structure that every stage adds to.

A :class:`Document` holds its sentences, quotations and actor mentions (and,
once those stages run, attributions and stances). Stages never re-read,
re-split or re-parse what an earlier stage produced; the tables of CODEBOOK §5
are built from the batch once, at the end (:mod:`framing.result`).

All character offsets are into the article text (``Document.text``) for body
sentences, and into the title (``Document.title``) for the title sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Quotation:
    """A quotation: the span between an opening and a closing quote mark.

    ``start``/``end`` include the quote marks. ``sent_ids`` lists the sentences
    that the quotation overlaps, in order; a quotation over several sentences
    links them, so that attribution can give every sentence of the quotation the
    speaker of the sentence that opens or closes it.
    """

    quote_id: int
    part: str
    start: int
    end: int
    balanced: bool = True
    sent_ids: list[int] = field(default_factory=list)


@dataclass
class Sentence:
    """A sentence of an article (or its title) with its character offsets."""

    sent_id: int
    part: str  # "title" | "body"
    start: int
    end: int
    text: str
    paragraph: int = 0
    # quotations (ids into Document.quotations) overlapping this sentence
    quote_ids: list[int] = field(default_factory=list)
    # filled by later stages; None = not scored
    attr_form: str | None = None
    hedged: bool | None = None
    loaded: bool | None = None
    loaded_terms: list[str] | None = None
    agentless_passive: bool | None = None
    frames: list[str] | None = None


@dataclass
class Mention:
    """A mention of a catalog actor: ``mention`` is the matched text."""

    sent_id: int
    actor: str
    mention: str
    start: int
    end: int
    kind: str = "name"  # which alias kind matched: name, person, capital, demonym, body, media, ...
    role: str | None = None
    epithets: list[str] | None = None


@dataclass
class Attribution:
    """One reporting event (CODEBOOK §1)."""

    sent_id: int
    form: str
    source: str | None
    source_type: str | None
    cue: str | None
    cue_class: str | None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None


@dataclass
class Stance:
    """One (sentence, target) evaluation (CODEBOOK §2)."""

    sent_id: int
    target: str
    stance: str
    voice: str
    holder: str | None = None
    p_favor: float | None = None
    p_against: float | None = None
    p_neutral: float | None = None


@dataclass
class Document:
    """An article moving through the pipeline."""

    doc_id: str
    text: str
    title: str | None = None
    date: Any = None  # pandas.Timestamp or None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "ok"
    sentences: list[Sentence] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    def part_text(self, part: str) -> str:
        """The text that offsets of ``part`` ("title" or "body") point into."""
        return (self.title or "") if part == "title" else self.text
