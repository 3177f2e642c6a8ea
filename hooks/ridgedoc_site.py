"""MkDocs glue for ridgedoc: the only module that knows about MkDocs.

What it does, hook by hook:

- ``on_config``: puts the repository root on ``sys.path`` (so ``import ridgedoc``
  works under the plain ``mkdocs`` command even without ``pip install -e``), turns
  matplotlib's missing-glyph warning into an error, and wraps markdown-exec's Python
  runner so that a failing block logs an ERROR naming the page and shows readers a
  short notice instead of a traceback.
- ``on_files``: serves MathJax (from the PyPI wheel ``django-static-mathjax``) from
  the site itself under ``assets/mathjax/``.
- ``on_page_markdown``: remembers the page being rendered (for messages).
- ``on_page_content``: on the notebook page, marks ``$...$`` math for MathJax and
  gives Korean headings real anchors; rewrites published figures'
  ``ridgedoc-figure:`` sources to page-relative URLs, numbers them (그림 1, 그림 2,
  ...) and adds download links; checks every TeX formula with KaTeX's parser
  (``markdown-katex-rs``) and logs an ERROR naming the page for bad TeX; turns each
  ``\\tag{7.x}`` display into a citable equation with anchor ``eq-7-x``; adds the
  printed page's URL and the "이 페이지 인용하기" box.
- ``on_nav`` / ``on_post_page``: links "식 (7.x)" in the text to the equation.
- ``on_post_build``: writes the published figures into ``site/figures/``.

Every ERROR or WARNING logged here makes ``mkdocs build --strict`` fail.
"""

from __future__ import annotations

import html
import logging
import re
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.ridgedoc")

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_URI = "assets/mathjax"
# The MathJax components the pages load: the loader/startup, TeX input with only the
# packages the pages use (base, ams, boldsymbol, color), CommonHTML output with its
# font data, and assistive MathML for screen readers. About 0.75 MB instead of the
# 1.16 MB of the combined tex-chtml.js (which also carries the 0.43 MB context menu).
MATHJAX_FILES = (
    "startup.js",
    "core.js",
    "input/tex-base.js",
    "input/tex/extensions/ams.js",
    "input/tex/extensions/boldsymbol.js",
    "input/tex/extensions/color.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
)
MATHJAX_FONT_DIR = "output/chtml/fonts/woff-v2"

_state: dict = {"page": None}


def _to_root(page) -> str:
    """Relative path from ``page`` to the site root: page.url is "", "a/" or "a/b/"."""
    return "../" * page.url.count("/")


def _page_name() -> str:
    page = _state["page"]
    return page.file.src_uri if page is not None else "<no page>"


# ---------------------------------------------------------------- markdown-exec


def _wrap_markdown_exec() -> None:
    """Make a failing block an ERROR that names the page, with no traceback in the page."""
    from markdown_exec._internal.formatters import base, python

    if getattr(python._run_python, "_ridgedoc", False):
        return
    original = python._run_python

    def run(code, *args, **kwargs):
        try:
            return original(code, *args, **kwargs)
        except base.ExecutionError as error:
            block = kwargs.get("id") or "(no id)"
            log.error("%s: executed code block %s failed:\n%s", _page_name(), block, error)
            notice = (
                '!!! failure "이 코드 블록은 빌드 중에 실패했습니다"\n\n'
                "    오류 내용은 독자에게 보이지 않고 빌드 로그에 남습니다. "
                "`mkdocs build --strict` 로 확인하세요.\n"
            )
            raise base.ExecutionError(notice, error.returncode) from None

    run._ridgedoc = True
    python._run_python = run


def on_config(config):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("error", message=r"Glyph .* missing from font")
    _wrap_markdown_exec()
    return config


# ---------------------------------------------------------------- MathJax, served locally


