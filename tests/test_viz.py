"""framing.viz: shared plot behaviour tested once, parametrized; highlight; report."""

from __future__ import annotations

import copy
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing import viz  # noqa: E402
from framing.compare import compare_outlets, log_odds, synthetic_result  # noqa: E402
from framing.compare._outlets import _COLUMNS  # noqa: E402
from framing.labels import SENTENCE_ATTR_FORMS  # noqa: E402


@pytest.fixture(scope="module")
def _res():
    return synthetic_result(n_articles=60, seed=5)


@pytest.fixture
def res(_res):
    return copy.deepcopy(_res)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _table(res, func):
    """The precomputed long table each plot accepts."""
    if func is viz.log_odds_plot:
        return log_odds(res, min_count=1)
    if func is viz.stance_timeline:
        return compare_outlets(res, by=["outlet", "date:M"], measure="net_stance", n_boot=50)
    return compare_outlets(res, measure=["net_stance", "attr_form", "source_type", "frames"], n_boot=50)


PLOTS = [viz.stance_heatmap, viz.attribution_mix, viz.source_mix, viz.frame_profile, viz.log_odds_plot,
         viz.stance_timeline]


@pytest.mark.parametrize("func", PLOTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("source", ["result", "table"])
def test_plot_returns_axes_and_honours_ax(res, func, source):
    data = res if source == "result" else _table(res, func)
    fig, (ax0, ax1) = plt.subplots(1, 2)
    out = func(data, ax=ax1)
    assert out is ax1
    assert len(ax1.get_children()) > len(ax0.get_children())  # drew into the given Axes only
    assert not ax0.has_data()
    assert ax1.has_data() or ax1.images


@pytest.mark.parametrize("func", PLOTS, ids=lambda f: f.__name__)
def test_plot_defaults_to_current_axes(res, func):
    fig, ax = plt.subplots()
    assert func(_table(res, func)) is ax


@pytest.mark.parametrize("func", PLOTS, ids=lambda f: f.__name__)
def test_plot_empty_data(func):
    empty = pd.DataFrame(columns=["group", "term", "count", "log_odds", "z"]) if func is viz.log_odds_plot \
        else pd.DataFrame(columns=_COLUMNS + ["outlet", "date"])
    fig, ax = plt.subplots()
    out = func(empty, ax=ax)
    assert out is ax
    assert any(t.get_text() == "no data" for t in ax.texts)
    assert not ax.has_data()
    # an empty result too
    fig, ax = plt.subplots()
    tables = {name: pd.DataFrame() for name in ("articles", "sentences", "attributions", "stances", "mentions")}
    assert any(t.get_text() == "no data" for t in func(tables, ax=ax).texts)


@pytest.mark.parametrize("func", PLOTS, ids=lambda f: f.__name__)
def test_plot_leaves_input_unchanged(res, func):
    table = _table(res, func)
    before_table, before_res = table.copy(deep=True), copy.deepcopy(res)
    fig, ax = plt.subplots()
    func(table, ax=ax)
    func(res, ax=ax)
    assert table.equals(before_table)
    for name in ("articles", "sentences", "attributions", "stances", "mentions"):
        assert getattr(res, name).equals(getattr(before_res, name))


def test_plot_rejects_wrong_table():
    with pytest.raises(ValueError, match="compare_outlets"):
        viz.attribution_mix(pd.DataFrame({"x": [1]}))


def test_heatmap_artists(res):
    table = compare_outlets(res, measure="net_stance", n_boot=50)
    fig, ax = plt.subplots()
    viz.stance_heatmap(table, ax=ax)
    assert len(ax.images) == 1
    assert len(ax.texts) == len(table)  # one annotation per (actor, outlet)
    assert all(re.search(r"\[.+, .+\]", t.get_text()) for t in ax.texts)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]


@pytest.mark.parametrize("func,measure", [(viz.attribution_mix, "attr_form"), (viz.source_mix, "source_type")])
def test_stacked_bar_artists_and_fixed_colours(res, func, measure):
    table = compare_outlets(res, measure=measure, n_boot=0)
    present = table.groupby("label")["value"].max().gt(0).sum()
    fig, ax = plt.subplots()
    func(table, ax=ax)
    assert len(ax.patches) == 3 * present
    colors = viz.label_colors(measure)
    legend = {t.get_text(): h.get_facecolor() for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles)}
    for label, face in legend.items():
        assert matplotlib.colors.to_hex(face) == colors[label].lower()


