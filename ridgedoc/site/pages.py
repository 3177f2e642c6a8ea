"""One rendered page, fitted to the site in a single pass: what ``on_page_content`` does.

:func:`transform` scans the page's HTML once (:func:`.htmlscan.scan`) and hands that
one scan to every transform in turn: the strict checks (literal Markdown, alt
text, duplicate ids), the math rendered with KaTeX (:mod:`.mathrender`; a TeX error
is a problem), the per-page assets, the equation anchors, the "식 (7.x)" links and,
on the glossary, the rows that search indexes. Each transform returns
the spans it changes; they are spliced in at once. Nothing is parsed twice.

It is a pure function of its arguments (the page's HTML and what the site knows
before rendering), so the plugin keeps its results in the build cache
(:class:`Memo`): a warm build, or ``mkdocs serve`` after an edit of another page,
pays only for the pages whose HTML changed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from . import cache as cache_mod
from . import checks, equations, htmlscan, mathrender, search

__all__ = ["Memo", "PageResult", "page_assets", "transform"]


@dataclass
class PageResult:
    """The fitted page and what the build learns from it."""

    content: str
    problems: list = field(default_factory=list)
    assets: dict = field(default_factory=dict)  # {"css": [...], "js": [...]}
    equations: list = field(default_factory=list)  # [(number, anchor)] displayed, in order
    sections: dict = field(default_factory=dict)  # heading id -> equation numbers it displays
    glossary: dict | None = None  # {"rows": [...], "section": id} on the glossary page
    search_content: str = ""  # the page as search indexes it: the same, with TeX where the page has rendered math


def transform(content: str, *, hrefs: dict[str, str], glossary_slugify=None) -> PageResult:
    """Fit one rendered page (``page.content``) to the site.

    Parameters
    ----------
    content : str
        The page's HTML as Python-Markdown (or mkdocs-jupyter) rendered it.
    hrefs : dict
        Equation number -> the link a "식 (7.x)" on this page gets (``#eq-7-10`` or
        ``../eigen/#eq-7-10``); a number it does not have is a problem.
    glossary_slugify : callable, optional
        Given on the glossary page: its table's rows get ids (made with it) for search.
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be a str, got {type(content).__name__}")
    doc = htmlscan.scan(content)
    problems = [*checks.literal_markdown(doc), *checks.missing_alt(doc), *checks.duplicate_ids(doc)]

    def display(tex_html: str) -> str:  # a numbered display's math, rendered
        tex = equations.display_tex(tex_html)
        try:
            return mathrender.render(tex, display=True)
        except ValueError as exc:
            problems.append(f"TeX error in {tex.strip()[:120]!r}: {exc}")
            return tex_html

    # The page gets rendered math; what search indexes keeps the TeX (readable text, not glyph boxes).
    rendered, found = equations.equation_replacements(doc, display)
    as_tex, _ = equations.equation_replacements(doc)
    numbered = [el for el in doc.find("div", cls="arithmatex") if equations.display_tags(doc.inner(el))]
    spans, math_problems = mathrender.math_replacements(doc, skip=numbered)
    rendered += spans
    problems += math_problems
    replacements = []  # the changes both versions share
    unknown: set[str] = set()

    def target(number: str) -> str | None:
        if number not in hrefs:
            unknown.add(number)
        return hrefs.get(number)

    replacements += equations.reference_replacements(doc, target)
    problems += [f"식 ({n}) refers to no equation: no page displays \\tag{{{n}}}. Fix the number, or write "
                 f"({n}) without 식 for an equation of the book this site does not show" for n in sorted(unknown)]
    glossary = None
    if glossary_slugify is not None:
        spans, rows, section, found_problems = search.glossary_replacements(doc, glossary_slugify)
        replacements += spans
        problems += found_problems
        glossary = {"rows": rows, "section": section}
    assets = page_assets(doc)
    return PageResult(
        content=htmlscan.splice(content, replacements + rendered), problems=problems, assets=assets,
        equations=found, sections=search.equation_sections(doc), glossary=glossary,
        search_content=htmlscan.splice(content, replacements + as_tex),
    )


def page_assets(doc: htmlscan.Scan) -> dict[str, list[str]]:
    """What a page links besides the theme: its elements' ``data-rd-assets``, and KaTeX's stylesheet
    (which brings its fonts) where the page shows math."""
    assets = checks.page_assets(doc)
    if doc.find(cls="arithmatex"):
        assets["css"].insert(0, mathrender.STYLESHEET)
    return assets


class Memo:
    """Results of pure page transforms, kept in memory and in the build cache.

    The key is the transform's name, the hash of the ``ridgedoc`` tree (the code that
    computes the result) and its inputs. In memory the results outlive one build of
    ``mkdocs serve`` (the plugin instance does); in the build cache (``store``, a
    :class:`.cache.BlockCache`, off when the cache is off) they outlive the process.
    """

    def __init__(self):
        self.store: cache_mod.BlockCache = cache_mod.BlockCache(None, 0)
        self.code = ""
        self.memory: dict[str, object] = {}  # what this build used
        self.previous: dict[str, object] = {}  # what the build before it used (serve keeps no more)
        self.hits = self.misses = 0

    def start(self, store: cache_mod.BlockCache, code: str) -> None:
        """A new build: its store, the hash of the code and configuration it runs with."""
        self.store, self.code = store, code
        self.previous, self.memory = self.memory, {}
        self.hits = self.misses = 0

    def key(self, kind: str, *inputs) -> str:
        return cache_mod.sha("memo", kind, self.code, *(i if isinstance(i, str | bytes) else
                                                       json.dumps(i, sort_keys=True, ensure_ascii=False)
                                                       for i in inputs))

    def page(self, content: str, *, hrefs: dict[str, str], glossary_slugify=None) -> PageResult:
        """:func:`transform`, computed once per distinct input."""
        key = self.key("page", content, hrefs, glossary_slugify is not None)
        value = self._get(key)
        if value is None:
            value = asdict(transform(content, hrefs=hrefs, glossary_slugify=glossary_slugify))
            self._put(key, value)
        return PageResult(**{**value, "problems": list(value["problems"]),
                             "equations": [tuple(p) for p in value["equations"]]})

    def call(self, kind: str, inputs: tuple, compute):
        """``compute()`` (JSON-able result), once per distinct ``(kind, inputs)``."""
        key = self.key(kind, *inputs)
        value = self._get(key)
        if value is None:
            value = compute()
            self._put(key, value)
        return value

    def _get(self, key: str):
        value = self.memory.get(key)
        if value is None:
            value = self.previous.pop(key, None)
            if value is None:
                value = self.store.get(key)
            if value is not None:
                self.memory[key] = value
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def _put(self, key: str, value) -> None:
        self.memory[key] = value
        self.store.put(key, value)
