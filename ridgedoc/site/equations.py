"""Numbered equations: citable anchors, links from "식 (7.x)" in the text.

A display whose TeX has ``\\tag{7.10}`` gets the anchor ``eq-7-10``. With one tag,
the number leaves the TeX and becomes a link beside the formula (it stays visible
while a long formula scrolls on a phone). With several (an ``align`` with one tag
per row), KaTeX draws the row numbers and each number gets an anchor; a row of
permalinks under the display links each row's number.

Every number also gets a "copy TeX" button (``docs/javascripts/copy-tex.js`` does
the copying). What it copies is made here, at build time, from the page's own TeX
(:func:`copy_text`, :func:`row_sources`), never read back from the rendered math.
"""

from __future__ import annotations

import html
import re

from . import htmlscan

__all__ = ["anchor_equations", "anchors_for", "copy_button", "copy_text", "display_tex",
           "display_tags", "equation_replacements", "link_references", "reference_replacements", "row_sources",
           "source_tags"]

_TAG_RE = re.compile(r"\\tag\{([0-9.]+)\}")
_REF_RE = re.compile(r"식 \((\d+\.\d+)\)")
_ENV_RE = re.compile(r"\A\s*\\begin\{([A-Za-z]+\*?)\}(.*)\\end\{\1\}\s*\Z", re.S)
# A copy icon (Material Design Icons' content-copy, Apache-2.0), drawn in the text colour.
_COPY_ICON = (
    '<svg class="rd-equation__copy-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" '
    'focusable="false"><path fill="currentColor" d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 '
    '2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12V1Z"/></svg>'
)
# Text in these elements is never turned into a link.
SKIP = frozenset({"a", "code", "pre", "script", "style", "title", "textarea", "h1", "h2", "h3", "h4", "h5", "h6"})


def anchor_equations(content: str) -> tuple[str, list[tuple[str, str]]]:
    """Give every tagged display its anchor; return the page and its ``(number, anchor)`` pairs."""
    replacements, found = equation_replacements(htmlscan.scan(content))
    return htmlscan.splice(content, replacements), found


def anchors_for(numbers) -> list[tuple[str, str]]:
    """``(number, anchor)`` for the tags of one page in order: ``eq-7-10``, a repeat made unique."""
    used: set[str] = set()
    out = []
    for number in numbers:
        anchor = "eq-" + number.replace(".", "-")
        if anchor in used:
            anchor = f"{anchor}-{len(used)}"
        used.add(anchor)
        out.append((number, anchor))
    return out


def display_tags(tex_html: str) -> list[str]:
    """The equation numbers (``\\tag{7.10}``) in a display's TeX, in order."""
    return _TAG_RE.findall(tex_html)


def _same(inner_html: str) -> str:
    return inner_html


def equation_replacements(doc: htmlscan.Scan, inner=_same) -> tuple[list, list[tuple[str, str]]]:
    """What :func:`anchor_equations` changes in a scanned page: ``(start, end, new)`` spans and the anchors.

    ``inner(tex_html)`` gives what a display's ``<div class="arithmatex">`` holds, from
    its TeX as the page has it (``\\[ … \\]``, entities and all; a single tag already
    taken out): by default the TeX itself, in the build the rendered math.
    """
    displays = [(el, display_tags(doc.inner(el))) for el in doc.find("div", cls="arithmatex")]
    displays = [(el, tags) for el, tags in displays if tags]
    found = anchors_for(n for _, tags in displays for n in tags)
    replacements = []
    pairs = iter(found)
    for el, tags in displays:
        anchors = [next(pairs)[1] for _ in tags]
        tex = doc.inner(el)
        if len(tags) == 1:
            number, anchor = tags[0], anchors[0]
            source = display_tex(tex)
            tex = tex.replace(f"\\tag{{{number}}}", "")
            new = (
                f'<div class="rd-equation" id="{anchor}"><div class="arithmatex">{inner(tex)}</div>'
                f'<a class="rd-equation__number" href="#{anchor}" title="식 ({number})의 링크">({number})</a>'
                f"{copy_button(number, copy_text(source))}</div>"
            )
        else:
            extra = "".join(f'<span class="rd-equation__anchor" id="{a}"></span>' for a in anchors[1:])
            try:
                rows = dict(row_sources(display_tex(tex)))
            except ValueError:  # several \tag outside an environment: rendering reports the TeX
                rows = {}
            links = "".join(
                f'<span class="rd-equation__row"><a class="rd-equation__number" href="#{a}" '
                f'title="식 ({n})의 링크">({n})</a>'
                + (copy_button(n, copy_text(rows[n])) if n in rows else "") + "</span>"
                for n, a in zip(tags, anchors, strict=True)
            )
            new = (
                f'<div class="rd-equation rd-equation--rows" id="{anchors[0]}">{extra}'
                f'{doc.source[el.start:el.inner_start]}{inner(tex)}</div>'
                f'<div class="rd-equation__rows">{links}</div></div>'
            )
        replacements.append((el.start, el.end, new))
    return replacements, found


_FENCE_OPEN_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
_INLINE_CODE_RE = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)  # not across a blank line


