"""The printable handout: every page of the section on one page, in reading order.

A study group prints the section once. The page ``docs/handout.md`` (front matter
``handout: true``) holds the cover text; when every page's content is known, the
plugin asks :func:`compose` for the rest and puts it on that page:

- a cover (the handout page's own text and the date of the newest page), a table
  of contents, then each page of the navigation (the home page and the handout
  itself left out) in a ``<section>`` that starts on a new sheet;
- results instead of code: a tab set keeps its result tabs (the ``코드`` tab goes),
  a notebook's code cells keep only their output;
- the exercises' answers (``??? note "풀이 보기"``, a ``<details>``) open;
- the α explorer, which only works in a browser, becomes a note that points to the
  static figure before it and to the web page;
- ids that are unique on their page get the page's key as a prefix
  (``chapter-eigen--고유벡터-좌표에서-본-해``); equation anchors (``eq-7-10``) and
  figure anchors (``fig-NAME``) are unique in the whole site and keep their names,
  so the handout's ``#eq-7-10`` is the same anchor as on the pages. Links between
  the included pages become links inside the handout; other relative links are
  rebased onto the handout's address.

Why our own and not mkdocs-print-site-plugin: that plugin renders its page after
the build from HTML rewritten with regular expressions, outside the page events
that number our figures, link "식 (7.x)" and check ids; here the handout is an
ordinary page that goes through all of them (and through the strict checks).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from . import htmlscan

__all__ = ["HANDOUT_META", "Part", "compose", "page_key", "rebase_url"]

HANDOUT_META = "handout"
# markdown-exec's source tab, as the pages name it (tabs="코드|결과", tabs="코드|그림").
CODE_LABELS = frozenset({"코드"})
# Ids that are already unique in the whole site (the plugin checks figure names and
# warns on an equation number shown twice): they keep their names in the handout.
SITE_UNIQUE = ("eq-", "fig-")
_ID_LIST_ATTRS = ("aria-labelledby", "aria-describedby", "aria-controls")


@dataclass
class Part:
    """One page of the handout: its URL (``chapter/eigen/``), title, rendered content and TOC.

    ``toc`` is a list of ``(id, title, children)`` as in MkDocs' ``page.toc``.
    ``figures`` are the names of the figures the page shows, in order.
    """

    url: str
    title: str
    content: str
    toc: list = field(default_factory=list)
    figures: list = field(default_factory=list)


def page_key(url: str) -> str:
    """The id prefix of a page: ``chapter-eigen`` for ``chapter/eigen/``, ``home`` for the home page."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, got {type(url).__name__}")
    return re.sub(r"[^\w]+", "-", url.lower()).strip("-") or "home"


def rebase_url(target: str, handout_url: str) -> str:
    """A site path (``figures/a.svg``, ``""`` for the home page) relative to the handout page."""
    here = "/" + handout_url
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    rel = posixpath.relpath("/" + target, base)
    if target == "" or target.endswith("/"):
        rel = rel.rstrip("/") + "/"
    return "./" if rel == "./" else rel


