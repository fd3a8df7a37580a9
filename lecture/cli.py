"""``lecture``: list, record, render, slides, gallery, doctor.

Each command is a thin wrapper over a plain function that returns a result
object (``lecture.record.record``, ``lecture.render.render``, ...). People read
stderr (rich); ``--json`` puts the result on stdout. Exit codes: 0 ok, 1 failure
(one line; ``-v`` adds the traceback), 2 bad usage, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import console as con
from . import media
from .catalog import Catalog
from .console import console, emit_json, say
from .errors import LectureError, UnknownName
from .files import disk_error

__all__ = ["cli", "main"]

QUALITY = click.option("--quality", "-q", "quality", type=click.Choice(list(media.QUALITIES)), default="l",
                       show_default=True, help="l 480p15, m 720p30, h 1080p60, k 2160p60")
LANG = click.option("--lang", type=click.Choice(list(media.LANGUAGES)), default="en", show_default=True,
                    help="language of the on-screen text")
JSON = click.option("--json", "as_json", is_flag=True, help="print the result as JSON on stdout")


def _engine_errors() -> tuple[tuple, tuple]:
    """(unknown-name errors, other errors) of the engine, if it was imported (an error of it can only
    come from an imported engine; importing it just to name its errors would cost every command torch)."""
    eng = sys.modules.get("engine")
    if eng is None:
        return (), ()
    return (eng.UnknownExperiment,), (eng.EngineError,)


INTERRUPTED = "[yellow]interrupted[/]: stopped; nothing half-written was kept"


_NEGATIVE = re.compile(r"-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class LectureCommand(click.Command):
    """A negative number where no option takes it is named as such, not as an unknown option ``-0``."""

    def parse_args(self, ctx, args):
        given = list(args)   # the parser consumes ``args``
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as e:
            number = next((a for a in given if _NEGATIVE.fullmatch(a) and a.startswith(e.option_name)), None)
            if number is None:
                raise
            raise click.UsageError(f"{number} is not an option: a number goes right after its option (--lr 0.1, "
                                   "--epochs 5), and --lr, --epochs, --mask-every and --jobs take positive "
                                   "values only", ctx) from None


class LectureGroup(click.Group):
    """Turns every failure into one line and an exit code; ``-v`` shows the traceback."""

    command_class = LectureCommand

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            console.print(INTERRUPTED)
            ctx.exit(130)
        except Exception as e:  # noqa: BLE001 - never a bare traceback for users
            _traceback()
            unknown, engine_errors = _engine_errors()
            if isinstance(e, (UnknownName, *unknown)):
                raise click.BadParameter(str(e)) from None
            if isinstance(e, (LectureError, *engine_errors)):
                raise click.ClickException(str(e)) from None
            if isinstance(e, OSError):
                if e.filename:
                    raise click.ClickException(str(disk_error(e.filename, e))) from None
                raise click.ClickException(f"{type(e).__name__}: {e} (run with -v for the traceback)") from None
            first = (str(e).strip().splitlines() or [""])[0]
            raise click.ClickException(
                f"internal error: {type(e).__name__}: {first} (run with -v for the traceback)"
            ) from None


def _traceback() -> None:
    if con.is_verbose():
        console.print_exception()


@click.group(cls=LectureGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="debug logging and tracebacks")
@click.option("-q", "--quiet", is_flag=True, help="errors only, no progress")
@click.option("--media-dir", type=click.Path(file_okay=False), envvar="LECTURE_MEDIA_DIR",
              help="output folder (default: ./media, or $LECTURE_MEDIA_DIR)")
@click.option("--lectures", "lecture_paths", multiple=True, metavar="PATH",
              help="add a lecture of your own: a .py file, a package folder or a module name; repeatable "
                   "(also $LECTURE_PATH and the lecture_videos.lectures entry points)")
@click.pass_context
def cli(ctx, verbose, quiet, media_dir, lecture_paths):
    """Record the course's training runs and render them into lecture videos and slides."""
    con.setup(verbose=verbose, quiet=quiet)
    if media_dir is not None:
        if not str(media_dir).strip():
            raise click.BadParameter("is empty; name a folder (or leave the option out for ./media)",
                                     param_hint="'--media-dir'")
        os.environ["LECTURE_MEDIA_DIR"] = str(Path(media_dir).resolve())
    ctx.ensure_object(dict)
    ctx.obj["lectures"] = tuple(lecture_paths)


