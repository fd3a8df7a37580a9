"""A lesson is a sequence of parts; each part is one section and one slide.

A ``Part`` holds the beats of one part and plays them on whatever scene it is
given, so the same part renders alone (``PartScene``) or inside the whole
lesson (``LessonScene``) without copying code::

    class Overfitting(Part):
        id = "dropout.overfit"
        def run(self):
            self.show_data()
            self.grow_fit()

    class OverfittingScene(PartScene):      # manim render scenes/dropout.py OverfittingScene
        part = Overfitting

    class DropoutLesson(LessonScene):       # manim render scenes/dropout.py
        parts = [Overfitting, ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from manim import DOWN, UP, FadeIn, FadeOut, Scene, ThreeDScene, ValueTracker, config

from .beats import BeatLog, beats_path, write_beats
from .encoding import HeldFrameRendering
from .ids import PART_FAILED, lecture_id_problem, week_problem
from .recordings import reading_for
from .render_section import PlayForker, current_section, fast_forwarding, fork_limit, frames_of_play, steps_in_time
from .static_frame import DisjointStaticFrame
from .svg_copy import install as _share_svg_paths
from .tex_cache import install as _share_compiled_tex
from .tex_size import install as _size_tex_like_text

_share_svg_paths()   # every part copies text when it animates it: see svg_copy
_share_compiled_tex()  # with $LECTURE_TEX_CACHE, formulas compiled once for every part: see tex_cache
_size_tex_like_text()  # a number at font size 20 as tall as a label at 20: see tex_size

__all__ = ["Part", "PartScene", "PartScene3D", "LessonScene", "LessonScene3D", "Lecture", "default_scene",
           "scenes_of"]


class Lecture:
    """A lecture declared outside the package: its id, title and on-screen strings.

    A lecture file (``lecture --lectures my_lecture.py``) holds one of these, its experiments
    (``@engine.experiment`` functions or ``ExperimentConfig`` objects) and its parts::

        LECTURE = Lecture("tiny-01", title={"en": "A tiny classifier", "ko": "작은 분류기"},
                          strings={"tiny.loss.title": {"en": "The loss falls", "ko": "손실이 줄어든다"}},
                          experiments=[])       # configs; @engine.experiment functions register themselves

    Declaring it registers the strings (for ``t()`` in its scenes, also inside manim's own
    process) and the experiment configs; the catalog reads the title for decks and listings.
    ``week`` (e.g. ``"12wk-1"``) says where it sits in the course: listings put it after that week's
    course lecture and before the next week's; a lecture without one comes after the course's.
    """

    def __init__(self, id: str, *, title: dict | str, strings: dict | None = None, experiments=(),
                 week: str | None = None):
        import engine
        from scenes.strings import add_strings

        problem = lecture_id_problem(id)
        if problem:
            raise ValueError(problem)
        if week is not None and week_problem(week):
            raise ValueError(f"lecture {id}: {week_problem(week)}")
        self.id = id
        self.week = week
        #: the file that declares it (named when its strings lack a language, or its id is taken)
        self.declared_in = str(sys._getframe(1).f_globals.get("__file__") or "")
        self.title = {"en": title} if isinstance(title, str) else dict(title)
        if "en" not in self.title:
            raise ValueError(f"lecture {id}: title needs an 'en' text (and 'ko' for Korean decks)")
        add_strings(strings or {}, where=f"lecture {id} ({self.declared_in or 'its file'})")
        self.strings = dict(strings or {})
        for exp in experiments:
            if exp.lecture != id:
                raise ValueError(f"lecture {id}: experiment {exp.id} belongs to lecture {exp.lecture}; "
                                 f"name it '{id}/<name>'")
            engine.register(exp)


class Part:
    """The beats of one part. ``self.play``, ``self.wait``, ``self.add``... go to the scene."""

    #: stable section id, becomes the slide id: "<family>.<part>"
    id: str = ""
    #: strings-table key of the part's title (slides, manifests)
    title_key: str = ""
    #: the lecture it belongs to (default: the id's first word)
    lecture: str = ""
    #: the recordings (experiment ids) it reads: what `lecture render` records first and what
    #: its clip's key holds; reading any other recording while it plays is an error
    experiments: tuple = ()

    def __init__(self, scene: Scene):
        self.scene = scene

    def __getattr__(self, name):
        return getattr(self.scene, name)

    # -- the gestures every part makes ---------------------------------------------------------
    def title_at_top(self, key: str | None = None, *, buff: float = 0.25, max_width: float | None = None, **fmt):
        """The title (string ``key``, default the part's ``title_key``, formatted with ``fmt``) at the top of
        the frame, ``buff`` below its edge; narrowed to ``max_width`` when given and wider. Not added."""
        from .text import label

        title = label(key or self.title_key, size="title", **fmt)
        if max_width is not None and title.width > max_width:
            title.scale_to_fit_width(max_width)
        return title.to_edge(UP, buff=buff)

    def show_title(self, *, buff: float = 0.3, run_time: float = 0.6):
        """Fade the part's title in at the top (it is ``self.title`` afterwards)."""
        self.title = self.title_at_top(buff=buff)
        self.play(FadeIn(self.title, shift=DOWN * 0.2), run_time=run_time)
        return self.title

    def caption(self, key: str, *, size: str = "body", color=None, **fmt):
        """A caption of string ``key`` (a newline in the string breaks the line), centred lines. Not added.

        Too wide for the frame, it is scaled down, but never below the smallest legible size:
        a string that still does not fit needs a line break (the layout check finds it).
        """
        from .style import FONT_SIZE
        from .text import label

        c = label(key, size=size, color=color, **fmt)
        if c.width > 13.2:
            c.scale(max(13.2 / c.width, FONT_SIZE["small"] / FONT_SIZE[size]))
        return c

    def swap_caption(self, old, new, run_time: float = 1.0) -> None:
        """Replace caption ``old`` by ``new`` without the two ever overlapping on screen."""
        self.play(FadeOut(old), run_time=run_time * 0.4)
        self.play(FadeIn(new), run_time=run_time * 0.6)

    def run(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _clear(scene: Scene) -> None:
    if scene.mobjects:
        scene.play(*(FadeOut(m) for m in scene.mobjects), run_time=0.5)
    scene.clear()


class _TrackersLast(DisjointStaticFrame, HeldFrameRendering):
    """Scenes of parts: plays keep animated trackers at the end of the mobject list."""

    def play(self, *animations, **kwargs):
        """Play, with any animated ``ValueTracker`` moved to the end of the scene's list first.

        Cairo paints the mobjects before the first animated one once per play and redraws the rest on
        every frame. A tracker is added to the scene by the first play that animates it, so later plays
        of the same tracker found it under everything added since (a loss contour, a surface) and
        redrew all of that on every frame. A tracker has no points: moving it changes no pixel.
        """
        trackers = [m for m in (getattr(a, "mobject", None) for a in animations)
                    if isinstance(m, ValueTracker) and m in self.mobjects]
        if trackers:
            self.add(*trackers)
        renderer = self.renderer
        section, forker = current_section(), self._play_forker()
        if section is not None:   # this process draws only its section's plays (scenes/common/render_section.py)
            renderer._original_skipping_status = not section.draws(renderer.num_plays)
        elif forker is not None:  # a child forked here draws this play; this process goes on without drawing
            if forker.fork(renderer.num_plays):
                self._draw_play_and_exit(animations, kwargs)
            renderer._original_skipping_status = True
        log: BeatLog | None = getattr(self, "beat_log", None)
        start = log.now() if log else 0.0
        time_before = renderer.time
        result = super().play(*animations, **kwargs)
        if (section is not None or forker is not None) and renderer.skip_animations:
            self.update_mobjects(0)   # what manim does at the end of a drawn play, so the next starts alike
        self.frames_played = getattr(self, "frames_played", 0) + frames_of_play(self, time_before)
        if log is not None:
            log.played(animations, start)
        return result

    def _play_forker(self) -> PlayForker | None:
        """The forker of this scene's plays when ``$LECTURE_FORK_PLAYS`` asks for one (made at the first play)."""
        if not hasattr(self, "_forker"):
            most = fork_limit()
            self._forker = PlayForker(most) if most else None
        return self._forker

    def _draw_play_and_exit(self, animations, kwargs) -> None:
        """In a forked child: draw and encode this one play into its partial movie file, then end the process
        (``os._exit``: nothing of the parent's, no atexit handler, runs twice)."""
        import traceback

        code = 1
        scene: Any = self   # a Scene (this mixin comes before Scene in every part scene's bases)
        try:
            scene.renderer._original_skipping_status = False
            super(_TrackersLast, scene).play(*animations, **kwargs)  # type: ignore[misc]
            scene.renderer.file_writer.join_all_encode_jobs()
            code = 0
        except BaseException:  # noqa: BLE001 - reported by the exit status and the traceback
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def wait_for_forked_plays(self) -> None:
        """Every forked play drawn (before the beats are written and the clip is joined)."""
        forker = getattr(self, "_forker", None)
        if forker is not None:
            forker.wait_all()

    def get_time_progression(self, run_time, description, n_iterations=None, override_skip_animations=False):
        """A play this process fast-forwards (a section of a part: scenes/common/render_section.py) jumps to
        its end as manim skips plays, unless something on screen integrates time (an updater taking
        ``dt``): then it steps through every frame's time as a drawn play does, to end where a serial
        render leaves it."""
        if fast_forwarding() and steps_in_time(self):
            override_skip_animations = True
        return super().get_time_progression(run_time, description, n_iterations, override_skip_animations)


def _write_beats(scene: Scene, record: dict) -> None:
    """The beats of what was rendered, beside the movie (or where ``lecture render`` asks)."""
    spec = getattr(getattr(scene.renderer, "file_writer", None), "output_spec", None)
    path = beats_path(scene)
    if path is not None and getattr(spec, "is_video", False) and not config.dry_run:
        write_beats(record, path)


def _play(scene: Scene, part: type[Part]) -> None:
    """Play ``part`` on ``scene``; if it fails, first say why in one marked line (``lecture render`` shows
    that line, not the end of manim's boxed traceback, which wraps long messages)."""
    try:
        with reading_for(part):
            part(scene).run()
    except Exception as e:
        print(PART_FAILED + failure_line(part, e), file=sys.stderr, flush=True)
        raise


def failure_line(part: type[Part], error: BaseException) -> str:
    """``Type: message (file.py:line)``: the error's first line and where in the part's file it came."""
    import inspect
    import traceback

    try:
        own = inspect.getsourcefile(part)
    except TypeError:
        own = None
    frames = traceback.extract_tb(error.__traceback__)
    here = [f for f in frames if own and f.filename == own] or frames[-1:]
    where = f" ({here[-1].filename}:{here[-1].lineno})" if here else ""
    # a KeyError's str() is the repr of its key: a message given to it (scenes.strings.t) reads plainer bare
    text = error.args[0] if isinstance(error, KeyError) and error.args and isinstance(error.args[0], str) else error
    message = (str(text).strip().splitlines() or [""])[0].strip()
    return f"{type(error).__name__}: {message}{where}"


class _PartMixin(_TrackersLast):
    part: type[Part]

    def construct(self):
        from scenes.strings import forget_strings_used, strings_used

        self.next_section(self.part.id)
        self.beat_log = BeatLog(self, self.part.id)
        forget_strings_used()
        _play(self, self.part)
        self.wait_for_forked_plays()
        # the string keys it looked up: `lecture render` keys the clip by their texts, not by every string file
        # the plays: a part rendered in sections (lecture/sections.py) checks that it has a file for each
        self.beats = {**self.beat_log.finish(), "strings": strings_used(), "plays": self.renderer.num_plays}
        _write_beats(self, self.beats)


class _LessonMixin(_TrackersLast):
    parts: list[type[Part]] = []

    def construct(self):
        records = []
        for i, part in enumerate(self.parts):
            if i:
                _clear(self)  # the fade-out ends the previous clip, not starts the next
            self.next_section(part.id)
            self.beat_log = BeatLog(self, part.id)
            _play(self, part)
            records.append({**self.beat_log.finish(), "offset": round(self.beat_log.origin, 3)})
        self.wait_for_forked_plays()
        self.beat_log = None
        self.beats = {"parts": records}
        _write_beats(self, self.beats)


class PartScene(_PartMixin, Scene):
    """One part rendered alone."""


class PartScene3D(_PartMixin, ThreeDScene):
    """One part with a 3D camera rendered alone."""


class LessonScene(_LessonMixin, Scene):
    """Every part of a lesson, one section each."""


class LessonScene3D(_LessonMixin, ThreeDScene):
    """Every part of a lesson that has 3D parts, one section each."""


def default_scene(name: str) -> None:
    """Make ``manim render FILE`` with no scene name render ``name`` instead of prompting.

    Manim asks which scene to render when a file holds several; a lesson file
    holds the whole lesson and each of its parts. Called at import time by the
    lesson files; only acts when manim's CLI was given no scene name, and only for
    the file manim renders (not for the modules that file imports).
    """
    if "manim" not in sys.argv[0] or config.scene_names or config.write_all:
        return
    caller, rendered = sys._getframe(1).f_globals.get("__file__"), config.input_file
    if caller and rendered and str(rendered) != "-" and Path(caller).resolve() != Path(rendered).resolve():
        return
    config.scene_names = [name]


def scenes_of(module, into: str) -> dict[str, type]:
    """The scenes ``module`` defines, as subclasses of them that belong to the module named ``into``.

    Manim renders only the scenes a file defines itself; a file that offers another module's scenes
    under their own names (``scenes/dropout.py`` for ``lectures/wk05_1/dropout.py``) puts these in its
    globals: ``globals().update(scenes_of(story, __name__))``.
    """
    return {name: type(name, (cls,), {"__module__": into, "__doc__": cls.__doc__})
            for name, cls in vars(module).items()
            if isinstance(cls, type) and issubclass(cls, Scene) and cls.__module__ == module.__name__}
