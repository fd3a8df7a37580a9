"""The layout check (scenes/common/layout_check.py): what it catches, what it lets pass, and every part.

Synthetic scenes pin each kind of collision the review found (a caption cut off at the frame's edge,
a count label inside a bundle of edges, a highlight box through labels) and the clean layouts that
must pass. Then every part of the catalog is checked in English and Korean; the parts known to fail
today are listed in ``FAILING`` and marked xfail(strict=True): when a part gets fixed its test turns
red until it is taken off the list.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    BackgroundRectangle,
    Brace,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    Scene,
    Square,
    SurroundingRectangle,
    Text,
    ThreeDScene,
    ValueTracker,
    VGroup,
    Write,
)

import scenes.common.lesson  # noqa: F401  (installs tex_size, as every scene does)
from scenes.common.layout_check import check_scene
from scenes.common.numbers import LiveNumber, MonoText

ROOT = Path(__file__).resolve().parents[1]


def kinds(report):
    return sorted({v.kind for v in report.violations})


# ---------------------------------------------------------------------------------------------------
# clean layouts pass

class CleanScene(Scene):
    def construct(self):
        title = Text("A clean layout", font_size=40).to_edge(UP, buff=0.3)
        axes = Axes(x_range=(0, 5, 1), y_range=(0, 3, 1), x_length=6, y_length=3.5,
                    axis_config={"include_numbers": True, "font_size": 24}).shift(DOWN * 0.5 + LEFT * 2)
        names = axes.get_axis_labels(MathTex("x", font_size=28), MathTex("y", font_size=28))
        curve = axes.plot(lambda x: 0.1 * x * x, x_range=(0, 5), color="#FFFF00")
        tag = Text("fit", font_size=24).next_to(axes.c2p(4, 2.6), UP, buff=0.1)
        box = SurroundingRectangle(tag, buff=0.12)
        caption = Text("side by side", font_size=24).next_to(axes, RIGHT, buff=0.5)
        tracker = ValueTracker(0)
        number = LiveNumber(np.linspace(0, 1.5, 11), tracker, font_size=28).next_to(caption, DOWN, buff=0.3)
        mono = MonoText("12.5%", font_size=24).next_to(number, RIGHT, buff=0.3)
        self.play(FadeIn(title))
        self.play(Create(axes), Write(names))
        self.play(Create(curve), FadeIn(tag), Create(box))
        self.play(FadeIn(caption), FadeIn(number), FadeIn(mono))
        self.play(tracker.animate.set_value(10))
        self.wait(1)


def test_clean_scene_passes():
    report = check_scene(CleanScene)
    assert report.ok, "\n".join(map(str, report.violations))
    assert report.plays == 6 and report.time == pytest.approx(6.0)


class HiddenScene(Scene):
    """Collisions that are not visible: faded out, zero opacity, or under an opaque backing."""

    def construct(self):
        a = Text("gone", font_size=28)
        self.play(FadeIn(a))
        self.play(FadeOut(a))
        b = Text("ghost", font_size=28).set_opacity(0)
        edge = Line(LEFT * 2, RIGHT * 2)
        self.add(edge, b)
        count = MathTex("32", font_size=30)
        backing = BackgroundRectangle(count, fill_opacity=1, buff=0.05)
        self.play(FadeIn(VGroup(backing, count)))
        cross = Line(DOWN * 2 + LEFT * 3, DOWN * 2 + RIGHT * 3)   # through a label with its own backdrop
        named = MathTex(r"\nabla L", font_size=30).move_to(DOWN * 2).add_background_rectangle(opacity=0.9)
        self.play(FadeIn(cross), FadeIn(named))


def test_hidden_collisions_pass():
    report = check_scene(HiddenScene)
    assert report.ok, "\n".join(map(str, report.violations))


# ---------------------------------------------------------------------------------------------------
# each kind is caught

class CutCaptionScene(Scene):
    """dropout.scaling: a caption wider than the frame, cut off at the left edge."""

    def construct(self):
        self.wait(0.5)
        cap = Text("a caption much too long for the frame it is shown in, cut off at both ends",
                   font_size=28).to_edge(DOWN).shift(LEFT * 2)
        self.play(FadeIn(cap))
        self.wait(2)
        self.play(FadeOut(cap))
        self.wait(1)


class ChainWrittenPieceByPiece(Scene):
    """course_net: a formula of several strings written one by one runs off the right edge."""

    def construct(self):
        chain = MathTex(r"x", r"\to l_1 \to \mathrm{relu} \to l_2 \to \mathrm{sig} \to \hat y", font_size=48)
        chain.move_to(RIGHT * 4)
        self.play(Write(chain[0]))
        self.play(Write(chain[1]))


def test_a_piece_of_a_formula_written_alone_is_checked():
    (v,) = check_scene(ChainWrittenPieceByPiece).violations
    assert v.kind == "outside" and v.other == "right" and v.texts[0].startswith("MathTexPart(")
    assert v.first_play == 2


class CrossfadedCaptions(Scene):
    """A caption faded out where the next fades in, in one play: mid-play, one over the other."""

    def construct(self):
        first = Text("the first caption", font_size=28).to_edge(DOWN)
        second = Text("and then the second", font_size=28).to_edge(DOWN)
        aside = Text("elsewhere", font_size=28).to_edge(UP)
        self.play(FadeIn(first))
        self.play(FadeOut(first), FadeIn(second))            # crossfaded in one place
        self.play(FadeOut(second), FadeIn(aside))            # out here, in there: fine
        self.play(FadeIn(first))
        self.play(FadeOut(first))
        self.play(FadeIn(second))                           # in sequence: fine


def test_a_caption_crossfaded_into_another_in_place_is_caught():
    (v,) = check_scene(CrossfadedCaptions).violations
    assert v.kind == "crossfade" and v.texts == ("Text('the first caption')", "Text('and then the second')")
    assert (v.first_play, v.last_play) == (2, 2)


def test_caption_outside_the_frame_is_caught():
    report = check_scene(CutCaptionScene)
    assert kinds(report) == ["outside"]
    (v,) = report.violations
    assert "left" in v.other and "too long" in v.texts[0]
    # it starts after play 2 (the fade-in) and lasts through the wait, not after the fade-out
    assert (v.first_play, v.last_play) == (2, 3)
    assert v.first_time == pytest.approx(1.5) and v.last_time == pytest.approx(3.5)


def test_snapshots_save_the_frame_where_a_violation_starts(tmp_path):
    from PIL import Image

    check_scene(CutCaptionScene, snapshots=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CutCaptionScene-en-play2.png"]
    frame = np.asarray(Image.open(tmp_path / "CutCaptionScene-en-play2.png").convert("L"))
    assert frame.shape == (480, 854) and frame[400:, :60].max() > 128  # the caption's cut-off start


class BraceInEdgesScene(Scene):
    """diagram.mnist/forward: the "32" brace label placed between the edges of 784 -> 32."""

    def construct(self):
        ins = [np.array([-3, y, 0]) for y in np.linspace(-2, 2, 7)]
        outs = [np.array([1, y, 0]) for y in np.linspace(-1.2, 1.2, 5)]
        edges = VGroup(*[Line(a, b, stroke_width=1) for a in ins for b in outs])
        nodes = VGroup(*[Line(b + LEFT * 0.1, b + RIGHT * 0.1) for b in outs])
        brace = Brace(nodes, direction=LEFT)
        count = MathTex("32", font_size=30)
        brace.put_at_tip(count, buff=0.08)
        self.play(Create(edges))
        self.play(FadeIn(brace), FadeIn(count))


def test_count_label_inside_edges_is_caught():
    report = check_scene(BraceInEdgesScene)
    assert kinds(report) == ["line"]
    assert all("32" in v.texts[0] and v.other.startswith("Line") for v in report.violations)


class BoxThroughLabelsScene(Scene):
    """diagram.counting: a highlight box whose outline crosses the X label."""

    def construct(self):
        x = MathTex("X", font_size=36).move_to(LEFT * 2 + UP * 0.4)
        u = MathTex("u_1", font_size=36).move_to(UP * 0.4)
        stage = VGroup(Line(LEFT * 2, ORIGIN), Line(LEFT * 2, DOWN))
        self.play(FadeIn(x), FadeIn(u), Create(stage))
        box = SurroundingRectangle(VGroup(stage, u), buff=0.08)   # its left side runs through X
        self.play(Create(box))
        self.play(FadeOut(box))


def test_box_through_labels_is_caught():
    report = check_scene(BoxThroughLabelsScene)
    assert kinds(report) == ["line"]
    (v,) = report.violations
    assert v.texts == ("MathTex('X')",) and v.other == "SurroundingRectangle"
    assert (v.first_play, v.last_play) == (2, 2)


class OverlapScene(Scene):
    """Two captions in one place, and a live number running into its label."""

    def construct(self):
        a = Text("train loss", font_size=28)
        b = Text("test loss", font_size=28).move_to(a).shift(DOWN * 0.1)
        self.play(FadeIn(a), FadeIn(b))
        self.play(FadeOut(b))
        tag = Text("epoch", font_size=24).move_to(DOWN * 2)
        num = MonoText("1000", font_size=24).next_to(tag, RIGHT, buff=0.1)
        self.play(FadeIn(tag), FadeIn(num))
        num.set_text("10000000")
        num.shift(LEFT * 0.8)
        self.wait(1)


def test_overlapping_texts_are_caught():
    report = check_scene(OverlapScene)
    assert kinds(report) == ["overlap"]
    first, second = report.violations
    assert set(first.texts) == {"Text('train loss')", "Text('test loss')"} and first.last_play == 1
    assert set(second.texts) == {"Text('epoch')", "MonoText('10000000')"} and second.first_play == 4


class SmallTextScene(Scene):
    """Texts shrunk under font size 20 (scaled to fit, in a scaled group, a live number scaled down) and one
    that reads (20, and a zoomed-in camera showing a size-14 text at 28)."""

    def construct(self):
        fit = Text("a long sentence squeezed into a narrow box", font_size=24).scale_to_fit_width(3).to_edge(UP)
        group = VGroup(Text("in a group", font_size=28), Line(LEFT, RIGHT)).arrange(DOWN).scale(0.6)
        tracker = ValueTracker(0)
        number = LiveNumber(np.linspace(0, 1, 5), tracker, font_size=28).scale(0.6).shift(RIGHT * 3)
        fine = Text("twenty", font_size=20).to_edge(DOWN)
        self.play(FadeIn(fit), FadeIn(group), FadeIn(number), FadeIn(fine))


def test_text_under_font_size_20_is_caught():
    report = check_scene(SmallTextScene)
    assert kinds(report) == ["small"]
    found = {v.texts[0]: v.other for v in report.violations}
    assert set(found) == {"Text('a long sentence squeezed into a narrow box')", "Text('in a group')",
                          "LiveNumber('0.00')"}
    assert found["Text('in a group')"] == "17"        # 28 x 0.6


class FadesScene(Scene):
    """Fades with shifts and scales, an updater running through them, and a fade out."""

    def construct(self):
        a, b, c = Text("a", font_size=28), Square().shift(LEFT * 2), Text("c", font_size=28).shift(DOWN)
        tracker = ValueTracker(0)
        dot = Dot().add_updater(lambda m: m.set_x(tracker.get_value()))
        self.play(FadeIn(a, shift=UP), FadeIn(b, scale=0.5))
        self.add(dot)
        self.play(FadeOut(a), tracker.animate.set_value(2), FadeIn(c, shift=LEFT), run_time=2)
        self.play(FadeOut(b))


def test_fades_are_checked_in_their_end_state_without_their_copies(monkeypatch):
    """The check plays a plain FadeIn/FadeOut as adding/removing its mobject: the same end state as manim's."""
    import scenes.common.layout_check as layout_check

    fast = check_scene(FadesScene, last_frame=True)
    monkeypatch.setattr(layout_check, "_end_state_only", lambda animation: animation)
    slow = check_scene(FadesScene, last_frame=True)
    assert (fast.plays, fast.time, fast.texts) == (slow.plays, slow.time, slow.texts) == (3, 4.0, ["c"])
    assert np.array_equal(fast.frame, slow.frame)


