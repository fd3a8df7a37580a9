"""The shared LaTeX cache (scenes/common/tex_cache.py): a formula compiled once serves every later render."""

from __future__ import annotations

import uuid

from manim import MathTex, tempconfig

import scenes.common.lesson  # noqa: F401 - installs the shared cache, as every part does
from scenes.common import tex_cache


def test_a_formula_is_compiled_once_and_stored_whole(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    monkeypatch.setenv(tex_cache.ENV, str(shared))
    monkeypatch.setattr(tex_cache, "_installed", False)
    from manim.mobject.text import tex_mobject

    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", tex_mobject.tex_to_svg_file)  # undone after the test
    tex_cache.install()
    expr = rf"x_{{{uuid.uuid4().int % 10**6}}} + 1"     # not compiled before, anywhere
    first, second = tmp_path / "first", tmp_path / "second"
    with tempconfig({"tex_dir": str(first)}):
        a = MathTex(expr)
    stored = list(shared.iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".svg", "one file, and no half-written one left behind"
    assert list(first.glob("*.svg")), "compiled in the process's own folder, then stored"
    assert stored[0].read_bytes() == next(first.glob("*.svg")).read_bytes()
    with tempconfig({"tex_dir": str(second)}):
        b = MathTex(expr)
    # the second render compiled nothing (no .tex): it read a copy of the stored SVG in its own folder,
    # where manim's scratch file beside it cannot race another process
    assert [p.name for p in second.iterdir()] == [stored[0].name]
    assert len(a.family_members_with_points()) == len(b.family_members_with_points())
    assert abs(a.width - b.width) < 1e-9


def test_lecture_render_points_every_part_at_one_store(tmp_path, monkeypatch):
    """Each part renders in a fresh media folder; the store is the lecture media folder's ``tex``."""
    import importlib

    render = importlib.import_module("lecture.render")

    seen = {}

    class Done:
        def wait(self, timeout=None):
            return 1

    def popen(cmd, **kwargs):
        seen.update(kwargs["env"])
        return Done()

    monkeypatch.setattr(render.procs_, "popen", popen)
    monkeypatch.delenv(tex_cache.ENV, raising=False)
    tmp = tmp_path / "job"
    tmp.mkdir()
    out = render.produce(tmp_path / "scene.py", "S", "l", "en", tmp, media_root=tmp_path / "media")
    assert out.rc == 1 and seen[tex_cache.ENV] == str(tmp_path / "media" / "tex")
