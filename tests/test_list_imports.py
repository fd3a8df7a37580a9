"""`lecture list` imports neither torch nor manim (issue 18 item 5), and lists exactly what discovery would."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny_lecture.py"


def _list(env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *extra, "-m", "lecture.cli", "list", "--json"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True,
                          timeout=300, check=True)


def _imported(importtime_stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in importtime_stderr.splitlines() if line.startswith("import time:")}


def test_list_imports_neither_torch_nor_manim_once_the_catalog_is_indexed(tmp_path):
    env = {"LECTURE_MEDIA_DIR": str(tmp_path)}
    first = json.loads(_list(env).stdout)             # discovers (and indexes) the catalog if it changed
    second = _list(env, "-X", "importtime")
    mods = _imported(second.stderr)
    assert "engine" in mods and not {"torch", "manim"} & mods, sorted(m for m in mods if m in ("torch", "manim"))
    assert json.loads(second.stdout) == first


def test_the_index_follows_a_change_of_a_scene_source(tmp_path):
    src = tmp_path / "scenes" / "tiny_lecture.py"
    src.parent.mkdir()
    shutil.copy(TINY, src)
    env = {"LECTURE_MEDIA_DIR": str(tmp_path / "media"), "LECTURE_SCENES": str(src)}
    parts = lambda out: [p["id"] for lec in json.loads(out)["lectures"] for p in lec["parts"]]  # noqa: E731
    assert parts(_list(env).stdout) == ["tiny.square", "tiny.circle"]
    assert list((src.parent / "__pycache__").glob("lecture-catalog-*.json"))
    src.write_text(src.read_text().replace('id = "tiny.circle"', 'id = "tiny.disc"'))
    assert parts(_list(env).stdout) == ["tiny.square", "tiny.disc"]


def test_numerics_without_torch_is_torchs_own():
    from engine.cache import numerics_without_torch
    from engine.numerics import numerics

    light = numerics_without_torch()
    if light is None:
        pytest.skip("this machine's CPU capability is not derived without torch (the listing asks torch)")
    assert light == numerics()


def test_a_cache_key_costs_no_torch_where_its_values_are_known_without_it():
    code = ("import sys, engine; from engine.cache import numerics_without_torch; "
            "p = engine.cache_path(engine.get_config('05wk-1/linreg')); "
            "print(numerics_without_torch() is not None, 'torch' in sys.modules, p)")
    light, torch_imported, path = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                                 env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True).stdout.split()
    if light == "False":
        pytest.skip("this machine's CPU capability is not derived without torch")
    assert torch_imported == "False"
    import engine
    from engine.numerics import numerics
    assert path == str(engine.cache_path(engine.get_config("05wk-1/linreg"), env=numerics()))
