"""A layout check: after every ``play`` and ``wait`` of a scene, nothing collides with a label.

The scene runs with every animation skipped (each ``play``/``wait`` jumps to its end state, no frame is
drawn or written); after each one the visible mobjects are inspected:

- ``outside``: a glyph of a visible text reaches outside the camera's frame, or into its 0.15-unit
  margin (``TOL["outside"]``);
- ``overlap``: glyphs of two different visible texts overlap;
- ``line``: a stroke (line, edge, curve, box outline...) of a visible non-text mobject runs through the
  inside of a glyph of a visible text, unless an opaque filled shape drawn between the two hides it;
- ``covered``: a filled non-text shape at least half opaque (a dot, a bar, a face of a surface) is drawn
  over a glyph of a visible text: its outline runs through the glyph, or the glyph lies inside it;
- ``crossfade``: in one play a plain ``FadeOut`` of a text and a ``FadeIn`` of another where it was (its
  glyphs before the play against the other's after it): mid-play the two are half visible, one over the
  other, though neither end of the play shows it;
- ``small``: a visible text is shown smaller than font size 20 (``MIN_FONT_SIZE``), the smallest that
  reads at 480p: its own size times every scale it went through since (``scale_to_fit_width``, a scaled
  group, a 3D projection, a zoomed camera). TeX glyphs are measured against the text font: manim's own
  TeX at one font size is 0.68 as tall, which ``scenes/common/tex_size`` makes up for.

Text is ``Text``/``MarkupText``/``Paragraph``/``MathTex``/``Tex``/``DecimalNumber`` and the project's
``GlyphText`` (``MonoText``/``LiveNumber``); a text is checked glyph by glyph (the leaf sub-mobjects; for a
``GlyphText``, whose glyphs are one path, each closed outline), never by its group's whole box.
"Visible" means in the scene with some opacity (fill or stroke). Points go through the camera's own
projection, so a ``ThreeDScene`` is checked as it is shown; mobjects fixed in frame stay put.

As a library::

    from scenes.common.layout_check import check_scene
    report = check_scene(ScalingScene, lang="ko")
    for v in report.violations: print(v)

As a script, by path, from a project root (``PYTHONPATH=$PWD``)::

    python scenes/common/layout_check.py scenes/dropout.py ScalingScene [--lang ko]
    python scenes/common/layout_check.py --all            # every part of the catalog, en and ko
    ... --snapshots DIR                                    # and save the frame where each one starts

It prints each violation on one line (the plays it lasts over, their times, the texts, the kind) and
exits 1 if there is any.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":  # run by path: this folder must not shadow the standard library (numbers.py)
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())

import contextlib
import functools
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Violation", "Report", "check_scene", "check_part", "shown_font_size", "TOL", "MIN_FONT_SIZE", "main"]

#: tolerances in scene units (the frame is 8 units high: 0.02 is 1.2 px at 480p, 2.7 px at 1080p).
#: "outside" is negative, a safe area: text keeps 0.15 inside every edge (9 px at 480p), so nothing
#: is read against the frame's border or cut by a projector's overscan
TOL = {"outside": -0.15, "overlap": 0.02, "line": 0.02, "small": 0.5}
#: no text is shown smaller than this (in Manim's font size units, the frame 8 units high); ``TOL["small"]``
#: below it is let pass as rounding (19.6 reads as 20)
MIN_FONT_SIZE = 20
#: a filled shape at least this opaque hides what is drawn under it
OPAQUE = 0.9
#: a filled shape at least this opaque drawn over a glyph covers it (``covered``)
COVERING = 0.5
#: Bezier curves are sampled at this many points (straight pieces are exact)
SAMPLES = 9


@dataclass
class Violation:
    """One collision, over the consecutive plays it lasts."""

    kind: str               # "outside", "overlap", "crossfade", "line", "covered" or "small"
    texts: tuple            # descriptions of the texts involved
    other: str              # the frame edge(s), the line's mobject or the font size; "" for (cross)fading overlaps
    first_play: int
    first_time: float
    last_play: int
    last_time: float
    after: str              # what the first play animated

    def __str__(self) -> str:
        plays = f"play {self.first_play}" if self.first_play == self.last_play else \
            f"plays {self.first_play}-{self.last_play}"
        times = f"{self.first_time:.1f} s" if self.first_play == self.last_play else \
            f"{self.first_time:.1f}-{self.last_time:.1f} s"
        what = " / ".join(self.texts)
        if self.kind == "outside":
            msg = f"text outside the frame ({self.other}): {what}"
        elif self.kind == "overlap":
            msg = f"texts overlap: {what}"
        elif self.kind == "crossfade":
            msg = f"fades out where the other fades in, in one play: {what}"
        elif self.kind == "covered":
            msg = f"{self.other} drawn over text: {what}"
        elif self.kind == "small":
            msg = f"text under font size {MIN_FONT_SIZE} ({self.other}): {what}"
        else:
            msg = f"{self.other} runs through text: {what}"
        return f"{times} ({plays}, after {self.after}): {self.kind}: {msg}"


@dataclass
class Report:
    scene: str
    lang: str
    plays: int = 0
    time: float = 0.0       # the scene's length in seconds
    cpu: float = 0.0        # CPU seconds the check took
    violations: list = field(default_factory=list)
    frame: object = None    # the last frame (480p RGB array) when asked for: what `manim -s -ql` writes
    texts: list = field(default_factory=list)     # the strings of the Text/MarkupText on screen at the end
    numbers: list = field(default_factory=list)   # the values of the DecimalNumbers on screen at the end

    @property
    def ok(self) -> bool:
        return not self.violations

    def kinds(self) -> set:
        return {v.kind for v in self.violations}


# ---------------------------------------------------------------------------------------------------
# what is text, what is visible

def _text_classes() -> tuple:
    from manim import DecimalNumber, MarkupText, MathTex, Paragraph, SingleStringMathTex, Text
    from manim.mobject.text.tex_mobject import MathTexPart

    # a MathTexPart is one string of a MathTex of several, in the scene on its own when written alone
    classes = [Text, MarkupText, Paragraph, SingleStringMathTex, MathTex, MathTexPart, DecimalNumber]
    with contextlib.suppress(Exception):
        from scenes.common.numbers import GlyphText
        classes.append(GlyphText)
    return tuple(classes)


def _describe_text(m) -> str:
    for attr in ("string", "original_text", "text", "tex_string"):
        s = getattr(m, attr, None)
        if isinstance(s, str) and s:
            break
    else:
        s = None
    if s is None and hasattr(m, "get_value"):
        with contextlib.suppress(Exception):
            s = m.get_value()
            s = f"{s:g}" if isinstance(s, float) else str(s)
    s = " ".join(str(s if s is not None else "").split())
    if len(s) > 60:
        s = s[:57] + "..."
    return f"{type(m).__name__}({s!r})"


def _opacity(values) -> float:
    if isinstance(values, (int, float)):
        return float(values)
    a = np.asarray(values, dtype=float)
    return float(a.max()) if a.size else 0.0


def _fill_opacity(m) -> float:
    rgbas = getattr(m, "fill_rgbas", None)
    return _opacity(rgbas[:, 3]) if rgbas is not None and len(rgbas) else 0.0


def _stroke_visible(m) -> bool:
    rgbas = getattr(m, "stroke_rgbas", None)
    width = getattr(m, "stroke_width", 0) or 0
    return bool(rgbas is not None and len(rgbas) and _opacity(width) > 0 and _opacity(rgbas[:, 3]) > 0)


def _display_order(scene) -> list:
    """The leaves with points in the order the camera draws them (z_index respected, like Cairo's camera)."""
    from manim.utils.family import extract_mobject_family_members

    camera = scene.renderer.camera
    mobs = list(scene.mobjects) + [m for m in getattr(scene, "foreground_mobjects", []) if m not in scene.mobjects]
    return extract_mobject_family_members(mobs, use_z_index=getattr(camera, "use_z_index", True),
                                          only_those_with_points=True)


def _text_units(roots, classes) -> dict:
    """id(leaf) -> the outermost text mobject it belongs to, over ``roots`` and their families."""
    from manim import BackgroundRectangle

    owner = {}

    def walk(m, unit):
        if unit is None and isinstance(m, classes):
            unit = m
        if isinstance(m, BackgroundRectangle):
            unit = None  # a text's own backdrop (add_background_rectangle) is a filled shape, not a glyph
        if unit is not None and len(m.points):
            owner[id(m)] = unit
        for s in m.submobjects:
            walk(s, unit)

    for m in roots:
        walk(m, None)
    return owner


def _glyph_boxes(camera, leaf, unit) -> list:
    """Boxes of the glyphs in ``leaf`` of text ``unit``: its box, or for a ``GlyphText`` each closed outline."""
    from scenes.common.numbers import GlyphText

    return _subpath_boxes(camera, leaf) if isinstance(unit, GlyphText) else [_box(_points(camera, leaf))]


def _parents(scene) -> dict:
    """id(mobject) -> its top-level mobject in the scene (to name a line by what it belongs to)."""
    top: dict[int, object] = {}
    for m in scene.mobjects:
        for f in m.get_family():
            top.setdefault(id(f), m)
    return top


def _points(camera, m) -> np.ndarray:
    pts = m.points
    if hasattr(camera, "transform_points_pre_display"):
        pts = camera.transform_points_pre_display(m, pts)
    return np.asarray(pts, dtype=float)


def _own_font_size(unit) -> float | None:
    """The font size ``unit`` has now in scene units (manim's ``font_size``, which follows its scale)."""
    from scenes.common.numbers import GlyphText

    if isinstance(unit, GlyphText):  # the atlas's size times the scale of the points against their layout
        size, scale = getattr(unit, "font_size", None), unit.layout_scale()
        if not size or scale is None:
            return None
        return float(size) * scale
    with contextlib.suppress(Exception):
        size = float(unit.font_size)
        return size if np.isfinite(size) and size > 0 else None
    return None


def _shown_scale(camera, unit) -> float:
    """How much the camera enlarges ``unit`` on screen against the default frame (3D projection, zoom)."""
    from manim import config
    from manim.camera.three_d_camera import ThreeDCamera

    scale = config.frame_width / camera.frame_width if getattr(camera, "frame_width", 0) else 1.0
    if isinstance(camera, ThreeDCamera):  # the spread of the points on screen against in space
        leaves = unit.family_members_with_points()
        if leaves:
            pts = np.vstack([m.points for m in leaves])
            shown = np.vstack([_points(camera, m) for m in leaves])[:, :2]
            spread = np.sqrt(((pts - pts.mean(0)) ** 2).sum(1).mean())
            if spread > 0:
                scale *= float(np.sqrt(((shown - shown.mean(0)) ** 2).sum(1).mean()) / spread)
    return scale


def shown_font_size(camera, unit) -> float | None:
    """The font size ``unit`` is shown at: its own size times the camera's enlargement; None if unknown.

    TeX glyphs (``MathTex``, ``DecimalNumber``, ``LiveNumber``) are measured against the text font, by the
    height of a digit (:func:`tex_glyph_scale`): manim's own TeX digit at one font size is about 0.68 as
    tall as a DejaVu Sans one, so without ``tex_size`` TeX at font size 20 reads like text at about 14.
    """
    own = _own_font_size(unit)
    if own is None:
        return None
    if _is_tex(unit):
        own *= tex_glyph_scale()
    return own * _shown_scale(camera, unit)


def _is_tex(unit) -> bool:
    from manim import DecimalNumber, SingleStringMathTex

    from scenes.common.numbers import LiveNumber

    return isinstance(unit, (SingleStringMathTex, DecimalNumber, LiveNumber))


def tex_glyph_scale() -> float:
    """How tall a TeX digit is against a digit of the language's text font at the same font size.

    About 0.68 with manim's own TeX size, 1.0 once ``scenes.common.tex_size`` is installed.
    """
    from scenes.common.style import font

    return _manim_tex_glyph_scale(font()) * _tex_enlargement()


def _tex_enlargement() -> float:
    from manim import constants
    from manim.mobject.text import tex_mobject

    return tex_mobject.SCALE_FACTOR_PER_FONT_POINT / constants.SCALE_FACTOR_PER_FONT_POINT


@functools.cache
def _manim_tex_glyph_scale(font_name: str) -> float:
    """The ratio with manim's own TeX size, whatever enlargement is installed when it is measured."""
    from manim import MathTex, Text

    tex = MathTex("0", font_size=48).height / _tex_enlargement()
    return float(tex / Text("0", font=font_name, font_size=48).height)


def _subpath_boxes(camera, m) -> list:
    """Boxes of each closed outline of a GlyphText's glyph path, zero-area ones (the pen) left out."""
    pts = _points(camera, m)
    n = len(pts) - len(pts) % 4
    if n < 4:
        return []
    # a subpath ends after curve k when curve k+1 does not start where curve k ends (np.allclose's test)
    ends_at, starts_at = pts[3:n - 1:4], pts[4:n:4]
    apart = ~np.all(np.abs(ends_at - starts_at) <= 1e-8 + 1e-5 * np.abs(starts_at), axis=1)
    cuts = [0, *(4 * (np.flatnonzero(apart) + 1)).tolist(), n]
    boxes = []
    for start, i in zip(cuts[:-1], cuts[1:]):
        sub = pts[start:i]
        lo, hi = sub[:, :2].min(axis=0), sub[:, :2].max(axis=0)
        if (hi - lo).min() > 1e-6:
            boxes.append(np.concatenate([lo, hi]))
    # nested outlines (the inside of an "0") add nothing
    return boxes


def _boxes(camera, mobs: list) -> np.ndarray:
    """(len(mobs), 4) boxes as :func:`_box` of each one's shown points; NaN for one with fewer than 4 points.

    One numpy pass over all the points for a flat camera (thousands of surface faces per inspection);
    mobject by mobject through a 3D camera's projection."""
    from manim.camera.three_d_camera import ThreeDCamera

    out = np.full((len(mobs), 4), np.nan)
    if not mobs:
        return out
    if isinstance(camera, ThreeDCamera):
        for i, m in enumerate(mobs):
            pts = _points(camera, m)
            if len(pts) >= 4:
                out[i] = _box(pts)
        return out
    arrays = [m.points for m in mobs]
    lens = np.array([len(a) for a in arrays])
    keep = np.flatnonzero(lens >= 4)
    if not len(keep):
        return out
    pts = np.concatenate([arrays[i] for i in keep])[:, :2].astype(float)
    starts = np.concatenate([[0], np.cumsum(lens[keep])[:-1]])
    out[keep, :2] = np.minimum.reduceat(pts, starts)
    out[keep, 2:] = np.maximum.reduceat(pts, starts)
    bad = ~np.isfinite(out[keep]).all(axis=1)
    out[keep[bad]] = np.nan   # the camera draws a mobject with a non-finite point as one point: no stroke
    return out


def _box(pts) -> np.ndarray:
    return np.concatenate([pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)])


