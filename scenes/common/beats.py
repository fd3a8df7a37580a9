"""Where a part's beats start and end, and what each one shows, measured while it plays.

A part's storyboard is a sequence of beats; on screen a beat is a run of animations that ends in
a hold (a ``wait`` of at least :data:`HOLD` seconds): the frame a teacher stops on to talk. The
last beat ends with the part. Nothing in a part declares its beats: the scene's own plays are
watched (:class:`BeatLog`), so every part of every lecture has them, a teacher's own too.

What a beat shows is the prose on screen: every ``Text`` made by :func:`scenes.common.text.label`
(a string of the lecture's table, in the clip's language) carries its string key, and the log
notes when each one appears (the start of the play that brings it in) and leaves (the end of
the play that takes it away). Subtitles and chapters are made from that record; numbers,
formulas and axis ticks are not prose and are not captions.

A play starts a new partial movie file in manim, and the partial files are joined without
re-encoding, so every play, and with it every beat, starts on a keyframe: a player seeks to a
beat's start at once.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from manim import Wait

from mediafiles import atomic_write_json

__all__ = ["HOLD", "SENTENCE_WORDS", "Beat", "Caption", "BeatLog", "STRING_KEY", "BEATS_FILE_ENV", "beats_path",
           "write_beats"]

#: a wait at least this long (seconds) ends a beat
HOLD = 1.0
#: the attribute :func:`label` sets on its ``Text``: the string key it shows
STRING_KEY = "lecture_string_key"
#: where a part scene writes its beats (``lecture render`` sets it); else beside the movie file
BEATS_FILE_ENV = "LECTURE_BEATS_FILE"


#: a label of at least this many words is a sentence (a title, a caption, a conclusion); shorter ones
#: name things (an axis, a legend entry, a unit) and are not subtitles
SENTENCE_WORDS = 3


@dataclass
class Caption:
    """One label on screen: its text, its string key, when it appears and leaves (seconds), and
    whether it is a sentence (subtitles show sentences)."""

    text: str
    key: str
    start: float
    end: float | None = None
    sentence: bool = False


@dataclass
class Beat:
    """One beat: from ``start`` to ``end`` seconds; ``hold`` is when its closing hold begins;
    ``captions`` the sentences that appear during it, in order."""

    index: int
    start: float
    end: float
    hold: float
    captions: list[str] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return " ".join(self.captions)


class BeatLog:
    """Beats and captions of one part, from the plays of the scene it plays on (times from the part's start)."""

    def __init__(self, scene, part_id: str = ""):
        self.scene, self.part_id = scene, part_id
        self.origin = self.now()
        self.beats: list[Beat] = []
        self.captions: list[Caption] = []
        self._open: dict[int, Caption] = {}    # id(Text) -> its caption while it is on screen
        self._beat_start = 0.0

    def now(self) -> float:
        """The scene's clock: seconds of clip so far. A part scene counts the frames of every play, drawn
        or fast-forwarded (scenes/common/render_section.py); another scene has its renderer's time."""
        frames = getattr(self.scene, "frames_played", None)
        if frames is not None:
            return frames / self.scene.renderer.camera.frame_rate
        return float(getattr(self.scene.renderer, "time", 0.0))

    def _texts(self) -> dict[int, object]:
        """Prose ``Text``s on screen now, by identity (a text inside a group counts)."""
        out = {}
        for top in self.scene.mobjects:
            for m in top.get_family():
                if getattr(m, STRING_KEY, None) is not None:
                    out[id(m)] = m
        return out

    def played(self, animations, start: float) -> None:
        """Call after every play: ``start`` is the scene time when it began."""
        end = self.now() - self.origin
        start -= self.origin
        on_screen = self._texts()
        for key in list(self._open):
            if key not in on_screen:
                self._open.pop(key).end = round(end, 3)
        for key, text in on_screen.items():
            if key not in self._open:
                words = str(getattr(text, "original_text", "") or getattr(text, "text", ""))
                cap = Caption(words, str(getattr(text, STRING_KEY)), round(start, 3),
                              sentence=len(words.split()) >= SENTENCE_WORDS)
                self._open[key] = cap
                self.captions.append(cap)
        if animations and all(isinstance(a, Wait) for a in animations) and end - start >= HOLD - 1e-9:
            self._close(end, hold=start)

    def _close(self, end: float, hold: float) -> None:
        if end <= self._beat_start + 1e-9:
            return
        shown = [c.text for c in self.captions if c.sentence and self._beat_start - 1e-9 <= c.start < end - 1e-9]
        self.beats.append(Beat(len(self.beats) + 1, round(self._beat_start, 3), round(end, 3), round(hold, 3),
                               list(dict.fromkeys(shown))))
        self._beat_start = end

    def finish(self) -> dict:
        """Close the last beat at the part's end; the record as plain data (what the JSON file holds)."""
        end = self.now() - self.origin
        self._close(end, hold=end)
        for cap in self._open.values():
            cap.end = round(end, 3)
        self._open.clear()
        return {"part": self.part_id, "duration": round(end, 3), "hold_seconds": HOLD,
                "beats": [asdict(b) for b in self.beats], "captions": [asdict(c) for c in self.captions]}


def beats_path(scene) -> Path | None:
    """Where a part scene writes its beats: ``$LECTURE_BEATS_FILE``, else beside its movie file."""
    if os.environ.get(BEATS_FILE_ENV):
        return Path(os.environ[BEATS_FILE_ENV])
    writer = getattr(scene.renderer, "file_writer", None)
    movie = getattr(writer, "movie_file_path", None)
    return Path(movie).with_suffix(".beats.json") if movie else None


def write_beats(record: dict, path: Path) -> None:
    """Write the record whole (a temp file renamed into place)."""
    atomic_write_json(path, record, indent=1)
