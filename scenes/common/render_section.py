"""Which of a part's plays this manim process draws, when a part is rendered in sections.

``lecture render`` may split one part over several manim processes (lecture/sections.py): process
``k`` of ``n`` draws and encodes the plays whose index is ``k`` modulo ``n`` and fast-forwards the
others. A fast-forwarded play jumps to its end as manim's own skipping does (an animation is a
function of its progress), or, when something on screen integrates time (an updater taking ``dt``),
steps through every frame's time without drawing: either way each process reaches every play in the
state a serial render reaches it in. Every play is its own partial movie file starting on a keyframe,
so the partial files of all processes, in play order, join without re-encoding into the serial clip.
Interleaving (rather than one contiguous run of beats per process) keeps the processes equally busy:
a process that starts late in a part pays for fast-forwarding everything before its start.

A part's clock (:mod:`scenes.common.beats`) counts the frames each play has, drawn or not, so every
process writes the same beats as a serial render.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

import numpy as np

__all__ = ["SECTION_ENV", "FORK_ENV", "Section", "PlayForker", "current_section", "fork_limit", "fast_forwarding",
           "frames_of_play", "steps_in_time"]

#: ``k/n``: this process draws the plays with index k modulo n (``lecture render`` sets it)
SECTION_ENV = "LECTURE_SECTION"


@dataclass(frozen=True)
class Section:
    index: int
    count: int

    def draws(self, play: int) -> bool:
        return play % self.count == self.index

    @classmethod
    def parse(cls, text: str) -> Section:
        try:
            k, n = (int(v) for v in text.split("/"))
        except ValueError:
            raise ValueError(f"{SECTION_ENV}={text!r}: expected k/n, e.g. 0/2") from None
        if not 0 <= k < n:
            raise ValueError(f"{SECTION_ENV}={text!r}: k must be from 0 to n-1")
        return cls(k, n)


def current_section() -> Section | None:
    """The section this process renders, or ``None`` (every play)."""
    text = os.environ.get(SECTION_ENV, "").strip()
    return Section.parse(text) if text else None


def frames_of_play(scene, time_before: float) -> int:
    """How many frames the play that just ended has in the clip, whether this process drew it or not.

    Drawn: the frames the renderer wrote. Fast-forwarded: what manim would have written (a hold is
    ``int(duration / dt)`` repeats of one frame; an animation one frame per step of its time grid).
    """
    renderer = scene.renderer
    fps = renderer.camera.frame_rate
    if not renderer.skip_animations:
        return round((renderer.time - time_before) * fps)
    dt = 1 / fps
    if scene.animations and scene.is_current_animation_frozen_frame():
        return int(scene.duration / dt)
    return len(np.arange(0, scene.duration, dt))


def steps_in_time(scene) -> bool:
    """Whether the scene's state depends on the steps time takes, not only on where a play ends: an updater
    of the scene or of a mobject on screen takes ``dt`` (manim's own test before it freezes a wait)."""
    return bool(scene.always_update_mobjects or scene.updaters
                or any(m.has_time_based_updater() for m in scene.get_mobject_family_members()))


#: ``n``: this process fast-forwards every play and forks a child to draw each one, ``n`` children at most
#: (``lecture render`` sets it for a part rendered in sections on this machine)
FORK_ENV = "LECTURE_FORK_PLAYS"


def fork_limit() -> int:
    """How many children may draw plays at once (0: this process draws its plays itself)."""
    text = os.environ.get(FORK_ENV, "").strip()
    if not text:
        return 0
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{FORK_ENV}={text!r}: expected a whole number of processes, e.g. 2")
    return int(text)


def fast_forwarding() -> bool:
    """Whether this process skips drawing some plays (a section, or the parent of forked plays)."""
    return current_section() is not None or fork_limit() > 0


class PlayForker:
    """Draws each play in a child forked at its start, at most ``most`` at once, while this process goes on.

    A forked child has the scene exactly as a serial render has it when the play starts (it is a copy of
    this process), draws and encodes that one play into its partial movie file, and exits; this process
    fast-forwards the play and goes on to the next. The scene is built and played through once; only the
    drawing is shared out. Children are waited for by their own process ids (never ``waitpid(-1)``: that
    would reap the children ``subprocess`` waits for, LaTeX's among them).
    """

    def __init__(self, most: int):
        self.most = most
        self.children: dict[int, int] = {}   # pid -> play index
        self.failed: list[int] = []

    def fork(self, play: int) -> bool:
        """Fork for ``play``; True in the child (which draws it), False here."""
        while len(self.children) >= self.most:
            if not self._reap():
                time.sleep(0.005)
        self._reap()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self.children = {}
            return True
        self.children[pid] = play
        return False

    def _reap(self) -> bool:
        done = False
        for pid, play in list(self.children.items()):
            got, status = os.waitpid(pid, os.WNOHANG)
            if got:
                del self.children[pid]
                done = True
                if os.waitstatus_to_exitcode(status) != 0:
                    self.failed.append(play)
        return done

    def wait_all(self) -> None:
        """Wait for every child; one line naming the plays whose child failed."""
        while self.children:
            if not self._reap():
                time.sleep(0.005)
        if self.failed:
            raise RuntimeError(f"drawing play(s) {sorted(self.failed)} failed in their forked process (see above)")
