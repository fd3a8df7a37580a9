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
import hashlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LectureError, UnknownName

__all__ = ["LECTURES_DIR", "course_lectures", "PROJECT_ROOT", "ENTRY_POINT_GROUP", "PartInfo", "LectureInfo", "Catalog", "close_names",
           "lecture_sources", "lecture_id_problem", "part_id_problem"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: where the lectures live, one package each
LECTURES_DIR = PROJECT_ROOT / "lectures"
#: installed packages add lectures through this entry-point group
ENTRY_POINT_GROUP = "lecture_videos.lectures"
#: a lecture id names its folders (media/lectures/<id>, media/recordings/<id>): one plain name
_LECTURE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: a part id names its clip (<id with '-' for '.'>.mp4): words joined by '.', '-' or '_'
_PART_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


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


def lecture_id_problem(lecture_id) -> str | None:
    """Why ``lecture_id`` cannot be a lecture's id (it names folders), or ``None`` when it can."""
    if isinstance(lecture_id, str) and _LECTURE_ID.match(lecture_id):
        return None
    return (f"lecture id {lecture_id!r} is not a plain name: use letters, digits, '-' and '_' "
            "(at most 64, e.g. 'tiny-01')")


def part_id_problem(part_id) -> str | None:
    """Why ``part_id`` cannot be a part's id (it names the clip), or ``None`` when it can."""
    if isinstance(part_id, str) and _PART_ID.match(part_id):
        return None
    return (f"part id {part_id!r} is not a plain name: use letters, digits, '.', '-' and '_' "
            "(at most 100, e.g. 'tiny.loss')")


def _rel(path) -> str:
    """``path`` relative to the project when inside it (how the course's files are named in messages)."""
    path = Path(path)
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _where(cls: type) -> str:
    """``Name (file.py:line)``: a class as a teacher finds it."""
    try:
        file, line = inspect.getsourcefile(cls), inspect.getsourcelines(cls)[1]
        return f"{cls.__qualname__} ({_rel(file)}:{line})"
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
    def discover(cls, sources=None, lectures=None) -> "Catalog":
        """Import each source (module name or ``.py`` path) and collect its lessons' parts.

        ``lectures``: lecture sources outside the package, added to the course's (default:
        ``$LECTURE_PATH`` and the entry points; ``lecture --lectures`` passes its own too).
        """
        if sources is None:
            sources = default_sources()
        external = lecture_sources() if lectures is None else lecture_sources(lectures)
        external = [e for e in external if not _discovered(e, sources)]
        cat = cls(sources=tuple(str(s) for s in sources), external=tuple(external))
        for src in cat.sources:
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
            module = _import(src, lecture=external)
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
            prefix = module.__name__ + "."
            modules += [parts] if parts is not None else []
            modules += [m for n, m in sorted(sys.modules.items())
                        if n.startswith(prefix) and m is not None and m is not parts]
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
                                scene_file=Path(inspect.getfile(scene)).resolve(), scene=scene.__name__, lesson=lesson.__name__,
                                experiments=tuple(getattr(part, "experiments", ()) or ()), cls=part)
                lecture = self.lectures.setdefault(lec, LectureInfo(lec, source=source, declared_in=str(scene_file)))
                twin = next((p for p in lecture.parts if p.slug.casefold() == info.slug.casefold()), None)
                if twin is None:
                    lecture.parts.append(info)
                elif twin.cls is not part:   # the same part in two lessons is one part; two parts are a mistake
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
                file = _rel(known.declared_in) if known is not None and known.declared_in else "engine/experiments.py"
                owner = f"the course's lecture {value.id} ({file})"
            elif known is not None and (known.title or known.source != source):
                owner = f"the lecture of {_rel(known.declared_in or known.source)}"
            if owner:
                here = "" if Path(source or module.__name__).resolve() == Path(declared_in) else f" in {declared_in}"
                self.problems.append((source or module.__name__,
                                      f"Lecture({value.id!r}){here} takes the id of {owner}; lecture ids must be "
                                      "unique: rename yours"))
                return False
            info = self.lectures.setdefault(value.id, LectureInfo(value.id, source=source))
            info.title, info.source, info.declared_in = dict(value.title), source, declared_in
            info.strings = dict(getattr(value, "strings", {}) or {})
            from .strings import STRINGS
            STRINGS.setdefault(f"lecture.{value.id}", info.title)
        return True

    def _part_problem(self, part: type, *, external: bool) -> str | None:
        """Why ``part`` cannot be listed (a bad id, an unknown experiment, a course lecture it does not
        own), or ``None``."""
        from engine.experiments import COURSE, REGISTRY

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
            msg = f"lecture {name!r} has no scenes yet (its scene families: {self._problem_summary()})"
        raise UnknownName(msg)

    def _problem_summary(self) -> str:
        return "; ".join(f"{s}: {why}" for s, why in self.problems) or "none import"

    def all_lectures(self) -> list[str]:
        from engine.experiments import COURSE

        course = sorted({e.split("/")[0] for e in COURSE})
        order = {lec: i for i, lec in enumerate(course)}
        # the course's lectures in course order, then the others in the order they were found
        found = list(self.lectures)
        return sorted(self.lectures, key=lambda n: (order.get(n, len(order)), found.index(n)))


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


def _import(src: str, *, lecture: bool = False):
    """A module by dotted name, by ``.py`` path or by package folder (a path is loaded once,
    under a stable private name, with its folder on ``sys.path`` as manim does)."""
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
    if not src.endswith(".py"):
        return importlib.import_module(src)
    path = path.resolve()
    if not path.exists():
        raise ModuleNotFoundError(f"no {'lecture' if lecture else 'scene'} file {src}", name=src)
    if lecture:
        _refuse_shadowing(path)
        if str(path.parent) not in sys.path:
            sys.path.append(str(path.parent))   # for its own helper modules; never in front of ours
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
