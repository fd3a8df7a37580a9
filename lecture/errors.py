"""Errors that reach users: one line saying what went wrong, where, and what to do."""

from __future__ import annotations

__all__ = ["LectureError", "UnknownName", "MissingTool", "MediaDirError", "RenderFailed"]


class LectureError(Exception):
    """Base class of the CLI's failures (exit code 1); the message is one readable line."""


class UnknownName(LectureError):
    """An unknown lecture, part or experiment; the message lists what exists."""


class MissingTool(LectureError):
    """An external program (ffmpeg, LaTeX, ...) is not installed; the message says what to install."""


class MediaDirError(LectureError):
    """The media folder cannot be written (read-only, full, ...)."""


class RenderFailed(LectureError):
    """Some parts failed to render; the others were written."""
