"""Which lectures exist, which parts each has, and where each part's scene lives.

Parts are discovered by importing the scene family modules (``scenes/*.py``):
every ``LessonScene`` subclass lists its ``parts``; each part names its lecture
(``Part.lecture``) and has one ``PartScene`` subclass (``.part``) that renders it
alone. A family that does not exist yet or fails to import is reported in
``Catalog.problems``; it never breaks the CLI.

Tests and outside projects point the catalog elsewhere with ``Catalog.discover(
sources)`` or ``$LECTURE_SCENES`` (module names or ``.py`` paths, separated by
``os.pathsep``).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnknownName

__all__ = ["FAMILIES", "PROJECT_ROOT", "PartInfo", "LectureInfo", "Catalog", "close_names"]

#: the video families, in course order
FAMILIES = (
    "scenes.logistic", "scenes.loss_landscape", "scenes.prediction", "scenes.dropout", "scenes.network_diagram",
    "scenes.sgd",
)
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def close_names(name: str, known, what: str, where: str = "") -> str:
    """``unknown lecture 'x'; did you mean a? (known: a, b, c)``: the closest names, and all when few."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    head = f"unknown {what} {name!r}{' of ' + where if where else ''}"
    listing = ", ".join(known) or "(none)"
    if close and len(known) > 12:
        return f"{head}; did you mean {', '.join(close)}?"
    if close:
        return f"{head}; did you mean {', '.join(close)}? (known: {listing})"
    return f"{head}; known: {listing}"


@dataclass(frozen=True)
class PartInfo:
    """One part: one section of a lesson, one clip, one slide."""

    id: str
    lecture: str
    title_key: str
    scene_file: Path
    scene: str          # the PartScene subclass that renders it alone
    lesson: str         # the LessonScene it belongs to
    experiments: tuple = ()  # what it reads, if the part says so
    cls: type | None = field(default=None, compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.id.replace(".", "-").replace("/", "-")

    def title(self, lang: str = "en") -> str:
        """The part's title from the strings table, in ``lang``.

        A title with fields (``"Learning: {loss} loss"``) is formatted with the
        part's optional ``title_args()`` classmethod; the part id stands in when
        the table has no such key or fields stay unfilled.
        """
        if not self.title_key:
            return self.id
        try:
            from scenes.strings import t
            text = t(self.title_key, lang)
            if "{" in text:
                args = getattr(self.cls, "title_args", None)
                text = text.format(**args()) if callable(args) else text
        except Exception:  # noqa: BLE001 - a title must never stop a render or a listing
            return self.id
        return self.id if re.search(r"\{\w*\}", text) else text


@dataclass
class LectureInfo:
    id: str
    parts: list[PartInfo] = field(default_factory=list)

    @property
    def experiments(self) -> list[str]:
        """Experiments to record before rendering: those the parts name, else all of the lecture's."""
        import engine

        named = [e for p in self.parts for e in p.experiments]
        if named and all(p.experiments for p in self.parts):
            return list(dict.fromkeys(named))
        known = engine.experiments(self.id) if self.id in engine.lectures() else []
        return list(dict.fromkeys([*known, *named]))

    @property
    def scene_files(self) -> list[Path]:
        return list(dict.fromkeys(p.scene_file for p in self.parts))

    def part(self, name: str) -> PartInfo:
        for p in self.parts:
            if name in (p.id, p.slug, p.id.split(".", 1)[-1]):
                return p
        raise UnknownName(close_names(name, [p.id for p in self.parts], "part", self.id))


@dataclass
class Catalog:
    lectures: dict[str, LectureInfo] = field(default_factory=dict)
    #: (source, one-line reason) for each family that could not be imported
    problems: list[tuple[str, str]] = field(default_factory=list)
    sources: tuple = FAMILIES

    @classmethod
    def discover(cls, sources=None) -> "Catalog":
        """Import each source (module name or ``.py`` path) and collect its lessons' parts."""
        if sources is None:
            env = os.environ.get("LECTURE_SCENES")
            sources = [s for s in env.split(os.pathsep) if s] if env else FAMILIES
        cat = cls(sources=tuple(str(s) for s in sources))
        for src in cat.sources:
            try:
                module = _import(src)
            except ModuleNotFoundError as e:
                if str(e.name) == src or src.startswith(str(e.name) + "."):
                    cat.problems.append((src, "not written yet"))
                else:
                    cat.problems.append((src, f"import failed: {type(e).__name__}: {e}"))
                continue
            except BaseException as e:  # noqa: BLE001 - a broken family must not break the CLI
                if isinstance(e, KeyboardInterrupt):
                    raise
                msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
                cat.problems.append((src, f"import failed: {type(e).__name__}: {msg}"))
                continue
            cat._add_module(module)
        return cat

    def _add_module(self, module) -> None:
        from scenes.common.lesson import LessonScene, LessonScene3D, PartScene, PartScene3D

        scene_file = Path(inspect.getfile(module)).resolve()
        classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
        # source order, so lessons keep the order they are written in
        classes.sort(key=lambda c: inspect.getsourcelines(c)[1])
        part_scenes = {c.part: c for c in classes if issubclass(c, (PartScene, PartScene3D)) and getattr(c, "part", None)}
        for lesson in classes:
            if not issubclass(lesson, (LessonScene, LessonScene3D)) or not getattr(lesson, "parts", None):
                continue
            for part in lesson.parts:
                scene = part_scenes.get(part)
                if scene is None:
                    self.problems.append((module.__name__, f"part {part.id} has no PartScene subclass; skipped"))
                    continue
                lec = getattr(part, "lecture", None) or part.id.split(".")[0]
                info = PartInfo(id=part.id, lecture=lec, title_key=getattr(part, "title_key", ""),
                                scene_file=scene_file, scene=scene.__name__, lesson=lesson.__name__,
                                experiments=tuple(getattr(part, "experiments", ()) or ()), cls=part)
                lecture = self.lectures.setdefault(lec, LectureInfo(lec))
                if any(p.id == info.id for p in lecture.parts):
                    continue
                lecture.parts.append(info)

    # -- lookups -----------------------------------------------------------------
    def lecture(self, name: str) -> LectureInfo:
        import engine

        if name in self.lectures:
            return self.lectures[name]
        known = sorted(self.lectures)
        msg = close_names(name, known, "lecture")
        if name in engine.lectures() and name not in self.lectures:
            msg = f"lecture {name!r} has no scenes yet (its scene families: {self._problem_summary()})"
        raise UnknownName(msg)

    def _problem_summary(self) -> str:
        return "; ".join(f"{s}: {why}" for s, why in self.problems) or "none import"

    def all_lectures(self) -> list[str]:
        import engine

        order = {lec: i for i, lec in enumerate(engine.lectures())}
        return sorted(self.lectures, key=lambda n: (order.get(n, len(order)), n))


_LOADED: dict[str, object] = {}


def _import(src: str):
    """A module by dotted name, or by file path (loaded once under a stable private name)."""
    if not src.endswith(".py"):
        return importlib.import_module(src)
    path = Path(src).resolve()
    if not path.exists():
        raise ModuleNotFoundError(f"no scene file {src}", name=src)
    name = "_lecture_scenes_" + hashlib.sha1(str(path).encode()).hexdigest()[:10] + "_" + path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