def test_tex_is_measured_against_the_text_font(monkeypatch):
    """Manim's own TeX digit is about 0.68 as tall as a text digit at one font size: TeX at 28 reads like
    text at 19. tex_size makes up for it, and the check measures the glyphs, so a scene without it fails."""
    from manim import constants
    from manim.mobject.text import tex_mobject

    from scenes.common.layout_check import tex_glyph_scale
    from scenes.common.tex_size import TEX_TO_TEXT

    class TexAt28(Scene):
        def construct(self):
            self.play(FadeIn(MathTex("0.25", font_size=28)), FadeIn(Text("text at 20", font_size=20).to_edge(UP)))

    assert tex_mobject.SCALE_FACTOR_PER_FONT_POINT == constants.SCALE_FACTOR_PER_FONT_POINT * TEX_TO_TEXT
    assert 0.98 < tex_glyph_scale() < 1.02
    assert check_scene(TexAt28).ok
    monkeypatch.setattr(tex_mobject, "SCALE_FACTOR_PER_FONT_POINT", constants.SCALE_FACTOR_PER_FONT_POINT)
    assert 0.66 < tex_glyph_scale() < 0.70
    (v,) = check_scene(TexAt28).violations
    assert v.kind == "small" and v.texts == ("MathTex('0.25')",) and v.other == "19"


