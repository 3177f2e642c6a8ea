"""Shared fixtures: one strict build of the real site per test session, served locally."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.sitecheck import ROOT, build_site, serve


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with ``mkdocs build --strict`` (the build must pass)."""
    dest = tmp_path_factory.mktemp("site") / "site"
    proc = build_site(dest)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return dest


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


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
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@localhost",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@localhost"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "test project"]):
        subprocess.run(cmd, cwd=folder, env=env, check=True, capture_output=True)
