"""Builds of one commit on two different days are byte for byte the same (``SOURCE_DATE_EPOCH``).

Every date a page shows comes from git, except where nothing in git dates it: then the
build's date is ``SOURCE_DATE_EPOCH`` when it is set (ridgedoc/site/citation.py). The
project here has the three ways a page meets the clock:

- ``index.md`` is committed: its date is the commit's, whatever the clock and the epoch;
- ``new.md`` is written after the commit: mkdocs-git-revision-date-localized falls back
  to the clock (``fallback_to_build_date``), and the ridgedoc plugin replaces that with
  the epoch (``citation.pin_fallback_dates``);
- ``excluded.md`` is excluded from the git plugin: the citation box's own fallback
  (``citation.build_date``) dates it;

plus the handout, whose cover shows the newest of those dates, and MkDocs' sitemap, whose
``<lastmod>`` and gzip header are MkDocs' build date (it reads ``SOURCE_DATE_EPOCH`` itself).

How the clock is changed: Debian's ``faketime`` (libfaketime, ``LD_PRELOAD``) makes
``time()``, ``gettimeofday()`` and ``clock_gettime(CLOCK_REALTIME)`` return another date for
the build and every process it starts (worker processes, git), so "today" is really
another day for Python's ``time.time()``, ``datetime.now()`` and ``date.today()`` alike,
which a different ``SOURCE_DATE_EPOCH`` alone would not show, and a patch inside Python
would not reach the child processes. The monotonic clocks stay real
(``FAKETIME_DONT_FAKE_MONOTONIC=1``) so that the time limits and waits behave as usual.
The project has no notebook: under libfaketime the Jupyter kernel stalls on its first cell
(nbclient's time limit ends it), so that path is left to the real site's own double build
(tests/test_build.py). The two fake days are years apart and after the epoch, so a date that leaks from the
clock shows both as a difference and as a date in a year that no page mentions.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_project

pytestmark = pytest.mark.build

FAKETIME = shutil.which("faketime")
COMMIT_DATE = "2026-01-02"  # tests.conftest.commit_all commits at 2026-01-02T03:04:05Z
EPOCH = 1772600767  # 2026-03-04T05:06:07Z: after the commit, so it is the handout's newest date
EPOCH_DATE = "2026-03-04"
CLOCKS = ("2031-05-06 07:08:09", "2033-10-11 12:13:14")  # the two build days (faketime's "@" start times)

PAGES = {
    "index.md": "# 홈\n\n[새 페이지](new.md), [제외된 페이지](excluded.md), [인쇄용](handout.md)\n",
    "excluded.md": "# 제외된 페이지\n\ngit 날짜 플러그인이 보지 않는 페이지입니다.\n",
    "handout.md": "---\ntitle: 인쇄용 전체 보기\nhandout: true\nsearch:\n  exclude: true\n---\n\n# 인쇄본\n",
}
NEW_PAGE = "# 새 페이지\n\n아직 커밋하지 않은 페이지입니다.\n"


def _project(tmp_path: Path) -> Path:
    config = make_project(tmp_path / "project", PAGES)  # a git repository, everything committed
    (config.parent / "docs" / "new.md").write_text(NEW_PAGE, encoding="utf-8")  # not committed
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(  - git-revision-date-localized:.*\n)", r"\1      exclude: [excluded.md]\n", text)
    assert n == 1, "mkdocs.yml has no '  - git-revision-date-localized:' plugin entry to add exclude: to"
    text, n = re.subn(r"(?m)^nav:\n", "nav:\n  - new.md\n", text)
    assert n == 1
    text += "not_in_nav: |\n  /handout.md\n" if "not_in_nav:" not in text else ""
    config.write_text(text, encoding="utf-8")
    return config


def _run_faked(clock: str, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` on the day ``clock`` with ``SOURCE_DATE_EPOCH`` set (see the module docstring)."""
    assert FAKETIME, "faketime is needed to change the build's clock (scripts/test.sh installs Debian's faketime)"
    env = {**os.environ, "FAKETIME_DONT_FAKE_MONOTONIC": "1", "SOURCE_DATE_EPOCH": str(EPOCH), **kwargs.pop("env", {})}
    return subprocess.run([FAKETIME, "-f", f"@{clock}", *cmd], env=env, capture_output=True, text=True,
                          check=False, **kwargs)


def _build(dest: Path, config: Path, clock: str) -> subprocess.CompletedProcess:
    """``tests.sitecheck.build_site``'s command (strict, never -q, cold), on the day ``clock``."""
    return _run_faked(clock, [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest), "-f", str(config)],
                      cwd=config.parent, env={"NO_MKDOCS_2_WARNING": "1", "RIDGEDOC_CACHE": "0"})


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_faketime_changes_today_for_python():
    """The method works: under faketime, Python's today and time.time() are the fake day."""
    proc = _run_faked(CLOCKS[0], [sys.executable, "-c",
                                  "import datetime, time; print(datetime.date.today(), "
                                  "datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).date())"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [CLOCKS[0][:10]] * 2, f"faketime did not change the clock: {proc.stdout!r}"


def test_two_build_days_give_the_same_site(tmp_path):
    """Same commit, same SOURCE_DATE_EPOCH, clocks years apart: every file is the same byte for byte,
    the pages git does not date show the epoch's day, the committed page its commit's day,
    and no date of a fake clock appears anywhere."""
    config = _project(tmp_path)
    sites = []
    for i, clock in enumerate(CLOCKS):
        dest = tmp_path / f"site-{i}"
        proc = _build(dest, config, clock)
        assert proc.returncode == 0, f"build on {clock} failed:\n{proc.stdout}\n{proc.stderr}"
        sites.append(_files(dest))

    first, second = sites
    assert first.keys() == second.keys(), f"different files: {sorted(first.keys() ^ second.keys())}"
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files differ between builds on {CLOCKS[0]} and {CLOCKS[1]}: {differ}"

    def page(name: str) -> str:
        return first[name].decode("utf-8")

    for name, day in [("new/index.html", EPOCH_DATE), ("excluded/index.html", EPOCH_DATE),
                      ("index.html", COMMIT_DATE)]:
        assert f"마지막 수정: {day}" in page(name), f"{name}: the citation box does not show {day}"
    assert f">{EPOCH_DATE}</span>" in page("new/index.html"), "new.md: Material's 마지막 업데이트 is not the epoch's day"
    assert f"기준일: <time datetime=\"{EPOCH_DATE}\">" in page("handout/index.html"), \
        "the handout cover does not show the newest date (the epoch's, for new.md)"
    assert f"<lastmod>{EPOCH_DATE}</lastmod>" in page("sitemap.xml")
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]

    # a date in the fake years, as ISO (2031-05-06) or Korean (2031년 5월 6일) text
    fake = re.compile("(?:" + "|".join(c[:4] for c in CLOCKS) + r")(?:-\d\d-\d\d|년)")
    leaked = {name: fake.findall(data.decode("utf-8")) for name, data in first.items()
              if name.endswith((".html", ".xml", ".json")) and fake.search(data.decode("utf-8"))}
    assert not leaked, f"a date of the fake clock appears: {leaked}"


def test_citation_fallback_is_the_epoch(monkeypatch):
    """Without a git date the citation box dates the page by SOURCE_DATE_EPOCH (UTC); a git date wins."""
    from ridgedoc.site import citation

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    fields = dict(title="T", page_url="p/", site_url=None, site_name="S")
    assert citation.cite_fields(**fields, meta={})["date"] == EPOCH_DATE
    assert citation.cite_fields(**fields, meta={citation.DATE_META: COMMIT_DATE})["date"] == COMMIT_DATE