def _resolve(url: str, page_url: str) -> tuple[str, str] | None:
    """``(site path, fragment)`` of a relative link on ``page_url``; None for other URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return None
    frag = unquote(parts.fragment)  # ids are matched as the browser does, after percent-decoding
    if not parts.path:
        return page_url, frag
    joined = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), parts.path))
    path = joined.lstrip("/")
    if path in (".", ""):
        path = ""
    elif parts.path.endswith("/"):
        path += "/"
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path, frag


# ------------------------------------------------------------------ structure


def _labels(doc: htmlscan.Scan, tabset: htmlscan.Element) -> list[str]:
    for labels in doc.find("div", cls="tabbed-labels", within=tabset):
        return ["".join(r.text for r in doc.texts if lab.inner_start <= r.start and r.end <= lab.inner_end).strip()
                for lab in doc.find("label", within=labels)]
    return []


def _blocks(doc: htmlscan.Scan, tabset: htmlscan.Element) -> list[htmlscan.Element]:
    for content in doc.find("div", cls="tabbed-content", within=tabset):
        blocks = doc.find("div", cls="tabbed-block", within=content)
        return [b for b in blocks if not any(o.start < b.start and b.end <= o.end for o in blocks if o is not b)]
    return []


def _explorer_note(figure: str | None, numbers: dict[str, int], web: str, href: str) -> str:
    shown = ""
    if figure is not None and figure in numbers:
        shown = (f' 같은 문제를 정지 그림으로 그린 것이 <a href="#fig-{figure}">그림 R{numbers[figure]}</a>'
                 "입니다.")
    return (
        '<div class="admonition info rd-handout__explorer"><p class="admonition-title">α 탐색기</p>'
        f"<p>이 자리의 α 탐색기는 브라우저에서만 움직입니다.{shown} "
        f'직접 움직여 보려면 웹 페이지 <a data-rd-keep href="{html.escape(href, quote=True)}">{html.escape(web)}</a>'
        "를 여세요.</p></div>"
    )


def _strip_live_parts(content: str, *, numbers: dict[str, int], web: str, href: str) -> tuple[str, list[str]]:
    """Tab sets to their results, notebook code to its output, the explorer to a note."""
    doc = htmlscan.scan(content)
    replacements, problems, taken = [], [], []

    def free(el):
        return not any(s <= el.start < e for s, e in taken)

    figures = doc.find("figure", cls="rd-figure")
    for el in doc.elements:
        if not free(el):
            continue
        if el.tag == "div" and el.has_class("tabbed-set"):
            labels, blocks = _labels(doc, el), _blocks(doc, el)
            if len(labels) != len(blocks):
                problems.append(f"a tab set has {len(labels)} labels but {len(blocks)} tabs")
                continue
            kept = [(lab, b) for lab, b in zip(labels, blocks, strict=True) if lab not in CODE_LABELS]
            if len(kept) == 1:
                new = doc.inner(kept[0][1])
            else:
                new = "".join(f'<p class="rd-handout__tab">{html.escape(lab)}</p>{doc.inner(b)}' for lab, b in kept)
        elif el.tag == "section" and el.has_class("rd-explorer"):
            before = [f.attrs.get("id", "")[len("fig-"):] for f in figures if f.end <= el.start]
            new = _explorer_note(before[-1] if before else None, numbers, web, href)
        elif el.tag == "div" and el.has_class("jp-Cell-inputWrapper") and any(
                tag == "div" and "jp-CodeCell" in (attrs.get("class") or "").split()
                for tag, attrs in _ancestors(doc, el)):
            new = ""
        else:
            continue
        replacements.append((el.start, el.end, new))
        taken.append((el.start, el.end))
    return htmlscan.splice(content, replacements), problems


def _ancestors(doc: htmlscan.Scan, el: htmlscan.Element):
    for other in doc.elements:
        if other.start >= el.start:
            break
        if other.end >= el.end and other.inner_start <= el.start:
            yield other.tag, other.attrs


# ------------------------------------------------------------------ ids and links


def _id_map(doc: htmlscan.Scan, key: str) -> dict[str, str]:
    out = {}
    for el in doc.elements:
        value = el.attrs.get("id")
        if value:
            out[value] = value if value.startswith(SITE_UNIQUE) else f"{key}--{value}"
    return out


def _start_tag(el: htmlscan.Element, attrs: dict) -> str:
    return f"<{el.tag}{htmlscan.attrs_html(attrs)}>"


def _rewrite(content: str, part: Part, *, ids: dict[str, dict[str, str]], keys: dict[str, str],
             handout_url: str) -> tuple[str, list[str]]:
    """Prefix ids, point links at the handout's anchors, rebase the rest, open the answers."""
    doc = htmlscan.scan(content)
    own = ids[part.url]
    replacements, problems = [], []

    def link(url: str) -> str:
        where = _resolve(url, part.url)
        if where is None:
            return url
        path, frag = where
        if path in keys:
            if not frag:
                return "#" + keys[path]
            if frag not in ids[path]:
                problems.append(f"{part.url}: a link to {path}#{frag}, an anchor that page does not have")
                return "#" + keys[path]
            return "#" + ids[path][frag]
        parts = urlsplit(url)
        return urlunsplit(("", "", rebase_url(path, handout_url), parts.query, parts.fragment))

    for el in doc.elements:
        attrs = dict(el.attrs)
        if "id" in attrs and attrs["id"]:
            attrs["id"] = own[attrs["id"]]
        keep = attrs.pop("data-rd-keep", False) is not False  # a link compose() already points right
        for name in ("href", "src"):
            if attrs.get(name) and not keep:
                attrs[name] = link(attrs[name])
        if el.tag == "label" and attrs.get("for") in own:
            attrs["for"] = own[attrs["for"]]
        for name in _ID_LIST_ATTRS:
            if attrs.get(name):
                attrs[name] = " ".join(own.get(v, v) for v in attrs[name].split())
        if el.tag == "input" and attrs.get("type") == "radio" and attrs.get("name"):
            attrs["name"] = f"{keys[part.url]}--{attrs['name']}"  # a tab set's radio group stays its own
        if el.tag == "details":
            attrs["open"] = None
        if el.tag == "table" and "tabindex" not in attrs:
            # Material lets a wide table scroll sideways; opened answers show such tables, and a
            # scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
            attrs["tabindex"] = "0"
        if attrs != el.attrs:
            replacements.append((el.start, el.inner_start, _start_tag(el, attrs)))
    return htmlscan.splice(content, replacements), problems


