"""Record the course's runs (train once, then read the cache)."""

from __future__ import annotations

import errno
import functools
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import engine

from .catalog import close_names
from .errors import MediaDirError, UnknownName
from .files import disk_error

__all__ = ["RecordResult", "resolve", "record", "missing"]


@dataclass
class RecordResult:
    id: str
    status: str                 # recorded | cached | diverged
    final_loss: float | None
    accuracy: float | None
    wall_seconds: float | None  # training time, from the recording's meta
    seconds: float              # this call, cache reads included
    path: str
    nonfinite_update: int | None = None
    nonfinite_epoch: int | None = None
    #: cached, but only because another process recorded it while this one waited for it
    by_another_process: bool = False
    #: False for a run with no loss at all (no model, no optimizer: only ``rec.log`` values)
    has_loss: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def resolve(names) -> list[str]:
    """Lecture ids expand to their experiments; unknown names raise with the closest ids."""
    ids: list[str] = []
    if any(n not in engine.lectures() and n not in engine.experiments() for n in names):
        engine.import_lecture_packages()   # a lecture package's runs (lectures/cnn...) are registered on import
    for name in names:
        if name in engine.lectures():
            ids += engine.experiments(name)
        elif name in engine.experiments():
            ids.append(name)
        else:
            raise UnknownName(close_names(name, [*engine.lectures(), *engine.experiments()], "lecture or experiment"))
    return list(dict.fromkeys(ids))


def missing(ids) -> list[str]:
    """The experiments of ``ids`` with no readable cached recording."""
    return [i for i in ids if engine.cached_recording(i) is None]


def record(ids, *, epochs: int | None = None, force: bool = False, device: str | None = None,
           lr: float | None = None, mask_every: int | None = None,
           on_start: Callable[[str, bool], None] | None = None,
           on_update: Callable[[str, int, int], None] | None = None) -> list[RecordResult]:
    """Record each experiment (or read it from the cache) and summarise it.

    ``on_start(id, cached)`` is called before each run, ``on_update(id, done, total)``
    during training. A recording that does not fit on the disk is a one-line
    ``MediaDirError`` (checked before training, and again if writing fails).
    """
    overrides: dict[str, Any] = {}
    if epochs is not None:
        overrides["epochs"] = epochs
    if device is not None:
        overrides["device"] = device
    if lr is not None:
        overrides["lr"] = lr
    if mask_every is not None:
        overrides["mask_every"] = mask_every
    configs = {exp: engine.get_config(exp).replace(**overrides) for exp in ids}   # every override checked first
    results = []
    for exp in ids:
        cfg = configs[exp]
        cached = not force and engine.cached_recording(exp, **overrides) is not None
        if on_start:
            on_start(exp, cached)
        started = time.perf_counter()
        cb = functools.partial(on_update, exp) if on_update else None
        waited: list[bool] = []   # another process recorded it while this one waited for its lock
        try:
            rec = engine.record(exp, force=force, on_update=cb, on_waited=functools.partial(waited.append, True),
                                **overrides)
        except OSError as e:
            raise _disk_error(e.filename or engine.cache_path(cfg), e) from None
        bad = rec.nonfinite_update
        try:
            final, has_loss = rec.final_loss, True
        except KeyError:                    # a loop of rec.log values alone (Q-learning) has no loss
            final, has_loss = math.nan, False
        results.append(RecordResult(
            id=exp, status="diverged" if bad is not None else "cached" if cached or waited else "recorded",
            final_loss=final if math.isfinite(final) else None, accuracy=rec.accuracy, has_loss=has_loss,
            wall_seconds=rec.meta.get("wall_seconds"), seconds=round(time.perf_counter() - started, 3),
            path=str(engine.cache_path(cfg)), nonfinite_update=bad,
            nonfinite_epoch=None if bad is None else int(bad // max(1, rec.updates_per_epoch)),
            by_another_process=bool(waited),
        ))
    return results


def _disk_error(path, err: OSError) -> MediaDirError:
    """The media folder's one-line message, with the recording's size when the engine estimated it."""
    out = disk_error(path, err)
    why = err.strerror or ""
    if err.errno == errno.ENOSPC and "needs about" in why:
        return MediaDirError(f"{out} ({why.split(': ', 1)[-1]})")
    return out
