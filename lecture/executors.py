"""Where the parts of ``lecture render`` run: this machine (the default) or a Dask cluster.

The local executor is :class:`lecture.render.Runner` with its own producer (manim in a
child process). :class:`DaskExecutor` gives the same Runner another producer: the part is
sent to a Dask worker as one task (:func:`render_on_worker`), which renders it in a
temporary folder of its own (no shared file system is assumed) and sends back the clip,
poster and log as bytes. The client writes them into the job's ``.tmp`` folder and
installs them with the same :func:`lecture.render.install` as a local render: same atomic
renames, same record with size and hash, same manifest, same cache hits (a cached part is
never sent to the cluster: the client checks first, under the job's lock).

Recordings travel from the client. A worker does not train: the client reads each
recording a lecture needs once, scatters it to the cluster, and a worker writes it into its
own media folder before rendering (once per worker). Training again on every worker would
cost minutes of CPU per recording and per worker, and could differ in the last bits from the
client's run on another CPU; a recording's key includes torch, the thread count and the CPU
capability, so a worker whose key differs from the client's refuses the task rather than
render other numbers than the client planned.

A worker refuses (one line, both versions named) when its manim, torch or project version,
the hash of the part's sources, or a recording key differs from the client's. A task is
idempotent (it writes only in its own temp folder), so Dask can run it again on another
worker when one dies mid-task.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .catalog import PROJECT_ROOT
from .errors import LectureError
from .files import atomic_write, atomic_write_json

__all__ = ["EXECUTORS", "DaskExecutor", "render_on_worker", "render_section_on_worker", "client_versions",
           "require_distributed", "scheduler_problem", "max_local_workers"]

#: how long tasks wait for a cluster with no worker at all before their parts fail (workers of a
#: batch system may take a while to start: raise it with $LECTURE_DASK_WAIT_WORKERS, in seconds)
try:
    NO_WORKERS_S = float(os.environ.get("LECTURE_DASK_WAIT_WORKERS") or 300)
except ValueError:
    NO_WORKERS_S = 300.0
#: how often a waiting task asks the scheduler how many workers it has
WORKER_CHECK_S = 5.0

EXECUTORS = ("local", "dask")
INSTALL = 'pip install ".[cluster]"'


def require_distributed():
    """``distributed``, or one line naming the install command."""
    try:
        import distributed
    except ImportError:
        raise LectureError(f"the dask executor needs the optional 'cluster' extra (dask distributed); "
                           f"install it: {INSTALL}") from None
    return distributed


#: the comm schemes distributed speaks (``inproc`` is within one process, for tests)
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def scheduler_problem(address: str) -> str | None:
    """What is wrong with a scheduler address (one line and the fix), or ``None``: checked at once,
    so a typo is not a 30-second wait for a connection that cannot happen."""
    from distributed.comm.addressing import parse_address, parse_host_port

    fix = "give the scheduler's address as tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786)"
    try:
        scheme, where = parse_address(address.strip(), strict=False)
    except (ValueError, TypeError):
        return f"{address!r} is not an address; {fix}"
    if scheme not in SCHEMES:
        return f"{address!r}: unknown protocol {scheme}:// (known: {', '.join(SCHEMES)}); {fix}"
    if scheme == "inproc":
        return None
    try:
        host, port = parse_host_port(where)
    except (ValueError, TypeError):
        return f"{address!r} is not an address (no port?); {fix}"
    if not host or any(c.isspace() or c in "/?#@" for c in host):
        return f"{address!r}: {host!r} is not a host name; {fix}"
    if not 1 <= int(port) <= 65535:
        return f"{address!r}: port {port} is not a TCP port (1 to 65535); {fix}"
    return None


#: what one local worker needs in memory: its process, its nanny's share and the manim it runs
LOCAL_WORKER_MEMORY = 512 << 20
#: local workers per core at most: each renders one part at a time, so more only wait for CPU
LOCAL_WORKERS_PER_CORE = 4


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def max_local_workers() -> tuple[int, str]:
    """How many local Dask workers this machine can start, and why that many (for the one-line note)."""
    cores = _cores()
    by_cores = LOCAL_WORKERS_PER_CORE * cores
    from engine import memory as engine_memory  # standard library only (no torch): one reading of MemAvailable

    memory = engine_memory.available_memory()
    by_memory = max(1, memory // LOCAL_WORKER_MEMORY) if memory is not None else by_cores
    if memory is not None and by_memory < by_cores:
        return by_memory, (f"{memory / 2**30:.1f} GiB of memory are available, "
                           f"{LOCAL_WORKER_MEMORY >> 20} MiB for each worker")
    return by_cores, f"{LOCAL_WORKERS_PER_CORE} per core, {cores} cores"


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def client_versions() -> dict[str, str]:
    """What must be the same on a worker: the versions of manim, torch and this project."""
    return {"manim": _version("manim"), "torch": _version("torch"), "lecture-videos": _version("lecture-videos")}


def _scene_ref(scene_file: Path) -> str:
    """The scene file as a worker finds it: relative to the project when inside it."""
    p = Path(scene_file).resolve()
    return str(p.relative_to(PROJECT_ROOT)) if p.is_relative_to(PROJECT_ROOT) else str(p)


def _sources_hash(scene_file: Path) -> str:
    from .render import hash_files, source_files

    return hash_files(source_files(scene_file))


# -- on the worker ---------------------------------------------------------------------

def _refusal(spec: dict, where: str) -> str | None:
    """One line naming what differs between this worker and the client, or None."""
    mine = client_versions()
    for name, theirs in spec["versions"].items():
        if mine.get(name) != theirs:
            return (f"worker {where} has {name} {mine.get(name)}, the client {theirs}; install the same "
                    "versions on every worker (scripts/setup.sh at the client's commit)")
    scene_file = PROJECT_ROOT / spec["scene_file"]
    if not scene_file.is_file():
        return f"worker {where} has no {spec['scene_file']}; install the project at the client's commit"
    sources = _sources_hash(scene_file)
    if sources != spec["sources"]:
        return (f"worker {where} has the sources of {spec['scene_file']} at hash {sources[:12]}, the client "
                f"{spec['sources'][:12]}; check out the client's commit on every worker")
    if spec["recordings"]:
        from engine.experiments import REGISTRY

        from .render import recording_keys_of

        if any(e not in REGISTRY for e in spec["recordings"]):   # a lecture of one's own declares them
            from .catalog import import_source
            try:
                import_source(str(scene_file), lecture=True)
            except Exception as e:  # noqa: BLE001 - one line back to the client
                return f"worker {where} cannot import {spec['scene_file']} ({type(e).__name__}: {e})"

        keys = recording_keys_of(list(spec["recordings"]))
        for exp, theirs in spec["recordings"].items():
            if keys[exp] != theirs:
                return (f"worker {where} keys recording {exp} as {keys[exp]}, the client as {theirs} "
                        "(torch, training threads or CPU capability differ); use workers like the client")
    return None


def _worker_dir() -> tuple[Path, str]:
    """This worker's own folder (its Dask local directory) and its address."""
    try:
        from distributed import get_worker

        w = get_worker()
        return Path(w.local_directory) / "lecture", w.address
    except (ImportError, ValueError):
        return Path(tempfile.gettempdir()) / f"lecture-worker-{os.getpid()}", f"pid {os.getpid()}"


