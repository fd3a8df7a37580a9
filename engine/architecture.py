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


@dataclass(frozen=True)
class LayerSpec:
    """One module of a Sequential: ``kind`` in linear/relu/sigmoid/tanh/dropout/flatten."""

    name: str
    kind: str
    in_features: int | None = None
    out_features: int | None = None
    bias: bool | None = None
    p: float | None = None

    @property
    def trainable(self) -> bool:
        return self.kind == "linear"

    @property
    def n_params(self) -> int:
        if self.kind != "linear":
            return 0
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


def describe(model: nn.Module) -> list[LayerSpec]:
    """The ``LayerSpec`` of every module of a Sequential, in order.

    Raises ``EngineError`` naming the first module a diagram cannot show.
    """
    if not isinstance(model, nn.Sequential):
        raise EngineError(f"describe() takes an nn.Sequential, got {type(model).__name__}")
    specs = []
    for name, m in model.named_children():
        if isinstance(m, nn.Linear):
            specs.append(LayerSpec(name, "linear", m.in_features, m.out_features, m.bias is not None))
        elif isinstance(m, nn.Dropout):
            specs.append(LayerSpec(name, "dropout", p=float(m.p)))
        elif isinstance(m, nn.Flatten):
            specs.append(LayerSpec(name, "flatten"))
        else:
            kind = next((k for k, cls in _ACTIVATIONS.items() if type(m) is cls), None)
            if kind is None:
                raise EngineError(
                    f"module {name!r} ({type(m).__name__}) is not supported in a diagram; "
                    "use Linear, ReLU, Sigmoid, Tanh, Dropout or Flatten"
                )
            specs.append(LayerSpec(name, kind))
    return specs


def count_layers(specs: list[LayerSpec]) -> tuple[int, int]:
    """(layers, hidden layers) as the course counts them: a layer is a module with trainable weights."""
    layers = sum(s.trainable for s in specs)
    return layers, max(layers - 1, 0)


def spec_from_dicts(rows: list[dict]) -> list[LayerSpec]:
    return [LayerSpec(**row) for row in rows]
