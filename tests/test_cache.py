"""The build cache (``ridgedoc/site/cache.py``, ``blocks.py``): what re-runs after which edit.

Every test builds a small copy of the site (``make_project`` plus a copy of
``ridgedoc``, which the build and its workers import from the project folder through
``PYTHONPATH``) with the cache turned on in a folder of its own. A module fixture
builds it cold once; each test starts from a copy of that project and warm cache,
changes one thing and builds again. The plugin logs
``ridgedoc cache: hit|miss|replay <page> <block>`` per block; the tests read those lines.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import commit_all, make_project
from tests.sitecheck import ROOT, build_site

pytestmark = pytest.mark.build

INDEX = """# 홈

첫 문단입니다.

```python exec="1" id="plain"
print(6 * 7)
```
"""

# Three blocks of one session (the third uses what the second set up) and one
# independent figure block.
FIGS = """# 그림

세션 블록들입니다.

```python exec="1" session="s" id="s-setup"
import ridgedoc as rd

H, w_star = rd.make_problem()
```

```python exec="1" session="s" id="s-scale"
scale = 2
```

```python exec="1" session="s" id="s-use" result="text"
print("scaled", scale * 10)
```

독립된 그림 블록입니다.

```python exec="1" html="1" id="fig"
from ridgedoc import figures

fig, ax = figures.subplots(figsize=(3, 2))
ax.plot([0, 1], [0, 1])
print(figures.publish(fig, name="cache-test", alt="대각선 하나", caption="캐시 시험 그림"))
```
"""

ALL_BLOCKS = {
    ("index.md", "plain"),
    ("figs.md", "s-setup"),
    ("figs.md", "s-scale"),
    ("figs.md", "s-use"),
    ("figs.md", "fig"),
    ("nb.ipynb", "(notebook)"),
}
_LINE_RE = re.compile(r"ridgedoc cache: (hit|miss|replay) (\S+) (\S+)")
_SUMMARY_RE = re.compile(r"ridgedoc cache: (\d+) hits, (\d+) misses, (\d+) replayed; (\d+) block jobs; notebooks: (.*)")


def _notebook() -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 노트북\n\n짧은 노트북입니다."),
        nbformat.v4.new_code_cell("import ridgedoc\nprint(ridgedoc.make_problem()[0].shape)"),
    ]
    return nbformat.writes(nb)


def _make(dest: Path) -> Path:
    return _make_small(dest, {"index.md": INDEX, "figs.md": FIGS, "nb.ipynb": _notebook()})


def _make_small(dest: Path, pages: dict[str, str]) -> Path:
    config = make_project(dest, pages)
    shutil.copytree(ROOT / "ridgedoc", dest / "ridgedoc", ignore=shutil.ignore_patterns("__pycache__"))
    commit_all(dest)
    return config


class Build:
    """One finished build: its log, hits, misses and replays as sets of (page, block)."""

    def __init__(self, proc, site: Path):
        self.proc, self.site = proc, site
        self.log = proc.stdout + proc.stderr
        self.events: dict[str, set] = {"hit": set(), "miss": set(), "replay": set()}
        for kind, page, block in _LINE_RE.findall(self.log):
            self.events[kind].add((page, block))
        self.summary = _SUMMARY_RE.search(self.log)

    @property
    def hits(self):
        return self.events["hit"]

    @property
    def misses(self):
        return self.events["miss"]


def _env(config: Path, cache: Path, **env) -> dict[str, str]:
    return {
        "RIDGEDOC_CACHE": "1",
        "RIDGEDOC_CACHE_DIR": str(cache),
        "PYTHONPATH": str(config.parent),  # the notebook's kernel imports the same ridgedoc copy
        "COLUMNS": "0",  # no wrapped log lines
        **env,
    }


def _build(config: Path, site: Path, cache: Path, **env) -> Build:
    proc = build_site(site, config=config, env=_env(config, cache, **env))
    return Build(proc, site)


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith("sitemap.xml")
    }


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """The project built once with an empty cache: (project folder, cache folder, build)."""
    base = tmp_path_factory.mktemp("cache-cold")
    config = _make(base / "proj")
    build = _build(config, base / "site", base / "cache")
    assert build.proc.returncode == 0, build.log
    return base / "proj", base / "cache", build


@pytest.fixture
def warm(cold, tmp_path):
    """A private copy of the cold-built project and its filled cache: (mkdocs.yml, cache)."""
    proj, cache, _ = cold
    shutil.copytree(proj, tmp_path / "proj")
    shutil.copytree(cache, tmp_path / "cache")
    return tmp_path / "proj" / "mkdocs.yml", tmp_path / "cache"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _entries(cache: Path) -> dict:
    """The store's entries: key -> stored value (the plugin stores (sha256, pickle))."""
    import diskcache

    with diskcache.Cache(str(cache)) as store:
        return {key: pickle.loads(store[key][1]) for key in store.iterkeys()}  # noqa: S301


def _figure_entry(cache: Path) -> str:
    return next(k for k, v in _entries(cache).items() if isinstance(v, dict) and v.get("figures"))


