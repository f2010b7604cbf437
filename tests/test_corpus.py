"""Tests for framing.corpus: reading articles from every supported source."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging

import pandas as pd
import pytest

from framing.corpus import ARTICLE_STATUSES, article_status_counts, read_articles

# Fixture articles, written for these tests (realistic news prose).
ARTICLES = [
    {
        "title": "Council approves revised budget after months of debate",
        "text": (
            "The city council approved a revised budget on Tuesday after months of debate, "
            "the mayor's office said.\n\n\"This is a plan that keeps our libraries open,\" "
            "Mayor Ana Ruiz told reporters outside City Hall."
        ),
        "date": "2024-03-05",
        "outlet": "Riverside Gazette",
        "url": "https://riverside-gazette.example/news/budget",
        "author": "Jane Doe",
    },
    {
        "title": "Port strike enters second week",
        "text": (
            "Dock workers at the northern port extended their strike into a second week on "
            "Monday, according to union officials. Shipping companies warned that delays "
            "could spread to retailers before the holiday season."
        ),
        "date": "2024-03-11",
        "outlet": "Coastal Herald",
        "url": "https://coastal-herald.example/port-strike",
        "author": "Tom Ellis",
    },
    {
        "title": "Health ministry reports fall in flu cases",
        "text": (
            "Hospital admissions for influenza fell by a third in February, the health "
            "ministry said in a statement on Thursday. Officials credited an early "
            "vaccination campaign but cautioned that the season was not yet over."
        ),
        "date": "2024-03-14",
        "outlet": "Riverside Gazette",
        "url": "https://riverside-gazette.example/health/flu",
        "author": "Priya Nair",
    },
]

ENGLISH_TEXT = (
    "The regional government announced on Wednesday that it would expand bus services "
    "to three rural districts, a move that officials said could cut travel times for "
    "thousands of commuters. The transport minister told a news conference that the "
    "first routes would open in the spring and that fares would stay at current levels."
)
GERMAN_TEXT = (
    "Die Landesregierung kündigte am Mittwoch an, den Busverkehr in drei ländlichen "
    "Kreisen auszubauen. Nach Angaben der Behörden könnten sich dadurch die Fahrzeiten "
    "für Tausende Pendler deutlich verkürzen. Der Verkehrsminister sagte auf einer "
    "Pressekonferenz, die ersten Linien würden im Frühjahr starten."
)
SPANISH_TEXT = (
    "El gobierno regional anunció el miércoles que ampliará el servicio de autobuses a "
    "tres distritos rurales, una medida que según las autoridades podría reducir los "
    "tiempos de viaje de miles de trabajadores. El ministro de transporte dijo en una "
    "rueda de prensa que las primeras líneas abrirán en primavera."
)


def _jsonl(path, records, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec) + "\n")
    return path


def _make_csv(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame(ARTICLES).to_csv(path, index=False)
    return str(path)


def _make_tsv(tmp_path):
    path = tmp_path / "articles.tsv"
    pd.DataFrame(ARTICLES).to_csv(path, sep="\t", index=False)
    return path


def _make_jsonl(tmp_path):
    return _jsonl(tmp_path / "articles.jsonl", ARTICLES)


def _make_jsonl_gz(tmp_path):
    return _jsonl(tmp_path / "articles.jsonl.gz", ARTICLES, opener=gzip.open)


def _make_json_array(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(ARTICLES), encoding="utf-8")
    return path


def _make_json_records(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps({"records": ARTICLES, "source": "export"}), encoding="utf-8")
    return path


def _make_json_data(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps({"data": ARTICLES}), encoding="utf-8")
    return path


def _make_parquet(tmp_path):
    path = tmp_path / "articles.parquet"
    pd.DataFrame(ARTICLES).to_parquet(path)
    return path


def _make_dataframe(tmp_path):
    return pd.DataFrame(ARTICLES)


def _make_dataset(tmp_path):
    datasets = pytest.importorskip("datasets")
    return datasets.Dataset.from_list(ARTICLES)


def _make_records(tmp_path):
    return [dict(a) for a in ARTICLES]


def _make_glob(tmp_path):
    _jsonl(tmp_path / "part-1.jsonl", ARTICLES[:2])
    _jsonl(tmp_path / "part-2.jsonl", ARTICLES[2:])
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    return str(tmp_path / "*.jsonl")


TABLE_SOURCES = {
    "csv": _make_csv,
    "tsv": _make_tsv,
    "jsonl": _make_jsonl,
    "jsonl.gz": _make_jsonl_gz,
    "json-array": _make_json_array,
    "json-records": _make_json_records,
    "json-data": _make_json_data,
    "parquet": _make_parquet,
    "dataframe": _make_dataframe,
    "dataset": _make_dataset,
    "list-of-dicts": _make_records,
    "glob": _make_glob,
}


@pytest.mark.parametrize("kind", list(TABLE_SOURCES))
def test_every_table_format_reads_the_same_articles(tmp_path, kind):
    df = read_articles(TABLE_SOURCES[kind](tmp_path))
    assert list(df.columns) == ["doc_id", "text", "title", "date", "outlet", "url", "author", "status"]
    assert len(df) == len(ARTICLES)
    assert df["text"].tolist() == [a["text"] for a in ARTICLES]
    assert df["title"].tolist() == [a["title"] for a in ARTICLES]
    assert df["outlet"].tolist() == [a["outlet"] for a in ARTICLES]
    assert df["author"].tolist() == [a["author"] for a in ARTICLES]
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == [a["date"] for a in ARTICLES]
    assert (df["status"] == "ok").all()
    assert df["doc_id"].str.fullmatch(r"doc_[0-9a-f]{12}").all()
    assert isinstance(df.index, pd.RangeIndex)


def test_hash_ids_follow_the_documented_recipe_and_agree_across_formats(tmp_path):
    a = read_articles(_make_csv(tmp_path))
    b = read_articles(_make_records(tmp_path))
    expected = [
        "doc_" + hashlib.sha1((r["title"] + "\n" + r["text"]).encode("utf-8")).hexdigest()[:12] for r in ARTICLES
    ]
    assert a["doc_id"].tolist() == expected
    assert b["doc_id"].tolist() == expected


def test_hash_ids_are_stable_and_depend_on_content():
    first = read_articles([ENGLISH_TEXT, ARTICLES[0]["text"]])
    second = read_articles([ENGLISH_TEXT, ARTICLES[0]["text"]])
    assert first["doc_id"].tolist() == second["doc_id"].tolist()
    assert first.loc[0, "doc_id"] != first.loc[1, "doc_id"]
    changed = read_articles([ENGLISH_TEXT + " Opposition parties welcomed the plan."])
    assert changed.loc[0, "doc_id"] != first.loc[0, "doc_id"]


def test_identical_articles_get_suffixed_ids_and_stay_ok():
    df = read_articles([ENGLISH_TEXT, ARTICLES[1]["text"], ENGLISH_TEXT, ENGLISH_TEXT])
    base = df.loc[0, "doc_id"]
    assert df["doc_id"].tolist()[2:] == [base + "-2", base + "-3"]
    assert df["doc_id"].is_unique
    assert (df["status"] == "ok").all()


def test_crlf_is_normalised_and_ids_match_lf_input():
    lf = read_articles([ARTICLES[0]["text"]])
    crlf = read_articles(["\ufeff" + ARTICLES[0]["text"].replace("\n", "\r\n")])
    assert crlf.loc[0, "text"] == ARTICLES[0]["text"]
    assert crlf.loc[0, "doc_id"] == lf.loc[0, "doc_id"]


def test_custom_column_names_are_renamed_and_metadata_kept():
    frame = pd.DataFrame(
        {
            "headline": [a["title"] for a in ARTICLES],
            "body": [a["text"] for a in ARTICLES],
            "published": ["2024-03-05T08:30:00", "March 11, 2024", "14/03/2024"],
            "source": [a["outlet"] for a in ARTICLES],
            "article_no": [101, 102, 103],
            "word_count": [31, 33, 32],
            "text": ["teaser one", "teaser two", "teaser three"],
        }
    )
    df = read_articles(
        frame, text_col="body", id_col="article_no", title_col="headline", date_col="published", outlet_col="source"
    )
    assert list(df.columns) == ["doc_id", "text", "title", "date", "outlet", "word_count", "text_input", "status"]
    assert df["doc_id"].tolist() == ["101", "102", "103"]
    assert df["text"].tolist() == [a["text"] for a in ARTICLES]
    assert df["word_count"].tolist() == [31, 33, 32]
    assert df["text_input"].tolist() == ["teaser one", "teaser two", "teaser three"]
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-11", "2024-03-14"]


def test_id_or_doc_id_column_is_used_when_present():
    records = [{"id": 7, "text": ARTICLES[0]["text"]}, {"id": 8, "text": ARTICLES[1]["text"]}]
    assert read_articles(records)["doc_id"].tolist() == ["7", "8"]
    records = [{"doc_id": "a-1", "id": 7, "text": ARTICLES[0]["text"]}]
    df = read_articles(records)
    assert df["doc_id"].tolist() == ["a-1"]
    assert df["id"].tolist() == [7]


def test_csv_ids_keep_leading_zeros(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text\n00123,The mayor said the bridge would reopen.\n", encoding="utf-8")
    assert read_articles(path)["doc_id"].tolist() == ["00123"]


def test_unparseable_dates_become_nat_with_a_warning(caplog):
    records = [
        {"text": ARTICLES[0]["text"], "date": "2024-03-05"},
        {"text": ARTICLES[1]["text"], "date": "sometime last spring"},
        {"text": ARTICLES[2]["text"], "date": None},
    ]
    with caplog.at_level(logging.WARNING, logger="framing"):
        df = read_articles(records)
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df.loc[0, "date"] == pd.Timestamp("2024-03-05")
    assert pd.isna(df.loc[1, "date"]) and pd.isna(df.loc[2, "date"])
    assert (df["status"] == "ok").all()
    assert any("sometime last spring" in r.getMessage() for r in caplog.records)


def test_mixed_time_zones_never_raise():
    records = [
        {"text": ARTICLES[0]["text"], "date": "2024-03-05T10:00:00+02:00"},
        {"text": ARTICLES[1]["text"], "date": "2024-03-05T10:00:00Z"},
        {"text": ARTICLES[2]["text"], "date": "2024-03-06"},
    ]
    df = read_articles(records)
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2024-03-05 08:00", "2024-03-05 10:00", "2024-03-06 00:00"]


def test_list_of_strings_accepts_any_text_col_name():
    df = read_articles([ENGLISH_TEXT], text_col="body")
    assert df["text"].tolist() == [ENGLISH_TEXT]


def test_latin1_html_page_is_decoded(tmp_path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Dock workers", "Dock workers at the café"
    )
    (tmp_path / "page.html").write_bytes(page.encode("latin-1"))
    df = read_articles(tmp_path)
    assert df.loc[0, "text"].startswith("Dock workers at the café")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda p: pd.DataFrame({"a": [1], "b": ["x"]}), id="dataframe"),
        pytest.param(lambda p: [{"a": 1, "b": "x"}], id="records"),
        pytest.param(lambda p: _jsonl(p / "x.jsonl", [{"a": 1, "b": "x"}]), id="jsonl"),
    ],
)
def test_missing_text_column_lists_available_columns(tmp_path, source):
    with pytest.raises(ValueError) as err:
        read_articles(source(tmp_path), text_col="body")
    msg = str(err.value)
    assert "Column 'body' not found" in msg
    assert "['a', 'b']" in msg
    assert "text_col=" in msg


def test_duplicate_explicit_ids_raise_and_list_them():
    records = [
        {"story": "s1", "text": ARTICLES[0]["text"]},
        {"story": "s2", "text": ARTICLES[1]["text"]},
        {"story": "s1", "text": ARTICLES[2]["text"]},
        {"story": 4, "text": ENGLISH_TEXT},
        {"story": "4", "text": ENGLISH_TEXT},
    ]
    with pytest.raises(ValueError) as err:
        read_articles(records, id_col="story")
    msg = str(err.value)
    assert "'s1'" in msg and "'4'" in msg and "'s2'" not in msg
    assert "id_col=None" in msg and "de-duplicate" in msg


def test_missing_explicit_id_column_raises():
    with pytest.raises(ValueError, match="id_col="):
        read_articles([{"text": ENGLISH_TEXT}], id_col="story")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        pytest.param("", "empty", id="empty-string"),
        pytest.param("   \n\t  ", "empty", id="whitespace"),
        pytest.param(None, "empty", id="none"),
        pytest.param(float("nan"), "empty", id="nan"),
        pytest.param(42, "not_text", id="int"),
        pytest.param(3.5, "not_text", id="float"),
        pytest.param(["a", "list"], "not_text", id="list"),
        pytest.param({"nested": "dict"}, "not_text", id="dict"),
    ],
)
def test_bad_texts_are_flagged_and_kept(value, status):
    records = [{"text": ENGLISH_TEXT, "outlet": "A"}, {"text": value, "outlet": "B"}]
    df = read_articles(records)
    assert len(df) == 2
    assert df["status"].tolist() == ["ok", status]
    assert df.loc[1, "outlet"] == "B"
    expected_text = value if isinstance(value, str) else ""
    assert df.loc[1, "text"] == expected_text


def test_list_of_strings_with_non_string_items():
    df = read_articles([ENGLISH_TEXT, None, 12])
    assert df["status"].tolist() == ["ok", "empty", "not_text"]
    assert df["text"].tolist() == [ENGLISH_TEXT, "", ""]


def test_errors_raise_names_the_article_and_reason():
    records = [{"id": "a1", "text": ENGLISH_TEXT}, {"id": "a2", "text": "  "}, {"id": "a3", "text": 5}]
    with pytest.raises(ValueError) as err:
        read_articles(records, errors="raise")
    assert "'a2'" in str(err.value) and "empty" in str(err.value)
    assert read_articles(records[:1], errors="raise")["status"].tolist() == ["ok"]


def test_invalid_errors_value():
    with pytest.raises(ValueError, match="'errors' parameter"):
        read_articles([ENGLISH_TEXT], errors="ignore")


def test_callers_dataframe_is_not_changed():
    frame = pd.DataFrame(
        {"body": [ARTICLES[0]["text"].replace("\n", "\r\n"), None], "date": ["2024-03-05", "junk"]},
        index=[10, 20],
    )
    before = frame.copy(deep=True)
    df = read_articles(frame, text_col="body")
    pd.testing.assert_frame_equal(frame, before)
    assert df.loc[0, "text"] == ARTICLES[0]["text"]
    assert list(df.index) == [0, 1]


@pytest.mark.parametrize("text", [GERMAN_TEXT, SPANISH_TEXT], ids=["german", "spanish"])
def test_non_english_is_flagged_english_is_ok(text):
    df = read_articles([ENGLISH_TEXT, text] + [a["text"] for a in ARTICLES])
    assert df["status"].tolist() == ["ok", "non_english", "ok", "ok", "ok"]
    assert df.loc[1, "text"] == text
    assert read_articles([text], language_check=False)["status"].tolist() == ["ok"]


def test_short_non_english_text_is_not_flagged():
    assert read_articles(["Der Minister sagte am Mittwoch nichts."])["status"].tolist() == ["ok"]


def test_max_chars_flags_too_long_but_keeps_text():
    df = read_articles([ENGLISH_TEXT, ARTICLES[0]["text"]], max_chars=200)
    assert df["status"].tolist() == ["too_long", "ok"]
    assert df.loc[0, "text"] == ENGLISH_TEXT
    assert read_articles([ENGLISH_TEXT], max_chars=None)["status"].tolist() == ["ok"]


def test_five_megabyte_article_reads(tmp_path):
    big = (ENGLISH_TEXT + "\n") * (5_000_000 // (len(ENGLISH_TEXT) + 1) + 1)
    assert len(big) > 5_000_000
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "long-read.txt").write_text(big, encoding="utf-8")
    df = read_articles(folder)
    assert df["status"].tolist() == ["too_long"]
    assert df.loc[0, "text"] == big
    assert read_articles(folder, max_chars=10_000_000)["status"].tolist() == ["ok"]


# --- folders of files -----------------------------------------------------------------


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Port strike enters second week | Coastal Herald</title>
<meta property="og:site_name" content="Coastal Herald">
<meta name="author" content="Tom Ellis">
<meta property="article:published_time" content="2024-03-11T07:15:00Z">
<link rel="canonical" href="https://coastal-herald.example/port-strike">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Port strike enters second week</h1>
<p>Dock workers at the northern port extended their strike into a second week on Monday,
according to union officials, as talks with the port authority stalled again.</p>
<p>Shipping companies warned that delays could spread to retailers before the holiday season,
and several vessels were diverted to a smaller harbour further down the coast.</p>
</article><footer>Copyright Coastal Herald</footer></body></html>"""