def _place(root: Path, rel: str, data: bytes) -> None:
    """Write a recording into the worker's media folder once (temp file + rename: tasks share it)."""
    dest = root / rel
    if dest.is_file() and dest.stat().st_size == len(data):
        return
    with atomic_write(dest) as tmp:
        tmp.write_bytes(data)


def _cancelled(event_name: str | None):
    """A ``stopped()`` for :func:`lecture.render.produce`: whether the client cancelled the run (asked once a
    second)."""
    if not event_name:
        return lambda: False
    state: dict[str, Any] = {"at": 0.0, "set": False}

    def stopped() -> bool:
        now = time.monotonic()
        if not state["set"] and now - state["at"] >= 1.0:
            state["at"] = now
            try:
                from distributed import Event

                state["set"] = Event(event_name).is_set()
            except Exception:  # noqa: BLE001 - no scheduler to ask: keep rendering
                pass
        return state["set"]
    return stopped


def _worker_task(spec: dict, recordings: dict, name: str) -> dict | tuple[str, Path, Path]:
    """What every task does first on a worker: the refusal (returned as the task's answer) when the worker
    differs from the client, else the recordings placed in its media folder and a fresh temp folder:
    ``(where, media_root, tmp)``."""
    root, where = _worker_dir()
    refusal = _refusal(spec, where)
    if refusal:
        return {"status": "refused", "error": refusal, "worker": where}
    media_root = root / "media"
    for rel, data in (recordings or {}).items():
        _place(media_root, rel, data)
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    return where, media_root, Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root / "tmp"))


