"""Run one executed block of a page (found by its ``id``) and return what it prints.

Tests use this to check the numbers a page shows against independent computations: the
code is the page's own, so a change to the page that changes its numbers is tested too.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

_FENCE = re.compile(r'^(?P<indent>[ \t]*)```python exec="1"[^\n]*\bid="(?P<id>[^"]+)"[^\n]*\n', re.M)


def block_source(page: str, block_id: str) -> str:
    """The code of the block ``id=block_id`` in ``docs/<page>``, dedented."""
    text = (DOCS / page).read_text(encoding="utf-8")
    for match in _FENCE.finditer(text):
        if match.group("id") != block_id:
            continue
        indent = match.group("indent")
        end = text.index(f"\n{indent}```", match.end() - 1)
        return textwrap.dedent(text[match.end():end + 1])
    raise KeyError(f"no block id={block_id!r} in {page}")


def run_block(page: str, block_id: str) -> str:
    """Execute the block in a fresh namespace and return its standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block_source(page, block_id), f"{page}#{block_id}", "exec"), {"__name__": "__page__"})
    return out.getvalue()


def numbers(text: str) -> list[float]:
    """Every decimal number in ``text``, in order (``1.2e-05``, ``-3``, ``0.43``)."""
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]