def test_cold_build_runs_and_stores_every_block(cold):
    """An empty cache: every block and the notebook are misses, and each gets an entry."""
    _, cache, build = cold
    assert build.misses == ALL_BLOCKS and not build.hits
    assert build.summary and build.summary.group(1, 2) == ("0", str(len(ALL_BLOCKS) - 1))
    assert len(_entries(cache)) == len(ALL_BLOCKS)


def test_unchanged_rebuild_hits_everything_and_starts_no_worker(cold, warm, tmp_path):
    """Nothing changed: every block is a hit, no worker starts, the site is identical."""
    config, cache = warm
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert build.hits == ALL_BLOCKS and not build.misses and not build.events["replay"]
    assert build.summary[4] == "0" and build.summary[5] == "nb.ipynb hit", build.log
    assert _digest(build.site) == _digest(cold[2].site)


def test_prose_edit_reruns_no_block(warm, tmp_path):
    """Editing prose on both pages re-runs no block and no notebook."""
    config, cache = warm
    _edit(config.parent / "docs" / "index.md", "첫 문단입니다.", "고친 첫 문단입니다.")
    _edit(config.parent / "docs" / "figs.md", "세션 블록들입니다.", "세션 블록들을 고쳤습니다.")
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert not build.misses and build.hits == ALL_BLOCKS
    assert "고친 첫 문단입니다." in (build.site / "index.html").read_text(encoding="utf-8")


def test_block_edit_reruns_only_that_block(warm, tmp_path):
    """Editing the independent figure block re-runs it alone; its new figure is published."""
    config, cache = warm
    _edit(config.parent / "docs" / "figs.md", "ax.plot([0, 1], [0, 1])", "ax.plot([0, 1], [1, 0])")
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert build.misses == {("figs.md", "fig")}
    assert build.hits == ALL_BLOCKS - build.misses
    assert not build.events["replay"]
    assert (build.site / "figures" / "cache-test.svg").is_file()


def test_session_block_edit_reruns_it_and_later_blocks_after_replaying_earlier_ones(warm, tmp_path):
    """Editing block 2 of a session re-runs blocks 2 and 3; block 1 is replayed to rebuild the globals."""
    config, cache = warm
    _edit(config.parent / "docs" / "figs.md", "scale = 2", "scale = 3")
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert build.misses == {("figs.md", "s-scale"), ("figs.md", "s-use")}
    assert build.events["replay"] == {("figs.md", "s-setup")}
    assert "scaled 30" in (build.site / "figs" / "index.html").read_text(encoding="utf-8")


def test_ridgedoc_edit_reruns_its_dependents(warm, tmp_path):
    """Editing ridgedoc re-runs every block that uses it and the notebook, not the plain block."""
    config, cache = warm
    source = config.parent / "ridgedoc" / "quadratic.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited by test_cache\n", encoding="utf-8")
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert build.hits == {("index.md", "plain")}
    assert build.misses == ALL_BLOCKS - build.hits


def test_ridgedoc_data_file_edit_reruns_its_dependents(warm, tmp_path):
    """A data file shipped in ridgedoc is part of its hash (a blank line at the end of the CSV)."""
    config, cache = warm
    data = config.parent / "ridgedoc" / "datasets" / "longley.csv"
    data.write_bytes(data.read_bytes() + b"\n")
    build = _build(config, tmp_path / "site", cache)
    assert ("nb.ipynb", "(notebook)") in build.misses and ("index.md", "plain") in build.hits


def test_cache_size_is_bounded(warm, tmp_path):
    """Past RIDGEDOC_CACHE_MAX_MB the least recently used entries are evicted at the end of the build."""
    config, cache = warm
    import diskcache

    limit = 0.06 * 2**20  # an empty store is 32 KB; the entries add about 48 KB
    build = _build(config, tmp_path / "site", cache, RIDGEDOC_CACHE_MAX_MB="0.06")
    assert build.proc.returncode == 0, build.log
    assert build.hits == ALL_BLOCKS
    assert re.search(r"ridgedoc cache: evicted \d+ least recently used entries", build.log), build.log
    with diskcache.Cache(str(cache)) as store:
        assert store.volume() <= limit, store.volume()
    assert len(_entries(cache)) < len(ALL_BLOCKS)


def test_damaged_entry_is_detected_and_rebuilt(cold, warm, tmp_path):
    """An entry whose bytes changed fails its checksum: reported, run again, stored again."""
    import diskcache

    config, cache = warm
    key = _figure_entry(cache)
    with diskcache.Cache(str(cache)) as store:
        digest, payload = store[key]
        store[key] = (digest, payload[:-200] + bytes([payload[-200] ^ 0xFF]) + payload[-199:])
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert re.search(r"ridgedoc cache: bad entry .*checksum mismatch", build.log), build.log
    assert build.misses == {("figs.md", "fig")}
    assert _digest(build.site) == _digest(cold[2].site)
    again = _build(config, tmp_path / "site2", cache)
    assert not again.misses, "the rebuilt entry should be trusted by the next build"


