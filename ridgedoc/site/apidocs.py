r"""The API reference page (``docs/api.md``): what mkdocstrings needs from ridgedoc.

ridgedoc's docstrings are numpydoc, and their math is reStructuredText (``:math:`x```
and ``.. math::``), which numpydoc and Sphinx read. mkdocstrings renders docstrings as
Markdown, where those would show as code. :class:`RstMath` is a griffe extension
(``extensions:`` of the python handler in mkdocs.yml) that rewrites them to the
site's arithmatex math, ``\(x\)`` and ``\[...\]``, when griffe loads the package; the
page's TeX is then rendered, and checked, like every other page's (``mathrender``).

Nothing here imports MkDocs; griffe is imported only by the extension class.
"""

from __future__ import annotations

import re

import griffe

__all__ = ["RstMath", "rst_math_to_markdown"]

_ROLE = re.compile(r":math:`([^`]+)`")
_XREF = re.compile(r":(?:py:)?(?:func|class|mod|meth|attr|data|obj|exc):`~?([^`]+)`")  # Sphinx cross-references
_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)$")


def rst_math_to_markdown(text: str) -> str:
    r"""Rewrite reStructuredText math in ``text`` as arithmatex math.

    ``:math:`x``` becomes ``\(x\)``; a Sphinx cross-reference such as ``:func:`name```
    becomes the code ``name``. A ``.. math::`` directive (its first line and the
    lines indented under it) becomes a ``\[...\]`` block with blank lines around it,
    at the directive's indentation. Everything else is left as it is.

    Parameters
    ----------
    text : str
        A docstring, or part of one.

    Returns
    -------
    str
        The same text with Markdown math.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _DIRECTIVE.match(lines[i])
        if m is None:
            out.append(lines[i])
            i += 1
            continue
        indent = m["indent"]
        body = [m["first"].strip()] if m["first"].strip() else []
        i += 1
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > len(indent)):
            if lines[i].strip():
                body.append(lines[i].strip())
            elif body and i + 1 < len(lines) and _indent(lines[i + 1]) <= len(indent):
                break  # a blank line, then text back at the directive's level: the block ended
            i += 1
        if out and out[-1].strip():
            out.append("")
        out.append(indent + r"\[")
        out.extend(indent + line for line in body)
        out.append(indent + r"\]")
        if i < len(lines) and lines[i].strip():
            out.append("")
    text = _ROLE.sub(lambda r: r"\(" + r[1] + r"\)", "\n".join(out))
    return _XREF.sub(lambda r: "``" + r[1] + "``", text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


class RstMath(griffe.Extension):
    """Griffe extension: every docstring's reStructuredText math becomes Markdown math."""

    def on_object(self, *, obj, loader, **kwargs) -> None:  # noqa: ARG002 (griffe's signature)
        if obj.docstring is not None:
            obj.docstring.value = rst_math_to_markdown(obj.docstring.value)
