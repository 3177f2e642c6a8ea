"""The printable handout (docs/handout.md, ridgedoc/site/handout.py): composition in-process, the built page, its PDF."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import unquote

import pytest

from ridgedoc.site import handout, htmlscan
from tests.sitecheck import browser

# ------------------------------------------------------------------ in-process

TABS = ('<div class="tabbed-set"><input id="t1" name="g" type="radio"><input id="t2" name="g" type="radio">'
        '<div class="tabbed-labels"><label for="t1">그림</label><label for="t2">코드</label></div>'
        '<div class="tabbed-content"><div class="tabbed-block"><p>RESULT</p></div>'
        '<div class="tabbed-block"><pre><code>CODE</code></pre></div></div></div>')


def _parts():
    a = handout.Part("chapter/a/", "A", '<h1 id="a">A</h1><p><a href="../b/#sec">to b</a> <a href="#local">here</a> '
                     '<a href="../../figures/x.svg">svg</a> <a href="../../">home</a></p><h2 id="local">L</h2>'
                     + TABS + '<details class="note"><summary>풀이 보기</summary><p>ANSWER</p></details>',
                     toc=[("a", "A", [("local", "L", [])])])
    b = handout.Part("chapter/b/", "B", '<h1 id="b">B</h1><h2 id="local">L2</h2><h2 id="sec">S</h2>'
                     '<figure class="rd-figure" id="fig-x"><img src="../../figures/x.svg" alt="x"></figure>'
                     '<section class="rd-explorer" id="rd-explorer"><p>live</p></section>'
                     '<div class="rd-equation" id="eq-7-1"></div>')
    return [a, b]


def _in_source_line(doc, el):
    """True for the "웹 페이지: ..." line each part starts with and for the note that replaces
    the α explorer (both link to the live page on purpose)."""
    return any(p.start < el.start < p.end for p in doc.find("p", cls="rd-handout__source")) or any(
        d.start < el.start < d.end for d in doc.find("div", cls="rd-handout__explorer"))


def _compose(parts=None):
    return handout.compose("<h1 id='cover'>C</h1>", parts or _parts(), handout_url="handout/",
                           site_url="https://x.org/", date="2026-01-02", numbers={"x": 4})


def test_compose_prefixes_page_ids_and_keeps_site_unique_ones():
    """Headings get their page's key ("chapter-a--local"), so two pages' "local" differ; eq-/fig- ids stay."""
    out, problems = _compose()
    ids = [el.attrs["id"] for el in htmlscan.scan(out).elements if el.attrs.get("id")]
    assert not problems
    assert len(ids) == len(set(ids))
    assert {"chapter-a--local", "chapter-b--local", "eq-7-1", "fig-x", "chapter-a", "chapter-b"} <= set(ids)


def test_compose_points_links_inside_and_rebases_the_rest():
    """A link to an included page's heading becomes #its-new-id; files and the home page are rebased to handout/."""
    out, _ = _compose()
    doc = htmlscan.scan(out)
    hrefs = [el.attrs["href"] for el in doc.find("a") if not _in_source_line(doc, el)]
    assert "#chapter-b--sec" in hrefs and "#chapter-a--local" in hrefs
    assert "../figures/x.svg" in hrefs and "../" in hrefs
    assert not [h for h in hrefs if "chapter/" in h and not h.startswith("https:")]


def test_compose_shows_results_not_code_and_opens_answers():
    """The 코드 tab and its radio inputs go, the result stays; <details> is open; the explorer becomes a note."""
    out, _ = _compose()
    assert "RESULT" in out and "CODE" not in out and "tabbed-set" not in out
    assert "<details open" in out or re.search(r"<details[^>]*\sopen[\s>]", out)
    assert "rd-explorer" not in out and 'href="#fig-x"' in out and "그림 R4" in out


