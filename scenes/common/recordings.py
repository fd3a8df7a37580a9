"""How scenes get their data: through engine's cache, recording on first use."""

from __future__ import annotations

import logging

import engine

__all__ = ["recording"]

log = logging.getLogger("lecture.scenes")


def recording(experiment_id: str, **overrides) -> engine.Recording:
    """The recording of ``experiment_id``, trained once if the cache has none."""
    cached = engine.cached_recording(experiment_id, **overrides)
    if cached is not None:
        return cached
    log.warning("no recording of %s yet: training it once (cached under %s)", experiment_id, engine.recordings_dir())
    return engine.record(experiment_id, **overrides)