def _sample_strokes(pts: np.ndarray) -> np.ndarray:
    """(k, 2, 2) segments approximating the cubic Bezier curves of ``pts`` (4 points per curve)."""
    n = len(pts) - len(pts) % 4
    if n < 4:
        return np.zeros((0, 2, 2))
    c = pts[:n, :2].reshape(-1, 4, 2)
    t = np.linspace(0, 1, SAMPLES)[None, :, None]
    a, b, cc, d = c[:, None, 0], c[:, None, 1], c[:, None, 2], c[:, None, 3]
    curve = (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * cc + t ** 3 * d
    seg = np.stack([curve[:, :-1], curve[:, 1:]], axis=2).reshape(-1, 2, 2)
    keep = np.abs(seg[:, 1] - seg[:, 0]).sum(axis=1) > 1e-9
    return seg[keep]


def _segments_hit_boxes(seg: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(len(boxes),) bool: does any segment enter the open box (Liang-Barsky, vectorised)."""
    if not len(seg) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    p0 = seg[:, None, 0, :]              # (S, 1, 2)
    d = seg[:, None, 1, :] - p0          # (S, 1, 2)
    lo, hi = boxes[None, :, :2], boxes[None, :, 2:]   # (1, B, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = (lo - p0) / d
        t2 = (hi - p0) / d
    tmin = np.where(d != 0, np.minimum(t1, t2), np.where((p0 > lo) & (p0 < hi), -np.inf, np.inf))
    tmax = np.where(d != 0, np.maximum(t1, t2), np.where((p0 > lo) & (p0 < hi), np.inf, -np.inf))
    enter = np.maximum(np.maximum(tmin[..., 0], tmin[..., 1]), 0.0)
    leave = np.minimum(np.minimum(tmax[..., 0], tmax[..., 1]), 1.0)
    return np.asarray((enter < leave).any(axis=0))


# ---------------------------------------------------------------------------------------------------
# one inspection of the scene

def inspect_scene(scene, tol: dict | None = None) -> list:
    """The collisions in the scene as it is now: a list of (kind, texts, other) tuples."""
    tol = {**TOL, **(tol or {})}
    camera = scene.renderer.camera
    if hasattr(camera, "reset_rotation_matrix"):  # a ThreeDCamera refreshes its view only when it draws
        camera.reset_rotation_matrix()
    owner = _text_units(list(scene.mobjects) + list(getattr(scene, "foreground_mobjects", [])), _text_classes())
    drawn = _sort_drawn(camera, _display_order(scene), owner)
    if not drawn.gboxes:
        return []
    glyphs = _Glyphs.of(drawn, tol)
    top = _parents(scene)
    return [*_outside(camera, glyphs, tol), *_too_small(camera, glyphs, tol), *_overlaps(glyphs, tol),
            *_lines_through(camera, glyphs, drawn, top), *_covered(camera, glyphs, drawn, top)]


@dataclass
class _Drawn:
    """What the camera draws, sorted: glyph boxes (x0, y0, x1, y1) with the text unit and draw index of each,
    and the other mobjects with a visible stroke, a covering fill, an opaque fill (as (draw index, mobject))."""

    gboxes: list = field(default_factory=list)
    gunit: list = field(default_factory=list)
    gindex: list = field(default_factory=list)
    strokes: list = field(default_factory=list)
    opaque: list = field(default_factory=list)
    fills: list = field(default_factory=list)


def _sort_drawn(camera, order: list, owner: dict) -> _Drawn:
    d = _Drawn()
    for idx, m in enumerate(order):
        unit = owner.get(id(m))
        if unit is not None:
            if _fill_opacity(m) <= 0 and not _stroke_visible(m):
                continue
            for b in _glyph_boxes(camera, m, unit):
                if (b[2:] - b[:2]).max() <= 1e-6:
                    continue
                d.gboxes.append(b)
                d.gunit.append(unit)
                d.gindex.append(idx)
            continue
        if _stroke_visible(m):
            d.strokes.append((idx, m))
        fill = _fill_opacity(m)
        if fill >= COVERING and len(m.points):
            d.fills.append((idx, m))
        if fill >= OPAQUE and len(m.points):
            d.opaque.append((idx, m))   # boxed only when a line through a glyph needs them (a surface has thousands)
    return d


@dataclass
class _Glyphs:
    """The glyph boxes as arrays: ``G`` (n, 4), ``uid`` the text unit of each, ``names`` of the units, ``gindex``
    their draw order, and ``inner``: each box shrunk by the line tolerance (``valid`` where not empty)."""

    G: np.ndarray
    uid: np.ndarray
    units: list
    names: list
    gindex: list
    inner: np.ndarray
    valid: np.ndarray

    @classmethod
    def of(cls, drawn: _Drawn, tol: dict) -> _Glyphs:
        G = np.array(drawn.gboxes)
        units = list(dict.fromkeys(drawn.gunit))
        uid = np.array([units.index(u) for u in drawn.gunit])
        t = tol["line"]
        inner = G + np.array([t, t, -t, -t])
        valid = (inner[:, 2] > inner[:, 0]) & (inner[:, 3] > inner[:, 1])
        return cls(G, uid, units, [_describe_text(u) for u in units], drawn.gindex, inner, valid)


def _outside(camera, g: _Glyphs, tol: dict) -> list:
    """Texts with a glyph outside the frame, and on which sides."""
    cx, cy = camera.frame_center[:2] if hasattr(camera, "frame_center") else (0.0, 0.0)
    hw, hh = camera.frame_width / 2, camera.frame_height / 2
    G, t = g.G, tol["outside"]
    edges = {"left": G[:, 0] < cx - hw - t, "bottom": G[:, 1] < cy - hh - t,
             "right": G[:, 2] > cx + hw + t, "top": G[:, 3] > cy + hh + t}
    found = []
    for u in range(len(g.units)):
        sides = [e for e, mask in edges.items() if mask[g.uid == u].any()]
        if sides:
            found.append(("outside", (g.names[u],), "+".join(sides)))
    return found


def _too_small(camera, g: _Glyphs, tol: dict) -> list:
    """Texts shown smaller than MIN_FONT_SIZE."""
    found = []
    for u, unit in enumerate(g.units):
        size = shown_font_size(camera, unit)
        if size is not None and size < MIN_FONT_SIZE - tol["small"]:
            found.append(("small", (g.names[u],), f"{size:.0f}"))
    return found


def _overlaps(g: _Glyphs, tol: dict) -> list:
    """Pairs of texts whose glyphs overlap."""
    G, uid, t = g.G, g.uid, tol["overlap"]
    ox = np.minimum(G[:, None, 2], G[None, :, 2]) - np.maximum(G[:, None, 0], G[None, :, 0])
    oy = np.minimum(G[:, None, 3], G[None, :, 3]) - np.maximum(G[:, None, 1], G[None, :, 1])
    hit = (ox > t) & (oy > t) & (uid[:, None] < uid[None, :])
    pairs = sorted({(int(uid[i]), int(uid[j])) for i, j in zip(*np.nonzero(hit))})
    return [("overlap", (g.names[a], g.names[b]), "") for a, b in pairs]


def _lines_through(camera, g: _Glyphs, drawn: _Drawn, top: dict) -> list:
    """Strokes through glyphs, unless an opaque fill drawn between the line and the glyph hides the line."""
    G, inner, valid = g.G, g.inner, g.valid
    opaque = drawn.opaque
    o_idx = np.array([o for o, _ in opaque], dtype=int)
    o_boxes: list = []

    def o_box() -> np.ndarray:   # the opaque fills' boxes, made on first need
        if not o_boxes:
            o_boxes.append(_boxes(camera, [om for _, om in opaque]))
        return o_boxes[0]

    found, seen = [], set()
    for (idx, m), b in zip(drawn.strokes, _boxes(camera, [m for _, m in drawn.strokes])):
        if not np.isfinite(b).all():
            continue   # fewer than 4 points, or none finite
        near = valid & (inner[:, 0] < b[2]) & (inner[:, 2] > b[0]) & (inner[:, 1] < b[3]) & (inner[:, 3] > b[1])
        if not near.any():
            continue
        cand = np.flatnonzero(near)
        hits = cand[_segments_hit_boxes(_sample_strokes(_points(camera, m)), inner[cand])]
        for k in hits:
            gi = g.gindex[k]
            between = (o_idx > idx) & (o_idx < gi)
            if idx < gi and between.any() and np.any(between & np.all(o_box()[:, :2] <= G[k, :2], axis=1)
                                                      & np.all(o_box()[:, 2:] >= G[k, 2:], axis=1)):
                continue  # an opaque backdrop hides the line under the text
            key = (g.names[g.uid[k]], _name_of(m, top))
            if key not in seen:
                seen.add(key)
                found.append(("line", (key[0],), key[1]))
    return found


def _covered(camera, g: _Glyphs, drawn: _Drawn, top: dict) -> list:
    """Filled shapes drawn over glyphs (after them, in the camera's order)."""
    inner, valid = g.inner, g.valid
    gi_arr = np.array(g.gindex)
    first_glyph = int(gi_arr.min())
    fills = [(idx, m) for idx, m in drawn.fills if idx > first_glyph]   # one drawn before every glyph is under them all
    found, seen = [], set()
    for (idx, m), b in zip(fills, _boxes(camera, [m for _, m in fills])):
        if not np.isfinite(b).all():
            continue
        near = valid & (gi_arr < idx) & (inner[:, 0] < b[2]) & (inner[:, 2] > b[0]) & (inner[:, 1] < b[3]) \
            & (inner[:, 3] > b[1])
        if not near.any():
            continue
        cand = np.flatnonzero(near)
        outline = _sample_strokes(_points(camera, m))
        centres = 0.5 * (inner[cand, :2] + inner[cand, 2:])
        hits = cand[_segments_hit_boxes(outline, inner[cand]) | _inside(outline, centres)]
        for k in hits:
            key = (g.names[g.uid[k]], _name_of(m, top))
            if key not in seen:
                seen.add(key)
                found.append(("covered", (key[0],), key[1]))
    return found


def _name_of(m, top: dict) -> str:
    """A non-text mobject named by its class and the top-level mobject it belongs to."""
    parent = top.get(id(m))
    what = type(m).__name__
    return what + f" of {type(parent).__name__}" if parent is not None and parent is not m else what


def _inside(seg: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(len(points),) bool: is each point inside the closed outline ``seg`` (even-odd rule)."""
    if not len(seg) or not len(points):
        return np.zeros(len(points), dtype=bool)
    (x0, y0), (x1, y1) = seg[:, 0].T[:, :, None], seg[:, 1].T[:, :, None]   # (S, 1) each
    px, py = points[None, :, 0], points[None, :, 1]                              # (1, P)
    straddle = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    return ((straddle & (x_at > px)).sum(axis=0) % 2) == 1


# ---------------------------------------------------------------------------------------------------
# running a scene with every animation skipped

def _describe_play(args, kwargs) -> str:
    from manim import Animation, Wait

    out = []
    for a in args:
        if isinstance(a, Wait):
            out.append(f"wait({a.run_time:g})")
        elif isinstance(a, Animation):
            m = getattr(a, "mobject", None)
            out.append(f"{type(a).__name__}({type(m).__name__ if m is not None else ''})")
        else:
            m = getattr(a, "mobject", None)
            out.append(f"{type(m).__name__ if m is not None else type(a).__name__}.animate")
    s = ", ".join(out[:3]) + (f" +{len(out) - 3}" if len(out) > 3 else "")
    return s


def _faded_glyphs(camera, animations, way: str) -> list:
    """(name, glyph boxes) of each visible text that a plain FadeOut (``way="out"``, before the play) or
    FadeIn (``"in"``, after it) of this play fades."""
    from manim import FadeIn, FadeOut

    kind = FadeOut if way == "out" else FadeIn
    classes = _text_classes()
    out = []
    for a in animations:
        if not isinstance(a, kind):
            continue
        owner = _text_units([a.mobject], classes)
        units: dict = {}
        for leaf in a.mobject.family_members_with_points():
            unit = owner.get(id(leaf))
            if unit is not None and (_fill_opacity(leaf) > 0 or _stroke_visible(leaf)):
                units.setdefault(id(unit), (unit, []))[1].extend(_glyph_boxes(camera, leaf, unit))
        out += [(_describe_text(unit), np.array(boxes)) for unit, boxes in units.values() if boxes]
    return out


def _crossfades(leaving: list, coming: list, tol: dict) -> list:
    """``crossfade``: a text fading out where another fades in, in one play; mid-play both are half
    visible, one over the other (the check otherwise sees only the end of each play)."""
    t = tol["overlap"]
    found = []
    for out_name, a in leaving:
        for in_name, b in coming:
            ox = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
            oy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
            if ((ox > t) & (oy > t)).any():
                found.append(("crossfade", (out_name, in_name), ""))
    return found


def _end_state_only(animation):
    """A plain ``FadeIn``/``FadeOut`` as an animation that only adds/removes its mobject, at the same run time.

    In a skipped play manim still begins every animation, and a fade copies its mobject twice (the faded
    start and the target) to end where it began; a scene with a surface of thousands of faces spent a
    fifth of its check copying. The end state, the draw order and the updaters are the same.
    """
    from manim import FadeIn, FadeOut

    if type(animation) not in (FadeIn, FadeOut):
        return animation
    return _end_state_class()(animation.mobject, run_time=animation.run_time, introducer=type(animation) is FadeIn,
                                 remover=type(animation) is FadeOut,
                                 suspend_mobject_updating=animation.suspend_mobject_updating)


@functools.cache
def _end_state_class():
    from manim import Animation

    class EndState(Animation):
        """Adds (``introducer``) or removes (``remover``) its mobject and nothing else: no copies."""

        def begin(self):
            if self.suspend_mobject_updating:
                self.mobject.suspend_updating()

        def finish(self):
            if self.suspend_mobject_updating:
                self.mobject.resume_updating()

        def interpolate_mobject(self, alpha):
            pass

    return EndState


@contextlib.contextmanager
def _language(lang: str | None):
    old = os.environ.get("LECTURE_LANG")
    if lang:
        os.environ["LECTURE_LANG"] = lang
    try:
        yield
    finally:
        if lang:
            if old is None:
                os.environ.pop("LECTURE_LANG", None)
            else:
                os.environ["LECTURE_LANG"] = old


def check_scene(scene_cls, lang: str | None = None, *, tol: dict | None = None, snapshots=None,
                last_frame: bool = False) -> Report:
    """Run ``scene_cls`` with every animation skipped, inspecting after each play and wait.

    ``snapshots``: a folder; the frame after each play where a violation starts is saved there as
    ``<scene>-<lang>-play<N>.png`` (480p), to look at what the check found.
    ``last_frame``: also paint the end state once at 480p into ``report.frame`` (the same skipped run
    ``manim render -s -ql`` makes, so one run serves the layout check and a last-frame test).
    """
    import time
    from pathlib import Path

    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    cpu = time.process_time()
    tol = {**TOL, **(tol or {})}
    report = Report(scene=scene_cls.__name__, lang=lang or os.environ.get("LECTURE_LANG", "en") or "en")
    open_: dict = {}   # key -> Violation still going on

    settings = {"dry_run": True, "write_to_movie": False, "save_last_frame": False, "disable_caching": True,
                "progress_bar": "none", "preview": False, "format": None}
    if snapshots or last_frame:
        settings.update(pixel_width=854, pixel_height=480)
    if snapshots:
        Path(snapshots).mkdir(parents=True, exist_ok=True)
    with _language(lang), tempconfig({k: v for k, v in settings.items() if v is not None}):
        scene = scene_cls(skip_animations=True)
        renderer = scene.renderer
        # no pixels: skipped plays still paint the static mobjects and the end state otherwise
        renderer.update_frame = lambda *a, **k: None
        renderer.save_static_frame_data = lambda *a, **k: None
        renderer.render = lambda *a, **k: None
        play = scene.play

        def checked_play(*args, **kwargs):
            desc = _describe_play(args, kwargs)
            leaving = _faded_glyphs(renderer.camera, args, "out")
            result = play(*(_end_state_only(a) for a in args), **kwargs)
            report.plays += 1
            now = float(renderer.time)
            current, started = {}, False
            found = inspect_scene(scene, tol) + _crossfades(leaving, _faded_glyphs(renderer.camera, args, "in"), tol)
            for kind, texts, other in found:
                key = (kind, texts, other)
                v = open_.get(key)
                if v is None:
                    v = Violation(kind, texts, other, report.plays, now, report.plays, now, desc)
                    report.violations.append(v)
                    started = True
                v.last_play, v.last_time = report.plays, now
                current[key] = v
            open_.clear()
            open_.update(current)
            if started and snapshots:
                renderer.camera.reset()
                CairoRenderer.update_frame(renderer, scene)
                name = f"{report.scene}-{report.lang}-play{report.plays}.png"
                renderer.camera.get_image().save(Path(snapshots) / name)
            return result

        scene.play = checked_play
        scene.render()
        report.time = float(renderer.time)
        from manim import DecimalNumber, MarkupText, Text

        final = [m for top in scene.mobjects for m in top.get_family()]
        report.texts = [m.text for m in final if isinstance(m, (Text, MarkupText))]
        report.numbers = [float(m.get_value()) for m in final if isinstance(m, DecimalNumber)]
        if last_frame:
            import numpy as np

            renderer.camera.reset()
            CairoRenderer.update_frame(renderer, scene)
            report.frame = np.asarray(renderer.camera.get_image().convert("RGB"))
    report.cpu = time.process_time() - cpu
    return report


def check_part(info, lang: str = "en", *, tol: dict | None = None, snapshots=None, last_frame: bool = False) -> Report:
    """Check one catalog part (``lecture.catalog.PartInfo``) in ``lang``."""
    module = sys.modules[info.cls.__module__]
    report = check_scene(getattr(module, info.scene), lang, tol=tol, snapshots=snapshots, last_frame=last_frame)
    report.scene = info.id
    return report


# ---------------------------------------------------------------------------------------------------
# command line

def _print_report(report: Report, out=sys.stdout) -> None:
    head = f"{report.scene} [{report.lang}]"
    if report.ok:
        print(f"{head}: ok ({report.plays} plays, {report.time:.1f} s; checked in {report.cpu:.1f} s CPU)", file=out)
        return
    print(f"{head}: {len(report.violations)} violation(s) in {report.plays} plays "
          f"(checked in {report.cpu:.1f} s CPU)", file=out)
    for v in report.violations:
        print(f"  {head} {v}", file=out)


def main(argv=None, *, all_parts=None) -> int:
    """The command line: a scene file (and scene names), or ``--all`` when ``all_parts`` is given: a function
    returning ``(problems, parts)``, the catalog's import problems (``(source, why)`` pairs) and its parts
    in order (``lecture.catalog.PartInfo``). ``python -m lecture.layout --all`` passes the catalog's."""
    import argparse

    p = argparse.ArgumentParser(prog="layout_check.py", description=__doc__.split("\n\n")[0])
    p.add_argument("file", nargs="?", help="a scene file, e.g. scenes/dropout.py")
    p.add_argument("scenes", nargs="*", help="scene class names (default: every part scene of the file)")
    p.add_argument("--lang", default=None, help="en or ko (default: $LECTURE_LANG or en; --all: both)")
    p.add_argument("--all", action="store_true", help="every part of the catalog (python -m lecture.layout --all)")
    p.add_argument("--snapshots", metavar="DIR", help="save the frame where each violation starts (480p PNG)")
    args = p.parse_args(argv)
    if not args.all and not args.file:
        p.error("give a scene file (and scene names), or --all")
    if args.all and all_parts is None:
        p.error("--all checks every part of the catalog: run `python -m lecture.layout --all`")

    import logging

    from manim import logger
    logger.setLevel(logging.WARNING)

    if args.all:
        reports = _check_all(all_parts, [args.lang] if args.lang else ["en", "ko"], args.snapshots)
    else:
        found = _check_file(args.file, args.scenes, args.lang, args.snapshots)
        if found is None:
            return 2
        reports = found
    bad = sum(1 if isinstance(r, str) else (not r.ok) for r in reports)
    return 1 if bad else 0


def _check_all(all_parts, langs: list[str], snapshots) -> list:
    """Reports (or one-line errors) of every part ``all_parts()`` gives, in each of ``langs``."""
    problems, parts = all_parts()
    for src, why in problems:
        print(f"{src}: {why}", file=sys.stderr)
    return [_run(functools.partial(check_part, info, lang, snapshots=snapshots), f"{info.id} [{lang}]")
            for info in parts for lang in langs]


def _check_file(file: str, scenes: list[str], lang: str | None, snapshots) -> list | None:
    """Reports (or one-line errors) of ``scenes`` (default: every part scene) of the scene ``file``;
    ``None`` (said on stderr) when the file or a scene is missing."""
    from scenes.common.lesson import PartScene, PartScene3D
    from scenes.common.modules import load_module

    if not os.path.exists(file):
        print(f"no scene file {file}", file=sys.stderr)
        return None
    module = load_module(file)
    names = scenes or [n for n, c in vars(module).items() if isinstance(c, type)
                       and issubclass(c, (PartScene, PartScene3D)) and getattr(c, "part", None)
                       and c.__module__ == module.__name__]
    reports = []
    for name in names:
        cls = getattr(module, name, None)
        if cls is None:
            print(f"no scene {name!r} in {file}", file=sys.stderr)
            return None
        reports.append(_run(functools.partial(check_scene, cls, lang, snapshots=snapshots), f"{name} [{lang or 'en'}]"))
    return reports


def _run(fn, what):
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001 - one broken scene is reported, the others still run
        line = f"{what}: error: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
        print(line, flush=True)
        return line
    _print_report(r)
    sys.stdout.flush()
    return r


if __name__ == "__main__":
    sys.exit(main())
