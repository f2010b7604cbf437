"""framing.syntax: roles, epithets and agentless passives (CODEBOOK §3).

Every sentence here was written for these tests (news prose in the style of
wire copy); none comes from an evaluation set.
"""

from __future__ import annotations

import re

import pytest

from framing.batch import Document, Mention, Sentence
from framing.labels import ROLES
from framing.syntax import cast_roles, epithet_terms, load_lexicon


def make_doc(text: str, mentions: list[tuple[str, str]]) -> Document:
    """A one-paragraph Document, split on sentence-final punctuation, with mentions.

    ``mentions`` holds (surface text, kind) pairs; each is found left to right in
    the text (a repeated name is the next occurrence).
    """
    doc = Document(doc_id="t", text=text)
    for i, m in enumerate(re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", text)):
        doc.sentences.append(Sentence(i, "body", m.start(), m.end(), m.group(0)))
    pos = 0
    for surface, kind in mentions:
        hit = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)").search(text, pos)
        assert hit is not None, f"{surface!r} not in test text"
        pos = hit.start() + 1
        sid = next(s.sent_id for s in doc.sentences if s.start <= hit.start() < s.end)
        doc.mentions.append(Mention(sid, surface, surface, hit.start(), hit.end(), kind=kind))
    return doc


def run(nlp, text: str, mentions: list[tuple[str, str]]) -> Document:
    doc = make_doc(text, mentions)
    cast_roles(doc, list(nlp.pipe([s.text for s in doc.sentences])))
    return doc


def mention(doc: Document, surface: str) -> Mention:
    return next(m for m in doc.mentions if m.mention == surface)


# --- roles ------------------------------------------------------------------

ROLE_CASES = [
    # agent: subject of an active verb (also a reporting verb's source)
    ("Russian troops shelled the port overnight, Ukrainian officials said.",
     [("Ukrainian officials", "body")], "Ukrainian officials", "agent"),
    # agent: by-agent of a passive
    ("The new sanctions were announced by the European Union on Monday.",
     [("the European Union", "name")], "the European Union", "agent"),
    # agent: possessor of an event noun
    ("Moscow's invasion has displaced millions of people.",
     [("Moscow", "capital")], "Moscow", "agent"),
    # agent: demonym modifying an event noun
    ("Russian airstrikes hit the energy grid again on Thursday.",
     [("Russian", "demonym")], "Russian", "agent"),
    # agent: inside a coordinated subject
    ("Beijing and Moscow have signed a new energy agreement.",
     [("Beijing", "capital"), ("Moscow", "capital")], "Moscow", "agent"),
    # agent > patient: subject of a passive and of a later active conjunct
    ("Iran was sanctioned last year and has since expanded its drone exports.",
     [("Iran", "name")], "Iran", "agent"),
    # agent: nominal by-phrase ("claims by X")
    ("The claims by Washington were dismissed in Beijing as baseless.",
     [("Washington", "capital"), ("Beijing", "capital")], "Washington", "agent"),
    # agent: passive perception verb lends its subject the complement's role
    ("Putin was seen greeting the visiting delegation at the airport.",
     [("Putin", "person")], "Putin", "agent"),
    # agent: subject inside a reported-speech content clause
    ("The minister said Minsk would keep buying Russian gas.",
     [("Minsk", "capital")], "Minsk", "agent"),
    # agent: a name that modifies an actor noun ("Kremlin spokesman")
    ("Kremlin spokesman Dmitry Peskov rejected the report.",
     [("Kremlin", "seat"), ("Dmitry Peskov", "person")], "Kremlin", "agent"),
    # patient: direct object
    ("Western governments condemned Minsk for hosting the exercises.",
     [("Minsk", "capital")], "Minsk", "patient"),
    # patient: passive subject without agent
    ("Ukraine was invaded in February 2022.",
     [("Ukraine", "name")], "Ukraine", "patient"),
    # patient: target of an event noun ("strikes on X")
    ("The missile strikes on Kyiv killed three civilians.",
     [("Kyiv", "capital")], "Kyiv", "patient"),
    # patient: "of" object of an event noun
    ("The annexation of Crimea was never recognised by most countries.",
     [("Crimea", "name")], "Crimea", "patient"),
    # patient: the object of "urge X to ..."
    ("The Kremlin urged Kazakhstan to stay out of the dispute.",
     [("The Kremlin", "seat"), ("Kazakhstan", "name")], "Kazakhstan", "patient"),
    ("The Kremlin urged Kazakhstan to stay out of the dispute.",
     [("The Kremlin", "seat"), ("Kazakhstan", "name")], "The Kremlin", "agent"),
    # patient: bare object of a gerund
    ("Orban said he looked forward to visiting Serbia next month.",
     [("Serbia", "name")], "Serbia", "patient"),
    # patient: a name modifying a target-taking event noun that has a possessor
    ("Moscow widened its Ukraine offensive in the spring.",
     [("Moscow", "capital"), ("Ukraine", "name")], "Ukraine", "patient"),
    # other: copular subject
    ("Belarus is a close ally of Russia.",
     [("Belarus", "name"), ("Russia", "name")], "Belarus", "other"),
    ("Belarus is a close ally of Russia.",
     [("Belarus", "name"), ("Russia", "name")], "Russia", "other"),
    # other: prepositional complement
    ("Lukashenko held talks with Xi in Beijing on Wednesday.",
     [("Lukashenko", "person"), ("Xi", "person"), ("Beijing", "capital")], "Xi", "other"),
    ("Lukashenko held talks with Xi in Beijing on Wednesday.",
     [("Lukashenko", "person"), ("Xi", "person"), ("Beijing", "capital")], "Beijing", "other"),
    # other: possessor of a non-event noun; name modifying a non-event noun
    ("China's position on the war has not changed.",
     [("China", "name")], "China", "other"),
    ("The Ukraine crisis dominated the summit agenda.",
     [("Ukraine", "name")], "Ukraine", "other"),
    # other: recipient of an event noun
    ("Analysts doubt reports of arms deliveries to Russia.",
     [("Russia", "name")], "Russia", "other"),
]


