"""Citing the site: stable anchors, numbered equations and figures, the citation box, print."""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.anchors import ANCHORS_FILE, site_anchors
from tests.sitecheck import browser, configured_site_url

# The brief puts each book number on one page.
EQUATION_PAGES = {
    "chapter/weight-decay/": ["7.1", "7.2", "7.3", "7.4", "7.5"],
    "chapter/quadratic/": ["7.6", "7.7", "7.8", "7.9", "7.10"],
    "chapter/eigen/": ["7.11", "7.12", "7.13"],
    "chapter/linear-regression/": ["7.14", "7.15", "7.16", "7.17"],
}


def _html(site, page):
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_heading_anchors_match_committed_list(built_site):
    """Heading anchors equal tests/anchors.json: renaming a heading updates the list on purpose."""
    committed = json.loads(ANCHORS_FILE.read_text(encoding="utf-8"))
    built = site_anchors(built_site)
    changed = {
        page: {"removed": sorted(set(committed.get(page, [])) - set(built.get(page, []))),
               "added": sorted(set(built.get(page, [])) - set(committed.get(page, [])))}
        for page in set(committed) | set(built)
        if set(committed.get(page, [])) != set(built.get(page, []))
    }
    assert not changed, (
        f"heading anchors changed: {changed}\n"
        "If intended, run `.venv/bin/python -m tests.anchors update` (and add a redirect for a moved page)."
    )


def test_anchors_are_readable_korean(built_site):
    """Korean headings keep their Hangul in the anchor (no empty or _1-style ids)."""
    for page, ids in site_anchors(built_site).items():
        for anchor in ids:
            if page == "api/" and re.fullmatch(r"ridgedoc(\.\w+)*", anchor):
                continue  # the API page's entries are named by their Python path (mkdocstrings, objects.inv)
            assert re.fullmatch(r"[\w-]+", anchor) and anchor == anchor.lower() and not re.fullmatch(r"_\d+", anchor), (page, anchor)


@pytest.mark.parametrize("page", sorted(EQUATION_PAGES))
def test_book_numbers_on_their_pages(built_site, page):
    """Each of the book's numbers 7.1–7.17 is displayed, with anchor eq-7-x, on the page the brief puts it on."""
    text = _html(built_site, page)
    for number in EQUATION_PAGES[page]:
        anchor = "eq-" + number.replace(".", "-")
        assert f'id="{anchor}"' in text, f"{page}: no equation anchor {anchor}"
        self_link = f'href="#{anchor}" title="식 ({number})의 링크">({number})</a>' in text
        row_tag = re.search(r'class="rd-equation rd-equation--rows"[^>]*>(?:(?!</div>).)*\\tag\{' + re.escape(number) + r"\}", text, re.S)
        assert self_link or row_tag, f"{page}: ({number}) is neither a self link nor a numbered row"


def test_equation_references_link_to_the_equation(built_site):
    """"식 (7.x)" in the text links to that equation's anchor, on this page or another."""
    refs = 0
    for page in built_site.rglob("index.html"):
        for href, number in re.findall(r'<a class="rd-eqref" href="([^"]*)">식 \((7\.\d+)\)</a>', page.read_text(encoding="utf-8")):
            refs += 1
            assert href.endswith("#eq-" + number.replace(".", "-")), (page, href, number)
    assert refs > 5


def test_every_page_has_a_citation_box(built_site):
    """Every page ends with '이 페이지 인용하기': title, URL from site_url, date, plain text and BibTeX."""
    for page in built_site.rglob("index.html"):
        rel = page.parent.relative_to(built_site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        text = page.read_text(encoding="utf-8")
        box = text.split('<section class="rd-cite"', 1)
        assert len(box) == 2, f"{rel}: no citation box"
        url = configured_site_url() + ("" if rel == "." else rel + "/")
        assert url in box[1] and "@misc{ridgedoc-" in box[1] and re.search(r"\d{4}-\d\d-\d\d", box[1]), rel


def test_figures_are_numbered_with_permalinks(built_site):
    """Figures are numbered 그림 R1, R2, ... through the site (never the book's 7.x), in page order,
    and each number links to the figure's anchor."""
    seen = []
    for page in built_site.rglob("index.html"):
        if page.parent.name == "handout":  # it repeats every page's figures (tests/test_handout.py checks them)
            continue
        text = page.read_text(encoding="utf-8")
        numbers = re.findall(r'<figure class="rd-figure" id="(fig-[a-z0-9-]+)">.*?'
                             r'<a class="rd-figure__number" href="#(fig-[a-z0-9-]+)"[^>]*>그림 R(\d+)\.</a>', text, re.S)
        for fid, href, _ in numbers:
            assert fid == href, (page, fid, href)
        ns = [int(n) for _, _, n in numbers]
        assert ns == list(range(ns[0], ns[0] + len(ns))) if ns else True, (page, ns)
        assert text.count('class="rd-figure__number"') == len(ns), f"{page}: a figure without a number"
        seen += ns
    assert sorted(seen) == list(range(1, len(seen) + 1)) and len(seen) >= 5, seen


@pytest.mark.browser
def test_printed_page_is_a_clean_handout(built_site, site_url):
    """Printing a page to PDF keeps the text, equations' numbers and figure captions, shows the URL, and drops the navigation."""
    from pypdf import PdfReader

    with browser() as b:
        page = b.new_page()
        page.goto(site_url + "chapter/weight-decay/", wait_until="load")
        page.wait_for_function("document.fonts.status === 'loaded'")  # the math is in the HTML
        pdf = page.pdf(format="A4", print_background=True)
        nav_text = page.inner_text(".md-nav--primary")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert "가중치감쇠" in flat
    assert configured_site_url() + "chapter/weight-decay/" in flat.replace("\n", "")
    assert "(7.5)" in flat and re.search(r"그림R\d+\.", flat)
    assert "용어집" in nav_text and "용어집" not in flat, "the site navigation was printed"
