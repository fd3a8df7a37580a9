"""Errors that reach users: each one is a single readable line."""

from __future__ import annotations

__all__ = ["EngineError", "UnknownExperiment", "RecordingError"]


class EngineError(Exception):
    """Base class: the message is one line naming the thing and the fix."""


class UnknownExperiment(EngineError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0] if self.args else ""


class RecordingError(EngineError):
    """A recording file that cannot be read: truncated, corrupt, hostile or of another schema."""