def test_compose_reports_a_link_to_a_missing_anchor():
    """A link to an anchor the target page does not have is a problem naming the page and the anchor."""
    parts = _parts()
    parts[0].content += '<a href="../b/#nope">x</a>'
    _, problems = _compose(parts)
    assert problems and "chapter/a/" in problems[0] and "nope" in problems[0]


def test_compose_cover_date_and_contents():
    """The cover carries the date; the contents list each page and its h2s, linked to their new ids."""
    out, _ = _compose()
    assert '<time datetime="2026-01-02">' in out
    toc = out.split('class="rd-handout__toc"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#chapter-a"' in toc and 'href="#chapter-a--local"' in toc and 'href="#chapter-b"' in toc


@pytest.mark.parametrize("target, want", [("figures/a.svg", "../figures/a.svg"), ("", "../"),
                                          ("chapter/x/", "../chapter/x/")])
def test_rebase_url(target, want):
    """Site paths seen from handout/."""
    assert handout.rebase_url(target, "handout/") == want


def test_compose_validates_arguments():
    """Bad parts or an absolute handout URL are refused, naming the argument."""
    with pytest.raises(TypeError, match="parts"):
        handout.compose("", ["x"], handout_url="handout/", site_url="", date="", numbers={})
    with pytest.raises(ValueError, match="handout_url"):
        handout.compose("", [], handout_url="/handout/", site_url="", date="", numbers={})


# ------------------------------------------------------------------ the built page


def _page(built_site):
    return (built_site / "handout" / "index.html").read_text(encoding="utf-8")


def _article(text):
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def test_home_links_to_the_handout(built_site):
    """The home page has the link "인쇄용 전체 보기" to handout/."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="handout/">인쇄용 전체 보기</a>', home)


def test_handout_ids_are_unique_and_links_resolve(built_site):
    """No id twice on the handout; every #link hits an id on it; no link leaves it for a page it contains."""
    text = _page(built_site)
    doc = htmlscan.scan(text)
    ids = [el.attrs["id"] for el in doc.elements if el.attrs.get("id")]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    art = htmlscan.scan(_article(text))
    hrefs = [el.attrs["href"] for el in art.find("a") if el.attrs.get("href") and not _in_source_line(art, el)]
    local = [unquote(h[1:]) for h in hrefs if h.startswith("#")]
    assert len(local) > 200
    assert not [h for h in local if h not in set(ids)]
    included = re.compile(r"^\.\./(chapter/[^#]*/|glossary/)(#|$)")
    assert not [h for h in hrefs if included.match(h)]


def test_handout_has_every_equation_and_figure_with_the_pages_numbers(built_site):
    """eq-7-1 ... eq-7-17 are on the handout; each figure shows the same 그림 R number as on its page."""
    text = _page(built_site)
    for n in range(1, 18):
        assert f'id="eq-7-{n}"' in text, n
    pattern = re.compile(r'data-figure="([^"]+)">그림 R(\d+)\.</a>')
    on_pages = {}
    for page in built_site.rglob("index.html"):
        if page.parent.name != "handout":
            on_pages.update(dict(pattern.findall(page.read_text(encoding="utf-8"))))
    on_handout = dict(pattern.findall(text))
    assert on_handout == on_pages and len(on_pages) >= 5


def test_handout_has_no_code_tabs_no_explorer_and_open_answers(built_site):
    """No tab set or 코드 label, no explorer, no notebook code; every 풀이 보기 answer is an open <details>."""
    art = _article(_page(built_site))
    doc = htmlscan.scan(art)
    assert not doc.find(cls="tabbed-set") and not doc.find("label")
    assert not doc.find(cls="rd-explorer") and not doc.find(cls="highlight-ipynb")  # notebook code cells' source
    details = doc.find("details")
    assert len(details) >= 10 and all("open" in d.attrs for d in details)
    assert "rd-handout__explorer" in art
    note = doc.find("div", cls="rd-handout__explorer")[0]
    hrefs = [a.attrs.get("href", "") for a in doc.find("a") if note.start < a.start < note.end]
    # the live page: its address, or in a local preview its path from handout/
    assert any(h.endswith("chapter/geometry/") and "geometry/chapter" not in h for h in hrefs), hrefs


def test_handout_leaves_out_pages_that_say_so(built_site):
    """The contributor guide and the API reference (front matter handout: false) are not printed."""
    doc = htmlscan.scan(_article(_page(built_site)))
    sections = [el.attrs.get("id") for el in doc.find("section", cls="rd-handout__part")]
    assert "chapter-eigen" in sections and "glossary" in sections
    assert not [s for s in sections if s.startswith(("contributing", "api"))], sections


def test_handout_is_not_in_the_search_index(built_site):
    """Material's index has no entry for handout/ (its text would come up twice in search)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] and not [d for d in index["docs"] if d["location"].startswith("handout/")]


# ------------------------------------------------------------------ the PDF


@pytest.fixture(scope="module")
def pdf_pages(built_site, site_url):
    """The handout printed to A4 PDF by Chromium, its math rendered at build time (light and dark scheme)."""
    from pypdf import PdfReader

    out = {}
    with browser() as b:
        for scheme in ("light", "dark"):
            ctx = b.new_context(color_scheme=scheme)
            page = ctx.new_page()
            page.goto(site_url + "handout/", wait_until="load")
            page.wait_for_function("document.fonts.status === 'loaded'", timeout=60000)  # math is in the HTML
            page.evaluate("() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
                          " return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))")
            out[scheme] = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
            ctx.close()
    return out


@pytest.fixture(scope="module")
def pdf_texts(pdf_pages) -> dict[str, list[str]]:
    """The text of every sheet, extracted once per scheme (pypdf's extraction is the slow part)."""
    return {scheme: [page.extract_text() for page in reader.pages] for scheme, reader in pdf_pages.items()}


@pytest.mark.browser
def test_pdf_page_count_is_sensible(pdf_pages):
    """Between 25 and 90 A4 sheets: the eight pages and the glossary are about 50 sheets at print size; far fewer
    means sections went missing, far more means images or breaks blew up. Dark mode prints the same sheets."""
    n = len(pdf_pages["light"].pages)
    assert 25 <= n <= 90, n
    assert len(pdf_pages["dark"].pages) == n


@pytest.mark.browser
def test_pdf_text_has_hangul_numbers_and_answers_but_no_code_tabs(pdf_texts):
    """The PDF's text has Hangul, every number 7.1–7.17 as "(7.x)", the answers' text, and no tab labels."""
    text = "\n".join(pdf_texts["light"])
    flat = re.sub(r"\s+", "", text)
    assert len(re.findall(r"[가-힣]", text)) > 10000
    for n in range(1, 18):
        assert f"(7.{n})" in flat, n
    assert "풀이보기" in flat and "가중치감쇠" in flat
    assert "연습문제" in flat
    for label in ("코드결과", "그림코드", "결과코드", "코드그림"):
        assert label not in flat, label


@pytest.mark.browser
def test_pdf_has_no_blank_sheet(pdf_pages, pdf_texts):
    """Every sheet has text or an image (a blank sheet is a broken page break)."""
    for scheme, reader in pdf_pages.items():
        for i, page in enumerate(reader.pages, start=1):
            has_text = bool(pdf_texts[scheme][i - 1].strip())
            has_image = bool(page.images) or "/XObject" in (page.get("/Resources") or {})
            assert has_text or has_image, (scheme, i)


@pytest.mark.browser
def test_pdf_internal_links_reach_named_destinations(pdf_pages):
    """Links in the PDF that point inside it name a destination that exists (the page's ids survive printing),
    equation references among them."""
    reader = pdf_pages["light"]
    names = set(reader.named_destinations)
    dests = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                dests.append(str(annot["/Dest"]))
    assert len(dests) > 200
    assert not [d for d in dests if d not in names]
    assert any(unquote(d) == "/eq-7-10" for d in dests)
