"""The notebook helper and the example notebook (run headless with nbclient)."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: the config fields show() changes while it renders; all must be back afterwards
FIELDS = (
    "quality",
    "media_dir",
    "tex_dir",
    "text_dir",
    "pixel_height",
    "pixel_width",
    "frame_rate",
    "output_file",
    "scene_names",
    "disable_caching",
    "format",
    "progress_bar",
    "save_last_frame",
    "preview",
    "verbosity",
)


def test_show_renders_inline_and_restores_config_and_language(monkeypatch):
    pytest.importorskip("IPython")
    from manim import Circle, Create, Scene, config

    from scenes.notebook import show

    class Tiny(Scene):
        def construct(self):
            self.play(Create(Circle()), run_time=0.3)

    monkeypatch.setenv("LECTURE_LANG", "en")
    before = {k: copy.copy(config[k]) for k in FIELDS}
    video = show(Tiny, lang="ko")
    assert video.embed and video.mimetype == "video/mp4" and video.data[4:8] == b"ftyp"
    assert "data:video/mp4;base64," in video._repr_html_()
    assert {k: config[k] for k in FIELDS} == before
    assert os.environ["LECTURE_LANG"] == "en"


def test_show_takes_a_part_class():
    pytest.importorskip("IPython")
    from manim import Dot, FadeIn

    from scenes.common.lesson import Part
    from scenes.notebook import show

    class Blink(Part):
        id = "own.blink"

        def run(self):
            self.play(FadeIn(Dot()), run_time=0.2)

    assert show(Blink).data[4:8] == b"ftyp"


def test_show_errors_are_one_line_and_leave_config(monkeypatch):
    pytest.importorskip("IPython")
    from manim import Scene, config

    from scenes.notebook import show

    class Broken(Scene):
        def construct(self):
            raise RuntimeError("boom")

    monkeypatch.delenv("LECTURE_LANG", raising=False)
    before = {k: copy.copy(config[k]) for k in FIELDS}
    with pytest.raises(ValueError, match="quality='x': use one of l, m, h, p, k"):
        show(Broken, quality="x")
    with pytest.raises(ValueError, match="lang='fr' is not supported"):
        show(Broken, lang="fr")
    with pytest.raises(TypeError, match="Scene class, a Part class or a part id"):
        show(3)
    with pytest.raises(RuntimeError, match="boom"):
        show(Broken)
    assert {k: config[k] for k in FIELDS} == before and "LECTURE_LANG" not in os.environ


@pytest.mark.slow
def test_example_notebook_runs_headless(monkeypatch, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    import conftest

    path = ROOT / "examples" / "notebook.ipynb"
    nb = nbformat.read(path, as_version=4)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    # the kernel runs in tmp_path, whose manim.cfg points at this worker's LaTeX cache (as conftest's renders)
    (tmp_path / "manim.cfg").write_text(conftest.shared_cache_cfg(tmp_path).read_text()
                                        + "notify_outdated_version = False\n")
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()   # raises CellExecutionError naming the cell that failed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"].get("text/html", "") for o in outputs if o.output_type == "execute_result"]
    assert any("<b>Recording mine/line</b>" in h for h in html)      # the Recording's summary
    assert sum("data:video/mp4;base64," in h for h in html) == 2      # the diagram and the landscape
