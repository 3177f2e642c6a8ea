"""Shared fixtures: one strict build of the real site per test run, served locally; one Chromium per process.

The run's builds of the real site are shared by every test and, under pytest-xdist (``-n 2``,
``scripts/test.sh``), by every worker: the first worker to ask builds, under a file lock in a
folder the controller made for the run; the others wait for it and read the same files.

Tiers (``scripts/test.sh --fast``): a test is ``slow`` when it is marked ``browser`` or ``build``,
or asks for a fixture that builds the real site or opens Chromium. ``--fast`` runs
``-m "not slow"`` with ``RIDGEDOC_TEST_TIER=fast``, under which building a site or opening a
browser raises (so an unmarked slow test fails instead of slowing the fast tier down).
In the full run a skipped test is an error of the setup, reported as a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.sitecheck import ROOT, _SharedBrowser, build_command, build_env, serve

# Fixtures that build the real site or open Chromium: a test that asks for one is slow.
SLOW_FIXTURES = {"built_site", "site_url", "clean_rebuild", "chromium"}


# ---------------------------------------------------------------- run-wide folder, tiers, skips


def pytest_configure(config):
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # an xdist worker: the controller made the folder
        config.ridgedoc_shared = Path(workerinput["ridgedoc_shared"])
        config.ridgedoc_owner = False
    else:
        config.ridgedoc_shared = Path(tempfile.mkdtemp(prefix="ridgedoc-tests-"))
        config.ridgedoc_owner = True
    config.addinivalue_line("markers", "slow: builds a site or opens Chromium (left out by scripts/test.sh --fast)")
    _SharedBrowser.enabled = True


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: hand the run's shared folder to each worker."""
    node.workerinput["ridgedoc_shared"] = str(node.config.ridgedoc_shared)


def pytest_unconfigure(config):
    _SharedBrowser.stop()
    if getattr(config, "ridgedoc_owner", False):
        shutil.rmtree(config.ridgedoc_shared, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("build") or SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip is never a pass: in the full run (not ``RIDGEDOC_TEST_TIER=fast``) it fails."""
    report = yield
    if report.skipped and os.environ.get("RIDGEDOC_TEST_TIER") != "fast" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in the full run, which is a setup error: {reason}"
    return report


# ---------------------------------------------------------------- builds shared by the run


class SharedBuild:
    """``mkdocs build`` of the real site, run once per test run whichever process asks first.

    The build runs as a subprocess of the asking process, under a file lock in the run's shared
    folder; its site, log and exit status stay there for every process of the run.
    """

    def __init__(self, shared: Path, name: str, env: dict[str, str] | None = None):
        self.dir = shared / name
        self.site = self.dir / "site"
        self.env = env or {}

    def result(self) -> subprocess.CompletedProcess:
        from filelock import FileLock

        self.dir.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.dir) + ".lock"):
            done = self.dir / "returncode"
            if not done.exists():
                shutil.rmtree(self.dir, ignore_errors=True)
                self.dir.mkdir(parents=True)
                proc = subprocess.run(build_command(self.site), cwd=ROOT, capture_output=True, text=True,
                                      env=build_env(self.env))
                (self.dir / "stdout").write_text(proc.stdout, encoding="utf-8")
                (self.dir / "stderr").write_text(proc.stderr, encoding="utf-8")
                done.write_text(str(proc.returncode), encoding="utf-8")
        return subprocess.CompletedProcess(
            build_command(self.site), int(done.read_text(encoding="utf-8")),
            (self.dir / "stdout").read_text(encoding="utf-8"), (self.dir / "stderr").read_text(encoding="utf-8"),
        )


@pytest.fixture(scope="session")
def built_site(request) -> Path:
    """The real site, built once per run with ``mkdocs build --strict``, cold (the build must pass)."""
    build = SharedBuild(request.config.ridgedoc_shared, "real-site")
    proc = build.result()
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return build.site


@pytest.fixture(scope="session")
def clean_rebuild(request) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """A second clean build of the real site, cold, with the build cache on in a folder of its own.

    Shared by tests/test_build.py (two clean builds are byte-identical) and tests/test_cache.py
    (a warm build from this cache equals this cold build). Returns (process, site, cache folder).
    """
    shared = request.config.ridgedoc_shared
    cache = shared / "clean-rebuild-cache"
    # PYTHONPATH as tests/test_cache.py's builds set it: it is part of every block's cache key
    env = {"RIDGEDOC_CACHE": "1", "RIDGEDOC_CACHE_DIR": str(cache), "COLUMNS": "0", "PYTHONPATH": str(ROOT)}
    build = SharedBuild(shared, "clean-rebuild", env)
    return build.result(), build.site, cache


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """The session's one Chromium (tests/sitecheck.py ``browser()`` hands out the same one)."""
    from tests.sitecheck import browser

    with browser() as b:
        yield b


# ---------------------------------------------------------------- small projects


def make_project(dest: Path, pages: dict[str, str]) -> Path:
    """A copy of the site's config, theme overrides and assets with only ``pages`` as content.

    Returns the path of the copied ``mkdocs.yml``; its nav lists ``pages`` in order.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    docs = dest / "docs"
    for sub in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / sub, docs / sub)
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = "nav:\n" + "".join(f"  - {name}\n" for name in pages)
    config = re.sub(r"^nav:\n(?:[ -].*\n?)*", nav, config, flags=re.M)
    path = dest / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    commit_all(dest)
    return path


def commit_all(folder: Path) -> None:
    """Make ``folder`` a git repository with one commit at a fixed date.

    The citation box takes each page's date from git (mkdocs-git-revision-date-localized);
    outside git it would fall back to the build time, and two builds would differ.
    """
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@localhost",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@localhost"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "test project"]):
        subprocess.run(cmd, cwd=folder, env=env, check=True, capture_output=True)
