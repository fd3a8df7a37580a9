"""Where recordings live and how they are keyed.

The key hashes the config, the schema version and ``numerics.KEY_FIELDS`` (torch version,
``ENGINE_VERSION``, training threads, CPU capability): everything that shapes the numbers.
Computing a key imports torch only where its values cannot be had exactly without it
(``numerics_without_torch``): listing, planning a render and a Dask worker's checks stay torch-free.
A file found at a cache path is used only if it is what its name says (``check_identity``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import os
import platform
import re
import sys
from pathlib import Path

from .errors import EngineError, RecordingError
from .folders import make_real_folder, open_lock
from .experiments import ExperimentConfig
from . import numerics as _numerics
from .numerics import KEY_FIELDS, numerics
from .recording import SCHEMA_VERSION, Recording

__all__ = ["media_dir", "recordings_dir", "cache_key", "cache_path", "recording_key", "check_identity",
           "recording_lock", "numerics_without_torch"]

_KEY_IN_NAME = re.compile(r"-([0-9a-f]{16})\.safetensors$")


def media_dir() -> Path:
    """``$LECTURE_MEDIA_DIR`` or ``./media`` (manim.cfg writes under the same folder)."""
    return Path(os.environ.get("LECTURE_MEDIA_DIR") or "media")


def recordings_dir(root: str | os.PathLike | None = None) -> Path:
    return Path(root) / "recordings" if root is not None else media_dir() / "recordings"


def cache_key(cfg, env: dict | None = None) -> str:
    """16 hex digits of sha256 over the config, the schema and ``env`` (default: this machine's numerics)."""
    env = (numerics_without_torch() or numerics()) if env is None else env   # the same values; torch only if needed
    blob = json.dumps(
        {"config": cfg.to_dict(), "schema": SCHEMA_VERSION, **{k: env.get(k) for k in KEY_FIELDS}},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def cache_path(cfg, root: str | os.PathLike | None = None, env: dict | None = None) -> Path:
    return recordings_dir(root) / cfg.lecture / f"{cfg.name}-{cache_key(cfg, env)}.safetensors"


@functools.lru_cache(maxsize=1)
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


@functools.lru_cache(maxsize=1)
def _torch_version_file() -> str | None:
    """``torch.__version__`` read from torch/version.py (what ``torch/__init__`` imports it from)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("torch")
        text = (Path(spec.origin).parent / "version.py").read_text()
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return None
    m = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
    return m.group(1) if m else None


def numerics_without_torch() -> dict | None:
    """``numerics()`` without importing torch (1.7 s), or ``None`` where it cannot be had exactly.

    The torch version is read from torch/version.py (what ``torch.__version__`` is); the CPU capability is
    derived only in the one case where torch's own choice (ATen's ``compute_cpu_capability``) is
    plain: Linux on x86-64, no ``ATEN_CPU_CAPABILITY`` override, AVX2 and FMA and no AVX-512 at all
    (torch picks ``AVX2``). Anything else (AVX-512 machines, ARM, macOS, an override) answers
    ``None`` and the caller asks torch, so a cache key is never guessed.
    """
    if "torch" in sys.modules:
        return numerics()
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64") or "ATEN_CPU_CAPABILITY" in os.environ:
        return None
    flags = _cpu_flags()
    if not {"avx2", "fma"} <= flags or any(f.startswith("avx512") for f in flags):
        return None
    torch_version = _torch_version_file()
    if torch_version is None:
        return None
    return {"torch": torch_version, "engine_version": _numerics.ENGINE_VERSION, "threads": _numerics.TRAIN_THREADS,
            "cpu_capability": "AVX2"}


def recording_key(rec: Recording) -> str:
    """The key of the run a recording holds, from its own config and metadata."""
    from .script_experiments import ScriptExperiment

    try:
        if rec.config.get("source") == "script":
            return cache_key(ScriptExperiment.from_config(rec.config), rec.meta)
        cfg = ExperimentConfig.from_dict(rec.config)
        return cache_key(cfg, rec.meta)
    except (EngineError, TypeError, ValueError) as e:
        raise RecordingError(f"{rec.path}: the recording's config is not a valid experiment ({e}); "
                             "re-record with `lecture record --force`") from None


def check_identity(rec: Recording, experiment_id: str, path: Path | None = None) -> Recording:
    """Raise RecordingError unless ``rec`` holds ``experiment_id`` and the key in its file name.

    A file copied or renamed onto a cache path (another run's, another config's, another
    torch's) is not served as the run the name promises.
    """
    path = Path(path or rec.path)
    if rec.id != experiment_id:
        raise RecordingError(f"{path}: holds a recording of {rec.id}, not {experiment_id}; {rec.remake}")
    m = _KEY_IN_NAME.search(path.name)
    key = recording_key(rec)
    if m is None or m.group(1) != key:
        raise RecordingError(f"{path}: the run inside has key {key}, not the one in the file name; {rec.remake}")
    return rec


@contextlib.contextmanager
def recording_lock(path: str | os.PathLike, root: str | os.PathLike | None = None):
    """Hold an exclusive lock for the recording at ``path`` while it is made.

    Two processes asking for the same missing recording (two renders, two test workers) train
    it once: the second waits, then reads the first one's file. The kernel drops the lock when
    its holder dies, even by SIGKILL, so no lock is ever stale. ``path``'s folder (and each one
    above it up to the media folder ``root``, default :func:`media_dir`) must be a real folder, and
    the lock is never opened through a symbolic link: nothing is written outside the media folder.
    """
    path = Path(path)
    problem = make_real_folder(path.parent, media_dir() if root is None else root)
    if problem:
        raise RecordingError(problem)
    lock = path.with_name(f".{path.name}.lock")
    while True:
        try:
            fd = open_lock(lock)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.EINVAL):
                raise RecordingError(f"{lock}: is a symbolic link or not a regular file; a lock is only made "
                                     "inside the recordings folder: remove it and record again") from None
            raise
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.stat(lock, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)   # its holder removed it while we waited: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(lock)   # while holding it, so nothing is left in the folder
        except FileNotFoundError:
            pass
        os.close(fd)
