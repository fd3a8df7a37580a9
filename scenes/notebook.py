"""Show a scene or a part in Jupyter: render it in-process at low quality, get an inline video.

>>> from scenes.notebook import show
>>> show(MyScene)                        # a Scene class defined in the notebook
>>> show(MyPart)                         # a Part class
>>> from lecture.notebook import show    # the same, and parts of the catalog by id:
>>> show("dropout.overfit", lang="ko")

Needs the ``notebook`` extra (``pip install -e ".[notebook]"``) for IPython. The video is
embedded in the notebook (its bytes, not a path), the render's files go to a temporary
folder that is removed afterwards (or to ``media_dir`` to keep them), and manim's global
``config`` and ``$LECTURE_LANG`` are what they were once ``show`` returns, also when the
render fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["show", "render_video", "QUALITIES"]

#: ``quality`` letters as ``manim render -q`` takes them
QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "p": "production_quality",
             "k": "fourk_quality"}


@contextmanager
def _language(lang: str):
    from scenes.strings import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    before = os.environ.get("LECTURE_LANG")
    os.environ["LECTURE_LANG"] = lang
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LECTURE_LANG", None)
        else:
            os.environ["LECTURE_LANG"] = before


def _scene_class(target, find_part=None):
    """The Scene class to render: a Scene subclass, a Part subclass, or a part id that ``find_part``
    (given by the catalog's layer, ``lecture.notebook``) turns into its scene class."""
    from manim import Scene

    from scenes.common.lesson import Part, PartScene

    if isinstance(target, type) and issubclass(target, Scene):
        return target
    if isinstance(target, type) and issubclass(target, Part):
        return type(f"{target.__name__}Scene", (PartScene,), {"part": target})
    if isinstance(target, str):
        if find_part is None:
            raise TypeError(f"show({target!r}): a part id is looked up in the catalog; "
                            "use `from lecture.notebook import show`")
        return find_part(target)
    raise TypeError(f"show() takes a Scene class, a Part class or a part id, got {type(target).__name__}")


def render_video(target, *, quality: str = "l", lang: str = "en", media_dir=None, find_part=None) -> Path:
    """Render ``target`` in this process; returns the video's path (under ``media_dir``).
    ``find_part``: how a part id becomes its scene class (see :func:`_scene_class`)."""
    from manim import config, tempconfig

    if quality not in QUALITIES:
        raise ValueError(f"quality={quality!r}: use one of {', '.join(QUALITIES)}")
    cls = _scene_class(target, find_part)
    options = {"quality": QUALITIES[quality], "media_dir": str(media_dir), "preview": False, "write_to_movie": True,
               "save_last_frame": False, "format": "mp4", "progress_bar": "none", "verbosity": "WARNING",
               "disable_caching": True, "output_file": cls.__name__, "scene_names": [cls.__name__],
               # the LaTeX and text caches stay where they are: a fresh folder would recompile every MathTex
               "tex_dir": str(config.get_dir("tex_dir").resolve()),
               "text_dir": str(config.get_dir("text_dir").resolve())}
    with _language(lang), tempconfig(options):
        scene = cls()
        scene.render()
        return Path(scene.renderer.file_writer.movie_file_path)


def show(target, *, quality: str = "l", lang: str = "en", media_dir=None, width: int | None = 640, find_part=None):
    """Render ``target`` (a Scene class, a Part class, or a part id with ``find_part``) and return an embedded
    ``IPython.display.Video`` for Jupyter. ``quality``: l, m, h, p or k as ``manim -q`` takes it."""
    try:
        from IPython.display import Video
    except ImportError:
        raise ImportError('show() needs IPython: pip install -e ".[notebook]"') from None
    keep = media_dir is not None
    folder = Path(media_dir) if keep else Path(tempfile.mkdtemp(prefix="lecture-show-"))
    try:
        video = render_video(target, quality=quality, lang=lang, media_dir=folder, find_part=find_part)
        data = video.read_bytes()
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return Video(
        data=data, embed=True, mimetype="video/mp4", width=width, html_attributes="controls loop autoplay muted"
    )
