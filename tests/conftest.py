"""Shared fixtures: one recordings cache for the session, and a last-frame renderer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Recordings are shared by every test (training MNIST twice per run would double CI time);
# tests of the cache itself use their own tmp folders.
os.environ.setdefault("LECTURE_MEDIA_DIR", str(ROOT / "media"))
MANIM = str(Path(sys.executable).with_name("manim"))
# One LaTeX and Pango cache for every render of the session, and for the developer's own renders: a
# last-frame test in a fresh media dir otherwise recompiles every MathTex (40-48 s a test on 2 cores).
# Cache files are named by a hash of their source, so a shared folder only ever holds the right one.
TEX_CACHE = Path(os.environ.get("LECTURE_TEST_TEX_CACHE", ROOT / "media"))
# Manim writes a cache entry in steps (.tex, then .dvi, then .svg) and uses any that exists: two
# processes filling one folder at once can read each other's half-written files. Under pytest-xdist
# each worker gets its own folder (in-process renders and manim subprocesses alike).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER:
    TEX_CACHE = TEX_CACHE / "test-cache" / _WORKER


def pytest_configure(config):
    if _WORKER:
        from manim import config as manim_config

        manim_config.tex_dir = str(TEX_CACHE / "Tex")
        manim_config.text_dir = str(TEX_CACHE / "texts")


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
def last_frame(tmp_path):
    """``last_frame(scene_file, scene, lang="en")`` -> the rendered last frame as an array."""
    return lambda scene_file, scene, **kw: render_last_frame(scene_file, scene, tmp_path, **kw)
