"""Any model drawn from a real forward pass: each tensor with its traced shape, each module as its stage.

``engine.describe(model, example_input)`` gives every leaf module in call order with the shapes torch
gave it; :class:`ModelDiagram` draws that list left to right, a tensor glyph after every module:

- ``C x H x W`` tensors as a stack of feature maps (:class:`~scenes.common.conv.FeatureMaps`),
  vectors as a feature column, ``T x F`` sequences as a grid (time across), others as a box;
- Conv2d and pooling as their kernel window projected onto the output cell, Flatten as a funnel
  into the vector, Linear between two vectors as its edges, activations, norms and dropout as a
  labelled arrow, a recurrent layer (or a cell ``forward`` calls once per step) unrolled over its
  steps (:class:`~scenes.common.recurrent.UnrolledRNN`), a module of one's own as a box;
- where ``forward`` itself changes the tensor between two modules (indexing, ``view``, ``cat``...),
  a dashed arrow named ``forward`` leads to the next module's traced input.

Every number written comes from the traced specs: a shape label under every tensor, the module and
its kernel, stride and padding above every stage. Nothing is guessed: a module the pass never
called is not drawn, and is listed in ``diagram.not_called``.

>>> diagram = NetworkDiagram.from_model(cnn, torch.randn(1, 1, 12, 12))   # a ModelDiagram for a CNN
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, DashedLine, Group, Line, RoundedRectangle, ValueTracker, VGroup

from engine.architecture import LayerSpec

from ..strings import t
from .columns import EdgeBundle, ElementwiseStage, FeatureColumn
from .conv import ConvStage, FeatureMaps, FlattenStage, PoolStage, shape_text, window_text
from .recurrent import UnrolledRNN
from .style import PALETTE
from .text import label, plain

__all__ = ["ModelDiagram", "TensorGrid", "TensorBox", "model_steps", "op_name", "unrolled_steps", "stagger_labels"]


def unrolled_steps(spec: LayerSpec) -> int | None:
    """Time steps a module is drawn unrolled over: a cell's calls, a sequence layer's length; else None."""
    if spec.calls and spec.calls > 1:
        return int(spec.calls)
    if spec.kind == "recurrent" and spec.out_shape is not None and len(spec.out_shape) == 2:
        return int(spec.out_shape[0])
    return None


def model_steps(specs: Sequence[LayerSpec], input_shape: Sequence[int]) -> tuple[list, list[LayerSpec]]:
    """The diagram's sequence ``[shape, (op, shape), (op, shape), ...]``: the input's shape, then per stage the
    module (a ``LayerSpec``, or ``None`` for a step ``forward`` takes itself) and the shape after it.
    Also the modules the pass never called."""
    steps: list = [tuple(input_shape)]
    cur = tuple(input_shape)
    not_called = []
    for s in specs:
        if s.in_shape is None or s.out_shape is None:
            not_called.append(s)
            continue
        n = s.calls if s.calls and s.calls > 1 else None
        takes = (n, *s.in_shape) if n else tuple(s.in_shape)
        if tuple(s.in_shape) != cur and takes != cur:
            steps.append((None, tuple(s.in_shape)))
        steps.append((s, tuple(s.out_shape)))
        cur = tuple(s.out_shape)
    return steps, not_called


def op_name(spec: LayerSpec | None) -> str:
    """A stage's name as the diagram writes it: the module's class and its sizes (``Linear(100, 2)``)."""
    if spec is None:
        return "forward"
    if spec.kind == "linear":
        return f"Linear({spec.in_features}, {spec.out_features})"
    if spec.kind == "conv":
        return f"{spec.cls}({spec.in_features}, {spec.out_features})"
    if spec.kind == "recurrent":
        return f"{spec.cls}({spec.in_features}, {spec.out_features})"
    if spec.kind == "dropout":
        return f"{spec.cls or 'Dropout'}({spec.p:g})"
    if spec.kind in ("relu", "sigmoid", "tanh", "flatten"):
        return {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "flatten": "Flatten"}[spec.kind]
    return spec.cls or spec.kind


class TensorGrid(VGroup):
    """A ``T x F`` tensor (a sequence) as a grid of cells: time across, features down, at most ``max_cells``
    of each drawn (the shape label says how many there are)."""

    def __init__(self, shape: Sequence[int], *, cell: float = 0.16, max_cells: int = 10, color=None, **kwargs):
        super().__init__(**kwargs)
        self.shape = tuple(int(n) for n in shape)
        t, f = self.shape
        cols, rows = min(t, max_cells), min(f, max_cells)
        color = color or PALETTE["muted"]
        self.frame = RoundedRectangle(width=cols * cell, height=rows * cell, corner_radius=0.02, stroke_width=2,
                                      color=color)
        x0, y0 = self.frame.get_left()[0], self.frame.get_bottom()[1]
        style = {"stroke_width": 0.8, "color": color, "stroke_opacity": 0.6}
        self.lines = VGroup(*(Line([x0 + i * cell, y0, 0], [x0 + i * cell, y0 + rows * cell, 0], **style)
                              for i in range(1, cols)),
                            *(Line([x0, y0 + j * cell, 0], [x0 + cols * cell, y0 + j * cell, 0], **style)
                              for j in range(1, rows)))
        self.add(self.frame, self.lines)


class TensorBox(VGroup):
    """A tensor of any other rank (a scalar, a 4-D volume...) as a plain box; its shape label says it."""

    def __init__(self, shape: Sequence[int], *, width: float = 0.5, height: float = 0.9, color=None, **kwargs):
        super().__init__(**kwargs)
        self.shape = tuple(int(n) for n in shape)
        self.frame = RoundedRectangle(width=width, height=height, corner_radius=0.06, stroke_width=2,
                                      color=color or PALETTE["muted"])
        self.add(self.frame)


def stagger_labels(labels: list, up: bool, gap: float = 0.1) -> None:
    """Labels in one row (left to right) that would run into one another: each goes to the first row, further
    out, where it clears the last label placed in that row."""
    if len(labels) < 2:
        return
    step = max(m.height for m in labels) + 0.12
    ends: list[float] = []          # per row, the right edge of its last label
    for lab in labels:
        row = next((r for r, end in enumerate(ends) if end + gap <= lab.get_left()[0]), len(ends))
        if row == len(ends):
            ends.append(0.0)
        lab.shift((UP if up else DOWN) * step * row)
        ends[row] = lab.get_right()[0]


class ModelDiagram(Group):
    """A model's traced stages left to right: tensor glyphs with their shapes, modules between them.

    Parameters
    ----------
    specs : the traced ``LayerSpec`` list (``engine.describe(model, example_input)``): every spec
        drawn needs ``in_shape`` and ``out_shape``.
    input_shape : the model's input without the batch axis (what the first tensor glyph is).
    input_values : optional values of one shown input (``input_shape``, e.g. an image ``1 x 12 x 12``):
        its maps are drawn as that image.
    activations : optional ``{module name: (n_states, *out_shape)}`` values of one shown input after
        that module (e.g. ``r.activation(name)[:, 0]`` of a recording): maps are drawn as images, a
        recurrent layer's ``(n_states, steps, hidden)`` as each step's ``h_t`` in numbers; both follow
        ``tracker``.
    weights : optional ``{module name: W[out, in]}`` of the Linear modules, drawn on their edges.
    tracker : the epoch ``ValueTracker`` the activations follow.
    width : the width the diagram spans at most; glyphs shrink to fit, text keeps its size.
    map_height : height of the largest feature map (smaller maps in proportion).
    max_nodes, max_steps : vectors longer than ``max_nodes`` and sequences longer than ``max_steps`` are
        drawn collapsed (their labels give the true sizes).

    Attributes
    ----------
    steps : ``[(spec or None, shape), ...]`` per stage, after the input (``model_steps``).
    tensors : one glyph per tensor (the input first); ``tensors[k].shape`` is its traced shape.
    ops : one mobject per stage (``ConvStage``, ``PoolStage``, ``FlattenStage``, ``EdgeBundle``,
        ``UnrolledRNN``, an arrow...).
    shape_labels : one text per tensor, under it (``shape_labels[k].string``: ``"4×10×10"``).
    op_labels : one group per stage above it: its name and, for a conv or pooling, its window.
    not_called : the specs the forward pass never called (not drawn).
    """

    def __init__(self, specs: Sequence[LayerSpec], input_shape: Sequence[int], *, input_values=None,
                 activations: Mapping[str, np.ndarray] | None = None, weights: Mapping[str, np.ndarray] | None = None,
                 tracker: ValueTracker | None = None, width: float = 12.5, map_height: float = 1.5,
                 max_nodes: int = 8, max_steps: int = 4, **kwargs):
        super().__init__(**kwargs)
        self.specs = list(specs)
        self.input_shape = tuple(int(n) for n in input_shape)
        self.steps, self.not_called = model_steps(self.specs, self.input_shape)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        self._opts = dict(input_values=input_values, activations=dict(activations or {}),
                          weights=dict(weights or {}), max_nodes=max_nodes, max_steps=max_steps)
        unit = 1.0
        for _ in range(6):   # build, measure, shrink the geometry (never the text) until it fits
            parts = self._build(unit, map_height)
            span = parts["span"]
            if span <= width + 1e-6:
                break
            unit *= max(width / span, 0.5)
        self.tensors, self.ops = parts["tensors"], parts["ops"]
        self.add(*self._layers())
        self.shape_labels = VGroup()
        for glyph in self.tensors:
            lab = plain(shape_text(glyph.shape), size="small", color=PALETTE["text"])
            lab.string = shape_text(glyph.shape)
            self.shape_labels.add(lab)
        self.op_labels = VGroup()
        for spec, _ in self.steps[1:len(self.ops) + 1]:
            self.op_labels.add(self._op_label(spec))
        self._place_labels()
        self.add(self.shape_labels, self.op_labels)
        self.center()

    # -- building ------------------------------------------------------------------------
    def _glyph(self, shape: tuple, spec: LayerSpec | None, unit: float, map_height: float, largest: int):
        opts = self._opts
        if len(shape) == 3:
            values = None
            if spec is None and opts["input_values"] is not None:
                values = np.asarray(opts["input_values"], dtype=float).reshape(shape)
            elif spec is not None and spec.name in opts["activations"]:
                values = opts["activations"][spec.name]
            h = map_height * unit * max(shape[1] / largest, 0.45)
            return FeatureMaps(shape, values=values, tracker=self.tracker, map_height=h, offset=0.12 * unit,
                               max_maps=6)
        if len(shape) == 1:
            # a column is narrow: it keeps its size (a smaller gap would crowd the ellipsis between its nodes)
            col = FeatureColumn(shape[0], max_nodes=opts["max_nodes"], keep=3, height=2.2, node_radius=0.1,
                                node_gap=0.42, brace_side=DOWN)
            if col.count is not None:   # the shape label under every tensor says the count
                col.remove(col.count)
                col.count = None
            col.shape = tuple(shape)
            return col
        if len(shape) == 2:
            return TensorGrid(shape, cell=0.16 * unit)
        return TensorBox(shape, width=0.5 * unit, height=0.9 * unit)

    def _build(self, unit: float, map_height: float) -> dict:
        shapes = [self.steps[0]] + [shape for _, shape in self.steps[1:]]
        largest = max([s[1] for s in shapes if len(s) == 3] or [1])
        tensors = [self._glyph(shapes[0], None, unit, map_height, largest)]
        for spec, shape in self.steps[1:]:
            tensors.append(self._glyph(shape, spec, unit, map_height, largest))
        # lay out left to right: tensor, gap for the stage, tensor...; an unrolled layer's gap is its chain
        chains = {}
        x = 0.0
        tensors[0].move_to([tensors[0].width / 2, 0, 0])
        x = tensors[0].get_right()[0]
        for k, (spec, _) in enumerate(self.steps[1:]):
            n = unrolled_steps(spec) if spec is not None else None
            if n:
                hidden = self._opts["activations"].get(spec.name)    # (n_states, steps, hidden): h_t as numbers
                chain = UnrolledRNN(n, spec.out_shape[-1], cell=spec.cls or "cell", hidden=hidden,
                                    tracker=self.tracker, max_values=4, max_steps=self._opts["max_steps"],
                                    step_gap=1.05 * max(unit, 0.9), cell_width=0.7 * max(unit, 0.8))
                chain.move_to([x + 0.5 + chain.width / 2, 0, 0], coor_mask=[1, 0, 0])
                chain.shift(UP * -chain.cells.get_y())
                chains[k] = chain
                gap = chain.width + 1.0
            else:
                # room for the stage's name (neighbours' names are staggered in two rows when they would meet)
                label_width = plain(op_name(spec), size="small").width
                gap = max((1.1 + (0.4 if spec is not None and spec.kind in ("conv", "pool") else 0)) * unit,
                          min(label_width + 0.2, 2.0) * min(unit * 1.5, 1.0))
            nxt = tensors[k + 1]
            nxt.move_to([x + gap + nxt.width / 2, 0, 0])
            x = nxt.get_right()[0]
        ops = [self._op(spec, tensors[k], tensors[k + 1], chains.get(k)) for k, (spec, _) in enumerate(self.steps[1:])]
        return {"tensors": Group(*tensors), "ops": Group(*ops), "span": x - tensors[0].get_left()[0]}

    def _op(self, spec: LayerSpec | None, left, right, chain):
        a, b = left.get_right() + RIGHT * 0.08, right.get_left() + LEFT * 0.08
        a[1] = b[1] = 0.0
        arrow_style = {"buff": 0.0, "stroke_width": 2.5, "max_tip_length_to_length_ratio": 0.2, "tip_length": 0.18,
                       "color": PALETTE["muted"]}
        if spec is None:
            return DashedLine(a, b, stroke_width=2, color=PALETTE["muted"]).add_tip(tip_length=0.15, tip_width=0.12)
        if chain is not None:
            into = Arrow(a, chain.get_left() * [1, 0, 0] + LEFT * 0.05, **arrow_style)
            out = Arrow(chain.get_right() * [1, 0, 0] + RIGHT * 0.05, b, **arrow_style)
            chain.add(into, out)
            chain.spec = spec
            return chain
        both_maps = isinstance(left, FeatureMaps) and isinstance(right, FeatureMaps)
        if spec.kind == "conv" and both_maps and spec.kernel_size and len(spec.kernel_size) == 2:
            return ConvStage(spec, left, right)
        if spec.kind == "pool" and both_maps and spec.kernel_size and len(spec.kernel_size) == 2:
            return PoolStage(spec, left, right)
        if spec.kind == "flatten" and isinstance(left, FeatureMaps) and isinstance(right, FeatureColumn):
            return FlattenStage(left, right)
        both_columns = isinstance(left, FeatureColumn) and isinstance(right, FeatureColumn)
        if spec.kind == "linear" and both_columns:
            bundle = EdgeBundle(left, right)
            w = self._opts["weights"].get(spec.name)
            if w is not None:
                bundle.set_weights(w)
            return bundle
        if both_columns and left.size == right.size and spec.kind != "module":
            return ElementwiseStage(spec, left, right)
        if spec.kind == "module":   # a module of one's own: a box between its true input and output
            box = RoundedRectangle(width=max(b[0] - a[0] - 0.5, 0.3), height=0.8, corner_radius=0.08,
                                   stroke_width=2, color=PALETTE["fit"]).move_to((a + b) / 2)
            return VGroup(Line(a, box.get_left(), stroke_width=2, color=PALETTE["muted"]), box,
                          Arrow(box.get_right(), b, **arrow_style))
        return Arrow(a, b, **arrow_style)

    def _layers(self) -> list:
        return [self.tensors, self.ops]

    def _op_label(self, spec: LayerSpec | None) -> VGroup:
        name = plain(op_name(spec), size="small", color=PALETTE["muted"] if spec is None else PALETTE["fit"])
        name.string = op_name(spec)
        group = VGroup(name)
        if spec is not None and spec.kind in ("conv", "pool") and spec.kernel_size and spec.stride:
            detail = plain(window_text(spec), size="small", color=PALETTE["text"])
            detail.string = window_text(spec)
            group.add(detail)
        n = unrolled_steps(spec) if spec is not None else None
        if n:
            key = "model.calls" if spec.calls and spec.calls > 1 else "model.steps"
            steps = label(key, size="small", color=PALETTE["text"], n=n)
            steps.string = t(key, n=n)
            group.add(steps)
        return group.arrange(DOWN, buff=0.08)

    def _place_labels(self) -> None:
        body = Group(self.tensors, self.ops)
        top, bottom = body.get_top()[1], body.get_bottom()[1]
        for glyph, lab in zip(self.tensors, self.shape_labels):
            lab.move_to([glyph.get_x(), bottom - 0.2 - lab.height / 2, 0])
        stagger_labels(list(self.shape_labels), up=False)
        for (_spec, _), op, lab in zip(self.steps[1:], self.ops, self.op_labels):
            if isinstance(op, UnrolledRNN):
                x = op.cells.get_x()
                above = op.get_top()[1]
            else:
                k = list(self.ops).index(op)
                x = (self.tensors[k].get_right()[0] + self.tensors[k + 1].get_left()[0]) / 2
                above = top
            lab.move_to([x, max(above, top) + 0.2 + lab.height / 2, 0])
        stagger_labels(list(self.op_labels), up=True)

    # -- parts -----------------------------------------------------------------------------
    def tensor(self, name: str | None = None):
        """The glyph of the tensor a module (by name) outputs; ``None``: the input."""
        if name is None:
            return self.tensors[0]
        return self.tensors[self._index(name) + 1]

    def op(self, name: str):
        """The stage of module ``name``."""
        return self.ops[self._index(name)]

    def _index(self, name: str) -> int:
        for k, (spec, _) in enumerate(self.steps[1:]):
            if spec is not None and spec.name == name:
                return k
        raise KeyError(f"no drawn module named {name!r}; drawn: "
                       f"{', '.join(s.name for s, _ in self.steps[1:] if s is not None)}")

