"""Render a lecture's parts as separate jobs, N at a time, each skipped when its inputs are unchanged.

A job is a pure function of its inputs (its part's code, the strings it shows, quality, language,
recording keys, manim version, encoder options) to one clip. Its key names those inputs; the
clip, its poster and a small record of the key and of the clip's size and SHA-256
(``.jobs/<NN>-<part>.json``, written last) appear by atomic renames, so a killed
job leaves nothing that a later run or a deck could mistake for a finished clip,
and a clip truncated or replaced afterwards is rendered again.

Concurrency: each job holds an ``fcntl`` lock on ``.jobs/<NN>-<part>.lock`` while
it renders, and the manifest is rewritten under the folder's ``.lock``. A second
``lecture render`` of the same lecture waits for the parts the first one is
rendering and then reuses them (cache hits).
"""

from __future__ import annotations

import concurrent.futures as cf
import glob
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

from scenes.common.ids import PART_FAILED

from . import media
from . import procs as procs_
from . import sections as sections_
from .catalog import PROJECT_ROOT, Catalog, LectureInfo, PartInfo, project_relative
from .errors import LectureError
from .files import (
    atomic_write,
    atomic_write_json,
    atomic_write_text,
    disk_error,
    ensure_writable,
    file_sha256,
    is_recorded_file,
    locked,
    real_folder,
)
from .manifest import clip_problem, load_manifest

__all__ = ["Job", "JobResult", "LectureRender", "Produced", "plan", "produce", "install", "render", "run_sections",
           "join_sections", "finish_clip",
           "longest_first", "source_files", "part_source_files", "write_manifest", "read_manifest"]

#: x264 options of every part's clip (Manim's crf 23 kept): the veryfast preset cost 4% to 14% less CPU
#: on a part and 12% to 23% less on the encoding floor, at SSIM >= 0.998 against the default preset and
#: with smaller files (docs/benchmarks.md, issue 18 item 6). Part of each clip's key.
ENCODER_OPTIONS = ("--encoder-option", "preset=veryfast")
#: manim waits at the end of every play for that play's encoder to finish (x264 flushing its lookahead)
#: unless more than one encoder may be in flight; with two, the next play is drawn meanwhile. The frames
#: are the same, so this is not part of a clip's key (docs/benchmarks.md, issue 32).
PIPELINE_OPTIONS = ("--max-inflight-encoders", "2")
#: Python's string and bytes hashes are salted per process unless this is fixed; manim's
#: TransformMatchingShapes pairs pieces by a hash of their points and walks a set of those hashes, so
#: the order its pieces are drawn in (and the pixels where they overlap) changed from render to render
#: (dropout.masks: 23 of 709 frames). Every render runs with one seed.
RENDER_HASH_SEED = "0"


def source_files(scene_file: Path) -> list[Path]:
    """The scene file and the modules of ours it imports (the project's, and its own folder's)."""
    from engine.code_sources import import_closure, own_roots

    scene_file = Path(scene_file).resolve()
    return import_closure(scene_file, [PROJECT_ROOT, *own_roots(scene_file)])


def part_source_files(part: PartInfo) -> list[Path]:
    """The code a part's clip is keyed by: the module that defines the part and what it imports (followed
    through imports), and the file of its scene; never another lecture's package, nor a string table
    (``strings.py`` of a lecture, ``scenes/strings/<table>.py``): a clip is keyed by the texts of the strings
    its part showed (:func:`plan`), so one fixed word re-renders the parts that show it, not every part."""
    own = _defining_file(part.cls) or Path(part.scene_file)
    files = set(source_files(own)) | {Path(part.scene_file).resolve()}
    home = _lecture_package(own)
    return sorted(f for f in files if not _string_table(f) and _lecture_package(f) in (None, home))


def _defining_file(cls) -> Path | None:
    import inspect

    try:
        source = inspect.getsourcefile(cls) if cls is not None else None
    except (TypeError, OSError):
        return None
    return Path(source).resolve() if source else None


def _lecture_package(path: Path) -> Path | None:
    """The package under ``lectures/`` that ``path`` belongs to, or ``None`` (outside them)."""
    from .catalog import LECTURES_DIR

    root = LECTURES_DIR.resolve()
    path = Path(path).resolve()
    if not path.is_relative_to(root) or path.parent == root:
        return None
    return root / path.relative_to(root).parts[0]


def _string_table(path: Path) -> bool:
    path = Path(path)
    ours = (PROJECT_ROOT / "scenes" / "strings").resolve()
    if path.parent.resolve() == ours:
        return path.name != "__init__.py"
    return path.name == "strings.py" and (path.parent / "__init__.py").is_file()


def _strings_shown(keys, lang: str) -> dict | None:
    """``{key: text in lang}`` of the string keys a part looked up while it rendered (``None``: not known yet)."""
    if keys is None:
        return None
    from scenes.strings import STRINGS

    return {k: (STRINGS.get(k) or {}).get(lang) for k in keys}


