"""In-process tests of the transforms that keep our HTML valid (no MkDocs build, no checker run)."""

from __future__ import annotations

import markdown
import pytest
from markdown_exec import base_format

from ridgedoc.site import checks, figures, htmlscan, notebook
from tests.sitecheck import ROOT

FIGURE = '<figure class="rd-figure" id="fig-x"><img src="x.svg" alt="선 하나"><figcaption>캡션</figcaption></figure>\n'

# ---------------------------------------------------------------- a block's output out of markdown-exec's <p>


def _tabbed(output: str) -> str:
    """What markdown-exec renders for an html="1" block with source="tabbed-right" that printed ``output``."""
    md = markdown.Markdown(extensions=["pymdownx.superfences", "pymdownx.tabbed"],
                           extension_configs={"pymdownx.tabbed": {"alternate_style": True}})
    return str(base_format(language="python", run=lambda code, **kw: output, code="print(1)", md=md,
                           html=True, source="tabbed-right", tabs=("코드", "그림")))


def test_markdown_exec_puts_a_tabbed_output_in_a_paragraph():
    """The fault being fixed: in a tab, markdown-exec's output lands inside a <p> (a <figure> may not)."""
    assert "<p>" + FIGURE.strip() in _tabbed(FIGURE)


def test_lift_takes_the_figure_out_of_that_paragraph_and_changes_nothing_else():
    """The wrapper's <p> and </p> go; the figure and every other byte stay."""
    converted = _tabbed(FIGURE)
    lifted = figures.lift_block_output(converted, FIGURE)
    doc = htmlscan.scan(lifted)
    fig = doc.find("figure")[0]
    assert doc.outer(fig) == FIGURE.strip()
    assert not [p for p in doc.find("p") if p.start < fig.start < p.end]
    start = converted.index("<p>" + FIGURE.strip())
    end = converted.index("</p>", start) + len("</p>")
    assert lifted == converted[:start] + FIGURE.strip() + converted[end:]


def test_lift_keeps_a_paragraph_around_inline_output():
    """Output that may stand in a paragraph (text, <span>, <img>) keeps its paragraph."""
    out = '<span class="rd-value">0.33</span>\n'
    converted = _tabbed(out)
    assert figures.lift_block_output(converted, out) == converted


def test_lift_leaves_paragraphs_the_block_printed_itself():
    """Only the paragraph whose whole content is the output goes: a <p> the block printed stays (and stays invalid)."""
    out = '<p>설명 <div class="rd-note">상자</div></p>\n<figure class="rd-figure"></figure>\n'
    converted = "<div>" + out + "</div>"  # no wrapper paragraph: markdown-exec returned the output as it is
    assert figures.lift_block_output(converted, out) == converted


def test_lift_validates_its_arguments():
    """Non-strings are refused with a message naming both types."""
    with pytest.raises(TypeError, match="converted and output must be str, got bytes and str"):
        figures.lift_block_output(b"<p></p>", "")


# ---------------------------------------------------------------- the notebook page


def test_template_styles_are_dropped_and_the_page_asks_for_the_stylesheet():
    """<style> outside the notebook goes; a cell's own <style> stays; the wrapper asks for notebook.css."""
    content = ('<style type="text/css">pre { x: 1 }</style><script>a()</script>'
               '<div class="jupyter-wrapper"><div class="jp-Cell"><style scoped>.df td { y: 2 }</style></div></div>'
               "<style>['pre']</style>")
    out = notebook.drop_template_styles(content)
    assert out == ('<script>a()</script><div class="jupyter-wrapper" data-rd-assets="stylesheets/notebook.css">'
                   '<div class="jp-Cell"><style scoped>.df td { y: 2 }</style></div></div>')
    assert checks.page_assets(out) == {"css": ["stylesheets/notebook.css"], "js": []}


def test_mathjax_slot_is_dropped_but_other_scripts_stay():
    """The empty-src loader and the MathJax 2 configuration outside the cells go; other scripts stay."""
    content = ('<!-- Load mathjax --><script src=""> </script><script type="text/x-mathjax-config">init()</script>'
               '<script type="module">m()</script><script src="a.js"></script>'
               '<div class="jupyter-wrapper"><script type="text/x-mathjax-config">cell()</script></div>')
    assert notebook.drop_mathjax_slot(content) == (
        '<!-- Load mathjax --><script type="module">m()</script><script src="a.js"></script>'
        '<div class="jupyter-wrapper"><script type="text/x-mathjax-config">cell()</script></div>')


