"""The API reference page (docs/api.md): made from ridgedoc's docstrings by mkdocstrings.

What is checked: every public name of every public module (and so of ``ridgedoc.__all__``)
has its own entry, with every parameter of its signature; the labels are Korean; the
docstrings' reStructuredText math becomes the site's math, rendered at build time; a
malformed numpydoc docstring fails ``mkdocs build --strict`` naming its file and line.
The names come from the modules themselves (``__all__``, ``inspect``), never from the page.
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
import shutil

import pytest

import ridgedoc
from ridgedoc.site.apidocs import rst_math_to_markdown
from tests.conftest import make_project
from tests.sitecheck import PageVisit, browser, build_site


def public_modules() -> list[str]:
    """ridgedoc's public modules (no leading underscore), the MkDocs glue ``site`` aside."""
    return sorted(m.name for m in pkgutil.iter_modules(ridgedoc.__path__)
                  if not m.name.startswith("_") and m.name != "site")


def entries(page: str) -> dict[str, str]:
    """id -> the HTML from that entry's heading to the next entry's heading."""
    starts = [(m.start(), m[1]) for m in re.finditer(r'<h[2-6] id="(ridgedoc[.\w]*)"', page)]
    ends = [s for s, _ in starts[1:]] + [len(page)]
    return {name: page[s:e] for (s, name), e in zip(starts, ends, strict=True)}


