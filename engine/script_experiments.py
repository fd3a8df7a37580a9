"""Experiments of a teacher's own lecture: a function that runs its own loop under ``engine.Recorder``.

A lecture outside this package declares its runs with a decorator::

    @engine.experiment("tiny-01/classifier")
    def classifier():
        torch.manual_seed(0)
        ...                                   # data, model, optimizer, loss: the teacher's own
        with engine.Recorder(net, optimizr, loss_fn, x_show=x) as rec:
            for epoch in range(100):
                ...                           # the loop exactly as taught
        return rec                            # or (rec, {"data": (x, y), "epochs": 100})

``lecture record tiny-01/classifier`` (or ``engine.record``) runs the function once, with the
engine's fixed thread count, and keeps the recording in the same cache as the course's.
The cache key hashes the id, the bytes of the file that defines the function and of the modules
of the lecture's own folder that it imports (``engine.code_sources``), and this machine's
numerics (torch version, threads, CPU capability, ``ENGINE_VERSION``): change the script or a
helper module it imports and the run is recorded again; leave them and it is read from the cache.
A function that raises is one line naming the experiment, its file and line, and the error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .code_sources import code_sha
from .errors import EngineError
from .experiments import ExperimentId, register

__all__ = ["ScriptExperiment", "experiment", "run_script"]

#: what a function's return value may pass on to ``Recorder.save``
SAVE_OPTIONS = ("data", "epochs", "batch_size")


@dataclass(frozen=True)
class ScriptExperiment(ExperimentId):
    """One run of a teacher's own script: its id, the function and the code it is keyed by."""

    id: str
    code: str                    # sha256 of the defining file and its own helpers, the run's identity
    script: str = ""             # the file, named in errors and kept in the recording
    fn: Callable | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        """What the cache key hashes (and what a recording of it stores as its identity)."""
        return {"id": self.id, "source": "script", "code": self.code}

    def replace(self, **overrides) -> ScriptExperiment:
        """No overrides: the script sets its own epochs, lr and device."""
        given = sorted(k for k, v in overrides.items() if v is not None)
        if given:
            flags = ", ".join("--" + k.replace("_", "-") for k in given)
            raise EngineError(f"{self.id} is recorded by {self.script or 'its script'}, which sets its own "
                              f"{', '.join(given)}; change the script instead of passing {flags}")
        return self

    @classmethod
    def from_config(cls, config: dict) -> ScriptExperiment:
        """The identity stored in a recording's config (no function: only for keys)."""
        try:
            return cls(id=str(config["id"]), code=str(config["code"]), script=str(config.get("script") or ""))
        except KeyError as e:
            raise EngineError(f"the recording's config has no {e.args[0]!r}") from None


def experiment(experiment_id: str) -> Callable[[Callable], Callable]:
    """Declare ``fn`` as the experiment ``experiment_id`` (``"<lecture>/<name>"``) and register it.

    The function takes no arguments, runs the teacher's loop inside ``with engine.Recorder(...)``
    and returns the Recorder, or ``(recorder, {"data": (x, y), "epochs": n, "batch_size": b})``
    for what ``Recorder.save`` should know.
    """
    def declare(fn: Callable) -> Callable:
        if not callable(fn):
            raise EngineError(f"@engine.experiment({experiment_id!r}) decorates a function, got {type(fn).__name__}")
        try:
            script = inspect.getsourcefile(fn) or inspect.getfile(fn)
        except TypeError:
            raise EngineError(f"@engine.experiment({experiment_id!r}): {fn!r} has no source file; "
                              "define it in a .py file") from None
        if not Path(script).is_file():
            raise EngineError(f"@engine.experiment({experiment_id!r}): {fn.__name__} is not defined in a .py file "
                              f"({script}); put it in your lecture's file, whose bytes key the recording")
        register(ScriptExperiment(id=experiment_id, code=code_sha(script), script=str(script), fn=fn))
        return fn

    return declare


def run_script(exp: ScriptExperiment, path: Path):
    """Run the experiment's function with the engine's fixed threads and save what it recorded at ``path``."""
    from .numerics import fixed_threads

    if exp.fn is None:
        raise EngineError(f"{exp.id}: no function to run (load the lecture that declares it)")
    with fixed_threads():   # the run and its final gradient, as every recording is made
        try:
            out = exp.fn()
        except Exception as e:
            raise EngineError(_failure(exp, e)) from e
        return _save(exp, out, path)


def _failure(exp: ScriptExperiment, error: Exception) -> str:
    """``tiny-01/classifier: classifier() failed at my.py:42: ValueError: ...``: the deepest line of the
    lecture's own folder (else of the script) that the error passed through."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)[1:]   # [0] is the call above
    folder = Path(exp.script).resolve().parent if exp.script else None
    own = [f for f in frames if folder and Path(f.filename).resolve().is_relative_to(folder)] or frames[-1:]
    where = f" at {own[-1].filename}:{own[-1].lineno}" if own else ""
    message = (str(error).strip().splitlines() or [""])[0].strip()
    return (f"{exp.id}: {getattr(exp.fn, '__name__', 'its function')}() failed{where}: {type(error).__name__}: "
            f"{message}" if not isinstance(error, EngineError) else f"{exp.id}{where}: {message}")


def _save(exp: ScriptExperiment, out, path: Path):
    from .recorder import Recorder

    rec, options = out if isinstance(out, tuple) and len(out) == 2 else (out, {})
    where = f"{exp.script}: {getattr(exp.fn, '__name__', 'the function')}() of {exp.id}"
    if not isinstance(rec, Recorder):
        raise EngineError(f"{where} must return the engine.Recorder it ran the loop under, "
                          f"got {type(rec).__name__}")
    if not isinstance(options, dict) or set(options) - set(SAVE_OPTIONS):
        bad = sorted(set(options) - set(SAVE_OPTIONS)) if isinstance(options, dict) else type(options).__name__
        raise EngineError(f"{where} returned save options {bad}; known: {', '.join(SAVE_OPTIONS)}")
    return rec.save(path, id=exp.id, script=exp.script, identity=exp.to_dict(), **options)
