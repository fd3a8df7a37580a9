"""Mobjects of the loss-landscape videos: a loss surface, a parameter path, a caption.

The fit plot beside the surface is :class:`scenes.common.plots.FitPlot`.

The surface is 3D geometry seen from a fixed view: it is rotated once into the
frame and its faces are sorted back to front, so it renders in a plain
``Scene`` with the 2D camera. Nothing about it changes while the epoch runs,
so Cairo paints it once per ``play`` (add static mobjects before moving ones:
manim treats everything after the first moving mobject as moving).

Everything that follows the epoch reads one ``ValueTracker`` through
:func:`scenes.common.tracking.epoch_state`; the numbers come from a recording and a
:class:`engine.Landscape`, never from the scene.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DEGREES,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    BackgroundRectangle,
    Dot,
    Line,
    MathTex,
    ThreeDAxes,
    ValueTracker,
    VGroup,
    VMobject,
)
from manim.utils.space_ops import rotation_matrix

from engine.errors import EngineError
from engine.landscape import as_landscape, first_nonfinite, landscape_for, parameter_path, two_parameters

from .colors import HEAT, ColorBar, heat
from .numbers import LiveNumber
from .plots import nice_ticks, subsample
from .style import FONT_SIZE, PALETTE
from .text import label
from .tracking import epoch_state

__all__ = [
    "view_matrix", "LossSurface", "ParameterPath",
    "TrainingCaption", "caption_series", "caption_values", "gradient_norm", "state_losses",
    "loss_tex", "optimizer_tex", "reserve_slots",
]


def view_matrix(phi: float, theta: float) -> np.ndarray:
    """The rotation manim's ThreeDCamera applies for polar angle ``phi`` and azimuth ``theta``."""
    return rotation_matrix(-phi, RIGHT) @ rotation_matrix(-theta - 90 * DEGREES, OUT)


