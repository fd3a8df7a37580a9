"""Which lectures exist, which parts each has, and where each part's scene lives.

Every lecture is a package under ``lectures/`` (the course's and any other), found by discovery:
each folder there with an ``__init__.py`` is imported, with its ``parts`` module when it has one.
A package declares its ``Lecture`` (id, title, strings, experiments) and its parts exactly as a
lecture of one's own does (see ``docs/your-own-model.md``): every ``LessonScene`` subclass lists its
``parts``; each part names its lecture (``Part.lecture``) and has one ``PartScene`` subclass (``.part``)
somewhere in its package that renders it alone. Nothing lists the lectures by hand: adding one is
adding its package. A package that fails to import is reported in ``Catalog.problems``; it never
breaks the CLI.

Lectures outside the project are added to those (never replace them) with
``lecture --lectures PATH`` (repeatable), ``$LECTURE_PATH`` (paths or module names
separated by ``os.pathsep``) or the entry-point group ``lecture_videos.lectures``
(``name = "my_package.lecture"``). A lecture source is a ``.py`` file, a package folder
or a module name.

Tests point the catalog elsewhere with ``Catalog.discover(sources)`` or
``$LECTURE_SCENES`` (which replaces the discovered packages).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LectureError, UnknownName

__all__ = ["LECTURES_DIR", "course_lectures", "default_sources", "PROJECT_ROOT", "ENTRY_POINT_GROUP", "PartInfo",
           "LectureInfo", "Catalog", "close_names", "lecture_sources", "import_source", "project_relative"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: where the lectures live, one package each
LECTURES_DIR = PROJECT_ROOT / "lectures"
#: installed packages add lectures through this entry-point group
ENTRY_POINT_GROUP = "lecture_videos.lectures"


def course_lectures(folder: Path | None = None) -> tuple[str, ...]:
    """The lecture packages under ``folder`` (default ``lectures/``) as module names, in name order:
    every subfolder with an ``__init__.py`` whose name is an identifier not starting with ``_``."""
    folder = LECTURES_DIR if folder is None else Path(folder)
    try:
        found = sorted(p for p in folder.iterdir() if (p / "__init__.py").is_file())
    except OSError:
        return ()
    return tuple(f"{folder.name}.{p.name}" for p in found if p.name.isidentifier() and not p.name.startswith("_"))


def default_sources() -> tuple[str, ...]:
    """What ``Catalog.discover()`` imports by default: ``$LECTURE_SCENES`` or the packages under ``lectures/``."""
    env = os.environ.get("LECTURE_SCENES")
    return tuple(s for s in env.split(os.pathsep) if s) if env else course_lectures()


def project_relative(path) -> str:
    """``path`` relative to the project when inside it (how the course's files are named in messages)."""
    path = Path(path)
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _where(cls: Any) -> str:
    """``Name (file.py:line)``: a class as a teacher finds it."""
    try:
        file, line = inspect.getsourcefile(cls), inspect.getsourcelines(cls)[1]
        return f"{cls.__qualname__} ({project_relative(file)}:{line})"
    except (OSError, TypeError):
        return cls.__qualname__


def lecture_sources(paths=()) -> list[str]:
    """Lectures outside the package: ``paths`` (``--lectures``), then ``$LECTURE_PATH``, then entry points."""
    out = [str(p) for p in paths]
    env = os.environ.get("LECTURE_PATH", "")
    out += [s for s in env.split(os.pathsep) if s]
    try:
        from importlib.metadata import entry_points
        out += [ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)]
    except Exception:  # noqa: BLE001 - a broken installed distribution must not stop the CLI
        pass
    return list(dict.fromkeys(out))


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
    #: ``{lang: title}`` of a lecture declared outside the package (the course's are in lecture.strings)
    title: dict = field(default_factory=dict)
    #: where it was declared, for a lecture from ``--lectures``/``$LECTURE_PATH``/an entry point
    source: str = ""
    #: the file that declares it (its ``Lecture(...)``, or for the course's its first part's scene file)
    declared_in: str = ""
    #: the on-screen strings its ``Lecture(strings=...)`` declares, ``{key: {lang: text}}``
    strings: dict = field(default_factory=dict)
    #: the course week it sits in (``Lecture(week="12wk-1")``), ``""`` when it does not say
    week: str = ""

    @property
    def experiments(self) -> list[str]:
        """The recordings its parts declare they read: what ``lecture render`` records first."""
        return list(dict.fromkeys(e for p in self.parts for e in p.experiments))

    @property
    def scene_files(self) -> list[Path]:
        return list(dict.fromkeys(p.scene_file for p in self.parts))

    def part(self, name: str) -> PartInfo:
        """The part called ``name``: its id, its clip name or its id after the first dot (any case, spaces
        around ignored), so ``dropout.arithmetic``, ``Dropout-Arithmetic`` and ``arithmetic`` are one part."""
        wanted = str(name).strip().casefold()
        for p in self.parts:
            if wanted in (p.id.casefold(), p.slug.casefold(), p.id.split(".", 1)[-1].casefold()):
                return p
        raise UnknownName(close_names(name, [p.id for p in self.parts], "part", self.id))

    def parts_named(self, names) -> list[PartInfo]:
        """The parts ``names`` name, each once, in the order first named (a part named two ways is one)."""
        return list(dict.fromkeys(self.part(n) for n in names))

    def missing_strings(self, lang: str) -> list[str]:
        """What this lecture of one's own declares without a ``lang`` text: ``title`` and string keys."""
        missing = ["title"] if self.title and lang not in self.title else []
        return missing + [k for k, row in self.strings.items() if lang not in row]

    def require_language(self, lang: str) -> None:
        """One line naming the lecture's file and every string it has no ``lang`` text for."""
        missing = self.missing_strings(lang)
        if not missing:
            return
        keys = [k for k in missing if k != "title"]
        example = keys[0] if keys else "key"
        what = ", ".join("its title" if k == "title" else repr(k) for k in missing)
        raise LectureError(
            f"lecture {self.id} ({self.declared_in or self.source}) has no {lang!r} text for {what}; add it to "
            f"its Lecture(...): strings={{{example!r}: {{'en': ..., {lang!r}: ...}}}}"
            + (f", title={{'en': ..., {lang!r}: ...}}" if "title" in missing else ""))