@pytest.mark.parametrize(
    "text, mentions, target, role",
    ROLE_CASES,
    ids=[f"{c[2]}-{c[3]}-{i}" for i, c in enumerate(ROLE_CASES)],
)
def test_role(nlp, text, mentions, target, role):
    doc = run(nlp, text, mentions)
    assert mention(doc, target).role == role


def test_every_mention_gets_a_codebook_role(nlp):
    doc = run(nlp, "Russia, China and Iran held joint naval drills near the strait.",
              [("Russia", "name"), ("China", "name"), ("Iran", "name")])
    assert [m.role for m in doc.mentions] == ["agent", "agent", "agent"]
    assert all(m.role in ROLES and m.epithets == [] for m in doc.mentions)


# --- epithets ---------------------------------------------------------------

EPITHET_CASES = [
    # premodifying title with a demonym
    ("Belarusian dictator Alexander Lukashenko arrived in Beijing late on Monday.",
     ("Alexander Lukashenko", "person"), ["Belarusian dictator"]),
    # hyphenated loaded premodifier plus title
    ("Self-proclaimed President Lukashenko thanked his hosts for the welcome.",
     ("Lukashenko", "person"), ["Self-proclaimed President"]),
    # a title kept inside the mention by the actor finder
    ("President Erdogan spoke to reporters after the meeting.",
     ("President Erdogan", "person"), ["President"]),
    # comma apposition
    ("Lukashenko, a longtime ally of the Kremlin, arrived on Tuesday.",
     ("Lukashenko", "person"), ["a longtime ally of the Kremlin"]),
    # dash apposition
    ("Xi Jinping - the most powerful Chinese leader in decades - will travel to Moscow.",
     ("Xi Jinping", "person"), ["the most powerful Chinese leader in decades"]),
    # office title, and a possessive determiner stripped from the counterpart
    ("Foreign Minister Sergei Lavrov met his Turkish counterpart Mevlut Cavusoglu in Ankara.",
     ("Sergei Lavrov", "person"), ["Foreign Minister"]),
    ("Foreign Minister Sergei Lavrov met his Turkish counterpart Mevlut Cavusoglu in Ankara.",
     ("Mevlut Cavusoglu", "person"), ["Turkish counterpart"]),
    # quote marks and the possessive determiner are stripped
    ('Orban welcomed his "good friend" Vucic to Budapest on Friday.',
     ("Vucic", "person"), ["good friend"]),
    # a state-media outlet's descriptor
    ("The Kremlin-backed news agency RIA Novosti reported the visit.",
     ("RIA Novosti", "state_media"), ["Kremlin-backed news agency"]),
    # a regime label on the name
    ("The Lukashenko regime has jailed thousands of protesters since 2020.",
     ("Lukashenko", "person"), ["regime"]),
    # a description is its own epithet
    ("The Belarusian leader praised the talks as a success.",
     ("The Belarusian leader", "description"), ["Belarusian leader"]),
    # not epithets: a list of names, an introductory phrase, a plain name
    ("Russia, China and Iran held joint naval drills near the strait.",
     ("Russia", "name"), []),
    ("In Minsk, the opposition leader was detained again.",
     ("Minsk", "capital"), []),
    ("Lukashenko said the talks had gone well.",
     ("Lukashenko", "person"), []),
    ("Belarusian officials declined to comment.",
     ("Belarusian officials", "body"), []),
    # places, honorifics and dates are not epithets
    ("Shelling continued in eastern Ukraine throughout the night.",
     ("Ukraine", "name"), []),
    ("Mr Putin did not comment on the report.",
     ("Putin", "person"), []),
    # a word-internal hyphen is not an apposition dash
    ("The EU-Ukraine summit was postponed again.",
     ("EU", "name"), []),
    # a coordination after a comma is not an apposition
    ("Talks between Ukraine, Russia and the monitoring mission resumed in Minsk.",
     ("Ukraine", "name"), []),
]


