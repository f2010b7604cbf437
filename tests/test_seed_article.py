"""The hand-coded real article (../shared/eval/seed_article*.jsonl): Foundation figures.

`framing score` on the article must match at least 14 of the 15 gold sentence
boundaries and find at least 95% of the gold actor mentions with the right
actor. Skips where ../shared/eval is absent.
"""

from __future__ import annotations

import pytest

import framing

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def scored(seed_article, eval_dir):
    art, gold = seed_article
    res = framing.score(eval_dir / "seed_article_text.jsonl", tasks=["mentions"])
    return res, gold


def test_sentence_boundaries_match_the_gold(scored):
    res, gold = scored
    body = res.sentences.query("part == 'body'")
    got = set(zip(body.start_char, body.end_char))
    matched = sum((g["char_start"], g["char_end"]) in got for g in gold)
    assert matched >= 14, f"{matched}/15 gold sentences matched"


def test_actor_mentions_are_found_with_the_right_actor(scored):
    res, gold = scored
    body = res.mentions.query("part == 'body'")
    hits, total = 0, 0
    for g in gold:
        in_sent = body[(body.start_char >= g["char_start"]) & (body.end_char <= g["char_end"])]
        for gm in g["mentions"]:
            total += 1
            hits += any(
                (gm["mention"] in m or m in gm["mention"]) and a == gm["actor"]
                for m, a in zip(in_sent.mention, in_sent.actor)
            )
    assert total == 49
    assert hits / total >= 0.95, f"{hits}/{total} gold mentions found"


def test_no_dateline_or_description_false_alarms(scored):
    res, gold = scored
    body = res.mentions.query("part == 'body'")
    gold_texts = [gm["mention"] for g in gold for gm in g["mentions"]]
    extras = [m for m in body.mention if not any(m in t or t in m for t in gold_texts)]
    assert len(extras) <= 2, extras
