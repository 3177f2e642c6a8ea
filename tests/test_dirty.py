"""``mkdocs serve --dirty``: a rebuild that renders only the saved page still numbers and links it right.

The builds run in this process through MkDocs' own API (``load_config``, the plugins'
``on_startup`` as ``mkdocs serve --dirty`` calls it, ``build(config, dirty=True)``), on a
small project with two pages, a glossary and the real theme; the blocks run in workers.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import make_project

pytestmark = pytest.mark.build

FIGURE = '''```python exec="1" html="1" id="{name}"
from ridgedoc import figures
fig, ax = figures.subplots()
ax.plot([0, 1], [0, {n}])
print(figures.publish(fig, name="{name}", alt="직선 하나", caption="직선"))
```
'''
FIRST = "# 첫 페이지\n\n처음 문단입니다.\n\n" + FIGURE.format(name="first-fig", n=1) + (
    "\n\\[\nw = 1 \\tag{7.1}\n\\]\n")
SECOND = ("# 둘째 페이지\n\n식 (7.1)을 다시 봅니다.\n\n" + FIGURE.format(name="second-fig", n=2)
          )
GLOSSARY = ("# 용어집\n\n| 한국어 | 영어 | 다른 이름 | 한 줄 뜻 |\n|---|---|---|---|\n"
            "| 고윳값 | eigenvalue | 고유값 | 고유벡터가 늘어나는 배율 |\n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    config = make_project(tmp_path / "proj", {"first.md": FIRST, "second.md": SECOND, "glossary.md": GLOSSARY})
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("RIDGEDOC_CACHE", "1")
    monkeypatch.setenv("RIDGEDOC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    return config


def serve_builds(config_file: Path, site: Path):
    """A builder as ``mkdocs serve --dirty`` has one: the same plugin instances rebuild each time."""
    started = {}

    def rebuild():
        config = load_config(config_file=str(config_file), site_dir=str(site))
        if not started:
            config.plugins.on_startup(command="serve", dirty=True)
            started["yes"] = True
        build(config, dirty=True)
        return config

    return rebuild


def _touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5  # newer than the page's output, whatever the file system's clock resolution
    os.utime(path, (later, later))


def test_dirty_rebuild_renders_the_saved_page_with_the_numbers_and_links_of_a_full_build(project, tmp_path, caplog):
    """The second build renders second.md only; its figure is still 그림 R2 (first.md, not rendered,
    shows R1), its 식 (7.1) still points at first.md's anchor, and search keeps the glossary's names."""
    site = tmp_path / "site"
    rebuild = serve_builds(project, site)
    rebuild()
    first_before = (site / "first" / "index.html").read_bytes()
    second = project.parent / "docs" / "second.md"
    _touch_later(second, SECOND.replace("다시 봅니다.", "다시 봅니다. 새로 쓴 문장입니다."))
    caplog.clear()
    rebuild()
    out = (site / "second" / "index.html").read_text(encoding="utf-8")
    assert "새로 쓴 문장입니다." in out
    assert (site / "first" / "index.html").read_bytes() == first_before  # not rendered again
    assert re.search(r'data-figure="second-fig">그림 R2\.</a>', out), out
    assert '<a class="rd-eqref" href="../first/#eq-7-1">식 (7.1)</a>을 다시 봅니다' in out
    names = json.loads((site / "search" / "search_ko.json").read_text(encoding="utf-8"))["names"]
    assert "고유값" in names, names
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "WARNING") and "ridgedoc" in r.getMessage()]


def test_dirty_rebuild_renders_again_a_page_whose_blocks_ran_again(project, tmp_path):
    """A block that runs again (here its cache entry is gone, as after an edit of ridgedoc) makes its
    page stale: the --dirty rebuild renders it although its source did not change."""
    import shutil

    site = tmp_path / "site"
    rebuild = serve_builds(project, site)
    rebuild()
    page = site / "first" / "index.html"
    stamp = page.stat().st_mtime_ns
    shutil.rmtree(tmp_path / "cache")  # every block is a miss now
    rebuild()
    assert page.stat().st_mtime_ns != stamp
    assert 'data-figure="first-fig">그림 R1.</a>' in page.read_text(encoding="utf-8")
