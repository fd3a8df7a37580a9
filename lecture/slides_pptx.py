"""A PowerPoint deck from a lecture's manifest: a title slide, then one slide per beat of each clip.

PowerPoint's own advance then does what the HTML deck's arrow key does: each slide plays one beat
and stops on its last frame. A beat's video is cut from the clip without re-encoding (every beat
starts on a keyframe, see ``scenes/common/beats.py``); a clip without beats is one slide.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu, Pt

from .errors import LectureError
from .files import atomic_write
from .strings import subtitle, t

__all__ = ["build_pptx"]


def build_pptx(manifest: dict, out_dir: Path, dest: Path | None = None) -> Path:
    """Write ``slides.pptx`` next to the clips; videos are embedded with their posters.

    The clip keeps the video's aspect ratio, as large as fits under the title.
    """
    lang = manifest.get("language", "en")
    prs = Presentation()
    W, H = Emu(12192000), Emu(6858000)  # 16:9
    prs.slide_width, prs.slide_height = W, H

    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = manifest["title"]
    title_slide.placeholders[1].text = subtitle(manifest, lang)

    n = len(manifest["clips"])
    with tempfile.TemporaryDirectory(prefix=".pptx-", dir=out_dir) as cuts:
        for i, clip in enumerate(manifest["clips"], 1):
            notes = t("deck.notes", lang, index=i, n=n, title=clip["title"], duration=clip["duration"],
                      part=clip["part"], scene=clip["scene"], file=clip["scene_file"])
            if clip.get("recordings"):
                notes += "\n" + t("deck.recordings", lang, ids=", ".join(clip["recordings"]))
            for title, video, poster, beat_notes in _beat_slides(clip, out_dir, Path(cuts), lang):
                slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
                _title(slide, title, W, H)
                _movie(slide, clip["resolution"], video, poster, W, H)
                slide.notes_slide.notes_text_frame.text = "\n".join([*beat_notes, notes])
        dest = dest or out_dir / "slides.pptx"
        with atomic_write(dest, suffix=".pptx") as tmp:
            prs.save(str(tmp))
    return dest


def _title(slide, text: str, W: int, H: int) -> None:
    title = slide.shapes.title
    title.text = text
    title.left, title.top, title.width, title.height = Emu(W // 20), Emu(H // 40), Emu(W * 9 // 10), Emu(H // 8)
    for para in title.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(30)


def _movie(slide, resolution: str, video: Path, poster: Path, W: int, H: int) -> None:
    """The video as large as fits under the title, keeping its aspect ratio."""
    w, h = (int(x) for x in resolution.split("x"))
    top = H // 40 + H // 8 + H // 40
    box_w, box_h = W * 9 // 10, H - top - H // 30
    scale = min(box_w / w, box_h / h)
    vw, vh = int(w * scale), int(h * scale)
    slide.shapes.add_movie(str(video), Emu((W - vw) // 2), Emu(top), Emu(vw), Emu(vh),
                           poster_frame_image=str(poster), mime_type="video/mp4")


def _ffmpeg(*args: str) -> None:
    proc = subprocess.run(["ffmpeg", "-v", "error", "-y", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise LectureError(f"ffmpeg could not cut a beat for the PowerPoint deck: "
                           f"{(proc.stderr.strip().splitlines() or ['no message'])[-1]}")


def _beat_slides(clip: dict, out_dir: Path, cuts: Path, lang: str):
    """(title, video, poster, notes) of each slide of one clip: one per beat, or the whole clip."""
    beats = clip.get("beats") or []
    video, poster = out_dir / clip["clip"], out_dir / clip["poster"]
    if len(beats) <= 1:
        yield clip["title"], video, poster, [" ".join(b.get("captions") or []) for b in beats]
        return
    stem = Path(clip["clip"]).stem
    # one pass of ffmpeg's segment muxer: it cuts at the first keyframe at or after each time, and every
    # beat starts on one, so each piece is exactly its beat's frames, copied (no re-encoding)
    starts = ",".join(f"{b['start']:.3f}" for b in beats[1:])
    _ffmpeg("-i", str(video), "-map", "0:v", "-c", "copy", "-f", "segment", "-segment_times", starts,
            "-reset_timestamps", "1", str(cuts / f"{stem}-beat%03d.mp4"))
    for k, b in enumerate(beats):
        part = cuts / f"{stem}-beat{k:03d}.mp4"
        still = cuts / f"{stem}-beat{k:03d}.png"
        # the beat's last frame (it ends in a hold): decode its last half second, keep the last picture
        _ffmpeg("-sseof", "-0.5", "-i", str(part), "-update", "1", str(still))
        if not part.is_file() or not still.is_file():
            raise LectureError(f"{video}: ffmpeg made no video or picture for beat {b['index']}; render the "
                               "lecture again")
        label = t("deck.beat_title", lang, title=clip["title"], index=b["index"], n=len(beats))
        yield label, part, still, [" ".join(b.get("captions") or [])]
