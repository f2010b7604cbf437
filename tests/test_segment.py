"""Tests for framing.segment: sentences, quotations, datelines, documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.batch import Document
from framing.segment import (
    DATELINE_RE,
    find_quotations,
    segment_document,
    split_sentences,
    strip_dateline,
)
from framing.segment._sentences import BULLET_RE

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def quotes(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_quotations(text)]


# --- abbreviations -----------------------------------------------------------

TITLES = "Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Sen. Rep. Gov. Pres. St. Rev. Sgt. Capt. Adm. Maj.".split()


@pytest.mark.parametrize("title", TITLES)
def test_title_abbreviation_does_not_end_sentence(title):
    text = f"The delegation was led by {title} Harrow on Tuesday. Talks began at noon."
    assert sents(text) == [
        f"The delegation was led by {title} Harrow on Tuesday.",
        "Talks began at noon.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "U.S. President Joe Biden met U.K. and E.U. envoys at the U.N. General Assembly. "
            "They disagreed.",
            ["U.S. President Joe Biden met U.K. and E.U. envoys at the U.N. General Assembly.",
             "They disagreed."],
        ),
        (
            "Sanctions were discussed in the U.S. The Kremlin dismissed them.",
            ["Sanctions were discussed in the U.S.", "The Kremlin dismissed them."],
        ),
        (
            "The vote opens at 7 a.m. Monday and closes at 8 p.m. local time. Turnout was low.",
            ["The vote opens at 7 a.m. Monday and closes at 8 p.m. local time.", "Turnout was low."],
        ),
        (
            "Polls closed at 9 p.m. The count began at once.",
            ["Polls closed at 9 p.m.", "The count began at once."],
        ),
        (
            "The ceasefire ran from Jan. 3 to Feb. 28 and again from Aug. 1 until Sept. 15. "
            "It collapsed on Oct. 2, Nov. 9 and Dec. 24.",
            ["The ceasefire ran from Jan. 3 to Feb. 28 and again from Aug. 1 until Sept. 15.",
             "It collapsed on Oct. 2, Nov. 9 and Dec. 24."],
        ),
        (
            "On Feb. 28 the minister flew to Minsk. She returned.",
            ["On Feb. 28 the minister flew to Minsk.", "She returned."],
        ),
        (
            "Protesters gathered outside No. 10 on Friday. Police watched.",
            ["Protesters gathered outside No. 10 on Friday.", "Police watched."],
        ),
        (
            "The case of Smith vs. Jones was dismissed. Both sides appealed.",
            ["The case of Smith vs. Jones was dismissed.", "Both sides appealed."],
        ),
        (
            "Exports of grain, steel, fertiliser etc. fell sharply. Imports rose.",
            ["Exports of grain, steel, fertiliser etc. fell sharply.", "Imports rose."],
        ),
        (
            "They shipped tanks, drones, shells, etc. The deliveries began in spring.",
            ["They shipped tanks, drones, shells, etc.", "The deliveries began in spring."],
        ),
        (
            "Shares of Northwind Inc. rose while Contoso Corp. and Fabrikam Ltd. fell. Analysts shrugged.",
            ["Shares of Northwind Inc. rose while Contoso Corp. and Fabrikam Ltd. fell.",
             "Analysts shrugged."],
        ),
        (
            "The contract went to Acme Co. The rival bid from Globex Inc. Chief Executive Ann Lee failed.",
            ["The contract went to Acme Co.",
             "The rival bid from Globex Inc. Chief Executive Ann Lee failed."],
        ),
        (
            "George W. Bush praised J.R.R. Tolkien in a speech. Critics laughed.",
            ["George W. Bush praised J.R.R. Tolkien in a speech.", "Critics laughed."],
        ),
    ],
)
def test_abbreviations(text, expected):
    assert sents(text) == expected


# --- numbers and ellipsis ----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Inflation rose 3.5 percent in March. Economists were surprised.",
            ["Inflation rose 3.5 percent in March.", "Economists were surprised."],
        ),
        (
            "The loan is worth $1.2 billion. It is due in 2030.",
            ["The loan is worth $1.2 billion.", "It is due in 2030."],
        ),
        (
            "The agency released version 2.0 of the app. It crashed.",
            ["The agency released version 2.0 of the app.", "It crashed."],
        ),
        (
            "The fine was 1,200.50 euros. He paid it.",
            ["The fine was 1,200.50 euros.", "He paid it."],
        ),
        (
            "The envoy said the talks were ... difficult, and left early. Nobody followed.",
            ["The envoy said the talks were ... difficult, and left early.", "Nobody followed."],
        ),
        (
            "The spokesman paused… and then declined to comment. The briefing ended.",
            ["The spokesman paused… and then declined to comment.", "The briefing ended."],
        ),
        (
            "The president hesitated... Then he signed the decree.",
            ["The president hesitated...", "Then he signed the decree."],
        ),
        (
            "World War II ended in 1945. Europe rebuilt.",
            ["World War II ended in 1945.", "Europe rebuilt."],
        ),
    ],
)
def test_numbers_and_ellipsis(text, expected):
    assert sents(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Imagine what a coalition would do! — is the question critics keep asking. Few answer.",
            ["Imagine what a coalition would do! — is the question critics keep asking.", "Few answer."],
        ),
        (
            "The envoy waited…. They’re still waiting. Nobody came.",
            ["The envoy waited….", "They’re still waiting.", "Nobody came."],
        ),
        (
            "He said the treaty was dead... NATO disagreed.",
            ["He said the treaty was dead... NATO disagreed."],
        ),
    ],
)
def test_dashes_and_ellipsis_openers(text, expected):
    assert sents(text) == expected


# --- punctuation inside quotes -------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win." He said.', ['"We will win."', "He said."]),
        (
            '"We cooperate in all avenues," Lukashenko said. The talks went on.',
            ['"We cooperate in all avenues," Lukashenko said.', "The talks went on."],
        ),
        ('"Is this fair?" she asked.', ['"Is this fair?" she asked.']),
        ('"Enough!" the crowd shouted at the envoy.', ['"Enough!" the crowd shouted at the envoy.']),
        (
            "“Who pays for this?” asked one farmer. Nobody answered.",
            ["“Who pays for this?” asked one farmer.", "Nobody answered."],
        ),
        (
            '"Is this fair?" Lukashenko asked. Li smiled.',
            ['"Is this fair?" Lukashenko asked.', "Li smiled."],
        ),
        (
            'Why did Minsk agree? The answer is money.',
            ["Why did Minsk agree?", "The answer is money."],
        ),
        (
            "The bloc called the plan “a farce.” Moscow disagreed.",
            ["The bloc called the plan “a farce.”", "Moscow disagreed."],
        ),
    ],
)
def test_punctuation_inside_quotes(text, expected):
    assert sents(text) == expected


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”"), ("«", "»")])
def test_multi_sentence_quotation_links_sentences(open_, close):
    text = f"{open_}We cooperate. Most importantly, we never lie,{close} he said. Talks resumed."
    doc = Document("d", text)
    segment_document(doc)
    assert [s.text for s in doc.sentences] == [
        f"{open_}We cooperate.",
        f"Most importantly, we never lie,{close} he said.",
        "Talks resumed.",
    ]
    assert len(doc.quotations) == 1
    q = doc.quotations[0]
    assert text[q.start : q.end] == f"{open_}We cooperate. Most importantly, we never lie,{close}"
    assert q.balanced
    assert q.sent_ids == [0, 1]
    assert doc.sentences[0].quote_ids == doc.sentences[1].quote_ids == [0]
    assert doc.sentences[2].quote_ids == []


# --- quotations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He called it "a farce" and left.', ['"a farce"']),
        ("He called it “a farce” and “a shame”.", ["“a farce”", "“a shame”"]),
        ("Le ministre a parlé de «coopération» hier.", ["«coopération»"]),
        ("She praised her ‘old friend’ in Beijing.", ["‘old friend’"]),
        ("Minsk hails 'old friend' Xi", ["'old friend'"]),
        ("I don’t think Beijing’s plan or Belarus’ role matters, he said.", []),
        ("Music from the '90s and rock 'n' roll, as they say, won't die.", []),
        ('"He told me \'never\' twice," she said.', ['"He told me \'never\' twice,"']),
        ("A 6\" pipe burst in the basement.", []),
    ],
)
def test_find_quotations(text, expected):
    assert quotes(text) == expected
    assert all(b for _, _, b in find_quotations(text))


def test_quotation_over_paragraph_break():
    text = (
        '"We will not give up an inch of our land.\n\n'
        '"Our soldiers know what they are fighting for," the general said.\n\n'
        "The briefing ended."
    )
    (span,) = find_quotations(text)
    assert span[2] is True
    assert text[span[0] : span[1]].startswith('"We will not')
    assert text[span[0] : span[1]].endswith('fighting for,"')
    doc = Document("d", text)
    segment_document(doc)
    assert [s.paragraph for s in doc.sentences] == [0, 1, 2]
    assert doc.quotations[0].sent_ids == [0, 1]


@pytest.mark.parametrize(
    "text, expected",
    [
        # opening mark with no close: ends at its paragraph, unbalanced
        ('"We will not give up.\n\nThe minister left early.', ['"We will not give up.']),
        # closing mark whose opening was lost in extraction
        ('we never lie," he said. The talks went on.', ['we never lie,"']),
        ('He said “nobody knows “what comes next,” she said.', ["“nobody knows", "“what comes next,”"]),
    ],
)
def test_unbalanced_quotations(text, expected):
    spans = find_quotations(text)
    assert [text[s:e] for s, e, _ in spans] == expected
    assert not spans[0][2]


# --- paragraphs, lines, bullets, headings ------------------------------------------


@pytest.mark.parametrize("sep", ["\n\n", "\r\n\r\n", "\n \n", "\n\n\n\n", "\u2029"])
def test_paragraph_break_always_ends_sentence(sep):
    text = f"The talks ended without a deal{sep}Both sides blamed each other"
    assert sents(text) == ["The talks ended without a deal", "Both sides blamed each other"]


def test_single_newline_inside_paragraph_is_a_space():
    text = "The minister met his counterpart in\nBeijing on Monday for talks on trade and\nsecurity. They agreed."
    assert sents(text) == [
        "The minister met his counterpart in\nBeijing on Monday for talks on trade and\nsecurity.",
        "They agreed.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The package includes:\n- new tariffs on steel\n* a ban on drone parts\n• travel bans for officials",
            ["The package includes:", "new tariffs on steel", "a ban on drone parts",
             "travel bans for officials"],
        ),
        (
            "What we know\n1. The strike hit a depot.\n2. Two people died. Rescue work goes on.",
            ["What we know", "The strike hit a depot.", "Two people died.", "Rescue work goes on."],
        ),
        (
            "- Grain exports resumed\n\n- Fertiliser prices fell",
            ["Grain exports resumed", "Fertiliser prices fell"],
        ),
    ],
)
def test_bullets(text, expected):
    assert sents(text) == expected
    for s, _ in split_sentences(text):
        assert text[s] not in "-*•"


def test_bullet_item_continues_on_indented_line():
    text = "- The ministry said it would raise\n  tariffs on steel.\n- Talks resume in June."
    assert sents(text) == ["The ministry said it would raise\n  tariffs on steel.", "Talks resume in June."]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Key Takeaways From The Summit\nThe leaders agreed to meet again in June.",
            ["Key Takeaways From The Summit", "The leaders agreed to meet again in June."],
        ),
        (
            "Belarus Hails Ties With China\n\nThe president spoke on Wednesday.",
            ["Belarus Hails Ties With China", "The president spoke on Wednesday."],
        ),
        (
            "Officials in Minsk and Beijing met on Monday to discuss a long list of\n"
            "Trade disputes and security questions. They agreed.",
            ["Officials in Minsk and Beijing met on Monday to discuss a long list of\n"
             "Trade disputes and security questions.", "They agreed."],
        ),
    ],
)
def test_headings(text, expected):
    assert sents(text) == expected


# --- datelines -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, first",
    [
        ("MINSK, March 1 (Reuters) - Belarusian officials met on Monday.", "Belarusian officials"),
        ("BEIJING — The foreign ministry said talks would go on.", "The foreign ministry"),
        ("KYIV, Ukraine (AP) — Air raid sirens sounded overnight.", "Air raid sirens"),
        ("WASHINGTON (Reuters) -- Lawmakers passed the bill.", "Lawmakers passed"),
        ("NEW YORK, Feb. 3 (AP) — Markets fell.", "Markets fell"),
        ("Washington (CNN) — The Senate voted.", "The Senate voted"),
        ("(CNN) — The Senate voted.", "The Senate voted"),
    ],
)
def test_dateline_excluded(text, first):
    (s, e), = split_sentences(text)
    assert text[s:e].startswith(first)
    assert strip_dateline(text, 0) == s
    assert DATELINE_RE.match(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "NATO — the alliance's largest member — disagreed.",
        "Belarus shares a border with Ukraine.",
        "China - a key partner - stayed silent.",
    ],
)
def test_no_false_dateline(text):
    assert strip_dateline(text, 0) == 0
    assert split_sentences(text) == [(0, len(text))]


def test_dateline_only_in_later_paragraph_start():
    text = "By a staff reporter\n\nMINSK (Reuters) - Belarus said it would. It did."
    assert sents(text) == ["By a staff reporter", "Belarus said it would.", "It did."]


# --- robustness ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, n",
    [
        ("", 0),
        ("   \n\n \t ", 0),
        ("no terminal punctuation at all", 1),
        ("\x00\x01 control \x1f chars. More\x7f text.", 2),
        ("Strikes hit Kyiv 😀. 北京表示反对。 The talks in القاهرة ended.", 3),
        ("x" * 100_000, 1),
        ("word " * 20_000, 1),
        ("Talks ended" + " " * 100_000 + ". Both sides left.", 2),  # no quadratic strip
        ("Mr. " * 20_000, 1),
        ("'a " * 20_000, 1),
        (". . . ! ? ...", None),
        ('"""""" \'\'\' ’’’ ‘‘‘', None),
    ],
)
def test_never_crashes(text, n):
    spans = split_sentences(text)
    if n is not None:
        assert len(spans) == n
    assert_valid_spans(text, spans)
    for s, e, _ in find_quotations(text):
        assert 0 <= s < e <= len(text)


def test_type_error_names_the_fix():
    with pytest.raises(TypeError, match="str"):
        split_sentences(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="doc_id='x'"):
        segment_document(Document("x", 3.5))  # type: ignore[arg-type]


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        prev = e


TOKENS = list("abcXYZ .,!?…\"'“”‘’«»()-*•—。\n\r\t\u00a01") + [
    "Mr.", "U.S.", "No.", "\n\n", "\r\n", "BEIJING — ", "1. ", "- ", "The ", "he said",
]


def uncovered_is_marker(text: str, spans: list[tuple[int, int]]) -> bool:
    """Every non-space char outside the sentences is a bullet marker or dateline."""
    covered = bytearray(len(text))
    for s, e in spans:
        covered[s:e] = b"\x01" * (e - s)
    allowed = bytearray(len(text))
    for m in re.finditer(r"[^\r\n\u2028\u2029]+", text):
        c = re.compile(r"\S").search(text, m.start(), m.end())
        if c is None:
            continue
        for pat in (BULLET_RE, DATELINE_RE):
            mm = pat.match(text, c.start(), m.end())
            if mm is not None:
                allowed[c.start() : mm.end()] = b"\x01" * (mm.end() - c.start())
    return all(
        covered[i] or allowed[i] or ch.isspace() for i, ch in enumerate(text)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=120).map("".join) | st.text(max_size=200))
def test_property_offsets_valid(text):
    spans = split_sentences(text)
    assert_valid_spans(text, spans)
    assert uncovered_is_marker(text, spans)
    prev = 0
    for s, e, b in find_quotations(text):
        assert prev <= s < e <= len(text)
        assert isinstance(b, bool)
        prev = e


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=60)))
def test_property_document(text, title):
    doc = Document("p", text, title=title)
    segment_document(doc)
    assert [s.sent_id for s in doc.sentences] == list(range(len(doc.sentences)))
    assert [q.quote_id for q in doc.quotations] == list(range(len(doc.quotations)))
    for s in doc.sentences:
        assert doc.part_text(s.part)[s.start : s.end] == s.text
        for qid in s.quote_ids:
            assert s.sent_id in doc.quotations[qid].sent_ids
    for q in doc.quotations:
        for sid in q.sent_ids:
            assert doc.sentences[sid].part == q.part
            assert q.quote_id in doc.sentences[sid].quote_ids


# --- documents ------------------------------------------------------------------


def test_segment_document_title_and_body():
    title = "  Belarus hails ‘old friend’ China. Xi to meet Lukashenko  "
    text = (
        "BEIJING — The Belarusian leader arrived on Tuesday. He met Mr. Li.\n\n"
        '"Our ties are strong," he said.'
    )
    doc = Document("d1", text, title=title)
    segment_document(doc)
    parts = [s.part for s in doc.sentences]
    assert parts == ["title", "body", "body", "body"]
    t = doc.sentences[0]
    assert t.text == "Belarus hails ‘old friend’ China. Xi to meet Lukashenko"
    assert title[t.start : t.end] == t.text and t.paragraph == 0
    assert [s.paragraph for s in doc.sentences[1:]] == [0, 0, 1]
    assert doc.sentences[1].text.startswith("The Belarusian leader")
    assert [(q.part, q.sent_ids) for q in doc.quotations] == [("title", [0]), ("body", [3])]
    assert doc.sentences[0].quote_ids == [0] and doc.sentences[3].quote_ids == [1]


@pytest.mark.parametrize("title", [None, "", "   "])
def test_segment_document_without_title(title):
    doc = Document("d2", "The talks ended. Nobody won.", title=title)
    segment_document(doc)
    assert [(s.sent_id, s.part) for s in doc.sentences] == [(0, "body"), (1, "body")]


def test_segment_document_replaces_previous_output():
    doc = Document("d3", "One. Two.")
    segment_document(doc)
    segment_document(doc)
    assert len(doc.sentences) == 2


# --- the codebook's worked article ------------------------------------------------


@pytest.mark.eval
def test_seed_article_sentences_and_quotes():
    text_path = EVAL_DIR / "seed_article_text.jsonl"
    gold_path = EVAL_DIR / "seed_article.jsonl"
    if not (text_path.exists() and gold_path.exists()):
        pytest.skip(f"evaluation data not found under {EVAL_DIR}")
    row = json.loads(text_path.read_text(encoding="utf-8").splitlines()[0])
    gold = [
        (r["char_start"], r["char_end"])
        for r in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines())
        if r.get("split") in (None, "dev")
    ]
    pred = split_sentences(row["text"])
    hits = sum(1 for g in gold if g in set(pred))
    assert len(gold) == 15
    assert hits >= 14, f"{hits}/15 gold sentences reproduced"

    doc = Document(row["doc_id"], row["text"], title=row.get("title"))
    segment_document(doc)
    body = [s for s in doc.sentences if s.part == "body"]
    for a, b in ((3, 4), (5, 6)):
        assert body[a].quote_ids and body[a].quote_ids == body[b].quote_ids
        q = doc.quotations[body[a].quote_ids[0]]
        assert q.balanced and len(q.sent_ids) == 2
