"""The strict build: the real site builds; each planted fault fails it and names the page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import make_project
from tests.sitecheck import build_command, build_in_process, build_site

pytestmark = pytest.mark.build

HOME = "# 홈\n\n[문제 쪽](faulty.md)\n"

FIGURE_BLOCK = '''
```python exec="1" html="1"
from ridgedoc import figures
fig, ax = figures.subplots()
ax.plot([0, 1], [0, 1])
ax.set_title({title!r})
print(figures.publish(fig, name="planted", alt="대각선 하나", caption="심은 그림"))
```
'''

FAULTS = {
    "raising block": (
        '# 잘못된 블록\n\n```python exec="1"\nraise RuntimeError("planted failure")\n```\n',
        r"(?m)^ERROR .*faulty\.md #1 failed: RuntimeError: planted failure$",
    ),
    "reference to no equation": (
        "# 잘못된 식 번호\n\n식 (7.99)에서 보듯이 그렇습니다.\n",
        r"faulty\.md: 식 \(7\.99\) refers to no equation",
    ),
    "TeX error": (
        "# 잘못된 수식\n\n\\[\n\\frac{1}{\n\\]\n",
        r"faulty\.md: TeX error",
    ),
    "undefined TeX macro": (
        "# 모르는 명령\n\n본문 \\(\\notamacro x\\) 입니다.\n",
        r"faulty\.md: TeX error .*notamacro",
    ),
    "missing glyph (Hangul inside mathtext)": (
        "# 글리프\n" + FIGURE_BLOCK.format(title="$x$ 축"),
        r"(?m)^ERROR .*faulty\.md #1 failed: MissingGlyphError",
    ),
    "broken link": (
        "# 링크\n\n[없는 쪽](nope.md)\n",
        r"faulty\.md.*nope\.md",
    ),
    "broken anchor": (
        "# 앵커\n\n[없는 절](#없는-절)\n",
        r"faulty\.md.*없는-절",
    ),
    "same figure name twice": (
        "# 두 번\n" + FIGURE_BLOCK.format(title="하나") + FIGURE_BLOCK.format(title="둘"),
        r"(?m)^ERROR .*faulty\.md #2: figure name 'planted' is already used by faulty\.md",
    ),
    "figure without alt text": (
        '# 그림\n\n```python exec="1" html="1"\nfrom ridgedoc import figures\n'
        'fig, ax = figures.subplots()\nprint(figures.publish(fig, name="noalt", alt="  ", caption="x"))\n```\n',
        r"(?m)^ERROR .*faulty\.md #1 failed: ValueError: alt must describe",
    ),
    # The ways a block can end badly: each fails the strict build by itself, with the page,
    # the block id and the reason in one ERROR line (and never exit status 0).
    "sys.exit": (
        '# 종료\n\n```python exec="1" id="quits"\nimport sys\nsys.exit(3)\n```\n',
        r"(?m)^ERROR .*faulty\.md quits failed: the block called sys\.exit\(3\)$",
    ),
    "KeyboardInterrupt": (
        '# 중단\n\n```python exec="1" id="interrupts"\nraise KeyboardInterrupt\n```\n',
        r"(?m)^ERROR .*faulty\.md interrupts failed: the block raised KeyboardInterrupt$",
    ),
    "os._exit(0)": (
        '# 끝\n\n```python exec="1" id="exits"\nimport os\nos._exit(0)\n```\n\n'
        '```python exec="1" id="after"\nprint(1)\n```\n',
        r"(?m)^ERROR .*faulty\.md exits failed: the worker process ended while the block ran \(exit status 0",
    ),
    "interpreter crash": (
        '# 충돌\n\n```python exec="1" id="crashes"\nimport ctypes\nctypes.string_at(0)\n```\n',
        r"(?m)^ERROR .*faulty\.md crashes failed: the worker process ended while the block ran \(killed by signal SIGSEGV",
    ),
    "time limit": (
        '# 무한\n\n```python exec="1" id="loops" timeout="2"\nimport time\nwhile True:\n    time.sleep(0.1)\n```\n',
        r"(?m)^ERROR .*faulty\.md loops failed: the block ran longer than its time limit of 2 s and was stopped$",
    ),
    "too much output": (
        '# 출력\n\n```python exec="1" id="floods"\nprint("x" * 3_000_000)\n```\n',
        r"(?m)^ERROR .*faulty\.md floods failed: the block printed 3000001 bytes, more than the limit of 1048576 bytes",
    ),
    "warning from a block": (
        '# 경고\n\n```python exec="1" id="warns"\nimport warnings\nwarnings.warn("planted")\n```\n',
        r"(?m)^WARNING .*faulty\.md warns: warning from the block: UserWarning: planted",
    ),
    "fence header without exec": (
        '# 머리\n\n```python id="a"\nprint(1)\n```\n\n## 뒤의 제목\n',
        r'(?m)^ERROR .*faulty\.md: a ```python fence has id= but no exec="1"',
    ),
    "literal Markdown fence": (
        '# 글자\n\n```python foo="1"\nprint(1)\n```\n',
        r"""(?m)^ERROR .*faulty\.md: a Markdown fence was read as inline code: '```python foo="1"'""",
    ),
}


def test_real_site_builds_strict(built_site):
    """The real site builds with --strict and has every page and its figures."""
    assert (built_site / "index.html").is_file()
    html = (built_site / "chapter" / "weight-decay" / "index.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<img src="([^"]+\.svg)"', html)
    assert srcs, "the weight-decay page should show at least one figure"
    for src in srcs:
        assert (built_site / "chapter" / "weight-decay" / src).resolve().is_file(), src


def test_math_is_rendered_at_build_time_and_katex_is_served_from_the_site(built_site):
    """No page loads a math script or names MathJax; KaTeX's stylesheet and every font it names are
    files of the site, linked only from pages that show math; no page names a CDN."""
    css = built_site / "assets" / "katex" / "katex.min.css"
    fonts = re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8"))
    assert len(fonts) == 20 and all(f.endswith(".woff2") for f in fonts)
    for font in fonts:
        assert (css.parent / font).stat().st_size > 1_000, font
    assert not (built_site / "assets" / "mathjax").exists()
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(built_site).as_posix()
        for tag in re.findall(r"<(?:script|link)\b[^>]*>(?:[^<]*</script>)?", text):
            assert "mathjax" not in tag.lower(), f"{name} loads MathJax: {tag[:120]}"
        has_math = 'class="arithmatex"' in text
        assert has_math == ("assets/katex/katex.min.css" in text), f"{name}: math {has_math}, stylesheet not so"
        if has_math:
            assert 'class="katex"' in text, name
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            if 'rel="canonical"' in tag:  # names the page's own address, loads nothing
                continue
            host = re.search(r'(?:src|href)="(?:https?:)?//([^"/]+)', tag)
            assert host is None, f"{page.relative_to(built_site)} loads from {host[1]}: {tag}"


def test_figure_files_are_small(built_site):
    """Every figure SVG is at most 100 KB (the page-weight budget of the benchmark)."""
    svgs = sorted((built_site / "figures").glob("*.svg"))
    assert svgs
    big = [f"{p.name}: {p.stat().st_size} bytes" for p in svgs if p.stat().st_size > 100_000]
    assert not big, big


def test_figures_have_alt_and_stable_files(built_site):
    """Every published figure has non-empty alt text, a caption number, and SVG + PNG files."""
    figures = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<figure class="rd-figure" id="fig-([a-z0-9-]+)"><img src="([^"]+)" alt="([^"]*)"', text):
            figures += 1
            name, src, alt = m.groups()
            assert alt.strip(), f"{page}: figure {name} has empty alt"
            assert (page.parent / src).resolve() == (built_site / "figures" / f"{name}.svg").resolve()
            assert (built_site / "figures" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figures >= 1


# One strict build per family of faults: each fault is its own page, <folder>/faulty.md, so the
# log names it apart from the others. The blocks that end badly are one family (they are what
# the worker processes and their exit statuses are about), the faults of the pages another; the
# two faults that publish a figure named "planted" are in different families.
FAMILIES = {
    "block endings": ["raising block", "missing glyph (Hangul inside mathtext)", "figure without alt text", "sys.exit",
                      "KeyboardInterrupt", "os._exit(0)", "interpreter crash", "time limit", "too much output",
                      "warning from a block"],
    "pages": ["reference to no equation", "TeX error", "undefined TeX macro", "broken link", "broken anchor",
              "same figure name twice", "fence header without exec", "literal Markdown fence"],
}


# A fault whose pattern names the page twice ("... is already used by faulty.md") keeps the page at the top.
AT_THE_TOP = {"same figure name twice"}


def _page(fault: str) -> str:
    return "faulty.md" if fault in AT_THE_TOP else re.sub(r"[^a-z0-9]+", "-", fault.lower()).strip("-") + "/faulty.md"


def _lines_of(page: str, log: str) -> str:
    """The log lines that name ``page`` (``faulty.md`` does not name ``x/faulty.md``)."""
    return "\n".join(line for line in log.splitlines() if re.search(rf"(?<![\w/.-]){re.escape(page)}", line))


def test_every_fault_is_in_one_family():
    assert sorted(f for faults in FAMILIES.values() for f in faults) == sorted(FAULTS)


@pytest.fixture(scope="module")
def family_builds(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """Each family's project built once with `mkdocs build --strict`: family -> (exit status, log)."""
    out = {}
    for family, faults in FAMILIES.items():
        root = tmp_path_factory.mktemp("faults")
        home = "# 홈\n\n" + "".join(f"- [문제 쪽]({_page(f)})\n" for f in faults)
        pages = {"index.md": home, **{_page(f): FAULTS[f][0] for f in faults}}
        assert len(pages) == len(faults) + 1, "two faults of a family on one page"
        config = make_project(root / "proj", pages)
        proc = build_site(root / "site", config=config)
        out[family] = proc.returncode, proc.stdout + proc.stderr
    return out


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_planted_fault_fails_strict_build_and_names_page(family_builds, fault):
    """A planted fault makes `mkdocs build --strict` fail, and the log names the page.

    The fault shares its build with its family, so its own lines are those naming its page, and
    the line that matches is a WARNING or ERROR line: one such line fails a strict build by itself.
    """
    text, pattern = FAULTS[fault]
    family = next(name for name, faults in FAMILIES.items() if fault in faults)
    returncode, full_log = family_builds[family]
    log = _lines_of(_page(fault), full_log)
    assert returncode != 0, f"{fault}: strict build passed:\n{full_log}"
    match = re.search(pattern, log)
    assert match, f"{fault}: log does not match {pattern!r}:\n{full_log}"
    line = log[log.rfind("\n", 0, match.start()) + 1:]
    assert line.startswith(("ERROR ", "WARNING ")), f"{fault}: the matching line is not a warning or error: {line}"


