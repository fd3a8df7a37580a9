"""Render a lecture's parts as separate jobs, N at a time, each skipped when its inputs are unchanged.

A job is a pure function of its inputs (scene sources, part, quality, language,
recording keys, manim version) to one clip. Its key names those inputs; the
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
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import engine

from . import media
from . import procs as procs_
from .catalog import PROJECT_ROOT, Catalog, LectureInfo, PartInfo
from .errors import LectureError
from .files import atomic_write, atomic_write_json, disk_error, ensure_writable, locked
from .manifest import clip_problem, load_manifest

__all__ = ["Job", "JobResult", "LectureRender", "plan", "render", "source_files", "write_manifest",
           "read_manifest"]

#: folders whose code shapes every clip: a change there re-renders everything
SHARED_SOURCES = ("scenes/common", "scenes/strings", "engine")


def source_files(scene_file: Path) -> list[Path]:
    files = {Path(scene_file).resolve()}
    for folder in SHARED_SOURCES:
        files.update(p.resolve() for p in (PROJECT_ROOT / folder).rglob("*.py"))
    return sorted(files)


def _hash_files(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(PROJECT_ROOT) if f.is_relative_to(PROJECT_ROOT) else f).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def recording_keys(lecture: LectureInfo) -> dict[str, str]:
    """``{experiment id: cache key}`` of the recordings a lecture reads."""
    return {e: engine.cache_key(engine.get_config(e)) for e in lecture.experiments}


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

    @property
    def name(self) -> str:
        return f"{self.index:02d}-{self.part.slug}"

    @property
    def video(self) -> Path:
        return self.out_dir / f"{self.name}.mp4"

    @property
    def poster(self) -> Path:
        return self.out_dir / f"{self.name}.png"

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
        size, digest = rec.get("clip_size"), rec.get("clip_sha256")
        if not isinstance(size, int) or not isinstance(digest, str):
            return None   # a record from before clips were hashed: render again
        try:
            st = os.lstat(self.video)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size != size or file_sha256(self.video) != digest:
            return None
        return rec

    def finished(self) -> dict | None:
        """The clip's record if this exact job is already done (same key, the clip it recorded in place)."""
        rec = self.verified_record()
        return rec if rec is not None and rec["key"] == self.key else None

    def poster_ok(self) -> bool:
        try:
            st = os.lstat(self.poster)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and st.st_size > 0


_HASHES: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, remembered in this process while its size, mtime and inode stay the same."""
    st = os.stat(path)
    memo = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if memo not in _HASHES:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _HASHES[memo] = h.hexdigest()
    return _HASHES[memo]


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
    parts = [lecture.part(p) for p in only] if only else list(lecture.parts)
    out_dir = media.lecture_dir(lecture.id, quality, lang, root)
    recs = recording_keys(lecture)
    manim_version = version("manim")
    hashes: dict[Path, str] = {}
    jobs = []
    for part in parts:
        if part.scene_file not in hashes:
            hashes[part.scene_file] = _hash_files(source_files(part.scene_file))
        inputs = {"sources": hashes[part.scene_file], "scene": part.scene, "part": part.id, "quality": quality,
                  "lang": lang, "recordings": recs, "manim": manim_version}
        key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:20]
        jobs.append(Job(lecture.id, lecture.parts.index(part) + 1, part, quality, lang, out_dir, key, recs))
    return jobs


# -- one job ------------------------------------------------------------------------

class _Stop(Exception):
    pass


class Runner:
    """Runs jobs in a thread pool; each thread drives one ``manim`` subprocess."""

    def __init__(self, *, force: bool = False, on_event: Callable[[Job, str], None] | None = None):
        self.force = force
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
        except _Stop:
            return JobResult(job.part.id, job.name, "interrupted", time.perf_counter() - started)
        except LectureError as e:
            return JobResult(job.part.id, job.name, "failed", time.perf_counter() - started, error=str(e))

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
                raise _Stop

    def _render(self, job: Job, started: float) -> JobResult:
        tmp_root = job.out_dir / ".tmp"
        for attempt in range(3):
            try:
                tmp_root.mkdir(parents=True, exist_ok=True)
                tmp = Path(tempfile.mkdtemp(prefix=f"{job.name}-", dir=tmp_root))
                break
            except FileNotFoundError:
                if attempt == 2:   # another run's sweep removed the empty .tmp in between: try again
                    raise disk_error(job.out_dir, OSError("the .tmp folder keeps disappearing")) from None
            except OSError as e:
                raise disk_error(job.out_dir, e) from None
        try:
            log = tmp / "render.log"
            cmd = [sys.executable, "-m", "manim", "render", f"-q{job.quality}", "--disable_caching",
                   "--progress_bar", "none", "--media_dir", str(tmp / "media"), str(job.part.scene_file),
                   job.part.scene]
            env = {**os.environ, "LECTURE_LANG": job.lang, "LECTURE_MEDIA_DIR": str(media.media_root()),
                   "PYTHONUNBUFFERED": "1"}
            with open(log, "w") as logf:
                logf.write("$ " + " ".join(cmd) + "\n")
                logf.flush()
                # own session (Ctrl-C is handled once, here) and SIGTERM if this process dies
                proc = procs_.popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=logf, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
                with self._lock:
                    self._procs[proc.pid] = proc
                try:
                    while True:
                        try:
                            rc = proc.wait(timeout=0.2)
                            break
                        except subprocess.TimeoutExpired:
                            if self.stop.is_set():
                                procs_.kill_group(proc)
                                raise _Stop
                finally:
                    with self._lock:
                        self._procs.pop(proc.pid, None)
            if self.stop.is_set():
                raise _Stop
            videos = [p for p in (tmp / "media").rglob(f"{job.part.scene}.mp4") if "partial_movie_files" not in p.parts]
            if rc != 0 or not videos:
                return self._failed(job, started, log, rc)
            self.on_event(job, "poster")
            try:
                info = media.probe(videos[0])
                self._poster(job, videos[0])
            except LectureError as e:
                if self.stop.is_set():
                    raise _Stop from None   # ffmpeg stopped because we are stopping: not a failure
                return self._failed(job, started, log, rc, reason=str(e))
            if self.stop.is_set():
                raise _Stop
            size, digest = videos[0].stat().st_size, file_sha256(videos[0])
            try:
                os.replace(videos[0], job.video)   # same file system: tmp lives in out_dir
            except OSError as e:
                raise disk_error(job.video, e) from None
            seconds = round(time.perf_counter() - started, 2)
            record = {
                "key": job.key, "part": job.part.id, "title": job.part.title(job.lang), "scene": job.part.scene,
                "scene_file": _rel(job.part.scene_file), "clip": job.video.name, "poster": job.poster.name,
                "clip_size": size, "clip_sha256": digest,
                "duration": info.duration, "resolution": info.resolution, "fps": info.fps, "language": job.lang,
                "quality": job.quality, "recordings": job.recordings, "render_seconds": seconds,
                "manim": version("manim"), "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            atomic_write_json(job.record_file, record)   # last: marks the job done
            job.log.unlink(missing_ok=True)
            return JobResult(job.part.id, job.name, "rendered", seconds, str(job.video))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _failed(self, job: Job, started: float, log: Path, rc: int, reason: str | None = None) -> JobResult:
        """Keep the job's log under ``logs/`` and name the error."""
        job.log.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(job.log, suffix=".log") as out:
            shutil.copyfile(log, out)
        lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
        errors = [ln for ln in lines if "Error" in ln or "error" in ln]
        reason = reason or (errors or lines or [f"manim exited with {rc}"])[-1][:200]
        return JobResult(job.part.id, job.name, "failed", round(time.perf_counter() - started, 2),
                         log=str(job.log), error=reason)


