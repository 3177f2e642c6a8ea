"""Turn a matplotlib figure into a published site figure (no MkDocs import here).

``publish`` renders deterministic SVG (and a 2x PNG for pasting into notes), refuses
a figure without alt text or with a missing glyph, keeps the bytes in ``REGISTRY``
and returns the HTML of a ``<figure>``. The image source is the placeholder
``ridgedoc-figure:NAME.svg``; the site plugin (``ridgedoc.site.figures``) gets the
bytes from the worker that ran the block, swaps the placeholder for the final
``<figure>`` (page-relative ``figures/NAME.svg``) and writes the files into the site.
"""

from __future__ import annotations

import html
import io
import logging
import re
import warnings
from contextlib import contextmanager

import matplotlib

from ._registry import REGISTRY, PublishedFigure  # matplotlib-free, for the worker

__all__ = [
    "FIGURE_SCHEME",
    "MissingGlyphError",
    "PublishedFigure",
    "REGISTRY",
    "STYLE",
    "apply_style",
    "publish",
    "render_png",
    "render_svg",
    "subplots",
]

FIGURE_SCHEME = "ridgedoc-figure:"

# Latin, digits, the minus sign and mathtext come from DejaVu Sans; Hangul falls back
# to Noto Sans CJK KR, which the pip package noto-cjk-sans-otc ships (see _register_fonts).
STYLE = {
    "font.family": ["DejaVu Sans", "Noto Sans CJK KR"],
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.labelsize": 10.5,
    "legend.fontsize": 9,
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.grid": True,
    "grid.color": "#e3e3e3",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(
        color=["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    ),
    "lines.linewidth": 1.8,
    "mathtext.fontset": "dejavusans",
    "svg.fonttype": "path",  # text as outlines: no font needed on the reader's machine
    "svg.hashsalt": "ridgedoc",  # deterministic element ids
    "svg.image_inline": True,
}

PNG_DPI = 192  # 2x of 96 css px per inch


class MissingGlyphError(ValueError):
    """A character in the figure has no glyph in the configured fonts."""


_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_fonts_registered = False


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    from matplotlib import font_manager

    try:
        import noto_cjk_sans_otc
    except ImportError:  # fall back to a system font (Debian fonts-noto-cjk)
        pass
    else:
        font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    _fonts_registered = True


def apply_style() -> None:
    """Set ridgedoc's figure style (fonts, colours, deterministic SVG) in ``rcParams``."""
    _register_fonts()
    matplotlib.rcParams.update(STYLE)


def subplots(nrows: int = 1, ncols: int = 1, *, figsize=(6.4, 4.2), **kwargs):
    """``plt.subplots`` with ridgedoc's style and ``layout="constrained"``."""
    import matplotlib.pyplot as plt

    apply_style()
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)


class _GlyphLog(logging.Handler):
    """Collects mathtext's "Font ... does not have a glyph" log records."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if "does not have a glyph" in message:
            self.messages.append(message)


@contextmanager
def _glyph_check():
    """Raise MissingGlyphError if drawing used a character that no font has.

    matplotlib reports this in two ways: a ``UserWarning`` for ordinary text and a
    log record from ``matplotlib.mathtext`` for text inside ``$...$``.
    """
    handler = _GlyphLog()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        logger.removeHandler(handler)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    missing += handler.messages
    if missing:
        raise MissingGlyphError("; ".join(sorted(set(missing))))
    for w in caught:  # anything else goes back to the normal warning machinery
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _freeze_layout(fig) -> None:
    """Run the layout engine once, then fix the axes where it put them.

    Constrained layout re-runs on every save and nudges the axes by a rounding error,
    which changes the SVG's clip-path ids; after this, every render is identical.
    """
    engine = fig.get_layout_engine()
    if engine is not None and type(engine).__name__ != "PlaceHolderLayoutEngine":
        fig.draw_without_rendering()
        fig.set_layout_engine("none")


def render_svg(fig) -> bytes:
    """Deterministic SVG bytes of ``fig`` (no date, fixed hash salt, text as paths)."""
    apply_style()
    buf = io.BytesIO()
    with matplotlib.rc_context(STYLE), _glyph_check():
        _freeze_layout(fig)
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def render_png(fig, dpi: int = PNG_DPI) -> bytes:
    """PNG bytes of ``fig`` at ``dpi`` (2x a screen by default), without metadata dates."""
    apply_style()
    buf = io.BytesIO()
    with matplotlib.rc_context(STYLE), _glyph_check():
        _freeze_layout(fig)
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def publish(fig, *, name: str, alt: str, caption: str, close: bool = True) -> str:
    """Publish ``fig`` as a site figure and return its ``<figure>`` HTML.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        사이트 전체에서 유일한 이름 (소문자, 숫자, ``-``). 파일은 ``figures/NAME.svg``,
        ``figures/NAME.png`` 로 게시됩니다.
    alt : str
        그림을 볼 수 없는 독자를 위한 대체 텍스트 (비어 있으면 안 됨).
    caption : str
        그림 아래에 붙는 설명 (HTML 허용). 수식은 ``\\(...\\)`` 로 씁니다: 사이트를 만들 때
        KaTeX로 그려집니다.
    close : bool, default=True
        게시한 뒤 ``plt.close(fig)``.

    Returns
    -------
    str
        markdown-exec 블록에서 ``print`` 할 HTML.

    Raises
    ------
    TypeError, ValueError, MissingGlyphError
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    for arg, value in (("name", name), ("alt", alt), ("caption", caption)):
        if not isinstance(value, str):
            raise TypeError(f"{arg} must be a str, got {type(value).__name__} {value!r}")
    if not _NAME_RE.match(name):
        raise ValueError(f"name must match {_NAME_RE.pattern} (lowercase, digits, '-'), got {name!r}")
    if not alt.strip():
        raise ValueError(f"alt must describe the figure for readers who cannot see it, got {alt!r}")
    if not caption.strip():
        raise ValueError(f"caption must say what to look at in figure {name!r}, got {caption!r}")
    svg = render_svg(fig)
    png = render_png(fig)
    width, height = (round(v) for v in fig.get_size_inches() * 96)  # CSS pixels
    REGISTRY[name] = PublishedFigure(name, svg, png, alt, caption, width, height)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return (
        f'<figure class="rd-figure" data-figure="{name}">'
        f'<img src="{FIGURE_SCHEME}{name}.svg" alt="{html.escape(alt, quote=True)}" '
        f'width="{width}" height="{height}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