def test_copy_buttons_lose_the_comma_and_get_a_role():
    """mkdocs-jupyter's '<clipboard-copy for="cell-1", ...>' becomes valid; a role already there is kept."""
    content = ('<clipboard-copy for="cell-1", aria-label="Copy to Clipboard"><div>x</div></clipboard-copy>'
               '<clipboard-copy role="link" for="cell-2"></clipboard-copy>')
    assert notebook.fix_copy_buttons(content) == (
        '<clipboard-copy for="cell-1" aria-label="Copy to Clipboard" role="button"><div>x</div></clipboard-copy>'
        '<clipboard-copy role="link" for="cell-2"></clipboard-copy>')


@pytest.mark.parametrize("fn", [notebook.drop_template_styles, notebook.drop_mathjax_slot, notebook.fix_copy_buttons])
def test_notebook_transforms_validate_their_argument(fn):
    """Each transform refuses anything but a str."""
    with pytest.raises(TypeError, match="content must be str, got NoneType"):
        fn(None)


@pytest.fixture(scope="module")
def rendered_notebook() -> str:
    """The site's notebook as mkdocs-jupyter renders it, with the options of mkdocs.yml (no execution)."""
    from mkdocs_jupyter.convert import nb2html

    # custom_mathjax_url="": mkdocs-jupyter's plugin passes its option's default, an empty string.
    return nb2html(str(ROOT / "docs" / "chapter" / "linear-regression.ipynb"), execute=False, no_prompt=True,
                   include_requirejs=False, custom_mathjax_url="")


def test_cleaned_notebook_has_none_of_the_invalid_template_markup(rendered_notebook):
    """After clean(): no <style> outside the cells, no empty script src, every copy button valid."""
    before = htmlscan.scan(rendered_notebook)
    assert before.find("style") and before.find("clipboard-copy")  # there was something to clean
    cleaned, _, _ = notebook.clean(rendered_notebook, alts={}, slugify=lambda text, sep: text)
    doc = htmlscan.scan(cleaned)
    wrapper = doc.find("div", cls="jupyter-wrapper")[0]
    assert [s for s in doc.find("style") if not (wrapper.inner_start <= s.start < wrapper.inner_end)] == []
    assert [s for s in doc.find("script") if "src" in s.attrs and not s.attrs["src"]] == []
    buttons = doc.find("clipboard-copy")
    assert len(buttons) == len(before.find("clipboard-copy"))
    assert all(b.attrs.get("role") == "button" and "," not in b.attrs for b in buttons)
    assert wrapper.attrs.get("data-rd-assets") == notebook.STYLESHEET


def test_notebook_css_carries_the_rules_the_template_inlined(rendered_notebook):
    """docs/stylesheets/notebook.css holds, verbatim, each template style the page still needs.

    Of the <style> elements mkdocs-jupyter writes around the notebook, three are not
    needed: JupyterLab's full stylesheet (the site styles cells itself), mermaid's rules
    (no diagrams) and the code colours printed as a Python list (not CSS). The other two
    must be in the stylesheet, so the page looks as it did; after an upgrade of
    mkdocs-jupyter or nbconvert this fails until the file is brought up to date.
    """
    css = (ROOT / "docs" / notebook.STYLESHEET).read_text(encoding="utf-8")
    doc = htmlscan.scan(rendered_notebook)
    wrapper = doc.find("div", cls="jupyter-wrapper")[0]
    outside = [doc.inner(s).strip() for s in doc.find("style") if s.end <= wrapper.start or s.start >= wrapper.end]
    unneeded = ('@charset "UTF-8";.jupyter-wrapper{--md-red-50', ".jp-Mermaid", "['")
    needed = [s for s in outside if not s.startswith(unneeded)]
    assert len(needed) == 2, [s[:60] for s in needed]
    for style in needed:
        assert style in css, f"notebook.css lacks the template's style starting {style[:60]!r}"
