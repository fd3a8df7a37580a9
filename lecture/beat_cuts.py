"""Each beat of each clip as a video of its own, cut without re-encoding, with its last frame as a poster.

Every beat starts on a keyframe (``scenes/common/beats.py``), so ffmpeg's segment muxer, given the
beats' start times, cuts a clip into exactly its beats' frames by copying packets. The PowerPoint deck
gives each beat a slide of its own from these, and the manim-slides presentation lists them.

They live in ``beats/`` in the lecture folder, made anew by each ``lecture slides`` (a fresh folder
swapped in whole, so a killed build leaves the previous set or none, never a mix).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import media
from .errors import LectureError
from .files import real_folder

__all__ = ["BeatCut", "cut_beats", "FOLDER"]

#: the folder in the lecture folder that holds the cuts
FOLDER = "beats"


@dataclass(frozen=True)
class BeatCut:
    """One beat of one clip: its video and poster (inside ``beats/``, or the clip itself for a one-beat clip)."""

    part: str
    index: int
    n: int
    video: Path
    poster: Path
    captions: list[str] = field(default_factory=list)


def _cut_clip(clip: dict, out_dir: Path, dest: Path) -> list[BeatCut]:
    beats = clip.get("beats") or []
    video, poster = out_dir / clip["clip"], out_dir / clip["poster"]
    if len(beats) <= 1:
        captions = list(beats[0].get("captions") or []) if beats else []
        return [BeatCut(clip["part"], 1, 1, video, poster, captions)]
    stem = Path(clip["clip"]).stem
    starts = ",".join(f"{b['start']:.3f}" for b in beats[1:])
    media.ffmpeg(["-i", video, "-map", "0:v", "-c", "copy", "-f", "segment", "-segment_times", starts,
                  "-reset_timestamps", "1", dest / f"{stem}-beat%03d.mp4"], video, why="to cut clips at their beats",
                 what="cut it at its beats")
    cuts = []
    for k, b in enumerate(beats):
        part, still = dest / f"{stem}-beat{k:03d}.mp4", dest / f"{stem}-beat{k:03d}.png"
        if part.is_file():
            media.poster(part, still)   # the beat's last frame, cut as a clip's poster is (it ends in a hold)
        if not part.is_file() or not still.is_file():
            raise LectureError(f"{video}: ffmpeg made no video or picture for beat {b['index']}; render the "
                               "lecture again")
        cuts.append(BeatCut(clip["part"], int(b["index"]), len(beats), part, still, list(b.get("captions") or [])))
    return cuts


def cut_beats(manifest: dict, out_dir: Path) -> list[list[BeatCut]]:
    """The beats of every clip of ``manifest`` (one list per clip), cut into ``out_dir/beats``.

    Callers hold the lecture's slides lock. The new set is built in a hidden folder beside it and
    swapped in whole; what an earlier build left is removed with it.
    """
    out_dir = Path(out_dir)
    final = real_folder(out_dir / FOLDER)
    work = Path(tempfile.mkdtemp(prefix=f".{FOLDER}-", dir=out_dir))
    try:
        cuts = [_cut_clip(c, out_dir, work) for c in manifest["clips"]]
        old = Path(tempfile.mkdtemp(prefix=f".{FOLDER}-old-", dir=out_dir))
        os.replace(final, old / FOLDER)
        os.replace(work, final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    # the cuts were made in the work folder: name them where they are now
    return [[c if c.video.parent != work else BeatCut(c.part, c.index, c.n, final / c.video.name,
                                                       final / c.poster.name, c.captions) for c in clip]
            for clip in cuts]