@pytest.mark.parametrize(
    "text, target, epithets",
    EPITHET_CASES,
    ids=[f"{c[1][0]}-{i}" for i, c in enumerate(EPITHET_CASES)],
)
def test_epithets(nlp, text, target, epithets):
    doc = run(nlp, text, [target])
    assert doc.mentions[0].epithets == epithets


def test_roles_of_appositive_and_description_mentions(nlp):
    doc = run(nlp, 'Orban welcomed his "good friend" Vucic to Budapest on Friday.',
              [("Orban", "person"), ("Vucic", "person"), ("Budapest", "capital")])
    assert [m.role for m in doc.mentions] == ["agent", "patient", "other"]
    doc = run(nlp, "The Lukashenko regime has jailed thousands of protesters since 2020.",
              [("Lukashenko", "person")])
    assert doc.mentions[0].role == "agent"


@pytest.mark.parametrize(
    "epithets, terms",
    [
        (["Belarusian dictator"], ["dictator"]),
        (["Self-proclaimed President"], ["Self-proclaimed"]),
        (["a staunch backer of the strongmen in the region"], ["staunch", "strongmen"]),
        (["regime", "Kremlin-backed news agency"], ["regime", "Kremlin-backed"]),
        (["Foreign Minister", "Turkish counterpart", "Belarusian leader"], []),
        (["a longtime ally of the Kremlin"], []),
        # whole words only: "regimented" is not "regime"
        (["a regimented parade commander"], []),
        ([], []),
    ],
)
def test_epithet_terms(epithets, terms):
    assert epithet_terms(epithets) == terms


# --- agentless passives -----------------------------------------------------

PASSIVE_CASES = [
    ("Dozens of protesters were arrested in Minsk on Sunday.", True),
    ("It is reported that the talks will resume next week.", True),
    ("The convoy could be heard approaching the border.", True),
    ("A statement posted on the ministry's website called for restraint.", True),
    ("The statement was issued by the Foreign Ministry on Monday.", False),
    ("The opposition leader was detained and questioned by the security services.", False),
    ("The closely watched summit ended without a joint declaration.", False),
    ("The state broadcaster is based in Minsk.", False),
    ("Russian troops fired on the convoy near the border.", False),
    ("The two leaders have met three times since January.", False),
]