def _prose(markdown: str) -> str:
    """``markdown`` without fenced code blocks and inline code (where a ``\\tag`` is not an equation)."""
    out, pos = [], 0
    while (m := _FENCE_OPEN_RE.search(markdown, pos)) is not None:
        out.append(markdown[pos : m.start()])
        line_end = markdown.find("\n", m.end())
        if line_end == -1:
            pos = len(markdown)
            break
        fence = m[1]  # closed by a line of at least as many of the same character
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M).search(markdown, line_end + 1)
        pos = len(markdown) if close is None else close.end()
    out.append(markdown[pos:])
    return _INLINE_CODE_RE.sub("", "".join(out))


def source_tags(markdown: str) -> list[str]:
    """The equation numbers a page displays, read from its Markdown: ``\\tag{7.x}`` outside code.

    The plugin knows every page's equation anchors before any page is rendered (so a
    "식 (7.x)" link to another page needs no second pass, and ``mkdocs serve --dirty``
    links to pages it does not rebuild); rendering checks that it finds the same.
    """
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str, got {type(markdown).__name__}")
    return _TAG_RE.findall(_prose(markdown))


def display_tex(inner_html: str) -> str:
    """The TeX of a display as the page's author wrote it: entities decoded, ``\\[ \\]`` removed."""
    if not isinstance(inner_html, str):
        raise TypeError(f"inner_html must be a str, got {type(inner_html).__name__}")
    tex = html.unescape(inner_html).strip()
    if tex.startswith(r"\[") and tex.endswith(r"\]"):
        tex = tex[2:-2]
    return tex.strip()


def copy_text(tex: str) -> str:
    """What the copy button puts on the clipboard: ``$$``, the TeX, ``$$``, each on its own line.

    Obsidian, Typora and Notion read a ``$$`` block on lines of its own as display math.
    ``\\tag{7.x}`` stays in: their renderers (MathJax in Obsidian and Typora, KaTeX in
    Notion) draw it in display math, and the book's number is what a note wants to keep.
    """
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    if not tex.strip():
        raise ValueError(f"tex must contain TeX, got {tex!r}")
    return f"$$\n{tex.strip()}\n$$"


def _split_top(tex: str, sep: str) -> list[str]:
    """``tex`` split at ``sep`` (``\\\\`` or ``&``) outside braces; ``\\&`` is not a separator."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            if depth == 0 and sep == "\\\\" and tex.startswith("\\\\", i):
                parts.append(tex[start:i])
                start = i + 2
            i += 2  # a control symbol such as \{ or \& is never a separator
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(tex[start:i])
            start = i + 1
        i += 1
    parts.append(tex[start:])
    return parts


def row_sources(tex: str) -> list[tuple[str, str]]:
    """Each numbered row of a multi-row environment (``align``) as an equation of its own.

    Returns ``(number, tex)`` per row with a ``\\tag``. A row's left side is the part
    before its first ``&``; a row whose left side is empty continues the previous
    row's (``&= ...`` under ``\\tilde w &= ...``), so the copied row reads
    ``\\tilde w = ...``. The alignment marks ``&`` are dropped (a further ``&`` on a
    row, a second column, becomes ``\\quad``); the row keeps its ``\\tag``.
    """
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    m = _ENV_RE.match(tex)
    if m is None:
        raise ValueError(f"tex must be one \\begin{{...}} ... \\end{{...}} environment, got {tex[:60]!r}")
    out, lhs = [], ""
    for row in _split_top(m[2], "\\\\"):
        cells = _split_top(row, "&")
        left = cells[0].strip()
        if len(cells) > 1 and left:
            lhs = left
        elif len(cells) > 1:
            left = lhs
        body = " \\quad ".join(c.strip() for c in cells[1:])
        row_tex = f"{left} {body}".strip() if len(cells) > 1 else left
        tags = _TAG_RE.findall(row_tex)
        if len(tags) == 1:
            out.append((tags[0], row_tex))
    return out


def copy_button(number: str, text: str) -> str:
    """The button that copies ``text`` for equation ``number``, and its status line for screen readers."""
    label = f"식 ({number}) TeX 복사"
    return (
        f'<button type="button" class="rd-equation__copy" data-tex="{html.escape(text, quote=True)}" '
        f'aria-label="{label}" title="{label}">{_COPY_ICON}</button>'
        '<span class="rd-equation__status" aria-live="polite"></span>'
    )


def reference_replacements(doc: htmlscan.Scan, target) -> list:
    """``(start, end, new)`` spans that link "식 (7.10)" in the text to where (7.10) is displayed.

    ``target(number)`` returns the href for a number, or None if no page shows it.
    Text inside links, code, headings, scripts and formulas is left alone.
    """
    replacements = []
    for run in doc.texts:
        if "식 (" not in run.raw or run.inside(SKIP) or _in_math(run):
            continue

        def link(m: re.Match) -> str:
            href = target(m[1])
            return m[0] if href is None else f'<a class="rd-eqref" href="{href}">{m[0]}</a>'

        new = _REF_RE.sub(link, run.raw)
        if new != run.raw:
            replacements.append((run.start, run.end, new))
    return replacements


def _in_math(run: htmlscan.TextRun) -> bool:
    return any("arithmatex" in (attrs.get("class") or "").split() for _, attrs in run.ancestors)


def link_references(content: str, target) -> str:
    """``content`` with "식 (7.x)" linked (:func:`reference_replacements`)."""
    return htmlscan.splice(content, reference_replacements(htmlscan.scan(content), target))
