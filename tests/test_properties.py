"""Property tests: arbitrary text never crashes a stage, and every offset points at its span.

Texts mix arbitrary unicode (control characters, combining marks, emoji,
right-to-left scripts) with news-like fragments (actor names, reporting verbs,
curly and straight quotes left unbalanced, datelines, blank lines, very long
lines), so that the rules actually fire on strange input.
"""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from framing.corpus import ARTICLE_STATUSES, read_articles  # noqa: E402
from framing.pipeline import prepare  # noqa: E402
from framing.segment import split_sentences  # noqa: E402

FRAGMENTS = [
    "Beijing", "Minsk", "Xi Jinping", "Lukashenko", "the Kremlin", "NATO", "Washington", "Chinese officials",
    " said ", " told reporters ", "according to ", " reportedly ", " claimed that ", " denied ", ", he said.",
    '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "(", ")", "[", "--", " \u2014 ",
    ". ", "? ", "! ", "...", "\n", "\n\n", "\r\n", "\t", "\x00", "\x0b", "\x1b", "\u2028", "\u200b", "\ufeff",
    "U.S.", "Mr. ", "Dr.", "No. 5", "3.5%", "e.g. ", "MINSK, March 1 (Reuters) - ", "BEIJING \u2014 ",
    "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u56fd", "e\u0301", "\U0001f600", "\ud7ff",
]

SOURCES = ["Xi Jinping", "Lukashenko", "The Kremlin", "Chinese officials", "A spokesman", "Reuters", "He"]
VERBS = ["said", "told reporters", "claimed", "denied", "warned", "insisted", "reportedly said"]
QUOTES = ['"', "\u201c", "\u201d", "'", "\u00ab", ""]
filler = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=6).map("".join)
# clauses shaped like reported speech, with noise inside and quotes that may not close
clause = st.one_of(
    st.builds(lambda o, body, c, s, v: f"{o}{body},{c} {s} {v}. ", st.sampled_from(QUOTES), filler,
              st.sampled_from(QUOTES), st.sampled_from(SOURCES), st.sampled_from(VERBS)),
    st.builds(lambda s, v, body: f"{s} {v} that {body}. ", st.sampled_from(SOURCES), st.sampled_from(VERBS), filler),
    st.builds(lambda s, body: f"According to {s}, {body}. ", st.sampled_from(SOURCES), filler),
)
news_text = st.lists(
    st.one_of(clause, clause, st.sampled_from(FRAGMENTS), st.text(max_size=12)),
    max_size=30,
).map("".join)
long_line = st.builds(lambda s, n: s * n, st.sampled_from(FRAGMENTS[:12] + ["word "]), st.integers(200, 3000))
any_text = st.one_of(news_text, st.text(max_size=300), long_line)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(st.fixed_dictionaries({"text": st.one_of(any_text, st.none(), st.integers())},
                                      optional={"title": st.one_of(news_text, st.none()), "outlet": st.text()}),
                max_size=8))
def test_read_articles_keeps_one_row_per_record(records):
    if not records:
        return
    df = read_articles(records)
    assert len(df) == len(records)
    assert df["doc_id"].is_unique
    assert set(df["status"]) <= set(ARTICLE_STATUSES)
    for rec, text, status in zip(records, df["text"], df["status"]):
        assert isinstance(text, str)
        if isinstance(rec["text"], str):
            # only newlines and a leading BOM may change
            expected = rec["text"].removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            assert text == expected
        else:
            assert text == "" and status in ("empty", "not_text")


@FAST
@given(any_text)
def test_split_sentences_gives_ordered_spans_inside_the_text(text):
    spans = split_sentences(text)
    prev_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= prev_end  # ordered, no overlap
        prev_end = end


@FAST
@given(any_text, st.one_of(st.none(), news_text))
def test_segment_and_mentions_offsets_point_at_their_text(text, title):
    doc, parses = prepare(text, title=title, parse=False)
    assert parses == []
    for i, s in enumerate(doc.sentences):
        assert s.sent_id == i
        part = doc.part_text(s.part)
        assert 0 <= s.start < s.end <= len(part)
        assert part[s.start : s.end] == s.text
    for q in doc.quotations:
        part = doc.part_text(q.part)
        assert 0 <= q.start < q.end <= len(part)
        assert all(doc.sentences[i].part == q.part for i in q.sent_ids)
    for m in doc.mentions:
        s = doc.sentences[m.sent_id]
        part = doc.part_text(s.part)
        assert s.start <= m.start < m.end <= s.end
        assert part[m.start : m.end] == m.mention


@pytest.mark.slow
@PARSED
@given(news_text, st.one_of(st.none(), news_text))
def test_attribution_offsets_stay_in_their_sentence(text, title):
    from framing.attribution import attribute
    from framing.labels import SENTENCE_ATTR_FORMS

    doc, parses = prepare(text, title=title)
    attribute(doc, parses)
    assert all(s.attr_form in SENTENCE_ATTR_FORMS for s in doc.sentences)
    for a in doc.attributions:
        # offsets point into the sentence's part; a sentence inside a quotation may carry the
        # speaker (and offsets) of the sentence that opens or closes it
        part = doc.part_text(doc.sentences[a.sent_id].part)
        for start, end in ((a.cue_start, a.cue_end), (a.source_start, a.source_end),
                           (a.content_start, a.content_end)):
            if start is None:
                assert end is None
                continue
            assert 0 <= start <= end <= len(part)
        if a.source_start is not None:
            assert part[a.source_start : a.source_end] == a.source
        if a.cue_start is not None:
            assert part[a.cue_start : a.cue_end].strip() != ""
