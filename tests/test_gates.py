"""The gates catch what they are for: a planted fault of each kind fails exactly its gate.

One small project holds a clean page and one page per fault. It is built WITHOUT
--strict (the strict build would stop at some of these faults first; that is tested
in test_build.py), so the faults reach the browser and the gates must find them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import gates
from tests.conftest import make_project
from tests.sitecheck import serve

pytestmark = pytest.mark.browser

CLEAN = """# 깨끗한 쪽

수식 \\(\\boldsymbol w^\\ast\\) 와 번호 붙은 식:

\\[
\\tilde{\\boldsymbol w}=(\\boldsymbol H+\\alpha\\boldsymbol I)^{-1}\\boldsymbol H\\boldsymbol w^\\ast
\\tag{7.10}
\\]

식 (7.10)을 보세요. [외부 링크가 아닌 내부 링크](ext.md).

| 열 | 값 |
| --- | --- |
| 가 | 1 |

```python exec="1" html="1"
from ridgedoc import figures
fig, ax = figures.subplots(figsize=(4, 3))
ax.plot([0, 1], [0, 1])
ax.set_title("대각선")
print(figures.publish(fig, name="clean-line", alt="왼쪽 아래에서 오른쪽 위로 가는 직선", caption="직선 하나"))
```
"""

# page -> (markdown, the gate that must fail)
FAULTS = {
    "ext.md": ('# 외부 스크립트\n\n<script src="https://cdn.example.com/lib.js"></script>\n\n본문.\n', "offline"),
    "anchor.md": ('# 깨진 앵커\n\n<a href="#없는-곳">없는 곳으로</a>\n', "links"),
    "tex.md": ("# TeX 오류\n\n\\[\n\\frac{1}{2\n\\]\n", "math"),
    "noalt.md": ('# 대체 텍스트 없는 그림\n\n<img src="../dot.svg">\n', "images"),
    "wide.md": (
        '# 넓은 표\n\n<table class="planted-wide"><tr><td style="min-width: 900px">아주 넓은 칸</td></tr></table>\n',
        "phone width",
    ),
}

DOT_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>'


def _page_of(line: str) -> str:
    head = line.split(" [", 1)[0].split(": ", 1)[0]
    return head.removesuffix("index.html") or "/"


@pytest.fixture(scope="module")
def gate_results(tmp_path_factory):
    root = tmp_path_factory.mktemp("gates")
    pages = {"index.md": CLEAN, **{name: text for name, (text, _) in FAULTS.items()}}
    config = make_project(root / "proj", pages)
    (config.parent / "docs" / "dot.svg").write_text(DOT_SVG, encoding="utf-8")
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, cwd=config.parent, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with serve(site) as url:
        records = gates.collect(site, url)
    results = gates.all_gates(records, site)
    by_page: dict[str, set[str]] = {}
    for gate, lines in results.items():
        for line in lines:
            by_page.setdefault(_page_of(line), set()).add(gate)
    return results, by_page


def test_clean_page_passes_every_gate(gate_results):
    """The page without a fault fails no gate (so the gates are not simply always red)."""
    results, by_page = gate_results
    assert "/" not in by_page, "\n".join(line for ls in results.values() for line in ls if _page_of(line) == "/")


@pytest.mark.parametrize("page", sorted(FAULTS))
def test_planted_fault_fails_exactly_its_gate(gate_results, page):
    """A planted fault fails the gate made for it, and no other gate."""
    results, by_page = gate_results
    expected = FAULTS[page][1]
    got = by_page.get(page.removesuffix(".md") + "/", set())
    assert got == {expected}, f"{page}: expected only {expected!r}, got {sorted(got)}:\n" + "\n".join(
        line for ls in results.values() for line in ls if _page_of(line) == page.removesuffix(".md") + "/"
    )
