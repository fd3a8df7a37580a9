"""The course's experiments, recorded: torch and numpy only, never manim.

>>> import engine
>>> r = engine.record("05wk-1/linreg")     # trains once, then reads the cache
>>> r.param("0.weight")[-1]
array([[4.0042...]], dtype=float32)
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .cache import cache_key, cache_path, check_identity, media_dir, recording_key, recording_lock, recordings_dir
from .errors import EngineError, RecordingError, UnknownExperiment
from .experiments import ExperimentConfig, experiments, get_config, import_lecture_packages, lectures, register
from .numerics import ENGINE_VERSION, TRAIN_THREADS
from .recording import SCHEMA_VERSION, Recording, load_recording, save_recording
from .script_experiments import ScriptExperiment, experiment

# What needs torch is imported on first use (PEP 562), so `import engine` (experiment ids, cache
# paths, reading recordings) costs numpy, not torch: `lecture list` and `--help` stay fast.
_LAZY = {
    "LayerSpec": "architecture", "build_model": "architecture", "count_layers": "architecture",
    "describe": "architecture", "spec_from_dicts": "architecture",
    "Landscape": "landscape", "landscape_for": "landscape", "loss_grid": "landscape",
    "LossSlice": "slices", "loss_slice": "slices", "trace_shapes": "architecture",
    "Recorder": "recorder",
    "lstm_gates": "lstm", "lstm_params": "lstm",
    "SideBySide": "side_by_side",
}


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("__"):
        try:   # a submodule (engine.landscape, engine.training...) as an attribute, as before
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Recorder", "experiments", "lectures", "import_lecture_packages", "get_config", "record", "load_recording",
    "cached_recording",
    "Recording", "ExperimentConfig", "LayerSpec", "describe", "build_model", "count_layers",
    "spec_from_dicts", "Landscape", "loss_grid", "landscape_for", "cache_key", "cache_path",
    "media_dir", "recordings_dir", "EngineError", "RecordingError", "UnknownExperiment",
    "SCHEMA_VERSION", "save_recording", "ENGINE_VERSION", "TRAIN_THREADS", "recording_key",
    "check_identity", "experiment", "register", "ScriptExperiment", "lstm_gates", "lstm_params",
    "LossSlice", "loss_slice", "trace_shapes", "SideBySide",
]

log = logging.getLogger(__name__)


def _load_cached(path, experiment_id: str) -> Recording:
    """The recording at a cache path, if it is what its name says (else RecordingError)."""
    return check_identity(load_recording(path), experiment_id, path)


def cached_recording(experiment_id: str, *, root=None, **overrides) -> Recording | None:
    """The cached recording of this config, or ``None`` if there is none (or it is unreadable,
    or not the run its file name says)."""
    path = cache_path(get_config(experiment_id).replace(**overrides), root)
    if not os.path.lexists(path):
        return None
    try:
        return _load_cached(path, experiment_id)
    except RecordingError:
        return None


def record(
    experiment_id: str,
    *,
    force: bool = False,
    root=None,
    on_update: Callable[[int, int], None] | None = None,
    on_waited: Callable[[], None] | None = None,
    **overrides,
) -> Recording:
    """Train ``experiment_id`` (with config ``overrides``) and return its Recording.

    A recording of the same config, schema, torch, engine version, thread count and CPU
    capability is read from ``media/recordings`` instead of retraining; an unreadable one,
    or one that is not the run its name says, is replaced. Before training, a recording
    that would not fit in memory or on the disk is refused with one line. The file appears
    atomically, so an interrupted run leaves nothing behind. ``on_waited()`` is called when another
    process made the recording while this one waited for its lock (this one read it, trained nothing).
    """
    from .script_experiments import run_script
    from .training import check_memory, train

    cfg = get_config(experiment_id).replace(**overrides)
    path = cache_path(cfg, root)
    if os.path.isdir(path):
        raise RecordingError(f"{path}: is a folder, not a recording; move it away, then record again")
    if os.path.lexists(path) and not force:
        try:
            return _load_cached(path, experiment_id)
        except RecordingError as e:
            log.warning("%s; recording it again", e)
    script = isinstance(cfg, ScriptExperiment)   # a teacher's own loop: it sizes itself
    if not script:
        need = check_memory(cfg)   # refused before anything is written
        _check_disk(path, need)
    with recording_lock(path, root):
        if os.path.lexists(path) and not force:   # made by another process while this one waited
            try:
                rec = _load_cached(path, experiment_id)
            except RecordingError:
                pass
            else:
                if on_waited is not None:
                    on_waited()
                return rec
        if isinstance(cfg, ScriptExperiment):
            run_script(cfg, path)
            return _load_cached(path, experiment_id)
        run = train(cfg, on_update=on_update)
        save_recording(path, run.arrays, run.metadata)
        return _load_cached(path, experiment_id)


#: room left on the disk beyond the recording's estimate
DISK_MARGIN = 16 << 20


def _check_disk(path, need: int) -> None:
    """Raise OSError(ENOSPC) naming the folder when the recording will not fit on its disk."""
    folder = Path(path).parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return
    if free < need + DISK_MARGIN:
        raise OSError(errno.ENOSPC, f"No space left on device: the recording needs about "
                      f"{(need + DISK_MARGIN) / 1e6:.0f} MB ({need / 1e6:.0f} MB of arrays and a "
                      f"{DISK_MARGIN >> 20} MiB margin), {free / 1e6:.0f} MB are free", str(folder))