class LossSurface(VGroup):
    """The loss over a (w0, w1) grid as a height-coloured 3D surface seen from a fixed view.

    Parameters
    ----------
    landscape
        An :class:`engine.Landscape` (``loss[i, j]`` at ``w0s[j]``, ``w1s[i]``), a two-parameter
        ``Recording`` (its ``engine.landscape_for``; see :meth:`from_recording` for its options) or plain
        arrays ``(w0s, w1s, loss)``.
    faces
        Most faces along each side: the full grid is subsampled to keep Cairo fast.
    size
        Lengths of the w0, w1 and loss axes before the view rotation.
    phi, theta
        View angles, as ``ThreeDScene.set_camera_orientation`` takes them.
    colors
        Colour scale from low to high loss (default :data:`HEAT`).
    opacity, stroke_width
        Face fill opacity and mesh line width.
    axis_labels
        Whether to label the axes (MathTex ``w_0``, ``w_1``, ``\\mathcal{L}``) and a few ticks on each.
    loss_range
        ``(lo, hi)`` of the height and colour scales; default the grid's own range. Give two
        surfaces the same range to compare them: equal heights and colours mean equal losses.
    params
        For a ``Recording``: the names of its parameters on the w0 and w1 axes, e.g.
        ``("0.weight", "0.bias")``; computed for a Linear(1, 1) model (optionally with Sigmoid),
        a larger model is one line (``engine.landscape_for``).
    ticks
        About how many round values to number on the w0, w1 and loss axes (one int for all three):
        a short range with the default 3 can get a single tick (steps of 1, 2 or 5 x 10^k).

    The default view (``phi`` 60 degrees, ``theta`` 105 degrees, about the course's matplotlib
    ``azim=75`` seen from a little higher) is chosen so that on 03wk-2's MSE and BCE surfaces
    W* and the six recorded paths lie in front of every hill (:meth:`occluded` checks it).

    Attributes
    ----------
    axes, faces, labels
        The rotated ``ThreeDAxes``, the faces (back to front) and the axis labels.
    """

    def __init__(
        self,
        landscape,
        *,
        faces: int = 36,
        size: tuple[float, float, float] = (5.0, 5.0, 2.6),
        phi: float = 60 * DEGREES,
        theta: float = 105 * DEGREES,
        colors: Sequence | None = None,
        opacity: float = 0.92,
        stroke_width: float = 0.4,
        axis_labels: bool = True,
        loss_range: tuple[float, float] | None = None,
        params: tuple[str, str] | None = None,
        ticks: int | tuple[int, int, int] = 3,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.tick_targets = (ticks,) * 3 if isinstance(ticks, int) else tuple(ticks)
        landscape = as_landscape(landscape) if params is None else as_landscape(landscape, params=params)
        self.landscape = landscape
        self.colors = list(colors) if colors is not None else list(HEAT)
        w0s, w1s, loss = np.asarray(landscape.w0s), np.asarray(landscape.w1s), np.asarray(landscape.loss)
        self.loss_range = (
            (float(loss.min()), float(loss.max())) if loss_range is None else tuple(map(float, loss_range))
        )
        if not self.loss_range[1] > self.loss_range[0]:   # a flat grid: a flat surface in the middle of its box
            self.loss_range = (self.loss_range[0] - 0.5, self.loss_range[0] + 0.5)
        lo, hi = self.loss_range
        self.axes = ThreeDAxes(
            x_range=[float(w0s[0]), float(w0s[-1]), 1], y_range=[float(w1s[0]), float(w1s[-1]), 1],
            z_range=[lo, hi, (hi - lo) / 4], x_length=size[0], y_length=size[1], z_length=size[2],
            tips=False, axis_config={"include_ticks": False, "stroke_width": 2, "color": PALETTE["muted"]},
        )
        ju, iv = subsample(len(w0s), faces), subsample(len(w1s), faces)
        nodes = np.array([[self.axes.c2p(w0s[j], w1s[i], loss[i, j]) for j in ju] for i in iv])
        sub = loss[np.ix_(iv, ju)]
        cells = 0.25 * (sub[:-1, :-1] + sub[1:, :-1] + sub[:-1, 1:] + sub[1:, 1:])
        fills = heat(cells.ravel(), lo, hi, self.colors)
        self.faces = VGroup()
        for k, (a, b) in enumerate(np.ndindex(cells.shape)):
            corners = [nodes[a, b], nodes[a, b + 1], nodes[a + 1, b + 1], nodes[a + 1, b], nodes[a, b]]
            face = VMobject(stroke_width=stroke_width, stroke_color=fills[k], stroke_opacity=0.6)
            face.set_points_as_corners(corners).set_fill(fills[k], opacity=opacity)
            self.faces.add(face)
        # the axes only map data to space (they move with the surface); the box edges are drawn instead
        self.axes.set_stroke(opacity=0)
        self.add(self.axes)
        self._rotation = view_matrix(phi, theta)
        self.faces.apply_matrix(self._rotation, about_point=ORIGIN)
        self.axes.apply_matrix(self._rotation, about_point=ORIGIN)
        # painter's algorithm: OUT points at the viewer, so draw the smallest z first
        self.faces.submobjects.sort(key=lambda f: f.get_center()[2])
        self.box = self._make_box(w0s, w1s)
        self.add(self.box, self.faces)
        self.labels = self._make_labels(w0s, w1s) if axis_labels else VGroup()
        self.add(self.labels)
        self.move_to(ORIGIN)
        # nothing here follows an updater: stop manim walking ~1,300 faces for updaters every frame
        self.suspend_updating()

    @classmethod
    def from_recording(cls, recording, *, w0s=None, w1s=None, loss: str | None = None, head: str | None = None,
                       params: tuple[str, str] | None = None, **kwargs) -> LossSurface:
        """The surface a two-parameter run (a Linear(1, 1), optionally with Sigmoid) moves on:
        ``engine.landscape_for`` with ``loss`` (needed when the recording names none), ``head``, the grid
        and ``params`` (which parameter is w0 and which w1)."""
        return cls(landscape_for(recording, w0s, w1s, loss=loss, head=head, params=params), **kwargs)

    def _corners(self, w0s, w1s):
        lo = self.loss_range[0]
        return {(a, b): self.point(w0s[[0, -1][a]], w1s[[0, -1][b]], lo) for a in (0, 1) for b in (0, 1)}

    def _layout(self, w0s, w1s):
        """Which base corner is nearest the viewer, and which is leftmost on screen (for the loss axis)."""
        corners = self._corners(w0s, w1s)
        near = max(corners, key=lambda k: corners[k][2])
        side = min((k for k in corners if k != near), key=lambda k: corners[k][0])
        return corners, near, side

    def _make_box(self, w0s, w1s) -> VGroup:
        corners, near, side = self._layout(w0s, w1s)
        lo, hi = self.loss_range
        style = {"stroke_width": 2, "color": PALETTE["muted"]}
        top = self.point(w0s[[0, -1][side[0]]], w1s[[0, -1][side[1]]], hi)
        self.w0_edge = Line(corners[(0, near[1])], corners[(1, near[1])], **style)
        self.w1_edge = Line(corners[(near[0], 0)], corners[(near[0], 1)], **style)
        self.loss_edge = Line(corners[side], top, **style)
        return VGroup(self.w0_edge, self.w1_edge, self.loss_edge)

    def _make_labels(self, w0s, w1s) -> VGroup:
        corners, near, side = self._layout(w0s, w1s)
        base = np.mean(list(corners.values()), axis=0)
        lo = self.loss_range[0]
        muted, small = PALETTE["muted"], FONT_SIZE["small"]

        def outward(p):
            d = (p - base) * np.array([1, 1, 0])
            return d / (np.linalg.norm(d) or 1)

        w0_at = lambda v: self.point(v, w1s[[0, -1][near[1]]], lo)  # noqa: E731
        w1_at = lambda v: self.point(w0s[[0, -1][near[0]]], v, lo)  # noqa: E731
        loss_base = self.loss_edge.get_start()
        ticks = VGroup()
        n0, n1, n_loss = self.tick_targets
        for at, values in ((w0_at, nice_ticks(float(w0s[0]), float(w0s[-1]), target=n0)),
                           (w1_at, nice_ticks(float(w1s[0]), float(w1s[-1]), target=n1))):
            mid = at(0.5 * (values[0] + values[-1]))
            for v in values:
                if np.linalg.norm((at(v) - loss_base)[:2]) < 0.35:
                    continue  # a w tick at the foot of the loss axis would read as a loss value
                ticks.add(MathTex(f"{v:g}", font_size=small, color=muted).next_to(at(v), outward(mid), buff=0.1))
        # the loss axis: a few round values left of it, with tick marks
        self.loss_ticks = VGroup()
        hi = self.loss_range[1]
        left = LEFT if self.loss_edge.get_center()[0] <= base[0] else RIGHT
        for v in nice_ticks(lo, hi, target=n_loss):
            if v <= lo + 0.12 * (hi - lo):
                continue  # the foot of the axis is the w grid's corner, not a loss value to read
            p = self.loss_edge.get_start() + (self.loss_edge.get_end() - self.loss_edge.get_start()) * (v - lo) / (
                hi - lo
            )
            mark = Line(p, p + left * 0.08, stroke_width=2, color=muted)
            self.loss_ticks.add(
                VGroup(mark, MathTex(f"{v:g}", font_size=small, color=muted).next_to(mark, left, buff=0.06))
            )
        fs = FONT_SIZE["caption"]
        names = VGroup(
            MathTex(self.landscape.axis_names[0], font_size=fs).next_to(self.w0_edge.get_center(),
                                                                        outward(self.w0_edge.get_center()), buff=0.5),
            MathTex(self.landscape.axis_names[1], font_size=fs).next_to(self.w1_edge.get_center(),
                                                                        outward(self.w1_edge.get_center()), buff=0.5),
            MathTex(r"\mathcal{L}", font_size=fs).next_to(self.loss_edge.get_end(), UP, buff=0.1),
        )
        return VGroup(names, ticks, self.loss_ticks)

    def point(self, w0: float, w1: float, loss: float) -> np.ndarray:
        """The point of (w0, w1, loss) on screen (z is depth only)."""
        return np.asarray(self.axes.c2p(w0, w1, loss))

    def path_points(self, w0s, w1s, losses) -> np.ndarray:
        """(n, 3) points of many (w0, w1, loss) triples.

        The axes map data to space affinely, so four ``c2p`` calls give the map and
        the points are one matrix product (a ``c2p`` per point cost ~0.1 ms).
        """
        origin = self.point(0.0, 0.0, 0.0)
        basis = np.array([self.point(*e) - origin for e in np.eye(3)])
        data = np.column_stack([np.ravel(w0s), np.ravel(w1s), np.ravel(losses)]).astype(float)
        return origin + data @ basis

    def marker(self, w0: float, w1: float, tex: str = r"W^*", color=None, direction=UP) -> VGroup:
        """A dot and a label at (w0, w1) on the surface (the loss read from the landscape)."""
        color = color or PALETTE["truth"]
        p = self.point(w0, w1, self.landscape.at(w0, w1))
        dot = Dot(p, radius=0.08, color=color).set_stroke("#000000", 2)
        text = MathTex(tex, font_size=FONT_SIZE["body"], color=color).next_to(dot, direction, buff=0.12)
        # a dark plate under the label: the mesh lines of the surface must not run through it
        plate = BackgroundRectangle(text, color="#000000", fill_opacity=0.9, buff=0.05)
        return VGroup(dot, plate, text)

    def occluded(self, points, tol: float = 0.08) -> np.ndarray:
        """For each screen point (x, y, depth), whether a face of the surface lies in front of it.

        A point is hidden where some face covers it on screen and is nearer the viewer
        (larger z) by more than ``tol``; points on the surface itself are not hidden by
        their own face. Used to choose views where W* and the paths stay in sight.
        """
        quads = np.array([f.points[0::4][:4] for f in self.faces])
        tris = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
        a, v0, v1 = tris[:, 0], tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0]
        det = v0[:, 0] * v1[:, 1] - v1[:, 0] * v0[:, 1]
        ok = np.abs(det) > 1e-12
        det = np.where(ok, det, 1.0)
        hidden = []
        for p in np.atleast_2d(np.asarray(points, dtype=float)):
            v2 = p - a
            l1 = (v2[:, 0] * v1[:, 1] - v1[:, 0] * v2[:, 1]) / det
            l2 = (v0[:, 0] * v2[:, 1] - v2[:, 0] * v0[:, 1]) / det
            inside = ok & (l1 >= 0) & (l2 >= 0) & (l1 + l2 <= 1)
            z = a[:, 2] + l1 * v0[:, 2] + l2 * v1[:, 2]
            hidden.append(bool((inside & (z > p[2] + tol)).any()))
        return np.array(hidden)

    def color_bar(self, *, height: float = 2.6, decimals: int = 2, title=None, **kwargs) -> ColorBar:
        """A colour bar of this surface's loss range and colours: values below and above, "loss" on top."""
        title = title if title is not None else label("common.loss", size="small")
        return ColorBar(*self.loss_range, colors=self.colors, height=height, steps=32, numbers="ends",
                        decimals=decimals, title=title, **kwargs)