def _mathjax_root() -> Path:
    import mathjax  # the PyPI wheel django-static-mathjax

    root = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (root / "startup.js").is_file():
        raise RuntimeError(f"MathJax not found at {root}; install the pinned requirements.txt")
    return root


def on_files(files, config):
    root = _mathjax_root()
    paths = [root / p for p in MATHJAX_FILES] + sorted((root / MATHJAX_FONT_DIR).glob("*.woff"))
    for path in paths:
        uri = f"{MATHJAX_URI}/{path.relative_to(root).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


# ---------------------------------------------------------------- pages


def on_page_markdown(markdown, page, config, files):
    _state["page"] = page
    return markdown


_MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)


def _check_tex(content: str) -> None:
    from markdown_katex_rs._rust import render_math

    for match in _MATH_RE.finditer(content):
        tex = html.unescape(match.group(2)).strip()
        display = match.group(1) == "div" or tex.startswith(r"\[")
        for left, right in ((r"\(", r"\)"), (r"\[", r"\]")):
            if tex.startswith(left) and tex.endswith(right):
                tex = tex[len(left) : -len(right)]
        try:
            render_math(tex, display)
        except ValueError as exc:
            log.error("%s: TeX error in %r: %s", _page_name(), tex.strip()[:120], exc)


_FIG_RE = re.compile(
    r'<figure class="rd-figure" data-figure="(?P<name>[a-z0-9-]+)">'
    r'<img src="ridgedoc-figure:(?P=name)\.svg"(?P<attrs>[^>]*)>'
    r"<figcaption>(?P<caption>.*?)</figcaption></figure>",
    re.S,
)


_INLINE_MATH_RE = re.compile(r"\\\((.+?)\\\)", re.S)


def _arithmatex(match: re.Match) -> str:
    return f'<span class="arithmatex">\\({match[1]}\\)</span>'


def _figures(content: str, page) -> str:
    from ridgedoc._registry import REGISTRY

    base = _to_root(page) + "figures"
    count = 0
    seen: dict = _state.setdefault("figure_pages", {})
    on_this_page: set[str] = set()

    def replace(match: re.Match) -> str:
        nonlocal count
        name = match["name"]
        if name not in REGISTRY:
            log.error("%s: figure %r was not published", _page_name(), name)
        other = seen.setdefault(name, page.file.src_uri)
        if other != page.file.src_uri or name in on_this_page:
            log.error("%s: figure name %r is already used by %s", _page_name(), name, other)
        on_this_page.add(name)
        count += 1
        anchor = f"fig-{name}"
        svg, png = f"{base}/{name}.svg", f"{base}/{name}.png"
        return (
            f'<figure class="rd-figure" id="{anchor}">'
            f'<img src="{svg}"{match["attrs"]}>'
            f'<figcaption><a class="rd-figure__number" href="#{anchor}">그림 {count}.</a> '
            f'{_INLINE_MATH_RE.sub(_arithmatex, match["caption"])}'
            f'<span class="rd-figure__links">'
            f'<a href="{svg}" download>SVG</a> · <a href="{png}" download>PNG (2×)</a></span>'
            f"</figcaption></figure>"
        )

    out = _FIG_RE.sub(replace, content)
    if "ridgedoc-figure:" in out:
        log.error("%s: a figure placeholder was left unrewritten", _page_name())
    return out


# ---------------------------------------------------------------- notebook pages (mkdocs-jupyter)

_NB_MD_RE = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_CODE_RE = re.compile(r"(<(code|pre)\b.*?</\2>)", re.S)
_DISPLAY_P_RE = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.S)
_DISPLAY_RE = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_RE = re.compile(r"(?<![\\$])\$(?=\S)([^$\n<>]+?)(?<=\S)\$(?!\d)")
_NB_HEADING_RE = re.compile(
    r'<h([1-6]) id="[^"]*">((?:(?!</h[1-6]>).)*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S
)


