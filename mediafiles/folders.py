"""Folders and lock files under the media folder that are never somewhere else through a symbolic link.

Both ``engine`` (recordings) and ``lecture`` (clips, decks, the gallery) write under the media
folder; a link in the way (``media/lectures/05wk-1/480p15 -> /elsewhere``) would make them write,
sweep and delete outside it. Each layer raises its own error with the one-line messages returned here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["folder_problem", "make_real_folder"]


def folder_problem(path: os.PathLike | str, root: os.PathLike | str, *, create: bool = False) -> str | None:
    """Why ``path`` is not a real folder inside ``root`` (one line naming the culprit and the fix), or ``None``.

    Every component below ``root`` down to ``path`` must be a directory, not a symbolic link
    (``root`` itself may be one: the media folder is the user's choice). Missing components are
    created one at a time when ``create`` (``mkdir`` never follows a link at its own name).
    """
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if path != root and root not in path.parents:
        return f"{path}: is not inside the media folder {root}; nothing is written there"
    if create:
        os.makedirs(root, exist_ok=True)   # the media folder itself (which may be a link: the user's choice)
    here = root
    for part in path.relative_to(root).parts:
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            if not create:
                return None   # nothing further down exists: nothing to follow
            try:
                os.mkdir(here)
            except FileExistsError:
                pass          # made by another run in between: look at it again
            st = os.lstat(here)
        if stat.S_ISLNK(st.st_mode):
            return (f"{here}: is a symbolic link; everything is written only inside the media folder {root}: "
                    "remove the link (or move the folder it points to into its place, or point LECTURE_MEDIA_DIR "
                    "at a folder on that disk) and run again")
        if not stat.S_ISDIR(st.st_mode):
            return f"{here}: is not a folder; move it away and run again"
    return None


def make_real_folder(path: os.PathLike | str, root: os.PathLike | str) -> str | None:
    """Create ``path`` (and what is missing above it) as real folders inside ``root``; a problem is returned."""
    return folder_problem(path, root, create=True)