class ParameterPath(VGroup):
    """The path of (w0, w1, loss) over a :class:`LossSurface`, growing with an epoch tracker.

    Parameters
    ----------
    surface
        The surface the path lies on (its ``point`` maps data to the screen).
    w0s, w1s, losses
        (n_states,) recorded values, state 0 = the start.
    tracker
        The epoch ``ValueTracker``: the path shows states 0..round(value).
    color, dot_color
        Path and current-point colours.

    Attributes
    ----------
    trail, dot, start
        The growing polyline, the current point and a ring at the start.
    """

    def __init__(self, surface: LossSurface, w0s, w1s, losses, tracker: ValueTracker, *,
                 color=None, dot_color=None, stroke_width: float = 4, dot_radius: float = 0.08, **kwargs):
        super().__init__(**kwargs)
        self.surface, self.tracker = surface, tracker
        self.w0s, self.w1s, self.losses = (np.asarray(a, dtype=float).ravel() for a in (w0s, w1s, losses))
        if not len(self.w0s) == len(self.w1s) == len(self.losses) or not len(self.w0s):
            raise EngineError(f"w0s, w1s and losses must be one value per state; got {len(self.w0s)}, "
                              f"{len(self.w1s)} and {len(self.losses)}")
        bad = first_nonfinite(self.w0s, self.w1s, self.losses)
        if bad is not None:
            raise EngineError(f"the path is not finite at state {bad} (the run diverged after update {bad}); "
                              f"draw its first {bad} states")
        self.n_states = len(self.w0s)
        color = color or PALETTE["path"]
        self.trail = VMobject(stroke_color=color, stroke_width=stroke_width)
        self.dot = Dot(radius=dot_radius, color=dot_color or PALETTE["point"], stroke_width=1.5, stroke_color="#000000")
        self.start = Dot(self.point(0), radius=dot_radius * 0.8, color=color).set_fill(opacity=0).set_stroke(color, 2)
        self.add(self.start, self.trail, self.dot)
        self._key = None
        self._follow(self)
        # the updater sits on the group (it moves the trail and the dot), so the group is one moving layer
        self.add_updater(lambda m: m._follow(m))

    @classmethod
    def from_recording(cls, surface: LossSurface, recording, tracker: ValueTracker, *, params=None,
                       **kwargs) -> ParameterPath:
        """The path of a two-parameter run (``params``: which two, when it has more) over ``surface``;
        heights are its losses on the full data (a minibatch run: the surface's loss under each point)."""
        w0s, w1s = parameter_path(recording, params)
        losses = state_losses(recording)
        if losses is None:
            losses = [surface.landscape.at(a, b) for a, b in zip(w0s, w1s)]
        return cls(surface, w0s, w1s, losses, tracker, **kwargs)

    @classmethod
    def from_slice(cls, surface: LossSurface, loss_slice, recording, tracker: ValueTracker, **kwargs) -> ParameterPath:
        """The recorded states projected onto a loss slice's plane (``loss_slice.path``), each at its recorded
        loss (full-batch runs; otherwise the plane's loss under the point). A state off the plane is drawn
        where it projects: the height is its own loss, not the plane's."""
        a, b = loss_slice.path[:, 0], loss_slice.path[:, 1]
        losses = state_losses(recording)
        if losses is None:
            losses = [surface.landscape.at(x, y) for x, y in zip(a, b, strict=True)]
        return cls(surface, a, b, losses, tracker, **kwargs)

    def state(self) -> int:
        return epoch_state(self.tracker, self.n_states)

    def point(self, state: int) -> np.ndarray:
        """Screen point of one recorded state."""
        return self.surface.point(self.w0s[state], self.w1s[state], self.losses[state])

    def _follow(self, _):
        k = self.state()
        key = (k, *self.surface.point(0.0, 0.0, 0.0))  # the state, and where the surface is now
        if key == self._key:
            return
        self._key = key
        pts = self.surface.path_points(self.w0s[: k + 1], self.w1s[: k + 1], self.losses[: k + 1])
        if len(pts) == 1:
            pts = np.vstack([pts, pts])
        self.trail.set_points_as_corners(pts)
        self.dot.move_to(pts[-1])


