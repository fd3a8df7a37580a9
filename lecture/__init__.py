"""The ``lecture`` command line: record the course's runs, render lectures, build slides.

Every command is a thin wrapper over a function here that returns a result
object, so notebooks and tests can call them directly::

    from lecture import Catalog, render, build_slides
    cat = Catalog.discover()
    render(cat, ["05wk-1"], quality="l", jobs=2)
    build_slides("05wk-1", quality="l")

Names are imported on first use: ``import lecture`` (and so ``lecture --help``)
loads neither torch nor manim.
"""

from __future__ import annotations

import importlib
import sys
import types

from .errors import LectureError, MediaDirError, MissingTool, RenderFailed, UnknownName

__all__ = ["Catalog", "LectureInfo", "PartInfo", "LectureError", "MediaDirError", "MissingTool", "RenderFailed",
           "UnknownName", "build_gallery", "record", "render", "build_slides"]

_LAZY = {"Catalog": "catalog", "LectureInfo": "catalog", "PartInfo": "catalog", "build_gallery": "gallery",
         "record": "record", "render": "render", "build_slides": "slides"}


class _Package(types.ModuleType):
    """``lecture.render`` and ``lecture.record`` are the functions (as they always were), even once
    their submodules are imported, which sets the package attribute to the module."""

    def __getattribute__(self, name: str):
        if name in _LAZY:
            return getattr(importlib.import_module(f"lecture.{_LAZY[name]}"), name)
        return super().__getattribute__(name)

    def __dir__(self):
        return sorted({*super().__dir__(), *_LAZY})


sys.modules[__name__].__class__ = _Package
