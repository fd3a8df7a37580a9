"""Shared fixtures: one recordings cache for the session, one run of each scene, and a last-frame renderer."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Recordings are shared by every test (training MNIST twice per run would double CI time);
# tests of the cache itself use their own tmp folders.
os.environ.setdefault("LECTURE_MEDIA_DIR", str(ROOT / "media"))
MANIM = str(Path(sys.executable).with_name("manim"))
# Every render of the suite is one process (the suite runs tests side by side already); tests of a part
# rendered in sections ask for them (tests/test_sections.py).
os.environ.setdefault("LECTURE_SECTIONS", "1")
# A suite started in the background by a non-interactive shell (`bash .ci/run &`, nohup) inherits Ctrl-C
# ignored, and a child that inherits an ignored SIGINT never sees it: the tests that press Ctrl-C on a
# render or a cluster would wait for nothing. Ctrl-C is handled as in a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
# One LaTeX and Pango cache for every render of the session, and for the developer's own renders: a
# last-frame test in a fresh media dir otherwise recompiles every MathTex (40-48 s a test on 2 cores).
# Cache files are named by a hash of their source, so a shared folder only ever holds the right one.
TEX_CACHE = Path(os.environ.get("LECTURE_TEST_TEX_CACHE", ROOT / "media"))
# Manim writes a cache entry in steps (.tex, then .dvi, then .svg) and uses any that exists: two
# processes filling one folder at once can read each other's half-written files. Under pytest-xdist
# each worker gets its own folder (in-process renders and manim subprocesses alike).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
# The compiled formulas themselves are shared by every worker and every render the suite starts (manim
# subprocesses and `lecture render` inherit the variable): scenes/common/tex_cache.py writes them whole.
os.environ.setdefault("LECTURE_TEX_CACHE", str(TEX_CACHE / "tex"))
if _WORKER:
    TEX_CACHE = TEX_CACHE / "test-cache" / _WORKER


def pytest_configure(config):
    global SCENE_RUNS
    if _WORKER:
        from manim import config as manim_config

        manim_config.tex_dir = str(TEX_CACHE / "Tex")
        manim_config.text_dir = str(TEX_CACHE / "texts")
    elif getattr(config.option, "testrunuid", "absent") is None and getattr(config.option, "numprocesses", None):
        # the xdist controller: choose the run id its workers get, so it knows the folder to remove
        import uuid

        config.option.testrunuid = uuid.uuid4().hex
        SCENE_RUNS = SCENE_RUNS.with_name(f"lecture-scene-runs-{config.option.testrunuid}")


# One skipped run of each (scene, language) per test session serves the layout check of that part and
# its last-frame tests (building a part costs 10-20 s of CPU; it used to be built once for the layout
# check and again by a `manim render -s` subprocess per last-frame test). Runs are shared by the
# pytest-xdist workers of one session through a folder named by the session's run id, each made under
# a lock (the second worker waits and reads it); the controller removes the folder at the end.
_RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
SCENE_RUNS = Path(tempfile.gettempdir()) / f"lecture-scene-runs-{_RUN_ID}"
_RUNS: dict = {}


def pytest_collection_modifyitems(session, config, items):
    """Longest first: the layout check of every part (English, then Korean), then the other slow tests, then the rest.

    pytest-xdist hands tests out in this order as workers free up, so the many short tests fill the end
    of the run instead of one long test running alone there; and each part's one shared run
    (:func:`scene_run`) is made by its layout test before the last-frame tests that read it start, so a
    worker seldom waits on the other's lock. Every worker collects the same order (xdist requires it).
    """
    def rank(item):
        if item.originalname == "test_part_layout":
            # every part in English first, then in Korean: the two runs of a part that trains an expensive
            # recording (MNIST 52 s, the sum of ReLUs 37 s) would otherwise start side by side on the two
            # workers, and one would wait out the other's training on the recording's lock
            return 0, item.callspec.params["lang"] != "en"
        return (1, False) if item.get_closest_marker("slow") else (2, False)

    items.sort(key=rank)   # stable: file order within each rank


def pytest_sessionfinish(session, exitstatus):
    if not _WORKER:
        shutil.rmtree(SCENE_RUNS, ignore_errors=True)


def _scene_class(scene_file: str | Path, scene: str):
    path = (ROOT / scene_file).resolve()
    if path.parent == ROOT / "scenes":
        module = importlib.import_module(f"scenes.{path.stem}")
    else:
        from lecture.catalog import import_source
        module = import_source(str(path), lecture=True)
    return getattr(module, scene)


def scene_run(scene_file: str | Path, scene: str, lang: str = "en") -> dict:
    """``{"plays", "violations" (one line each), "frame" (480p RGB), "texts" and "numbers" (the Text strings
    and DecimalNumber values on screen at the end)}`` of ``scene`` run once with every animation skipped
    (scenes/common/layout_check.py), shared by every test and worker of the session."""
    # by the file's path in the project: every lecture package has a parts.py (rnn and lstm both a DataScene)
    path = Path(scene_file).resolve()
    name = path.relative_to(ROOT).with_suffix("") if path.is_relative_to(ROOT) else Path(path.stem)
    key = f"{'-'.join(name.parts)}-{scene}-{lang}"
    if key in _RUNS:
        return _RUNS[key]
    SCENE_RUNS.mkdir(parents=True, exist_ok=True)
    data = SCENE_RUNS / f"{key}.npz"
    from lecture.files import locked

    with locked(SCENE_RUNS / f".{key}.lock"):
        if not data.exists():
            from scenes.common.layout_check import check_scene

            report = check_scene(_scene_class(scene_file, scene), lang, last_frame=True)
            tmp = data.with_name(f".{data.name}.{os.getpid()}.npz")
            np.savez_compressed(tmp, frame=report.frame, plays=report.plays,
                                violations=json.dumps([str(v) for v in report.violations]),
                                texts=json.dumps(report.texts), numbers=np.asarray(report.numbers, dtype=float))
            os.replace(tmp, data)
    with np.load(data) as z:
        run = {"frame": z["frame"], "plays": int(z["plays"]), "violations": json.loads(str(z["violations"])),
               "texts": json.loads(str(z["texts"])), "numbers": z["numbers"].tolist()}
    _RUNS[key] = run
    return run


def shared_cache_cfg(folder: Path) -> Path:
    """A manim config file that points the TeX and text caches at :data:`TEX_CACHE`."""
    cfg = folder / "shared-cache.cfg"
    cfg.write_text(f"[CLI]\ntex_dir = {TEX_CACHE / 'Tex'}\ntext_dir = {TEX_CACHE / 'texts'}\n")
    return cfg


def render_last_frame(scene_file: str, scene: str, tmp_path: Path, *, lang: str = "en",
                      quality: str = "l", timeout: int = 600) -> np.ndarray:
    """Render only the last frame of ``scene`` with the manim CLI (as a user would) and return it (H, W, 3)."""
    from PIL import Image

    media = tmp_path / "media"
    env = {**os.environ, "LECTURE_LANG": lang}
    media.mkdir(parents=True, exist_ok=True)
    cmd = [MANIM, "render", "-s", f"-q{quality}", "--disable_caching", "--media_dir", str(media),
           "--config_file", str(shared_cache_cfg(tmp_path)), str(ROOT / scene_file), scene]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"manim failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    pngs = sorted(media.rglob(f"{scene}*.png"))
    assert pngs, f"no PNG written for {scene}: {proc.stdout[-2000:]}"
    return np.asarray(Image.open(pngs[-1]).convert("RGB"))


@pytest.fixture
def last_frame():
    """``last_frame(scene_file, scene, lang="en")`` -> the last frame (480p) as an array, from the session's
    one run of that scene (what ``manim render -s -ql`` writes; ``render_last_frame`` runs the CLI itself)."""
    return lambda scene_file, scene, lang="en": scene_run(scene_file, scene, lang)["frame"]
