"""What the "이 페이지 인용하기" box and the printed page address show (the template draws them).

The box itself is ``overrides/partials/rd-cite.html`` in the theme's ``custom_dir``;
this module only works out its fields. The date is the page's last commit, from
mkdocs-git-revision-date-localized-plugin (``page.meta``), or the build's date for a page
that git does not know yet.

The build's date is ``SOURCE_DATE_EPOCH`` when that is set (reproducible builds,
https://reproducible-builds.org/specs/source-date-epoch/), else today, in UTC: MkDocs'
own ``get_build_date``, which also dates its sitemap. The git plugin's fallback does not
read ``SOURCE_DATE_EPOCH`` (it takes ``time.time()``), so :func:`pin_fallback_dates`
puts it into the fields that fallback wrote.
"""

from __future__ import annotations

import os
import re

from mkdocs.utils import get_build_date

__all__ = ["bibtex_key", "build_date", "cite_fields", "pin_fallback_dates"]

DATE_META = "git_revision_date_localized_raw_iso_date"
# The dates mkdocs-git-revision-date-localized puts in page.meta: <prefix>, <prefix>_hash,
# <prefix>_tag and <prefix>_raw_<type> for each type (date, iso_date, ...).
GIT_DATES = ("git_revision_date_localized", "git_site_revision_date_localized", "git_creation_date_localized")


def build_date() -> str:
    """``YYYY-MM-DD`` (UTC) of ``SOURCE_DATE_EPOCH`` when it is set, else of today."""
    return get_build_date()


def pin_fallback_dates(meta: dict, git_plugin) -> None:
    """Where the git date plugin found no commit, date the page by ``SOURCE_DATE_EPOCH``.

    With ``fallback_to_build_date`` the plugin dates a page git does not know (not yet
    committed, or a copy outside git) by the clock, and leaves ``<prefix>_hash`` empty.
    When ``SOURCE_DATE_EPOCH`` is set, its fields are written again from that moment,
    with the plugin's own formatter, so the page (Material's "마지막 업데이트", the
    citation box, the handout cover) shows the same date on every build. A page with a
    commit keeps the commit's date.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or git_plugin is None:
        return
    locale = meta.get("locale") or git_plugin.config.get("locale") or "en"
    kind = git_plugin.config["type"]
    for prefix in GIT_DATES:
        if prefix not in meta or meta.get(f"{prefix}_hash"):
            continue
        shown = git_plugin.util.get_date_formats_for_timestamp(int(epoch), locale=locale, add_spans=True)
        meta[prefix] = shown[kind] + (shown["iso_date"] if kind == "timeago" else "")  # as the plugin does
        for date_type, text in git_plugin.util.get_date_formats_for_timestamp(
                int(epoch), locale=locale, add_spans=False).items():
            meta[f"{prefix}_raw_{date_type}"] = text


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
    date = str(meta.get(DATE_META) or build_date())
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
