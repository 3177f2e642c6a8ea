"""Checks of a rendered page that make the strict build fail (the plugin logs each problem).

- Markdown structure left as literal text: a fence line (three or more backticks
  or tildes at the start of a line) in the page's text, outside code; or a fence
  Python-Markdown read as inline code instead (a ``<code>`` outside ``<pre>`` that
  opens a paragraph, spans lines and starts with a fence's info string, such as ``python foo="1"``).
  That is what a fence header superfences did not accept becomes.
- Images without alt text.
"""

from __future__ import annotations

import re

from . import htmlscan

__all__ = ["literal_markdown", "missing_alt"]

_FENCE_LINE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*", re.M)
_INFO_STRING_RE = re.compile(r"""^[\w#.+-]+(?:[ \t]+[\w-]+(?:=(?:"[^"\n]*"|'[^'\n]*'|\S+))?)*[ \t]*\n""")
CODE = frozenset({"code", "pre", "script", "style", "textarea", "kbd", "samp"})


def literal_markdown(content: str | htmlscan.Scan) -> list[str]:
    """Fence lines that reached the page as text."""
    problems = []
    doc = htmlscan.as_scan(content)
    for run in doc.texts:
        if run.inside(CODE):
            continue
        for m in _FENCE_LINE_RE.finditer(run.text):
            problems.append(f"a Markdown fence was left as literal text: {m[0].strip()[:80]!r} "
                            "(is its header valid? an executed block needs exec=\"1\")")
    paragraph_starts = {p.inner_start for p in doc.find("p")}
    for code in doc.find("code"):
        if code.start not in paragraph_starts:  # a fence starts its line, so its paragraph
            continue
        text = "".join(run.text for run in doc.texts if code.inner_start <= run.start and run.end <= code.inner_end)
        m = _INFO_STRING_RE.match(text)
        if m:
            problems.append(f"a Markdown fence was read as inline code: '```{m[0].strip()[:80]}' "
                            "(is its header valid? an executed block needs exec=\"1\")")
    return problems


def missing_alt(content: str | htmlscan.Scan) -> list[str]:
    """``<img>`` elements with no alt text, or nbconvert's placeholder alt."""
    problems = []
    for el in htmlscan.as_scan(content).find("img"):
        alt = (el.attrs.get("alt") or "").strip()
        if not alt or alt == "No description has been provided for this image":
            problems.append(f"an image has no alt text: {(el.attrs.get('src') or '')[:60]!r}")
    return problems


def page_assets(content: str | htmlscan.Scan) -> dict[str, list[str]]:
    """Stylesheets and scripts that elements of the page ask for (``data-rd-assets="a.css b.js"``)."""
    css, js = [], []
    for el in htmlscan.as_scan(content).find(attr="data-rd-assets"):
        for path in (el.attrs["data-rd-assets"] or "").split():
            target = css if path.endswith(".css") else js
            if path not in target:
                target.append(path)
    return {"css": css, "js": js}


def duplicate_ids(content: str | htmlscan.Scan) -> list[str]:
    """Element ids used more than once (links and tab sets pick the first; the others break)."""
    seen: dict[str, int] = {}
    for el in htmlscan.as_scan(content).elements:
        value = el.attrs.get("id")
        if value:
            seen[value] = seen.get(value, 0) + 1
    return [f"the id {name!r} is used {n} times on the page" for name, n in seen.items() if n > 1]
