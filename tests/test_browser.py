"""Quality gates: every page of the built site, opened in Debian's Chromium via Playwright.

Pages come from the built site's sitemap, never from a list kept here. Each gate
checks one thing on every page and reports every failure as one line
``page [mode]: check: detail``.
"""

from __future__ import annotations

import pytest

from tests.sitecheck import PageVisit, browser, page_paths

pytestmark = pytest.mark.browser

MODES = {
    "light": {},
    "dark": {"dark": True},
    "phone": {"width": 390, "height": 844},
}

# Elements allowed to be wider than the phone screen because they scroll inside themselves.
SCROLL_BOXES = "div.arithmatex, pre, .highlight, .md-typeset__table, .md-typeset__scrollwrap, .jp-OutputArea-output, .jp-InputArea-editor, mjx-container"

OVERFLOW_JS = """
(boxes) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.closest(boxes)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' right=' + Math.round(r.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, offenders: out.slice(0, 5)};
}
"""

FIGURE_CARD_JS = """
() => [...document.querySelectorAll('figure.rd-figure img')].map(img => {
  const bg = getComputedStyle(img).backgroundColor;
  return {src: img.getAttribute('src'), bg, scheme: document.body.getAttribute('data-md-color-scheme')};
})
"""


def _luminance(css_color: str) -> float:
    nums = [float(x) for x in css_color[css_color.index("(") + 1 : -1].split(",")]
    if len(nums) == 4 and nums[3] < 1:
        return -1.0  # not opaque
    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in nums[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.fixture(scope="module")
def reports(built_site, site_url):
    """Visit every page in every mode once and record what each gate needs."""
    out = {}
    with browser() as b:
        for path in page_paths(built_site):
            for mode, kw in MODES.items():
                visit = PageVisit(b, site_url, path, **kw)
                try:
                    rep = {
                        "status": visit.response.status if visit.response else None,
                        "console": visit.console_errors + visit.page_errors,
                        "external": list(visit.external),
                        "failed": list(visit.failed),
                        "math_errors": visit.math_errors(),
                        "raw_math": visit.raw_math(),
                        "broken_images": visit.broken_images(),
                        "no_alt": visit.page.eval_on_selector_all(
                            "img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)"
                        ),
                        "raw_delimiters": visit.page.evaluate(
                            "() => { const t = document.querySelector('.md-content').innerText;"
                            " return ['$$', '\\\\(', '\\\\[', '\\\\begin{'].filter(d => t.includes(d)); }"
                        ),
                        "figures": visit.page.evaluate(FIGURE_CARD_JS),
                    }
                    if mode == "phone":
                        rep["overflow"] = visit.page.evaluate(OVERFLOW_JS, SCROLL_BOXES)
                    out[(path or "/", mode)] = rep
                finally:
                    visit.close()
    assert out, "no pages found in the sitemap"
    return out


def _lines(reports, key, modes=tuple(MODES)):
    return [
        f"{page} [{mode}]: {key}: {rep[key]}"
        for (page, mode), rep in reports.items()
        if mode in modes and rep.get(key)
    ]


def test_pages_found(reports, built_site):
    """The sitemap lists every HTML page of the site, and each answers 200."""
    html_pages = {p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    html_pages.discard(".")
    listed = {page.strip("/") for page, _ in reports} - {""}
    assert html_pages - {"assets", "search"} <= listed | {""}
    bad = [f"{p} [{m}]: status {r['status']}" for (p, m), r in reports.items() if r["status"] != 200]
    assert not bad, "\n".join(bad)


def test_no_console_errors(reports):
    """No page logs a console error or throws an uncaught exception."""
    bad = _lines(reports, "console")
    assert not bad, "\n".join(bad)


def test_no_request_leaves_the_site(reports):
    """No page asks any host but the local server (the site works offline)."""
    bad = _lines(reports, "external") + _lines(reports, "failed")
    assert not bad, "\n".join(bad)


def test_math_typeset_without_errors(reports):
    """MathJax typesets every formula with zero error nodes and nothing left raw."""
    bad = _lines(reports, "math_errors") + _lines(reports, "raw_math") + _lines(reports, "raw_delimiters")
    assert not bad, "\n".join(bad)


def test_images_load_and_have_alt(reports):
    """Every image loads (naturalWidth > 0) and has non-empty alt text."""
    bad = _lines(reports, "broken_images") + _lines(reports, "no_alt")
    assert not bad, "\n".join(bad)


def test_phone_width_does_not_widen_page(reports):
    """At 390 px nothing widens the page except inside equation/code scroll boxes."""
    bad = []
    for (page, mode), rep in reports.items():
        if mode != "phone":
            continue
        o = rep["overflow"]
        if o["scrollWidth"] > o["clientWidth"] or o["offenders"]:
            bad.append(f"{page} [phone]: overflow: scrollWidth {o['scrollWidth']} > {o['clientWidth']} {o['offenders']}")
    assert not bad, "\n".join(bad)


def test_figures_readable_in_dark_mode(reports, built_site):
    """In the dark palette each figure sits on an opaque light card, and its SVG has a white background."""
    bad = []
    for (page, mode), rep in reports.items():
        if mode != "dark":
            continue
        for fig in rep["figures"]:
            if fig["scheme"] != "slate":
                bad.append(f"{page} [dark]: palette: expected slate, got {fig['scheme']}")
            lum = _luminance(fig["bg"])
            if lum < 0.85:
                bad.append(f"{page} [dark]: figure card: {fig['src']} background {fig['bg']} (luminance {lum:.2f})")
    for svg in (built_site / "figures").glob("*.svg"):
        head = svg.read_text(encoding="utf-8")[:3000]
        if "fill: #ffffff" not in head:
            bad.append(f"{svg.name}: figure background is not white")
    assert not bad, "\n".join(bad)
