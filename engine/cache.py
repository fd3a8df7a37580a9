"""Where recordings live and how they are keyed.

The key hashes the config, the schema version, the code the run executes (``engine.run_code``: the
training loop, recorder and file writer, and of the data generators only the run's own) and
``numerics.KEY_FIELDS`` (torch version, ``ENGINE_VERSION``, training threads, CPU capability):
everything that shapes the numbers.
Computing a key imports torch only where its values cannot be had exactly without it
(``numerics_without_torch``): listing, planning a render and a Dask worker's checks stay torch-free.
A file found at a cache path is used only if it is what its name says (``check_identity``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import platform
import re
import sys
from pathlib import Path

from mediafiles import is_link_refusal, locked, make_real_folder

from . import numerics as _numerics
from .errors import EngineError, RecordingError
from .experiments import ExperimentConfig
from .numerics import KEY_FIELDS, numerics
from .recording import SCHEMA_VERSION, Recording
from .run_code import run_code_sha

__all__ = ["media_dir", "recordings_dir", "cache_key", "cache_path", "recording_key", "check_identity",
           "recording_lock", "numerics_without_torch", "Machine", "cpu_flags", "numerics_of", "numerics_file",
           "remembered_numerics"]

_KEY_IN_NAME = re.compile(r"-([0-9a-f]{16})\.safetensors$")


def media_dir() -> Path:
    """``$LECTURE_MEDIA_DIR`` or ``./media`` (manim.cfg writes under the same folder)."""
    return Path(os.environ.get("LECTURE_MEDIA_DIR") or "media")


def recordings_dir(root: str | os.PathLike | None = None) -> Path:
    return Path(root) / "recordings" if root is not None else media_dir() / "recordings"


def cache_key(cfg, env: dict | None = None) -> str:
    """16 hex digits of sha256 over the config, the schema, the code the run executes and ``env`` (default:
    this machine's numerics).

    The code is ``env["code"]`` when ``env`` names it (a recording's metadata: the code that made it), else
    that of the engine here (``engine.run_code``): only a change to code the run executes changes its key.
    """
    env = (numerics_without_torch() or numerics()) if env is None else env   # the same values; torch only if needed
    code = env["code"] if "code" in env else run_code_sha(cfg)
    blob = json.dumps(
        {"config": cfg.to_dict(), "schema": SCHEMA_VERSION, "code": code, **{k: env.get(k) for k in KEY_FIELDS}},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def cache_path(cfg, root: str | os.PathLike | None = None, env: dict | None = None) -> Path:
    return recordings_dir(root) / cfg.lecture / f"{cfg.name}-{cache_key(cfg, env)}.safetensors"


#: torch's own answers (CPU capability, version) per machine, in the media dir: see ``numerics_without_torch``
NUMERICS_FILE = "numerics.json"
#: bump when the layout of NUMERICS_FILE changes (an old file is then a miss, never misread)
NUMERICS_FORMAT = 1


def cpu_flags(cpuinfo) -> frozenset[str]:
    """The CPU's feature flags in ``/proc/cpuinfo`` text (a string or its lines): x86's ``flags`` line,
    ARM's ``Features`` line; empty where there is neither."""
    lines = cpuinfo.splitlines() if isinstance(cpuinfo, str) else cpuinfo
    for line in lines:
        name, sep, value = line.partition(":")
        if sep and name.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


@functools.lru_cache(maxsize=1)
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo") as fh:
            return cpu_flags(fh)
    except OSError:
        return frozenset()


@functools.lru_cache(maxsize=1)
def _torch_version_py() -> str | None:
    """The text of torch/version.py (what ``torch/__init__`` takes ``__version__`` from), found without
    importing torch."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("torch")
        if spec is None or spec.origin is None:
            return None
        return (Path(spec.origin).parent / "version.py").read_text()
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return None


def torch_version_of(version_py: str | None) -> str | None:
    """``__version__`` in the text of a torch/version.py."""
    m = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", version_py or "", re.M)
    return m.group(1) if m else None


@dataclasses.dataclass(frozen=True)
class Machine:
    """What decides torch's numerics here, read without importing torch.

    ``flags``: the CPU's ``/proc/cpuinfo`` flags; ``override``: ``$ATEN_CPU_CAPABILITY`` (torch honours it);
    ``torch_version_py``: the text of torch/version.py (version and build).
    """

    system: str
    arch: str
    flags: frozenset
    override: str | None
    torch_version_py: str | None

    @classmethod
    def here(cls) -> Machine:
        return cls(sys.platform, platform.machine(), _cpu_flags(), os.environ.get("ATEN_CPU_CAPABILITY"),
                   _torch_version_py())

    @property
    def torch_version(self) -> str | None:
        return torch_version_of(self.torch_version_py)

    def derived_capability(self) -> str | None:
        """Torch's CPU capability where its choice (ATen's ``compute_cpu_capability``) is plain: ``AVX2`` on
        Linux x86-64 with AVX2 and FMA, no AVX-512 at all and no override; ``None`` anywhere else."""
        if self.system != "linux" or self.arch not in ("x86_64", "AMD64") or self.override is not None:
            return None
        if not {"avx2", "fma"} <= self.flags or any(f.startswith("avx512") for f in self.flags):
            return None
        return "AVX2"

    def key(self) -> str | None:
        """16 hex digits naming this CPU, torch build and override; ``None`` where the flags or torch cannot be
        read (then nothing is stored: a key must never be guessed)."""
        if not self.flags or self.torch_version is None:
            return None
        blob = json.dumps({"system": self.system, "arch": self.arch, "flags": sorted(self.flags),
                           "override": self.override, "torch": self.torch_version_py}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def numerics_file() -> Path:
    """Where torch's answers for the machines that use this media dir are kept."""
    return media_dir() / NUMERICS_FILE


def _stored_answers(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != NUMERICS_FORMAT
        or not isinstance(data.get("machines"), dict)
    ):
        return {}
    return data["machines"]


def numerics_of(machine: Machine, stored: dict) -> dict | None:
    """``numerics()`` for ``machine`` without torch: derived where torch's choice is plain, else torch's own
    answer found in ``stored`` (the ``machines`` of NUMERICS_FILE) under ``machine.key()``; ``None`` otherwise."""
    version = machine.torch_version
    if version is None:
        return None
    capability = machine.derived_capability()
    if capability is None:
        answer = stored.get(machine.key()) if machine.key() else None
        if not (isinstance(answer, dict) and answer.get("torch") == version
                and isinstance(answer.get("cpu_capability"), str)):
            return None
        capability = answer["cpu_capability"]
    return {"torch": version, "engine_version": _numerics.ENGINE_VERSION, "threads": _numerics.TRAIN_THREADS,
            "cpu_capability": capability}


def numerics_without_torch() -> dict | None:
    """``numerics()`` without importing torch (1.7 s), or ``None`` where it cannot be had exactly.

    The torch version is read from torch/version.py (what ``torch.__version__`` is). The CPU capability is
    derived where torch's own choice is plain (``Machine.derived_capability``: AVX2 machines); anywhere
    else (AVX-512, ARM, macOS, an ``ATEN_CPU_CAPABILITY`` override) it is torch's own answer, asked once
    and kept in the media dir's NUMERICS_FILE under a key of the CPU flags, the torch build and the override
    (``remembered_numerics`` says what to write). No answer kept: ``None``, and the caller asks torch, so a
    cache key is never guessed.
    """
    if "torch" in sys.modules:
        return numerics()
    return numerics_of(Machine.here(), _stored_answers(numerics_file()))


def remembered_numerics(env: dict, machine: Machine | None = None) -> tuple[Path, dict] | None:
    """``(NUMERICS_FILE, its new content)`` keeping torch's answer ``env`` (``numerics()`` of this process) for
    ``machine``, for the caller to write atomically; ``None`` where it is kept already, needs no keeping
    (derived) or cannot be keyed."""
    machine = machine or Machine.here()
    key = machine.key()
    if key is None or machine.derived_capability() is not None or env.get("torch") != machine.torch_version:
        return None
    path = numerics_file()
    machines = dict(_stored_answers(path))
    answer = {"torch": str(env["torch"]), "cpu_capability": str(env["cpu_capability"])}
    if machines.get(key) == answer:
        return None
    machines[key] = answer
    return path, {"format": NUMERICS_FORMAT, "machines": machines}


def recording_key(rec: Recording) -> str:
    """The key of the run a recording holds, from its own config and metadata."""
    from .script_experiments import ScriptExperiment

    try:
        if rec.config.get("source") == "script":
            return cache_key(ScriptExperiment.from_config(rec.config), rec.meta)
        cfg = ExperimentConfig.from_dict(rec.config)
        # the code that made it (a recording from before runs were keyed by their code has none: no key matches)
        return cache_key(cfg, {**rec.meta, "code": rec.meta.get("code")})
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
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locked(lock, remove=True))
        except OSError as e:
            if is_link_refusal(e, lock):
                raise RecordingError(f"{lock}: is a symbolic link or not a regular file; a lock is only made "
                                     "inside the recordings folder: remove it and record again") from None
            raise
        yield
