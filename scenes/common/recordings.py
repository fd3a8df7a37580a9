"""How scenes get their data: through engine's cache, recording on first use."""

from __future__ import annotations

import contextlib
import logging

import numpy as np

import engine

__all__ = ["recording", "predict_linear", "reading_for", "UndeclaredRecording"]

log = logging.getLogger("lecture.scenes")

#: the Part classes playing now, innermost last (a part may only read what it declares)
_PLAYING: list[type] = []


class UndeclaredRecording(RuntimeError):
    """A part read a recording it does not list in ``experiments``."""


@contextlib.contextmanager
def reading_for(part: type):
    """While ``part`` plays, ``recording()`` serves only the experiments it declares."""
    _PLAYING.append(part)
    try:
        yield
    finally:
        _PLAYING.pop()


def _check_declared(experiment_id: str, overrides: dict) -> None:
    if not _PLAYING:
        return
    part = _PLAYING[-1]
    declared = tuple(getattr(part, "experiments", ()) or ())
    name = f"part {getattr(part, 'id', '') or part.__name__} ({part.__name__})"
    if overrides:
        given = ", ".join(f"{k}={v!r}" for k, v in overrides.items())
        raise UndeclaredRecording(f"{name} reads a variant of {experiment_id} ({given}); declare the variant "
                                  "as an experiment of its own and list it in the part's experiments")
    if experiment_id not in declared:
        raise UndeclaredRecording(f"{name} reads {experiment_id} but does not declare it: add it to "
                                  f"{part.__name__}.experiments (now {declared})")


def recording(experiment_id: str, **overrides) -> engine.Recording:
    """The recording of ``experiment_id``, trained once if the cache has none.

    Inside a playing part, only the experiments the part declares may be read.
    """
    _check_declared(experiment_id, overrides)
    cached = engine.cached_recording(experiment_id, **overrides)
    if cached is not None:
        return cached
    log.warning("no recording of %s yet: training it once (cached under %s)", experiment_id, engine.recordings_dir())
    return engine.record(experiment_id, **overrides)


def predict_linear(rec, xs, state: int = -1) -> np.ndarray:
    """``w * x + b`` of a recorded Linear(1, 1) at ``state``, in float32 as torch computes it."""
    w = np.float32(rec.param("0.weight")[state].ravel()[0])
    b = np.float32(rec.param("0.bias")[state].ravel()[0])
    return np.asarray(xs, dtype=np.float32) * w + b
