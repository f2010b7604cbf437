"""Actor catalog and mention matching (CODEBOOK §3 aliases)."""

from __future__ import annotations

import datetime as dt

import pytest

from framing.actors import ActorCatalog

# A small catalog written for the tests, so the matching rules are checked
# independently of the shipped data file.
SMALL = [
    {
        "id": "China", "names": ["China"], "demonyms": ["Chinese"], "capitals": ["Beijing"],
        "state_media": ["Xinhua"],
        "people": [
            {"name": "Xi Jinping", "aliases": ["Xi"], "terms": [["2012-11-15", None]]},
            {"name": "Li Keqiang", "short": ["Li"], "terms": [["2013-03-15", "2023-03-11"]]},
            {"name": "Li Qiang", "short": ["Li"], "terms": [["2023-03-11", None]]},
        ],
    },
    {
        "id": "Belarus", "names": ["Belarus"], "demonyms": ["Belarusian"], "capitals": ["Minsk"],
        "people": [{"name": "Alexander Lukashenko", "aliases": ["Lukashenko"], "terms": [["1994-07-20", None]]}],
    },
    {
        "id": "Russia", "names": ["Russia"], "demonyms": ["Russian"], "plural_demonyms": ["Russians"],
        "capitals": ["Moscow"], "seats": ["Kremlin"],
        "people": [{"name": "Vladimir Putin", "aliases": ["Putin"], "terms": [["2000-05-07", None]]}],
    },
    {"id": "Ukraine", "names": ["Ukraine"], "demonyms": ["Ukrainian"], "capitals": ["Kyiv", "Kiev"]},
    {"id": "Turkey", "names": ["Turkey", "Türkiye"], "demonyms": ["Turkish"], "capitals": ["Ankara"]},
    {"id": "United States", "names": ["United States", "U.S.", "US"], "article_names": ["United States", "U.S.", "US"],
     "capitals": ["Washington"]},
    {"id": "the West", "type": "bloc", "requires_article": ["West"], "demonyms": ["Western"]},
]


@pytest.fixture(scope="module")
def small():
    return ActorCatalog(SMALL)


def found(cat, text, date=None):
    return [(m.text, m.actor, m.kind) for m in cat.matcher.find(text, date=date)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # possessives, straight and curly
        ("Beijing's envoy arrived.", [("Beijing", "China", "capital")]),
        ("Moscow’s envoy arrived.", [("Moscow", "Russia", "capital")]),
        # case keeps the country apart from the bird, and US from us
        ("They roasted a turkey for the delegation from Turkey.", [("Turkey", "Turkey", "name")]),
        ("Tell us what the US wants.", [("the US", "United States", "name")]),
        # longest match: the full name, not its surname
        ("Xi Jinping arrived.", [("Xi Jinping", "China", "person")]),
        # metonyms with the article: the Kremlin
        ("The Kremlin denied it.", [("The Kremlin", "Russia", "seat")]),
        # demonym + body noun: the phrase is the mention
        ("the Belarusian presidency said", [("the Belarusian presidency", "Belarus", "body")]),
        # demonym + event noun: the demonym is the participant
        ("Russian attacks continued.", [("Russian", "Russia", "demonym")]),
        # demonym + other noun: a description, no mention
        ("He toured the Chinese capital.", []),
        # title before a name: the name is the mention
        ("Chinese Premier Li Keqiang spoke.", [("Li Keqiang", "China", "person")]),
        # title before a name the catalog does not know: still the actor, via the title
        ("Ukrainian Foreign Minister Olena Marchenko spoke.", [("Olena Marchenko", "Ukraine", "person")]),
        # description without a name
        ("The Belarusian leader spoke.", [("The Belarusian leader", "Belarus", "description")]),
        # demonyms used as nouns, coordinated
        ("in the interests of our peoples - Belarusian and Chinese.",
         [("Belarusian", "Belarus", "demonym"), ("Chinese", "China", "demonym")]),
        # coordinated demonyms share the body noun
        ("Russian and Belarusian forces held drills.",
         [("Russian", "Russia", "body"), ("Belarusian forces", "Belarus", "body")]),
        # hyphenated compounds name both; pro-/anti- do not
        ("the Russia-Ukraine war", [("Russia", "Russia", "name"), ("Ukraine", "Ukraine", "name")]),
        ("pro-Russian separatists", []),
        # a bloc written only with the article, not "West Bank"
        ("the West Bank and the West", [("the West", "the West", "name")]),
        ("Western countries criticised it.", [("Western countries", "the West", "body")]),
        # leader + administration
        ("dependent on the Putin administration", [("the Putin administration", "Russia", "body")]),
        # both spellings of the capital
        ("Kiev and Kyiv", [("Kiev", "Ukraine", "capital"), ("Kyiv", "Ukraine", "capital")]),
    ],
)
def test_matching_rules(small, text, expected):
    assert found(small, text) == expected


def test_short_form_needs_the_full_name_first(small):
    assert found(small, "Li said little.") == []
    assert found(small, "Li Qiang arrived. Li said little.", date=dt.date(2024, 1, 1)) == [
        ("Li Qiang", "China", "person"), ("Li", "China", "person"),
    ]


def test_dates_in_office_decide_a_former_premier(small):
    text = "Li Keqiang met the delegation."
    assert found(small, text, date=dt.date(2020, 5, 1)) == [("Li Keqiang", "China", "person")]
    # after March 2023 Li Keqiang no longer stands for China
    assert found(small, text, date=dt.date(2024, 5, 1)) == []


def test_catalog_extend_and_errors(small):
    ext = small.extend([{"id": "Wagner Group", "type": "organization", "names": ["Wagner Group"]}])
    assert "Wagner Group" in ext and "Wagner Group" not in small
    assert found(ext, "The Wagner Group withdrew.")[0][1] == "Wagner Group"
    with pytest.raises(ValueError, match="Unknown keys"):
        ActorCatalog([{"id": "X", "nmaes": ["X"]}])
    with pytest.raises(ValueError, match="Duplicate actor ids"):
        ActorCatalog([{"id": "X"}, {"id": "X"}])
    with pytest.raises(ValueError, match="ends before it starts"):
        ActorCatalog([{"id": "X", "people": [{"name": "A B", "terms": [["2020-01-01", "2019-01-01"]]}]}])


def test_catalog_from_file_roundtrip(tmp_path, small):
    import yaml

    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({"version": "t1", "actors": SMALL}), encoding="utf-8")
    cat = ActorCatalog.from_file(path)
    assert cat.ids == small.ids
    assert cat.fingerprint() == small.fingerprint()
    frame = cat.to_frame()
    assert {"actor", "alias", "kind", "valid_from", "valid_to"} <= set(frame.columns)
    assert (frame.loc[frame.alias == "Li Keqiang", "valid_to"] == dt.date(2023, 3, 11)).all()


def test_default_catalog_covers_the_required_actors(catalog):
    required = ["China", "Belarus", "Russia", "Ukraine", "United States", "European Union", "NATO",
                "United Kingdom", "Germany", "France", "Iran", "Turkey", "India", "Israel", "United Nations"]
    assert len(catalog) >= 40
    missing = [a for a in required if a not in catalog]
    assert not missing
    for text, actor in [("Beijing", "China"), ("Minsk", "Belarus"), ("the Kremlin", "Russia"),
                        ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"), ("Washington", "United States"),
                        ("Brussels", "European Union"), ("Xinhua", "China"), ("TASS", "Russia")]:
        got = [m.actor for m in catalog.matcher.find(f"{text} said on Monday.")]
        assert got[:1] == [actor], text
