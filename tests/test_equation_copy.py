"""The "식 (7.x) TeX 복사" buttons: what they copy (in-process) and that a click or the keyboard copies it (Chromium)."""

from __future__ import annotations

import html
import json
import re

import pytest

from ridgedoc.site import equations, htmlscan
from tests.sitecheck import ROOT, browser


def _md_display(path: str, number: str) -> str:
    """The TeX of the \\[ ... \\] display in docs/ that carries \\tag{number}, read straight from the Markdown."""
    text = (ROOT / "docs" / path).read_text(encoding="utf-8")
    for m in re.finditer(r"^\\\[\n(.*?)\n\\\]$", text, re.S | re.M):
        if f"\\tag{{{number}}}" in m[1]:
            return m[1].strip()
    raise AssertionError(f"no display with \\tag{{{number}}} in {path}")


def _nb_display(number: str) -> str:
    """The TeX of the $$ ... $$ display in the notebook's Markdown cells that carries \\tag{number}."""
    nb = json.loads((ROOT / "docs/chapter/linear-regression.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for m in re.finditer(r"\$\$(.*?)\$\$", "".join(cell["source"]), re.S):
                if f"\\tag{{{number}}}" in m[1]:
                    return m[1].strip()
    raise AssertionError(f"no $$ display with \\tag{{{number}}} in the notebook")


# ------------------------------------------------------------------ in-process


def test_copy_text_is_a_dollar_block_that_keeps_the_tag():
    """$$ on its own line, the TeX, $$ on its own line; \\tag stays; surrounding blanks go."""
    assert equations.copy_text("  a=b \\tag{7.1}\n") == "$$\na=b \\tag{7.1}\n$$"


@pytest.mark.parametrize("bad, exc", [("", ValueError), ("  \n", ValueError), (None, TypeError), (3, TypeError)])
def test_copy_text_rejects_empty_or_non_text(bad, exc):
    """Empty TeX or a non-string is an error naming the argument."""
    with pytest.raises(exc, match="tex"):
        equations.copy_text(bad)


def test_display_tex_decodes_entities_and_drops_delimiters():
    """The arithmatex element's HTML (&lt;, \\[ \\]) becomes the TeX the author wrote."""
    assert equations.display_tex("\\[\na &lt; b \\tag{7.2}\n\\]") == "a < b \\tag{7.2}"


def test_rows_of_an_align_become_equations_with_the_first_left_side():
    """Each tagged row stands alone: an empty left side continues the row above's; & goes, the tag stays."""
    tex = "\\begin{align}\nx\n&=a+b\n\\tag{7.11}\\\\\n&=\\frac{c}{d}\\tag{7.12}\\\\\ny&=\\{e\\&f\\} \\tag{7.13}\n\\end{align}"
    assert equations.row_sources(tex) == [
        ("7.11", "x =a+b\n\\tag{7.11}"),
        ("7.12", "x =\\frac{c}{d}\\tag{7.12}"),
        ("7.13", "y =\\{e\\&f\\} \\tag{7.13}"),
    ]


def test_rows_without_a_tag_are_not_offered_and_braces_hide_separators():
    """An untagged row gives no entry; \\\\ and & inside braces do not split; a second column becomes \\quad."""
    tex = "\\begin{align} a&=\\text{{x\\\\y}} \\\\ b&=1 & c&=2 \\tag{7.3} \\end{align}"
    assert equations.row_sources(tex) == [("7.3", "b =1 \\quad c \\quad =2 \\tag{7.3}")]


def test_row_sources_needs_an_environment():
    """TeX that is not one \\begin...\\end environment is refused."""
    with pytest.raises(ValueError, match="environment"):
        equations.row_sources("a \\tag{7.1} \\\\ b \\tag{7.2}")


def test_single_display_gets_a_labelled_button_outside_the_permalink():
    """One \\tag: a <button type=button> with a Korean name and the $$ text, a live status, not inside the <a>."""
    out, _ = equations.anchor_equations('<div class="arithmatex">\\[ a &lt; b \\tag{7.10} \\]</div>')
    doc = htmlscan.scan(out)
    (button,) = doc.find("button")
    assert button.attrs["type"] == "button"
    assert button.attrs["aria-label"] == "식 (7.10) TeX 복사"
    assert button.attrs["data-tex"] == "$$\na < b \\tag{7.10}\n$$"  # the parser decodes the attribute
    assert not any(a.start < button.start < a.end for a in doc.find("a"))
    status = [el for el in doc.find("span", cls="rd-equation__status")]
    assert len(status) == 1 and status[0].attrs["aria-live"] == "polite" and status[0].start == button.end


def test_align_rows_each_get_a_permalink_and_a_button():
    """Several tags: one permalink and one button per row, each copying its own row."""
    src = ('<div class="arithmatex">\\[\\begin{align} w &amp;= a \\tag{7.11}\\\\ &amp;= b \\tag{7.12}'
           "\\end{align}\\]</div>")
    out, found = equations.anchor_equations(src)
    doc = htmlscan.scan(out)
    buttons = doc.find("button", cls="rd-equation__copy")
    assert [b.attrs["aria-label"] for b in buttons] == ["식 (7.11) TeX 복사", "식 (7.12) TeX 복사"]
    assert [b.attrs["data-tex"] for b in buttons] == ["$$\nw = a \\tag{7.11}\n$$", "$$\nw = b \\tag{7.12}\n$$"]
    assert [a.attrs["href"] for a in doc.find("a", cls="rd-equation__number")] == ["#eq-7-11", "#eq-7-12"]
    assert [a for _, a in found] == ["eq-7-11", "eq-7-12"]


def test_built_pages_carry_the_page_tex(built_site):
    """In the built site the button of (7.10) holds the Markdown's TeX, and (7.14) the notebook's."""
    for page, number, tex in (("chapter/quadratic", "7.10", _md_display("chapter/quadratic.md", "7.10")),
                              ("chapter/linear-regression", "7.14", _nb_display("7.14"))):
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        block = "$$\n" + tex + "\n$$"
        want = f'data-tex="{html.escape(block, quote=True)}" aria-label="식 ({number}) TeX 복사"'
        assert want in text, (page, number)


# ------------------------------------------------------------------ in Chromium

# (page, equation number, expected clipboard text); the align row's text is written out here by hand.
CASES = [
    ("chapter/quadratic/", "7.10", lambda: "$$\n" + _md_display("chapter/quadratic.md", "7.10") + "\n$$"),
    ("chapter/weight-decay/", "7.1", lambda: "$$\n" + _md_display("chapter/weight-decay.md", "7.1") + "\n$$"),
    ("chapter/eigen/", "7.12", lambda: (
        "$$\n\\tilde{\\boldsymbol w} =\\left[\\boldsymbol Q(\\boldsymbol\\Lambda+\\alpha\\boldsymbol I)"
        "\\boldsymbol Q^\\top\\right]^{-1}\\boldsymbol Q\\boldsymbol\\Lambda\\boldsymbol Q^\\top\\boldsymbol w^\\ast"
        "\n\\tag{7.12}\n$$")),
    ("chapter/linear-regression/", "7.14", lambda: "$$\n" + _nb_display("7.14") + "\n$$"),
]


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def _context(chromium, site_url, **kw):
    ctx = chromium.new_context(**kw)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    return ctx


def _open(ctx, site_url, path):
    page = ctx.new_page()
    page.goto(site_url + path, wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")  # the math is in the HTML
    return page


@pytest.mark.browser
@pytest.mark.parametrize("path, number, expected", CASES, ids=[c[1] for c in CASES])
def test_click_copies_the_tex_and_says_so(chromium, site_url, path, number, expected):
    """A click puts the exact $$ text on the clipboard and shows and announces 복사했습니다."""
    ctx = _context(chromium, site_url)
    page = _open(ctx, site_url, path)
    page.evaluate("navigator.clipboard.writeText('before')")
    button = page.get_by_role("button", name=f"식 ({number}) TeX 복사")
    assert button.count() == 1
    button.click()
    status = page.locator(f"button[aria-label='식 ({number}) TeX 복사'] + .rd-equation__status")
    status.wait_for(state="visible")
    assert status.inner_text() == "복사했습니다" and status.get_attribute("aria-live") == "polite"
    assert page.evaluate("navigator.clipboard.readText()") == expected()
    ctx.close()


@pytest.mark.browser
def test_keyboard_tab_and_enter_copy(chromium, site_url):
    """Tab reaches the button of (7.10) from its permalink, and Enter copies (no mouse)."""
    ctx = _context(chromium, site_url)
    page = _open(ctx, site_url, "chapter/quadratic/")
    page.locator("#eq-7-10 a.rd-equation__number").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "식 (7.10) TeX 복사"
    page.keyboard.press("Enter")
    page.locator("#eq-7-10 .rd-equation__status").wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == CASES[0][2]()
    ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("kw", [{"color_scheme": "dark"}, {"viewport": {"width": 390, "height": 844}}],
                         ids=["dark", "390px"])
def test_button_is_visible_on_screen_and_hidden_in_print(chromium, site_url, kw):
    """In dark mode and at 390 px the button is inside the viewport width and has a visible border; print hides it."""
    ctx = _context(chromium, site_url, **kw)
    page = _open(ctx, site_url, "chapter/quadratic/")
    button = page.locator("#eq-7-10 button.rd-equation__copy")
    box = button.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box and box["width"] >= 20 and box["x"] + box["width"] <= width
    colors = page.evaluate("""b => { const s = getComputedStyle(b);
        return [s.color, s.borderTopColor, getComputedStyle(document.body).backgroundColor]; }""", button.element_handle())
    assert colors[0] != colors[2] and colors[1] != colors[2], colors
    page.emulate_media(media="print")
    assert not button.is_visible()
    ctx.close()
