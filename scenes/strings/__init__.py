"""Every string shown on screen, in one table: ``STRINGS[key] = {"en": ..., "ko": ...}``.

The table starts with the strings every lecture shares (``common``, and ``models``: the words of the
model pictures); each lecture adds its own through its ``Lecture(strings=...)`` (``add_strings``), and
a key may not change meaning. Read through ``t(key)``; the keys a part looks up while it plays are noted
(``strings_used``) so that its clip's key holds exactly the strings it shows. The language is
``$LECTURE_LANG`` (``en`` by default, or ``ko``).
"""

from __future__ import annotations

import inspect
import os
import sys

from . import common, models

__all__ = ["STRINGS", "LANGUAGES", "t", "language", "add_strings", "text_of", "strings_used", "forget_strings_used"]

LANGUAGES = ("en", "ko")


def _merge(*tables: dict) -> dict:
    merged: dict = {}
    for table in tables:
        dup = merged.keys() & table.keys()
        if dup:
            raise ValueError(f"string keys defined twice: {sorted(dup)}")
        merged.update(table)
    return merged


STRINGS: dict[str, dict[str, str]] = _merge(common.STRINGS, models.STRINGS)


#: ``{key: where}`` of the strings a lecture of one's own added (``lecture tiny-01 (/path/my.py)``)
ADDED_BY: dict[str, str] = {}


def add_strings(table: dict, *, where: str) -> None:
    """Add a lecture's own strings (``{key: {"en": ..., "ko": ...}}``); a key may not change meaning."""
    if not isinstance(table, dict):
        raise ValueError(f"{where}: strings must be a dict {{key: {{'en': ..., 'ko': ...}}}}")
    for key, row in table.items():
        if not isinstance(row, dict) or "en" not in row or not all(isinstance(v, str) for v in row.values()):
            raise ValueError(f"{where}: string {key!r} must be {{'en': text, 'ko': text}}")
        if key in STRINGS and STRINGS[key] != row:
            raise ValueError(f"{where}: string key {key!r} is already defined with other text; rename it")
    STRINGS.update(table)
    ADDED_BY.update(dict.fromkeys(table, where))


def language() -> str:
    lang = os.environ.get("LECTURE_LANG", "en") or "en"
    if lang not in LANGUAGES:
        raise ValueError(f"LECTURE_LANG={lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return lang


#: the keys ``t()`` looked up since ``forget_strings_used()``: what a part showed (its clip's key holds their texts)
_USED: set[str] = set()


def forget_strings_used() -> None:
    """Start noting afresh which keys ``t()`` looks up (a part scene does so when it starts)."""
    _USED.clear()


def strings_used() -> list[str]:
    """The keys ``t()`` looked up since ``forget_strings_used()``, sorted."""
    return sorted(_USED)


def text_of(table: dict, key: str, lang: str, *, where, what: str = "string") -> str:
    """``table[key][lang]``: the one rule of every string table (the scenes' and the decks').

    A missing key or language is never filled in from another language: it raises a ``KeyError`` whose one
    argument is one line, ``no <what> 'key'; <where>`` or ``string 'key' has no 'ko' text; <where>``, where
    ``where()`` says the file (or the ``Lecture(...)``) to add it in.
    """
    row = table.get(key)
    if row is None:
        raise KeyError(f"no {what} {key!r}; {where()}")
    if lang not in row:
        raise KeyError(f"string {key!r} has no {lang!r} text; {where()}")
    return row[lang]


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The string ``key`` in the current language, formatted with ``fmt`` (:func:`text_of`'s rule)."""
    lang = lang or language()
    _USED.add(key)
    text = text_of(STRINGS, key, lang, where=lambda: _where_to_add(key, lang), what="on-screen string")
    return text.format(**fmt) if fmt else text


def _where_to_add(key: str, lang: str) -> str:
    """Where the missing text goes: the lecture of one's own that declares (or plays) the key, else ours."""
    fix = f"strings={{{key!r}: {{'en': ..., {lang!r}: ...}}}}"
    if key in ADDED_BY:
        return f"add it where {ADDED_BY[key]} declares its strings: {fix}"
    playing = getattr(sys.modules.get("scenes.common.recordings"), "_PLAYING", None)
    file = _file_of(playing[-1]) if playing else None
    if file and not file.startswith(_OURS):
        return f"add it to the Lecture(...) of {file}: {fix}"
    return "add it to scenes/strings/ (a lecture of your own: to its Lecture(strings={...}))"


#: the package's scenes folder: a part whose file is elsewhere belongs to a lecture of one's own
_OURS = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _file_of(cls) -> str | None:
    try:
        return os.path.abspath(inspect.getsourcefile(cls) or "")
    except TypeError:
        return None
