"""``media/index.html``: every rendered lecture and clip, with posters, durations and deck links."""

from __future__ import annotations

import html
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import media
from .errors import LectureError
from .files import atomic_write_text, real_folder
from .manifest import check_clip_files, load_manifest
from .strings import t

__all__ = ["Gallery", "build_gallery", "find_manifests"]


@dataclass
class Gallery:
    path: str
    lectures: list[dict] = field(default_factory=list)
    #: one line per lecture folder that was skipped (its manifest is unreadable or malformed)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def find_manifests(root: Path | None = None, warnings: list[str] | None = None,
                   order: list[str] | None = None) -> list[tuple[Path, dict]]:
    """Every well-formed ``manifest.json`` under ``media/lectures``, lectures in ``order`` (the course's, as
    ``lecture list``), the others after them by id; then by quality and language.

    A manifest that cannot be read or is not of the expected structure, in a folder reached through a
    symbolic link, or whose clips are not the ones their render wrote (size and SHA-256), is skipped;
    its one-line reason goes to ``warnings`` (when given).
    """
    root = root or media.media_root()
    base = root / "lectures"
    found = []
    for path in sorted(base.glob("*/*/manifest.json")) + sorted(base.glob("*/*/*/manifest.json")):
        try:
            real_folder(path.parent, root, create=False)
            manifest = load_manifest(path)
            check_clip_files(manifest, path.parent)
            found.append((path, manifest))
        except LectureError as e:
            if warnings is not None:
                warnings.append(str(e))
    place = {name: i for i, name in enumerate(order or ())}
    found.sort(key=lambda pm: (place.get(pm[1]["lecture"], len(place)), pm[1]["lecture"], pm[1].get("quality_dir", ""),
                               pm[1].get("language", "")))
    return found


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _card(c: dict, clip_lang: str, lang: str) -> str:
    """One clip: its video (poster first, subtitles offered), title, length and its chapters as links."""
    track = (f'<track kind="subtitles" src="{_e(c["subtitles"])}" srclang="{_e(clip_lang)}" '
             f'label="{_e(t("deck.subtitles", clip_lang))}">') if c.get("subtitles") else ""
    chapters = "".join(
        f'<li><a href="{_e(c["clip"])}#t={ch["start"]:g}">{_e(ch["title"] or t("gallery.chapter", lang, index=i))}</a> '
        f'<span>{ch["start"]:.1f} s</span></li>' for i, ch in enumerate(c.get("chapters", []), 1))
    return (f"""<figure><video controls preload="none" poster="{_e(c['poster'])}" src="{_e(c['clip'])}">{track}</video>
<figcaption><a href="{_e(c['clip'])}">{_e(c['title'])}</a> <span>{c['duration']:.1f} s</span></figcaption>"""
            + (f'<ol class="chapters">{chapters}</ol>' if len(c.get("chapters", [])) > 1 else "") + "</figure>")


def build_gallery(root: Path | None = None, lang: str = "en", order: list[str] | None = None) -> Gallery:
    root = root or media.media_root()
    index = root / "index.html"
    gallery = Gallery(str(index))
    sections = []
    for path, man in find_manifests(root, gallery.warnings, order):
        folder = path.parent
        rel = lambda p: os.path.relpath(p, root)  # noqa: E731
        deck = folder / "deck" / "index.html"
        pptx = folder / "slides.pptx"
        entry = {"lecture": man["lecture"], "title": man.get("title", man["lecture"]), "quality": man.get("quality_dir"),
                 "language": man.get("language", "en"), "manifest": rel(path),
                 "deck": rel(deck) if deck.exists() else None, "pptx": rel(pptx) if pptx.exists() else None,
                 "clips": [{"part": c["part"], "title": c["title"], "duration": c["duration"],
                            "clip": rel(folder / c["clip"]), "poster": rel(folder / c["poster"]),
                            "subtitles": rel(folder / c["subtitles"]) if c.get("subtitles") else None,
                            "chapters": [{"start": b["start"], "title": (b.get("captions") or [""])[0]}
                                         for b in c.get("beats", [])]}
                           for c in man.get("clips", []) if (folder / c["clip"]).exists()]}
        gallery.lectures.append(entry)
        links = " · ".join(
            f'<a href="{_e(href)}">{_e(t(key, lang))}</a>'
            for key, href in (("gallery.deck", entry["deck"]), ("gallery.pptx", entry["pptx"])) if href
        )
        cards = "".join(_card(c, entry["language"], lang) for c in entry["clips"])
        sections.append(f"""<section><h2>{_e(entry['title'])}</h2>
<p class="meta">{_e(entry['lecture'])} · {_e(entry['quality'])} · {_e(entry['language'])} {('· ' + links) if links else ''}</p>
<div class="grid">{cards}</div></section>""")
    body = "\n".join(sections) or f"<p>{_e(t('gallery.empty', lang))}</p>"
    page = f"""<!doctype html>
<html lang="{_e(lang)}"><head><meta charset="utf-8"><title>{_e(t("gallery.title", lang))}</title>
<style>
body {{ font-family: "NanumGothic", "Helvetica Neue", Arial, sans-serif; margin: 2em; background: #f6f7f9; color: #1d232b; }}
h1 {{ margin-top: 0; }} h2 {{ margin-bottom: 0.2em; }} .meta {{ color: #5b6573; margin-top: 0; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1em; }}
figure {{ margin: 0; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px #0002; overflow: hidden; }}
figure img {{ width: 100%; display: block; }} figcaption {{ padding: 0.5em 0.7em; }}
figcaption span {{ color: #5b6573; float: right; }}
figure video {{ width: 100%; display: block; background: #000; }}
ol.chapters {{ margin: 0 0.7em 0.6em; padding-left: 1.4em; font-size: 0.85em; color: #5b6573; }}
</style></head>
<body><h1>{_e(t("gallery.title", lang))}</h1>
{body}
</body></html>
"""
    atomic_write_text(index, page)
    return gallery
