"""One part rendered by several processes at once, its clip joined without re-encoding (issue 32).

On this machine, one manim plays the part through and forks a child to draw each play
(``$LECTURE_FORK_PLAYS``, scenes/common/render_section.py ``PlayForker``). On Dask workers, which share
no memory, section ``k`` of ``n`` is a whole manim process that draws the plays whose index is ``k``
modulo ``n`` and fast-forwards the rest
(scenes/common/render_section.py says why that gives every play the state a serial render gives it).
Each drawn play is a partial movie file of its own (``uncached_<play>.mp4``, as ``--disable_caching``
names them) that starts on a keyframe; :func:`join` puts the files of every process in play order
through ffmpeg's concat demuxer with ``-c copy``, as manim joins its own partial files, so the clip has
the frames of a serial render (tests/test_sections.py decodes both). Each process writes the part's
beats; they must agree, and the play count in them says whether a file is missing.

How many sections: :func:`sections_for` gives a part the cores no other render is using.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from scenes.common.render_section import FORK_ENV, SECTION_ENV  # the variables the manim processes read

from . import media
from .errors import LectureError

__all__ = ["SECTION_ENV", "FORK_ENV", "SECTION_CONFIG", "partial_files", "join", "join_plays", "sections_for",
           "agreed_beats", "env_cap"]


#: a section keeps every partial movie file it wrote (manim prunes beyond 100 by default)
SECTION_CONFIG = "[CLI]\nmax_files_cached = -1\n"

_PARTIAL = re.compile(r"uncached_(\d+)\.mp4$")


def partial_files(media_dir: Path, scene: str) -> dict[int, Path]:
    """The partial movie files a section's manim wrote, by play index."""
    out = {}
    for path in Path(media_dir).rglob("uncached_*.mp4"):
        m = _PARTIAL.search(path.name)
        if m and path.parent.name == scene and "partial_movie_files" in path.parts:
            out[int(m.group(1))] = path
    return out


def join(files: list[Path], out: Path) -> Path:
    """The partial files, in this order, as one clip (packets copied, nothing re-encoded)."""
    listing = out.with_suffix(".concat.txt")
    listing.write_text("".join(f"file '{_quoted(p)}'\n" for p in files), encoding="utf-8")
    media.ffmpeg(["-f", "concat", "-safe", "0", "-i", listing, "-an", "-c", "copy", out], out,
                 why="to join the sections of a part", what="join the sections' partial movie files")
    listing.unlink()
    return out


def _quoted(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", r"'\''")


def join_plays(files: dict[int, Path], records: list[dict | None], out: Path, scene: str) -> dict:
    """Every play's partial file (by play index) joined into ``out``, after checking that the beats the
    processes wrote (``records``) agree and no play is missing; the part's beats."""
    beats = agreed_beats(records, len(files))
    if not files or sorted(files) != list(range(len(files))):
        raise LectureError(f"the sections of {scene} left plays {sorted(files)}: render it with --sections 1")
    out.parent.mkdir(parents=True)
    join([files[i] for i in sorted(files)], out)
    return beats


def env_cap() -> int | None:
    """``$LECTURE_SECTIONS`` as the most sections a part gets (``None`` when unset or not a positive number)."""
    env = os.environ.get("LECTURE_SECTIONS", "").strip()
    return int(env) if env.isdigit() and int(env) > 0 else None


def agreed_beats(records: list[dict | None], total_files: int) -> dict:
    """The beats every section wrote, checked: the same in each, and naming as many plays as there are files."""
    first = records[0]
    if first is None or any(r != first for r in records[1:]):
        raise LectureError("the sections of this part wrote different beats: render it with --sections 1 "
                           "and report the part (its plays depend on something besides the part's code)")
    plays = first.get("plays")
    if plays is not None and plays != total_files:
        raise LectureError(f"the sections drew {total_files} of the part's {plays} plays: render it with --sections 1")
    return first


def sections_for(busy: int, cores: int | None = None, most: int | None = None, load: float | None = None) -> int:
    """Sections for a part that starts while ``busy`` other renders of ours run: the idle cores, at least 1.

    A core is idle when neither our renders nor anything else (the 1-minute load average) uses it.
    ``most`` caps it (``lecture render --sections``); ``$LECTURE_SECTIONS`` sets the cap when not given.
    """
    cores = cores if cores is not None else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                             else os.cpu_count() or 1)
    if load is None:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if most is None:
        most = env_cap() or cores
    return max(1, min(most, cores - max(busy, int(load + 0.5))))


def read_beats(path: Path) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