@pytest.mark.parametrize("text, expected", PASSIVE_CASES, ids=[c[0][:30] for c in PASSIVE_CASES])
def test_agentless_passive(nlp, text, expected):
    doc = run(nlp, text, [])
    assert doc.sentences[0].agentless_passive is expected


# --- contract ---------------------------------------------------------------

def test_fills_every_sentence_and_uses_article_offsets(nlp):
    text = ("Protesters were detained in Minsk. "
            "Belarusian President Alexander Lukashenko later met his Chinese counterpart Xi Jinping.")
    doc = run(nlp, text, [("Minsk", "capital"), ("Alexander Lukashenko", "person"), ("Xi Jinping", "person")])
    assert [s.agentless_passive for s in doc.sentences] == [True, False]
    luka, xi = doc.mentions[1], doc.mentions[2]
    assert luka.sent_id == 1 and luka.role == "agent" and luka.epithets == ["Belarusian President"]
    assert xi.role == "patient" and xi.epithets == ["Chinese counterpart"]


def test_title_sentence_offsets_point_into_the_title(nlp):
    title = "Kremlin hails ties with Minsk"
    body = "Officials met on Monday."
    doc = Document(doc_id="t", text=body, title=title)
    doc.sentences = [Sentence(0, "title", 0, len(title), title), Sentence(1, "body", 0, len(body), body)]
    doc.mentions = [Mention(0, "Russia", "Kremlin", 0, 7, kind="seat"),
                    Mention(0, "Belarus", "Minsk", 24, 29, kind="capital")]
    cast_roles(doc, list(nlp.pipe([s.text for s in doc.sentences])))
    assert [m.role for m in doc.mentions] == ["agent", "other"]


def test_misaligned_parses_raise_with_the_fix(nlp):
    doc = make_doc("Minsk hosted the talks. Beijing sent a delegation.", [("Minsk", "capital")])
    with pytest.raises(ValueError, match="one parse per sentence"):
        cast_roles(doc, [nlp(doc.sentences[0].text)])
    with pytest.raises(ValueError, match="does not match"):
        cast_roles(doc, [nlp(doc.sentences[1].text), nlp(doc.sentences[0].text)])


def test_mention_outside_its_sentence_is_other_and_logged(nlp, caplog):
    doc = make_doc("Minsk hosted the talks.", [])
    doc.mentions = [Mention(0, "Belarus", "Minsk", 500, 505)]
    with caplog.at_level("WARNING", logger="framing"):
        cast_roles(doc, [nlp(doc.sentences[0].text)])
    assert doc.mentions[0].role == "other" and doc.mentions[0].epithets == []
    assert "outside sentence" in caplog.text


def test_lexicon_titles_are_never_loaded():
    lex = load_lexicon()
    assert lex.loaded and lex.titles and not (lex.loaded & lex.titles)
    assert {"dictator", "strongman", "regime", "self-proclaimed", "staunch", "thug", "tyrant"} <= lex.loaded
    assert {"president", "premier", "foreign minister", "spokesperson"} <= lex.titles


def test_with_the_pipeline_stages(nlp):
    """Segmenter + actor finder + cast_roles on one parse per sentence."""
    pipeline = pytest.importorskip("framing.pipeline")
    text = ("Belarusian President Alexander Lukashenko met his Chinese counterpart "
            "Xi Jinping in Beijing on Wednesday. Protesters were detained in Minsk.")
    try:
        doc, parses = pipeline.prepare(text, date="2023-03-01", nlp=nlp)
    except (FileNotFoundError, ImportError) as exc:  # a stage not installed yet
        pytest.skip(f"pipeline stages not available: {exc}")
    cast_roles(doc, parses)
    found = {m.mention: m for m in doc.mentions}
    assert found["Alexander Lukashenko"].role == "agent"
    assert found["Alexander Lukashenko"].epithets == ["Belarusian President"]
    assert found["Xi Jinping"].role == "patient"
    assert found["Xi Jinping"].epithets == ["Chinese counterpart"]
    assert found["Beijing"].role == "other"
    assert [s.agentless_passive for s in doc.sentences if s.part == "body"] == [False, True]