@dataclass
class Catalog:
    lectures: dict[str, LectureInfo] = field(default_factory=dict)
    #: (source, one-line reason) for each family that could not be imported
    problems: list[tuple[str, str]] = field(default_factory=list)
    sources: tuple = ()
    #: lectures from outside the package (``--lectures``, ``$LECTURE_PATH``, entry points)
    external: tuple = ()

    @classmethod
    def discover(cls, sources=None, lectures=None) -> Catalog:
        """Import each source (module name or ``.py`` path) and collect its lessons' parts.

        ``lectures``: lecture sources outside the package, added to the course's (default:
        ``$LECTURE_PATH`` and the entry points; ``lecture --lectures`` passes its own too).
        """
        if sources is None:
            sources = default_sources()
        external = lecture_sources() if lectures is None else lecture_sources(lectures)
        external = [e for e in external if not _discovered(e, sources)]
        cat = cls(sources=tuple(str(s) for s in sources), external=tuple(external))
        # a file named as a lecture of one's own is one, even when $LECTURE_SCENES names it too
        theirs = {Path(s).resolve() for s in cat.external if str(s).endswith(".py")}
        for src in cat.sources:
            if src.endswith(".py") and Path(src).resolve() in theirs:
                continue
            cat._load(src, external=False)
        for src in cat.external:
            cat._load(src, external=True)
        return cat

    @property
    def external_problems(self) -> list[tuple[str, str]]:
        """Problems of the lectures the user named (these stop a command; a course family's do not)."""
        return [(s, why) for s, why in self.problems if s in self.external]

    def _load(self, src: str, *, external: bool) -> None:
        try:
            module = import_source(src, lecture=external)
        except ModuleNotFoundError as e:
            if not external and (str(e.name) == src or src.startswith(str(e.name) + ".")):
                self.problems.append((src, "not written yet"))
            else:
                self.problems.append((src, f"import failed: {type(e).__name__}: {e}"))
            return
        except BaseException as e:  # noqa: BLE001 - a broken family must not break the CLI
            if isinstance(e, KeyboardInterrupt):
                raise
            msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
            self.problems.append((src, f"import failed: {type(e).__name__}: {msg}"))
            return
        modules = [module]
        if hasattr(module, "__path__"):   # a package: its parts module, then its other imported submodules
            try:
                parts = _import_parts(module)
            except Exception as e:  # noqa: BLE001 - a broken lecture must not break the CLI
                msg = (str(e).strip().splitlines() or [""])[0]
                self.problems.append((src, f"import failed: {type(e).__name__}: {msg}"))
                return
            modules += [parts] if parts is not None else []
            # by dotted name, or by file for a folder package whose modules import each other absolutely
            modules += [m for _, m in sorted(sys.modules.items())
                        if m is not None and m is not module and m is not parts and _inside(m, module)]
        scenes = _part_scenes(modules)
        for m in modules:
            self._add_module(m, source=src if external else "", scenes=scenes)

    def _add_module(self, module, source: str = "", scenes: dict | None = None) -> None:
        from scenes.common.lesson import LessonScene, LessonScene3D

        try:
            scene_file = Path(inspect.getfile(module)).resolve()
        except TypeError:
            return
        where = source or module.__name__
        if not self._add_lectures(module, source, scene_file):
            return
        classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
        # source order, so lessons keep the order they are written in
        classes.sort(key=lambda c: inspect.getsourcelines(c)[1])
        part_scenes = _part_scenes([module]) if scenes is None else scenes
        for lesson in classes:
            if not issubclass(lesson, (LessonScene, LessonScene3D)) or not getattr(lesson, "parts", None):
                continue
            for part in lesson.parts:
                scene = part_scenes.get(part)
                if scene is None:
                    self.problems.append((where, f"part {part.id} has no PartScene subclass; skipped"))
                    continue
                why = self._part_problem(part, external=bool(source))
                if why:
                    self.problems.append((where, f"{why}; skipped"))
                    continue
                lec = getattr(part, "lecture", None) or part.id.split(".")[0]
                info = PartInfo(id=part.id, lecture=lec, title_key=getattr(part, "title_key", ""),
                                scene_file=Path(inspect.getfile(scene)).resolve(), scene=scene.__name__,
                                lesson=lesson.__name__,
                                experiments=tuple(getattr(part, "experiments", ()) or ()), cls=part)
                lecture = self.lectures.setdefault(lec, LectureInfo(lec, source=source, declared_in=str(scene_file)))
                twin = next((p for p in lecture.parts if p.slug.casefold() == info.slug.casefold()), None)
                if twin is None:
                    lecture.parts.append(info)
                elif not _same_class(twin.cls, part):   # one part in two lessons (or two module names) is one part
                    self.problems.append((where, f"parts {_where(twin.cls)} and {_where(part)} of lecture {lec} "
                                          f"both have the id {part.id!r} (clip {info.slug}.mp4); part ids must "
                                          f"be unique: rename one; {part.__qualname__} skipped"))

    def _add_lectures(self, module, source: str, scene_file: Path) -> bool:
        """Add the ``Lecture`` declarations of ``module``; ``False`` (a problem added) when one takes an id
        that the course or another file already has: its parts are then not added either."""
        from engine.experiments import COURSE
        from scenes.common.lesson import Lecture

        course = {e.split("/")[0] for e in COURSE}
        for value in vars(module).values():
            if not isinstance(value, Lecture):
                continue
            declared_in = getattr(value, "declared_in", "") or str(scene_file)
            known = self.lectures.get(value.id)
            if known is not None and known.title and known.declared_in == declared_in:
                continue   # the same declaration, seen again through its package
            owner = None
            if source and (value.id in course or (known is not None and not known.source)):
                file = (
                    project_relative(known.declared_in)
                    if known is not None and known.declared_in
                    else "engine/experiments.py"
                )
                owner = f"the course's lecture {value.id} ({file})"
            elif known is not None and (known.title or known.source != source):
                owner = f"the lecture of {project_relative(known.declared_in or known.source)}"
            if owner:
                here = "" if Path(source or module.__name__).resolve() == Path(declared_in) else f" in {declared_in}"
                self.problems.append((source or module.__name__,
                                      f"Lecture({value.id!r}){here} takes the id of {owner}; lecture ids must be "
                                      "unique: rename yours"))
                return False
            info = self.lectures.setdefault(value.id, LectureInfo(value.id, source=source))
            info.title, info.source, info.declared_in = dict(value.title), source, declared_in
            info.strings = dict(getattr(value, "strings", {}) or {})
            info.week = getattr(value, "week", None) or ""
            from .strings import STRINGS, TITLES_BY
            STRINGS.setdefault(f"lecture.{value.id}", info.title)
            TITLES_BY.setdefault(f"lecture.{value.id}", declared_in or source or module.__name__)
        return True

    def _part_problem(self, part: Any, *, external: bool) -> str | None:
        """Why ``part`` cannot be listed (a bad id, an unknown experiment, a course lecture it does not
        own), or ``None``."""
        from engine.experiments import COURSE, REGISTRY
        from scenes.common.ids import lecture_id_problem, part_id_problem

        lec = getattr(part, "lecture", None) or str(part.id).split(".")[0]
        bad = part_id_problem(part.id) or lecture_id_problem(lec)
        if bad:
            return f"part {_where(part)}: {bad}"
        unknown = [e for e in tuple(getattr(part, "experiments", ()) or ()) if e not in REGISTRY]
        if unknown:
            return f"part {part.id} reads {', '.join(unknown)}, which no lecture declares as an experiment"
        theirs = self.lectures.get(lec)
        if external and (lec in {e.split("/")[0] for e in COURSE} or (theirs is not None and not theirs.source)):
            return (f"part {_where(part)} names the course's lecture {lec!r}; a lecture of your own needs an id of "
                    "its own: declare Lecture('my-01', ...) and set lecture = 'my-01'")
        return None

    # -- lookups -----------------------------------------------------------------
    def lecture(self, name: str) -> LectureInfo:
        import engine

        if name in self.lectures:
            return self.lectures[name]
        known = sorted(self.lectures)
        msg = close_names(name, known, "lecture")
        if name in engine.lectures() and name not in self.lectures:
            msg = f"lecture {name!r} has no scenes yet (its scene families: {self.problem_summary()})"
        raise UnknownName(msg)

    def problem_summary(self) -> str:
        """The discovery's import problems in one line (``source: why; ...``), or ``none import``."""
        return "; ".join(f"{s}: {why}" for s, why in self.problems) or "none import"

    def all_lectures(self) -> list[str]:
        """Lecture ids in course order: the course's by their week (their ids), each lecture that declares
        a ``week`` after that week's course lecture; then the others, in the order they were found."""
        from engine.experiments import COURSE
        from scenes.common.ids import week_key

        course = sorted({e.split("/")[0] for e in COURSE})
        found = list(self.lectures)
        last = (float("inf"), float("inf"))

        def place(name: str):
            if name in course:
                return week_key(name) or (-1, course.index(name)), 0, found.index(name)
            week = week_key(self.lectures[name].week)
            return (week, 1, found.index(name)) if week else (last, 2, found.index(name))

        return sorted(self.lectures, key=place)


