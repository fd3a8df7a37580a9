"""The code a scene file runs: see :mod:`engine.code_sources` (experiments of one's own are keyed by it too)."""

from engine.code_sources import import_closure

__all__ = ["import_closure"]
