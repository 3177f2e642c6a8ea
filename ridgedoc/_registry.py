"""The published figures of a build: ``PublishedFigure`` and ``REGISTRY`` (no matplotlib).

Kept apart from ``ridgedoc.figures`` so that the block worker (``ridgedoc.site.worker``)
can read what a block published without importing matplotlib itself. ``ridgedoc.figures`` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PublishedFigure", "REGISTRY"]


@dataclass(frozen=True)
class PublishedFigure:
    """The bytes and text of one published figure."""

    name: str
    svg: bytes
    png: bytes
    alt: str
    caption: str
    width_px: int
    height_px: int


# name -> PublishedFigure, filled by figures.publish() and read by the block worker.
REGISTRY: dict[str, PublishedFigure] = {}
