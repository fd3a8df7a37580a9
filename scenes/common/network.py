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
from manim import DOWN, LEFT, RIGHT, UP, ManimColor, MathTex, UpdateFromAlphaFunc, VGroup, VMobject, interpolate_color

import engine
from engine.architecture import LayerSpec

from .code import CodeBlock
from .colors import ColorBar
from .columns import (
    STAGE_TEX,
    EdgeBundle,
    ElementwiseStage,
    FeatureColumn,
    ModuleBox,
    WeightImage,
    WeightImageGrid,
    stage_tex,
)
from .style import FONT_SIZE, PALETTE

__all__ = ["NetworkDiagram", "FeatureColumn", "EdgeBundle", "ElementwiseStage", "ModuleBox", "WeightImage",
           "WeightImageGrid", "STAGE_TEX", "diverging_bar", "intensity_bar", "SequentialCode", "sequential_code"]


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
                    after.append(stage_tex(t, k))
            tag = r",\ ".join(after) or None
        named.append(_Column(c.size, name, c.module, tag))
    return named, stages


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


def _draws_as_columns(specs: Sequence[LayerSpec], input_shape) -> bool:
    """Whether a traced model is a chain of vectors a feature-column diagram draws truly: a vector input,
    Linear layers and stages between vectors only, each module taking what the one before gave."""
    called = [s for s in specs if s.in_shape is not None]
    if len(tuple(input_shape)) != 1 or not any(s.kind == "linear" for s in called):
        return False
    cur = tuple(input_shape)
    for s in called:
        if s.opaque or (s.calls or 1) > 1 or tuple(s.in_shape) != cur or len(s.out_shape) != 1:
            return False
        cur = tuple(s.out_shape)
    return True


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
        self._stage_modules = [i for i, _ in stage_specs]
        self._column_modules = [c.module for c in layout]
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
                lab = MathTex(stage_tex(spec, k_linear), font_size=label_size * 0.85, color=PALETTE["fit"])
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
        self.shape_labels = VGroup()   # traced shapes, one per column: from_model(net, example_input)
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
    def from_model(cls, net, example_input=None, *, batch_axis: int = 0, **kwargs):
        """The diagram of an ``nn.Sequential`` with its current weights; every module is drawn (an unknown
        one as a box named by its class). For a model whose ``forward`` calls its modules, use
        :meth:`from_layers`, or give an input.

        With ``example_input`` (a batch the model takes) the model may be any ``nn.Module``: one forward
        pass traces every module's shapes (``engine.describe(net, example_input)``) and every tensor gets
        a label with its true shape (``diagram.shape_labels``). A net of Linear layers and the stages
        between them (on vectors) is this feature-column diagram; a model with conv, pooling or
        recurrent layers, or tensors that are not vectors, is a
        :class:`~scenes.common.model_diagram.ModelDiagram` (feature maps, kernels, unrolled cells).
        ``batch_axis``: the input's batch axis (1 for an RNN without ``batch_first``); ``kwargs`` go
        to the diagram drawn.
        """
        if example_input is None:
            return cls.from_layers(net, **kwargs)
        from torch import nn

        from engine.architecture import first_tensor, named_layers

        specs = engine.describe(net, example_input)
        first = first_tensor(example_input)
        input_shape = tuple(int(n) for k, n in enumerate(first.shape) if k != batch_axis % first.dim())
        modules = dict(net.named_modules()) if isinstance(net, nn.Module) else dict(named_layers(net))
        weights = {s.name: modules[s.name].weight.detach().cpu().numpy() for s in specs
                   if s.kind == "linear" and s.name in modules}
        if _draws_as_columns(specs, input_shape):
            staged = sorted({"activations", "tracker", "input_values", "map_height", "max_steps"} & set(kwargs))
            if staged:
                raise ValueError(f"{type(net).__name__} is a column diagram (Linear layers on vectors), which takes no "
                                 f"{', '.join(staged)}; light a column's nodes with diagram.light_column(k, values)")
            drawn = [s for s in specs if s.in_shape is not None]
            diagram = cls(drawn, [weights[s.name] for s in drawn if s.kind == "linear"], **kwargs)
            diagram.add_shape_labels(input_shape)
            return diagram
        import inspect

        from .model_diagram import ModelDiagram

        takes = [k for k in inspect.signature(ModelDiagram).parameters if k not in ("specs", "input_shape", "kwargs")]
        unknown = sorted(set(kwargs) - set(takes))
        if unknown:
            raise ValueError(f"{type(net).__name__} is drawn stage by stage (a ModelDiagram: it has conv, pooling or "
                             f"recurrent layers, or tensors that are not vectors), which takes no "
                             f"{', '.join(unknown)}; "
                             f"it takes {', '.join(takes)}")
        values = first.detach().cpu().numpy()
        values = np.take(values, 0, axis=batch_axis % first.dim())
        return ModelDiagram(specs, input_shape, input_values=values if values.ndim == 3 else None,
                            weights=weights, **kwargs)

    def add_shape_labels(self, input_shape) -> VGroup:
        """A row under the diagram with each column's traced shape (``self.shape_labels``); the specs
        must be traced (``engine.describe(model, example_input)``). Returns the labels."""
        from .conv import shape_text
        from .text import plain

        layout, _ = _layout(self.specs, self.compact)
        shapes = [tuple(input_shape)] + [tuple(self.specs[c.module].out_shape) for c in layout[1:]]
        for col in self.columns:   # a count under the nodes says what the shape label says, where stage labels run
            if col.count is not None and col.brace is None:
                col.remove(col.count)
                col.count = None
        self.shape_labels = VGroup()
        bottom = min(m.get_bottom()[1] for m in [*self.columns, *self.stage_labels]) - 0.2
        for col, shape in zip(self.columns, shapes):
            lab = plain(shape_text(shape), size="small", color=PALETTE["muted"])
            lab.string = shape_text(shape)
            lab.move_to([col.get_x(), bottom - lab.height / 2, 0])
            self.shape_labels.add(lab)
        self.add(self.shape_labels)
        return self.shape_labels

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

    def module_piece(self, i: int) -> VGroup:
        """What draws module ``i`` of the specs, to point at when going from the diagram to its code.

        Staged form: the module's stage (edges, links or box) with its label. Compact form: a Linear's
        edges; an elementwise module (ReLU, Sigmoid, Dropout) the tag under the column of the Linear
        before it, which names it. A module the diagram does not draw (Flatten) is one line.
        """
        if not 0 <= i < len(self.specs):
            raise IndexError(f"module {i}: the diagram has {len(self.specs)} modules")
        if i in self._stage_modules:
            j = self._stage_modules.index(i)
            return VGroup(self.stages[j], *([self.stage_labels[j]] if len(self.stage_labels) > j else []))
        owner = max((k for k, m in enumerate(self._column_modules) if m is not None and m < i), default=None)
        col = self.columns[owner] if owner is not None else None
        if col is None or col.tag is None or self.specs[i].kind == "flatten":
            raise KeyError(f"module {i} ({self.specs[i].kind}) is not drawn in this diagram")
        return VGroup(col.tag)

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
