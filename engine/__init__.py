"""The course's experiments, recorded: torch and numpy only, never manim.

>>> import engine
>>> r = engine.record("05wk-1/linreg")     # trains once, then reads the cache
>>> r.param("0.weight")[-1]
array([[4.0042...]], dtype=float32)
"""

from __future__ import annotations

import logging
from typing import Callable

from .architecture import LayerSpec, build_model, count_layers, describe, spec_from_dicts
from .cache import cache_key, cache_path, media_dir, recordings_dir
from .errors import EngineError, RecordingError, UnknownExperiment
from .experiments import ExperimentConfig, experiments, get_config, lectures
from .landscape import Landscape, landscape_for, loss_grid
from .recording import SCHEMA_VERSION, Recording, load_recording, save_recording

__all__ = [
    "experiments", "lectures", "get_config", "record", "load_recording", "cached_recording",
    "Recording", "ExperimentConfig", "LayerSpec", "describe", "build_model", "count_layers",
    "spec_from_dicts", "Landscape", "loss_grid", "landscape_for", "cache_key", "cache_path",
    "media_dir", "recordings_dir", "EngineError", "RecordingError", "UnknownExperiment",
    "SCHEMA_VERSION", "save_recording",
]

log = logging.getLogger(__name__)


def cached_recording(experiment_id: str, *, root=None, **overrides) -> Recording | None:
    """The cached recording of this config, or ``None`` if there is none (or it is unreadable)."""
    path = cache_path(get_config(experiment_id).replace(**overrides), root)
    if not path.exists():
        return None
    try:
        return load_recording(path)
    except RecordingError:
        return None


def record(
    experiment_id: str,
    *,
    force: bool = False,
    root=None,
    on_update: Callable[[int, int], None] | None = None,
    **overrides,
) -> Recording:
    """Train ``experiment_id`` (with config ``overrides``) and return its Recording.

    A recording of the same config, schema and torch version is read from
    ``media/recordings`` instead of retraining; an unreadable one is replaced.
    The file appears atomically, so an interrupted run leaves nothing behind.
    """
    from .training import train

    cfg = get_config(experiment_id).replace(**overrides)
    path = cache_path(cfg, root)
    if path.exists() and not force:
        try:
            return load_recording(path)
        except RecordingError as e:
            log.warning("%s; recording it again", e)
    run = train(cfg, on_update=on_update)
    save_recording(path, run.arrays, run.metadata)
    return load_recording(path)
