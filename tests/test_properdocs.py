"""The stack's exit path: the site builds byte-identically under ProperDocs, the MkDocs 1.x fork."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitecheck import ROOT

pytestmark = pytest.mark.build

_GENERATOR_RE = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.name.startswith("sitemap.xml"):
            data = path.read_bytes()
            if path.suffix == ".html":
                data = _GENERATOR_RE.sub(b"", data)
            out[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def test_properdocs_builds_the_same_site(built_site, tmp_path):
    """`properdocs build --strict` gives the same files as `mkdocs build --strict`, generator line aside."""
    exe = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert exe, "properdocs is pinned in requirements-test.txt"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RIDGEDOC_CACHE": "0"}
    proc = subprocess.run([exe, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in html, "the build should come from ProperDocs"
    ours, theirs = _files(built_site), _files(tmp_path / "site")
    assert ours.keys() == theirs.keys(), set(ours) ^ set(theirs)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, f"files differ between MkDocs and ProperDocs: {differ[:10]}"
