"""Numbered equations: citable anchors, links from "식 (7.x)" in the text, TeX checks.

A display whose TeX has ``\\tag{7.10}`` gets the anchor ``eq-7-10``. With one tag,
the number leaves the TeX and becomes a link beside the formula (it stays visible
while a long formula scrolls on a phone). With several (an ``align`` with one tag
per row), MathJax draws the row numbers and each number gets an anchor.
"""

from __future__ import annotations

import html
import re

from . import htmlscan

__all__ = ["anchor_equations", "check_tex", "link_references", "math_elements"]

_TAG_RE = re.compile(r"\\tag\{([0-9.]+)\}")
_REF_RE = re.compile(r"식 \((\d+\.\d+)\)")
# Text in these elements is never turned into a link.
SKIP = frozenset({"a", "code", "pre", "script", "style", "title", "textarea", "h1", "h2", "h3", "h4", "h5", "h6"})


def anchor_equations(content: str) -> tuple[str, list[tuple[str, str]]]:
    """Give every tagged display its anchor; return the page and its ``(number, anchor)`` pairs."""
    doc = htmlscan.scan(content)
    used: set[str] = set()
    found: list[tuple[str, str]] = []
    replacements = []

    def anchor_for(number: str) -> str:
        anchor = "eq-" + number.replace(".", "-")
        if anchor in used:
            anchor = f"{anchor}-{len(used)}"
        used.add(anchor)
        found.append((number, anchor))
        return anchor

    for el in doc.find("div", cls="arithmatex"):
        tex = doc.inner(el)
        tags = _TAG_RE.findall(tex)
        if not tags:
            continue
        anchors = [anchor_for(n) for n in tags]
        if len(tags) == 1:
            number, anchor = tags[0], anchors[0]
            tex = tex.replace(f"\\tag{{{number}}}", "")
            new = (
                f'<div class="rd-equation" id="{anchor}"><div class="arithmatex">{tex}</div>'
                f'<a class="rd-equation__number" href="#{anchor}" title="식 ({number})의 링크">({number})</a></div>'
            )
        else:
            extra = "".join(f'<span class="rd-equation__anchor" id="{a}"></span>' for a in anchors[1:])
            new = f'<div class="rd-equation rd-equation--rows" id="{anchors[0]}">{extra}{doc.outer(el)}</div>'
        replacements.append((el.start, el.end, new))
    return htmlscan.splice(content, replacements), found


def link_references(output: str, target) -> str:
    """Link "식 (7.10)" in the text of ``<article>`` to where (7.10) is displayed.

    ``target(number)`` returns the href for a number, or None if no page shows it.
    Text inside links, code, headings and scripts is left alone.
    """
    doc = htmlscan.scan(output)
    articles = doc.find("article")
    if not articles:
        return output
    art = articles[0]
    replacements = []
    for run in doc.texts:
        if not (art.inner_start <= run.start and run.end <= art.inner_end) or run.inside(SKIP):
            continue
        if "식 (" not in run.raw:
            continue

        def link(m: re.Match) -> str:
            href = target(m[1])
            return m[0] if href is None else f'<a class="rd-eqref" href="{href}">{m[0]}</a>'

        new = _REF_RE.sub(link, run.raw)
        if new != run.raw:
            replacements.append((run.start, run.end, new))
    return htmlscan.splice(output, replacements)


def math_elements(content: str | htmlscan.Scan) -> list[tuple[str, bool]]:
    """Every formula marked for MathJax: ``(tex, display)``, delimiters removed."""
    doc = htmlscan.as_scan(content)
    out = []
    for el in doc.find(cls="arithmatex"):
        tex = html.unescape(doc.inner(el)).strip()
        display = el.tag == "div" or tex.startswith(r"\[")
        for left, right in ((r"\(", r"\)"), (r"\[", r"\]")):
            if tex.startswith(left) and tex.endswith(right):
                tex = tex[len(left) : -len(right)]
        out.append((tex, display))
    return out


def check_tex(content: str | htmlscan.Scan) -> list[str]:
    """Problems KaTeX's parser finds in the page's formulas (markdown-katex-rs, public API)."""
    from markdown_katex_rs.extension import tex2html

    problems = []
    for tex, display in math_elements(content):
        try:
            tex2html(tex, {"display-mode": display})
        except ValueError as exc:
            problems.append(f"TeX error in {tex.strip()[:120]!r}: {exc}")
    return problems
