"""framing: measure media bias and framing in news.

Read articles, split them into sentences, find actor mentions, attribute
speech, score stance, frames and loaded wording, and compare outlets.
"""

from __future__ import annotations

__version__ = "0.1.0"
