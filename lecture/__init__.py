"""The ``lecture`` command line: record the course's runs, render lectures, build slides.

Every command is a thin wrapper over a function here that returns a result
object, so notebooks and tests can call them directly::

    from lecture import Catalog, render, build_slides
    cat = Catalog.discover()
    render(cat, ["05wk-1"], quality="l", jobs=2)
    build_slides("05wk-1", quality="l")
"""

from .catalog import Catalog, LectureInfo, PartInfo
from .errors import LectureError, MediaDirError, MissingTool, RenderFailed, UnknownName
from .gallery import build_gallery
from .record import record
from .render import render
from .slides import build_slides

__all__ = ["Catalog", "LectureInfo", "PartInfo", "LectureError", "MediaDirError", "MissingTool", "RenderFailed",
           "UnknownName", "build_gallery", "record", "render", "build_slides"]