def _catalog(ctx) -> Catalog:
    """The course's lectures and the user's own; a lecture of the user's that fails to load is one line."""
    obj = ctx.find_root().obj
    if "catalog_instance" not in obj:
        factory = obj.get("catalog") or (lambda: Catalog.discover(lectures=obj.get("lectures", ())))
        cat = factory() if callable(factory) else factory
        obj["catalog_instance"] = cat
        for src, why in getattr(cat, "external_problems", []):
            raise LectureError(f"lecture {src}: {why}")
    return obj["catalog_instance"]


def _load_own_lectures(ctx) -> None:
    """Import the user's lectures (if any) so that their experiments are known to ``record``."""
    from .catalog import lecture_sources

    if lecture_sources(ctx.find_root().obj.get("lectures", ())):
        _catalog(ctx)


# -- list -----------------------------------------------------------------------------

@cli.command("list")
@JSON
@click.pass_context
def list_cmd(ctx, as_json):
    """Lectures, experiments (and whether they are recorded), scenes and their parts."""
    from .catalog import lecture_sources
    from .listing import listing, listing_indexed

    # the course's catalog is listed from its index (no scene imports: no manim, no torch); lectures of
    # one's own are imported (their experiments are declared by running their files)
    obj = ctx.find_root().obj
    own = lecture_sources(obj.get("lectures", ()))
    result = listing(_catalog(ctx)) if own or {"catalog", "catalog_instance"} & set(obj) else listing_indexed()
    if as_json:
        emit_json(result)
        return
    t = Table(title="lectures", title_justify="left")
    for col in ("lecture", "title", "parts", "recorded", "rendered"):
        t.add_column(col)
    for lec in result["lectures"]:
        t.add_row(lec["id"], lec["title"], str(len(lec["parts"])),
                  f"{sum(e['cached'] for e in lec['experiments'])}/{len(lec['experiments'])}",
                  ", ".join(lec["rendered"]) or "-")
    say(t)
    t = Table(title="experiments", title_justify="left")
    for col in ("experiment", "recorded", "recording"):
        t.add_column(col)
    for e in result["experiments"]:
        t.add_row(e["id"], "[green]yes[/]" if e["cached"] else "no", e["path"] if e["cached"] else "-")
    say(t)
    t = Table(title="parts (scenes)", title_justify="left")
    for col in ("lecture", "#", "part", "title", "scene"):
        t.add_column(col)
    for lec in result["lectures"]:
        for i, p in enumerate(lec["parts"], 1):
            t.add_row(lec["id"], f"{i:02d}", p["id"], p["title"], f"{p['scene_file']} {p['scene']}")
    say(t)
    for src, why in result["problems"]:
        say(f"[yellow]scene family {src}[/]: {why}")


# -- record ---------------------------------------------------------------------------

def _record_progress():
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=console, disable=not con.progress_enabled())


def _run_records(ids, **kw):
    from .record import record

    with _record_progress() as progress:
        tasks = {}

        def on_start(exp, cached):
            tasks[exp] = progress.add_task(f"{exp} (cached)" if cached else exp, total=None)
            if not con.progress_enabled() and not cached:
                say(f"recording {exp} ...")

        def on_update(exp, done, total):
            progress.update(tasks[exp], completed=done, total=total)

        return record(ids, on_start=on_start, on_update=on_update, **kw)


@cli.command("record")
@click.argument("targets", nargs=-1, required=True, metavar="LECTURE|EXPERIMENT...")
@click.option("--epochs", type=click.IntRange(min=1), help="override the course's epochs")
@click.option("--force", is_flag=True, help="train again even if a recording exists")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), help="train on this device")
@click.option("--lr", type=float, callback=lambda ctx, p, v: _positive_finite(v, "--lr"),
              help="override the learning rate (e.g. 1e30 to see a run diverge)")
