"""Following an epoch tracker cheaply: the tracked state, static/moving layering, repeated frames.

Cairo redraws every frame only the mobjects from the first one that moves
onwards; everything before it is painted once per ``play``. So a scene whose
pictures follow one ``ValueTracker`` adds its static pieces first
(:func:`add_layered`), and a play where everything that moves is a function of
one discrete state can write a repeated frame instead of redrawing it
(:func:`reuse_unchanged_frames`). Nothing here is specific to one video family.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

import numpy as np
from manim import ValueTracker

__all__ = ["epoch_state", "split_static", "add_layered", "reuse_unchanged_frames", "at_most_fps"]


def epoch_state(tracker: ValueTracker, n_states: int) -> int:
    """The recorded state the tracker points at: its value rounded, clamped to the run."""
    return int(np.clip(round(tracker.get_value()), 0, n_states - 1))


def split_static(*mobjects) -> tuple[list, list]:
    """Split mobjects into the pieces that never change and those that follow an updater.

    A mobject with an updater of its own is one moving piece (its updater may move
    its children); a mobject without updaters anywhere below it is one static piece;
    anything else is split among its children.
    """
    static, moving = [], []

    def visit(m) -> None:
        if m.updaters:
            moving.append(m)
        elif not m.get_family_updaters():
            static.append(m)
        else:
            for sub in m.submobjects:
                visit(sub)

    for m in mobjects:
        visit(m)
    return static, moving


def add_layered(scene, *mobjects) -> list:
    """Add the static pieces of ``mobjects`` first (updating suspended), then the moving ones.

    Cairo paints everything before the first moving mobject once per ``play`` and
    redraws the rest every frame; suspended statics are not walked for updaters.
    Returns the moving pieces.
    """
    static, moving = split_static(*mobjects)
    for m in static:
        m.suspend_updating()
    scene.add(*static)
    scene.add(*moving)
    return moving


@contextmanager
def reuse_unchanged_frames(scene, key: Callable[[], Hashable]) -> Iterator[None]:
    """While active, a frame whose ``key()`` equals the previous frame's is written again, not redrawn.

    For plays where everything that moves is a function of one discrete state
    (the epoch): at 60 fps and 0.1 s per epoch, five frames of six repeat the
    previous one, and copying and redrawing them cost more than encoding them.
    ``key`` must capture everything visible that changes during the play.
    Only the Cairo renderer is patched (its ``render`` redraws and copies a frame);
    anything else runs unchanged.
    """
    renderer = scene.renderer
    if not all(hasattr(renderer, a) for a in ("update_frame", "get_frame", "add_frame")):
        yield
        return
    last: dict = {}

    def render(scene_, time, moving_mobjects=None):
        k = key()
        if "frame" in last and last["key"] == k:
            renderer.add_frame(last["frame"])  # the writer only reads frames: the same array can go twice
            return
        renderer.update_frame(scene_, moving_mobjects)
        last["key"], last["frame"] = k, renderer.get_frame()
        renderer.add_frame(last["frame"])

    renderer.render = render
    try:
        yield
    finally:
        del renderer.render  # back to the class's method


@contextmanager
def at_most_fps(scene, fps: float = 15) -> Iterator[None]:
    """While active, draw at most ``fps`` distinct frames a second; the frames between repeat the last one.

    For plays that fade a 3D surface in or out: Cairo redraws its ~1,300 faces one by one on every
    frame, and at 60 fps a one-second fade of two surfaces cost more than the rest of the part.
    A fade needs no more than 15 steps a second to look smooth.
    """
    renderer = scene.renderer
    with reuse_unchanged_frames(scene, lambda: int(getattr(renderer, "time", 0.0) * fps + 1e-9)):
        yield