def _discovered(src: str, sources) -> bool:
    """Whether the lecture source ``src`` (``--lectures lectures/cnn``, or a file of that package) is a package
    that discovery imports anyway (as ``lectures.cnn``): then it is that lecture, not a second one."""
    path = Path(src)
    if not path.exists():
        return False
    path = path.resolve()
    package = path if path.is_dir() else path.parent
    return package.parent == LECTURES_DIR.resolve() and f"{LECTURES_DIR.name}.{package.name}" in sources


def _import_parts(package):
    """``<package>.parts`` imported when the package has one (its lesson, in order), else ``None``."""
    name = package.__name__ + ".parts"
    if name not in sys.modules and importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def _part_scenes(modules) -> dict:
    """``{Part subclass: the PartScene that renders it alone}`` over the classes ``modules`` define."""
    from scenes.common.lesson import PartScene, PartScene3D

    out: dict = {}
    for module in modules:
        for _, c in inspect.getmembers(module, inspect.isclass):
            if (c.__module__ == module.__name__ and issubclass(c, (PartScene, PartScene3D))
                    and getattr(c, "part", None)):
                out.setdefault(c.part, c)
    return out


_LOADED: dict[str, object] = {}

#: the project's own top-level packages: a lecture file or folder of that name would hide them
_OURS = ("lecture", "engine", "scenes", "benchmarks", "lectures")