@click.option("--mask-every", type=click.IntRange(min=1), help="keep the dropout masks of every n-th update")
@JSON
@click.pass_context
def record_cmd(ctx, targets, epochs, force, device, lr, mask_every, as_json):
    """Train (or read from the cache) the runs of lectures or experiments, then summarise them."""
    from .record import resolve

    _load_own_lectures(ctx)
    ids = resolve(targets)
    results = _run_records(ids, epochs=epochs, force=force, device=device, lr=lr, mask_every=mask_every)
    if as_json:
        emit_json([r.to_dict() for r in results])
    t = Table(title="recordings", title_justify="left")
    for col in ("experiment", "status", "final loss", "accuracy", "train s", "file"):
        t.add_column(col, justify="right" if col in ("final loss", "accuracy", "train s") else "left")
    for r in results:
        status = {"recorded": "[green]recorded[/]", "cached": "cached", "diverged": "[red]diverged[/]"}[r.status]
        loss = ("nan/inf" if r.has_loss else "-") if r.final_loss is None else f"{r.final_loss:.6g}"
        t.add_row(r.id, status, loss,
                  "-" if r.accuracy is None else f"{r.accuracy:.4f}",
                  "-" if r.wall_seconds is None else f"{r.wall_seconds:.2f}", _short(r.path))
    say(t)
    for r in results:
        if r.by_another_process:
            say(f"{r.id}: cached (recorded by another process while this one waited for it; nothing trained here)",
                soft_wrap=True)
    bad = [r for r in results if r.status == "diverged"]
    if bad:
        raise LectureError("; ".join(
            f"{r.id}: loss became NaN/inf at update {r.nonfinite_update} (epoch {r.nonfinite_epoch}); "
            "the recording is marked, scenes should not use it" for r in bad))


def _positive_finite(value, name):
    import math

    if value is not None and not (math.isfinite(value) and value > 0):
        raise click.BadParameter(f"{value} is not a positive finite number", param_hint=name)
    return value


def _short(path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- render ---------------------------------------------------------------------------

def _needs_latex(files) -> bool:
    """Whether the scenes (or the shared mobjects they import) typeset anything with LaTeX."""
    from .catalog import PROJECT_ROOT

    pat = re.compile(r"\b(MathTex|Tex|DecimalNumber|Integer|Matrix|include_numbers|add_coordinates)\b")
    shared = (PROJECT_ROOT / "scenes" / "common").glob("*.py")
    return any(pat.search(Path(f).read_text(errors="replace")) for f in [*files, *shared])


def _list_of(choices, name):
    """A click callback: ``l,h`` -> ``["l", "h"]``, each one of ``choices``."""
    def parse(ctx, param, value):
        items = [v.strip() for v in str(value).split(",") if v.strip()]
        if not items:
            raise click.BadParameter(f"is empty; name one or more of {', '.join(choices)} (comma-separated)")
        for v in items:
            if v not in choices:
                raise click.BadParameter(f"unknown {name} {v!r}; known: {', '.join(choices)} (comma-separated)")
        return list(dict.fromkeys(items))
    return parse


@cli.command("render")
@click.argument("lectures", nargs=-1, metavar="LECTURE...")
@click.option("--all", "all_", is_flag=True, help="every lecture that has scenes")
@click.option(
    "--quality",
    "-q",
    "quality",
    default="l",
    show_default=True,
    callback=_list_of(list(media.QUALITIES), "quality"),
    help="l 480p15, m 720p30, h 1080p60, k 2160p60; several comma-separated (l,h)",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="parts rendered at once; with --executor dask and no --scheduler, the local workers [default: cores]",
)
@click.option("--lang", default="en", show_default=True, callback=_list_of(list(media.LANGUAGES), "language"),
              help="language of the on-screen text; several comma-separated (en,ko)")
@click.option("--force", is_flag=True, help="render again even when nothing changed")
@click.option(
    "--only", multiple=True, metavar="PART", help="only this part (id, or its name after the dot); repeatable"
)
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              envvar="LECTURE_EXECUTOR", help="where parts render: here, or on a Dask cluster (docs/cluster.md)")
@click.option("--scheduler", metavar="ADDRESS", envvar="LECTURE_SCHEDULER",
              help="Dask scheduler (tcp://host:8786); without it --executor dask starts a local cluster")