def _notebook_math(fragment: str) -> str:
    """Mark ``$...$`` and ``$$...$$`` in a rendered markdown cell as arithmatex math."""
    parts = _CODE_RE.split(fragment)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 1:  # a <code>/<pre> element: left alone
            out.append(part)
        elif i % 3 == 0:
            part = _DISPLAY_P_RE.sub(lambda m: f'<div class="arithmatex">\\[{m[1]}\\]</div>', part)
            part = _DISPLAY_RE.sub(lambda m: f'<span class="arithmatex">\\[{m[1]}\\]</span>', part)
            part = _INLINE_RE.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', part)
            out.append(part)
    return "".join(out)


def _notebook_headings(content: str, page, config) -> str:
    """Give notebook headings readable Unicode anchors and point the page's TOC at them.

    mkdocs-jupyter slugifies Korean headings to empty ids and links its TOC to ``#_1``,
    which does not exist. Headings get the same slugs as Markdown pages instead.
    """
    from pymdownx.slugs import slugify

    slug = slugify(case="lower")
    used: dict[str, int] = {}
    new_ids: list[str] = []

    def replace(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", match[2]).strip()
        base = slug(html.unescape(text), "-") or "section"
        n = used.get(base, 0)
        used[base] = n + 1
        anchor = base if n == 0 else f"{base}_{n}"
        new_ids.append(anchor)
        return (
            f'<h{match[1]} id="{anchor}">{match[2]}'
            f'<a class="headerlink" href="#{anchor}" title="이 절의 링크">¶</a></h{match[1]}>'
        )

    content = _NB_HEADING_RE.sub(replace, content)
    items = []

    def walk(toc):
        for item in toc:
            items.append(item)
            walk(item.children)

    walk(page.toc)
    if len(items) == len(new_ids):
        for item, anchor in zip(items, new_ids):
            item.id = anchor
    else:
        log.error("%s: notebook TOC has %d entries but %d headings", _page_name(), len(items), len(new_ids))
    return content


_NB_DEFAULT_ALT = 'alt="No description has been provided for this image"'
_NB_CELL_RE = re.compile(r'(<div class="jp-Cell [^"]*" id="cell-id=([^"]+)">)(.*?)(?=<div class="jp-Cell |\Z)', re.S)
# The full JupyterLab stylesheet nbconvert inlines into the page (about 0.57 MB); the
# cells are styled by a compact stylesheet in docs/stylesheets/extra.css instead.
_NB_LAB_CSS_RE = re.compile(r'<style type="text/css">\s*@charset "UTF-8";\.jupyter-wrapper\{--md-red-50.*?</style>', re.S)


def _notebook_alt(content: str, page) -> str:
    """Give each notebook figure the alt text written in its cell's metadata (``"alt"``)."""
    import json

    cells = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))["cells"]
    alts = {c.get("id"): c.get("metadata", {}).get("alt", "") for c in cells}

    def replace(match: re.Match) -> str:
        body = match[3]
        if _NB_DEFAULT_ALT in body:
            alt = alts.get(match[2], "").strip()
            if not alt:
                log.warning("%s: notebook cell %r draws a figure but has no \"alt\" in its metadata", _page_name(), match[2])
            else:
                body = body.replace(_NB_DEFAULT_ALT, f'alt="{html.escape(alt, quote=True)}"')
        return match[1] + body

    content = _NB_CELL_RE.sub(replace, content)
    if _NB_DEFAULT_ALT in content:
        log.warning("%s: a notebook figure has no alt text (give its cell an id and an \"alt\" in its metadata)", _page_name())
    return content


_NB_PNG_RE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


def _shrink_png(match: re.Match) -> str:
    """Re-encode a notebook figure as a 256-colour optimized PNG (about a third of the bytes)."""
    import base64
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(match[1]))).convert("RGB")
    buf = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True
    )
    if buf.tell() >= len(match[1]) * 3 // 4:
        return match[0]
    return f'src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}"'


