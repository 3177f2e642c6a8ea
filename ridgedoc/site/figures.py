"""Published figures: the ``<figure>`` a reader sees, site-wide numbers, the files.

A block draws with matplotlib and prints what :func:`ridgedoc.figures.publish`
returns: a placeholder ``<figure class="rd-figure" data-figure="NAME">``. The worker
sends the figure's bytes and texts along with the block's output; here the
placeholder becomes the final element (page-relative image URL, permalink, download
links), and the files go to ``site/figures/NAME.svg`` and ``.png``. Numbers
("그림 R3") run through the whole site in the order of the navigation, with an R
(for ridgedoc) so that they can never be read as the book's numbers (그림 7.1).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from . import htmlscan

__all__ = ["LABEL", "figure_html", "lift_block_output", "placeholder_names", "replace_placeholders", "write_figures"]

LABEL = "그림 R{n}"
_INLINE_MATH_RE = re.compile(r"\\\((.+?)\\\)", re.S)
# Elements that may not stand inside a <p> (HTML's flow content that is not phrasing
# content): a parser closes the paragraph before them and leaves its </p> stray.
_NOT_PHRASING = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section style table ul".split()
)


def _caption_math(caption: str) -> str:
    """Mark ``\\(...\\)`` in a caption as math, as arithmatex does in the text (rendered with the page)."""
    return _INLINE_MATH_RE.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', caption)


def figure_html(fig: dict, base: str, number: int | None = None) -> str:
    """The ``<figure>`` of a published figure; ``base`` is the page-relative ``figures/`` URL.

    ``number`` is its site-wide number (``그림 R3.`` in the caption), known before the
    page is rendered (the plugin numbers from the blocks' results in navigation order).
    """
    name = fig["name"]
    label = "" if number is None else LABEL.format(n=number) + "."
    anchor = f"fig-{name}"
    svg, png = f"{base}{name}.svg", f"{base}{name}.png"
    alt = html.escape(fig["alt"], quote=True)
    return (
        f'<figure class="rd-figure" id="{anchor}">'
        f'<img src="{svg}" alt="{alt}" width="{fig["width_px"]}" height="{fig["height_px"]}">'
        f'<figcaption><a class="rd-figure__number" href="#{anchor}" data-figure="{name}">{label}</a> '
        f'{_caption_math(fig["caption"])}'
        f'<span class="rd-figure__links">'
        f'<a href="{svg}" download>SVG</a> · <a href="{png}" download>PNG (2×)</a></span>'
        f"</figcaption></figure>"
    )


def placeholder_names(output: str, figures: list[dict]) -> list[str]:
    """Names of the published ``figures`` whose placeholders ``output`` shows, in order."""
    published = {f["name"] for f in figures}
    doc = htmlscan.scan(output)
    return [el.attrs["data-figure"] for el in doc.find("figure", cls="rd-figure", attr="data-figure")
            if el.attrs["data-figure"] in published]


def replace_placeholders(output: str, figures: list[dict], base: str,
                         number=lambda name: None) -> tuple[str, list[str], list[str]]:
    """Swap each placeholder in a block's output for its figure.

    ``number(name)`` gives a figure's site-wide number (None: none yet). Returns the
    new output, the names it shows, and problems (a placeholder whose figure the
    block did not publish).
    """
    by_name = {f["name"]: f for f in figures}
    doc = htmlscan.scan(output)
    replacements, names, problems = [], [], []
    for el in doc.find("figure", cls="rd-figure", attr="data-figure"):
        name = el.attrs["data-figure"]
        if name not in by_name:
            problems.append(f"figure {name!r} was not published by this block")
            continue
        names.append(name)
        replacements.append((el.start, el.end, figure_html(by_name[name], base, number(name))))
    return htmlscan.splice(output, replacements), names, problems


def lift_block_output(converted: str, output: str) -> str:
    """Take an ``html="1"`` block's output out of the paragraph markdown-exec wrapped it in.

    With ``source="tabbed-..."`` (or ``above``/``below``), markdown-exec renders the
    tabs as Markdown around a placeholder ``<div>`` and swaps the block's output in
    afterwards; inside a tab that placeholder is inline HTML, so Python-Markdown
    wraps it in a ``<p>``. A ``<figure>`` or ``<div>`` may not stand in a ``<p>``:
    the browser closes the paragraph before it and the ``</p>`` is left stray
    (invalid HTML, two empty paragraphs). This removes exactly that paragraph: the
    one whose whole content is ``output``, when ``output`` holds such an element.
    Paragraphs the block printed itself are left as they are.

    Parameters
    ----------
    converted : str
        What markdown-exec returned for the block (tabs, source, output).
    output : str
        What the block printed, after its figure placeholders were replaced.

    Returns
    -------
    str
        ``converted`` without that paragraph's tags; unchanged if there is none.
    """
    if not isinstance(converted, str) or not isinstance(output, str):
        raise TypeError(f"converted and output must be str, got {type(converted).__name__} and {type(output).__name__}")
    body = output.strip()
    if not body or not any(el.tag in _NOT_PHRASING for el in htmlscan.scan(body).elements):
        return converted
    doc = htmlscan.scan(converted)
    replacements = [(p.start, p.end, body) for p in doc.find("p") if doc.inner(p).strip() == body]
    return htmlscan.splice(converted, replacements)


def write_figures(figures: dict[str, dict], site_dir: str) -> None:
    out = Path(site_dir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    for name, fig in sorted(figures.items()):
        (out / f"{name}.svg").write_bytes(base64.b64decode(fig["svg"]))
        (out / f"{name}.png").write_bytes(base64.b64decode(fig["png"]))
