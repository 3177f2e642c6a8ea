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


def build_command(dest: Path, *, config: Path | None = None, strict: bool = True) -> list[str]:
    """The ``mkdocs build`` command line (never ``-q``) that builds into ``dest``."""
    cmd = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", str(dest)]
    if config is not None:
        cmd += ["-f", str(config)]
    return cmd


def build_env(env: dict | None = None) -> dict[str, str]:
    # Cold unless a test asks for the cache (tests/test_cache.py passes RIDGEDOC_CACHE=1).
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RIDGEDOC_CACHE": "0", **(env or {})}


def _no_build_in_fast_tier():
    if os.environ.get("RIDGEDOC_TEST_TIER") == "fast":
        raise RuntimeError("the fast test tier builds no site: mark this test slow (tests/conftest.py)")


def build_site(dest: Path, *, config: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` (never ``-q``) into ``dest`` in a new process; return the finished process.

    For tests of what the process does: its exit status, the worker processes it kills, its log.
    """
    _no_build_in_fast_tier()
    return subprocess.run(build_command(dest, config=config), cwd=config.parent if config else ROOT,
                          capture_output=True, text=True, env=build_env(env))


def build_in_process(dest: Path, *, config: Path | None = None, env: dict | None = None,
                     strict: bool = True) -> subprocess.CompletedProcess:
    """``mkdocs build [--strict] -d dest`` run inside this process, as the ``mkdocs`` command runs it.

    Same steps as the command (``load_config``, ``on_startup``, ``build``, ``on_shutdown``), the same
    log format on "stderr", and the command's exit status: 1 when the build aborts (``--strict``
    turns a warning or error line into an abort) or raises, else 0. It saves the start of a new
    Python and MkDocs (about 3 s a build); executed blocks still run in the plugin's worker
    processes. Environment variables in ``env`` are set for the build and restored after it.
    """
    import io
    import logging
    import traceback
    import warnings

    from mkdocs import __main__ as cli
    from mkdocs import exceptions
    from mkdocs.commands import build as build_mod
    from mkdocs.config import load_config

    _no_build_in_fast_tier()
    config = Path(config) if config is not None else ROOT / "mkdocs.yml"
    new_env = build_env(env)
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_PlainFormatter())
    logger = logging.getLogger("mkdocs")
    saved_level, saved_propagate = logger.level, logger.propagate
    dedup = build_mod.log.filters[:]
    returncode = 0
    os.environ.clear()
    os.environ.update(new_env)
    os.chdir(config.parent)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    build_mod.log.addFilter(_DuplicateFilter())
    try:
        with warnings.catch_warnings():
            # what `mkdocs build` sets (mkdocs.__main__._enable_warnings): warnings are INFO log lines
            warnings.resetwarnings()
            warnings.simplefilter("default")
            for category in (ImportWarning, ResourceWarning, PendingDeprecationWarning):
                warnings.simplefilter("ignore", category)
            warnings.simplefilter("module", DeprecationWarning)
            warnings.showwarning = cli._showwarning
            try:
                cfg = load_config(str(config), strict=strict, site_dir=str(dest))
                cfg.plugins.on_startup(command="build", dirty=False)
                try:
                    build_mod.build(cfg, dirty=False)
                finally:
                    cfg.plugins.on_shutdown()
            except exceptions.Abort as e:
                stream.write(f"{e.message}\n")  # what the command prints before exiting with 1
                returncode = 1
            except Exception:
                stream.write(traceback.format_exc())
                returncode = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
        build_mod.log.filters[:] = dedup
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["(in process)", "mkdocs", "build", "-d", str(dest)], returncode, "", stream.getvalue())


class _PlainFormatter:
    """``mkdocs.__main__.ColorFormatter`` without colours or wrapping (what a test reads from a pipe)."""

    def __init__(self):
        import logging

        self._base = logging.Formatter()

    def format(self, record):
        return f"{record.levelname:<8}-  {self._base.format(record)}"


def _DuplicateFilter():
    from mkdocs import utils

    return utils.DuplicateFilter()


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


class _SharedBrowser:
    """One Chromium for a whole test session (tests/conftest.py turns it on): started on first use."""

    enabled = False
    _playwright = None
    _browser = None

    @classmethod
    def get(cls):
        if cls._browser is None:
            from playwright.sync_api import sync_playwright

            _check_chromium()
            cls._playwright = sync_playwright().start()
            cls._browser = cls._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return cls._browser

    @classmethod
    def stop(cls):
        if cls._browser is not None:
            cls._browser.close()
            cls._playwright.stop()
        cls._browser = cls._playwright = None


def _check_chromium():
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (see README)")


def _no_browser_in_fast_tier():
    if os.environ.get("RIDGEDOC_TEST_TIER") == "fast":
        raise RuntimeError("the fast test tier opens no browser: mark this test slow (tests/conftest.py)")


@contextmanager
def browser():
    """Debian's Chromium driven by Playwright (no browser download).

    Under pytest the session shares one Chromium (``_SharedBrowser``): each ``with browser()``
    gets it and closes, on leaving, every context opened inside, as closing its own browser did.
    """
    _no_browser_in_fast_tier()
    if _SharedBrowser.enabled:
        b = _SharedBrowser.get()
        before = set(b.contexts)
        try:
            yield b
        finally:
            for ctx in b.contexts:
                if ctx not in before:
                    ctx.close()
        return
    from playwright.sync_api import sync_playwright

    _check_chromium()
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