def test_zoomed_camera_enlarges_text():
    from manim import MovingCameraScene

    class Zoomed(MovingCameraScene):
        def construct(self):
            self.camera.frame.scale(0.5)
            self.play(FadeIn(Text("small but zoomed", font_size=14)))

    assert check_scene(Zoomed).ok


class CoveredScene(Scene):
    """training loop's "1.0": filled dots drawn over a label; a box drawn over a caption; backdrops pass."""

    def construct(self):
        tick = Text("1.0", font_size=24)
        dot = Dot(tick[2].get_center(), radius=0.05)
        caption = Text("hidden", font_size=24).shift(LEFT * 3)
        panel = Square(2, fill_opacity=0.8).move_to(caption)
        backdrop = Square(3, fill_opacity=1, fill_color="#333333").shift(RIGHT * 3)
        on_it = Text("on a backdrop", font_size=24).move_to(backdrop)
        faint = Square(1, fill_opacity=0.2).move_to(tick)
        self.play(FadeIn(tick), FadeIn(dot), FadeIn(caption), FadeIn(panel), FadeIn(backdrop), FadeIn(on_it),
                  FadeIn(faint))


def test_filled_shapes_over_text_are_caught():
    report = check_scene(CoveredScene)
    assert kinds(report) == ["covered"]
    assert sorted((v.texts[0], v.other) for v in report.violations) == [
        ("Text('1.0')", "Dot"), ("Text('hidden')", "Square")]