@pytest.fixture(scope="module")
def api_page(built_site) -> str:
    return (built_site / "api" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the math rewrite (in-process)


def test_math_role_becomes_inline_math():
    """:math:`x` becomes \\(x\\); the text around it and ``code`` are kept."""
    assert rst_math_to_markdown(r"Gradient of :math:`\hat J` at ``w``.") == r"Gradient of \(\hat J\) at ``w``."


def test_sphinx_cross_references_become_code():
    """:func:`name` (and ~-shortened class references) become plain code, so no role name shows."""
    assert rst_math_to_markdown("see :func:`w_tilde_limit` and :class:`~numpy.ndarray`") == \
        "see ``w_tilde_limit`` and ``numpy.ndarray``"


def test_math_directive_becomes_a_display_block():
    """A two-line ``.. math::`` under Notes becomes one \\[...\\] block at its indentation, and the
    paragraph after it stays a paragraph."""
    text = ("Notes\n-----\n.. math:: a = b\n          + c\n\nAfter.")
    out = rst_math_to_markdown(text)
    assert out == "Notes\n-----\n\n\\[\na = b\n+ c\n\\]\n\nAfter."


def test_math_directive_with_body_on_the_next_lines():
    """``.. math::`` alone on its line takes the indented lines below it."""
    out = rst_math_to_markdown("    .. math::\n\n        x^2\n    Next.")
    assert out == "    \\[\n    x^2\n    \\]\n\n    Next."


def test_math_rewrite_leaves_plain_text_alone_and_checks_its_argument():
    """Text without RST math is returned unchanged; a non-string is a TypeError naming ``text``."""
    plain = "Solve (H + alpha I) w = H w_star.\n\nParameters\n----------\nH : array_like"
    assert rst_math_to_markdown(plain) == plain
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        rst_math_to_markdown(b"x")


# ---------------------------------------------------------------- the real page


@pytest.mark.build
def test_every_public_name_has_an_entry_with_its_parameters(api_page):
    """Each name in each public module's ``__all__`` has an entry; a function's entry names every
    parameter of its signature, and the parameters its docstring documents are listed under 매개변수."""
    found = entries(api_page)
    functions = documented = 0
    for module in public_modules():
        mod = importlib.import_module(f"ridgedoc.{module}")
        assert f"ridgedoc.{module}" in found, f"no entry for the module ridgedoc.{module}"
        for name in mod.__all__:
            key = f"ridgedoc.{module}.{name}"
            assert key in found, f"{key} is public but has no entry on the API page"
            obj = getattr(mod, name)
            if not inspect.isfunction(obj):
                continue
            functions += 1
            entry = found[key]
            signature = html.unescape(re.sub(r"<[^>]+>", "", entry.split("</pre>", 1)[0]))
            for param in inspect.signature(obj).parameters:
                assert re.search(rf"\b{re.escape(param)}\b", signature), f"{key}: parameter {param} not shown"
            doc = inspect.getdoc(obj) or ""
            if "\nParameters\n---" in doc:
                documented += 1
                listed = entry.split("매개변수:", 1)
                assert len(listed) == 2, f"{key}: its docstring has Parameters but the entry no 매개변수 list"
                block = doc.split("\nParameters\n", 1)[1].split("\n", 1)[1]
                block = re.split(r"\n\w[\w ]*\n-{3,}\n", block, maxsplit=1)[0]  # up to the next section
                for param in re.findall(r"^(\w+) :", block, re.M):
                    assert f"<code>{param}</code>" in listed[1], f"{key}: documented parameter {param} not listed"
    assert functions > 50 and documented > 30, (functions, documented)


@pytest.mark.build
def test_top_level_names_are_on_the_page(api_page):
    """Every name of ``ridgedoc.__all__`` is documented under the module that defines it."""
    found = entries(api_page)
    for name in ridgedoc.__all__:
        obj = getattr(ridgedoc, name)
        module = getattr(obj, "__module__", None)
        places = [k for k in found if k.endswith("." + name)]
        assert places, f"ridgedoc.{name} has no entry"
        if module and module.startswith("ridgedoc."):
            assert f"{module}.{name}" in found, (name, module, places)


@pytest.mark.build
def test_labels_are_korean(api_page):
    """The section labels come from the Korean label set, not mkdocstrings' English one."""
    titles = re.findall(r'class="doc-section-title">([^<]*)<', api_page)
    assert "매개변수:" in titles and "반환값:" in titles and "예외:" in titles
    english = {"Parameters:", "Returns:", "Raises:", "Attributes:", "Examples:", "Yields:"}
    assert not english & set(titles), sorted(english & set(titles))


@pytest.mark.build
def test_docstring_math_is_site_math(api_page):
    """No reStructuredText math is left as text; it is arithmatex math (display blocks included)."""
    assert ":math:" not in api_page and ".. math::" not in api_page and ":func:" not in api_page
    assert api_page.count('<span class="arithmatex">') > 30
    assert '<div class="arithmatex"><span class="katex-display">' in api_page, "no display equation from a Notes section"


@pytest.mark.browser
def test_api_page_typesets_and_fits_a_phone(built_site, site_url):
    """In Chromium, every formula of the page is rendered math without an error, dark and light,
    and at 390 px the page does not scroll sideways."""
    with browser() as b:
        for dark, width in ((False, 1280), (True, 1280), (False, 390)):
            visit = PageVisit(b, site_url, "api/", width=width, height=900, dark=dark)
            try:
                assert visit.response.ok
                assert not visit.math_errors() and not visit.raw_math(), (dark, width)
                assert not visit.console_errors and not visit.page_errors, (visit.console_errors, visit.page_errors)
                overflow = visit.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{width} px: the page is {overflow} px too wide"
                assert visit.page.locator("text=매개변수:").count() > 10
            finally:
                visit.context.close()


# ---------------------------------------------------------------- malformed docstrings fail the build

PLANTED = '''"""A planted module."""

__all__ = ["scale"]


def scale(x, factor=2.0):
    """Scale x.

{section}    """
    return x * factor
'''

MALFORMED = {
    "a parameter the signature does not have": (
        "    Parameters\n    ----------\n    x : float\n        The value.\n    fctor : float\n        The factor.\n",
        r"(?m)^WARNING .*griffe: planted\.py:\d+: Parameter 'fctor' does not appear in the function signature",
    ),
    "an empty Parameters section": (
        "    Parameters\n    ----------\n\n    Returns\n    -------\n    float\n",
        r"(?m)^WARNING .*griffe: planted\.py:\d+: Could not parse line '-------'",
    ),
}


@pytest.mark.build
@pytest.mark.parametrize("fault", sorted(MALFORMED))
def test_malformed_docstring_fails_the_strict_build(tmp_path, fault):
    """A malformed numpydoc docstring on an API page fails --strict, naming the file and line."""
    section, pattern = MALFORMED[fault]
    config = make_project(tmp_path / "project", {"index.md": "# 홈\n", "api.md": "# API\n\n::: planted\n"})
    (config.parent / "planted.py").write_text(PLANTED.format(section=section), encoding="utf-8")
    proc = build_site(tmp_path / "site", config=config)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert re.search(pattern, log), log


@pytest.mark.build
def test_the_planted_module_builds_when_its_docstring_is_right(tmp_path):
    """The same planted module with a correct docstring builds clean (the failures above are the docstrings')."""
    good = "    Parameters\n    ----------\n    x : float\n        The value.\n    factor : float\n        The factor.\n"
    config = make_project(tmp_path / "project", {"index.md": "# 홈\n", "api.md": "# API\n\n::: planted\n"})
    (config.parent / "planted.py").write_text(PLANTED.format(section=good), encoding="utf-8")
    proc = build_site(tmp_path / "site", config=config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shutil.rmtree(tmp_path / "site")
