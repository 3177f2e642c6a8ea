"""Quality gates on the real site: every page, opened in Debian's Chromium via Playwright.

Pages come from the built site's sitemap, never from a list kept here. Each test is
one gate; a failure lists every page that failed it, one readable line each
(``page [mode]: gate: detail``).
"""

from __future__ import annotations

import pytest

from tests import gates

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def records(built_site, site_url):
    """Every page in every mode, visited once."""
    recs = gates.collect(built_site, site_url)
    assert len({page for page, _ in recs}) >= 3, "the sitemap lists too few pages"
    return recs


def test_every_built_page_is_in_the_sitemap(records, built_site):
    """Every HTML page of the build is visited (the sitemap lists them all)."""
    built = {p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")}
    built = {"/" if b == "./" else b for b in built}
    visited = {page for page, _ in records}
    assert built <= visited, f"pages not in the sitemap: {sorted(built - visited)}"


@pytest.mark.parametrize(
    "gate",
    ["status", "console", "offline", "math", "images", "phone width", "dark figures", "axe", "links"],
)
def test_gate(records, built_site, gate):
    """The named gate reports no failure on any page."""
    failures = gates.all_gates(records, built_site)[gate]
    assert not failures, "\n" + "\n".join(failures)
