"""Valid HTML: the Nu HTML Checker finds no error in the markup we produce (tests/htmlcheck.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import htmlcheck
from tests.conftest import make_project
from tests.sitecheck import build_site

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site_messages(built_site) -> tuple[list[Path], list[dict]]:
    """Every HTML file of the real site and what the checker says about them (one JVM run)."""
    files = sorted(built_site.rglob("*.html"))
    return files, htmlcheck.check(files)


def test_every_page_of_the_site_is_valid_html(built_site, site_messages):
    """No checker error on any built page, apart from the allow-listed theme markup."""
    files, messages = site_messages
    assert any(f.name == "index.html" and f.parent == built_site for f in files) and len(files) >= 10
    failures = htmlcheck.gate(messages, built_site)
    assert not failures, f"{len(failures)} HTML error(s) in the built site:\n" + "\n".join(failures)


def test_every_allowed_error_is_still_seen(site_messages):
    """Each allow-list entry matches an error of the real site: an entry the theme no longer needs is removed."""
    _, messages = site_messages
    unused = [a.reason for a in htmlcheck.ALLOWED if not any(a.matches(m) for m in messages)]
    assert not unused, f"allow-list entries that match nothing (remove them): {unused}"


def test_allow_list_does_not_hide_our_markup_of_the_same_kind():
    """An error with an allowed message but on other markup than the theme's is still a failure."""
    theme = {
        "type": "error", "url": "file:/s/a.html", "lastLine": 7, "hiliteStart": 0,
        "message": htmlcheck.ALLOWED[0].message,
        "extract": '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
    }
    theme["hiliteLength"] = len(theme["extract"])
    ours = {**theme, "extract": '<input class="rd-toggle" type="checkbox" id="__drawer" autocomplete="off">'}
    ours["hiliteLength"] = len(ours["extract"])
    label = {**theme, "message": htmlcheck.ALLOWED[1].message, "extract": '<label class="md-nav__title" for="rd-x">'}
    label["hiliteLength"] = len(label["extract"])
    lines = htmlcheck.gate([theme, ours, label], Path("/s"))
    assert lines == [f"a.html:7: {theme['message']} [{ours['extract']}]",
                     f"a.html:7: {label['message']} [{label['extract']}]"]


TABBED_FIGURE = '''
```python exec="1" html="1" source="tabbed-right" tabs="코드|그림"
from ridgedoc import figures
fig, ax = figures.subplots()
ax.plot([0, 1], [0, 1])
print(figures.publish(fig, name="valid-tabbed", alt="대각선 하나", caption="탭 안의 그림"))
```
'''

INVALID_OUTPUT = '''
```python exec="1" html="1" id="bad-markup"
print('<p>설명 <div class="rd-note">상자</div> 끝</p>')
print('<figure class="rd-note" class="twice"><figcaption>두 번 쓴 속성</figcaption></figure>')
```
'''


def test_planted_invalid_block_output_fails_the_gate(tmp_path):
    """A block that prints a <div> inside a <p> and a duplicate attribute fails the gate, naming page and line.

    The same project's tabbed figure block (whose output markdown-exec puts in a
    paragraph) and its home page pass: the failures come from the planted output.
    """
    config = make_project(tmp_path / "proj", {
        "index.md": "# 홈\n\n[그림 페이지](faulty.md)\n",
        "faulty.md": "# 그림과 잘못된 출력\n" + TABBED_FIGURE + "\n문단 하나.\n" + INVALID_OUTPUT,
    })
    site = tmp_path / "site"
    proc = build_site(site, config=config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = site / "faulty" / "index.html"
    messages = htmlcheck.check([site / "index.html", page])
    failures = htmlcheck.gate(messages, site)
    text = page.read_text(encoding="utf-8")
    stray = text.index("</p>", text.index("rd-note"))
    stray_line = text.count("\n", 0, stray) + 1
    assert f"faulty/index.html:{stray_line}: No “p” element in scope but a “p” end tag seen. [</p>]" in failures, failures
    assert any(line.startswith("faulty/index.html:") and "Duplicate attribute “class”." in line for line in failures), failures
    assert len(failures) == 2, failures  # nothing from the tabbed figure, the home page or the theme
    assert 'id="fig-valid-tabbed"' in text  # the figure was there to be checked
