"""Links to pages in what a block printed.

MkDocs turns ``[text](other.md#part)`` in a page into the URL of that page, but a
block's printed Markdown is rendered by markdown-exec's own converter, after MkDocs'
link handling, so such a link would reach readers as ``other.md``. Here they are
resolved the same way, through MkDocs' public ``Files`` and ``File.url_relative_to``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from . import htmlscan

__all__ = ["resolve_page_links"]


def resolve_page_links(output: str, page_file, files) -> tuple[str, list[str]]:
    """Point ``href="x.md#y"`` links at the page's URL; return the output and problems."""
    doc = htmlscan.scan(output)
    replacements, problems = [], []
    for el in doc.find("a", attr="href"):
        href = el.attrs.get("href") or ""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file.src_uri), unquote(parts.path)))
        found = files.get_file_from_path(target)
        if found is None:
            problems.append(f"a link to {href!r}, which is not a page of the site")
            continue
        url = found.url_relative_to(page_file) + (f"#{parts.fragment}" if parts.fragment else "")
        attrs = {**el.attrs, "href": url}
        replacements.append((el.start, el.inner_start, f"<a{htmlscan.attrs_html(attrs)}>"))
    return htmlscan.splice(output, replacements), problems
