"""Network diagrams drawn from an ``nn.Sequential`` (through engine's LayerSpecs), with real weights.

Nodes are features, edges are weights: ``diagram.edges[l][j][i]`` is the line
drawn for ``W_l[j, i]`` of the l-th Linear module, so a weight matrix maps onto
edges by indexing. Activation and dropout modules are labelled stages between
feature columns (the course's ``X -> l1 -> u -> relu -> v -> l2 -> sig -> yhat``),
or, with ``compact=True``, only the nodes and edges of the Linear layers remain.
Wide layers collapse to a few nodes at each end, a vertical ellipsis and a brace
with the true count; edges to elided nodes are summarised by one line per
shown node (styled by the elided block's mean weight), never drawn one by one.

>>> diagram = NetworkDiagram.from_model(net)                  # a teacher's own model
>>> diagram = NetworkDiagram.from_recording(rec, state=0)      # with recorded weights
>>> self.play(diagram.animate_weights([weights_at(rec, k) for k in states]))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Circle,
    ImageMobject,
    Line,
    ManimColor,
    MathTex,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    interpolate_color,
)

import engine
from engine.architecture import LayerSpec

from .code import CodeBlock
from .colors import ColorBar, diverging_rgb
from .style import FONT_SIZE, PALETTE

__all__ = ["NetworkDiagram", "FeatureColumn", "EdgeBundle", "ElementwiseStage", "ModuleBox", "WeightImage",
           "WeightImageGrid", "diverging_bar", "intensity_bar", "SequentialCode", "sequential_code"]

STAGE_TEX = {"relu": r"\mathrm{relu}", "sigmoid": r"\mathrm{sig}", "tanh": r"\tanh", "flatten": r"\mathrm{flatten}"}


@dataclass(frozen=True)
class _Column:
    """One feature vector of the net: its size, default name, and the module that produced it."""

    size: int
    name: str | None
    module: int | None  # index into the specs of the module whose output this is (None: input)
    tag: str | None = None  # compact form: the elementwise modules each node applies after its Linear (relu, sig)


def _layout(specs: Sequence[LayerSpec], compact: bool) -> tuple[list[_Column], list[tuple[int, LayerSpec]]]:
    """Feature columns and the stages between them (spec index, spec) for a diagram."""
    linear = [s for s in specs if s.kind == "linear"]
    if not linear:
        raise engine.EngineError("a network diagram needs at least one Linear module to know its feature sizes")
    size = linear[0].in_features
    columns = [_Column(size, "X", None)]
    stages: list[tuple[int, LayerSpec]] = []
    k_linear = 0
    for i, s in enumerate(specs):
        if s.opaque:
            # an unknown module may change the feature count: its output is what the next Linear takes
            size = next((t.in_features for t in specs[i + 1:] if t.kind == "linear"), size)
        if s.kind == "linear":
            if s.in_features != size:
                raise engine.EngineError(
                    f"module {s.name!r} takes {s.in_features} features but receives {size}; "
                    "the Sequential does not chain"
                )
            size = s.out_features
            k_linear += 1
        if compact and (s.kind != "linear"):
            continue
        stages.append((i, s))
        columns.append(_Column(size, None, i))
    # names as the course writes them: X -> l1 -> u(1) -> relu -> v(1) -> l2 -> u(2) -> sig -> v(2) = yhat;
    # one superscript per Linear module, d(k) after a dropout; the last column is yhat. The compact
    # form names only X and yhat: its other nodes are (u -> v) pairs, tagged with their activation.
    named = []
    k = 0
    for c in columns:
        if c.module is None:
            named.append(c)
            continue
        s = specs[c.module]
        if s.kind == "linear":
            k += 1
        if c is columns[-1]:
            name = r"\hat{y}"
        elif compact:
            name = None
        else:
            name = {"linear": "u", "dropout": "d"}.get(s.kind, "v") + f"^{{({k})}}"
        tag = None
        if compact:
            after = []
            for t in specs[c.module + 1:]:
                if t.kind == "linear":
                    break
                if t.kind != "flatten":
                    after.append(_stage_tex(t, k))
            tag = r",\ ".join(after) or None
        named.append(_Column(c.size, name, c.module, tag))
    return named, stages


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


def _stage_tex(spec: LayerSpec, k_linear: int) -> str:
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


def _fit_labels(labels: VGroup, xs: np.ndarray, size: float, min_size: float = 20) -> None:
    """Stage labels that would run into a neighbour: shrink them (not below ``min_size``) to the gap between
    columns, then drop every other one a row lower. Labels that fit are left exactly where they are."""
    if len(labels) < 2:
        return
    def clash() -> bool:
        return any(a.get_right()[0] + 0.08 > b.get_left()[0] for a, b in zip(labels, labels[1:]))
    if not clash():
        return
    gap = float(np.min(np.diff(xs))) if len(xs) > 1 else 1.0
    for lab in labels:
        if lab.width > 0.92 * gap:
            lab.scale(max(0.92 * gap / lab.width, min_size / size))
    if clash():
        for lab in labels[1::2]:
            lab.shift(DOWN * (max(m.height for m in labels) + 0.15))


def _recorded_specs(rec, layers) -> list[LayerSpec]:
    if layers is not None:
        return engine.describe(layers)
    if not rec.architecture:
        raise engine.EngineError(
            f"{rec.id}: the recording has no architecture (its model is not a Sequential); pass the layers in "
            'forward order: from_recording(rec, layers=[("fc1", net.fc1), ...]), or save with rec.save(..., layers=...)'
        )
    return engine.spec_from_dicts(rec.architecture)


def _first_nonfinite(series: Sequence[np.ndarray]) -> int | None:
    """The first state (axis 0) at which any of ``series`` is not finite, or None."""
    bad = [np.flatnonzero(~np.isfinite(w.reshape(len(w), -1)).all(axis=1)) for w in series]
    firsts = [int(b[0]) for b in bad if b.size]
    return min(firsts) if firsts else None


class NetworkDiagram(VGroup):
    """A feed-forward net as columns of feature nodes and edges for weights.

    Parameters
    ----------
    specs : engine ``LayerSpec`` list (``engine.describe(net)``, or
        ``engine.spec_from_dicts(rec.architecture)``).
    weights : optional ``W[out, in]`` per Linear module, drawn as edge colour (sign)
        and width/opacity (|W| relative to ``weight_scales``).
    compact : only nodes and edges of the Linear layers, no stages.
    weight_scales : |W| that draws at full width, per Linear module (``None``: each
        matrix's max |W| when it is set; pass fixed scales to animate epochs).
    width, height : the size the diagram spans (columns spread across ``width``).
    max_nodes, keep : columns wider than ``max_nodes`` show ``keep`` nodes at each end.
    node_radius, node_gap : node size and the largest gap between node centres.
    names : MathTex names of the columns (``None``: X, u, v, ..., yhat).
    show_stage_labels : label stages (l1, relu, ...) above the diagram.
    node_labels : per column ``None`` or one TeX string per shown node (top to bottom), written left of
        the input nodes, right of the output nodes and above the others (``diagram.node_labels[k]``).
    shown : ``{column: features}``: which features of a collapsed column get nodes (e.g. the pixels
        a forward pass lights), instead of the first and last ``keep``.
    edge_labels : per Linear module ``None`` or ``{(j, i): tex}`` for the edge of ``W[j, i]``, written by
        the edge on its outer side (``diagram.edge_labels[l]``).
    """

    def __init__(self, specs: Sequence[LayerSpec], weights: Sequence[np.ndarray] | None = None, *,
                 compact: bool = False, weight_scales: Sequence[float] | None = None,
                 width: float = 11.0, height: float = 5.0, max_nodes: int = 10, keep: int = 3,
                 node_radius: float = 0.12, node_gap: float = 0.6, names: Sequence[str | None] | None = None,
                 show_stage_labels: bool = True, label_size: float = 28,
                 node_labels: Sequence[Sequence[str] | None] | None = None,
                 edge_labels: Sequence[dict | None] | None = None, shown: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.specs = list(specs)
        self.compact = compact
        layout, stage_specs = _layout(self.specs, compact)
        if names is not None and len(names) != len(layout):
            raise ValueError(f"names has {len(names)} entries, the diagram has {len(layout)} columns")
        xs = np.linspace(-width / 2, width / 2, len(layout)) if len(layout) > 1 else np.zeros(1)
        self.columns = VGroup()
        for k, (c, x) in enumerate(zip(layout, xs)):
            col = FeatureColumn(c.size, names[k] if names is not None else c.name, max_nodes=max_nodes, keep=keep,
                                shown=(shown or {}).get(k),
                                height=height, node_radius=node_radius, node_gap=node_gap, name_size=label_size,
                                count_size=label_size * 0.85, tag=c.tag,
                                brace_side=LEFT if k == 0 else RIGHT if k == len(layout) - 1 else DOWN)
            col.shift(x * RIGHT)
            self.columns.add(col)
        self.stages = VGroup()
        self.edges: list[EdgeBundle] = []
        self.stage_labels = VGroup()
        k_linear = 0
        for k, (_, spec) in enumerate(stage_specs):
            left, right = self.columns[k], self.columns[k + 1]
            if spec.kind == "linear":
                k_linear += 1
                stage = EdgeBundle(left, right)
                self.edges.append(stage)
            elif spec.opaque or left.size != right.size:
                stage = ModuleBox(spec, left, right)
            else:
                stage = ElementwiseStage(spec, left, right)
            stage.spec = spec
            self.stages.add(stage)
            if show_stage_labels and not compact:
                lab = MathTex(_stage_tex(spec, k_linear), font_size=label_size * 0.85, color=PALETTE["fit"])
                lab.move_to([(left.get_x() + right.get_x()) / 2, 0, 0])
                self.stage_labels.add(lab)
        # column names above their nodes, stage labels in one row below the nodes
        if len(self.stage_labels):
            bottom = min(c.nodes.get_bottom()[1] for c in self.columns) - 0.3
            for lab in self.stage_labels:
                lab.set_y(bottom, direction=UP)
            _fit_labels(self.stage_labels, xs, label_size * 0.85)
        # edges last: restyling them each frame then leaves the columns in the static background
        # (Cairo redraws everything after the first moving mobject); no label sits on an edge (the count
        # of a column between two bundles goes under its nodes), so the order hides nothing
        self.add(self.columns, self.stage_labels, self.stages)
        self.node_labels = self._node_labels(node_labels, label_size)
        self.edge_labels = self._edge_labels(edge_labels, label_size)
        self.add(self.node_labels, *self.edge_labels)
        self.weight_scales = list(weight_scales) if weight_scales is not None else None
        self._state = None
        if weights is not None:
            self.set_weights(weights)

    def _node_labels(self, labels, size: float) -> VGroup:
        """One VGroup per column of MathTex beside its shown nodes: left of the inputs, right of the
        outputs, above the nodes in between (where no edge runs)."""
        out = VGroup()
        if labels is None:
            return out
        if len(labels) != len(self.columns):
            raise ValueError(f"node_labels has {len(labels)} entries, the diagram has {len(self.columns)} columns")
        last = len(self.columns) - 1
        for k, (col, texs) in enumerate(zip(self.columns, labels)):
            group = VGroup()
            if texs is not None:
                if len(texs) != len(col.nodes):
                    raise ValueError(f"column {k} shows {len(col.nodes)} nodes, got {len(texs)} labels")
                side = LEFT if k == 0 else RIGHT if k == last else UP
                for node, tex in zip(col.nodes, texs):
                    group.add(MathTex(tex, font_size=size, color=PALETTE["text"]).next_to(node, side, buff=0.15))
            out.add(group)
        return out

    def _edge_labels(self, labels, size: float) -> list[VGroup]:
        """Per Linear module, MathTex by its edges (``{(j, i): tex}``), on the outer side of each edge."""
        if labels is None:
            return []
        if len(labels) != len(self.edges):
            raise ValueError(f"edge_labels has {len(labels)} entries, the diagram has {len(self.edges)} Linear layers")
        out = []
        for bundle, texs in zip(self.edges, labels):
            group = VGroup()
            for (j, i), tex in (texs or {}).items():
                line = bundle[j][i]
                a, b = line.get_start(), line.get_end()
                # an edge going down gets its label above it, one going up (or level) below it
                side = UP if a[1] - b[1] > 1e-6 else DOWN
                lab = MathTex(tex, font_size=size * 0.85, color=PALETTE["fit"])
                lab.next_to(a + 0.45 * (b - a), side, buff=0.12)
                group.add(lab)
            out.append(group)
        return out

    # -- constructors ------------------------------------------------------------------
    @classmethod
    def from_spec(cls, specs: Sequence[LayerSpec], weights=None, **kwargs) -> NetworkDiagram:
        return cls(specs, weights, **kwargs)

    @classmethod
    def from_model(cls, net, **kwargs) -> NetworkDiagram:
        """The diagram of an ``nn.Sequential`` with its current weights; every module is drawn (an unknown
        one as a box named by its class). For a model whose ``forward`` calls its modules, use
        :meth:`from_layers`."""
        return cls.from_layers(net, **kwargs)

    @classmethod
    def from_layers(cls, layers, **kwargs) -> NetworkDiagram:
        """The diagram of modules in forward order, with their current weights.

        ``layers``: an ``nn.Sequential``, a list of modules, or of ``(name, module)`` pairs (a dict too),
        e.g. ``[nn.Linear(3, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 2)]`` or, for a model of one's
        own, ``[("fc1", net.fc1), ("act", net.act), ("drop", net.drop), ("fc2", net.fc2)]``.
        """
        from engine.architecture import named_layers

        named = named_layers(layers)
        specs = engine.describe(named)
        modules = dict(named)
        weights = [modules[s.name].weight.detach().cpu().numpy() for s in specs if s.kind == "linear"]
        return cls(specs, weights, **kwargs)

    @classmethod
    def from_recording(cls, rec, state: int = -1, *, scale_states=None, layers=None, **kwargs) -> NetworkDiagram:
        """The diagram of a recorded net at ``state``, with weight scales fixed over ``scale_states``.

        ``layers`` (as :meth:`from_layers` takes them, named as the model's state_dict) is needed for a
        recording without an architecture: a model that is not a Sequential, saved without ``layers=``.
        A state whose weights are not finite (a diverged run) is one line naming the update.
        """
        specs = _recorded_specs(rec, layers)
        names = [f"{s.name}.weight" for s in specs if s.kind == "linear"]
        missing = [n for n in names if n not in rec.param_names]
        if missing:
            raise engine.EngineError(
                f"{rec.id}: the layers name {missing[0]!r}, which the recording has not (it has "
                f"{', '.join(rec.param_names)}); pass (name, module) pairs named as in the model's state_dict")
        series = [rec.param(n) for n in names]
        n_states = rec.n_states
        k = state % n_states
        bad = _first_nonfinite(series)
        if bad is not None and k >= bad:
            raise engine.EngineError(
                f"{rec.id}: the run diverged: its weights are not finite after update {bad}; "
                f"draw a state before it (state={bad - 1})" if bad else
                f"{rec.id}: the run's initial weights are not finite; nothing to draw")
        if "weight_scales" not in kwargs:
            if bad is None:
                states = None if scale_states is None else np.asarray(scale_states)
            else:   # a diverged run: its finite states only
                states = np.arange(n_states)[np.asarray(scale_states) if scale_states is not None else slice(None)]
                states = states[states < bad]
            kwargs["weight_scales"] = [float(np.percentile(np.abs(w if states is None else w[states]), 99.0)) or 1.0
                                       for w in series]
        return cls(specs, [w[k] for w in series], **kwargs)

    # -- parts ---------------------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        return len(self.edges)

    def column(self, k: int) -> FeatureColumn:
        return self.columns[k]

    def input_column(self) -> FeatureColumn:
        return self.columns[0]

    def output_column(self) -> FeatureColumn:
        return self.columns[-1]

    def linear_stages(self) -> list[EdgeBundle]:
        return list(self.edges)

    def stage_label(self, k: int) -> MathTex:
        """Label of stage ``k`` (stages in module order; staged form only)."""
        return self.stage_labels[k]

    def stage_group(self, k: int) -> VGroup:
        """Stage ``k`` with its label and the column it produces: what to highlight when counting."""
        parts = [self.stages[k], self.columns[k + 1]]
        if len(self.stage_labels):
            parts.append(self.stage_labels[k])
        return VGroup(*parts)

    # -- weights -------------------------------------------------------------------------
    def set_weights(self, weights: Sequence[np.ndarray]):
        """Restyle the existing edges from one ``W[out, in]`` per Linear module (no rebuild); returns self."""
        if len(weights) != len(self.edges):
            raise ValueError(f"{len(weights)} weight matrices for {len(self.edges)} Linear layers")
        scales = self.weight_scales or [None] * len(self.edges)
        for bundle, w, s in zip(self.edges, weights, scales):
            bundle.set_weights(w, s)
        return self

    def animate_weights(self, weights_seq: Sequence[Sequence[np.ndarray]] | Callable[[int], Sequence[np.ndarray]],
                        n: int | None = None, *, on_step: Callable[[int], None] | None = None, **kwargs):
        """An animation stepping the edges through ``weights_seq`` (a list, or a function of k in 0..n-1).

        Each frame only restyles lines, and only when the step changes;
        ``on_step(k)`` runs on the same steps (e.g. to update an epoch counter).
        """
        get = weights_seq if callable(weights_seq) else weights_seq.__getitem__
        n = n if n is not None else len(weights_seq)
        if n:
            self._check_step_weights(get(0))   # here, in one line, not as a traceback in the middle of a play
        last = {"k": None}

        def update(mob, alpha):
            k = min(int(alpha * n), n - 1)
            if k != last["k"]:
                last["k"] = k
                self.set_weights(get(k))
                if on_step:
                    on_step(k)

        kwargs.setdefault("run_time", max(2.0, n / 15))
        # only the edges move: nodes, braces and labels stay in the static background
        return UpdateFromAlphaFunc(self.stages, update, rate_func=lambda t: t, **kwargs)

    def _check_step_weights(self, weights) -> None:
        """One line when a step's weights do not match the diagram's Linear layers (the usual cause: a
        recording of a model that is not a Sequential, saved without ``layers=``, has no architecture,
        so ``weights_at(rec, k)`` finds no Linear in it)."""
        got = len(weights)
        if got == len(self.edges):
            return
        names = [s.name for s in self.specs if s.kind == "linear"]
        head = (f"animate_weights: step 0 gives {got} weight matrices, the diagram has {len(self.edges)} Linear "
                f"layers ({', '.join(names)})")
        if got:
            raise engine.EngineError(f"{head}; give one W[out, in] per Linear layer, in forward order")
        pairs = ", ".join(f'("{n}", net.{n})' for n in names)
        by_name = ", ".join(f'rec.param("{n}.weight")[k]' for n in names)
        raise engine.EngineError(
            f"{head}: a recording of a model that is not a Sequential has no layers unless saved with layers=: "
            f"save it with rec.save(path, layers=[{pairs}]) (forward order, including the activations), "
            f"or pass the weights by name: lambda k: [{by_name}]")

    def follow(self, tracker, weights_at: Callable[[int], Sequence[np.ndarray]]):
        """Keep the edges at ``weights_at(int(tracker.get_value()))`` (an updater; restyles only on change)."""
        last = {"k": None}

        def update(mob):
            k = int(round(tracker.get_value()))
            if k != last["k"]:
                last["k"] = k
                self.set_weights(weights_at(k))

        self.add_updater(update)
        return self

    # -- activations ------------------------------------------------------------------------
    def light_column(self, k: int, values: np.ndarray, scale: float | None = None, *, signed: bool = False,
                     **kwargs):
        """An animation filling column ``k``'s shown nodes by ``values`` (one per feature)."""
        col = self.columns[k]
        values = np.asarray(values, dtype=float).reshape(-1)
        scale = scale or float(np.max(np.abs(values))) or 1.0
        start = [(node.get_fill_color(), node.get_fill_opacity()) for node in col.nodes]
        ends = []
        for idx in col.shown:
            v = values[idx]
            color = (PALETTE["positive"] if v >= 0 else PALETTE["negative"]) if signed else PALETTE["fit"]
            ends.append((ManimColor(color), float(np.clip(abs(v) / scale, 0, 1))))

        def update(mob, alpha):
            for node, (c0, o0), (c1, o1) in zip(col.nodes, start, ends):
                node.set_fill(interpolate_color(c0, c1, alpha) if o0 > 0 else c1, opacity=o0 + (o1 - o0) * alpha)

        kwargs.setdefault("run_time", 0.8)
        return UpdateFromAlphaFunc(col, update, **kwargs)


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


def _with_ticks(bar: ColorBar, values: Sequence[float], texts: Sequence[str]) -> ColorBar:
    """Tick marks on the bar's right side, and numbers beside the ticks not yet numbered."""
    from manim import Line as _Line

    bottom, top = bar.bar.get_bottom()[1], bar.bar.get_top()[1]
    right = bar.bar.get_right()[0]
    for v, text in zip(values, texts):
        y = bottom + (top - bottom) * (v - bar.vmin) / (bar.vmax - bar.vmin)
        bar.add(_Line([right, y, 0], [right + 0.08, y, 0], stroke_width=2, color=PALETTE["text"]))
        if text is not None:
            bar.add(MathTex(text, font_size=_TICK_SIZE, color=PALETTE["text"])
                    .next_to([right + 0.08, y, 0], RIGHT, buff=0.1))
    return bar


#: numbers beside a colour bar's ticks: the smallest size (TeX at 20 reads like text at 20: tex_size)
_TICK_SIZE = FONT_SIZE["small"]


def _two_digits(v: float) -> int:
    """Decimals that show ``v`` with two significant digits (0.0123 -> 3: 0.012)."""
    return max(0, 1 - int(np.floor(np.log10(abs(v))))) if v else 1


def _restyle_ends(bar: ColorBar) -> None:
    for number in (bar.low, bar.high):
        number.font_size = _TICK_SIZE
        number.next_to(bar.bar, RIGHT, buff=0.18).align_to(bar.bar, UP if number is bar.high else DOWN)


def diverging_bar(scale: float, *, title=None, height: float = 2.4, decimals: int | None = None) -> ColorBar:
    """The colour bar of weight images and signed node colours: -scale (negative colour), 0 (black), +scale."""
    bar = ColorBar(-scale, scale, colors=[PALETTE["negative"], "#000000", PALETTE["positive"]], height=height,
                   numbers="side", decimals=_two_digits(scale) if decimals is None else decimals, title=title)
    _restyle_ends(bar)
    return _with_ticks(bar, [-scale, 0.0, scale], [None, "0", None])


def intensity_bar(vmax: float = 1.0, *, title=None, height: float = 2.4, decimals: int = 1) -> ColorBar:
    """The colour bar of nodes lit by a non-negative value: 0 (black) to ``vmax`` (the fit colour)."""
    bar = ColorBar(0.0, vmax, colors=["#000000", PALETTE["fit"]], height=height, numbers="side", decimals=decimals,
                   title=title)
    _restyle_ends(bar)
    return _with_ticks(bar, [0.0, vmax / 2, vmax], [None, f"{vmax / 2:.{decimals + 1}g}", None])


_MODULE_CODE = {"relu": "ReLU()", "sigmoid": "Sigmoid()", "tanh": "Tanh()", "flatten": "Flatten()"}


def _one_or_all(values: tuple):
    """``5`` for ``(5, 5)``, the tuple itself when the axes differ: how torch's own repr writes a kernel."""
    return values[0] if len(set(values)) == 1 else values


def _layer_code(s: LayerSpec) -> str:
    """A conv, pooling or recurrent module's constructor call, with its non-default arguments."""
    if s.kind == "recurrent":
        return f"{s.cls}({s.in_features}, {s.out_features})"
    args = [f"{s.in_features}, {s.out_features}, kernel_size={_one_or_all(s.kernel_size)}"] if s.kind == "conv" \
        else [f"{_one_or_all(s.kernel_size)}"]
    default_stride = (1,) * len(s.kernel_size) if s.kind == "conv" else s.kernel_size
    if s.stride and tuple(s.stride) != tuple(default_stride):
        args.append(f"stride={_one_or_all(s.stride)}")
    if s.padding and any(p not in (0, "valid") for p in s.padding):
        args.append(f"padding={_one_or_all(s.padding)!r}")
    return f"{s.cls}({', '.join(args)})"


def sequential_code(specs: Sequence[LayerSpec]) -> list[str]:
    """The Sequential as the course writes it (``torch.nn.Sequential(`` / ``torch.nn.Linear(1, 2),`` / ``)``)."""
    lines = ["torch.nn.Sequential("]
    for s in specs:
        if s.kind == "linear":
            body = f"Linear({s.in_features}, {s.out_features}{'' if s.bias else ', bias=False'})"
        elif s.kind == "dropout":
            body = f"{s.cls or 'Dropout'}({s.p:g})"
        elif s.kind in _MODULE_CODE:
            body = _MODULE_CODE[s.kind]
        elif s.kind in ("conv", "pool", "recurrent"):
            body = _layer_code(s)
        else:   # a family beyond the course's, or a module of one's own: its class, with a norm's size
            body = f"{s.cls or s.kind}({s.features if s.features is not None else ''})"
        lines.append(f"    {body}," if s.kind == "module" else f"    torch.nn.{body},")   # one's own: not in torch.nn
    lines.append(")")
    return lines


class SequentialCode(CodeBlock):
    """The code of a Sequential (:func:`sequential_code`) as a :class:`CodeBlock`, one line per module.

    ``code.module_line(i)`` are the glyphs of module ``i``; ``code.highlight(i)`` a band behind them.

    Parameters
    ----------
    specs : the modules (``engine.describe(net)``).
    font_size : at least 20, so the code reads at 480p.
    """

    def __init__(self, specs: Sequence[LayerSpec], *, font_size: float = 22, **kwargs):
        self.text_lines = sequential_code(specs)
        super().__init__(self.text_lines, font_size=font_size, **kwargs)

    def module_line(self, i: int) -> VGroup:
        """The glyphs of module ``i``'s line (line 0 is ``torch.nn.Sequential(``)."""
        return self.lines[i + 1]

    def highlight(self, i: int, color=None, opacity: float = 0.3) -> VMobject:
        """A filled band (no outline) behind module ``i``'s line, to add under the code."""
        return self.band(i + 1, color=color, opacity=opacity)