@click.option("--sections", type=click.IntRange(min=1), default=None, envvar="LECTURE_SECTIONS",
              help="most processes (or Dask tasks) one part renders with, each drawing every n-th play "
                   "[default: the idle cores or workers]")
@JSON
@click.pass_context
def render_cmd(ctx, lectures, all_, quality, jobs, lang, force, only, executor, scheduler, sections, as_json):
    """Render every part of LECTURE as its own clip, N at a time, skipping unchanged parts."""
    if all_ == bool(lectures):
        raise click.UsageError("name the lectures to render, or pass --all (not both)")
    scheduler = _checked_scheduler(ctx, executor, scheduler)
    catalog = _catalog(ctx)
    names, infos, selected = _lectures_to_render(catalog, lectures, all_, only)
    _require_render_inputs(infos, lang)
    _record_what_parts_read(infos, selected, only)
    pool, jobs = _executor_pool(executor, scheduler, jobs, sections)
    matrix = len(quality) * len(lang) > 1
    started = time.perf_counter()
    results = _render_with_progress(catalog, names, pool, matrix, quality=quality, jobs=jobs, lang=lang,
                                    force=force, only=only, sections=sections)
    if as_json:
        emit_json([r.to_dict() for r in results])
    say(_results_table(results, matrix, time.perf_counter() - started))
    for r in results:
        if r.manifest:
            say(f"manifest: {_short(r.manifest)}")
    _raise_if_failed(results)


def _checked_scheduler(ctx, executor: str, scheduler: str | None) -> str | None:
    """The Dask scheduler address to use (``None``: none), after checking it against ``--executor``."""
    if scheduler is not None and not scheduler.strip():
        raise click.BadParameter("is empty; name the scheduler (tcp://host:8786) or leave it out",
                                 param_hint="'--scheduler'")
    if executor == "local" and scheduler:
        if ctx.get_parameter_source("scheduler") == click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("--scheduler needs --executor dask")
        return None   # LECTURE_SCHEDULER matters only to the dask executor
    if executor == "dask":
        from .executors import require_distributed, scheduler_problem
        require_distributed()   # one line naming the install command, before any work
        problem = scheduler_problem(scheduler) if scheduler else None
        if problem:   # at once: a typo is not a 30-second wait for a connection that cannot happen
            raise click.BadParameter(problem, param_hint="'--scheduler'")
    return scheduler


def _lectures_to_render(catalog, lectures, all_: bool, only) -> tuple[list, list, list]:
    """``(names, infos, selected parts)`` of the lectures asked for (``--all``: every one with scenes)."""
    names = catalog.all_lectures() if all_ else list(dict.fromkeys(lectures))
    if not names:
        raise LectureError(f"no lecture has scenes yet ({catalog.problem_summary()})")
    infos = [catalog.lecture(n) for n in names]
    if only and len(infos) > 1:
        raise click.UsageError("--only picks parts of one lecture; name exactly one lecture")
    selected = [p for info in infos for p in info.parts_named(only)]
    return names, infos, selected


def _require_render_inputs(infos, langs) -> None:
    """Before any training: every language's strings, ffmpeg, and LaTeX where a scene typesets formulas."""
    for info in infos:
        for lg in langs:
            info.require_language(lg)   # a lecture's strings lack no language asked for
    media.require_tool("ffmpeg", "to write videos")
    files = {f for info in infos for f in info.scene_files}
    if _needs_latex(files):
        media.require_tool("latex", "for the formulas (MathTex)")
        media.require_tool("dvisvgm", "for the formulas (MathTex)")


def _record_what_parts_read(infos, selected, only) -> None:
    """Record the missing runs the render reads; --only records just what its parts declare (a part may read
    nothing else): a first video in seconds."""
    from .record import missing

    needed = [e for p in selected for e in p.experiments] if only else [e for info in infos for e in info.experiments]
    todo = missing(needed)
    if todo:
        say(f"recording first: {', '.join(todo)}")
        _run_records(todo)


