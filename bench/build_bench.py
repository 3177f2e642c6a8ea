"""Build benchmark for ridgedoc: how long builds take, and how heavy each page is.

    python bench/build_bench.py [--runs 5] [--keep]

Everything runs in temporary copies of the project (``mkdocs.yml``, ``overrides/``,
``docs/``, ``ridgedoc/``); the repository is never touched. Each build is
``python -m mkdocs build --strict`` in a fresh process, timed from start to exit
(wall clock). The scenarios are interleaved run by run, so load from other users of
the machine spreads over all of them; the table shows the median of ``--runs``.

Scenarios (each with its own project copy and cache folder):

- static-only: the same pages with every executed fence turned into a plain code
  fence and the notebook rendered as stored (``execute_notebooks: false``; cache off);
- cold full build: cache on but empty;
- warm after a prose edit: a sentence of a page changes before each build;
- warm after a ridgedoc edit: a comment is added to ``ridgedoc/quadratic.py``;
- the notebook page alone: static (``execute: false``), cold and warm.

Then, for every page of a cold-built site: bytes of the HTML, of the figures it shows
and of every asset it loads (stylesheets, scripts, their fonts and images; the search
worker, its index and lunr files; MathJax's preloaded extensions and fonts), found by
reading the HTML and CSS; if Playwright and Chromium are available, also the bytes
the browser actually fetched. No assertion: targets are printed next to the numbers.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "chapter/linear-regression.ipynb"
PROSE_PAGE = "docs/chapter/weight-decay.md"
PROSE_URL = "chapter/weight-decay/"
RIDGEDOC_FILE = "ridgedoc/quadratic.py"
PACKAGES = ("mkdocs", "mkdocs-material", "markdown-exec", "mkdocs-jupyter", "nbconvert", "numpy", "matplotlib")
TARGETS = {"warm-prose": 1.3, "cold": 3.0}
SERVE_TARGET = 1.5  # seconds from saving a page to the sentence being served
PAGE_BUDGET = 1.5 * 2**20
SVG_BUDGET = 100 * 2**10
_EXEC_FENCE_RE = re.compile(r"^([ \t]*(?:`{3,}|~{3,})[ \t]*(?:python|py))[ \t]+[^\n]*\bexec=\"1\"[^\n]*$", re.M)
_HITS_RE = re.compile(r"ridgedoc cache: (\d+) hits, (\d+) misses")


# ---------------------------------------------------------------- projects


def copy_project(dest: Path, *, static: bool, only_notebook: bool, theme_only: bool = False, scale: int = 1) -> Path:
    """A copy of the project; returns its mkdocs.yml.

    ``theme_only``: static, and the ridgedoc plugin removed (the other plugins stay):
    the floor our plugin's cost is measured against. ``scale``: each chapter page
    (``docs/chapter/*.md`` but its index) appears ``scale`` times in the navigation;
    a copy gets its own figure names and equation numbers, so its blocks really run.
    """
    ignore = shutil.ignore_patterns("__pycache__", ".cache")
    for name in ("overrides", "ridgedoc") if only_notebook else ("overrides", "docs", "ridgedoc"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if only_notebook:  # the notebook, the site's own CSS and JS, nothing else
        for sub in ("javascripts", "stylesheets"):
            shutil.copytree(ROOT / "docs" / sub, dest / "docs" / sub)
        (dest / "docs" / NOTEBOOK).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / NOTEBOOK, dest / "docs" / NOTEBOOK)
        config = re.sub(r"^nav:\n(?:[ -].*\n?)*", f"nav:\n  - {NOTEBOOK}\n", config, flags=re.M)
    if scale > 1:
        config = _scale(dest, config, scale)
    if static or theme_only:  # every executed fence becomes a plain code fence; the notebook is not executed
        for page in (dest / "docs").rglob("*.md"):
            page.write_text(_EXEC_FENCE_RE.sub(r"\1", page.read_text(encoding="utf-8")), encoding="utf-8")
    if theme_only:
        config, n = re.subn(r"^  - ridgedoc:\n(?:      .*\n)+", "", config, flags=re.M)
        assert n == 1, "mkdocs.yml: the ridgedoc plugin's options not found"
    elif static:
        config, n = re.subn(r"^(  - ridgedoc:\n)", r"\1      execute_notebooks: false\n", config, flags=re.M)
        assert n == 1, "mkdocs.yml: the ridgedoc plugin's options not found"
    path = dest / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _scale(dest: Path, config: str, scale: int) -> str:
    """Copies 2..scale of every chapter page, listed after the originals in the navigation."""
    chapter = dest / "docs" / "chapter"
    pages = sorted(p for p in chapter.glob("*.md") if p.name != "index.md")
    entries = []
    for k in range(2, scale + 1):
        for page in pages:
            text = page.read_text(encoding="utf-8")
            text = re.sub(r'name="([^"]+)"', rf'name="\1-x{k}"', text)  # figure names are site-unique
            text = re.sub(r"\\tag\{([0-9.]+)\}", rf"\\tag{{\1.{k}}}", text)  # so are equation numbers
            # a comment under each executed fence's header: the copy's blocks have keys of their own
            text = _EXEC_FENCE_RE.sub(lambda m, k=k: m[0] + "\n" + _indent(m[0]) + f"# copy {k}", text)
            copy = chapter / f"{page.stem}-x{k}.md"
            copy.write_text(text, encoding="utf-8")
            entries.append(f"      - chapter/{copy.name}\n")
    anchor = "      - chapter/in-practice.md\n"
    assert anchor in config, "mkdocs.yml: the last chapter page is not where the bench expects it"
    return config.replace(anchor, anchor + "".join(entries))


def build(config: Path, site: Path, *, cache: Path | None, strict: bool = True) -> tuple[float, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "PYTHONPATH": str(config.parent),  # the notebook kernel imports the copied ridgedoc
        "COLUMNS": "0",
        "RIDGEDOC_CACHE": "1" if cache else "0",
        "RIDGEDOC_CACHE_DIR": str(cache or ""),
    }
    cmd = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=config.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    match = _HITS_RE.search(proc.stderr)
    return elapsed, f"{match[1]}/{match[2]}" if match else "-"


class Scenario:
    def __init__(self, name, label, config, *, cache=None, fresh_cache=False, before=None, baseline="static"):
        self.name, self.label, self.config, self.cache = name, label, config, cache
        self.fresh_cache, self.before, self.baseline = fresh_cache, before, baseline
        self.times: list[float] = []
        self.counts: set[str] = set()

    def run(self, work: Path, i: int) -> None:
        if self.fresh_cache:
            shutil.rmtree(self.cache, ignore_errors=True)
        if self.before:
            self.before(self.config.parent, i)
        # the notebook alone links 식 (7.x) to pages its copy does not have: not strict
        elapsed, counts = build(self.config, work / "sites" / self.name, cache=self.cache,
                                strict=not self.name.startswith("nb-"))
        self.times.append(elapsed)
        self.counts.add(counts)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _page_count(config: Path) -> int:
    return len(list((config.parent / "docs").rglob("*.md"))) + len(list((config.parent / "docs").rglob("*.ipynb")))


def edit_prose(proj: Path, i: int) -> None:
    page = proj / PROSE_PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n벤치마크 문장 {i}.\n", encoding="utf-8")


def edit_ridgedoc(proj: Path, i: int) -> None:
    path = proj / RIDGEDOC_FILE
    path.write_text(path.read_text(encoding="utf-8") + f"\n# benchmark edit {i}\n", encoding="utf-8")


# ---------------------------------------------------------------- mkdocs serve, as an author sees it


def _get(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def serve_latency(config: Path, cache: Path, *, dirty: bool, edits: int) -> list[float]:
    """Seconds from saving a sentence into a page to ``mkdocs serve`` serving it, per edit.

    The server runs as an author runs it (``scripts/serve.sh``: the build cache on);
    the page is polled every 20 ms after the save, as a browser's live reload would
    show it, until the new sentence is in the served HTML.
    """
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(config.parent), "COLUMNS": "0",
           "RIDGEDOC_CACHE": "1", "RIDGEDOC_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}",
           *(["--dirty"] if dirty else [])]
    log = open(config.parent / f"serve-{'dirty' if dirty else 'full'}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    page_url = f"http://127.0.0.1:{port}/{PROSE_URL}"
    out = []
    try:
        deadline = time.monotonic() + 600
        while _get(page_url) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not start: see {log.name}")
            time.sleep(0.2)
        time.sleep(2)  # let the first build's watchers settle
        page = config.parent / PROSE_PAGE
        for i in range(edits):
            sentence = f"서버 측정 문장 {i} {time.time_ns()}."
            text = page.read_text(encoding="utf-8")
            start = time.perf_counter()
            page.write_text(text + f"\n{sentence}\n", encoding="utf-8")
            while sentence not in (_get(page_url) or ""):
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"the edit did not show within 120 s: see {log.name}")
                time.sleep(0.02)
            out.append(time.perf_counter() - start)
            time.sleep(1.5)  # the next save is a new edit, not part of this rebuild
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return out


# ---------------------------------------------------------------- bytes per page


def _local(site: Path, base: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("#", "data:")):
        return None
    path = (base / unquote(parts.path)).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() and path.is_relative_to(site.resolve()) else None


_TAG_RE = re.compile(r"<(script|img|link|source|iframe|video|audio)\b([^>]*)>", re.I)
_ATTR_RE = re.compile(r'\b(src|href|rel)="([^"]*)"', re.I)
_CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
_LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


def _css_assets(site: Path, css: Path, seen: set[Path]) -> None:
    for m in _CSS_URL_RE.finditer(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(site, css.parent, m[1] or m[2])
        if target and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_assets(site, target, seen)


def page_weight(site: Path, page: Path) -> dict:
    """HTML, figures (<img> SVGs) and assets the page loads, in bytes, read from the files."""
    html = page.read_text(encoding="utf-8")
    figures, assets = set(), set()
    for tag, attrs in _TAG_RE.findall(html):
        a = {k.lower(): v for k, v in _ATTR_RE.findall(attrs)}
        if tag.lower() == "link" and not (_LOADING_RELS & set(a.get("rel", "").lower().split())):
            continue
        target = _local(site, page.parent, a.get("src") or a.get("href") or "")
        if target is None:
            continue
        (figures if "/figures/" in target.as_posix() else assets).add(target)
    for css in [p for p in assets if p.suffix == ".css"]:
        _css_assets(site, css, assets)
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    if config:  # Material's search worker fetches the index and lunr's language files
        cfg = json.loads(config[1])
        worker = _local(site, page.parent, cfg.get("search") or "")  # relative to the page
        if worker:
            assets |= {worker, site / "search" / "search_index.json"}
            lunr = site / "assets" / "javascripts" / "lunr"
            assets |= {lunr / "min" / "lunr.stemmer.support.min.js", lunr / "min" / "lunr.multi.min.js",
                       lunr / "min" / "lunr.ko.min.js"}
    entry = next((p for p in assets if p.name in ("startup.js", "tex-chtml.js") and "mathjax" in p.parts), None)
    if entry:  # every MathJax component the site serves (the loader fetches them), every font
        mathjax = entry.parent
        assets |= set(mathjax.rglob("*.js")) | set(mathjax.rglob("*.woff"))
    assets = {p for p in assets if p.is_file()}
    size = lambda paths: sum(p.stat().st_size for p in paths)  # noqa: E731
    return {"html": page.stat().st_size, "figures": size(figures), "assets": size(assets),
            "gzip": sum(_gzip_size(p) for p in {page, *figures, *assets})}


@functools.cache
def _gzip_size(path: Path) -> int:
    """Bytes on the wire from a server that compresses (gzip -6); PNG/WOFF are already compressed."""
    data = path.read_bytes()
    return len(data) if path.suffix in (".png", ".woff", ".woff2") else len(gzip.compress(data, 6))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_weights(site: Path, pages: list[str]) -> dict[str, int] | None:
    """Bytes the browser fetched for each page (HTML, assets, worker requests), or None."""
    chromium = os.environ.get("RIDGEDOC_CHROMIUM", "/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            for path in pages:
                context = browser.new_context(service_workers="block")
                done = []
                context.on("requestfinished", lambda request, done=done: done.append(request))
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
                page.wait_for_timeout(1500)  # MathJax fonts, the search index
                out[path] = sum(r.sizes()["responseBodySize"] for r in list(done) if r.url.startswith(base))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


# ---------------------------------------------------------------- report


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return (f"machine: {os.cpu_count()} cores (nproc), {cpu}; load average {os.getloadavg()[0]:.2f}\n"
            f"python {platform.python_version()}; {versions}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per scenario (median; at least 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--scale", type=int, default=5, help="also build with the chapter pages this many times (1: no)")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits timed under mkdocs serve (0: none)")
    parser.add_argument("--no-weights", action="store_true", help="skip the bytes-per-page table")
    args = parser.parse_args()
    print(machine(), flush=True)
    work = Path(tempfile.mkdtemp(prefix="ridgedoc-bench-"))
    try:
        run(work, args)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args) -> None:
    def project(name, **kw):
        return copy_project(work / name, **kw)

    full = dict(static=False, only_notebook=False)
    nb = dict(static=False, only_notebook=True)
    scenarios = [
        Scenario("theme", "theme only (no ridgedoc plugin, plain fences)",
                 project("theme", static=True, only_notebook=False, theme_only=True)),
        Scenario("static", "static-only build (execution off)", project("static", static=True, only_notebook=False)),
        Scenario("cold", "cold full build (empty cache)", project("cold", **full), cache=work / "cache-cold",
                 fresh_cache=True),
        Scenario("warm-prose", "warm rebuild after a prose edit", project("prose", **full), cache=work / "cache-prose",
                 before=edit_prose, baseline="theme"),
        Scenario("warm-ridgedoc", "warm rebuild after a ridgedoc edit", project("rd", **full),
                 cache=work / "cache-rd", before=edit_ridgedoc),
        Scenario("nb-static", "notebook page alone, static (execute: false)",
                 project("nb-static", static=True, only_notebook=True), baseline="nb-static"),
        Scenario("nb-cold", "notebook page alone, cold", project("nb-cold", **nb), cache=work / "cache-nb-cold",
                 fresh_cache=True, baseline="nb-static"),
        Scenario("nb-warm", "notebook page alone, warm", project("nb-warm", **nb), cache=work / "cache-nb-warm",
                 baseline="nb-static"),
    ]
    if args.scale > 1:
        x = args.scale
        big = dict(static=False, only_notebook=False, scale=x)
        scenarios += [
            Scenario(f"theme-x{x}", f"theme only, chapter pages x{x}",
                     project(f"theme-x{x}", static=True, only_notebook=False, theme_only=True, scale=x)),
            Scenario(f"cold-x{x}", f"cold full build, chapter pages x{x}", project(f"cold-x{x}", **big),
                     cache=work / f"cache-cold-x{x}", fresh_cache=True, baseline="cold"),
            Scenario(f"warm-prose-x{x}", f"warm after a prose edit, chapter pages x{x}", project(f"prose-x{x}", **big),
                     cache=work / f"cache-prose-x{x}", before=edit_prose, baseline="warm-prose"),
        ]
    for s in scenarios:  # fill the caches of the warm scenarios (not timed)
        if s.cache and not s.fresh_cache:
            build(s.config, work / "sites" / "prime", cache=s.cache, strict=not s.name.startswith("nb-"))
    runs = args.runs
    if runs < 5:
        print(f"note: --runs {runs} is a smoke test; the benchmark proper takes the median of at least 5")
    for i in range(runs):
        for s in scenarios:
            s.run(work, i)
        print(f"  round {i + 1}/{runs} done", file=sys.stderr, flush=True)
    by_name = {s.name: s for s in scenarios}
    print(f"\nbuild times: median of {runs} runs, wall clock of `mkdocs build --strict` (seconds)")
    print(f"{'scenario':<46} {'median':>7} {'min':>6} {'max':>6} {'ratio':>6} {'target':>7}  cache hits/misses")
    for s in scenarios:
        ratio = s.median / by_name[s.baseline].median
        target = TARGETS.get(s.name)
        mark = "" if target is None else f"<={target}x " + ("ok" if ratio <= target else "MISS")
        print(f"{s.label:<46} {s.median:7.2f} {min(s.times):6.2f} {max(s.times):6.2f} {ratio:5.2f}x {mark:>7}  "
              f"{', '.join(sorted(s.counts))}")
    print("ratio: to the static-only build of the same pages (warm-prose: to the theme-only build; the notebook")
    print("rows: to the notebook page static; the xN rows: to the same scenario with the pages once)")
    if args.scale > 1:
        n1 = _page_count(by_name["cold"].config)
        nx = _page_count(by_name[f"cold-x{args.scale}"].config)
        print(f"pages: {n1} and {nx} ({nx / n1:.2f}x): linear growth means an xN ratio <= {nx / n1:.2f}x")
        for name in ("cold", "warm-prose", "theme"):
            r = by_name[f"{name}-x{args.scale}"].median / by_name[name].median
            print(f"  {name:<11} x1 {by_name[name].median:6.2f} s  x{args.scale} "
                  f"{by_name[f'{name}-x{args.scale}'].median:6.2f} s  ratio {r:.2f}x "
                  + ("ok" if r <= nx / n1 else "MISS (more than linear)"))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")

    if args.serve_edits:
        print(f"\nmkdocs serve: seconds from saving a sentence in {PROSE_PAGE} to the served page showing it "
              f"(median of {args.serve_edits} edits; target <= {SERVE_TARGET} s)")
        for dirty in (False, True):
            proj = project(f"serve-{'dirty' if dirty else 'full'}", **full)
            times = serve_latency(proj, work / f"cache-serve-{dirty}", dirty=dirty, edits=args.serve_edits)
            med = statistics.median(times)
            print(f"  mkdocs serve{' --dirty' if dirty else '        '}  median {med:5.2f}  min {min(times):5.2f}  "
                  f"max {max(times):5.2f}  " + ("ok" if med <= SERVE_TARGET else "MISS"))
    if args.no_weights:
        return

    site = work / "sites" / "cold"
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    paths = [p.relative_to(site).as_posix().removesuffix("index.html") for p in pages]
    fetched = browser_weights(site, paths)
    print("\nbytes per page (KB). HTML; figures it shows; assets it loads, read from the files (upper bound:")
    print("every MathJax font); total; gzip = total if the server compresses; browser = fetched by Chromium")
    print(f"{'page':<28} {'HTML':>6} {'figures':>7} {'assets':>6} {'total':>6} {'gzip':>5} {'browser':>7}  <=1.5 MB")
    for page, path in zip(pages, paths, strict=True):
        w = page_weight(site, page)
        total = w["html"] + w["figures"] + w["assets"]
        measured = fetched.get(path) if fetched else None
        verdict = "ok" if (measured if measured is not None else total) <= PAGE_BUDGET else "OVER"
        browser = f"{measured / 1024:7.0f}" if measured is not None else f"{'-':>7}"
        print(f"{path or '(home)':<28} {w['html'] / 1024:6.0f} {w['figures'] / 1024:7.0f} {w['assets'] / 1024:6.0f} "
              f"{total / 1024:6.0f} {w['gzip'] / 1024:5.0f} {browser}  {verdict}")
    all_svgs = sorted((site / "figures").glob("*.svg"))
    big = max(all_svgs, key=lambda p: p.stat().st_size, default=None)
    if big:
        over = [p.name for p in all_svgs if p.stat().st_size > SVG_BUDGET]
        print(f"figure SVGs: {len(all_svgs)}, largest {big.name} {big.stat().st_size / 1024:.0f} KB; "
              f"over 100 KB: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