def reserve_slots(row: VGroup, buff: float = 0.12) -> None:
    """Shift what follows each LiveNumber in ``row`` so its widest value fits without overlap."""
    for i, mob in enumerate(row.submobjects):
        if isinstance(mob, LiveNumber) and i + 1 < len(row.submobjects):
            widest = max(mob.values.min(), mob.values.max(), key=abs)
            current = mob.width
            # a minus sign only where the series goes negative (an epoch counter kept a gap for one)
            signed = (widest, -abs(widest)) if mob.values.min() < 0 else (widest,)
            widths = [mob.set_value(float(v)).width for v in signed]
            mob.set_value(float(mob.values[mob.state()]))
            gap = max(widths) - current
            if gap > 0:
                for later in row.submobjects[i + 1:]:
                    later.shift(RIGHT * gap)


def state_losses(recording) -> np.ndarray | None:
    """(n_states,) loss on the full data at every state, or None for a minibatch run."""
    if recording.config.get("batch_size") is not None:
        return None
    return recording.state_loss


def caption_series(recording, params=None) -> dict[str, np.ndarray]:
    """(n_states,) series the caption follows: epoch, w0, w1, their gradients and the loss.

    Any two-parameter run (``params``: which two, when it has more); a diverged run is one line
    naming the update.
    """
    n = recording.n_states
    n0, n1 = two_parameters(recording, params)
    w0, w1 = parameter_path(recording, (n0, n1))
    loss = state_losses(recording)
    if loss is None:
        raise EngineError(f"{recording.id}: a caption shows the loss at every state on the full data; this is a "
                          "minibatch run (its losses are per batch): record it full-batch")
    bad = first_nonfinite(loss)
    if bad is not None:
        raise EngineError(f"{recording.id}: the run diverged (loss not finite at update {bad}); "
                          "record it with a smaller learning rate")
    return {
        "epoch": np.arange(n) // max(recording.updates_per_epoch, 1),
        "w0": w0,
        "w1": w1,
        "g0": recording.grad(n0).reshape(n),
        "g1": recording.grad(n1).reshape(n),
        "loss": loss,
    }


