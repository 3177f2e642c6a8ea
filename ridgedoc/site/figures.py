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

__all__ = ["LABEL", "figure_html", "number_figures", "replace_placeholders", "write_figures"]

LABEL = "그림 R{n}"
_INLINE_MATH_RE = re.compile(r"\\\((.+?)\\\)", re.S)


def _caption_math(caption: str) -> str:
    """Mark ``\\(...\\)`` in a caption for MathJax, as arithmatex does in the text."""
    return _INLINE_MATH_RE.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', caption)


def figure_html(fig: dict, base: str) -> str:
    """The ``<figure>`` of a published figure; ``base`` is the page-relative ``figures/`` URL."""
    name = fig["name"]
    anchor = f"fig-{name}"
    svg, png = f"{base}{name}.svg", f"{base}{name}.png"
    alt = html.escape(fig["alt"], quote=True)
    return (
        f'<figure class="rd-figure" id="{anchor}">'
        f'<img src="{svg}" alt="{alt}" width="{fig["width_px"]}" height="{fig["height_px"]}">'
        f'<figcaption><a class="rd-figure__number" href="#{anchor}" data-figure="{name}"></a> '
        f'{_caption_math(fig["caption"])}'
        f'<span class="rd-figure__links">'
        f'<a href="{svg}" download>SVG</a> · <a href="{png}" download>PNG (2×)</a></span>'
        f"</figcaption></figure>"
    )


def replace_placeholders(output: str, figures: list[dict], base: str) -> tuple[str, list[str], list[str]]:
    """Swap each placeholder in a block's output for its figure.

    Returns the new output, the names it shows, and problems (a placeholder whose
    figure the block did not publish).
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
        replacements.append((el.start, el.end, figure_html(by_name[name], base)))
    return htmlscan.splice(output, replacements), names, problems


def number_figures(output: str, numbers: dict[str, int]) -> str:
    """Fill in each figure's number (``그림 R3.``) in a rendered page."""
    doc = htmlscan.scan(output)
    replacements = []
    for el in doc.find("a", cls="rd-figure__number", attr="data-figure"):
        n = numbers.get(el.attrs["data-figure"])
        if n is not None:
            replacements.append((el.inner_start, el.inner_end, LABEL.format(n=n) + "."))
    return htmlscan.splice(output, replacements)


def write_figures(figures: dict[str, dict], site_dir: str) -> None:
    out = Path(site_dir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    for name, fig in sorted(figures.items()):
        (out / f"{name}.svg").write_bytes(base64.b64decode(fig["svg"]))
        (out / f"{name}.png").write_bytes(base64.b64decode(fig["png"]))
