"""The notebook page: what mkdocs-jupyter renders, made to fit the site.

The plugin executes the notebook in a worker (nbclient, one time limit per cell)
and hands mkdocs-jupyter the executed copy with ``execute: false``. Here the HTML
it renders is adjusted, through :mod:`ridgedoc.site.htmlscan`:

- the ``<style>`` elements mkdocs-jupyter puts around the notebook are dropped
  (``<style>`` may not stand in the body, :func:`drop_template_styles`). JupyterLab's
  0.57 MB stylesheet is not needed (the site's stylesheet styles the cells); the
  code colours and JupyterLab's colour variables are in
  ``docs/stylesheets/notebook.css``, which only this page links (``data-rd-assets``);
- mkdocs-jupyter's MathJax 2 slot (a ``<script>`` with an empty ``src`` and its
  configuration) is dropped: the site renders the page's math at build time;
- the copy buttons (``<clipboard-copy>``) lose a stray ``,`` attribute of the
  template and get the ``role="button"`` their script gives them anyway (an
  ``aria-label`` needs a role);
- figures are re-encoded as 256-colour PNGs and get the alt text written in their
  cell's metadata (``"alt"``);
- ``$...$`` and ``$$...$$`` in Markdown cells are marked as math, like
  arithmatex does on Markdown pages (so the TeX check and equation anchors apply);
- headings get the same Unicode anchors as Markdown pages, and the page's table of
  contents points at them (mkdocs-jupyter links it to ``#_1``, which does not exist).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

from . import htmlscan

__all__ = [
    "DEFAULT_ALT", "STYLESHEET", "cell_alts", "clean", "drop_mathjax_slot", "drop_template_styles",
    "fix_copy_buttons", "heading_anchors", "mark_math", "markdown_text", "shrink_png",
]

DEFAULT_ALT = "No description has been provided for this image"
STYLESHEET = "stylesheets/notebook.css"  # from the site root; linked by overrides/main.html
_WRAPPER = "jupyter-wrapper"  # mkdocs-jupyter's <div> around the cells
_DISPLAY_RE = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_RE = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)")
_CODE = frozenset({"code", "pre", "script", "style"})


def cell_alts(nb_path: str) -> dict[str, str]:
    """Alt text by cell id, from each cell's metadata ``"alt"``."""
    cells = json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
    return {c.get("id"): (c.get("metadata", {}).get("alt") or "").strip() for c in cells}


def markdown_text(nb_path: str) -> str:
    """The notebook's Markdown cells, joined (where its displayed equations are written)."""
    cells = json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                         for c in cells if c.get("cell_type") == "markdown")


def shrink_png(data: str) -> str:
    """A base64 PNG re-encoded with 256 colours, if that is smaller."""
    from PIL import Image

    raw = base64.b64decode(data)
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    buf = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True
    )
    return base64.b64encode(buf.getvalue()).decode() if buf.tell() < len(raw) else data


def _math_in_text(raw: str) -> str:
    raw = _DISPLAY_RE.sub(lambda m: f'<span class="arithmatex">\\[{m[1]}\\]</span>', raw)
    return _INLINE_RE.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', raw)


def mark_math(content: str) -> str:
    """Mark the math of Markdown cells (rendered with the page); a paragraph that is one ``$$...$$`` is a display."""
    doc = htmlscan.scan(content)
    replacements = []
    cells = doc.find("div", cls="jp-RenderedMarkdown")
    displays = []
    for cell in cells:
        for p in doc.find("p", within=cell):
            inner = doc.inner(p).strip()
            if inner.startswith("$$") and inner.endswith("$$") and inner.count("$$") == 2 and "<" not in inner:
                displays.append(p)
                replacements.append((p.start, p.end, f'<div class="arithmatex">\\[{inner[2:-2]}\\]</div>'))
    for run in doc.texts:
        if run.inside(_CODE) or "$" not in run.raw:
            continue
        if not any(c.inner_start <= run.start and run.end <= c.inner_end for c in cells):
            continue
        if any(p.start <= run.start and run.end <= p.end for p in displays):
            continue
        new = _math_in_text(run.raw)
        if new != run.raw:
            replacements.append((run.start, run.end, new))
    return htmlscan.splice(content, replacements)


def _images(content: str, alts: dict[str, str]) -> tuple[str, list[str]]:
    """Shrink PNGs, put each cell's alt text on its figures; return problems (cells without alt)."""
    doc = htmlscan.scan(content)
    cells = doc.find("div", cls="jp-Cell")
    replacements, problems = [], []
    for img in doc.find("img"):
        attrs = dict(img.attrs)
        src = attrs.get("src") or ""
        changed = False
        if src.startswith("data:image/png;base64,"):
            small = shrink_png(src.split(",", 1)[1])
            if small != src.split(",", 1)[1]:
                attrs["src"] = "data:image/png;base64," + small
                changed = True
        if attrs.get("alt") == DEFAULT_ALT:
            cell = next((c for c in reversed(cells) if c.start <= img.start < c.end), None)
            cell_id = (cell.attrs.get("id") or "").removeprefix("cell-id=") if cell else ""
            alt = alts.get(cell_id, "")
            if alt:
                attrs["alt"] = alt
                changed = True
            else:
                problems.append(f'notebook cell {cell_id or "?"!r} draws a figure but has no "alt" in its metadata')
        if changed:
            replacements.append((img.start, img.end, f"<img{htmlscan.attrs_html(attrs)}>"))
    return htmlscan.splice(content, replacements), problems