def _executor_pool(executor: str, scheduler: str | None, jobs: int | None, sections: int | None = None):
    """``(context manager giving the executor or None, jobs)``: a Dask cluster's (local workers capped by
    what this machine can start), or nothing for local processes."""
    import contextlib

    if executor != "dask":
        return contextlib.nullcontext(), jobs
    from .executors import DaskExecutor, max_local_workers

    workers = jobs or os.cpu_count() or 1
    if not scheduler:
        most, why = max_local_workers()
        if jobs is not None and jobs > most:   # 10000 processes would hang the machine, not render
            console.print(f"[yellow]--jobs {jobs}[/]: this machine can start {most} local Dask workers ({why}); "
                          f"starting {most} (use --scheduler for a bigger cluster)", soft_wrap=True)
            jobs = most
        workers = min(workers, most)
    return DaskExecutor(scheduler, workers=workers, sections=sections), jobs


def _render_with_progress(catalog, names, pool, matrix: bool, *, quality, jobs, lang, force, only,
                          sections=None) -> list:
    """Render with one progress line per job and an overall line with an ETA; the results."""
    from .render import render

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[status]}"),
                  TimeElapsedColumn(), TextColumn("{task.fields[eta]}"), console=console,
                  disable=not con.progress_enabled()) as progress:
        board = _RenderBoard(progress, matrix, n_workers=jobs or os.cpu_count() or 1)
        with pool as ex:
            if ex is not None:
                board.n_workers = max(1, sum(ex.client.nthreads().values()) or board.n_workers)
            return render(catalog, names, quality=quality, jobs=jobs, lang=lang, force=force, only=only,
                          on_plan=board.on_plan, on_event=board.on_event, on_done=board.on_done, executor=ex,
                          sections=sections)


class _RenderBoard:
    """The render's progress: a line per job (queued, rendering, its status) and an overall line with an ETA."""

    def __init__(self, progress: Progress, matrix: bool, n_workers: int):
        self.progress, self.matrix, self.n_workers = progress, matrix, n_workers
        self.tasks: dict = {}
        self.durations: list[float] = []
        self.overall: dict = {}

    def on_plan(self, all_jobs) -> None:
        self.overall["id"] = self.progress.add_task(
            "[bold]all parts", total=len(all_jobs), status=f"0/{len(all_jobs)}", eta=""
        )
        self.overall["n"] = len(all_jobs)
        for job in all_jobs:
            label = f"{job.lecture} {job.lang} {job.quality} {job.name}" if self.matrix else f"{job.lecture} {job.name}"
            self.tasks[id(job)] = self.progress.add_task(label, total=1, start=False, status="queued", eta="")

    def on_event(self, job, status) -> None:
        if status in ("rendering", "waiting for another render"):
            self.progress.start_task(self.tasks[id(job)])
        self.progress.update(self.tasks[id(job)], status=status)

    def on_done(self, job, res) -> None:
        progress, overall = self.progress, self.overall
        progress.start_task(self.tasks[id(job)])
        colour = {"rendered": "green", "cached": "cyan", "failed": "red"}.get(res.status, "yellow")
        progress.update(self.tasks[id(job)], completed=1, status=f"[{colour}]{res.status}[/]")
        progress.stop_task(self.tasks[id(job)])
        if res.status == "rendered":
            self.durations.append(res.seconds)
        done = sum(1 for t in progress.tasks if t.finished) - (1 if progress.tasks[overall["id"]].finished else 0)
        left = overall["n"] - done
        eta = ""
        if self.durations and left:
            eta = f"ETA {_fmt_s(sum(self.durations) / len(self.durations) * -(-left // self.n_workers))}"
        progress.update(overall["id"], completed=done, status=f"{done}/{overall['n']}", eta=eta)
        if not con.progress_enabled():
            where = f"{job.lecture} {job.lang} {job.quality}" if self.matrix else job.lecture
            say(f"  {res.status:>11}  {where} {job.name}  {res.seconds:.1f} s")


