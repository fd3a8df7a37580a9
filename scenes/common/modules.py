"""Scene files loaded as modules: by dotted name or by ``.py`` path, each path once per process.

Standard library only: the layout check and the catalog (``lecture.catalog.import_source``) load scene
files through this, so a file is one module whoever asks first.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["load_module", "module_name_of"]

#: what every module loaded from a path is called: this prefix, a hash of its path, its stem
PREFIX = "_lecture_scenes_"


def module_name_of(path: Path) -> str:
    """The stable private module name of the file ``path`` (absolute)."""
    return PREFIX + hashlib.sha1(str(path).encode()).hexdigest()[:10] + "_" + path.stem


def load_module(src: str, *, what: str = "scene") -> ModuleType:
    """The module ``src``: a dotted name (imported as usual) or a ``.py`` path, executed once under
    :func:`module_name_of` (a failed execution leaves nothing behind). ``ModuleNotFoundError`` names a
    missing file as ``no <what> file <src>``."""
    if not src.endswith(".py"):
        return importlib.import_module(src)
    path = Path(src).resolve()
    if not path.exists():
        raise ModuleNotFoundError(f"no {what} file {src}", name=src)
    name = module_name_of(path)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"{src}: not a Python file", name=src)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