def _rel(path: Path) -> str:
    path = Path(path)
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


#: the folders render writes, sweeps and deletes in: never somewhere else through a symbolic link
WORK_FOLDERS = (".tmp", ".jobs", "logs")


def _refuse_linked_folders(out_dir: Path) -> None:
    for name in WORK_FOLDERS:
        if (out_dir / name).is_symlink():
            raise LectureError(f"{out_dir / name}: is a symbolic link; render writes and cleans only inside the "
                               "lecture folder: remove the link and render again")


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
                raise _Stop

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


def render(catalog: Catalog, lectures: list[str], *, quality: str = "l", jobs: int | None = None, lang: str = "en",
           force: bool = False, only=(), on_plan: Callable[[list[Job]], None] | None = None,
           on_event: Callable[[Job, str], None] | None = None,
           on_done: Callable[[Job, JobResult], None] | None = None) -> list[LectureRender]:
    """Render every part of ``lectures`` (recordings must exist: see ``lecture.record``).

    Returns one ``LectureRender`` per lecture; failed parts are listed, not raised.
    KeyboardInterrupt stops the workers, removes their temp files and propagates.
    """
    media.require_tool("ffmpeg", "to write videos")
    media.require_tool("ffprobe", "to read clip durations")
    infos = [catalog.lecture(name) for name in lectures]
    all_jobs: list[Job] = []
    for info in infos:
        js = plan(info, quality=quality, lang=lang, only=only)
        if js:
            ensure_writable(js[0].out_dir)
            _refuse_linked_folders(js[0].out_dir)
        all_jobs += js
    if on_plan:
        on_plan(all_jobs)
    runner = Runner(force=force, on_event=on_event)
    results: dict[int, JobResult] = {}
    n = max(1, jobs or os.cpu_count() or 1)
    with cf.ThreadPoolExecutor(max_workers=n, thread_name_prefix="render") as pool:
        futures = {pool.submit(runner.run, job): i for i, job in enumerate(all_jobs)}
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
            for f in futures:
                f.cancel()
            cf.wait(futures)
            for out_dir in dict.fromkeys(j.out_dir for j in all_jobs):
                sweep_tmp(out_dir)
            raise
    out = []
    for info in infos:
        idx = [i for i, j in enumerate(all_jobs) if j.lecture == info.id]
        out_dir = media.lecture_dir(info.id, quality, lang)
        sweep_tmp(out_dir)   # also when every part was a cache hit
        manifest = write_manifest(info, quality, lang) if idx else None
        out.append(LectureRender(info.id, quality, lang, str(out_dir), str(manifest) if manifest else None,
                                 [results[i] for i in idx]))
    return out
