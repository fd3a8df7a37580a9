"""Architecture as data: build an ``nn.Sequential`` from layer specs, and describe one back.

A model in a config is a tuple of plain tuples, e.g.
``(("linear", 1, 512), ("relu",), ("dropout", 0.8), ("linear", 512, 1))``, so
configs stay hashable and JSON-able. ``describe`` goes the other way for any
Sequential (a teacher's own model too), giving the ``LayerSpec`` list that
diagrams are drawn from.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from torch import nn

from .errors import EngineError

__all__ = ["LayerSpec", "OPAQUE_KINDS", "build_model", "describe", "trace_shapes", "first_tensor", "count_layers",
           "spec_from_dicts",
           "named_layers"]

_ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}

#: module families beyond the course's, drawn as labelled stages that keep the feature count:
#: kind -> the torch classes of that family (a spec keeps the class name in ``cls``)
_FAMILIES = {
    "activation": (nn.GELU, nn.LeakyReLU, nn.ELU, nn.SELU, nn.CELU, nn.SiLU, nn.Mish, nn.Softplus, nn.Softsign,
                   nn.Hardtanh, nn.Hardswish, nn.Hardsigmoid, nn.LogSigmoid, nn.Tanhshrink, nn.Softshrink,
                   nn.Hardshrink, nn.PReLU, nn.GLU, nn.Threshold),
    "softmax": (nn.Softmax, nn.LogSoftmax, nn.Softmin),
    "norm": (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm, nn.GroupNorm, nn.InstanceNorm1d,
             nn.InstanceNorm2d, nn.InstanceNorm3d) + ((nn.RMSNorm,) if hasattr(nn, "RMSNorm") else ()),
    "identity": (nn.Identity,),
}


#: kinds whose output is not the same feature vector as their input (conv maps, pooled maps, sequences)
OPAQUE_KINDS = ("module", "conv", "pool", "recurrent")


@dataclass(frozen=True)
class LayerSpec:
    """One module of a Sequential (or of a list of layers in forward order).

    ``kind``: the course's ``linear``, ``relu``, ``sigmoid``, ``tanh``, ``dropout`` and
    ``flatten``; ``activation`` (GELU, LeakyReLU, ELU, SiLU...), ``softmax`` (Softmax,
    LogSoftmax), ``norm`` (BatchNorm1d, LayerNorm...), ``identity``, ``conv`` (Conv1d/2d/3d:
    channels in ``in_features``/``out_features``, with ``kernel_size``, ``stride``, ``padding``),
    ``pool`` (MaxPool/AvgPool: ``kernel_size``, ``stride``, ``padding``) and ``recurrent``
    (RNN, GRU, LSTM and their cells: ``in_features`` is the input size, ``out_features`` the
    hidden size), with the torch class in ``cls``; anything else is ``module`` with its class
    name in ``cls``, never refused. ``features`` is a norm's feature count, ``params`` the
    trainable parameters of a module other than Linear (None when it has none). ``in_shape``,
    ``out_shape`` and ``calls`` are measured by a forward pass, when ``describe`` is given an input.
    """

    name: str
    kind: str
    in_features: int | None = None
    out_features: int | None = None
    bias: bool | None = None
    p: float | None = None
    cls: str | None = None
    features: int | None = None
    params: int | None = None
    #: shapes measured by a forward pass (``describe(model, example_input)``), without the batch dimension
    in_shape: tuple | None = None
    out_shape: tuple | None = None
    #: how many times one forward pass called the module (a cell driven over time steps: one per step)
    calls: int | None = None
    #: a convolution's or a pooling's kernel, stride and padding (per spatial axis)
    kernel_size: tuple | None = None
    stride: tuple | None = None
    padding: tuple | None = None

    @property
    def opaque(self) -> bool:
        """A module a feature-column diagram cannot see inside: it may change the feature count."""
        return self.kind in OPAQUE_KINDS

    @property
    def trainable(self) -> bool:
        return self.kind == "linear"

    @property
    def n_params(self) -> int:
        if self.kind != "linear":
            return self.params or 0
        assert self.in_features is not None and self.out_features is not None, "a linear layer has both sizes"
        return self.in_features * self.out_features + (self.out_features if self.bias else 0)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def build_model(spec: tuple) -> nn.Sequential:
    """Build the Sequential a config describes; draws its initial weights from torch's RNG."""
    modules: list[nn.Module] = []
    for layer in spec:
        kind, *args = layer
        if kind == "linear":
            n_in, n_out, *rest = args
            modules.append(nn.Linear(n_in, n_out, bias=rest[0] if rest else True))
        elif kind == "dropout":
            modules.append(nn.Dropout(args[0]))
        elif kind in _ACTIVATIONS:
            modules.append(_ACTIVATIONS[kind]())
        else:
            raise EngineError(f"unknown layer kind {kind!r} in model spec; use linear, relu, sigmoid, tanh or dropout")
    return nn.Sequential(*modules)


