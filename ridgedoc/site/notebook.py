"""The notebook page: what mkdocs-jupyter renders, made to fit the site.

The plugin executes the notebook in a worker (nbclient, one time limit per cell)
and hands mkdocs-jupyter the executed copy with ``execute: false``. Here the HTML
it renders is adjusted, through :mod:`ridgedoc.site.htmlscan`:

- JupyterLab's 0.57 MB inlined stylesheet is dropped (the site's stylesheet styles
  the cells);
- figures are re-encoded as 256-colour PNGs and get the alt text written in their
  cell's metadata (``"alt"``);
- ``$...$`` and ``$$...$$`` in Markdown cells are marked for MathJax, like
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

__all__ = ["DEFAULT_ALT", "cell_alts", "clean", "heading_anchors", "mark_math", "shrink_png"]

DEFAULT_ALT = "No description has been provided for this image"
_LAB_CSS_START = '@charset "UTF-8";.jupyter-wrapper{--md-red-50'
_DISPLAY_RE = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_RE = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)")
_CODE = frozenset({"code", "pre", "script", "style"})


def cell_alts(nb_path: str) -> dict[str, str]:
    """Alt text by cell id, from each cell's metadata ``"alt"``."""
    cells = json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
    return {c.get("id"): (c.get("metadata", {}).get("alt") or "").strip() for c in cells}


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
    """Mark the math of Markdown cells for MathJax; a paragraph that is one ``$$...$$`` is a display."""
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


def _drop_lab_css(content: str) -> str:
    doc = htmlscan.scan(content)
    for el in doc.find("style"):
        if doc.inner(el).lstrip().startswith(_LAB_CSS_START):
            return htmlscan.splice(content, [(el.start, el.end, "")])
    return content


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
    content = _drop_lab_css(content)
    content, problems = _images(content, alts)
    content = mark_math(content)
    content, ids = heading_anchors(content, slugify)
    return content, ids, problems
