"""The code a recorded run executes, as one hash: the part of a recording's key that names its code.

A course run (``ExperimentConfig``) executes the training loop, the recorder, the file writer, the
thread pinning and the model builder (:data:`LOOP_SOURCES`), plus, of ``datasets.py``, only its own data
generator (``GENERATORS[cfg.data]``), ``generate`` and whatever module-level names they use, followed
name by name. So adding a generator (or changing one) re-records only the runs that use it; changing the
loop re-records every run. A ``@engine.experiment`` function is keyed by its own file's code closure
(``ScriptExperiment.code``, in its config) plus the engine code it runs (:data:`SCRIPT_SOURCES`).

Read from the source text (``ast``), never by importing: keys are computed without torch (``lecture list``).
"""

from __future__ import annotations

import ast
import functools
import hashlib
from pathlib import Path

__all__ = ["LOOP_SOURCES", "SCRIPT_SOURCES", "ENGINE_DIR", "run_code_sha", "generator_source"]

#: the folder of the engine's sources (a test points it at a changed copy)
ENGINE_DIR = Path(__file__).resolve().parent
#: engine modules every course run executes whole: loop, recorder, file format, thread pinning, model builder
LOOP_SOURCES = ("training.py", "recorder.py", "recording.py", "numerics.py", "architecture.py")
#: engine modules a ``@engine.experiment`` function's run executes (its own code is keyed by its config)
SCRIPT_SOURCES = ("script_experiments.py", "recorder.py", "recording.py", "numerics.py")
#: the generators' table: naming it would key every run by every generator
_TABLE = "GENERATORS"


def run_code_sha(cfg) -> str:
    """sha256 of the code the run ``cfg`` executes (see the module's docstring)."""
    if getattr(cfg, "data", None) is None:   # a ScriptExperiment: its own code is in its config already
        return _sha(tuple(SCRIPT_SOURCES), "", str(ENGINE_DIR), _stamps(SCRIPT_SOURCES))
    return _sha(tuple(LOOP_SOURCES), generator_source(cfg.data), str(ENGINE_DIR), _stamps(LOOP_SOURCES))


def _stamps(names) -> tuple:
    """What the cached answers are remembered by: each file's size and modification time."""
    out = []
    for name in names:
        st = (ENGINE_DIR / name).stat()
        out.append((st.st_size, st.st_mtime_ns))
    return tuple(out)


@functools.cache
def _sha(names: tuple[str, ...], extra: str, folder: str, stamps: tuple) -> str:
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode() + b"\0" + _normalised(Path(folder) / name).encode() + b"\0")
    h.update(b"datasets\0" + extra.encode())
    return h.hexdigest()


def _normalised(path: Path) -> str:
    """A file's text with line ends and trailing blanks normalised (a checkout on Windows keys the same)."""
    return "\n".join(line.rstrip() for line in path.read_text(encoding="utf-8").splitlines())


def generator_source(data: str, folder: Path | None = None) -> str:
    """The source ``datasets.generate(data, ...)`` executes: ``generate``, the generator ``GENERATORS[data]``
    and every module-level function, class or constant of ``datasets.py`` they use, transitively (the
    table itself excluded), in file order. An unknown generator keys as its name alone."""
    folder = folder or ENGINE_DIR
    st = (folder / "datasets.py").stat()
    return _generator_source(data, str(folder), (st.st_size, st.st_mtime_ns))


@functools.cache
def _generator_source(data: str, folder: str, stamp: tuple) -> str:
    text = (Path(folder) / "datasets.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    defs: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defs[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    defs[t.id] = node
    table = defs.get(_TABLE)
    fn = None
    if isinstance(table, ast.Assign) and isinstance(table.value, ast.Dict):
        for k, v in zip(table.value.keys, table.value.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == data and isinstance(v, ast.Name):
                fn = v.id
    if fn is None:
        return f"unknown generator {data!r}"
    wanted, todo = set(), ["generate", fn]
    while todo:
        name = todo.pop()
        if name in wanted or name == _TABLE or name not in defs:
            continue
        wanted.add(name)
        todo += [n.id for n in ast.walk(defs[name]) if isinstance(n, ast.Name)]
    nodes = sorted({id(defs[n]): defs[n] for n in wanted}.values(), key=lambda n: n.lineno)
    return "\n\n".join(_segment(text, n) for n in nodes)


def _segment(text: str, node: ast.stmt) -> str:
    """A definition's source, its decorators (``@dataclass``) included."""
    decorators = getattr(node, "decorator_list", [])
    return "".join("@" + (ast.get_source_segment(text, d) or "") + "\n" for d in decorators) + \
        (ast.get_source_segment(text, node) or "")
