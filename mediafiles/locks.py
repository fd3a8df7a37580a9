"""Exclusive file locks that are never taken through a symbolic link."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Iterator

__all__ = ["open_lock", "locked"]


def open_lock(path: os.PathLike | str) -> int:
    """A descriptor of the lock file ``path``, created if needed, never through a symbolic link.

    ``O_NOFOLLOW`` refuses a link at ``path`` (even a dangling one, which ``O_CREAT`` would
    otherwise create at its target): ``OSError(ELOOP)``. Anything but a regular file is refused too.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd


def is_link_refusal(err: OSError, path: os.PathLike | str) -> bool:
    """Whether ``err`` (from :func:`open_lock` of ``path``) means a link or a non-file is in the way."""
    return err.errno in (errno.ELOOP, errno.EINVAL) or os.path.islink(path)


@contextlib.contextmanager
def locked(path: os.PathLike | str, *, blocking: bool = True, remove: bool = False) -> Iterator[bool]:
    """Hold an exclusive ``fcntl`` lock on the file ``path`` (created if needed) for the block.

    The kernel drops the lock when the process dies, even by SIGKILL, so a killed run never leaves
    a stale lock. With ``blocking=False`` yields ``False`` (at once) when another process holds it,
    else ``True``. With ``remove`` the lock file is deleted at the end, while still held, so nothing
    is left in the folder; a waiter that then holds the deleted file locks the new one instead.
    ``OSError`` as :func:`open_lock` raises it.
    """
    while True:
        fd = open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            yield False
            return
        if not remove or _still_there(path, fd):
            break
        os.close(fd)   # its holder removed it while we waited: lock the new one
    try:
        yield True
    finally:
        if remove:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _still_there(path: os.PathLike | str, fd: int) -> bool:
    try:
        return os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False