def caption_values(recording, state: int, params=None) -> dict[str, float]:
    """What the caption shows at one state."""
    return {k: float(v[state]) for k, v in caption_series(recording, params).items()}


def gradient_norm(recording) -> np.ndarray:
    """(n_states,) length of the gradient over all parameters at each state."""
    return np.sqrt(sum((recording.grad(n).reshape(recording.n_states, -1).astype(float) ** 2).sum(axis=1)
                       for n in recording.param_names))


#: loss and optimizer names as TeX, by the course's config names and torch's class names (lower case)
_LOSS_TEX = {"mse": r"\text{MSE}", "bce": r"\text{BCE}", "sse": r"\text{SSE}", "mseloss": r"\text{MSE}",
             "bceloss": r"\text{BCE}", "bcewithlogitsloss": r"\text{BCE}", "crossentropyloss": r"\text{CE}",
             "l1loss": r"\text{L1}", "huberloss": r"\text{Huber}"}
_OPT_TEX = {"sgd": r"\text{SGD}", "adam": r"\text{Adam}", "adamw": r"\text{AdamW}", "rmsprop": r"\text{RMSprop}",
            "adagrad": r"\text{Adagrad}"}


def _named(recording, field: str, given, what: str):
    value = given if given is not None else recording.config.get(field)
    if value is None:
        raise EngineError(f"{recording.id}: the recording does not name its {what}; pass {field}=")
    return value


