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