def named_layers(layers) -> list[tuple[str, nn.Module]]:
    """(name, module) pairs, in forward order, of what ``describe`` accepts."""
    if isinstance(layers, nn.Sequential):
        out = []
        for name, m in layers.named_children():
            # a Sequential inside a Sequential runs in place: its modules, named as in the state_dict
            out += [(f"{name}.{n}", c) for n, c in named_layers(m)] if isinstance(m, nn.Sequential) else [(name, m)]
        return out
    if isinstance(layers, nn.Module):
        raise EngineError(
            f"describe() cannot know the order in which {type(layers).__name__}.forward calls its modules; "
            "pass them in forward order: a list of modules or of (name, module) pairs, e.g. "
            "[(\"fc1\", net.fc1), (\"act\", net.act), ...]")
    items = list(layers.items()) if isinstance(layers, dict) else list(layers)
    out = []
    for i, item in enumerate(items):
        name, m = item if isinstance(item, tuple) and len(item) == 2 else (str(i), item)
        if not isinstance(m, nn.Module):
            raise EngineError(
                f"layer {i} is a {type(m).__name__}, not an nn.Module; pass modules or (name, module) pairs"
            )
        if isinstance(m, nn.Sequential):
            out += [(f"{name}.{n}", c) for n, c in named_layers(m)]
        else:
            out.append((str(name), m))
    return out


def _spec(name: str, m: nn.Module) -> LayerSpec:
    if isinstance(m, nn.Linear):
        return LayerSpec(name, "linear", m.in_features, m.out_features, m.bias is not None)
    if isinstance(m, nn.Dropout):
        return LayerSpec(name, "dropout", p=float(m.p))
    if isinstance(m, nn.Flatten):
        return LayerSpec(name, "flatten")
    kind = next((k for k, cls in _ACTIVATIONS.items() if type(m) is cls), None)
    if kind is not None:
        return LayerSpec(name, kind)
    params = sum(p.numel() for p in m.parameters() if p.requires_grad) or None
    cls = type(m).__name__
    kind = next((k for k, classes in _FAMILIES.items() if isinstance(m, classes)), None)
    if kind == "norm":
        shape = getattr(m, "num_features", None) or getattr(m, "num_channels", None) \
            or (tuple(getattr(m, "normalized_shape", ()) or (None,))[-1])
        return LayerSpec(name, "norm", cls=cls, features=int(shape) if shape else None, params=params)
    if kind is not None:
        return LayerSpec(name, kind, cls=cls, params=params)
    if isinstance(m, nn.modules.dropout._DropoutNd):
        return LayerSpec(name, "dropout", p=float(m.p), cls=cls)
    if isinstance(m, nn.modules.conv._ConvNd):
        return LayerSpec(name, "conv", m.in_channels, m.out_channels, m.bias is not None, cls=cls, params=params,
                         kernel_size=tuple(m.kernel_size), stride=tuple(m.stride),
                         padding=tuple(m.padding) if not isinstance(m.padding, str) else (m.padding,))
    if isinstance(m, (nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd)):
        n = _spatial_dims(m) or 1
        return LayerSpec(name, "pool", cls=cls, kernel_size=_per_axis(m.kernel_size, n),
                         stride=_per_axis(m.stride, n), padding=_per_axis(m.padding, n))
    if isinstance(m, (nn.RNNBase, nn.RNNCellBase)):
        return LayerSpec(name, "recurrent", m.input_size, m.hidden_size, bool(m.bias), cls=cls, params=params)
    return LayerSpec(name, "module", cls=cls, params=params)


def _per_axis(v, n: int) -> tuple:
    """A pooling's int-or-tuple argument, one value per spatial axis."""
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def describe(layers, example_input=None) -> list[LayerSpec]:
    """The ``LayerSpec`` of every module, in forward order; no module is refused.

    ``layers``: an ``nn.Sequential`` (nested Sequentials are unrolled, named as in the
    state_dict, e.g. ``0.1``), or, for a model whose ``forward`` calls its modules itself,
    the modules in forward order as a list of modules (named 0, 1, ...), of
    ``(name, module)`` pairs or a dict (named as in the model's state_dict, e.g. ``fc1``).
    A module no family knows is kind ``module`` with its class name.

    With ``example_input`` (a batch the model takes), the shapes come from a real forward pass
    (:func:`trace_shapes`): any ``nn.Module`` is accepted, its leaf modules listed in the order
    its ``forward`` first calls them, each with ``in_shape``, ``out_shape`` and ``calls``.
    """
    if example_input is None:
        return [_spec(name, m) for name, m in named_layers(layers)]
    return trace_shapes(layers, example_input)


def _spatial_dims(module: nn.Module) -> int | None:
    """1, 2 or 3 for a ConvNd / MaxPoolNd / AvgPoolNd module, else None."""
    m = re.search(r"([123])d$", type(module).__name__)
    return int(m.group(1)) if m and isinstance(module, (nn.modules.conv._ConvNd, nn.modules.pooling._MaxPoolNd,
                                                        nn.modules.pooling._AvgPoolNd)) else None