def test_folder_of_txt_and_html(tmp_path, caplog):
    root = tmp_path / "corpus"
    (root / "2024" / "march").mkdir(parents=True)
    (root / "b-budget.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (root / "a-flu.txt").write_text(ARTICLES[2]["text"].replace("\n", "\r\n"), encoding="utf-8")
    (root / "2024" / "march" / "port.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "2024" / "empty.htm").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    (root / "README.md").write_text("notes", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with caplog.at_level(logging.WARNING, logger="framing"):
        df = read_articles(root)
    assert df["doc_id"].tolist() == ["2024/empty", "2024/march/port", "a-flu", "b-budget"]
    assert list(df.columns)[:5] == ["doc_id", "text", "title", "date", "outlet"]
    assert df["status"].tolist() == ["no_text_extracted", "ok", "ok", "ok"]
    port = df.set_index("doc_id").loc["2024/march/port"]
    assert port["text"].startswith("Dock workers at the northern port")
    assert "Home" not in port["text"] and "Copyright" not in port["text"]
    assert port["title"] == "Port strike enters second week"
    assert port["outlet"] == "Coastal Herald"
    assert port["author"] == "Tom Ellis"
    assert port["date"] == pd.Timestamp("2024-03-11")
    assert port["url"] == "https://coastal-herald.example/port-strike"
    assert df.set_index("doc_id").loc["b-budget", "text"] == ARTICLES[0]["text"]
    assert df.set_index("doc_id").loc["a-flu", "text"] == ARTICLES[2]["text"]
    assert df.set_index("doc_id").loc["a-flu", "path"] == "a-flu.txt"
    assert any("Ignored 2 file(s)" in r.getMessage() for r in caplog.records)


def test_glob_of_txt_files_uses_paths_below_the_glob_root(tmp_path):
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "one.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (tmp_path / "wire" / "two.txt").write_text(ARTICLES[1]["text"], encoding="utf-8")
    df = read_articles(str(tmp_path / "wire" / "*.txt"))
    assert df["doc_id"].tolist() == ["one", "two"]
    assert (df["status"] == "ok").all()


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        pytest.param(lambda s: s.encode("latin-1"), "latin-1", id="latin-1"),
        pytest.param(lambda s: s.encode("cp1252"), "cp1252", id="cp1252"),
        pytest.param(lambda s: s.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
        pytest.param(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(lambda s: s.encode("utf-8"), "utf-8", id="utf-8"),
    ],
)
def test_txt_encodings_are_detected(tmp_path, encoded, name):
    text = "The new café near the cathedral opened on Friday, its owner said. " + ARTICLES[1]["text"]
    if name == "cp1252":
        text = "The mayor’s “open café” policy drew criticism — again, the council said."
    (tmp_path / "story.txt").write_bytes(encoded(text))
    df = read_articles(tmp_path)
    assert df.loc[0, "text"] == text
    assert df.loc[0, "status"] == "ok"


def test_latin1_csv_is_read(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("title,text\nCafé,The café on Main Street closed after the fire.\n".encode("latin-1"))
    df = read_articles(path)
    assert df.loc[0, "text"] == "The café on Main Street closed after the fire."
    assert df.loc[0, "title"] == "Café"


def test_binary_file_is_flagged_not_dropped(tmp_path):
    (tmp_path / "a-story.txt").write_text(ENGLISH_TEXT, encoding="utf-8")
    (tmp_path / "b-scan.txt").write_bytes(bytes(range(256)) * 40)
    df = read_articles(tmp_path)
    assert df["doc_id"].tolist() == ["a-story", "b-scan"]
    assert df["status"].tolist() == ["ok", "binary"]
    assert df.loc[1, "text"] == ""
    with pytest.raises(ValueError, match="b-scan"):
        read_articles(tmp_path, errors="raise")


def test_same_path_different_suffix_gets_unique_ids(tmp_path):
    (tmp_path / "story.txt").write_text(ENGLISH_TEXT, encoding="utf-8")
    (tmp_path / "story.html").write_text(HTML_PAGE, encoding="utf-8")
    df = read_articles(tmp_path)
    assert df["doc_id"].tolist() == ["story", "story-2"]


@pytest.mark.parametrize("progress", [True, False, None])
def test_progress_option_does_not_change_the_result(tmp_path, progress):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(ARTICLES[i]["text"], encoding="utf-8")
    df = read_articles(tmp_path, progress=progress)
    assert df["text"].tolist() == [a["text"] for a in ARTICLES]


# --- source errors and helpers --------------------------------------------------------


def test_missing_path_and_empty_glob(tmp_path):
    with pytest.raises(FileNotFoundError, match="No file or folder"):
        read_articles(str(tmp_path / "nope.csv"))
    with pytest.raises(FileNotFoundError, match="matches no files"):
        read_articles(str(tmp_path / "*.jsonl"))


def test_unsupported_source_type():
    with pytest.raises(TypeError, match="list of strings"):
        read_articles(12345)


def test_bad_jsonl_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": ENGLISH_TEXT}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_articles(path)


def test_status_counts_cover_every_status():
    df = read_articles([ENGLISH_TEXT, "", 5, GERMAN_TEXT, ARTICLES[0]["text"]])
    counts = article_status_counts(df)
    assert list(counts.index) == list(ARTICLE_STATUSES)
    assert counts["ok"] == 2 and counts["empty"] == 1 and counts["not_text"] == 1
    assert counts["non_english"] == 1 and counts["binary"] == 0
    assert counts.sum() == len(df)
    with pytest.raises(ValueError, match="'status' column"):
        article_status_counts(df.drop(columns="status"))


def test_article_statuses_are_the_documented_strings():
    assert ARTICLE_STATUSES == (
        "ok",
        "empty",
        "not_text",
        "binary",
        "too_long",
        "non_english",
        "no_text_extracted",
    )