def _notebook(content: str, page, config) -> str:
    content = _NB_LAB_CSS_RE.sub("", content, count=1)
    content = _NB_PNG_RE.sub(_shrink_png, content)
    content = _NB_MD_RE.sub(lambda m: m[1] + _notebook_math(m[2]) + m[3], content)
    content = _notebook_alt(content, page)
    content = _notebook_headings(content, page, config)
    # mkdocs-jupyter (include_source) copies the .ipynb next to the page; offer it.
    name = Path(page.file.src_uri).name
    download = (
        f'<p class="rd-notebook-download"><a href="{quote(name)}" download>'
        f"이 노트북 내려받기 ({html.escape(name)})</a> · 주피터에서 README의 설치만으로 실행됩니다.</p>"
    )
    return download + content


# ---------------------------------------------------------------- citable equations

_DISPLAY_DIV_RE = re.compile(r'<div class="arithmatex">((?:(?!</div>).)*?)</div>', re.S)
_TAG_NUMBER_RE = re.compile(r"\\tag\{([0-9.]+)\}")
_EQ_REF_RE = re.compile(r"식 \((7\.\d+)\)")


def _equations(content: str, page) -> str:
    """Make every display with ``\\tag{7.x}`` citable at the anchor ``eq-7-x``.

    One tag: the tag leaves the TeX and becomes an HTML link beside the formula, so
    the number stays visible (and clickable) while a long formula scrolls on a phone.
    Several tags (an ``align`` with one per row): MathJax draws the row numbers, and
    each number gets an anchor on the display.
    """
    used: set[str] = set()
    numbers = _state.setdefault("equations", {})

    def anchor_for(number: str) -> str:
        anchor = "eq-" + number.replace(".", "-")
        if anchor in used:
            anchor = f"{anchor}-{len(used)}"
        used.add(anchor)
        numbers.setdefault(number, []).append((page.url, anchor))
        return anchor

    def replace(match: re.Match) -> str:
        tex = match[1]
        tags = _TAG_NUMBER_RE.findall(tex)
        if not tags:
            return match[0]
        anchors = [anchor_for(n) for n in tags]
        if len(tags) == 1:
            number, anchor = tags[0], anchors[0]
            tex = tex.replace(f"\\tag{{{number}}}", "")
            return (
                f'<div class="rd-equation" id="{anchor}"><div class="arithmatex">{tex}</div>'
                f'<a class="rd-equation__number" href="#{anchor}" title="식 ({number})의 링크">({number})</a></div>'
            )
        extra = "".join(f'<span class="rd-equation__anchor" id="{a}"></span>' for a in anchors[1:])
        return f'<div class="rd-equation rd-equation--rows" id="{anchors[0]}">{extra}{match[0]}</div>'

    return _DISPLAY_DIV_RE.sub(replace, content)


_SKIP_TAGS = {"a", "code", "pre", "script", "style", "title", "head", "h1", "h2", "h3", "h4", "h5", "h6"}
_TAG_RE = re.compile(r"(<[^>]+>)")


def _link_equation_refs(output: str, page, nav_order: list[str]) -> str:
    """Turn "식 (7.10)" in the page text into a link to where (7.10) is displayed."""
    numbers = _state.get("equations", {})
    rank = {url: i for i, url in enumerate(nav_order)}
    depth = _to_root(page)
    parts = _TAG_RE.split(output)
    stack: list[str] = []
    for i, part in enumerate(parts):
        if i % 2 == 1:
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m[2].lower() in _SKIP_TAGS and not part.endswith("/>"):
                if m[1]:
                    if m[2].lower() in stack:
                        stack.remove(m[2].lower())
                else:
                    stack.append(m[2].lower())
            continue
        if stack or "식 (" not in part:
            continue

        def link(match: re.Match) -> str:
            places = numbers.get(match[1])
            if not places:
                return match[0]
            here = [a for url, a in places if url == page.url]
            if here:
                return f'<a class="rd-eqref" href="#{here[0]}">{match[0]}</a>'
            url, anchor = min(places, key=lambda p: rank.get(p[0], len(rank)))
            return f'<a class="rd-eqref" href="{depth}{url}#{anchor}">{match[0]}</a>'

        parts[i] = _EQ_REF_RE.sub(link, part)
    return "".join(parts)


