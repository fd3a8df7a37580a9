"""Python's cyclic garbage collector kept off what a scene built before each play.

A part builds thousands of mobjects (a glyph is a VMobject with its arrays, its points' kept paths in
scenes/common/drawing.py), and every frame of a play makes and drops more: Python's collector then runs
its full collection every so often and walks all of them again, though what a scene holds while it plays
stays held. dropout.arithmetic at -qh spent 1.15 s of its main thread in collections (measured with
``gc.callbacks``). :class:`FrozenDuringPlays` freezes what exists when a play starts (``gc.freeze``: the
collector leaves those objects alone, reference counting still frees them) and unfreezes all at the
end of the scene: 0.35 s, with the same peak memory (730 to 750 MB either way). A cycle of objects
dropped after a freeze waits for the end of the scene to be collected.
"""

from __future__ import annotations

import gc

__all__ = ["FrozenDuringPlays"]


class FrozenDuringPlays:
    """Mixin before a manim renderer: the objects alive when each play starts are frozen for the collector
    (``gc.freeze``) until the scene is finished or a play fails."""

    def play(self, scene, *args, **kwargs):
        gc.freeze()
        try:
            return super().play(scene, *args, **kwargs)
        except BaseException:   # a play that fails ends the scene: nothing stays frozen in the process
            gc.unfreeze()
            raise

    def scene_finished(self, scene) -> None:
        try:
            super().scene_finished(scene)  # type: ignore[misc]
        finally:
            gc.unfreeze()
