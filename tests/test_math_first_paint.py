"""Math is visible at first paint: every page, with JavaScript off in Chromium, shows rendered math and no raw TeX.

Before the site rendered math at build time, a reader saw ``\\(…\\)`` until MathJax had
typeset the page. With scripts disabled nothing can typeset later, so what Chromium
lays out here is what a reader sees before any script runs.
"""

from __future__ import annotations

import pytest

from tests.gates import _RAW_DELIMITERS_JS
from tests.sitecheck import browser, page_paths

pytestmark = pytest.mark.browser


def test_every_page_shows_rendered_math_without_scripts(built_site, site_url, tmp_path):
    """No arithmatex element without KaTeX's markup, no TeX delimiter in the text, KaTeX's fonts
    loaded; each page is screenshotted (at 390 px, the narrowest layout) as it first paints."""
    checked = 0
    with browser() as b:
        context = b.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
        try:
            for path in page_paths(built_site):
                page = context.new_page()
                response = page.goto(site_url + path, wait_until="load")
                assert response is not None and response.ok, path
                raw = page.eval_on_selector_all(
                    ".arithmatex", "els => els.filter(e => !e.querySelector('.katex')).map(e => e.textContent)")
                assert raw == [], f"{path}: math left as TeX: {raw[:3]}"
                assert page.evaluate(_RAW_DELIMITERS_JS) == [], path
                if page.locator(".katex").count():
                    checked += 1
                    page.wait_for_function("document.fonts.status === 'loaded'")
                    families = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded')"
                                             ".map(f => f.family)")
                    assert any("KaTeX" in f for f in families), f"{path}: KaTeX's fonts did not load: {families}"
                page.screenshot(path=str(tmp_path / ((path.strip("/").replace("/", "_") or "home") + ".png")))
                page.close()
        finally:
            context.close()
    assert checked >= 8, f"only {checked} pages show math"