def test_frame_profile_kinds(res):
    table = compare_outlets(res, measure="frames", n_boot=50)
    fig, ax = plt.subplots()
    viz.frame_profile(table, ax=ax)
    assert len(ax.containers) == 3  # one errorbar container per outlet
    fig, ax = plt.subplots()
    viz.frame_profile(table, kind="heatmap", ax=ax)
    assert len(ax.images) == 1
    with pytest.raises(ValueError, match="kind"):
        viz.frame_profile(table, kind="pie")


def test_log_odds_plot_bars(res):
    fig, ax = plt.subplots()
    viz.log_odds_plot(res, group="B", n=7, actor="China")
    ax = plt.gca()
    assert len(ax.patches) == 7
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(viz.outlet_palette("ABC")["B"]))


def test_timeline_one_line_per_outlet(res):
    fig, ax = plt.subplots()
    viz.stance_timeline(res, actor="China", ax=ax, n_boot=50)
    assert len([line for line in ax.lines if line.get_label() in {"A", "B", "C"}]) == 3
    assert len(ax.collections) == 3  # one interval band per outlet


def test_outlet_palette_deterministic():
    a = viz.outlet_palette(["Reuters", "BelTA", "Xinhua"])
    b = viz.outlet_palette(["Xinhua", "Reuters", "BelTA", "Reuters"])
    assert a == b and len(set(a.values())) == 3
    assert set(viz.label_colors("attr_form")) == set(SENTENCE_ATTR_FORMS)


def test_theme_is_scoped():
    before = matplotlib.rcParams["font.size"]
    with viz.theme(**{"font.size": 13}):
        assert matplotlib.rcParams["font.size"] == 13
    assert matplotlib.rcParams["font.size"] == before


def test_overview_figure(res):
    fig = viz.overview(res)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes) >= 6


# --- highlight ------------------------------------------------------------------


def test_highlight_spans(res):
    doc_id = res.attributions["doc_id"].iloc[0]
    art = viz.highlight(res, doc_id)
    d = art.to_dict()
    text = res.articles.set_index("doc_id").loc[doc_id, "text"]
    assert d["text"] == text and d["doc_id"] == doc_id
    kinds = {s["kind"] for s in d["spans"]}
    assert kinds <= {"mention", "source", "cue", "content"} and "source" in kinds
    ments = res.mentions[(res.mentions.doc_id == doc_id)]
    mention_spans = [s for s in d["spans"] if s["kind"] == "mention"]
    assert len(mention_spans) == len(ments)
    for s in mention_spans:
        assert text[s["start"]:s["end"]] in ("China", "Beijing", "Russia", "Moscow")
        assert s["label"] in ("China", "Russia")
    attrs = res.attributions[res.attributions.doc_id == doc_id]
    for s in (s for s in d["spans"] if s["kind"] == "source"):
        assert text[s["start"]:s["end"]].lower() in {x.lower() for x in attrs["source"]}
    assert "<span" in art._repr_html_()


def test_highlight_escapes_text(res):
    res.articles = res.articles.copy()
    doc_id = res.articles["doc_id"].iloc[0]
    i = res.articles.index[0]
    res.articles.loc[i, "text"] = res.articles.loc[i, "text"] + " <script>alert(1)</script>"
    res.articles.loc[i, "title"] = "<b onmouseover=x>Title</b>"
    html = viz.highlight(res, doc_id).to_html(standalone=True)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html


def test_highlight_needs_text(res):
    res.articles = res.articles.drop(columns="text")
    with pytest.raises(ValueError, match="text"):
        viz.highlight(res, res.articles["doc_id"].iloc[0])
    res.texts = {res.articles["doc_id"].iloc[0]: "China spoke."}
    assert viz.highlight(res, res.articles["doc_id"].iloc[0]).text == "China spoke."


# --- report -----------------------------------------------------------------------


def test_report_self_contained(res, tmp_path):
    res.articles = res.articles.copy()
    res.articles.loc[res.articles.index[0], "title"] = "<script>alert(1)</script>"
    res.meta = {"note": "<script>evil()</script>"}
    path = viz.report(res, tmp_path / "sub" / "report.html", title="Test <report>", n_boot=50)
    assert path.exists()
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "Test &lt;report&gt;" in html
    for section in ("summary", "stance", "attribution", "sources", "frames", "timeline", "words", "syndication"):
        assert f'<section id="{section}">' in html
    assert html.count("data:image/png;base64,") >= 5
    assert "authoritarian power" in html  # planted epithet of A in the lexical tables