# ------------------------------------------------------------------ the page


def _toc(parts: list[Part], ids: dict[str, dict[str, str]], keys: dict[str, str]) -> str:
    items = []
    for part in parts:
        # A page's TOC is its h1 with the h2s below it: list the h2s under the page's title.
        entries = part.toc[0][2] if len(part.toc) == 1 else part.toc
        subs = "".join(
            f'<li><a href="#{ids[part.url].get(anchor, keys[part.url])}">{html.escape(title)}</a></li>'
            for anchor, title, _ in entries
        )
        items.append(f'<li><a href="#{keys[part.url]}">{html.escape(part.title)}</a>'
                     + (f"<ol>{subs}</ol>" if subs else "") + "</li>")
    return (f'<nav class="rd-handout__toc" aria-labelledby="rd-handout-toc-title">'
            f'<h2 id="rd-handout-toc-title">차례</h2><ol>{"".join(items)}</ol></nav>')


def _direct(kind: str, inputs: tuple, compute):
    return compute()


def compose(cover: str, parts: list[Part], *, handout_url: str, site_url: str, date: str,
            numbers: dict[str, int], memo=_direct) -> tuple[str, list[str]]:
    """The handout's content: cover, contents, then every part; and the problems found.

    Parameters
    ----------
    cover : str
        The handout page's own rendered content (its title and a few lines).
    parts : list of Part
        The pages in reading order.
    handout_url : str
        The handout page's URL (``handout/``): relative links are rebased onto it.
    site_url : str
        The published address; each part names its web page with it.
    date : str
        The date printed on the cover (the newest page's last change).
    numbers : dict
        Figure name -> site-wide number (for the note that replaces the explorer).
    memo : callable, optional
        ``memo(kind, inputs, compute)`` returns ``compute()``; the plugin passes one that
        keeps each part's results (:class:`.pages.Memo`), so that a rebuild after an
        edit of one page composes that page's part only. Each step is a pure function
        of ``inputs``.
    """
    if not isinstance(parts, list) or not all(isinstance(p, Part) for p in parts):
        raise TypeError(f"parts must be a list of Part, got {type(parts).__name__}")
    if not isinstance(handout_url, str) or handout_url.startswith("/"):
        raise ValueError(f"handout_url must be a site-relative URL such as 'handout/', got {handout_url!r}")
    keys = {p.url: page_key(p.url) for p in parts}
    if len(set(keys.values())) != len(keys):
        raise ValueError(f"two parts share an id prefix: {sorted(keys.values())}")
    problems: list[str] = []
    stripped, ids = {}, {}
    for part in parts:
        web = (site_url or "") + part.url
        # the web page: its address, or (a local preview, no site_url) its path from the handout
        href = web if site_url else rebase_url(part.url, handout_url)

        def strip(part=part, web=web, href=href):
            content, found = _strip_live_parts(part.content, numbers=numbers, web=web, href=href)
            return content, found, _id_map(htmlscan.scan(content), keys[part.url])

        stripped[part.url], found, ids[part.url] = memo(
            "handout-strip", (part.content, numbers, web, href, keys[part.url]), strip)
        problems += [f"{part.url}: {p}" for p in found]
    sections = []
    for part in parts:
        body, found = memo(
            "handout-rewrite", (stripped[part.url], part.url, ids, keys, handout_url),
            lambda part=part: _rewrite(stripped[part.url], part, ids=ids, keys=keys, handout_url=handout_url))
        problems += found
        web = (site_url or "") + part.url
        sections.append(
            f'<section class="rd-handout__part" id="{keys[part.url]}">'
            f'<p class="rd-handout__source">웹 페이지: <a href="{html.escape(rebase_url(part.url, handout_url))}">'
            f"{html.escape(web)}</a></p>{body}</section>"
        )
    head = (f'<section class="rd-handout__cover">{cover}'
            f'<p class="rd-handout__date">기준일: <time datetime="{html.escape(date)}">{html.escape(date)}</time>'
            "</p></section>")
    return head + _toc(parts, ids, keys) + "".join(sections), problems
