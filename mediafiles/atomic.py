"""Whole-file writes: a temp file beside the target, renamed over it at the end.

A reader sees the whole old file or the whole new one; a writer that fails removes its temp file,
and one killed by SIGKILL leaves a dot-file named ``.<name>.<pid>.<random>.tmp<suffix>`` that
:func:`sweep_dead_temps` (or the owning command's own sweep) removes later.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["FILE_MODE", "current_umask", "temp_beside", "atomic_write", "atomic_write_bytes", "atomic_write_text",
           "atomic_write_json", "sweep_dead_temps"]


def current_umask() -> int:
    """This process's umask (read by setting it and setting it back: call it once, at import)."""
    old = os.umask(0)
    os.umask(old)
    return old


#: the mode of a new file under this process's umask: ``mkstemp`` makes ``0600`` files, results get this
FILE_MODE = 0o666 & ~current_umask()


def temp_beside(path: os.PathLike | str, suffix: str = "") -> Path:
    """A fresh, empty temp file in ``path``'s folder (same file system, so ``os.replace`` is atomic).

    Its name, ``.<name>.<pid>.<random>.tmp<suffix>``, starts with a dot and holds ``.tmp`` so nothing
    lists it as a result, holds this process id so a sweep can tell a dead writer's from a live one's,
    and ends with ``suffix`` so tools that pick a format by extension (ffmpeg) accept it.
    The folder is created if missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=f".tmp{suffix}", dir=path.parent)
    os.close(fd)
    return Path(tmp)


@contextlib.contextmanager
def atomic_write(path: os.PathLike | str, *, suffix: str = "") -> Iterator[Path]:
    """Yield a temp path to write; on success it gets :data:`FILE_MODE` and replaces ``path`` at once,
    on any failure it is removed.

    An ``OSError`` (disk full, read-only folder...) is raised again with ``filename`` set to what it
    concerns: ``path``'s folder when no temp file could be made there, else ``path``.
    """
    path = Path(path)
    try:
        tmp = temp_beside(path, suffix)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path.parent)) from None
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: os.PathLike | str, data: bytes) -> Path:
    """Write ``data`` as the whole of ``path`` (see :func:`atomic_write`)."""
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: os.PathLike | str, text: str) -> Path:
    """Write ``text`` (UTF-8) as the whole of ``path`` (see :func:`atomic_write`)."""
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def atomic_write_json(path: os.PathLike | str, payload: Any, *, indent: int | None = 2) -> Path:
    """Write ``payload`` as JSON (UTF-8, non-ASCII kept, a final newline) as the whole of ``path``."""
    return atomic_write_text(path, json.dumps(payload, indent=indent, ensure_ascii=False) + "\n")


def sweep_dead_temps(path: os.PathLike | str) -> None:
    """Delete the temp files that writers of ``path`` which died (SIGKILL) left beside it.

    Only temp files of processes that no longer exist on this machine go; a live writer's stay.
    """
    path = Path(path)
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp*"):
        try:
            pid = int(tmp.name[len(path.name) + 2:].split(".")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (ValueError, OSError):
            pass

