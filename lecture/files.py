"""The CLI's files: ``mediafiles``' atomic writes, locks and real folders, failing with one-line MediaDirErrors.

The primitives live in the bottom package ``mediafiles`` (shared with engine and scenes); this module
turns their ``OSError``s into messages naming the file and the fix, and adds what only the CLI needs
(copies of clips, recorded hashes, a writable media folder).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import mediafiles

from .errors import MediaDirError

__all__ = ["atomic_write", "atomic_write_text", "atomic_write_json", "atomic_copy",
           "locked", "ensure_writable", "disk_error", "real_folder",
           "file_sha256", "is_recorded_file"]


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


@contextlib.contextmanager
def atomic_write(path: os.PathLike, *, suffix: str = "") -> Iterator[Path]:
    """``mediafiles.atomic_write`` (a temp path to write, renamed over ``path`` on success) whose
    failures are one-line MediaDirErrors. ``suffix`` keeps an extension tools look at (ffmpeg)."""
    try:
        with mediafiles.atomic_write(path, suffix=suffix) as tmp:
            yield tmp
    except OSError as e:
        raise disk_error(e.filename or path, e) from None


def atomic_write_text(path: os.PathLike, text: str) -> Path:
    """``mediafiles.atomic_write_text``; failures are one-line MediaDirErrors."""
    try:
        return mediafiles.atomic_write_text(path, text)
    except OSError as e:
        raise disk_error(e.filename or path, e) from None


def atomic_write_json(path: os.PathLike, payload) -> Path:
    """``mediafiles.atomic_write_json`` (indented, non-ASCII kept); failures are one-line MediaDirErrors."""
    try:
        return mediafiles.atomic_write_json(path, payload)
    except OSError as e:
        raise disk_error(e.filename or path, e) from None


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
        tmp = mediafiles.temp_beside(dest, dest.suffix)
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
            os.chmod(tmp, mediafiles.FILE_MODE)
        os.replace(tmp, dest)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise disk_error(dest, e) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


@contextlib.contextmanager
def locked(path: os.PathLike, *, blocking: bool = True) -> Iterator[bool]:
    """``mediafiles.locked``: an exclusive ``fcntl`` lock on ``path`` (created if needed, never through a
    link) for the block; failures are one-line MediaDirErrors.

    The kernel drops the lock when the process dies, even by SIGKILL, so a killed
    run never leaves a stale lock. With ``blocking=False`` yields ``False`` when
    another process holds it.
    """
    path = Path(path)
    with contextlib.ExitStack() as stack:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            got = stack.enter_context(mediafiles.locked(path, blocking=blocking))
        except OSError as e:
            if mediafiles.is_link_refusal(e, path):
                raise MediaDirError(f"{path}: is a symbolic link or not a regular file; a lock is only made inside "
                                    "its folder: remove it and run again") from None
            raise disk_error(path.parent, e) from None
        yield got


def real_folder(path: os.PathLike, root: os.PathLike | None = None, *, create: bool = True) -> Path:
    """``path`` as a real folder inside the media folder ``root`` (default: the media folder), or a one-line
    MediaDirError naming the symbolic link (or file) in the way, at ``path`` or any folder above it.

    Every folder a command writes, sweeps or deletes in goes through this first. With ``create``,
    what is missing is made (one folder at a time, never through a link).
    """
    from .media import media_root

    root = media_root() if root is None else Path(root)
    try:
        problem = mediafiles.folder_problem(path, root, create=create)
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
