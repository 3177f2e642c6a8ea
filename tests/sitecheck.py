"""Build the site and look at it in Debian's Chromium (Playwright), for tests and by hand.

``python -m tests.sitecheck shots OUTDIR`` builds the site and saves screenshots of
every page (desktop light, desktop dark, phone 390 px) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("RIDGEDOC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def build_site(dest: Path, *, config: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` (never ``-q``) into ``dest``; return the finished process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]
    if config is not None:
        cmd += ["-f", str(config)]
    # Cold unless a test asks for the cache (tests/test_cache.py passes RIDGEDOC_CACHE=1).
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RIDGEDOC_CACHE": "0", **(env or {})}
    return subprocess.run(cmd, cwd=config.parent if config else ROOT, capture_output=True, text=True, env=full_env)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextmanager
def serve(site: Path):
    """Serve ``site`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_paths(site: Path) -> list[str]:
    """Every page of the built site, from its sitemap (never a hard-coded list)."""
    tree = ET.parse(site / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = []
    for loc in tree.getroot().findall("sm:url/sm:loc", ns):
        path = urlsplit(loc.text).path
        prefix = urlsplit(_site_url()).path
        paths.append(path[len(prefix):] if path.startswith(prefix) else path.lstrip("/"))
    return paths


@functools.lru_cache
def _site_url() -> str:
    """The site's ``site_url`` as MkDocs reads mkdocs.yml (``RIDGEDOC_SITE_URL`` included)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).site_url or "/"


def configured_site_url() -> str:
    return _site_url()


@contextmanager
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (see README)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class PageVisit:
    """One page opened in a fresh context, with everything it asked for recorded."""

    def __init__(self, browser, base_url: str, path: str, *, width=1280, height=900, dark=False):
        self.base = urlsplit(base_url)
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme="dark" if dark else "light",
            service_workers="block",
        )
        self.external: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.response = self.page.goto(base_url + path, wait_until="load")
        self.wait_for_math()

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about"):
            return route.continue_()
        if parts.hostname != self.base.hostname or parts.port != self.base.port:
            self.external.append(route.request.url)
            return route.abort()
        return route.continue_()

    def wait_for_math(self, timeout=20000):
        """Math is in the HTML (rendered at build time); wait only for KaTeX's fonts to be laid out."""
        if self.page.locator(".arithmatex").count():
            self.page.wait_for_function("document.fonts.status === 'loaded'", timeout=timeout)

    def math_errors(self) -> list[str]:
        """KaTeX's error markup, or a math script's (none should be on the page)."""
        return self.page.eval_on_selector_all(
            ".katex-error, mjx-merror, [data-mjx-error]",
            "els => els.map(e => e.getAttribute('title') || e.textContent)",
        )

    def raw_math(self) -> list[str]:
        """Text of arithmatex elements that hold no rendered math."""
        return self.page.eval_on_selector_all(
            ".arithmatex",
            "els => els.filter(e => !e.querySelector('.katex')).map(e => e.textContent)",
        )

    def broken_images(self) -> list[str]:
        self.page.evaluate(
            "() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
            " return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))"
        )
        return self.page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )

    def close(self):
        self.context.close()


def screenshots(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    site = outdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    proc = build_site(site)
    if proc.returncode:
        raise SystemExit(proc.stdout + proc.stderr)
    shots = []
    with serve(site) as base, browser() as b:
        for path in page_paths(site):
            stem = path.strip("/").replace("/", "_") or "home"
            for tag, kw in {"light": {}, "dark": {"dark": True}, "phone": {"width": 390, "height": 844}}.items():
                visit = PageVisit(b, base, path, **kw)
                visit.page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
                visit.broken_images()
                file = outdir / f"{stem}-{tag}.png"
                visit.page.screenshot(path=str(file), full_page=True)
                print(file, "errors:", visit.console_errors + visit.page_errors, "external:", visit.external,
                      "math errors:", visit.math_errors(), "raw math:", len(visit.raw_math()))
                shots.append(file)
                visit.close()
    return shots


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "shots":
        screenshots(Path(sys.argv[2]))
    else:
        raise SystemExit("usage: python -m tests.sitecheck shots OUTDIR")
