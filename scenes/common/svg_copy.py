"""Copies of text share the parsed SVG path each glyph was built from, instead of deep-copying it.

Manim keeps every glyph's parsed ``svgelements.Path`` on the glyph (``VMobjectFromSVGPath.path_obj``)
although it reads it only once, while building the glyph's points in ``__init__``. ``Mobject.copy``
deep-copies every attribute, so copying that Python object tree dominates the copy: about 11 ms per
glyph against about 1.5 ms for everything else, 120 ms for a 70-glyph caption. Every animation copies
its mobject when it begins (``Animation.begin``, ``Transform``, ``.animate``), so a part that recolours
a list of sentences spent most of its time there (sgd.sgd-motivation: 36 s of its 68 s layout check).

:func:`install` makes a copy refer to the same parsed path: nothing reads or changes it after
``__init__``, and the copy's points, colours and everything else are still deep copies.
"""

from __future__ import annotations

__all__ = ["install"]

_installed = False


def install() -> None:
    """Share ``path_obj`` between a glyph and its copies (idempotent)."""
    global _installed
    if _installed:
        return
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    deepcopy = VMobjectFromSVGPath.__deepcopy__     # Mobject's: deep-copies every attribute

    def __deepcopy__(self, memo):
        path = self.__dict__.get("path_obj")
        if path is not None:
            memo.setdefault(id(path), path)          # deepcopy returns what the memo holds for an id
        return deepcopy(self, memo)

    VMobjectFromSVGPath.__deepcopy__ = __deepcopy__  # type: ignore[method-assign]  # manim's own, patched once
    _installed = True