def test_damaged_store_is_started_afresh(warm, tmp_path):
    """A store whose database is garbage (a full disk, a killed writer) is rebuilt, not a crash."""
    config, cache = warm
    (cache / "cache.db").write_bytes(b"this is not sqlite" * 100)
    build = _build(config, tmp_path / "site", cache)
    assert build.proc.returncode == 0, build.log
    assert "starting it afresh" in build.log
    assert build.misses == ALL_BLOCKS
    assert len(_entries(cache)) == len(ALL_BLOCKS)


def test_failing_block_is_never_cached(tmp_path):
    """A raising block fails the strict build every time: it is a miss again, with no entry."""
    page = '# 실패\n\n```python exec="1" id="boom"\nraise RuntimeError("planted failure")\n```\n'
    config = make_project(tmp_path / "proj", {"index.md": page})
    cache = tmp_path / "cache"
    for run in ("first", "second"):
        build = _build(config, tmp_path / f"site-{run}", cache)
        assert build.proc.returncode != 0, build.log
        assert build.misses == {("index.md", "boom")} and not build.hits, build.log
    assert not _entries(cache)


def test_cache_is_off_under_pytest_and_with_env_zero(tmp_path):
    """Tests and CI build cold: RIDGEDOC_CACHE=0, or unset under pytest, runs everything, stores nothing."""
    config = make_project(tmp_path / "proj", {"index.md": INDEX})
    cache = tmp_path / "cache"
    for value, reason in (("0", "RIDGEDOC_CACHE=0"), ("", "running under pytest|CI is set")):
        build = _build(config, tmp_path / f"site{value}", cache, RIDGEDOC_CACHE=value)
        assert build.proc.returncode == 0, build.log
        assert re.search(rf"ridgedoc cache: off \(({reason})", build.log), build.log
        assert not build.hits and not build.misses
        assert "42" in (build.site / "index.html").read_text(encoding="utf-8")
    assert not cache.exists()


def test_figure_entry_holds_svg_and_png(cold):
    """The figure block's entry keeps the figure's SVG and PNG bytes and its texts."""
    _, cache, _ = cold
    value = _entries(cache)[_figure_entry(cache)]
    (fig,) = value["figures"]
    assert fig["name"] == "cache-test" and fig["alt"] == "대각선 하나"
    svg, png = base64.b64decode(fig["svg"]), base64.b64decode(fig["png"])
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_real_site_cached_build_equals_cold_build(clean_rebuild, tmp_path):
    """The real site built warm from the cache is byte-identical to its cold build.

    The cold build is the run's second clean build of the real site (conftest ``clean_rebuild``,
    cache on in a folder of its own); the warm build copies that cache, so the shared one is untouched.
    """
    proc, cold_site, shared_cache = clean_rebuild
    cache = tmp_path / "cache"
    shutil.copytree(shared_cache, cache)
    config = ROOT / "mkdocs.yml"
    cold = Build(proc, cold_site)
    assert cold.proc.returncode == 0, cold.log
    assert cold.misses and not cold.hits, cold.log
    assert "not found ahead of rendering" not in cold.log, "the scan missed a block of the real site"
    warm = _build(config, tmp_path / "warm", cache)
    assert warm.proc.returncode == 0, warm.log
    assert warm.hits == cold.misses and not warm.misses, warm.log
    assert warm.summary[4] == "0", warm.log
    assert _digest(warm.site) == _digest(cold.site)


SERVE_LIKE = """
import logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

proj = Path(sys.argv[1])
logging.basicConfig(level=logging.INFO, format="%(message)s")
for i in range(2):
    config = load_config(str(proj / "mkdocs.yml"), site_dir=str(proj / f"site{i}"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    init = proj / "ridgedoc" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"', '__version__ = "9.9.9"'))
"""


@pytest.mark.parametrize("cache_on", ["1", "0"])
def test_serve_rebuild_runs_the_edited_ridgedoc(tmp_path, cache_on):
    """Two builds in one process (as `mkdocs serve`), cache on and off: after a ridgedoc edit the
    blocks run the new code (each build starts fresh workers)."""
    page = '# 판\n\n```python exec="1" id="version"\nimport ridgedoc\nprint("version", ridgedoc.__version__)\n```\n'
    config = _make_small(tmp_path / "proj", {"index.md": page})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **_env(config, tmp_path / "cache"), "RIDGEDOC_CACHE": cache_on}
    proc = subprocess.run([sys.executable, "-c", SERVE_LIKE, str(config.parent)], cwd=config.parent, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "version 0.1.0" in (config.parent / "site0" / "index.html").read_text(encoding="utf-8")
    assert "version 9.9.9" in (config.parent / "site1" / "index.html").read_text(encoding="utf-8")
    if cache_on == "1":
        fresh = _build(config, tmp_path / "site", tmp_path / "cache")  # a new process trusts the entry
        assert fresh.hits == {("index.md", "version")}
        assert "version 9.9.9" in (fresh.site / "index.html").read_text(encoding="utf-8")
