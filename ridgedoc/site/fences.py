"""Executed fences: find them in a page's Markdown before rendering, and read their options.

The plugin reads every page once when the files are known and hands the executed
blocks it finds to the worker pool, so that they run in parallel while MkDocs is
still busy elsewhere. At render time markdown-exec calls our formatter for each
fence; the formatter looks the block up by its normalized code. A block the scan
missed (for example one brought in by a snippet) is simply run then.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from markdown_exec import validator as markdown_exec_validator
from pymdownx.superfences import RE_OPTIONS

__all__ = ["EXEC_LANGUAGES", "FenceBlock", "find_blocks", "normalize", "our_options", "stray_exec_options"]

EXEC_LANGUAGES = ("python", "py")
# Options markdown-exec understands; a fence that has them but no exec="1" was meant to run.
EXEC_OPTIONS = frozenset(
    "exec html source result returncode session updatetoc tabs workdir width idprefix".split()
)
OUR_OPTIONS = ("timeout",)

_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<rest>.*?)[ \t]*$")
_HEADER_RE = re.compile(r"^(?P<lang>[\w#.+-]*)[ \t]*(?P<options>.*)$")


@dataclass(frozen=True)
class FenceBlock:
    """An executed fence as written in a page."""

    line: int  # 1-based line of its opening fence
    code: str  # normalized (see normalize)
    id: str
    session: str
    timeout: float | None  # None: the site's default


def normalize(code: str) -> str:
    """The block's code as it is keyed and run: dedented, no trailing spaces or blank edges."""
    lines = textwrap.dedent(code).strip("\n").split("\n")
    return "\n".join(line.rstrip() for line in lines)


def parse_options(text: str) -> dict[str, str]:
    """Fence options ``key="value"`` as superfences reads them (a bare key is its own value)."""
    values = {}
    for m in RE_OPTIONS.finditer(text):
        values[m.group("key")] = m.group("value") if m.group("value") is not None else m.group("key")
    return values


def our_options(inputs: dict) -> dict:
    """Pop ridgedoc's own fence options from ``inputs`` and check them.

    ``timeout="30"``: seconds this block may run (a positive number).
    """
    out = {}
    if "timeout" in inputs:
        raw = inputs.pop("timeout")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = -1.0
        if not value > 0:
            raise ValueError(f'timeout must be a positive number of seconds, got timeout="{raw}"')
        out["timeout"] = value
    return out


def stray_exec_options(inputs: dict) -> list[str]:
    """Options that only make sense on an executed block, in a fence without ``exec``."""
    if str(inputs.get("exec", "")).lower() not in ("", "no", "off", "false", "0"):
        return []
    return sorted(k for k in inputs if k in EXEC_OPTIONS or k in OUR_OPTIONS or k == "id")


def find_blocks(markdown: str) -> list[FenceBlock]:
    """Executed Python fences of a page, in order (fences inside other fences are text)."""
    lines = markdown.split("\n")
    blocks: list[FenceBlock] = []
    i = 0
    while i < len(lines):
        m = _OPEN_RE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, indent = m["fence"], m["indent"]
        header = _HEADER_RE.match(m["rest"])
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        lang = header["lang"] if header else ""
        if lang in EXEC_LANGUAGES and not m["rest"].startswith("{"):
            inputs = parse_options(header["options"])
            try:
                ours = our_options(inputs)
            except ValueError:
                ours = {}
            options: dict = {}
            if markdown_exec_validator(lang, inputs, options, {}, None):
                body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : j]]
                blocks.append(FenceBlock(
                    line=i + 1, code=normalize("\n".join(body)), id=options.get("id") or "",
                    session=options.get("session") or "", timeout=ours.get("timeout"),
                ))
        i = j + 1
    return blocks
