"""Child processes (manim, ffmpeg, ffprobe) that never outlive the ``lecture`` process that started them.

Each child runs in its own session, so a Ctrl-C at the terminal reaches only the
parent, which stops its children itself (and does not mistake an ffmpeg killed by
that Ctrl-C for a failed poster). Each child also asks the kernel for SIGTERM when
its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``), so even a SIGKILLed
``lecture render`` leaves no manim rendering on for nobody. The signal comes when
the *thread* that started the child ends; callers wait for their child in that
same thread, so it is delivered only when the process dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess

__all__ = ["popen", "run", "kill_group", "PDEATHSIG"]

PR_SET_PDEATHSIG = 1


def _load_prctl():
    try:
        fn = ctypes.CDLL(None, use_errno=True).prctl   # libc, already loaded
    except (OSError, AttributeError):                   # not Linux: children still get their own session
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    fn.restype = ctypes.c_int
    return fn


_prctl = _load_prctl()
#: whether children are told to die with their parent on this system
PDEATHSIG = _prctl is not None


def _die_with(parent: int):
    """The child's set-up between fork and exec: no locks, no imports, no allocation beyond ints."""
    prctl, sigterm, getppid, kill, getpid = _prctl, int(signal.SIGTERM), os.getppid, os.kill, os.getpid

    def setup():
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, sigterm, 0, 0, 0)
            if getppid() != parent:   # the parent died before prctl took effect
                kill(getpid(), sigterm)
    return setup


def popen(cmd, **kw) -> subprocess.Popen:
    """``subprocess.Popen`` in a new session that receives SIGTERM when this process dies."""
    return subprocess.Popen(cmd, start_new_session=True, preexec_fn=_die_with(os.getpid()), **kw)


def kill_group(proc: subprocess.Popen, grace: float = 3.0) -> None:
    """End ``proc`` and its process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def run(cmd, *, timeout: float) -> subprocess.CompletedProcess:
    """Run ``cmd`` to completion (text stdout/stderr captured) as a :func:`popen` child.

    On a timeout or an exception in the caller (KeyboardInterrupt) the child's group is ended first.
    """
    proc = popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        kill_group(proc)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
