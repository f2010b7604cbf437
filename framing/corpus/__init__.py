"""Reading articles: files, folders, tables and in-memory data to one tidy table.

The first room of the pipeline (``../shared/DESIGN.md``): it knows about
articles, their metadata, ids and statuses, and nothing else.
"""

from __future__ import annotations

from framing.corpus._bundled import load_corpus
from framing.corpus._read import read_articles
from framing.corpus._status import (
    ARTICLE_STATUSES,
    STATUS_BINARY,
    STATUS_EMPTY,
    STATUS_NO_TEXT_EXTRACTED,
    STATUS_NON_ENGLISH,
    STATUS_NOT_TEXT,
    STATUS_OK,
    STATUS_TOO_LONG,
    article_status_counts,
)

__all__ = [
    "ARTICLE_STATUSES",
    "STATUS_BINARY",
    "STATUS_EMPTY",
    "STATUS_NON_ENGLISH",
    "STATUS_NOT_TEXT",
    "STATUS_NO_TEXT_EXTRACTED",
    "STATUS_OK",
    "STATUS_TOO_LONG",
    "article_status_counts",
    "load_corpus",
    "read_articles",
]
