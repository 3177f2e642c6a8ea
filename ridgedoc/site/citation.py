"""What the "이 페이지 인용하기" box and the printed page address show (the template draws them).

The box itself is ``overrides/partials/rd-cite.html`` in the theme's ``custom_dir``;
this module only works out its fields. The date is the page's last commit, from
mkdocs-git-revision-date-localized-plugin (``page.meta``), or today's date for a page
that git does not know yet.
"""

from __future__ import annotations

import datetime
import re

__all__ = ["bibtex_key", "cite_fields"]

DATE_META = "git_revision_date_localized_raw_iso_date"


def bibtex_key(page_url: str) -> str:
    """``ridgedoc-chapter-eigen`` for ``chapter/eigen/``; ``ridgedoc-home`` for the home page."""
    return "ridgedoc-" + (re.sub(r"[^a-z0-9]+", "-", page_url.lower()).strip("-") or "home")


def cite_fields(*, title: str, page_url: str, site_url: str | None, site_name: str, meta: dict) -> dict:
    """The citation box's fields for one page.

    ``url`` is ``site_url`` + ``page_url`` when the site has a published address
    (``RIDGEDOC_SITE_URL``), else ``None``: the page is a local preview, and the box and
    the printed address show ``path`` (the page's path inside the site) instead of an
    address nobody can open.
    """
    date = str(meta.get(DATE_META) or datetime.date.today().isoformat())
    base = (site_url or "").strip()
    if base and not base.endswith("/"):
        base += "/"
    return {
        "title": title,
        "url": base + page_url if base else None,
        "path": "/" + page_url,
        "date": date,
        "year": date[:4],
        "site": site_name,
        "key": bibtex_key(page_url),
        "author": "ridgedoc 스터디",
    }
