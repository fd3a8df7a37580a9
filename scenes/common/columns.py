"""Feature columns and the stages between them: the pieces every network picture is built of.

A column is one feature vector (nodes, a vertical ellipsis and a count brace when it is wide); an
edge bundle draws one Linear's weights between two columns; an element-wise stage (ReLU, dropout...)
and a module box sit between columns of the same or another size; weight images show a Linear's
rows as pictures. ``NetworkDiagram`` (network.py) lays them out for a Sequential; the staged
diagram of any model (model_diagram.py) and the convolution pictures (conv.py) use them too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Brace, Circle, ImageMobject, Line, MathTex, VGroup, VMobject

from engine.architecture import LayerSpec

from .colors import diverging_rgb
from .style import PALETTE

__all__ = ["STAGE_TEX", "FeatureColumn", "EdgeBundle", "ElementwiseStage", "ModuleBox", "WeightImage",
           "WeightImageGrid", "stage_tex"]


STAGE_TEX = {"relu": r"\mathrm{relu}", "sigmoid": r"\mathrm{sig}", "tanh": r"\tanh", "flatten": r"\mathrm{flatten}"}


class FeatureColumn(VGroup):
    """The nodes of one feature vector, with a vertical ellipsis and a count brace when it is wide.

    Parameters
    ----------
    size : the true number of features.
    name : MathTex of the column's name (``None``: no name).
    max_nodes : columns wider than this collapse to ``keep`` nodes at each end.
    keep : nodes drawn at each end of a collapsed column.
    height : the height the nodes span at most.
    node_radius, node_gap : node size and the largest gap between node centres.
    brace_side : ``LEFT`` or ``RIGHT``: where the count brace of a collapsed column goes; ``DOWN``: no
        brace, the count goes under the nodes (for a column between two edge bundles, where a brace's
        count would sit on the edges).
    tag : MathTex drawn under the nodes (and under a ``DOWN`` count): the compact form's activation.
    shown : for a collapsed column, which ``2 * keep`` features get a node (default: the first and last
        ``keep``); the ellipsis stands between the lower and the upper half of them.
    """

    def __init__(self, size: int, name: str | None = None, *, max_nodes: int = 10, keep: int = 3,
                 height: float = 5.0, node_radius: float = 0.12, node_gap: float = 0.6,
                 brace_side=LEFT, color=None, name_size: float = 36, count_size: float = 30,
                 tag: str | None = None, shown: Sequence[int] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.collapsed = self.size > max_nodes
        self.shown = (list(range(keep)) + list(range(self.size - keep, self.size))) if self.collapsed \
            else list(range(self.size))
        if shown is not None and self.collapsed:
            shown = sorted(int(i) for i in shown)
            if len(shown) != 2 * keep or len(set(shown)) != len(shown) or not 0 <= shown[0] <= shown[-1] < self.size:
                raise ValueError(f"shown must be {2 * keep} distinct features of {self.size}, got {shown}")
            self.shown = shown
        n_slots = len(self.shown) + (1 if self.collapsed else 0)
        gap = min(node_gap, height / max(n_slots - 1, 1))
        ys = (np.arange(n_slots)[::-1] - (n_slots - 1) / 2) * gap
        color = color or PALETTE["muted"]
        slots = list(ys)
        if self.collapsed:
            mid = slots.pop(keep)
        self.nodes = VGroup(*(
            Circle(radius=node_radius, color=color, stroke_width=2).set_fill(PALETTE["text"], 0).move_to([0, y, 0])
            for y in slots
        ))
        self._node_of = {idx: node for idx, node in zip(self.shown, self.nodes)}
        self.add(self.nodes)
        self.ellipsis = self.brace = self.count = None
        below = self.nodes
        if self.collapsed:
            self.ellipsis = MathTex(r"\vdots", color=color).scale(0.8).move_to([0, mid, 0])
            self.count = MathTex(str(self.size), font_size=count_size, color=PALETTE["text"])
            self.add(self.ellipsis)
            if np.allclose(brace_side, DOWN):
                self.count.next_to(self.nodes, DOWN, buff=0.2)
                below = self.count
            else:
                self.brace = Brace(self.nodes, direction=brace_side, buff=0.12, color=PALETTE["muted"])
                self.brace.put_at_tip(self.count, buff=0.08)
                self.add(self.brace)
            self.add(self.count)
        self.tag = None
        if tag:
            self.tag = MathTex(tag, font_size=count_size, color=PALETTE["fit"]).next_to(below, DOWN, buff=0.2)
            self.add(self.tag)
        self.label = None
        if name:
            self.label = MathTex(name, font_size=name_size, color=PALETTE["text"])
            self.label.next_to(self.nodes, UP, buff=0.2)
            self.add(self.label)

    def node(self, index: int) -> Circle:
        """The node of feature ``index`` (true index, not position); KeyError if it is elided."""
        try:
            return self._node_of[index]
        except KeyError:
            raise KeyError(f"feature {index} of {self.size} is elided; shown: {self.shown}") from None

    def ellipsis_point(self) -> np.ndarray:
        return self.ellipsis.get_center() if self.ellipsis is not None else None

    def elided(self) -> np.ndarray:
        """True indices of the features not drawn."""
        return np.setdiff1d(np.arange(self.size), self.shown)

    def set_values(self, values: np.ndarray, scale: float | None = None, *, signed: bool = False):
        """Fill each shown node by its value (brightness = |value| / scale); returns self."""
        values = np.asarray(values, dtype=float).reshape(-1)
        if values.shape[0] != self.size:
            raise ValueError(f"column has {self.size} features, got {values.shape[0]} values")
        scale = scale or float(np.max(np.abs(values))) or 1.0
        for idx, node in self._node_of.items():
            v = values[idx]
            color = (PALETTE["positive"] if v >= 0 else PALETTE["negative"]) if signed else PALETTE["fit"]
            node.set_fill(color, opacity=float(np.clip(abs(v) / scale, 0, 1)))
        return self


class EdgeBundle(VGroup):
    """The edges of one Linear module: ``bundle[j][i]`` is the line for ``W[j, i]``.

    ``j`` and ``i`` are true feature indices; an edge to an elided node has no
    line of its own, only a share in a summary line (``summary``), one per
    shown node of the other column and one between the two ellipses.
    """

    def __init__(self, left: FeatureColumn, right: FeatureColumn, *, stroke_width: float = 1.5,
                 width_range: tuple[float, float] = (0.3, 4.0), color=None, **kwargs):
        super().__init__(**kwargs)
        self.left, self.right = left, right
        self.width_range = width_range
        color = color or PALETTE["muted"]
        r = left.nodes[0].radius
        self.rows = VGroup()
        self._row_of: dict[int, VGroup] = {}
        for j in right.shown:
            row = _EdgeRow()
            for i in left.shown:
                line = Line(left.node(i).get_center(), right.node(j).get_center(), buff=r,
                            stroke_width=stroke_width, color=color, stroke_opacity=0.6)
                row.add_edge(i, line)
            self._row_of[j] = row
            self.rows.add(row)
        # summary lines: (line, rows of W it stands for, columns of W it stands for)
        self.summary = VGroup()
        self._blocks: list[tuple[VMobject, np.ndarray, np.ndarray]] = []
        out_el, in_el = right.elided(), left.elided()
        ends = []
        if left.collapsed:
            ends += [(left.ellipsis_point(), right.node(j).get_center(), np.array([j]), in_el) for j in right.shown]
        if right.collapsed:
            ends += [(left.node(i).get_center(), right.ellipsis_point(), out_el, np.array([i])) for i in left.shown]
        if left.collapsed and right.collapsed:
            ends.append((left.ellipsis_point(), right.ellipsis_point(), out_el, in_el))
        for a, b, rows, cols in ends:
            line = Line(a, b, buff=r * 1.5, stroke_width=stroke_width, color=color, stroke_opacity=0.35)
            self.summary.add(line)
            self._blocks.append((line, rows, cols))
        self.add(self.summary, self.rows)

    def __getitem__(self, j):
        if isinstance(j, (int, np.integer)):
            try:
                return self._row_of[int(j)]
            except KeyError:
                raise KeyError(
                    f"output feature {j} of {self.right.size} is elided; shown: {self.right.shown}"
                ) from None
        return super().__getitem__(j)

    def lines(self) -> list[tuple[int, int, Line]]:
        """Every drawn (j, i, line), summary lines excluded."""
        return [(j, i, line) for j, row in self._row_of.items() for i, line in row.items()]

    def set_weights(self, w: np.ndarray, scale: float | None = None, *, summary_dim: float = 0.6):
        """Restyle the existing lines from ``w`` (out, in): colour = sign, width and opacity = |w| / scale."""
        w = np.asarray(w, dtype=float)
        if w.shape != (self.right.size, self.left.size):
            raise ValueError(f"weights of shape {w.shape} do not fit a {self.left.size} -> {self.right.size} layer")
        scale = scale or float(np.max(np.abs(w))) or 1.0
        for j, i, line in self.lines():
            self._style(line, w[j, i], scale)
        for line, rows, cols in self._blocks:
            self._style(line, float(w[np.ix_(rows, cols)].mean()), scale, dim=summary_dim,
                        magnitude=float(np.abs(w[np.ix_(rows, cols)]).mean()))
        return self

    def _style(self, line: Line, value: float, scale: float, dim: float = 1.0, magnitude: float | None = None):
        m = float(np.clip((abs(value) if magnitude is None else magnitude) / scale, 0, 1))
        lo, hi = self.width_range
        line.set_stroke(PALETTE["positive"] if value >= 0 else PALETTE["negative"],
                        width=lo + (hi - lo) * m, opacity=dim * (0.15 + 0.85 * m))


class _EdgeRow(VGroup):
    """The lines into one output node: ``row[i]`` by true input index."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._line_of: dict[int, Line] = {}

    def add_edge(self, i: int, line: Line) -> None:
        self._line_of[i] = line
        self.add(line)

    def items(self):
        return self._line_of.items()

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            try:
                return self._line_of[int(i)]
            except KeyError:
                raise KeyError(f"input feature {i} is elided; shown: {sorted(self._line_of)}") from None
        return super().__getitem__(i)