def _outside(doc: htmlscan.Scan, el: htmlscan.Element, wrappers: list) -> bool:
    return not any(w.inner_start <= el.start and el.end <= w.inner_end for w in wrappers)


def drop_template_styles(content: str) -> str:
    """Drop the ``<style>`` elements around the notebook and link the page's stylesheet instead.

    mkdocs-jupyter puts ``<style>`` elements around the cells: before them
    nbconvert's code colours, JupyterLab's stylesheet (0.57 MB), JupyterLab's colour
    variables and mermaid's rules; after them nbconvert's code colours once more,
    printed as a Python list (not CSS). A ``<style>`` may not stand in the page's body. The
    rules the page uses are in :data:`STYLESHEET`, which the wrapper ``<div>`` now
    asks for (``data-rd-assets``). Styles inside the cells (a cell's HTML output)
    are the notebook's content and stay.
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be str, got {type(content).__name__}")
    doc = htmlscan.scan(content)
    wrappers = doc.find("div", cls=_WRAPPER)
    replacements = [(el.start, el.end, "") for el in doc.find("style") if _outside(doc, el, wrappers)]
    if wrappers:
        w = wrappers[0]
        attrs = {**w.attrs, "data-rd-assets": " ".join(filter(None, [w.attrs.get("data-rd-assets"), STYLESHEET]))}
        replacements.append((w.start, w.inner_start, f"<div{htmlscan.attrs_html(attrs)}>"))
    return htmlscan.splice(content, replacements)


def drop_mathjax_slot(content: str) -> str:
    """Drop mkdocs-jupyter's MathJax 2 loader (``<script src="">``) and its configuration script.

    The site's own MathJax 3 typesets the notebook's math (marked by :func:`mark_math`);
    MathJax 3 never reads a ``text/x-mathjax-config`` script, and an empty ``src`` is
    invalid HTML. Only scripts outside the cells are touched.
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be str, got {type(content).__name__}")
    doc = htmlscan.scan(content)
    wrappers = doc.find("div", cls=_WRAPPER)
    replacements = []
    for el in doc.find("script"):
        empty_src = "src" in el.attrs and not (el.attrs["src"] or "").strip()
        if (empty_src or el.attrs.get("type") == "text/x-mathjax-config") and _outside(doc, el, wrappers):
            replacements.append((el.start, el.end, ""))
    return htmlscan.splice(content, replacements)


def fix_copy_buttons(content: str) -> str:
    """Copy buttons: drop the stray ``,`` attribute, add ``role="button"``.

    mkdocs-jupyter's template writes ``<clipboard-copy for="cell-1", aria-label=...>``;
    the comma becomes an attribute named ``,``. The element's script sets
    ``role="button"`` when the page runs; written in the HTML, it makes the
    button's ``aria-label`` valid, and the button behaves as before.
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be str, got {type(content).__name__}")
    doc = htmlscan.scan(content)
    replacements = []
    for el in doc.find("clipboard-copy"):
        attrs = {k: v for k, v in el.attrs.items() if k != ","}
        attrs.setdefault("role", "button")
        replacements.append((el.start, el.inner_start, f"<clipboard-copy{htmlscan.attrs_html(attrs)}>"))
    return htmlscan.splice(content, replacements)


def heading_anchors(content: str, slugify) -> tuple[str, list[str]]:
    """Headings get ``slugify(text)`` anchors (``-2``-style suffixes when repeated); return their ids."""
    doc = htmlscan.scan(content)
    used: dict[str, int] = {}
    ids, replacements = [], []
    headings = [el for el in doc.elements if re.fullmatch(r"h[1-6]", el.tag)]
    for h in headings:
        links = doc.find("a", cls="anchor-link", within=h)
        if not links:
            continue
        link = links[0]
        text_html = doc.source[h.inner_start : link.start]
        text = "".join(run.text for run in htmlscan.scan(text_html).texts).strip()
        base = slugify(text, "-") or "section"
        n = used.get(base, 0)
        used[base] = n + 1
        anchor = base if n == 0 else f"{base}_{n}"
        ids.append(anchor)
        replacements.append((h.start, h.end,
                             f'<{h.tag} id="{anchor}">{text_html}'
                             f'<a class="headerlink" href="#{anchor}" title="이 절의 링크">¶</a></{h.tag}>'))
    return htmlscan.splice(content, replacements), ids


def download_link(nb_name: str) -> str:
    return (
        f'<p class="rd-notebook-download"><a href="{quote(nb_name)}" download>'
        f"이 노트북 내려받기 ({html.escape(nb_name)})</a> · 주피터에서 README의 설치만으로 실행됩니다.</p>"
    )


def clean(content: str, *, alts: dict[str, str], slugify) -> tuple[str, list[str], list[str]]:
    """All of the above: returns the page, its heading ids in order, and problems."""
    content = drop_template_styles(content)
    content = drop_mathjax_slot(content)
    content = fix_copy_buttons(content)
    content, problems = _images(content, alts)
    content = mark_math(content)
    content, ids = heading_anchors(content, slugify)
    return content, ids, problems
