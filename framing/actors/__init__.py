"""Actors: the catalog (data files), alias matching and dates in office.

>>> from framing.actors import ActorCatalog
>>> cat = ActorCatalog.default()
>>> [m.actor for m in cat.matcher.find("Beijing's envoy met Belarusian officials.")]
['China', 'Belarus']
"""

from __future__ import annotations

import bisect
import datetime as _dt

from ..batch import Document, Mention
from ._catalog import ACTOR_TYPES, ALIAS_KINDS, ActorCatalog, Alias

__all__ = ["ACTOR_TYPES", "ALIAS_KINDS", "ActorCatalog", "Alias", "find_mentions"]


def _as_date(value) -> _dt.date | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def find_mentions(doc: Document, catalog: ActorCatalog | None = None) -> None:
    """Fill ``doc.mentions`` with the catalog's actor mentions, sentence by sentence.

    Runs one matcher pass over the title and one over the body; a mention
    outside every sentence (a dateline, a bullet marker) is dropped.

    Parameters
    ----------
    doc : Document
        A segmented document (``framing.segment.segment_document`` ran).
    catalog : ActorCatalog, optional
        Defaults to :meth:`ActorCatalog.default`.
    """
    catalog = catalog or default_catalog()
    matcher = catalog.matcher
    date = _as_date(doc.date)
    known: set[str] = set()
    mentions: list[Mention] = []
    for part in ("title", "body"):
        sents = [s for s in doc.sentences if s.part == part]
        if not sents:
            continue
        text = doc.part_text(part)
        starts = [s.start for s in sents]
        for raw in matcher.find(text, date=date, known_people=known):
            i = bisect.bisect_right(starts, raw.start) - 1
            if i < 0:
                continue
            sent = sents[i]
            if raw.end > sent.end:
                continue
            mentions.append(
                Mention(sent_id=sent.sent_id, actor=raw.actor, mention=raw.text,
                        start=raw.start, end=raw.end, kind=raw.kind)
            )
    doc.mentions = mentions


_DEFAULT: ActorCatalog | None = None


def default_catalog() -> ActorCatalog:
    """The shipped catalog, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ActorCatalog.default()
    return _DEFAULT
