"""An offline HTML deck from a lecture's manifest: one folder, no network, opens from file://.

``deck/index.html`` + ``deck.css`` + ``deck.js`` (shipped in ``lecture/deck_assets``)
and the clips and posters in ``deck/clips`` (hard links when the file system allows,
copies otherwise), so the folder can be zipped, moved or put on a USB stick.
"""

from __future__ import annotations

import glob
import html
import json
from pathlib import Path

from .files import atomic_copy, atomic_write_json, atomic_write_text, real_folder
from .manifest import plain_name
from .strings import subtitle, t

__all__ = ["build_html"]


def _e(s) -> str:
    return html.escape(str(s), quote=True)


#: the names of the files in ``deck/clips`` that the deck wrote: the only ones it ever deletes
OWNED = ".deck-files.json"


def _folder(path: Path) -> Path:
    """``path`` as a real folder inside the lecture folder: a symbolic link (to anywhere) is refused."""
    return real_folder(path)


def _owned(deck: Path) -> set[str]:
    """Clip names a previous build recorded as its own (an unreadable record owns nothing)."""
    try:
        names = json.loads((deck / OWNED).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return set()
    return {n for n in names if plain_name(n)} if isinstance(names, list) else set()


def build_html(manifest: dict, out_dir: Path, deck_dir: Path | None = None) -> Path:
    """Write the deck into ``out_dir/deck`` and return the path of its ``index.html``.

    Each file appears atomically and ``index.html`` is written last, so an
    interrupted build never leaves a page pointing at half a clip. ``manifest``
    must come from :func:`lecture.manifest.load_manifest` (plain clip names).
    Only clips an earlier build wrote (listed in ``deck/.deck-files.json``) are
    ever removed; anything else found in ``deck/clips`` is left alone.
    """
    lang = manifest.get("language", "en")
    deck = _folder(Path(deck_dir) if deck_dir is not None else out_dir / "deck")
    clips_dir = _folder(deck / "clips")
    assets = Path(__file__).resolve().parent / "deck_assets"
    for name in ("deck.css", "deck.js"):
        atomic_write_text(deck / name, (assets / name).read_text(encoding="utf-8"))
    keep = [c[key] for c in manifest["clips"] for key in ("clip", "poster", "subtitles") if c.get(key)]
    owned = _owned(deck)
    # recorded before copying, so a build killed half-way still owns what it wrote
    atomic_write_json(deck / OWNED, sorted(owned | set(keep)))
    for name in keep:
        atomic_copy(out_dir / name, clips_dir / name, link=True)
    for name in sorted(owned - set(keep)):
        old = clips_dir / name
        if old.is_symlink() or old.is_file():
            old.unlink(missing_ok=True)
    for name in owned | set(keep):   # temp files of a build that was killed (callers hold the deck's lock)
        stem = Path(name).stem
        for tmp in clips_dir.glob(f".{glob.escape(stem)}.*.tmp*"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)
    atomic_write_json(deck / OWNED, sorted(keep))

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
        beats = c.get("beats") or []
        spans = json.dumps([[b["start"], b["end"]] for b in beats])
        beat_notes = "".join(
            f'<li data-label="{_e(t("deck.beat", lang, index=b["index"], n=len(beats)))}">'
            f'{_e(" ".join(b.get("captions") or []) or "—")}</li>' for b in beats)
        track = (f'\n    <track kind="subtitles" src="clips/{_e(c["subtitles"])}" srclang="{_e(lang)}" '
                 f'label="{_e(t("deck.subtitles", lang))}" default>') if c.get("subtitles") else ""
        slides.append(f"""<section class="slide clip" id="s{i}" data-part="{_e(c['part'])}" data-beats="{_e(spans)}">
  <h2>{_e(c['title'])}</h2>
  <video src="clips/{_e(c['clip'])}" poster="clips/{_e(c['poster'])}" muted playsinline controls preload="auto">{track}
  </video>
  <aside class="notes">{_e(notes)}</aside>
  <ol class="beat-notes">{beat_notes}</ol>
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
<div class="speaker" data-end="{_e(t('deck.last_beat', lang))}"></div>
<script src="deck.js"></script>
</body>
</html>
"""
    return atomic_write_text(deck / "index.html", page)
