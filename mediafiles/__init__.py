"""Files written so that nothing is ever half-written, locked twice, or written through a link.

The bottom layer of the project: ``engine`` (recordings), ``scenes`` (beats, the LaTeX cache) and
``lecture`` (clips, decks, the gallery, the catalog index) all write through these, and this package
imports none of them (standard library only). Failures are plain ``OSError``s naming the file
(``err.filename``); each layer turns them into its own one-line error.

- :func:`atomic_write` (and ``_text``/``_json``/``_bytes``): a temp file beside the target, renamed
  over it at the end; a reader sees the whole old file or the whole new one, never a part.
- :func:`locked` / :func:`open_lock`: an exclusive ``fcntl`` lock on a file opened with ``O_NOFOLLOW``.
- :data:`FILE_MODE`: the mode a new file gets under this process's umask (``mkstemp`` makes ``0600``).
- :func:`folder_problem` / :func:`make_real_folder`: folders under the media folder that are never
  somewhere else through a symbolic link.
"""

from __future__ import annotations

from .atomic import (
                     FILE_MODE,
                     atomic_write,
                     atomic_write_bytes,
                     atomic_write_json,
                     atomic_write_text,
                     current_umask,
                     sweep_dead_temps,
                     temp_beside,
)
from .folders import folder_problem, make_real_folder
from .locks import is_link_refusal, locked, open_lock

__all__ = ["FILE_MODE", "atomic_write", "atomic_write_bytes", "atomic_write_json", "atomic_write_text",
           "current_umask", "sweep_dead_temps", "temp_beside", "folder_problem", "make_real_folder",
           "is_link_refusal", "locked", "open_lock"]