def render_on_worker(spec: dict, recordings: dict, cancel_event: str | None = None) -> dict:
    """One part, rendered in a temporary folder of this worker; the results come back as bytes.

    Writes only under the worker's own directory, so running it again (a retry after a worker
    died) is harmless.
    """
    from .render import Stopped, produce

    ready = _worker_task(spec, recordings, spec["name"])
    if isinstance(ready, dict):
        return ready
    where, media_root, tmp = ready
    try:
        try:
            p = produce(PROJECT_ROOT / spec["scene_file"], spec["scene"], spec["quality"], spec["lang"], tmp,
                        media_root=media_root, stopped=_cancelled(cancel_event))
        except Stopped:
            return {"status": "cancelled", "worker": where}
        read = lambda f: f.read_bytes() if f is not None else None  # noqa: E731
        return {"status": "done", "worker": where, "rc": p.rc, "log": p.log.read_bytes(), "clip": read(p.video),
                "poster": read(p.poster), "reason": p.reason, "seconds": p.seconds,
                "beats": p.beats, "subtitles": read(p.subtitles),
                "info": None if p.info is None else [p.info.duration, p.info.width, p.info.height, p.info.fps]}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def render_section_on_worker(spec: dict, recordings: dict, cancel_event: str | None, index: int,
                             count: int) -> dict:
    """Section ``index`` of ``count`` of one part (lecture/sections.py), drawn in a temporary folder of this
    worker; its partial movie files, beats and log come back as bytes (the client joins the sections)."""
    from .render import Stopped, run_sections
    from .sections import partial_files, read_beats

    ready = _worker_task(spec, recordings, f"{spec['name']}-{index}")
    if isinstance(ready, dict):
        return ready
    where, media_root, tmp = ready
    try:
        try:
            (rc,) = run_sections(PROJECT_ROOT / spec["scene_file"], spec["scene"], spec["quality"], spec["lang"],
                                 tmp, media_root=media_root, stopped=_cancelled(cancel_event),
                                 track=lambda proc, alive: None, cwd=None, indices=[index], count=count)
        except Stopped:
            return {"status": "cancelled", "worker": where}
        section = tmp / f"section-{index}"
        files = partial_files(section / "media", spec["scene"]) if rc == 0 else {}
        return {"status": "done", "worker": where, "rc": rc, "log": (tmp / "render.log").read_bytes(),
                "partials": {i: f.read_bytes() for i, f in files.items()},
                "beats": read_beats(section / "beats.json")}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- on the client ---------------------------------------------------------------------

