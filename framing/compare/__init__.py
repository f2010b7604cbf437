"""Comparing outlets: shares with cluster-bootstrap intervals, tests, lexical contrast.

Works on the result tables only (CODEBOOK §5): no model is imported, so saved
results can be analysed on a machine without torch.

- :func:`compare_outlets`: a long table of a measure per group, with intervals.
- :func:`test_differences`: pairwise and omnibus tests, Holm-corrected.
- :func:`log_odds`: words or epithets that mark a group (Monroe et al. 2008).
- :func:`find_syndicated`, :func:`syndication_share`: shared wire copy.
- :func:`examples`: the sentences behind a cell, for close reading.
"""

from __future__ import annotations

from framing.compare._examples import examples
from framing.compare._lexical import log_odds
from framing.compare._measures import MEASURES
from framing.compare._outlets import compare_outlets, holm, test_differences
from framing.compare._syndication import find_syndicated, syndication_share
from framing.compare._synthetic import synthetic_result

__all__ = [
    "MEASURES",
    "compare_outlets",
    "examples",
    "find_syndicated",
    "holm",
    "log_odds",
    "synthetic_result",
    "syndication_share",
    "test_differences",
]
