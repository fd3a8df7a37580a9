"""Architecture as data: build an ``nn.Sequential`` from layer specs, and describe one back.

A model in a config is a tuple of plain tuples, e.g.
``(("linear", 1, 512), ("relu",), ("dropout", 0.8), ("linear", 512, 1))``, so
configs stay hashable and JSON-able. ``describe`` goes the other way for any
Sequential (a teacher's own model too), giving the ``LayerSpec`` list that
diagrams are drawn from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from torch import nn

from .errors import EngineError

__all__ = ["LayerSpec", "build_model", "describe", "count_layers", "spec_from_dicts"]

_ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}

#: module families beyond the course's, drawn as labelled stages that keep the feature count:
#: kind -> the torch classes of that family (a spec keeps the class name in ``cls``)
_FAMILIES = {
    "activation": (nn.GELU, nn.LeakyReLU, nn.ELU, nn.SELU, nn.CELU, nn.SiLU, nn.Mish, nn.Softplus, nn.Softsign,
                   nn.Hardtanh, nn.Hardswish, nn.Hardsigmoid, nn.LogSigmoid, nn.Tanhshrink, nn.Softshrink,
                   nn.Hardshrink, nn.PReLU, nn.GLU, nn.Threshold),
    "softmax": (nn.Softmax, nn.LogSoftmax, nn.Softmin),
    "norm": (nn.BatchNorm1d, nn.LayerNorm, nn.GroupNorm, nn.InstanceNorm1d, nn.RMSNorm)
    if hasattr(nn, "RMSNorm") else (nn.BatchNorm1d, nn.LayerNorm, nn.GroupNorm, nn.InstanceNorm1d),
    "identity": (nn.Identity,),
}


@dataclass(frozen=True)
class LayerSpec:
    """One module of a Sequential (or of a list of layers in forward order).

    ``kind``: the course's ``linear``, ``relu``, ``sigmoid``, ``tanh``, ``dropout`` and
    ``flatten``; ``activation`` (GELU, LeakyReLU, ELU, SiLU...), ``softmax`` (Softmax,
    LogSoftmax), ``norm`` (BatchNorm1d, LayerNorm...) and ``identity``, with the torch
    class in ``cls``; anything else is ``module`` with its class name in ``cls``, never refused.
    ``features`` is a norm's feature count, ``params`` the trainable parameters of a
    module other than Linear (None when it has none).
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

    @property
    def trainable(self) -> bool:
        return self.kind == "linear"

    @property
    def n_params(self) -> int:
        if self.kind != "linear":
            return self.params or 0
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


def _named_layers(layers) -> list[tuple[str, nn.Module]]:
    """(name, module) pairs, in forward order, of what ``describe`` accepts."""
    if isinstance(layers, nn.Sequential):
        out = []
        for name, m in layers.named_children():
            # a Sequential inside a Sequential runs in place: its modules, named as in the state_dict
            out += [(f"{name}.{n}", c) for n, c in _named_layers(m)] if isinstance(m, nn.Sequential) else [(name, m)]
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
            raise EngineError(f"layer {i} is a {type(m).__name__}, not an nn.Module; pass modules or (name, module) pairs")
        if isinstance(m, nn.Sequential):
            out += [(f"{name}.{n}", c) for n, c in _named_layers(m)]
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
    return LayerSpec(name, "module", cls=cls, params=params)


def describe(layers) -> list[LayerSpec]:
    """The ``LayerSpec`` of every module, in forward order; no module is refused.

    ``layers``: an ``nn.Sequential`` (nested Sequentials are unrolled, named as in the
    state_dict, e.g. ``0.1``), or, for a model whose ``forward`` calls its modules itself,
    the modules in forward order as a list of modules (named 0, 1, ...), of
    ``(name, module)`` pairs or a dict (named as in the model's state_dict, e.g. ``fc1``).
    A module no family knows is kind ``module`` with its class name.
    """
    return [_spec(name, m) for name, m in _named_layers(layers)]


def count_layers(specs: list[LayerSpec]) -> tuple[int, int]:
    """(layers, hidden layers) as the course counts them: a layer is a module with trainable weights."""
    layers = sum(s.trainable for s in specs)
    return layers, max(layers - 1, 0)


def spec_from_dicts(rows: list[dict]) -> list[LayerSpec]:
    return [LayerSpec(**row) for row in rows]
