"""The lecture as a manim-slides presentation, for teachers who present with ``manim-slides present``.

manim-slides renders a scene that calls ``self.next_slide()`` and writes a JSON file listing one
video per slide; its presenter (``manim-slides present``) and converter (``manim-slides convert``,
to HTML or PPTX) read only that JSON and those videos. Its renderer does not run on manim 0.22 (it
needs ``ManimConfig.write_to_movie``, which manim 0.22 removed), but our clips already have slides:
their beats. So this writes the JSON manim-slides' own reader (``PresentationConfig``) accepts, with
one slide per beat (the videos of ``lecture/beat_cuts.py``), the beat's sentences as its notes:

    media/lectures/<lecture>/<quality>/slides/<lecture>.json   # the presentation
    media/lectures/<lecture>/<quality>/beats/*.mp4              # its videos (paths relative to the folder)

``cd`` into the lecture folder and run ``manim-slides present <lecture>`` (manim-slides looks in
``./slides``). manim-slides plays a slide's reversed video on its "reverse" key; we render none, so
that key replays the beat forward.
"""

from __future__ import annotations

import json
from pathlib import Path

from .files import atomic_write_text, real_folder

__all__ = ["build_manim_slides", "FOLDER"]

#: where manim-slides looks for presentations (``manim-slides present --folder``'s default)
FOLDER = "slides"


def build_manim_slides(manifest: dict, out_dir: Path, cuts) -> Path:
    """Write ``slides/<lecture>.json`` in manim-slides' format (its ``PresentationConfig``); return its path."""
    out_dir = Path(out_dir)
    w, h = (int(x) for x in manifest["clips"][0]["resolution"].split("x"))
    slides = []
    for clip, beats in zip(manifest["clips"], cuts, strict=True):
        for cut in beats:
            video = cut.video.relative_to(out_dir).as_posix()
            notes = f"{clip['title']} ({cut.index}/{cut.n})\n" + " ".join(cut.captions)
            slides.append({"file": video, "rev_file": video, "notes": notes.strip(), "loop": False,
                           "auto_next": False, "playback_rate": 1.0, "reversed_playback_rate": 1.0})
    presentation = {"slides": slides, "resolution": [w, h], "background_color": "black"}
    folder = real_folder(out_dir / FOLDER)
    return atomic_write_text(folder / f"{manifest['lecture']}.json", json.dumps(presentation, ensure_ascii=False,
                                                                                 indent=1))