def loss_tex(recording, loss: str | None = None) -> str:
    """The loss's name as TeX: ``loss`` if given, else the recording's (``mse``, ``MSELoss``...)."""
    name = str(_named(recording, "loss", loss, "loss"))
    return _LOSS_TEX.get(name.lower(), r"\text{" + name + "}")


def optimizer_tex(recording, optimizer: str | None = None, lr: float | None = None) -> str:
    """Optimizer and learning rate as TeX: the arguments if given, else the recording's."""
    missing = [f for f, v in (("optimizer", optimizer), ("lr", lr)) if v is None and recording.config.get(f) is None]
    if missing:
        raise EngineError(f"{recording.id}: the recording does not name its {' and '.join(missing)}; "
                          f"pass {', '.join(m + '=' for m in missing)}")
    name = str(optimizer if optimizer is not None else recording.config["optimizer"])
    lr = float(lr if lr is not None else recording.config["lr"])
    return _OPT_TEX.get(name.lower(), r"\text{" + name + "}") + r"\ (\text{lr}=" + f"{lr:g}" + ")"


class TrainingCaption(VGroup):
    """Live numbers of a recorded run: epoch, (w0, w1), gradient, loss, loss name and optimizer.

    Every number is a :class:`LiveNumber` over the recording's series
    (:func:`caption_series`); the names come from the recording's config.

    Parameters
    ----------
    recording
        A full-batch run with two one-number parameters (the course's ``0.bias`` and ``0.weight``, or
        any other two: ``params=(w0_name, w1_name)``).
    tracker
        The epoch ``ValueTracker``.
    decimals, grad_decimals
        Decimals of the weights/loss and of the gradient.
    loss, optimizer, lr
        Names shown when the recording does not carry them (a run saved without them); one line
        says which to pass.
    columns, column_gap, row_height
        The grid the cells are laid out on (left-aligned, each column as wide as
        its widest cell, so a number that changes width never moves a neighbour),
        in the reading order ``ORDER[columns]`` (4 columns for any other number).

    Attributes
    ----------
    numbers
        ``{"epoch", "w0", "w1", "g0", "g1", "loss"}`` -> the live numbers.
    cells
        The labelled cells, in reading order.
    """

    #: reading order of the cells, row by row, per number of columns: in two, the pairs side by side
    ORDER = {4: ("epoch", "w0", "w1", "loss", "optimizer", "g0", "g1"),
             2: ("epoch", "loss", "w0", "w1", "g0", "g1", "optimizer")}

    def __init__(self, recording, tracker: ValueTracker, *, decimals: int = 4, grad_decimals: int = 5,
                 font_size: float | None = None, columns: int = 4, column_gap: float = 0.45,
                 row_height: float = 0.5, params=None, loss: str | None = None, optimizer: str | None = None,
                 lr: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.recording, self.tracker = recording, tracker
        fs = font_size or FONT_SIZE["caption"]
        loss_name, opt_name = loss_tex(recording, loss), optimizer_tex(recording, optimizer, lr)   # errors first
        series = caption_series(recording, params)
        style = {"font_size": fs}
        self.numbers: dict[str, LiveNumber] = {
            "epoch": LiveNumber(series["epoch"], tracker, num_decimal_places=0, **style),
            "w0": LiveNumber(series["w0"], tracker, num_decimal_places=decimals, include_sign=True, **style),
            "w1": LiveNumber(series["w1"], tracker, num_decimal_places=decimals, include_sign=True, **style),
            "g0": LiveNumber(series["g0"], tracker, num_decimal_places=grad_decimals, include_sign=True, **style),
            "g1": LiveNumber(series["g1"], tracker, num_decimal_places=grad_decimals, include_sign=True, **style),
            "loss": LiveNumber(series["loss"], tracker, num_decimal_places=decimals, **style),
        }
        tex = lambda s: MathTex(s, font_size=fs)  # noqa: E731
        cells = {
            "epoch": (label("common.epoch", size=fs), self.numbers["epoch"], tex(f"/\\,{recording.n_epochs}")),
            "w0": (tex(r"w_0="), self.numbers["w0"]),
            "w1": (tex(r"w_1="), self.numbers["w1"]),
            "loss": (tex(loss_name + "="), self.numbers["loss"]),
            "optimizer": (label("landscape.caption.optimizer", size=fs), tex(opt_name)),
            "g0": (tex(r"\partial_{w_0}\mathcal{L}="), self.numbers["g0"]),
            "g1": (tex(r"\partial_{w_1}\mathcal{L}="), self.numbers["g1"]),
        }
        cells = [cells[name] for name in self.ORDER.get(columns, self.ORDER[4])]
        self.cells = VGroup(*(VGroup(*cell).arrange(RIGHT, buff=0.15) for cell in cells))
        for cell in self.cells:
            reserve_slots(cell)
        # a grid of left-aligned cells, each column as wide as its widest cell (numbers at their widest)
        n_cols = columns
        widths = [max(c.width for c in self.cells[j::n_cols]) for j in range(n_cols)]
        xs = np.concatenate([[0], np.cumsum(np.array(widths[:-1]) + column_gap)])
        for i, cell in enumerate(self.cells):
            r, c = divmod(i, n_cols)
            cell.move_to(np.array([xs[c], -r * row_height, 0]), aligned_edge=LEFT)
        self.add(self.cells)

    def static_parts(self) -> list:
        """Labels that never change (add them before the numbers so Cairo paints them once)."""
        return [m for cell in self.cells for m in cell if not isinstance(m, LiveNumber)]

    def moving_parts(self) -> list:
        return list(self.numbers.values())

    def values(self) -> dict[str, float]:
        """The values shown now."""
        return {k: float(n.get_value()) for k, n in self.numbers.items()}
