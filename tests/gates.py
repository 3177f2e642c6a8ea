"""Quality gates for a built site: each gate checks one thing on every page.

``collect(site, base_url)`` opens every page of the site (found in its sitemap) in
Debian's Chromium in three modes and records what the gates need; each ``gate_*``
function turns those records into failure lines ``page [mode]: gate: detail``.
``crawl_links(site)`` checks every internal link and anchor in the built HTML.
Used on the real site by tests/test_browser.py and on planted faults by
tests/test_gates.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.sitecheck import PageVisit, browser, page_paths

MODES = {
    "light": {},
    "dark": {"dark": True},
    "phone": {"width": 390, "height": 844},
}

# Elements allowed to be wider than the phone screen because they scroll inside themselves.
SCROLL_BOXES = (
    "div.arithmatex, pre, .highlight, .md-typeset__scrollwrap, .md-typeset__table, "
    ".jp-OutputArea-output, .jp-InputArea-editor, .highlight-ipynb, .katex, .rd-explorer__plot"
)

_OVERFLOW_JS = """
(boxes) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.closest(boxes)) continue;
    if (el.ownerSVGElement) continue;  // drawn inside an <svg>, clipped by it
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      const cls = (typeof el.className === 'string' && el.className) ? '.' + el.className.split(' ')[0] : '';
      out.push(el.tagName.toLowerCase() + cls + ' right=' + Math.round(r.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, offenders: out.slice(0, 5)};
}
"""

_FIGURE_CARDS_JS = """
() => [...document.querySelectorAll('figure.rd-figure img')].map(img => ({
  src: img.getAttribute('src'),
  bg: getComputedStyle(img).backgroundColor,
  scheme: document.body.getAttribute('data-md-color-scheme'),
}))
"""

_RAW_DELIMITERS_JS = """
() => {
  const root = document.querySelector('.md-content');
  if (!root) return [];
  const clone = root.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, .katex, .jp-InputArea').forEach(e => e.remove());
  const text = clone.textContent;
  return ['$$', '\\\\(', '\\\\[', '\\\\begin{', '\\\\tag{'].filter(d => text.includes(d));
}
"""

SERIOUS = ("serious", "critical")
# Checked by a gate of their own, so that each planted fault fails exactly one gate.
AXE_OWNED_ELSEWHERE = {"image-alt"}


def _luminance(css_color: str) -> float:
    """Relative luminance of an ``rgb()``/``rgba()`` colour; -1 if not opaque."""
    nums = [float(x) for x in css_color[css_color.index("(") + 1 : -1].split(",")]
    if len(nums) == 4 and nums[3] < 1:
        return -1.0

    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in nums[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def collect(site: Path, base_url: str, *, axe: bool = True) -> dict:
    """Visit every page of ``site`` in every mode; return {(page, mode): record}."""
    if axe:
        from axe_playwright_python.sync_playwright import Axe

        axe_runner = Axe()
    out = {}
    with browser() as b:
        for path in page_paths(site):
            for mode, kw in MODES.items():
                visit = PageVisit(b, base_url, path, **kw)
                try:
                    page = visit.page
                    rec = {
                        "status": visit.response.status if visit.response else None,
                        "console": visit.console_errors + visit.page_errors,
                        "external": list(visit.external),
                        "failed": list(visit.failed),
                        "math_errors": visit.math_errors(),
                        "raw_math": visit.raw_math(),
                        "raw_delimiters": page.evaluate(_RAW_DELIMITERS_JS),
                        "broken_images": visit.broken_images(),
                        "no_alt": page.eval_on_selector_all(
                            "img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.getAttribute('src'))"
                        ),
                        "figures": page.evaluate(_FIGURE_CARDS_JS),
                    }
                    if mode == "phone":
                        rec["overflow"] = page.evaluate(_OVERFLOW_JS, SCROLL_BOXES)
                    if axe and mode in ("light", "dark"):
                        result = axe_runner.run(page)
                        rec["axe"] = [
                            f"{v['id']} ({v['impact']}) at {v['nodes'][0]['target']}"
                            for v in result.response["violations"]
                            if v["impact"] in SERIOUS and v["id"] not in AXE_OWNED_ELSEWHERE
                        ]
                    out[(path or "/", mode)] = rec
                finally:
                    visit.close()
    return out


def _lines(records, gate, keys, modes=tuple(MODES)):
    return [
        f"{page} [{mode}]: {gate}: {rec[key]}"
        for (page, mode), rec in records.items()
        for key in keys
        if mode in modes and rec.get(key)
    ]


def gate_status(records):
    return [f"{p} [{m}]: status: {r['status']}" for (p, m), r in records.items() if r["status"] != 200]


def gate_console(records):
    # A resource that fails to load is the offline gate's (another host) or the links
    # gate's (a missing file) business; everything else logged as an error counts here.
    out = []
    for (page, mode), rec in records.items():
        errors = [e for e in rec["console"] if not e.startswith("Failed to load resource")]
        if errors:
            out.append(f"{page} [{mode}]: console: {errors}")
    return out


def gate_offline(records):
    return _lines(records, "offline", ["external", "failed"])


def gate_math(records):
    return _lines(records, "math", ["math_errors", "raw_math", "raw_delimiters"])


def gate_images(records):
    return _lines(records, "images", ["broken_images", "no_alt"])


def gate_phone_width(records):
    out = []
    for (page, _mode), rec in records.items():
        o = rec.get("overflow")
        if o and (o["scrollWidth"] > o["clientWidth"] or o["offenders"]):
            out.append(f"{page} [phone]: phone width: scrollWidth {o['scrollWidth']} > {o['clientWidth']} {o['offenders']}")
    return out


def gate_dark_figures(records, site: Path):
    out = []
    for (page, mode), rec in records.items():
        if mode != "dark":
            continue
        for fig in rec["figures"]:
            if fig["scheme"] != "slate":
                out.append(f"{page} [dark]: dark figures: palette is {fig['scheme']}, not slate")
            lum = _luminance(fig["bg"])
            if lum < 0.85:
                out.append(f"{page} [dark]: dark figures: {fig['src']} on background {fig['bg']} (luminance {lum:.2f})")
    for svg in sorted((site / "figures").glob("*.svg")) if (site / "figures").is_dir() else []:
        if "fill: #ffffff" not in svg.read_text(encoding="utf-8")[:3000]:
            out.append(f"figures/{svg.name}: dark figures: the figure's own background is not white")
    return out


def gate_axe(records):
    return _lines(records, "axe", ["axe"], modes=("light", "dark"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if tag in ("a", "img", "script", "link", "source", "iframe") and a.get(key):
                if tag == "link" and a.get("rel") in ("canonical",):
                    continue
                self.links.append(a[key])


def crawl_links(site: Path) -> list[str]:
    """Every internal link and anchor in the built HTML resolves to a file and an id."""
    pages: dict[Path, _Links] = {}
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    out = []
    for path, parser in sorted(pages.items()):
        rel = path.relative_to(site).as_posix()
        base = "http://site.invalid/" + rel
        for link in parser.links:
            if re.match(r"^(mailto|data|javascript|blob):", link):
                continue
            url = urlsplit(urljoin(base, link))
            if url.hostname != "site.invalid":
                continue  # external links are the offline gate's business (and rel=canonical)
            target = site / unquote(url.path).lstrip("/")
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                out.append(f"{rel}: links: {link} -> missing file {target.relative_to(site).as_posix()}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(url.fragment) not in ids:
                    out.append(f"{rel}: links: {link} -> no id {unquote(url.fragment)!r} in {target.relative_to(site).as_posix()}")
    return out


def all_gates(records, site: Path) -> dict[str, list[str]]:
    """Run every gate; return {gate name: failure lines}."""
    return {
        "status": gate_status(records),
        "console": gate_console(records),
        "offline": gate_offline(records),
        "math": gate_math(records),
        "images": gate_images(records),
        "phone width": gate_phone_width(records),
        "dark figures": gate_dark_figures(records, site),
        "axe": gate_axe(records),
        "links": crawl_links(site),
    }
