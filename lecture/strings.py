"""Words on the decks and the gallery (the scenes' own words live in ``scenes/strings`` and in each lecture's
``strings.py``; a lecture's title comes from its ``Lecture(title=...)``, added here by the catalog)."""

from __future__ import annotations

from scenes.strings import text_of

from .errors import LectureError

__all__ = ["STRINGS", "t", "lecture_title", "subtitle"]

STRINGS: dict[str, dict[str, str]] = {
    "deck.lecture": {"en": "Lecture {id}", "ko": "강의 {id}"},
    "deck.clips": {"en": "{n} clips, {minutes} min", "ko": "영상 {n}개, {minutes}분"},
    "deck.clip": {"en": "1 clip, {minutes} min", "ko": "영상 1개, {minutes}분"},
    "deck.keys": {"en": "→ or space: next beat · ←: back one beat · P: play through · R: replay · S: notes · "
                        "F: full screen",
                  "ko": "→ 또는 스페이스: 다음 장면 · ←: 이전 장면 · P: 끝까지 재생 · R: 다시 재생 · S: 메모 · "
                        "F: 전체 화면"},
    "deck.beat": {"en": "next, beat {index} of {n}", "ko": "다음, 장면 {index}/{n}"},
    "deck.last_beat": {"en": "last beat of this clip: → goes to the next slide",
                       "ko": "이 영상의 마지막 장면: → 다음 슬라이드"},
    "deck.subtitles": {"en": "English", "ko": "한국어"},
    "deck.beat_title": {"en": "{title} ({index}/{n})", "ko": "{title} ({index}/{n})"},
    "gallery.chapter": {"en": "beat {index}", "ko": "장면 {index}"},
    "deck.notes": {"en": "Clip {index} of {n}: {title} ({duration:.1f} s). Part id {part}; scene {scene} in {file}.",
                   "ko": "영상 {index}/{n}: {title} ({duration:.1f}초). 파트 {part}; {file}의 {scene}."},
    "deck.recordings": {"en": "Numbers from the recorded runs: {ids}.", "ko": "화면의 숫자는 기록된 학습에서: {ids}."},
    "gallery.title": {"en": "Rendered lectures", "ko": "렌더링된 강의"},
    "gallery.empty": {"en": "Nothing rendered yet: run `lecture render --all`.",
                      "ko": "아직 렌더링된 강의가 없습니다: `lecture render --all`을 실행하세요."},
    "gallery.deck": {"en": "HTML deck", "ko": "HTML 슬라이드"},
    "gallery.pptx": {"en": "PowerPoint", "ko": "파워포인트"},
}


#: ``{"lecture.<id>": where}`` of the titles lectures of one's own declared (``lecture.catalog`` adds them)
TITLES_BY: dict[str, str] = {}


def t(key: str, lang: str = "en", **fmt) -> str:
    """The deck string ``key`` in ``lang``, formatted with ``fmt``: the scenes' rule (``scenes.strings.text_of``),
    a missing key or language a one-line LectureError naming where to add it."""
    try:
        text = text_of(STRINGS, key, lang, where=lambda: _where_to_add(key, lang), what="deck string")
    except KeyError as e:
        raise LectureError(e.args[0]) from None
    return text.format(**fmt) if fmt else text


def _where_to_add(key: str, lang: str) -> str:
    if key in TITLES_BY:
        return f"add it to the title of the Lecture(...) in {TITLES_BY[key]}: title={{'en': ..., {lang!r}: ...}}"
    return f"add it to lecture/strings.py: {key!r}: {{'en': ..., {lang!r}: ...}}"


def subtitle(manifest: dict, lang: str = "en") -> str:
    """``Lecture 05wk-1 · 7 clips, 4.2 min`` (without the first half when it is the title already)."""
    minutes = sum(c["duration"] for c in manifest["clips"]) / 60
    key = "deck.clip" if len(manifest["clips"]) == 1 else "deck.clips"
    clips = t(key, lang, n=len(manifest["clips"]), minutes=f"{minutes:.1f}")
    name = t("deck.lecture", lang, id=manifest["lecture"])
    return clips if name == manifest["title"] else f"{name} · {clips}"


def lecture_title(lecture: str, lang: str = "en") -> str:
    key = f"lecture.{lecture}"
    return t(key, lang) if key in STRINGS else t("deck.lecture", lang, id=lecture)