def _refuse_shadowing(path: Path) -> None:
    """manim puts a scene file's folder first on ``sys.path``: ``lecture.py`` there would be imported
    instead of this package (by the scene's process and by any process it spawns)."""
    name = path.stem if path.suffix == ".py" else path.name
    if name in _OURS:
        raise ModuleNotFoundError(f"{path} is named like the project's own package {name!r} and would hide it; "
                                  f"rename it (e.g. my_{name}.py)", name=str(path))
    clash = [n for n in _OURS if (path.parent / f"{n}.py").exists() or (path.parent / n / "__init__.py").exists()]
    if clash and path.parent.resolve() != PROJECT_ROOT:
        raise ModuleNotFoundError(f"{path.parent} holds {clash[0]}.py (or a {clash[0]}/ package), which would hide "
                                  f"the project's own {clash[0]!r} when manim renders from that folder; rename it",
                                  name=str(path))


def _same_class(a, b) -> bool:
    """One class, also when its file was imported under two module names (a lecture folder's package
    as ``x`` and its parts absolutely as ``lectures.x.parts``): same file, same qualified name."""
    if a is b:
        return True
    try:
        return (inspect.getsourcefile(a), a.__qualname__) == (inspect.getsourcefile(b), b.__qualname__)
    except TypeError:
        return False