class ThreeDOutsideScene(ThreeDScene):
    """A label high on the z axis: inside the frame in scene coordinates, above it as the camera shows it."""

    def construct(self):
        self.set_camera_orientation(phi=90 * DEGREES, theta=-90 * DEGREES)
        high = MathTex("L", font_size=36).move_to([0, 0, 5])
        fixed = Text("fixed in frame", font_size=24).to_edge(DOWN)
        self.add_fixed_in_frame_mobjects(fixed)
        self.play(FadeIn(high), FadeIn(fixed))


def test_three_d_scene_is_checked_as_projected():
    report = check_scene(ThreeDOutsideScene)
    assert [(v.kind, v.texts[0], v.other) for v in report.violations] == [("outside", "MathTex('L')", "top")]


def test_script_prints_one_line_per_violation_and_exits_1(tmp_path):
    scene_file = tmp_path / "cut.py"
    scene_file.write_text(
        "from manim import Scene, Text, FadeIn, LEFT, DOWN\n"
        "class Cut(Scene):\n"
        "    def construct(self):\n"
        "        self.play(FadeIn(Text('x' * 80, font_size=28).to_edge(DOWN)))\n"
        "class Fine(Scene):\n"
        "    def construct(self):\n"
        "        self.play(FadeIn(Text('fine', font_size=28)))\n")
    script = ROOT / "scenes" / "common" / "layout_check.py"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = subprocess.run([sys.executable, str(script), str(scene_file), "Cut"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1, bad.stderr[-2000:]
    lines = [l for l in bad.stdout.splitlines() if "outside" in l]
    assert len(lines) == 1 and "play 1" in lines[0] and "left+right" in lines[0]
    good = subprocess.run([sys.executable, str(script), str(scene_file), "Fine", "--lang", "ko"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0 and "Fine [ko]: ok" in good.stdout, good.stdout + good.stderr[-2000:]
    missing = subprocess.run([sys.executable, str(script), str(scene_file), "Nope"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no scene 'Nope'" in missing.stderr


def test_last_frame_renders_share_one_tex_cache(tmp_path, monkeypatch):
    """render_last_frame points manim's TeX and text caches at one folder for the whole session."""
    import conftest

    cache = tmp_path / "cache"
    monkeypatch.setattr(conftest, "TEX_CACHE", cache)
    cfg = conftest.shared_cache_cfg(tmp_path)
    from manim import config

    parsed = config.copy().digest_file(cfg)
    assert parsed.get_dir("tex_dir") == cache / "Tex" and parsed.get_dir("text_dir") == cache / "texts"



def test_xdist_workers_get_their_own_tex_cache():
    """Two pytest-xdist workers never fill one TeX cache folder at once (manim writes entries in steps)."""
    code = ("import conftest, sys; print(conftest.TEX_CACHE)")
    env = {**os.environ, "PYTEST_XDIST_WORKER": "gw1"}
    env.pop("LECTURE_TEST_TEX_CACHE", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests", env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert Path(out.stdout.strip()) == ROOT / "media" / "test-cache" / "gw1"


# ---------------------------------------------------------------------------------------------------
# every part of the catalog, in both languages

#: (part, language) -> what the check finds there today. Each is an xfail(strict=True): fix the part,
#: then delete its line here (the test fails until you do).
FAILING: dict[tuple[str, str], str] = {}


def _catalog_parts():
    """The course's parts and those of the example lecture of one's own (examples/)."""
    from lecture.catalog import Catalog

    cat = Catalog.discover(lectures=[str(ROOT / "examples" / "tiny_classifier.py")])
    return {p.id: p for lec in cat.all_lectures() for p in cat.lecture(lec).parts}


PARTS = _catalog_parts()


def _params():
    for part in PARTS:
        for lang in ("en", "ko"):
            reason = FAILING.get((part, lang))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(part, lang, marks=marks, id=f"{part}-{lang}")


def test_failing_list_names_real_parts():
    assert not {p for p, _ in FAILING} - set(PARTS), "FAILING names parts the catalog does not have"


@pytest.mark.slow
@pytest.mark.parametrize("part, lang", list(_params()))
def test_part_layout(part, lang):
    from conftest import scene_run

    info = PARTS[part]
    run = scene_run(info.scene_file, info.scene, lang)   # the same run serves this part's last-frame tests
    assert run["plays"] > 0
    assert not run["violations"], f"{part} [{lang}]:\n" + "\n".join(run["violations"])