def _is_batched(module: nn.Module, inp) -> bool:
    """Whether a module's input holds a batch: one dimension more than the module's unbatched form."""
    spatial = _spatial_dims(module)
    if spatial is not None:
        return inp.dim() == spatial + 2
    if isinstance(module, nn.RNNBase):
        return inp.dim() == 3
    if isinstance(module, nn.RNNCellBase):
        return inp.dim() == 2
    return inp.dim() >= 2


def _without_batch(module: nn.Module, t, batched: bool) -> tuple:
    """A tensor's shape without its batch dimension (an RNN without ``batch_first`` has it second)."""
    shape = tuple(t.shape)
    if not batched:
        return shape
    if isinstance(module, nn.RNNBase) and not module.batch_first and len(shape) == 3:
        return shape[:1] + shape[2:]
    return shape[1:]


def first_tensor(value):
    """The tensor a module's output or input stands for: itself, or the first of a tuple (RNNs)."""
    import torch

    while isinstance(value, (tuple, list)) and value:
        value = value[0]
    return value if isinstance(value, torch.Tensor) else None


def _leaves(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """Modules with no submodules (and whole RNNs), named as in the state_dict."""
    if isinstance(model, nn.Module):
        return [(n, m) for n, m in model.named_modules() if n and (not list(m.children()))] \
            or [("", model)]
    return named_layers(model)


def trace_shapes(model, example_input) -> list[LayerSpec]:
    """Run ``model`` once on ``example_input`` and describe every leaf module it calls, with its shapes.

    ``model``: any ``nn.Module`` (or what ``describe`` takes). The pass runs in eval mode under
    ``no_grad`` with forward hooks, and leaves the model's training flags and torch's random stream
    as they were. Shapes are the first input's and the output's (a tuple output, as nn.GRU's and
    nn.LSTM's: its first element, the output sequence) without the batch dimension, as torch
    gives them. A leaf module called several times (an RNN cell over time steps) is listed once,
    at its first call, with ``calls``; one never called is listed last, without shapes.
    """
    import torch

    named = _leaves(model)
    root = model if isinstance(model, nn.Module) else nn.ModuleList([m for _, m in named])
    seen: dict[str, dict] = {}
    first = first_tensor(example_input)
    if first is None:
        raise EngineError(f"example_input must be a tensor (or a tuple starting with one), got "
                          f"{type(example_input).__name__}")

    def hook(name):
        def on_forward(module, args, output):
            inp, out = first_tensor(args), first_tensor(output)
            if name in seen:
                seen[name]["calls"] += 1
                return
            batched = inp is not None and _is_batched(module, inp)
            seen[name] = {"calls": 1,
                          "in_shape": _without_batch(module, inp, batched) if inp is not None else None,
                          "out_shape": _without_batch(module, out, batched) if out is not None else None}
        return on_forward

    handles = [m.register_forward_hook(hook(n)) for n, m in named]
    training = {m: m.training for m in root.modules()}
    root.eval()
    try:
        with torch.random.fork_rng(devices=[]), torch.no_grad():
            if isinstance(model, nn.Module):
                model(*example_input) if isinstance(example_input, tuple) else model(example_input)
            else:
                x = example_input
                for _, m in named:
                    x = m(x)
    except Exception as e:  # noqa: BLE001 - the teacher's forward: one line naming it
        raise EngineError(f"the forward pass on example_input {tuple(first.shape)} failed: "
                          f"{type(e).__name__}: {e}".splitlines()[0]) from None
    finally:
        for h in handles:
            h.remove()
        for m, flag in training.items():
            m.training = flag
    order = {n: i for i, n in enumerate(seen)}
    named.sort(key=lambda nm: order.get(nm[0], len(order)))
    specs = []
    for name, m in named:
        spec = _spec(name or type(m).__name__, m)
        if name in seen:
            spec = replace(spec, **seen[name])
        specs.append(spec)
    return specs


def count_layers(specs: list[LayerSpec]) -> tuple[int, int]:
    """(layers, hidden layers) as the course counts them: a layer is a module with trainable weights."""
    layers = sum(s.trainable for s in specs)
    return layers, max(layers - 1, 0)


_TUPLES = ("in_shape", "out_shape", "kernel_size", "stride", "padding")


def spec_from_dicts(rows: list[dict]) -> list[LayerSpec]:
    """``LayerSpec``s back from ``to_dict`` rows (JSON gives lists where the spec holds tuples)."""
    def spec(row: dict) -> LayerSpec:
        fields: dict[str, Any] = {k: tuple(v) if k in _TUPLES and v is not None else v for k, v in row.items()}
        return LayerSpec(**fields)

    return [spec(row) for row in rows]
