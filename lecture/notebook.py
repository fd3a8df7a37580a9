"""``show`` for Jupyter (``scenes.notebook.show``) that also takes a part of the catalog by id.

>>> from lecture.notebook import show
>>> show("dropout.overfit", lang="ko")   # a part of the course (or of a lecture on $LECTURE_SCENES)
>>> show(MyScene)                        # a Scene or Part class, as scenes.notebook.show
"""

from __future__ import annotations

import importlib

__all__ = ["show", "render_video", "scene_of_part"]


def scene_of_part(part_id: str) -> type:
    """The scene class of the catalog's part ``part_id`` (its id or its slug); ValueError lists the parts."""
    from .catalog import Catalog

    catalog = Catalog.discover()
    for lecture in catalog.lectures.values():
        for info in lecture.parts:
            if part_id in (info.id, info.slug):
                module = importlib.import_module(info.cls.__module__)
                return getattr(module, info.scene)
    known = sorted(p.id for lec in catalog.lectures.values() for p in lec.parts)
    raise ValueError(f"no part {part_id!r}; parts: {', '.join(known)}")


def show(target, **options):
    """``scenes.notebook.show`` with part ids looked up in the catalog (:func:`scene_of_part`)."""
    from scenes.notebook import show as show_scene

    return show_scene(target, find_part=scene_of_part, **options)


def render_video(target, **options):
    """``scenes.notebook.render_video`` with part ids looked up in the catalog (:func:`scene_of_part`)."""
    from scenes.notebook import render_video as render_scene

    return render_scene(target, find_part=scene_of_part, **options)