class DaskExecutor:
    """Runs each part as one Dask task: on ``scheduler`` (an address), or on a ``LocalCluster`` of
    ``workers`` processes that this executor starts and closes (``with DaskExecutor(...) as ex``)."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, *, client=None, connect_timeout: float = 30,
                 sections: int | None = None):
        self.scheduler, self.workers, self.connect_timeout = scheduler, max(1, workers), connect_timeout
        self.max_sections = sections   # most tasks one part is split into (None: as many as idle workers)
        self.sections = 1              # what producer() decides for a run
        self.client, self.cluster, self._own_client = client, None, client is None
        self._futures: set = set()
        self._lock = threading.Lock()
        self._scattered: dict[str, object] = {}
        self._sources: dict[Path, str] = {}
        self.cancel_event = f"lecture-cancel-{uuid.uuid4().hex}"
        self._cancelled = False

    def __enter__(self):
        distributed = require_distributed()
        if self.client is not None:
            return self
        import logging

        from . import console as con
        # Dask's own INFO lines (workers starting, closing) are not the user's business; -v shows them
        logging.getLogger("distributed").setLevel(logging.DEBUG if con.is_verbose() else logging.ERROR)
        try:
            if self.scheduler:
                self.client = distributed.Client(self.scheduler, timeout=self.connect_timeout)
            else:
                self.cluster = self._start_local_cluster(distributed)
                self.client = distributed.Client(self.cluster)
        except (ValueError, TypeError) as e:   # an address distributed cannot parse
            self.close()
            raise LectureError(f"--scheduler {self.scheduler!r}: not a Dask scheduler address ({e}); "
                               "give it as tcp://HOST:PORT") from None
        except OSError as e:
            self.close()
            where = self.scheduler or "a local cluster"
            raise LectureError(f"cannot reach the Dask scheduler at {where} ({e}); start it with "
                               "`dask scheduler` or check --scheduler / LECTURE_SCHEDULER") from None
        return self

    def _start_local_cluster(self, distributed):
        """A LocalCluster of ``self.workers`` processes, started so that Ctrl-C works throughout.

        The terminal's Ctrl-C reaches the whole process group, and only this client should handle it
        (cancel, close the cluster, exit 130): a worker that got it too would print its own traceback
        while being closed. So the cluster is started by a thread that blocks SIGINT: the threads it
        starts and the worker processes they spawn inherit that mask and never see it, while the main
        thread keeps it and is interrupted at once (ignoring SIGINT instead lost a Ctrl-C during start-up).
        On Ctrl-C the cluster is closed as soon as its start returns, then KeyboardInterrupt goes on.
        """
        import logging

        box: dict = {}

        def start():
            if hasattr(signal, "pthread_sigmask"):
                # multiprocessing's resource tracker unblocks SIGINT in the thread that first starts it
                # (bpo-33613): start it now, so that no thread of the cluster's unblocks it later
                from multiprocessing import resource_tracker

                resource_tracker.ensure_running()
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                # dashboard on a free port: 8787 may be another cluster's (no warning about it)
                box["cluster"] = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                                          processes=True, dashboard_address=":0",
                                                          silence_logs=logging.ERROR)
            except BaseException as e:  # noqa: BLE001 - raised again in the caller's thread
                box["error"] = e

        starter = threading.Thread(target=start, name="lecture-cluster-start", daemon=True)
        starter.start()
        try:
            while starter.is_alive():
                starter.join(0.1)
        except KeyboardInterrupt:
            self._cancelled = True
            self._quiet()
            while starter.is_alive():   # what it started is closed, not left running: wait for it
                try:
                    starter.join(0.1)
                except KeyboardInterrupt:
                    continue
            if "cluster" in box:
                box["cluster"].close()
            raise
        if "error" in box:
            raise box["error"]
        return box["cluster"]

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
            self._cancelled = True
        self.close()

    def _quiet(self) -> None:
        """After Ctrl-C, comms closing under the cancelled run are noise, not news (``-v`` still shows them)."""
        import logging

        from . import console as con
        if not con.is_verbose():
            logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)

    def close(self) -> None:
        if self._cancelled:
            self._quiet()
        if self._own_client and self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def cancel(self) -> None:
        """Stop the run: running tasks end their manim (they poll an event), queued ones are cancelled."""
        self._cancelled = True
        self._quiet()
        with self._lock:
            futures = list(self._futures)
        try:
            from distributed import Event

            Event(self.cancel_event, client=self.client).set()
        except Exception:  # noqa: BLE001 - the scheduler is gone: nothing left to cancel there
            pass
        if futures:
            try:
                self.client.cancel(futures)
            except Exception:  # noqa: BLE001
                pass

    def _recordings(self, job) -> dict:
        """``{path under the media folder: scattered bytes}`` of the recordings ``job``'s lecture reads."""
        if not job.recordings:
            return {}
        import engine

        out = {}
        for exp in job.recordings:
            cfg = engine.get_config(exp)
            path = engine.cache_path(cfg)                    # here, under this media folder
            rel = engine.cache_path(cfg, root="").as_posix()  # the same under a worker's: recordings/<lecture>/...
            if not path.is_file():
                continue   # not recorded here: the worker's render reports it
            with self._lock:
                if rel not in self._scattered:
                    self._scattered[rel] = self.client.scatter(path.read_bytes(), hash=False)
                out[rel] = self._scattered[rel]
        return out

    def spec(self, job) -> dict:
        if job.part.scene_file not in self._sources:
            self._sources[job.part.scene_file] = _sources_hash(job.part.scene_file)
        return {"name": job.name, "scene_file": _scene_ref(job.part.scene_file), "scene": job.part.scene,
                "quality": job.quality, "lang": job.lang, "versions": client_versions(),
                "sources": self._sources[job.part.scene_file], "recordings": dict(job.recordings)}

    def producer(self, all_jobs):
        """A producer for :class:`lecture.render.Runner` that sends each job to the cluster."""
        from .render import longest_first

        order = longest_first(all_jobs)
        priority = {id(all_jobs[i]): len(order) - rank for rank, i in enumerate(order)}
        self.sections = self._sections_for(len(all_jobs))
        return lambda job, tmp, runner: self._produce(job, tmp, runner, priority.get(id(job), 0))

    def _results(self, job, runner, futs: list) -> list[dict]:
        """The results of ``futs`` (one job's tasks), waiting as long as workers exist; one line if the cluster
        gives up on one, ``Stopped`` when the run is stopped."""
        from .render import Stopped

        with self._lock:
            self._futures.update(futs)
        try:
            # Poll done() and fetch the result only then: distributed's result(timeout=...) races its own
            # timeout against a result arriving on a busy machine and then raises UnboundLocalError
            # ('result') from distributed.utils.sync, failing a part that rendered fine (seen at load 18).
            no_workers_since, checked = None, time.monotonic()
            while not all(f.done() for f in futs):
                if runner.stop.is_set():
                    for f in futs:
                        f.cancel()
                    raise Stopped
                time.sleep(0.25)
                now = time.monotonic()
                if now - checked >= WORKER_CHECK_S:   # a cluster whose workers are all gone would wait forever
                    checked = now
                    if self._worker_count() == 0:
                        no_workers_since = no_workers_since or now
                        if now - no_workers_since > NO_WORKERS_S:
                            for f in futs:
                                f.cancel()
                            raise LectureError(f"no Dask worker has been connected for {NO_WORKERS_S:.0f} s, so "
                                               f"{job.name} cannot run: start workers (`dask worker ADDRESS`) or "
                                               "raise $LECTURE_DASK_WAIT_WORKERS")
                    else:
                        no_workers_since = None
            try:
                return [f.result() for f in futs]
            except (Exception, asyncio.CancelledError) as e:  # noqa: BLE001 - a task the cluster gave up on
                # (KilledWorker after too many deaths, a lost scheduler, a cancelled future) fails alone
                if runner.stop.is_set():
                    raise Stopped from None
                first = (str(e).strip().splitlines() or [""])[0][:200]
                raise LectureError(f"the cluster could not run {job.name}: {type(e).__name__}: {first}") from None
        finally:
            with self._lock:
                self._futures.difference_update(futs)

    def _produce_sections(self, job, tmp: Path, runner, priority: int, count: int):
        """One part as ``count`` tasks, each a section drawn on some worker (lecture/sections.py); the partial
        files come back and are joined here, then finished as a local render is."""
        from .render import Stopped, finish_clip, join_sections

        spec, recordings = self.spec(job), self._recordings(job)
        key = f"render-{job.lecture}-{job.quality}-{job.lang}-{job.name}-{uuid.uuid4().hex[:8]}"
        futs = [self.client.submit(render_section_on_worker, spec, recordings, self.cancel_event, k, count,
                                   key=f"{key}-section-{k}", pure=False, priority=priority) for k in range(count)]
        runner.on_event(job, f"sent to the cluster in {count} sections")
        results = self._results(job, runner, futs)
        for res in results:
            if res["status"] == "refused":
                raise LectureError(res["error"])
            if res["status"] != "done":
                raise Stopped
        with open(tmp / "render.log", "wb") as log:
            for res in results:
                log.write(res["log"])
        rc = next((r["rc"] for r in results if r["rc"] != 0), 0)
        video = None
        if rc == 0:
            for k, res in enumerate(results):
                where = tmp / f"section-{k}"
                partials = where / "media" / "partial_movie_files" / job.part.scene
                partials.mkdir(parents=True)
                for index, data in res["partials"].items():
                    (partials / f"uncached_{int(index):05}.mp4").write_bytes(data)
                atomic_write_json(where / "beats.json", res["beats"])
            video = join_sections(tmp, job.part.scene, count)
        return finish_clip(rc, video, tmp, job.lang, stopped=runner.stop.is_set)

    def _sections_for(self, jobs: int) -> int:
        """Sections per part: the workers a run of ``jobs`` parts leaves idle, shared among its parts (a single
        part on two workers: two sections); ``max_sections`` caps it, 1 turns it off."""
        workers = self._worker_count() or self.workers
        from .sections import env_cap

        most = self.max_sections or env_cap() or workers
        return max(1, min(most, workers // max(1, jobs)))

    def _worker_count(self) -> int | None:
        """Workers connected to the scheduler now (``None`` when it cannot be asked)."""
        try:
            return len(self.client.nthreads())
        except Exception:  # noqa: BLE001 - a busy or restarting scheduler: do not count it as empty
            return None

    def _produce(self, job, tmp: Path, runner, priority: int):
        from . import media
        from .render import Produced, Stopped

        if self.sections > 1:
            return self._produce_sections(job, tmp, runner, priority, self.sections)
        fut = self.client.submit(render_on_worker, self.spec(job), self._recordings(job), self.cancel_event,
                                 key=f"render-{job.lecture}-{job.quality}-{job.lang}-{job.name}-{uuid.uuid4().hex[:8]}",
                                 pure=False, priority=priority)
        runner.on_event(job, "sent to the cluster")
        (res,) = self._results(job, runner, [fut])
        if res["status"] == "refused":
            raise LectureError(res["error"])
        if res["status"] != "done":
            raise Stopped
        log = tmp / "render.log"
        log.write_bytes(res["log"])
        out = Produced(res["rc"], log, reason=res["reason"], seconds=res["seconds"])
        if res["clip"] is not None:
            out.video = tmp / f"{job.part.scene}.mp4"
            out.video.write_bytes(res["clip"])
        if res["poster"] is not None:
            out.poster = tmp / "poster.png"
            out.poster.write_bytes(res["poster"])
        if res.get("subtitles") is not None:
            out.subtitles = tmp / "subtitles.vtt"
            out.subtitles.write_bytes(res["subtitles"])
            out.beats = res.get("beats")
        if res["info"] is not None:
            out.info = media.VideoInfo(*res["info"])
        return out
