"""``lecture slides``: both decks from one manifest."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import media
from .errors import LectureError, UnknownName
from .files import locked, real_folder
from .manifest import check_clip_files, load_manifest, plain_name

__all__ = ["Slides", "build_slides"]


@dataclass
class Slides:
    lecture: str
    manifest: str
    pptx: str
    html: str
    clips: list[str] = field(default_factory=list)
    manim_slides: str = ""     # the manim-slides presentation (slides/<lecture>.json)
    beats: int = 0             # slides of the PowerPoint deck after its title: one per beat

    def to_dict(self) -> dict:
        return {"lecture": self.lecture, "manifest": self.manifest, "pptx": self.pptx, "html": self.html,
                "clips": self.clips, "manim_slides": self.manim_slides, "beats": self.beats}


def build_slides(lecture: str, *, quality: str = "l", lang: str = "en", catalog_factory=None) -> Slides:
    """PPTX + HTML deck of a rendered lecture (from its ``manifest.json``)."""
    from .beat_cuts import cut_beats
    from .slides_html import build_html
    from .slides_manim import build_manim_slides
    from .slides_pptx import build_pptx

    if not plain_name(lecture):
        raise UnknownName(f"{lecture!r} is not a lecture id (ids are plain names like 05wk-1; see `lecture list`)")
    out_dir = media.lecture_dir(lecture, quality, lang)
    real_folder(out_dir, create=False)   # the deck, the PPTX and the lock go here: never through a link
    if not (out_dir / "manifest.json").exists():
        # say whether the lecture itself is unknown, or just not rendered in this quality/language
        if catalog_factory is not None:
            catalog_factory().lecture(lecture)
        flags = f" -q {quality}" + (f" --lang {lang}" if lang != "en" else "")
        raise LectureError(f"{out_dir}: nothing rendered; run `lecture render {lecture}{flags}` first")
    manifest = load_manifest(out_dir / "manifest.json")
    if not manifest["clips"]:
        raise LectureError(f"{out_dir / 'manifest.json'}: no clips rendered; run `lecture render {lecture}` first")
    check_clip_files(manifest, out_dir)
    with locked(out_dir / ".slides.lock"):   # two `lecture slides` of one lecture take turns
        cuts = cut_beats(manifest, out_dir)
        pptx = build_pptx(manifest, out_dir, cuts)
        manim_slides = build_manim_slides(manifest, out_dir, cuts)
        html = build_html(manifest, out_dir)
    return Slides(lecture, str(out_dir / "manifest.json"), str(pptx), str(html),
                  [str(out_dir / c["clip"]) for c in manifest["clips"]], str(manim_slides),
                  sum(len(c) for c in cuts))
