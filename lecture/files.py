"""Atomic writes and file locks: a reader never sees half a file, two runs never write one file."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import MediaDirError

__all__ = ["atomic_write", "atomic_write_text", "atomic_write_json", "atomic_copy", "temp_beside",
           "locked", "ensure_writable", "disk_error", "real_folder",
           "file_sha256", "is_recorded_file"]


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


#: mkstemp makes 0600 files; results get the usual permissions instead
FILE_MODE = 0o666 & ~_umask()


def disk_error(path: os.PathLike, err: OSError) -> MediaDirError:
    """One line for an OSError while writing under the media folder."""
    if err.errno == errno.ENOSPC:
        return MediaDirError(f"{path}: disk full; free some space (or set LECTURE_MEDIA_DIR to another disk)")
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return MediaDirError(f"{path}: not writable ({os.strerror(err.errno)}); fix its permissions "
                             "or set LECTURE_MEDIA_DIR to a writable folder")
    return MediaDirError(f"{path}: cannot write ({err.strerror or err}); "
                         "use --media-dir or LECTURE_MEDIA_DIR to pick a writable folder")


_HASHES: dict[tuple, str] = {}


def file_sha256(path: os.PathLike) -> str:
    """SHA-256 of a file, remembered in this process while its size, mtime and inode stay the same."""
    st = os.stat(path)
    memo = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if memo not in _HASHES:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _HASHES[memo] = h.hexdigest()
    return _HASHES[memo]


def is_recorded_file(path: os.PathLike, size, digest) -> bool:
    """Whether ``path`` is a regular file (not a link) of ``size`` bytes with SHA-256 ``digest``: the clip
    a render recorded, not one truncated, replaced by other bytes or linked in afterwards."""
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        return False   # recorded before clips were hashed
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == size and file_sha256(path) == digest


def temp_beside(path: Path, suffix: str = "") -> Path:
    """A fresh temp file name in ``path``'s folder (same file system, so ``os.replace`` is atomic).

    The name starts with a dot and holds ``.tmp`` so nothing lists it as a result;
    it ends with ``suffix`` so tools that pick a format by extension (ffmpeg) accept it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{suffix}", dir=path.parent)
    os.close(fd)
    return Path(tmp)


@contextlib.contextmanager
def atomic_write(path: os.PathLike, *, suffix: str = ""):
    """Yield a temp path to write; on success it replaces ``path`` at once, on failure it is removed.

    ``suffix`` keeps an extension tools look at (ffmpeg picks its format by name).
    """
    path = Path(path)
    try:
        tmp = temp_beside(path, suffix)
    except OSError as e:
        raise disk_error(path.parent, e) from None
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise disk_error(path, e) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: os.PathLike, text: str) -> Path:
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def atomic_write_json(path: os.PathLike, payload) -> Path:
    return atomic_write_text(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def atomic_copy(src: os.PathLike, dest: os.PathLike, *, link: bool = False) -> Path:
    """Copy (or hard-link when ``link`` and possible) the regular file ``src`` to ``dest`` atomically.

    ``src`` is never changed: it must be a regular file, not a symbolic link (whose target
    could be anywhere); a hard link is never chmod-ed (that would change ``src``'s mode too).
    When ``dest`` already is ``src`` (same file, or a hard link of it) nothing is done.
    """
    src, dest = Path(src), Path(dest)
    try:
        st = os.lstat(src)
    except OSError as e:
        raise MediaDirError(f"{src}: cannot read it ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise MediaDirError(f"{src}: not a regular file (a link or a folder?); it is not copied")
    try:
        same = os.stat(dest)   # follows a link at dest: then dest already shows src's bytes
        if (same.st_dev, same.st_ino) == (st.st_dev, st.st_ino):
            return dest
    except OSError:
        pass
    try:
        tmp = temp_beside(dest, dest.suffix)
    except OSError as e:
        raise disk_error(dest.parent, e) from None
    try:
        linked = False
        if link:
            tmp.unlink()
            try:
                os.link(src, tmp, follow_symlinks=False)
                linked = True
            except OSError:
                pass
        if not linked:
            shutil.copyfile(src, tmp, follow_symlinks=False)
            os.chmod(tmp, FILE_MODE)
        os.replace(tmp, dest)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise disk_error(dest, e) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


@contextlib.contextmanager
def locked(path: os.PathLike, *, blocking: bool = True):
    """Hold an exclusive ``fcntl`` lock on ``path`` (created if needed) for the block.

    The kernel drops the lock when the process dies, even by SIGKILL, so a killed
    run never leaves a stale lock. With ``blocking=False`` yields ``False`` when
    another process holds it.
    """
    from engine.folders import (
        open_lock,  # engine's: one lock primitive for recordings and clips
    )

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = open_lock(path)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EINVAL) or os.path.islink(path):
            raise MediaDirError(f"{path}: is a symbolic link or not a regular file; a lock is only made inside "
                                "its folder: remove it and run again") from None
        raise disk_error(path.parent, e) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def real_folder(path: os.PathLike, root: os.PathLike | None = None, *, create: bool = True) -> Path:
    """``path`` as a real folder inside the media folder ``root`` (default: the media folder), or a one-line
    MediaDirError naming the symbolic link (or file) in the way, at ``path`` or any folder above it.

    Every folder a command writes, sweeps or deletes in goes through this first. With ``create``,
    what is missing is made (one folder at a time, never through a link).
    """
    from engine.folders import folder_problem

    from .media import media_root

    root = media_root() if root is None else Path(root)
    try:
        problem = folder_problem(path, root, create=create)
    except OSError as e:
        raise disk_error(path, e) from None
    if problem:
        raise MediaDirError(problem)
    return Path(path)


def ensure_writable(folder: os.PathLike) -> Path:
    """Create ``folder`` and prove a file can be written there, or raise a one-line MediaDirError."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=folder)
        os.write(fd, b"x")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise disk_error(folder, e) from None
    return folder
