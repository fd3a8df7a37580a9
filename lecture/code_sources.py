"""The code a scene file runs: the file and every module of ours it imports, transitively.

A clip's key hashes these files (not every file of ``engine`` or ``scenes``), so a change
to one family's helpers re-renders only the parts whose code imports them. Imports are
read statically from each file's syntax tree (``import a.b``, ``from a import b``,
``from .x import y``, at any depth: a function-level import counts). A module is followed
when its file lies under one of the roots (the project, and the folder of a lecture of
one's own); the standard library and installed packages are keyed by their versions.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

__all__ = ["import_closure"]


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
    out = []
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
