"""Heading anchors of the built site, compared with the committed list tests/anchors.json.

Readers link to headings from their notes, so an anchor must not change silently.
After renaming a heading on purpose, update the list (and add a redirect in
mkdocs.yml's ``redirects`` plugin when a page URL changes):

    .venv/bin/python -m tests.anchors update
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from tests.sitecheck import ROOT, build_site

ANCHORS_FILE = Path(__file__).with_name("anchors.json")
_HEADING_RE = re.compile(r'<h([1-6])[^>]*\sid="([^"]+)"')


def site_anchors(site: Path) -> dict[str, list[str]]:
    """{page path: heading ids in order} for every page of a built site."""
    out = {}
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        text = page.read_text(encoding="utf-8")
        article = text.split('<article', 1)[-1].split("</article>", 1)[0]
        out["/" if rel == "." else rel + "/"] = [m[2] for m in _HEADING_RE.finditer(article)]
    return out


def main(argv: list[str]) -> int:
    if argv != ["update"]:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        proc = build_site(Path(tmp) / "site")
        if proc.returncode:
            print(proc.stdout + proc.stderr)
            return 1
        anchors = site_anchors(Path(tmp) / "site")
    ANCHORS_FILE.write_text(json.dumps(anchors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {ANCHORS_FILE.relative_to(ROOT)}: {sum(map(len, anchors.values()))} anchors on {len(anchors)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
