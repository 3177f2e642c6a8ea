"""Placeholder for the interactive alpha explorer (issue 5)."""

from __future__ import annotations

__all__ = ["explorer_html"]


def explorer_html() -> str:
    """HTML of the explorer container (empty until the explorer lands)."""
    return ""