def _results_table(results, matrix: bool, seconds: float) -> Table:
    """One row per job: lecture (language, quality), part, status, seconds and its clip or error."""
    t = Table(title=f"render ({seconds:.1f} s)", title_justify="left")
    cols = ("lecture", "lang", "quality", "part", "status", "seconds", "output") if matrix else \
        ("lecture", "part", "status", "seconds", "output")
    for col in cols:
        t.add_column(col, justify="right" if col == "seconds" else "left")
    for r in results:
        for j in r.jobs:
            colour = {"rendered": "green", "cached": "cyan", "failed": "red"}.get(j.status, "yellow")
            row = [r.lecture, *((r.lang, r.quality) if matrix else ()), j.part, f"[{colour}]{j.status}[/]",
                   f"{j.seconds:.1f}", _short(j.output) if j.output else (j.error or "-")]
            t.add_row(*row)
    return t


def _raise_if_failed(results) -> None:
    failed = [(r, j) for r in results for j in r.failed]
    if failed:
        from .errors import RenderFailed
        n = sum(len(r.jobs) for r in results)
        raise RenderFailed(f"{len(failed)} of {n} parts failed: " + "; ".join(
            f"{j.part} ({j.error}; log: {_short(j.log) if j.log else '-'})" for _, j in failed))


def _fmt_s(s: float) -> str:
    s = int(round(s))
    return f"{s // 60}:{s % 60:02d}"


# -- slides, gallery, doctor -----------------------------------------------------------

@cli.command("slides")
@click.argument("lecture")
@QUALITY
@LANG
@JSON
@click.pass_context
def slides_cmd(ctx, lecture, quality, lang, as_json):
    """Build a PPTX and an offline HTML deck from LECTURE's rendered clips."""
    from .slides import build_slides

    result = build_slides(lecture, quality=quality, lang=lang, catalog_factory=lambda: _catalog(ctx))
    if as_json:
        emit_json(result.to_dict())
    say(f"PowerPoint: {_short(result.pptx)}  (one slide per beat: {result.beats})")
    say(f"HTML deck:  {_short(result.html)}  (open it in a browser; → or space plays the next beat)")
    say(f"manim-slides: {_short(result.manim_slides)}  (in its lecture folder: manim-slides present {lecture})")
    say("clips:")
    for c in result.clips:
        say(f"  {_short(c)}")


@cli.command("gallery")
@LANG
@JSON
def gallery_cmd(lang, as_json):
    """Write media/index.html: every rendered lecture and clip, with posters and deck links."""
    from .catalog_index import view_indexed
    from .gallery import build_gallery

    g = build_gallery(lang=lang, order=view_indexed()["order"])   # lectures in course order, as `lecture list`
    if as_json:
        emit_json(g.to_dict())
    for w in g.warnings:   # one line each, however narrow the terminal
        console.print(f"[yellow]skipped[/]: {escape(w)}", soft_wrap=True)
    say(f"gallery: {_short(g.path)} ({len(g.lectures)} lecture folders, "
        f"{sum(len(x['clips']) for x in g.lectures)} clips)")


@cli.command("doctor")
@JSON
def doctor_cmd(as_json):
    """Check what rendering needs (ffmpeg, LaTeX, the Korean font, cairo/pango, a writable media dir)."""
    from .doctor import run_checks

    checks = run_checks()
    if as_json:
        emit_json([c.to_dict() for c in checks])
    t = Table(title="lecture doctor", title_justify="left")
    for col in ("check", "", "detail", "fix"):
        t.add_column(col)
    for c in checks:
        t.add_row(c.name, "[green]ok[/]" if c.ok else "[red]missing[/]", c.detail, "" if c.ok else c.fix)
    say(t)
    bad = [c for c in checks if not c.ok]
    if bad:
        raise LectureError(f"{len(bad)} check(s) failed: " + "; ".join(f"{c.name}: {c.fix}" for c in bad))


def main() -> None:
    cli(prog_name="lecture")


if __name__ == "__main__":
    main()
