"""Every part renders with the adopted encoder options (docs/benchmarks.md, issue 18 item 6), and a clip's
key names them, so a change of options renders again instead of serving clips of the old ones."""


import importlib

from lecture.catalog import Catalog

render = importlib.import_module("lecture.render")   # the module (the package exports a function of that name)


class _Proc:
    def wait(self, timeout=None):
        return 1


def test_produce_passes_the_encoder_options_to_manim(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(render.procs_, "popen", lambda cmd, **kw: seen.append(cmd) or _Proc())
    out = render.produce(tmp_path / "scene.py", "S", "h", "en", tmp_path, media_root=tmp_path)
    assert out.rc == 1
    (cmd,) = seen
    assert "preset=veryfast" in render.ENCODER_OPTIONS
    i = cmd.index("--encoder-option")
    assert cmd[i:i + len(render.ENCODER_OPTIONS)] == list(render.ENCODER_OPTIONS)
    assert cmd[-2:] == [str(tmp_path / "scene.py"), "S"]


def test_the_clip_key_names_the_encoder_options(tmp_path, monkeypatch):
    tiny = Catalog.discover([str(render.PROJECT_ROOT / "tests" / "fixtures" / "tiny_lecture.py")]).lecture("tiny")
    key = lambda: render.plan(tiny, quality="l", lang="en", root=tmp_path)[0].key  # noqa: E731
    before = key()
    monkeypatch.setattr(render, "ENCODER_OPTIONS", ("--encoder-option", "preset=medium"))
    assert key() != before


def test_every_render_runs_with_one_hash_seed(monkeypatch, tmp_path):
    """Python salts str and bytes hashes per process; manim's TransformMatchingShapes walks a set of such
    hashes, so dropout.masks drew its pieces in another order (23 of 709 frames) from render to render."""
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    env = render._manim_env("en", tmp_path, tmp_path / "beats.json")
    assert env["PYTHONHASHSEED"] == render.RENDER_HASH_SEED == "0"