def clip_key(inputs: dict, strings_used, lang: str) -> str:
    """A clip's key: its inputs and the texts of the strings it showed."""
    full = {**inputs, "strings": _strings_shown(strings_used, lang)}
    return hashlib.sha256(json.dumps(full, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def _strings_last_used(record_file: Path) -> list | None:
    """The string keys the part's last render looked up (its record), or ``None``."""
    try:
        used = json.loads(record_file.read_text(encoding="utf-8")).get("strings")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None
    return used if isinstance(used, list) and all(isinstance(k, str) for k in used) else None


def hash_files(files: list[Path]) -> str:
    """sha256 over the files' names (project-relative inside it) and bytes, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(PROJECT_ROOT) if f.is_relative_to(PROJECT_ROOT) else f).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def recording_keys(lecture: LectureInfo) -> dict[str, str]:
    """``{experiment id: cache key}`` of the recordings a lecture reads."""
    return recording_keys_of(lecture.experiments)


def recording_keys_of(experiments) -> dict[str, str]:
    """``{experiment id: cache key}`` on this machine (a worker compares its keys with the client's)."""
    import engine  # here, not at import: a Dask worker loads this module without needing torch

    return {e: engine.cache_key(engine.get_config(e)) for e in experiments}


@dataclass
class Job:
    lecture: str
    index: int          # 1-based position of the part in its lecture (the NN of the file name)
    part: PartInfo
    quality: str
    lang: str
    out_dir: Path
    key: str
    recordings: dict
    #: what the key hashes besides the strings the part shows (:func:`clip_key`)
    inputs: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The clip's file name: the part's own, so inserting a part renames nothing."""
        return self.part.slug

    @property
    def video(self) -> Path:
        return self.out_dir / f"{self.name}.mp4"

    @property
    def poster(self) -> Path:
        return self.out_dir / f"{self.name}.png"

    @property
    def subtitles(self) -> Path:
        """The clip's WebVTT subtitles, beside it (also inside it, as a mov_text track)."""
        return self.out_dir / f"{self.name}.vtt"

    @property
    def record_file(self) -> Path:
        return self.out_dir / ".jobs" / f"{self.name}.json"

    @property
    def lock_file(self) -> Path:
        return self.out_dir / ".jobs" / f"{self.name}.lock"

    @property
    def log(self) -> Path:
        return self.out_dir / "logs" / f"{self.name}.log"

    def verified_record(self) -> dict | None:
        """The job's record if it is well formed and the clip on disk is the one it describes.

        The record keeps the clip's size and SHA-256: a truncated, replaced or
        linked-in clip does not match, so it is rendered again rather than called cached.
        """
        try:
            rec = json.loads(self.record_file.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if (not isinstance(rec, dict) or not isinstance(rec.get("key"), str) or clip_problem(rec)
                or rec["clip"] != self.video.name or rec["poster"] != self.poster.name):
            return None
        if not is_recorded_file(self.video, rec.get("clip_size"), rec.get("clip_sha256")):
            return None   # also a record from before clips were hashed: render again
        return rec

    def finished(self) -> dict | None:
        """The clip's record if this exact job is already done (same key, the clip it recorded in place)."""
        rec = self.verified_record()
        if rec is None:
            return None
        if self.inputs:   # keyed by the strings that render showed (it may have finished since this job was planned)
            used = rec.get("strings")
            key = clip_key(self.inputs, used if isinstance(used, list) else None, self.lang)
            if rec["key"] == key:
                self.key = key
        return rec if rec["key"] == self.key else None

    def poster_ok(self) -> bool:
        try:
            st = os.lstat(self.poster)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and st.st_size > 0


@dataclass
class JobResult:
    part: str
    name: str
    status: str                 # rendered | cached | failed | interrupted
    seconds: float
    output: str | None = None
    log: str | None = None
    error: str | None = None


@dataclass
class LectureRender:
    lecture: str
    quality: str
    lang: str
    out_dir: str
    manifest: str | None
    jobs: list[JobResult] = field(default_factory=list)

    @property
    def failed(self) -> list[JobResult]:
        return [j for j in self.jobs if j.status == "failed"]

    def to_dict(self) -> dict:
        return asdict(self)


def plan(lecture: LectureInfo, *, quality: str, lang: str, only=(), root: Path | None = None) -> list[Job]:
    """One job per part (or per ``only`` part), keyed by everything its clip depends on."""
    parts = lecture.parts_named(only) if only else list(lecture.parts)
    out_dir = media.lecture_dir(lecture.id, quality, lang, root)
    keys = recording_keys(lecture)
    manim_version = version("manim")
    hashes: dict[tuple, str] = {}
    jobs = []
    for part in parts:
        files = tuple(part_source_files(part))
        if files not in hashes:
            hashes[files] = hash_files(list(files))
        recs = {e: keys[e] for e in part.experiments}   # its own recordings, not the whole lecture's
        inputs = {"sources": hashes[files], "scene": part.scene, "part": part.id, "quality": quality,
                  "lang": lang, "recordings": recs, "manim": manim_version, "encoder": list(ENCODER_OPTIONS)}
        job = Job(lecture.id, lecture.parts.index(part) + 1, part, quality, lang, out_dir, "", recs, inputs)
        # the strings it showed last time: unchanged code shows the same keys, so their texts complete the key
        job.key = clip_key(inputs, _strings_last_used(job.record_file), lang)
        jobs.append(job)
    return jobs


# -- one job ------------------------------------------------------------------------

# A job is two steps, whatever executes it: ``produce`` makes the clip, its poster and the
# manim log inside a temporary folder (locally, or on a Dask worker whose bytes are then
# written into such a folder), and ``install`` moves them into the lecture folder by atomic
# renames and writes the record last. Both executors call the same two functions.

@dataclass
class Produced:
    """What one render left in its temporary folder."""

    rc: int                         # manim's exit status
    log: Path                       # manim's output
    video: Path | None = None       # the clip, when manim wrote one
    poster: Path | None = None      # its last frame, when ffmpeg could take it
    info: media.VideoInfo | None = None
    reason: str | None = None       # why the poster or the probe failed
    seconds: float = 0.0            # time spent rendering (what scheduling "longest first" uses)
    beats: dict | None = None       # the part's beats and captions (scenes/common/beats.py)
    subtitles: Path | None = None   # the WebVTT file made from them


def produce(scene_file: Path, scene: str, quality: str, lang: str, tmp: Path, *, media_root: Path,
            stopped: Callable[[], bool] = lambda: False,
            track: Callable[[subprocess.Popen, bool], None] = lambda proc, alive: None,
            cwd: Path | None = None, sections: int = 1) -> Produced:
    """Render ``scene`` with manim into ``tmp`` (``tmp/media``, ``tmp/render.log``, ``tmp/poster.png``).

    ``sections`` > 1: that many manim processes draw the part's plays between them and the clip is
    joined from their partial files (lecture/sections.py). Writes nothing outside ``tmp``. Raises
    ``Stopped`` when ``stopped()`` turns true (the children are ended).
    """
    t0 = time.perf_counter()
    if sections > 1:   # one manim plays the part through once and forks a child to draw each play
        rc = _run_manim(scene_file, scene, quality, lang, tmp, media_root=media_root, stopped=stopped,
                        track=track, cwd=cwd, forks=sections)
        video = join_forked_plays(tmp, scene) if rc == 0 else None
    else:
        rc = _run_manim(scene_file, scene, quality, lang, tmp, media_root=media_root, stopped=stopped,
                        track=track, cwd=cwd)
        videos = [p for p in (tmp / "media").rglob(f"{scene}.mp4") if "partial_movie_files" not in p.parts]
        video = videos[0] if videos else None
    return finish_clip(rc, video, tmp, lang, stopped=stopped, started=t0)


def finish_clip(rc: int, video: Path | None, tmp: Path, lang: str, *, stopped: Callable[[], bool] = lambda: False,
                started: float | None = None) -> Produced:
    """What a render left in ``tmp`` (the clip, ``beats.json``) made into a ``Produced``: subtitles and
    chapters put in, probed, its poster taken."""
    t0 = time.perf_counter() if started is None else started
    log = tmp / "render.log"
    if stopped():
        raise Stopped
    if rc != 0 or video is None:
        return Produced(rc, log, seconds=time.perf_counter() - t0)
    out = Produced(rc, log, video)
    try:
        _add_beats(out, tmp, lang)
        assert out.video is not None
        out.info = media.probe(out.video)
        media.poster(out.video, tmp / "poster.png")
        out.poster = tmp / "poster.png"
    except LectureError as e:
        if stopped():
            raise Stopped from None   # ffmpeg stopped because we are stopping: not a failure
        out.reason = str(e)
    out.seconds = time.perf_counter() - t0
    return out


def _manim_command(scene_file: Path, scene: str, quality: str, media_dir: Path, extra=()) -> list[str]:
    return [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
            "--progress_bar", "none", "--media_dir", str(media_dir), *ENCODER_OPTIONS, *PIPELINE_OPTIONS, *extra,
            str(scene_file), scene]


def _manim_env(lang: str, media_root: Path, beats: Path, **more: str) -> dict:
    env = {**os.environ, "LECTURE_LANG": lang, "LECTURE_MEDIA_DIR": str(media_root), "PYTHONUNBUFFERED": "1",
           "LECTURE_BEATS_FILE": str(beats), "PYTHONHASHSEED": RENDER_HASH_SEED, **more}
    # the formulas compiled by one part serve the next (scenes/common/tex_cache.py): tmp/media is per part
    env.setdefault("LECTURE_TEX_CACHE", str(media_root / "tex"))
    return env


def _run_manim(scene_file: Path, scene: str, quality: str, lang: str, tmp: Path, *, media_root: Path,
               stopped: Callable[[], bool], track: Callable[[subprocess.Popen, bool], None],
               cwd: Path | None, forks: int = 0) -> int:
    """One manim process rendering the whole part into ``tmp``; its exit status. ``forks``: it draws each
    play in a forked child, that many at once (scenes/common/render_section.py), and keeps every partial
    movie file for :func:`join_forked_plays`."""
    extra, more = [], {}
    if forks:
        (tmp / "section.cfg").write_text(sections_.SECTION_CONFIG, encoding="utf-8")
        extra, more = ["--config_file", str(tmp / "section.cfg")], {sections_.FORK_ENV: str(forks)}
    cmd = _manim_command(scene_file, scene, quality, tmp / "media", extra)
    env = _manim_env(lang, media_root, tmp / "beats.json", **more)
    with open(tmp / "render.log", "w") as logf:
        logf.write("$ " + " ".join(cmd) + "\n")
        logf.flush()
        # own session (Ctrl-C is handled once, by the caller) and SIGTERM if this process dies
        (rc,) = _wait_all([procs_.popen(cmd, cwd=cwd or PROJECT_ROOT, env=env, stdout=logf,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)], stopped, track)
    return rc


def _wait_all(procs: list[subprocess.Popen], stopped: Callable[[], bool],
              track: Callable[[subprocess.Popen, bool], None]) -> list[int]:
    """Wait for every child; when ``stopped()`` turns true, end them all and raise ``Stopped``."""
    for proc in procs:
        track(proc, True)
    codes: list[int | None] = [None] * len(procs)
    try:
        while any(c is None for c in codes):
            for i, proc in enumerate(procs):
                if codes[i] is None:
                    try:
                        codes[i] = proc.wait(timeout=0.2 / len(procs))
                    except subprocess.TimeoutExpired:
                        pass
            if any(c is None for c in codes) and stopped():
                for proc in procs:
                    procs_.kill_group(proc)
                raise Stopped
        return [int(c) for c in codes if c is not None]
    finally:
        for proc in procs:
            track(proc, False)


def run_sections(scene_file: Path, scene: str, quality: str, lang: str, tmp: Path, *, media_root: Path,
                 stopped: Callable[[], bool], track: Callable[[subprocess.Popen, bool], None],
                 cwd: Path | None, indices, count: int) -> list[int]:
    """Sections ``indices`` of ``count`` at once, one manim process each, into ``tmp/section-<k>``; their exit
    statuses. ``tmp/render.log`` gets their logs one after the other."""
    cfg = tmp / "section.cfg"
    cfg.write_text(sections_.SECTION_CONFIG, encoding="utf-8")
    procs, logs = [], []
    try:
        for k in indices:
            part_dir = tmp / f"section-{k}"
            part_dir.mkdir()
            cmd = _manim_command(scene_file, scene, quality, part_dir / "media", ["--config_file", str(cfg)])
            env = _manim_env(lang, media_root, part_dir / "beats.json", **{sections_.SECTION_ENV: f"{k}/{count}"})
            logf = open(part_dir / "render.log", "w")
            logs.append(logf)
            logf.write("$ " + f"{sections_.SECTION_ENV}={k}/{count} " + " ".join(cmd) + "\n")
            logf.flush()
            procs.append(procs_.popen(cmd, cwd=cwd or PROJECT_ROOT, env=env, stdout=logf,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        codes = _wait_all(procs, stopped, track)
    finally:
        for logf in logs:
            logf.close()
        for p in procs:
            if p.poll() is None:
                procs_.kill_group(p)
    with open(tmp / "render.log", "w") as out:
        for k in indices:
            out.write((tmp / f"section-{k}" / "render.log").read_text(errors="replace"))
    return codes


def join_forked_plays(tmp: Path, scene: str) -> Path:
    """The clip joined from the partial files the forked plays wrote in ``tmp/media`` (beats in ``tmp/beats.json``
    name how many plays there are)."""
    out = tmp / "media" / "videos" / "joined" / f"{scene}.mp4"
    sections_.join_plays(sections_.partial_files(tmp / "media", scene), [sections_.read_beats(tmp / "beats.json")],
                         out, scene)
    return out


def join_sections(tmp: Path, scene: str, count: int) -> Path:
    """The clip joined from the partial files in ``tmp/section-<k>`` (k < ``count``), after checking that their
    beats agree and no play is missing; the beats go to ``tmp/beats.json``."""
    files: dict[int, Path] = {}
    for k in range(count):
        files.update(sections_.partial_files(tmp / f"section-{k}" / "media", scene))
    out = tmp / "media" / "videos" / f"{scene}.mp4"
    beats = sections_.join_plays(files, [sections_.read_beats(tmp / f"section-{k}" / "beats.json")
                                         for k in range(count)], out, scene)
    atomic_write_json(tmp / "beats.json", beats)
    return out


def _add_beats(out: Produced, tmp: Path, lang: str) -> None:
    """Read the part's beats, write its subtitles, and put them and the chapters inside the clip."""
    from .subtitles import embed, webvtt_text

    try:
        beats = json.loads((tmp / "beats.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return   # a scene that is not a part (no beats): the clip as manim made it
    if not isinstance(beats, dict) or not isinstance(beats.get("beats"), list):
        return
    out.beats = beats
    out.subtitles = atomic_write_text(tmp / "subtitles.vtt", webvtt_text(beats))
    assert out.video is not None   # only a clip manim wrote gets beats
    out.video = embed(out.video, beats, lang, tmp / "clip.mp4")


def _job_tmp(job: Job) -> Path:
    """A fresh temporary folder for ``job`` in ``<lecture folder>/.tmp`` (same file system: renames are atomic)."""
    tmp_root = job.out_dir / ".tmp"
    for attempt in range(3):
        try:
            tmp_root.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f"{job.name}-", dir=tmp_root))
        except FileNotFoundError:
            if attempt == 2:   # another run's sweep removed the empty .tmp in between: try again
                raise disk_error(job.out_dir, OSError("the .tmp folder keeps disappearing")) from None
        except OSError as e:
            raise disk_error(job.out_dir, e) from None
    raise AssertionError("unreachable")


def install(job: Job, produced: Produced, started: float) -> JobResult:
    """Move a produced clip and poster into the lecture folder (atomic renames), then write the record.

    The caller holds the job's lock and ``produced`` lives in the job's ``.tmp`` folder. A render
    that made no clip (or no poster) keeps its log under ``logs/`` and fails alone.
    """
    if produced.rc != 0 or produced.video is None or produced.poster is None or produced.info is None:
        return _failed(job, started, produced.log, produced.rc, reason=produced.reason)
    video, info = produced.video, produced.info
    size, digest = video.stat().st_size, file_sha256(video)
    try:
        os.replace(produced.poster, job.poster)
        if produced.subtitles is not None:
            os.replace(produced.subtitles, job.subtitles)
        os.replace(video, job.video)
    except OSError as e:
        raise disk_error(job.video, e) from None
    seconds = round(time.perf_counter() - started, 2)
    strings = (produced.beats or {}).get("strings")
    strings = strings if isinstance(strings, list) else None
    if job.inputs:   # keyed by the texts of the strings it showed this time
        job.key = clip_key(job.inputs, strings, job.lang)
    record = {
        "key": job.key, "part": job.part.id, "title": job.part.title(job.lang), "scene": job.part.scene,
        "scene_file": project_relative(job.part.scene_file), "clip": job.video.name, "poster": job.poster.name,
        "clip_size": size, "clip_sha256": digest,
        "duration": info.duration, "resolution": info.resolution, "fps": info.fps, "language": job.lang,
        "quality": job.quality, "recordings": job.recordings,
        **({"subtitles": job.subtitles.name, "beats": _beat_entries(produced.beats)} if produced.beats else {}),
        "render_seconds": round(produced.seconds, 2) if produced.seconds else seconds,
        "manim": version("manim"), "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **({"strings": strings} if strings is not None else {}),
    }
    atomic_write_json(job.record_file, record)   # last: marks the job done
    job.log.unlink(missing_ok=True)
    return JobResult(job.part.id, job.name, "rendered", seconds, str(job.video))


def _beat_entries(beats: dict) -> list[dict]:
    """The beats as a record lists them: index, start, end, hold (seconds) and the sentences shown."""
    return [{k: b[k] for k in ("index", "start", "end", "hold", "captions") if k in b} for b in beats["beats"]]


def _failed(job: Job, started: float, log: Path, rc: int, reason: str | None = None) -> JobResult:
    """Keep the job's log under ``logs/`` and name the error."""
    job.log.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(job.log, suffix=".log") as out:
        shutil.copyfile(log, out)
    lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    said = [ln.split(PART_FAILED, 1)[1][:500] for ln in lines if PART_FAILED in ln]   # the part's own line
    errors = [ln[:200] for ln in lines if "Error" in ln or "error" in ln]
    reason = reason or (said or errors or [ln[:200] for ln in lines] or [f"manim exited with {rc}"])[-1]
    return JobResult(job.part.id, job.name, "failed", round(time.perf_counter() - started, 2),
                     log=str(job.log), error=reason)


class Stopped(Exception):
    """A job's render was stopped (an interrupt, or the run giving up): not a failure of the part."""


class Runner:
    """Runs jobs in a thread pool; each thread drives one ``manim`` subprocess."""

    def __init__(self, *, force: bool = False, on_event: Callable[[Job, str], None] | None = None,
                 producer: Callable[[Job, Path, Runner], Produced] | None = None, sections: int | None = None):
        self.force = force
        self.sections = sections   # the most processes one part may use (None: as many as idle cores)
        self._rendering = 0        # parts being rendered now (cache hits not counted)
        self.producer = producer or self.produce_locally
        self.on_event = on_event or (lambda job, status: None)
        self.stop = threading.Event()
        self._procs: dict[int, subprocess.Popen] = {}
        self._lock = threading.Lock()

    # Every child runs in its own session (lecture.procs) so that Ctrl-C is handled
    # once, here: stop_all() ends them all and each job cleans its temp dir.
    def stop_all(self) -> None:
        self.stop.set()
        with self._lock:
            procs = list(self._procs.values())
        for p in procs:
            procs_.kill_group(p)

    def run(self, job: Job) -> JobResult:
        started = time.perf_counter()
        try:
            return self._run(job, started)
        except Stopped:
            return JobResult(job.part.id, job.name, "interrupted", time.perf_counter() - started)
        except LectureError as e:
            return JobResult(job.part.id, job.name, "failed", round(time.perf_counter() - started, 2), error=str(e))

    def _run(self, job: Job, started: float) -> JobResult:
        with locked(job.lock_file, blocking=False) as got:
            if not got:
                self.on_event(job, "waiting for another render")
        with _lock_interruptibly(job.lock_file, self.stop):
            _sweep_job_temps(job)   # we hold the job's lock: any temp file of it is a killed run's
            done = None if self.force else job.finished()
            if done is not None:
                if not job.poster_ok():
                    self.on_event(job, "poster")
                    try:
                        self._poster(job, job.video)
                    except LectureError:
                        done = None   # the clip does not give a poster: render it again
                if done is not None:
                    self.on_event(job, "cached")
                    return JobResult(job.part.id, job.name, "cached", time.perf_counter() - started, str(job.video))
            self.on_event(job, "rendering")
            return self._render(job, started)

    def _poster(self, job: Job, video: Path) -> None:
        with atomic_write(job.poster, suffix=".png") as png:
            media.poster(video, png)
            if self.stop.is_set():
                raise Stopped

    def _render(self, job: Job, started: float) -> JobResult:
        tmp = _job_tmp(job)
        with self._lock:
            self._rendering += 1
        try:
            produced = self.producer(job, tmp, self)
            if self.stop.is_set():
                raise Stopped
            return install(job, produced, started)
        finally:
            with self._lock:
                self._rendering -= 1
            shutil.rmtree(tmp, ignore_errors=True)

    def idle_sections(self) -> int:
        """How many processes a part starting now may use: the cores no other part is rendering on."""
        with self._lock:
            busy = self._rendering - 1
        return sections_.sections_for(busy=busy, most=self.sections)

    # -- the local producer: manim in a child process of this one --------------------

    def produce_locally(self, job: Job, tmp: Path, runner: Runner) -> Produced:
        return produce(job.part.scene_file, job.part.scene, job.quality, job.lang, tmp,
                       media_root=media.media_root(), stopped=self.stop.is_set, track=self._track,
                       sections=self.idle_sections())

    def _track(self, proc: subprocess.Popen, alive: bool) -> None:
        with self._lock:
            if alive:
                self._procs[proc.pid] = proc
            else:
                self._procs.pop(proc.pid, None)

#: the folders render writes, sweeps and deletes in: never somewhere else through a symbolic link
WORK_FOLDERS = (".tmp", ".jobs", "logs")


def _refuse_linked_folders(out_dir: Path) -> None:
    """The lecture folder, every folder above it up to the media folder and its work folders are real
    folders inside the media folder (made when missing), or one line names the link in the way."""
    real_folder(out_dir)
    for name in WORK_FOLDERS:
        real_folder(out_dir / name, create=False)
    with locked(out_dir / ".lock", blocking=False):   # the manifest's lock opens (not a link): before any work
        pass


def _sweep_job_temps(job: Job) -> None:
    """Remove what a killed run of ``job`` left: its ``.tmp`` folders and half-written files.

    Only call while holding the job's lock (no live run of it can own them).
    """
    if any((job.out_dir / f).is_symlink() for f in WORK_FOLDERS):
        return
    name = glob.escape(job.name)
    for stale in (job.out_dir / ".tmp").glob(f"{name}-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    for folder in (job.out_dir, job.record_file.parent, job.log.parent):
        for stale in folder.glob(f".{name}.*.tmp*"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)


def sweep_tmp(out_dir: Path) -> None:
    """Remove the ``.tmp`` folders of jobs no run holds (killed runs), then ``.tmp`` itself when empty.

    A job takes its lock before it makes its temp folder, so a folder whose job's
    lock is free (or was never created) belongs to nobody.
    """
    tmp_root = Path(out_dir) / ".tmp"
    if tmp_root.is_symlink():
        return
    try:
        entries = list(tmp_root.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name.rsplit("-", 1)[0]
        lock = Path(out_dir) / ".jobs" / f"{name}.lock"
        if not entry.is_dir() or entry.is_symlink():
            continue
        if not lock.exists():
            shutil.rmtree(entry, ignore_errors=True)
            continue
        with locked(lock, blocking=False) as got:
            if got:
                shutil.rmtree(entry, ignore_errors=True)
    try:
        tmp_root.rmdir()
    except OSError:
        pass   # another run is using it


_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def sweep_orphans(out_dir: Path, names: set[str]) -> None:
    """Remove the clips of parts this lecture no longer has under that name (a part removed, or a
    clip named ``NN-<part>`` by an older version), by their records: only the files a record lists,
    plain files in this folder, never through a link. Call under the folder lock."""
    jobs_dir = Path(out_dir) / ".jobs"
    if any((Path(out_dir) / f).is_symlink() for f in WORK_FOLDERS):
        return
    for record in sorted(jobs_dir.glob("*.json")) if jobs_dir.is_dir() else []:
        stem = record.stem
        if stem in names or not record.is_file() or record.is_symlink():
            continue
        with locked(jobs_dir / f"{stem}.lock", blocking=False) as got:
            if not got:
                continue   # someone renders it right now
            try:
                rec = json.loads(record.read_text())
            except (OSError, ValueError):
                rec = {}
            listed = [rec.get("clip"), rec.get("poster"), rec.get("subtitles")] if isinstance(rec, dict) else []
            # a record deletes only its own part's clip, poster and subtitles
            own = {f"{stem}.mp4", f"{stem}.png", f"{stem}.vtt"}
            for name in [*listed, None]:
                target = Path(out_dir) / name if name in own and _PLAIN_NAME.match(name) else None
                if target is not None and target.is_file() and not target.is_symlink():
                    target.unlink(missing_ok=True)
            log = Path(out_dir) / "logs" / f"{stem}.log"
            if log.is_file() and not log.is_symlink():
                log.unlink(missing_ok=True)
            record.unlink(missing_ok=True)
        (jobs_dir / f"{stem}.lock").unlink(missing_ok=True)


class _lock_interruptibly:
    """Take a job's lock, waiting for another render to finish it, unless we are stopped."""

    def __init__(self, path: Path, stop: threading.Event):
        self.path, self.stop = path, stop

    def __enter__(self):
        while True:
            cm = locked(self.path, blocking=False)
            got = cm.__enter__()
            if got:
                self._cm = cm
                return self
            cm.__exit__(None, None, None)
            if self.stop.wait(0.2):
                raise Stopped

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


# -- a whole lecture ----------------------------------------------------------------

def read_manifest(out_dir: Path) -> dict:
    """The lecture folder's ``manifest.json``, checked (see :func:`lecture.manifest.load_manifest`)."""
    return load_manifest(Path(out_dir) / "manifest.json")


def write_manifest(lecture: LectureInfo, quality: str, lang: str, root: Path | None = None) -> Path:
    """Rewrite ``manifest.json`` from the finished clips' records (under the folder lock)."""
    out_dir = media.lecture_dir(lecture.id, quality, lang, root)
    all_jobs = plan(lecture, quality=quality, lang=lang, root=root)
    with locked(out_dir / ".lock"):
        sweep_orphans(out_dir, {job.name for job in all_jobs})
        clips, missing = [], []
        for job in all_jobs:
            rec = job.verified_record()
            if rec is None or not job.poster_ok():
                missing.append(job.part.id)
                continue
            if rec["key"] != job.key:
                rec = {**rec, "stale": True}   # an older clip of this part is still worth listing, marked stale
            # titles come from the strings table now: fixing a title needs no re-render
            rec = {**rec, "title": job.part.title(lang)}
            clips.append({"index": job.index, **{k: v for k, v in rec.items() if k != "key"}, "key": rec["key"]})
        from .strings import lecture_title
        payload = {"lecture": lecture.id, "title": lecture_title(lecture.id, lang), "quality": quality,
                   "quality_dir": media.QUALITIES[quality], "language": lang, "clips": clips, "missing": missing,
                   "written_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        return atomic_write_json(out_dir / "manifest.json", payload)


def _as_list(value, name: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    if not items:
        raise LectureError(f"no {name} given; name at least one")
    return list(dict.fromkeys(items))


def last_seconds(job: Job) -> float | None:
    """The ``render_seconds`` of the part's last render at this quality and language, when recorded."""
    try:
        rec = json.loads(job.record_file.read_text(encoding="utf-8"))
        s = rec.get("render_seconds") if isinstance(rec, dict) else None
        return float(s) if isinstance(s, (int, float)) and s >= 0 else None
    except (OSError, ValueError, RecursionError):
        return None


def longest_first(jobs: list[Job]) -> list[int]:
    """Indices of ``jobs`` in the order to start them: longest last render first.

    A part never rendered at this quality/language takes the time of the same part at another
    one, scaled by pixels x frames; a part never rendered at all goes first (it may be long).
    """
    known = {id(j): last_seconds(j) for j in jobs}
    weight = {q: (w * h * fps) for q, (w, h, fps) in
              {"l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60), "k": (3840, 2160, 60)}.items()}
    by_part: dict[str, tuple[float, str]] = {}
    for j in jobs:
        seconds = known[id(j)]
        if seconds is not None:
            by_part.setdefault(j.part.id, (seconds, j.quality))

    def estimate(j: Job) -> float:
        seconds = known[id(j)]
        if seconds is not None:
            return seconds
        if j.part.id in by_part:
            s, q = by_part[j.part.id]
            return s * weight.get(j.quality, 1) / weight.get(q, 1)
        return float("inf")

    return sorted(range(len(jobs)), key=lambda i: (-estimate(jobs[i]), i))


def render(catalog: Catalog, lectures: list[str], *, quality="l", jobs: int | None = None, lang="en",
           force: bool = False, only=(), on_plan: Callable[[list[Job]], None] | None = None,
           on_event: Callable[[Job, str], None] | None = None,
           on_done: Callable[[Job, JobResult], None] | None = None,
           executor=None, sections: int | None = None) -> list[LectureRender]:
    """Render every part of ``lectures`` (recordings must exist: see ``lecture.record``).

    ``quality`` and ``lang`` are one value or a list: every (lecture, part, language, quality)
    job of the matrix is planned at once and started longest first. ``executor`` is ``None``
    (this machine, ``jobs`` at a time) or a :class:`lecture.executors.DaskExecutor`. Locally, a part
    that starts while cores are idle renders in sections on them (lecture/sections.py), at most
    ``sections`` processes (``None``: every idle core; 1: never).

    Returns one ``LectureRender`` per lecture, language and quality; failed parts are listed,
    not raised. KeyboardInterrupt stops the workers, removes their temp files and propagates.
    """
    media.require_tool("ffmpeg", "to write videos")
    media.require_tool("ffprobe", "to read clip durations")
    qualities, langs = _as_list(quality, "quality"), _as_list(lang, "language")
    infos = [catalog.lecture(name) for name in lectures]
    for info in infos:
        for lg in langs:
            info.require_language(lg)
    combos = [(info, q, lg) for info in infos for lg in langs for q in qualities]
    all_jobs: list[Job] = []
    for info, q, lg in combos:
        js = plan(info, quality=q, lang=lg, only=only)
        if js:
            _refuse_linked_folders(js[0].out_dir)
            ensure_writable(js[0].out_dir)
        all_jobs += js
    if all_jobs and not os.environ.get("LECTURE_TEX_CACHE"):
        real_folder(media.media_root() / "tex", create=False)   # the formulas' cache that produce() shares
    if on_plan:
        on_plan(all_jobs)
    order = longest_first(all_jobs)
    results: dict[int, JobResult] = {}
    if executor is not None:
        runner = Runner(force=force, on_event=on_event, producer=executor.producer(all_jobs))
        n = max(1, len(all_jobs))   # the cluster queues them: one waiting thread per job
    else:
        runner = Runner(force=force, on_event=on_event, sections=sections)
        n = max(1, jobs or os.cpu_count() or 1)
    with cf.ThreadPoolExecutor(max_workers=n, thread_name_prefix="render") as pool:
        futures = {pool.submit(runner.run, all_jobs[i]): i for i in order}
        try:
            pending = set(futures)
            while pending:
                done, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
                for f in done:
                    i = futures[f]
                    results[i] = f.result()
                    if on_done:
                        on_done(all_jobs[i], results[i])
        except BaseException:
            runner.stop_all()
            if executor is not None:
                executor.cancel()
            for f in futures:
                f.cancel()
            cf.wait(futures)
            for out_dir in dict.fromkeys(j.out_dir for j in all_jobs):
                sweep_tmp(out_dir)
            raise
    out = []
    for info, q, lg in combos:
        idx = [i for i, j in enumerate(all_jobs) if j.lecture == info.id and j.quality == q and j.lang == lg]
        out_dir = media.lecture_dir(info.id, q, lg)
        sweep_tmp(out_dir)   # also when every part was a cache hit
        manifest = write_manifest(info, q, lg) if idx else None
        out.append(LectureRender(info.id, q, lg, str(out_dir), str(manifest) if manifest else None,
                                 [results[i] for i in idx]))
    return out
