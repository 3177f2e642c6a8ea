"""The same site everywhere: what serve and the Pages workflow build is what the tests build.

The test venv (requirements-test.txt) has more packages than the one ``scripts/serve.sh``
and ``.github/workflows/pages.yml`` use (requirements.txt only), and some packages change
the output just by being importable: mkdocstrings-python formats the API page's long
signatures with Black, else Ruff, else not at all (requirements.txt pins Black and says
why). One test builds the site from a fresh venv made with requirements.txt alone and
compares every file with the test build, byte for byte; another checks in Chromium that
the signatures that formatting produces fit a 390 px phone.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitecheck import ROOT, PageVisit, browser

FORMATTERS = "import importlib.util as u; print(*(m for m in ('black', 'ruff') if u.find_spec(m)))"


def _formatters(python: Path | str) -> str:
    """Which of mkdocstrings' formatters ``python`` can import (for the failure message)."""
    out = subprocess.run([str(python), "-c", FORMATTERS], capture_output=True, text=True, check=True)
    return out.stdout.strip() or "none"


def _normalized(path: Path) -> bytes:
    """A file's bytes; the sitemap without <lastmod> (the build date: two builds may straddle midnight)."""
    data = path.read_bytes()
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if path.name.startswith("sitemap.xml"):
        data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)
    return data


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def requirements_venv(tmp_path_factory) -> Path:
    """A fresh venv with ``pip install -r requirements.txt`` and nothing else (pip's cache makes it quick)."""
    venv = tmp_path_factory.mktemp("requirements-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run(  # from ROOT: the file's "-e ." is this checkout
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert pip.returncode == 0, f"pip install -r requirements.txt failed:\n{pip.stdout}\n{pip.stderr}"
    return python


@pytest.mark.build
def test_requirements_venv_builds_the_tested_site(built_site, requirements_venv, tmp_path):
    """``mkdocs build --strict`` in a venv made from requirements.txt alone writes the same files, with
    the same bytes, as the test build (the sitemap's build dates aside)."""
    dest = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(NO_MKDOCS_2_WARNING="1", RIDGEDOC_CACHE="0",  # as tests.sitecheck.build_site builds the test site
               PATH=f"{requirements_venv.parent}{os.pathsep}{env.get('PATH', '')}")
    proc = subprocess.run([str(requirements_venv), "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, f"the requirements.txt venv's build failed:\n{proc.stdout}\n{proc.stderr}"

    tested, published = _files(built_site), _files(dest)
    assert sorted(tested) == sorted(published), (
        f"only in the test build: {sorted(set(tested) - set(published))}; "
        f"only in the requirements.txt build: {sorted(set(published) - set(tested))}")
    differ = [name for name in tested if _normalized(tested[name]) != _normalized(published[name])]
    print(f"compared {len(tested)} files; formatters importable: test venv {_formatters(sys.executable)}, "
          f"requirements.txt venv {_formatters(requirements_venv)}")
    assert not differ, (
        f"{len(differ)} files differ between the test build and the requirements.txt build: {differ[:10]}. "
        f"Formatters importable (mkdocstrings-python tries black, then ruff): test venv "
        f"{_formatters(sys.executable)}, requirements.txt venv {_formatters(requirements_venv)}")
    assert "api/index.html" in tested


@pytest.mark.browser
def test_api_signatures_fit_a_phone(site_url):
    """At 390 px no signature's code box scrolls sideways (line_length in mkdocs.yml keeps them narrow),
    and the long ones are really formatted over several lines."""
    with browser() as b:
        visit = PageVisit(b, site_url, "api/", width=390, height=844)
        try:
            boxes = visit.page.evaluate("""() => [...document.querySelectorAll('.doc-signature code')].map(c =>
                [c.scrollWidth - c.clientWidth, c.textContent.split('\\n').length, c.textContent.slice(0, 60)])""")
        finally:
            visit.context.close()
    wide = [(over, text) for over, _, text in boxes if over > 0]
    multiline = sum(1 for _, lines, _ in boxes if lines > 2)
    print(f"{len(boxes)} signatures, {multiline} over several lines, {len(wide)} wider than the phone")
    assert len(boxes) > 50, len(boxes)
    assert not wide, f"{len(wide)} signatures scroll sideways at 390 px (px too wide, start): {wide[:8]}"
    assert multiline > 20, multiline
