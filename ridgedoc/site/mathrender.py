"""Math rendered while the site is built: KaTeX's HTML and MathML, no math script in the browser.

Every formula that pymdownx.arithmatex marked (``<span class="arithmatex">\\(…\\)</span>``,
``<div class="arithmatex">\\[…\\]</div>``; the notebook's ``$…$`` and the API page's
docstring math are marked the same way) is rendered by markdown-katex-rs, a Rust
port of KaTeX on PyPI, through its public ``tex2html``. Its output is KaTeX 0.15.1's
markup: a ``katex-mathml`` part (MathML, read by screen readers and carrying the TeX
as an annotation) and a ``katex-html`` part (what is drawn, hidden from screen
readers). The stylesheet and fonts of that KaTeX version are files of the site
(``overrides/assets/katex/``, from npm ``katex@0.15.1``), linked only from pages that
show math (:data:`STYLESHEET`).

Search indexes the page with the TeX where the reader sees rendered math
(:attr:`.pages.PageResult.search_content`), so the index holds readable text, as it
did when MathJax typeset in the browser, never the glyph boxes. A TeX error is a
problem of the page, which fails the strict build with the formula and KaTeX's message.
"""

from __future__ import annotations

import html
import re

from . import htmlscan

__all__ = ["STYLESHEET", "element_tex", "math_replacements", "render"]

STYLESHEET = "assets/katex/katex.min.css"  # from the site root


def render(tex: str, *, display: bool) -> str:
    """KaTeX's HTML (with MathML) of ``tex``; raises ``ValueError`` with KaTeX's message on bad TeX."""
    from markdown_katex_rs.extension import tex2html

    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    return _canonical(tex2html(tex, {"display-mode": display}))


_TAG_RE = re.compile(r'<([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z][A-Za-z0-9:-]*="[^"]*")+)\s*>')
_ATTR_RE = re.compile(r'([A-Za-z][A-Za-z0-9:-]*)="([^"]*)"')
_NEGATIVE_HEIGHT_RE = re.compile(r"height:-[0-9.]+em;?")


def _style(value: str) -> str:
    declarations = sorted(d.strip() for d in value.split(";") if d.strip())
    return "".join(f"{d};" for d in declarations)


def _canonical(out: str) -> str:
    """KaTeX's markup with the same bytes on every run, and valid CSS.

    markdown-katex-rs writes a MathML element's attributes in an order that changes
    from one process to the next (a hash map), and the declarations of a ``style``
    too, so both are sorted (KaTeX never sets one property twice in a style). It also writes ``height:-0.24em`` on some ``vlist`` boxes, a value CSS
    does not allow and every browser ignores; it is left out, which draws the same.
    """

    def sort(m: re.Match) -> str:
        attrs = sorted((k, _style(v) if k == "style" else v) for k, v in _ATTR_RE.findall(m[2]))
        return f"<{m[1]}" + "".join(f' {k}="{v}"' for k, v in attrs) + ">"

    out = _NEGATIVE_HEIGHT_RE.sub("", out)
    out = out.replace(' style=""', "")
    return _TAG_RE.sub(sort, out)


def element_tex(doc: htmlscan.Scan, el: htmlscan.Element) -> tuple[str, bool]:
    """The TeX of an arithmatex element, entities decoded and ``\\( \\)``/``\\[ \\]`` removed, and whether it is a display."""
    tex = html.unescape(doc.inner(el)).strip()
    display = el.tag == "div" or tex.startswith(r"\[")
    for left, right in ((r"\(", r"\)"), (r"\[", r"\]")):
        if tex.startswith(left) and tex.endswith(right):
            tex = tex[len(left) : -len(right)]
    return tex, display


def math_replacements(doc: htmlscan.Scan, *, skip=()) -> tuple[list, list[str]]:
    """``(start, end, new)`` spans that put rendered math into every arithmatex element but those in ``skip``.

    Each element keeps its own start and end tags (its class stays, so styles and the
    plugin's other transforms still find the math); its TeX becomes KaTeX's markup.
    Returns the spans and the problems (TeX errors).
    """
    taken = {(el.start, el.end) for el in skip}
    replacements, problems = [], []
    for el in doc.find(cls="arithmatex"):
        if (el.start, el.end) in taken:
            continue
        tex, display = element_tex(doc, el)
        try:
            rendered = render(tex, display=display)
        except ValueError as exc:
            problems.append(f"TeX error in {tex.strip()[:120]!r}: {exc}")
            continue
        replacements.append((el.inner_start, el.inner_end, rendered))
    return replacements, problems
