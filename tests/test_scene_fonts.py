"""A missing font is a clear error, not a video full of empty boxes."""

import pytest

from scenes.common import style


def test_fonts_of_both_languages_are_installed(monkeypatch):
    for lang in ("en", "ko"):
        monkeypatch.setenv("LECTURE_LANG", lang)
        assert style.font() in ("DejaVu Sans", "NanumGothic")


def test_missing_font_says_what_to_install(monkeypatch):
    monkeypatch.setenv("LECTURE_LANG", "ko")
    monkeypatch.setattr(style, "_installed", lambda name: False)
    with pytest.raises(RuntimeError, match="apt-get install fonts-nanum"):
        style.font()


def test_unknown_language_is_refused(monkeypatch):
    monkeypatch.setenv("LECTURE_LANG", "fr")
    with pytest.raises(ValueError, match="LECTURE_LANG='fr' is not supported"):
        style.font()


@pytest.mark.parametrize("lang,text", [
    ("ko", "시벤코 정리: 은닉층 하나로 무엇이든 맞출 수 있다.\n처음 보는 자료에서 잘 맞는다는 보장은 없다."),
    # no "fi" in the English: a ligature is one glyph
    ("en", "Cybenko: one hidden layer can approximate anything.\nIt guarantees nothing about unseen data."),
])
def test_two_line_text_leaves_a_visible_gap_between_its_lines(monkeypatch, lang, text):
    """Manim's default leading left ~1 px at 480p between two lines of Hangul (issue 29: "Korean two-line
    captions nearly touch"); the ink of the two lines is now at least a fifth of a line's height apart."""
    from scenes.common.text import plain

    monkeypatch.setenv("LECTURE_LANG", lang)
    caption = plain(text, size="caption")
    n_first = len(text.split("\n")[0].replace(" ", ""))   # Text has one glyph per non-space character
    first, second = caption[:n_first], caption[n_first:]
    assert len(second) == len(text.split("\n")[1].replace(" ", ""))
    gap = first.get_bottom()[1] - second.get_top()[1]
    assert gap >= 0.2 * first.height, f"{lang}: {gap:.3f} between lines {first.height:.3f} high"
