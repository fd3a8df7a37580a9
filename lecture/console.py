"""One rich Console on stderr for people; stdout is kept for ``--json``."""

from __future__ import annotations

import json
import logging
import os
import sys

from rich.console import Console
from rich.logging import RichHandler

__all__ = ["console", "setup", "progress_enabled", "emit_json"]

#: everything meant for people goes to stderr
console = Console(stderr=True, highlight=False)

_state = {"quiet": False, "verbose": False}


def setup(*, verbose: bool = False, quiet: bool = False) -> None:
    """Route logging to stderr through rich: ``-v`` shows debug lines, ``-q`` only errors."""
    _state.update(verbose=verbose, quiet=quiet)
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_lecture", False):
            root.removeHandler(h)
    handler = RichHandler(console=console, show_time=False, show_path=False, rich_tracebacks=True)
    handler._lecture = True  # type: ignore[attr-defined]  # marks our own handler for the next setup
    root.addHandler(handler)
    root.setLevel(level)


def is_quiet() -> bool:
    return _state["quiet"]


def is_verbose() -> bool:
    return _state["verbose"]


def progress_enabled() -> bool:
    """Live progress only for a person at a terminal: not with ``-q``, without a TTY, or in CI."""
    return not _state["quiet"] and console.is_terminal and not os.environ.get("CI")


def say(*objects, **kw) -> None:
    """Print for people (stderr) unless ``--quiet``."""
    if not _state["quiet"]:
        console.print(*objects, **kw)


def emit_json(payload) -> None:
    """Machine-readable result on stdout."""
    sys.stdout.write(json.dumps(payload, indent=2, sort_keys=False, default=str) + "\n")
    sys.stdout.flush()
