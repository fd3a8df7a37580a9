"""The code a file runs: the file and every module of ours it imports, transitively.

A clip's key hashes these files for its scene file (not every file of ``engine`` or ``scenes``),
so a change to one family's helpers re-renders only the parts whose code imports them; the key
of an experiment of one's own (``@engine.experiment``) hashes them for the file that defines it,
within the lecture's own folder, so an edited helper module is recorded again. Imports are
read statically from each file's syntax tree (``import a.b``, ``from a import b``,
``from .x import y``, at any depth: a function-level import counts). A module is followed
when its file lies under one of the roots (the project, and the folder of a lecture of
one's own); the standard library and installed packages are keyed by their versions.
Standard library only: ``lecture`` and ``engine`` both use it without torch.
"""

from __future__ import annotations

import ast
import hashlib
import os
from functools import lru_cache
from pathlib import Path

__all__ = ["import_closure", "own_roots", "code_sha"]


def _module_file(root: Path, dotted: str) -> list[Path]:
    """Files that importing ``dotted`` from ``root`` runs: each package's ``__init__.py`` and the module."""
    parts = dotted.split(".")
    found = []
    for i in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:i])
        if (base / "__init__.py").is_file():
            found.append(base / "__init__.py")
        elif base.with_suffix(".py").is_file():
            found.append(base.with_suffix(".py"))
            break
        else:
            break
    return found


def _package_of(file: Path, root: Path) -> list[str]:
    """The package path of ``file`` relative to ``root`` (for relative imports)."""
    rel = file.resolve().relative_to(root)
    return list(rel.parent.parts)


@lru_cache(maxsize=4096)
def _imports(file: Path, mtime_ns: int) -> tuple[tuple[str, int, tuple], ...]:
    """``(module, level, names)`` of every import statement in ``file``."""
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    out: list[tuple[str, int, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, 0, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append((node.module or "", node.level, tuple(a.name for a in node.names)))
    return tuple(out)


def import_closure(file: str | Path, roots) -> list[Path]:
    """``file`` and the files under ``roots`` that it imports, transitively, sorted."""
    roots = [Path(r).resolve() for r in roots]
    seen: set[Path] = set()
    todo = [Path(file).resolve()]
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        root = next((r for r in roots if f.is_relative_to(r)), None)
        try:
            imports = _imports(f, f.stat().st_mtime_ns)
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue   # the file is still hashed; manim reports the error when it renders
        for module, level, names in imports:
            if level:
                if root is None:
                    continue
                pkg = _package_of(f, root)
                if level - 1 > len(pkg):
                    continue
                base = pkg[:len(pkg) - (level - 1)]
                dotted = ".".join([*base, *([module] if module else [])])
                candidates = [(root, dotted)]
            else:
                candidates = [(r, module) for r in roots]
            for r, dotted in candidates:
                if not dotted:
                    continue
                files = _module_file(r, dotted)
                todo += files
                if files and files[-1].name == "__init__.py":   # from package import submodule
                    for name in names:
                        todo += _module_file(r, f"{dotted}.{name}")[-1:]
    return sorted(seen)


def own_roots(file: str | Path) -> list[Path]:
    """Where the modules of ``file``'s own lecture live: its folder, and, when that folder is a package,
    the folder above its top package (for ``from my_course import helpers``)."""
    folder = Path(file).resolve().parent
    top = folder
    while (top / "__init__.py").is_file() and top.parent != top:
        top = top.parent
    return [folder] if top == folder else [folder, top]


#: this project's own packages: a lecture inside the checkout does not key its runs by them (the engine code
#: a run executes is keyed by engine.run_code; scenes and the CLI shape no recorded number)
_PROJECT_PACKAGES = tuple(
    Path(__file__).resolve().parents[1] / n for n in ("engine", "scenes", "lecture", "benchmarks")
)


def code_sha(file: str | Path) -> str:
    """sha256 of ``file`` and of the modules of its own folder that it imports (:func:`own_roots`),
    transitively. A file that imports none of them hashes as its bytes alone."""
    file = Path(file).resolve()
    files = [f for f in import_closure(file, own_roots(file))
             if f == file or not any(f.is_relative_to(p) for p in _PROJECT_PACKAGES)]
    if files == [file]:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in files:
        h.update(os.path.relpath(f, file.parent).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