class ElementwiseStage(VGroup):
    """An activation, dropout or flatten between two columns of the same size: one arrow per node, and a label."""

    def __init__(self, spec: LayerSpec, left: FeatureColumn, right: FeatureColumn, *, color=None, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        color = color or PALETTE["muted"]
        r = left.nodes[0].radius
        self.links = VGroup(*(
            Line(left.node(i).get_center(), right.node(i).get_center(), buff=r, stroke_width=1.5,
                 color=color, stroke_opacity=0.7) for i in left.shown
        ))
        if left.collapsed:
            self.links.add(Line(left.ellipsis_point(), right.ellipsis_point(), buff=0.2, stroke_width=1.5,
                                color=color, stroke_opacity=0.35))
        self.add(self.links)


class ModuleBox(VGroup):
    """A module the diagram knows nothing about, as a box between two columns (which may differ in size).

    Each shown node of the left column runs into the box and each of the right column out of it;
    the class name is the stage's label, written under the box like every stage's.
    """

    def __init__(self, spec: LayerSpec, left: FeatureColumn, right: FeatureColumn, *, color=None, **kwargs):
        from manim import RoundedRectangle

        super().__init__(**kwargs)
        self.spec = spec
        color = color or PALETTE["muted"]
        r = left.nodes[0].radius
        gap = right.get_x() - left.get_x()
        top = max(left.nodes.get_top()[1], right.nodes.get_top()[1])
        bottom = min(left.nodes.get_bottom()[1], right.nodes.get_bottom()[1])
        self.box = RoundedRectangle(width=min(0.45 * gap, 1.2), height=top - bottom + 0.2, corner_radius=0.1,
                                    stroke_width=2, color=PALETTE["fit"])
        self.box.set_fill("#000000", 0.85).move_to([(left.get_x() + right.get_x()) / 2, (top + bottom) / 2, 0])
        x_in, x_out = self.box.get_left()[0], self.box.get_right()[0]
        ends = [(left.node(i).get_center(), True) for i in left.shown] + \
               [(right.node(j).get_center(), False) for j in right.shown]
        self.links = VGroup(*(
            Line(p + RIGHT * r, [x_in, p[1], 0], stroke_width=1.5, color=color, stroke_opacity=0.7) if into
            else Line([x_out, p[1], 0], p - RIGHT * r, stroke_width=1.5, color=color, stroke_opacity=0.7)
            for p, into in ends
        ))
        self.add(self.links, self.box)


def stage_tex(spec: LayerSpec, k_linear: int) -> str:
    if spec.kind == "linear":
        return f"l_{{{k_linear}}}"
    if spec.kind == "dropout":
        return rf"\mathrm{{drop}}_{{{spec.p:g}}}"
    if spec.kind in STAGE_TEX:
        return STAGE_TEX[spec.kind]
    name = spec.cls or spec.kind
    if spec.kind == "module":
        return r"\text{" + _tex_escape(name) + "}"
    return _NAMED_TEX.get(name, r"\mathrm{" + _tex_escape(name) + "}")


#: stage labels of modules beyond the course's, by class name (others: the class name)
_NAMED_TEX = {"Softmax": r"\mathrm{softmax}", "LogSoftmax": r"\log\mathrm{softmax}", "Identity": r"\mathrm{id}",
              "BatchNorm1d": r"\mathrm{BatchNorm}", "LayerNorm": r"\mathrm{LayerNorm}"}


def _tex_escape(text: str) -> str:
    """A class name (a Python identifier: letters, digits, underscores) as TeX text."""
    return text.replace("_", r"\_")


class WeightImage(ImageMobject):
    """A square image of one hidden unit's input weights (e.g. 784 -> 28x28), diverging colours.

    An ``ImageMobject``, not vector cells like ``charts.PixelImage``: the weights
    change every frame and take every colour of a diverging scale, so swapping one
    pixel array beats rebuilding hundreds of coloured cells (the colours come from
    ``colors.diverging_rgb``, as PixelImage's come from ``colors.grey_rgb``).

    ``set_values`` swaps the pixels in place, so the image can follow training
    without being rebuilt.
    """

    def __init__(self, values: np.ndarray, scale: float, *, side: int | None = None, height: float = 1.6, **kwargs):
        self.side = side or int(round(np.sqrt(np.asarray(values).size)))
        self.scale_value = scale
        super().__init__(self._pixels(values), **kwargs)
        from manim import RESAMPLING_ALGORITHMS

        self.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.height = height

    def _pixels(self, values) -> np.ndarray:
        rgb = diverging_rgb(np.asarray(values).reshape(self.side, self.side), self.scale_value)
        alpha = np.full(rgb.shape[:2] + (1,), 255, dtype=np.uint8)
        return np.concatenate([rgb, alpha], axis=2)

    def set_values(self, values: np.ndarray):
        self.pixel_array = self._pixels(values)
        return self


class WeightImageGrid(ImageMobject):
    """Several units' weight images as one mosaic (``rows`` x ``cols``), diverging colours.

    One image instead of several: Cairo composites each image over the whole
    frame, so a mosaic costs a quarter of four images per frame. ``cell(n)``
    gives the centre of unit ``n``'s square; ``set_values`` swaps pixels in place.

    Parameters
    ----------
    values : (n_units, side * side) weights, one row per unit.
    scale : |value| drawn at full colour.
    rows, cols : the mosaic's layout (``cols=None``: ``ceil(n / rows)``).
    gap : transparent pixels between squares (in image pixels).
    cell_height : height of one square in scene units.
    """

    def __init__(self, values: np.ndarray, scale: float, *, rows: int = 2, cols: int | None = None,
                 gap: int = 8, cell_height: float = 1.5, **kwargs):
        values = np.asarray(values)
        self.n = values.shape[0]
        self.side = int(round(np.sqrt(values.shape[1])))
        self.rows, self.cols = rows, cols or -(-self.n // rows)
        self.gap, self.scale_value = gap, scale
        super().__init__(self._pixels(values), **kwargs)
        from manim import RESAMPLING_ALGORITHMS

        self.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        self.height = cell_height * self.pixel_array.shape[0] / self.side

    def _pixels(self, values) -> np.ndarray:
        s, g = self.side, self.gap
        out = np.zeros((self.rows * s + (self.rows - 1) * g, self.cols * s + (self.cols - 1) * g, 4), np.uint8)
        for n in range(self.n):
            r, c = divmod(n, self.cols)
            y, x = r * (s + g), c * (s + g)
            out[y:y + s, x:x + s, :3] = diverging_rgb(np.asarray(values[n]).reshape(s, s), self.scale_value)
            out[y:y + s, x:x + s, 3] = 255
        return out

    def cell(self, n: int) -> VGroup:
        """An invisible square over unit ``n``'s image, to place labels against."""
        from manim import Square

        r, c = divmod(n, self.cols)
        h, w = self.pixel_array.shape[:2]
        px = self.height / h
        x = self.get_left()[0] + (c * (self.side + self.gap) + self.side / 2) * px
        y = self.get_top()[1] - (r * (self.side + self.gap) + self.side / 2) * px
        return Square(side_length=self.side * px, stroke_opacity=0).move_to([x, y, 0])

    def set_values(self, values: np.ndarray):
        self.pixel_array = self._pixels(values)
        return self