def _inside(module, package) -> bool:
    """Whether ``module`` is a submodule of ``package`` by name, or by file: a package loaded from its
    folder (``--lectures lectures/x``) is named ``x``, while its own modules import each other
    absolutely (``lectures.x.parts``), so they are found by where their files lie."""
    if module is None:
        return False
    if str(getattr(module, "__name__", "")).startswith(package.__name__ + "."):
        return True
    file = getattr(module, "__file__", None)
    if not file:
        return False
    path, name = Path(file).resolve(), str(module.__name__)
    for folder in map(Path, package.__path__):
        folder = folder.resolve()
        if folder not in path.parents:
            continue
        # a member under its dotted name (lectures.x.parts), not a copy of its file loaded by path
        rel = path.relative_to(folder).with_suffix("").parts
        dotted = ".".join((folder.name, *(rel[:-1] if rel[-1] == "__init__" else rel)))
        if name == dotted or name.endswith("." + dotted):
            return True
    return False


def import_source(src: str, *, lecture: bool = False):
    """A module by dotted name, by ``.py`` path or (``lecture``) by package folder, as discovery loads it:
    a path is loaded once, under a stable private name (``scenes.common.modules.load_module``); a lecture's
    folder is appended to ``sys.path`` (never in front of ours), and a lecture named like one of the
    project's packages is refused."""
    path = Path(src)
    if lecture and path.is_dir():
        if not (path / "__init__.py").is_file():
            raise ModuleNotFoundError(f"{src} is a folder without __init__.py; pass the lecture's .py file "
                                      "or a package folder", name=src)
        _refuse_shadowing(path)
        parent = str(path.resolve().parent)
        if parent not in sys.path:
            sys.path.append(parent)   # appended: a lecture's folder never hides our own packages
        return importlib.import_module(path.resolve().name)
    if lecture and src.endswith(".py") and path.exists():
        path = path.resolve()
        _refuse_shadowing(path)
        if str(path.parent) not in sys.path:
            sys.path.append(str(path.parent))   # for its own helper modules; never in front of ours
    from scenes.common.modules import load_module  # here: `lecture --help` imports no scenes

    return load_module(src, what="lecture" if lecture else "scene")