# ---------------------------------------------------------------- "이 페이지 인용하기"


def _last_modified(path: str) -> str:
    import datetime
    import subprocess

    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path],
            cwd=ROOT, capture_output=True, text=True, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    if out:
        return out
    return datetime.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()


def _cite_box(page, config) -> str:
    title = page.title or config["site_name"]
    url = (config.get("site_url") or "") + page.url
    date = _last_modified(page.file.abs_src_path)
    key = "ridgedoc-" + (re.sub(r"[^a-z0-9]+", "-", page.url.lower()).strip("-") or "home")
    site = config["site_name"]
    plain = f"ridgedoc 스터디, 「{title}」, {site}, {url} (마지막 수정 {date})."
    bibtex = (
        f"@misc{{{key},\n"
        f"  author       = {{{{ridgedoc 스터디}}}},\n"
        f"  title        = {{{title}}},\n"
        f"  howpublished = {{{site}}},\n"
        f"  url          = {{{url}}},\n"
        f"  year         = {{{date[:4]}}},\n"
        f"  note         = {{마지막 수정 {date}}}\n"
        f"}}"
    )
    esc = html.escape
    return (
        '<section class="rd-cite" aria-label="이 페이지 인용하기">'
        # data-search-exclude: page furniture on every page, not reading matter for search
        '<h2 data-search-exclude="cite" id="이-페이지-인용하기">이 페이지 인용하기<a class="headerlink" href="#이-페이지-인용하기" title="이 절의 링크">¶</a></h2>'
        f'<p>제목: {esc(title)}<br>주소: <a href="{esc(url)}">{esc(url)}</a><br>마지막 수정: {date}</p>'
        '<p class="rd-cite__label">일반 텍스트</p>'
        f'<div class="highlight"><pre><code>{esc(plain)}</code></pre></div>'
        '<p class="rd-cite__label">BibTeX</p>'
        f'<div class="highlight"><pre><code>{esc(bibtex)}</code></pre></div>'
        "</section>"
    )


def _print_url(page, config) -> str:
    url = (config.get("site_url") or "") + page.url
    return f'<p class="rd-print-url" data-search-exclude="print">이 문서의 주소: {html.escape(url)}</p>'


def _page_assets(content: str, page) -> str:
    """Point ``ridgedoc-asset:PATH`` (scripts and styles only some pages need) at the site's file."""
    return content.replace("ridgedoc-asset:", _to_root(page))


def on_page_content(content, page, config, files):
    _state["page"] = page
    content = _page_assets(content, page)
    if page.file.src_uri.endswith(".ipynb"):
        content = _notebook(content, page, config)
    content = _figures(content, page)
    _check_tex(content)
    content = _equations(content, page)
    return _print_url(page, config) + content + _cite_box(page, config)


def on_nav(nav, config, files):
    _state["nav_order"] = [p.url for p in nav.pages]
    return nav


def on_post_page(output, page, config):
    return _link_equation_refs(output, page, _state.get("nav_order", []))


def on_pre_build(config):
    from ridgedoc._registry import REGISTRY

    REGISTRY.clear()
    _state["figure_pages"] = {}
    _state["equations"] = {}


def on_post_build(config):
    from ridgedoc._registry import REGISTRY

    out = Path(config["site_dir"]) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    for name, fig in sorted(REGISTRY.items()):
        (out / f"{name}.svg").write_bytes(fig.svg)
        (out / f"{name}.png").write_bytes(fig.png)
    _state["page"] = None
