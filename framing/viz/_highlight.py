"""Highlighting an article: a plain dict of spans first, HTML second (displaCy manual=True)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from framing.compare._tables import as_tables, with_part

KINDS = ("content", "source", "cue", "mention")

_CSS = """
.fr-article{font-family:Georgia,serif;line-height:1.9;max-width:52em}
.fr-article h3{font-family:sans-serif}
.fr-content{background:#E6F0FA}
.fr-source{border-bottom:2px solid #0072B2}
.fr-cue{font-weight:bold;color:#0072B2}
.fr-mention{background:#FCE8CF;border-radius:3px;padding:0 2px}
.fr-legend span{margin-right:1em;font-family:sans-serif;font-size:80%}
"""


def _text_of(tables, doc_id: str) -> str:
    if tables.texts is not None:
        try:
            return str(tables.texts[doc_id])
        except (KeyError, IndexError, TypeError):
            pass
    arts = tables.articles
    if "text" not in arts.columns:
        raise ValueError(
            "highlight needs the article text, but the result's articles table has no 'text' "
            "column (and the result has no 'texts' mapping). Score with the texts kept, or add "
            "them: result.articles['text'] = ..."
        )
    hit = arts.loc[arts["doc_id"] == doc_id, "text"]
    if hit.empty:
        raise KeyError(f"No article with doc_id {doc_id!r} in the result.")
    return "" if pd.isna(hit.iloc[0]) else str(hit.iloc[0])


@dataclass
class HighlightedArticle:
    """An article with its mentions and attributions as spans.

    ``to_dict()`` gives ``{"doc_id", "title", "text", "spans"}``, each span a
    dict with ``start``, ``end`` (offsets into ``text``), ``label``, ``kind``
    (``"mention"``, ``"source"``, ``"cue"`` or ``"content"``) and ``title``
    (the tooltip). ``to_html()`` renders it, escaping all text.
    """

    doc_id: str
    text: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The plain dict of spans (like displaCy's ``manual=True`` input)."""
        return {"doc_id": self.doc_id, "title": self.title, "text": self.text,
                "spans": [dict(s) for s in self.spans]}

    def to_html(self, *, standalone: bool = False) -> str:
        """HTML with one ``<span>`` per run of text that the same spans cover.

        Overlapping spans are drawn by cutting the text at every span boundary;
        each piece carries the classes and tooltips of all spans over it.
        """
        text = self.text
        cuts = {0, len(text)}
        for s in self.spans:
            cuts.update((max(0, min(len(text), s["start"])), max(0, min(len(text), s["end"]))))
        bounds = sorted(cuts)
        pieces = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            chunk = html.escape(text[a:b])
            over = [s for s in self.spans if s["start"] <= a and s["end"] >= b and s["start"] < s["end"]]
            if not over:
                pieces.append(chunk)
                continue
            classes = " ".join(sorted({f"fr-{s['kind']}" for s in over}))
            tip = html.escape(" · ".join(dict.fromkeys(s["title"] for s in over)), quote=True)
            pieces.append(f'<span class="{classes}" title="{tip}">{chunk}</span>')
        heading = f"<h3>{html.escape(self.title)}</h3>" if self.title else ""
        legend = ('<div class="fr-legend"><span class="fr-mention">actor mention</span>'
                  '<span class="fr-source">source</span><span class="fr-cue">cue</span>'
                  '<span class="fr-content">reported content</span></div>')
        body = f'<div class="fr-article">{heading}{legend}<p>{"".join(pieces)}</p></div>'
        style = f"<style>{_CSS}</style>"
        if standalone:
            return f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head><body>{body}</body></html>'
        return style + body

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"HighlightedArticle(doc_id={self.doc_id!r}, {len(self.text)} chars, {len(self.spans)} spans)"


def _int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def highlight(result: Any, doc_id: str) -> HighlightedArticle:
    """Mark an article's actor mentions, sources, cues and reported content.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result whose ``articles`` table has a ``text`` column (or
        that has a ``texts`` mapping doc_id -> text).
    doc_id : str
        The article.

    Returns
    -------
    HighlightedArticle
        ``.to_dict()`` for the spans, ``.to_html()`` (also shown in notebooks).

    Raises
    ------
    ValueError
        When the result holds no article text.
    KeyError
        When there is no such article.

    Notes
    -----
    Only body spans are drawn: title offsets point into the title, not the
    text.
    """
    tables = as_tables(result)
    text = _text_of(tables, doc_id)
    title = None
    if "title" in tables.articles.columns:
        t = tables.articles.loc[tables.articles["doc_id"] == doc_id, "title"]
        title = None if t.empty or pd.isna(t.iloc[0]) else str(t.iloc[0])
    spans: list[dict[str, Any]] = []
    attrs = with_part(tables.attributions, tables.sentences)
    attrs = attrs[attrs["doc_id"] == doc_id] if not attrs.empty else attrs
    for row in attrs.itertuples(index=False):
        if getattr(row, "part", "body") == "title":
            continue
        desc = f"{row.form} attribution; source: {row.source} ({row.source_type}); cue: {row.cue} ({row.cue_class})"
        for kind, a, b, label in (
            ("content", row.content_start, row.content_end, row.form),
            ("source", row.source_start, row.source_end, row.source_type),
            ("cue", row.cue_start, row.cue_end, row.cue_class),
        ):
            a, b = _int(a), _int(b)
            if a is None or b is None or b <= a:
                continue
            spans.append({"start": a, "end": b, "label": None if pd.isna(label) else str(label),
                          "kind": kind, "title": desc})
    ments = with_part(tables.mentions, tables.sentences)
    ments = ments[ments["doc_id"] == doc_id] if not ments.empty else ments
    for row in ments.itertuples(index=False):
        if getattr(row, "part", "body") == "title":
            continue
        eps = row.epithets if isinstance(row.epithets, (list, tuple)) else list(row.epithets) if hasattr(row.epithets, "__len__") and not isinstance(row.epithets, str) else []
        tip = f"{row.actor} ({row.role})" + (f"; epithets: {', '.join(map(str, eps))}" if len(eps) else "")
        spans.append({"start": int(row.start_char), "end": int(row.end_char), "label": str(row.actor),
                      "kind": "mention", "title": tip})
    spans.sort(key=lambda s: (s["start"], -s["end"], KINDS.index(s["kind"])))
    return HighlightedArticle(doc_id=doc_id, text=text, spans=spans, title=title)
