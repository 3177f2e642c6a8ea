"""Figure publishing (ridgedoc.figures): refusals, deterministic SVG, glyph checks, HTML."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from ridgedoc import figures  # noqa: E402
from ridgedoc.figures import REGISTRY, MissingGlyphError, publish, render_svg  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_matplotlib():
    """Restore rcParams, close every figure and drop test entries from REGISTRY afterwards."""
    before = set(REGISTRY)
    with matplotlib.rc_context():
        yield
    plt.close("all")
    for name in set(REGISTRY) - before:
        del REGISTRY[name]


def simple_figure(title="w tilde"):
    fig, ax = figures.subplots()
    ax.plot([0.0, 1.0, 2.0], [0.0, 1.0, 4.0], label="path")
    ax.set_title(title)
    ax.legend()
    return fig


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize("alt", ["", "   ", "\n\t "])
def test_publish_refuses_empty_alt(alt):
    """publish refuses an empty or whitespace-only alt text with ValueError naming alt."""
    fig = simple_figure()
    with pytest.raises(ValueError, match=r"alt must describe the figure"):
        publish(fig, name="test-empty-alt", alt=alt, caption="caption")
    assert "test-empty-alt" not in REGISTRY


def test_publish_refuses_empty_caption():
    """publish refuses a whitespace-only caption with ValueError naming caption."""
    with pytest.raises(ValueError, match=r"caption must say"):
        publish(simple_figure(), name="test-empty-caption", alt="alt", caption="  ")


@pytest.mark.parametrize("not_a_figure", [None, "figure", 3])
def test_publish_refuses_non_figure(not_a_figure):
    """publish refuses anything that is not a matplotlib Figure with TypeError."""
    with pytest.raises(TypeError, match=r"fig must be a matplotlib Figure"):
        publish(not_a_figure, name="test-non-figure", alt="alt", caption="caption")


def test_publish_refuses_axes():
    """An Axes is not a Figure: publish refuses it with TypeError naming Axes."""
    fig = simple_figure()
    with pytest.raises(TypeError, match=r"fig must be a matplotlib Figure, got Axes"):
        publish(fig.axes[0], name="test-axes", alt="alt", caption="caption")


@pytest.mark.parametrize("name", ["Shrinkage", "ridge trace", "ridge_trace", "-lead", "", "a/b", "x" * 64])
def test_publish_refuses_bad_names(name):
    """Names with uppercase, spaces, underscores, slashes, a leading '-', or too long are refused."""
    with pytest.raises(ValueError, match=r"name must match .*got " + re.escape(repr(name))):
        publish(simple_figure(), name=name, alt="alt", caption="caption")
    assert name not in REGISTRY


def test_publish_refuses_non_string_alt():
    """A non-string alt raises TypeError naming alt."""
    with pytest.raises(TypeError, match=r"alt must be a str, got NoneType"):
        publish(simple_figure(), name="test-alt-type", alt=None, caption="caption")


# --- deterministic output ------------------------------------------------------------


def test_two_identical_figures_render_identically():
    """Two separately built, identical figures give byte-identical SVG (fixed hash salt)."""
    assert render_svg(simple_figure("정칙화 경로")) == render_svg(simple_figure("정칙화 경로"))


def test_two_renders_of_same_figure_are_byte_identical():
    """Rendering the same figure twice gives byte-identical SVG."""
    fig = simple_figure("정칙화 경로")
    assert render_svg(fig) == render_svg(fig)


def test_different_figures_render_differently():
    """The SVG depends on the content (so the identity checks above have teeth)."""
    assert render_svg(simple_figure("a")) != render_svg(simple_figure("b"))


def test_svg_has_no_date():
    """The SVG carries no dc:date element and no ISO date-time stamp."""
    svg = render_svg(simple_figure()).decode("utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "dc:date" not in svg
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", svg) is None


def test_svg_text_is_paths():
    """Text is drawn as outlines (svg.fonttype=path): no <text> elements that need a font."""
    svg = render_svg(simple_figure("축소 계수")).decode("utf-8")
    assert "<text" not in svg


# --- glyphs ----------------------------------------------------------------------------


def test_hangul_title_renders():
    """A Hangul title renders with no MissingGlyphError (a CJK font is available)."""
    fig = simple_figure("가중치 감쇠와 릿지 회귀")
    fig.axes[0].set_xlabel("학습률 ε")
    svg = render_svg(fig)
    assert len(svg) > 1000


def test_mathtext_alone_renders():
    """Pure mathtext with Greek letters renders without MissingGlyphError."""
    fig = simple_figure(r"$\tilde{w} = (H + \alpha I)^{-1} H w^\ast$")
    render_svg(fig)


def test_hangul_in_mathtext_label_raises():
    """A label mixing mathtext and Hangul (r"$x$ 축") raises MissingGlyphError on publish."""
    fig = simple_figure()
    fig.axes[0].set_xlabel(r"$x$ 축")
    with pytest.raises(MissingGlyphError, match=r"does not have a glyph"):
        publish(fig, name="test-hangul-math", alt="alt", caption="caption")
    assert "test-hangul-math" not in REGISTRY


@pytest.mark.parametrize("char", ["\ue000", "\U00013000"])
def test_character_without_glyph_raises(char):
    """A plain title with a character no font has (private use, a hieroglyph) raises MissingGlyphError."""
    fig = simple_figure(f"w {char}")
    with pytest.raises(MissingGlyphError, match=r"missing from font"):
        publish(fig, name="test-missing-glyph", alt="alt", caption="caption")
    assert "test-missing-glyph" not in REGISTRY


def test_missing_glyph_error_is_value_error():
    """MissingGlyphError is a ValueError, so callers catching ValueError see it."""
    assert issubclass(MissingGlyphError, ValueError)


# --- the published HTML and the registry ------------------------------------------------


def test_publish_returns_html_and_registers():
    """publish returns a <figure> with the escaped alt and placeholder src, and fills REGISTRY."""
    alt = 'w* 에서 w~ 로 가는 "경로" <곡선> & 원'
    fig = simple_figure()
    out = publish(fig, name="test-path-7-1", alt=alt, caption="그림 캡션")
    assert out.startswith('<figure class="rd-figure" data-figure="test-path-7-1">')
    assert f'alt="{html.escape(alt, quote=True)}"' in out
    assert "&quot;경로&quot; &lt;곡선&gt; &amp; 원" in out
    assert alt not in out  # the raw quotes and brackets never reach the HTML
    assert 'src="ridgedoc-figure:test-path-7-1.svg"' in out
    assert "<figcaption>그림 캡션</figcaption>" in out
    entry = REGISTRY["test-path-7-1"]
    assert entry.name == "test-path-7-1"
    assert entry.alt == alt
    assert entry.caption == "그림 캡션"
    assert entry.svg.lstrip().startswith(b"<?xml")
    assert entry.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert not plt.fignum_exists(fig.number)  # closed by default


def test_publish_close_false_keeps_figure():
    """With close=False the figure stays open after publishing."""
    fig = simple_figure()
    publish(fig, name="test-keep-open", alt="alt", caption="caption", close=False)
    assert plt.fignum_exists(fig.number)


def test_published_svg_matches_render_svg():
    """The registered SVG bytes equal a direct render of an identical, freshly built figure."""
    direct = render_svg(simple_figure())
    publish(simple_figure(), name="test-same-bytes", alt="alt", caption="caption")
    assert REGISTRY["test-same-bytes"].svg == direct


def test_published_size_matches_figure_size():
    """width/height in the registry and HTML are CSS pixels (96 per inch); the SVG viewBox is in points."""
    fig, ax = figures.subplots(figsize=(5.0, 2.5))
    ax.plot([0, 1])
    out = publish(fig, name="test-size", alt="alt", caption="caption")
    entry = REGISTRY["test-size"]
    assert (entry.width_px, entry.height_px) == (480, 240)
    assert 'width="480" height="240"' in out
    svg = entry.svg.decode("utf-8")
    assert 'viewBox="0 0 360 180"' in svg
