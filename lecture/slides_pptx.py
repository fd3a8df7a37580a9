"""A PowerPoint deck from a lecture's manifest: a title slide, then one slide per beat of each clip.

PowerPoint's own advance then does what the HTML deck's arrow key does: each slide plays one beat
and stops on its last frame. A beat's video is cut from the clip without re-encoding
(``lecture/beat_cuts.py``); a clip of one beat is one slide.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu, Pt

from .files import atomic_write
from .strings import subtitle, t

__all__ = ["build_pptx"]


def build_pptx(manifest: dict, out_dir: Path, cuts, dest: Path | None = None) -> Path:
    """Write ``slides.pptx`` next to the clips: one slide per beat (``cuts``, from
    :func:`lecture.beat_cuts.cut_beats`), its video embedded with its poster, as large as fits under the title.
    """
    lang = manifest.get("language", "en")
    prs = Presentation()
    W, H = Emu(12192000), Emu(6858000)  # 16:9
    prs.slide_width, prs.slide_height = W, H

    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = manifest["title"]
    title_slide.placeholders[1].text = subtitle(manifest, lang)

    n = len(manifest["clips"])
    for i, (clip, beats) in enumerate(zip(manifest["clips"], cuts, strict=True), 1):
        notes = t("deck.notes", lang, index=i, n=n, title=clip["title"], duration=clip["duration"],
                  part=clip["part"], scene=clip["scene"], file=clip["scene_file"])
        if clip.get("recordings"):
            notes += "\n" + t("deck.recordings", lang, ids=", ".join(clip["recordings"]))
        for cut in beats:
            slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
            title = clip["title"] if cut.n == 1 else t("deck.beat_title", lang, title=clip["title"], index=cut.index,
                                                       n=cut.n)
            _title(slide, title, W, H)
            _movie(slide, clip["resolution"], cut.video, cut.poster, W, H)
            slide.notes_slide.notes_text_frame.text = "\n".join([" ".join(cut.captions), notes]).strip()
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
