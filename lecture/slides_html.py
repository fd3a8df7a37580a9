"""An offline HTML deck from a lecture's manifest: one folder, no network, opens from file://.

``deck/index.html`` + ``deck.css`` + ``deck.js`` (shipped in ``lecture/deck_assets``)
and the clips and posters beside them (hard links when the file system allows,
copies otherwise), so the folder can be zipped, moved or put on a USB stick.
"""

from __future__ import annotations

import html
from pathlib import Path

from .files import atomic_copy, atomic_write_text
from .strings import subtitle, t

__all__ = ["build_html"]


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def build_html(manifest: dict, out_dir: Path, deck_dir: Path | None = None) -> Path:
    """Write the deck into ``out_dir/deck`` and return the path of its ``index.html``.

    Each file appears atomically and ``index.html`` is written last, so an
    interrupted build never leaves a page pointing at half a clip.
    """
    lang = manifest.get("language", "en")
    deck = deck_dir or out_dir / "deck"
    (deck / "clips").mkdir(parents=True, exist_ok=True)
    assets = Path(__file__).resolve().parent / "deck_assets"
    for name in ("deck.css", "deck.js"):
        atomic_write_text(deck / name, (assets / name).read_text(encoding="utf-8"))
    keep = set()
    for clip in manifest["clips"]:
        for key in ("clip", "poster"):
            atomic_copy(out_dir / clip[key], deck / "clips" / clip[key], link=True)
            keep.add(clip[key])
    for old in (deck / "clips").iterdir():
        if old.name not in keep:
            old.unlink(missing_ok=True)

    n = len(manifest["clips"])
    items = "".join(f"<li>{_e(c['title'])}</li>" for c in manifest["clips"])
    slides = [
        f"""<section class="slide title" id="s1">
  <h1>{_e(manifest['title'])}</h1>
  <p class="sub">{_e(subtitle(manifest, lang))}</p>
  <ol>{items}</ol>
  <p class="sub">{_e(t('deck.keys', lang))}</p>
</section>"""
    ]
    for i, c in enumerate(manifest["clips"], 2):
        notes = t("deck.notes", lang, index=i - 1, n=n, title=c["title"], duration=c["duration"],
                  part=c["part"], scene=c["scene"], file=c["scene_file"])
        slides.append(f"""<section class="slide clip" id="s{i}" data-part="{_e(c['part'])}">
  <h2>{_e(c['title'])}</h2>
  <video src="clips/{_e(c['clip'])}" poster="clips/{_e(c['poster'])}" muted playsinline controls preload="auto"></video>
  <aside class="notes">{_e(notes)}</aside>
</section>""")
    page = f"""<!doctype html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(manifest['title'])}</title>
<link rel="stylesheet" href="deck.css">
</head>
<body>
{chr(10).join(slides)}
<div class="counter"></div>
<script src="deck.js"></script>
</body>
</html>
"""
    return atomic_write_text(deck / "index.html", page)