def test_control_project_builds(tmp_path):
    """The planted-fault project without a fault builds: the failures above come from the faults."""
    good = "# 좋은 쪽\n\n수식 \\(\\boldsymbol w^\\ast\\) 입니다.\n" + FIGURE_BLOCK.format(title="축 제목")
    config = make_project(tmp_path / "proj", {"index.md": HOME, "faulty.md": good})
    proc = build_in_process(tmp_path / "site", config=config)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_failing_block_ships_no_traceback(tmp_path):
    """Without --strict the build finishes, but the page shows a notice, not the traceback."""
    import subprocess

    text, _ = FAULTS["raising block"]
    config = make_project(tmp_path / "proj", {"index.md": HOME, "faulty.md": text})
    site = tmp_path / "site"
    proc = subprocess.run(build_command(site, config=config, strict=False), capture_output=True, text=True, cwd=config.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "faulty" / "index.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "planted failure" not in page
    assert "빌드 중에 실패했습니다" in page
    assert "planted failure" in proc.stderr + proc.stdout  # the log keeps the details


def _digest(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.name.startswith("sitemap.xml"):
            out[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_two_clean_builds_are_byte_identical(built_site, clean_rebuild):
    """A second clean build gives the same bytes for every file (sitemap dates aside).

    The second build (conftest ``clean_rebuild``, shared with tests/test_cache.py) stores its
    results in an empty cache; the first runs without a cache, as CI does.
    """
    proc, again, _ = clean_rebuild
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, second = _digest(built_site), _digest(again)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files differ between two clean builds: {differ[:10]}"


def test_block_writes_go_to_a_scratch_folder(tmp_path):
    """A block's relative writes land in its scratch folder: nothing appears in the project or docs/."""
    page = ('# 쓰기\n\n```python exec="1" id="writes"\nimport os\n'
            'with open("written-by-block.txt", "w") as f:\n    f.write("x")\n'
            'os.makedirs("docs", exist_ok=True)\nwith open("docs/x.md", "w") as f:\n    f.write("# 새 페이지")\n'
            'print(os.path.isfile("written-by-block.txt"))\n```\n')
    config = make_project(tmp_path / "proj", {"index.md": HOME, "faulty.md": page})
    before = sorted(p.relative_to(config.parent) for p in config.parent.rglob("*"))
    proc = build_in_process(tmp_path / "site", config=config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "True" in (tmp_path / "site" / "faulty" / "index.html").read_text(encoding="utf-8")
    after = sorted(p.relative_to(config.parent) for p in config.parent.rglob("*"))
    assert after == before, set(after) ^ set(before)


SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


def test_serve_shows_the_traceback_in_the_page(tmp_path):
    """Under `mkdocs serve` the author sees the failing block's traceback in the page."""
    import os
    import subprocess
    import sys

    text, _ = FAULTS["raising block"]
    config = make_project(tmp_path / "proj", {"index.md": HOME, "faulty.md": text})
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RIDGEDOC_CACHE": "0"}
    proc = subprocess.run([sys.executable, "-c", SERVE_BUILD, str(config), str(site)], cwd=config.parent,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "faulty" / "index.html").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in page and "planted failure" in page
    assert "faulty.md #1: RuntimeError: planted failure" in page
