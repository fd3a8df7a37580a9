"""A two-dimensional slice of the loss of ANY recorded model, centred on one recorded state.

A (w0, w1) landscape (``engine.landscape``) exists for a model with two numbers. A network has
thousands, so the picture is a plane through parameter space: the recorded parameters theta at
one state plus ``alpha * d1 + beta * d2``, with the loss computed on the recorded data at every
(alpha, beta) of a grid. The two directions are either

- ``"filter-normalized"``: two random Gaussian directions, each filter (a row of a Linear's
  weight, an output channel of a Conv's kernel) scaled to the norm of the same filter of theta,
  and zero on one-dimensional parameters (biases, norms), as in Li et al., 2018, "Visualizing
  the Loss Landscape of Neural Nets" (their ``ignore='biasbn'``): the scale of the picture then
  says something about the net and not about its units; or
- two named one-number parameters ``("0.bias", "0.weight")``: the plane moves those two and
  keeps every other parameter at the recorded state, and alpha, beta are in that parameter's
  own units.

The grid is computed batched: every grid point is one row of a ``torch.func.vmap`` over
``functional_call`` (chunked to bound memory), in eval mode, with one intra-op thread, without
touching torch's global random stream. The centre value is the loss the model has at that
state on the recorded data, in eval mode (for a full-batch run without dropout, the recorded
loss of that state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .errors import EngineError
from .numerics import fixed_threads

__all__ = ["LossSlice", "loss_slice", "filter_normalized_direction"]

#: the loss modules a recording may name (its own runs store the class name, the course's a short name)
_SHORT = {"mse": ("MSELoss", {}), "sse": ("MSELoss", {"reduction": "sum"}), "bce": ("BCELoss", {})}


@dataclass(frozen=True)
class LossSlice:
    """``loss[i, j]`` at ``alpha = alphas[j]``, ``beta = betas[i]`` (rows follow beta, like an image).

    Unpacks as ``alphas, betas, loss = engine.loss_slice(...)``. ``centre`` holds the recorded
    parameters the plane goes through, ``d1`` and ``d2`` its two directions (name -> array), and
    ``path`` the (n_states, 2) coordinates of every recorded state projected onto the plane.
    """

    alphas: np.ndarray
    betas: np.ndarray
    loss: np.ndarray
    state: int
    directions: str | tuple[str, str]
    centre: dict
    d1: dict
    d2: dict
    path: np.ndarray

    def __iter__(self):
        return iter((self.alphas, self.betas, self.loss))

    @property
    def centre_loss(self) -> float:
        """The loss at (0, 0): the recorded state itself."""
        return float(self.loss[len(self.betas) // 2, len(self.alphas) // 2])


def filter_normalized_direction(params: dict[str, torch.Tensor], generator: torch.Generator) -> dict[str, torch.Tensor]:
    """A random direction shaped like ``params``, each filter as long as the parameter's own filter.

    A filter is a slice along the first axis of a parameter of two or more dimensions; parameters of
    one dimension or none (biases, norm scales) get zero, as Li et al. (2018) do by default.
    """
    out = {}
    for name, p in params.items():
        if p.dim() <= 1:
            out[name] = torch.zeros_like(p)
            continue
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        d_norm = d.flatten(1).norm(dim=1).clamp_min(torch.finfo(p.dtype).tiny)
        p_norm = p.flatten(1).norm(dim=1)
        out[name] = d * (p_norm / d_norm).reshape(-1, *([1] * (p.dim() - 1)))
    return out


def _rid(recording) -> str:
    return getattr(recording, "id", "recording")


def _loss_module(recording, loss) -> nn.Module:
    """The recorded loss as a module: ``loss`` if given (a module or a name), else what the run names."""
    if isinstance(loss, nn.Module):
        return loss
    name = loss if loss is not None else (recording.config.get("loss") or recording.meta.get("loss"))
    if name is None:
        raise EngineError(
            f"{_rid(recording)}: the recording names no loss; pass loss= (a loss module, e.g. nn.MSELoss())"
        )
    cls_name, kwargs = _SHORT.get(str(name).lower(), (str(name), {}))
    cls = getattr(nn, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, nn.modules.loss._Loss)):
        raise EngineError(f"{_rid(recording)}: loss {name!r} is not a torch.nn loss module; "
                          "pass loss= the module the run used, e.g. loss=nn.CrossEntropyLoss()")
    return cls(**kwargs)


def _model(recording, model) -> nn.Module:
    """A module with the recording's parameter names to evaluate: ``model`` if given, else rebuilt."""
    if model is not None:
        if not isinstance(model, nn.Module):
            raise EngineError(f"model= takes an nn.Module (the run's model), got {type(model).__name__}")
        return model
    if isinstance(recording.config.get("model"), (list, tuple)):   # a course config: its model spec
        from .forward import model_at

        return model_at(recording, 0)
    names = set(recording.param_names)
    if names in ({"weight"}, {"weight", "bias"}) and recording.param("weight").ndim == 3:   # a bare nn.Linear
        n_out, n_in = recording.param("weight").shape[1:]
        with torch.random.fork_rng(devices=[]):
            return nn.Linear(n_in, n_out, bias="bias" in names)
    rebuilt = _sequential_from_architecture(recording.architecture)
    if rebuilt is not None:
        return rebuilt
    raise EngineError(f"{_rid(recording)}: the recording does not say how to build its model; "
                      "pass model= an instance of the run's model class (its weights are not used)")


#: kinds a Sequential can be rebuilt from, with no argument the spec does not keep
_SIMPLE = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "flatten": nn.Flatten, "identity": nn.Identity}


def _sequential_from_architecture(rows) -> nn.Module | None:
    """The Sequential a recording's architecture describes, or None where a spec leaves an argument out.

    Its weights are never used (the slice sets every parameter), so building it leaves torch's random
    stream as it was.
    """
    from .architecture import spec_from_dicts

    specs = spec_from_dicts(rows or [])
    if not specs or [s.name for s in specs] != [str(i) for i in range(len(specs))]:
        return None
    modules: list[nn.Module] = []
    with torch.random.fork_rng(devices=[]):
        for s in specs:
            if s.kind == "linear" and s.in_features is not None and s.out_features is not None:
                modules.append(nn.Linear(s.in_features, s.out_features, bias=bool(s.bias)))
            elif s.kind == "dropout" and s.cls in (None, "Dropout") and s.p is not None:
                modules.append(nn.Dropout(s.p))
            elif s.kind in _SIMPLE:
                modules.append(_SIMPLE[s.kind]())
            elif s.kind == "conv" and s.cls in ("Conv1d", "Conv2d", "Conv3d") and s.padding != ("same",):
                modules.append(getattr(nn, s.cls)(s.in_features, s.out_features, s.kernel_size, s.stride,
                                                  s.padding, bias=bool(s.bias)))
            elif s.kind == "pool" and s.cls in ("MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d",
                                                 "AvgPool3d"):
                modules.append(getattr(nn, s.cls)(s.kernel_size, s.stride, s.padding))
            else:
                return None
    return nn.Sequential(*modules)


def _data(recording, x, y) -> tuple[torch.Tensor, torch.Tensor]:
    """The recorded training data (a course run too large to store it is generated again), or ``x``, ``y``."""
    if x is None and "data/x" not in recording:
        if not recording.config.get("data"):
            raise EngineError(f"{_rid(recording)}: the recording does not hold its inputs (too large to store); "
                              "pass x= and y= the training data")
        from . import datasets

        with torch.random.fork_rng(devices=[]):     # generating seeds torch's RNG as the course does
            course = datasets.generate(recording.config["data"], recording.config.get("data_seed"))
        x = course.x if x is None else x
        y = course.y if y is None else y
    x = recording.data("x") if x is None else x
    y = recording.data("y") if y is None else y
    xs, ys = (torch.as_tensor(np.array(v)) if not isinstance(v, torch.Tensor) else v.detach().cpu() for v in (x, y))
    return xs, ys


def _check_names(recording, model: nn.Module) -> list[str]:
    names = list(recording.param_names)
    own = dict(model.named_parameters())
    missing = [n for n in names if n not in own]
    if missing:
        raise EngineError(f"{_rid(recording)}: model= has no parameter {missing[0]!r} (it has "
                          f"{', '.join(own) or 'none'}); pass the run's model class")
    for n in names:
        if tuple(own[n].shape) != tuple(recording.param(n).shape[1:]):
            raise EngineError(f"{_rid(recording)}: parameter {n!r} is {tuple(recording.param(n).shape[1:])} in the "
                              f"recording but {tuple(own[n].shape)} in model=")
    return names


def _named_directions(recording, centre, directions, names):
    pair = tuple(directions)
    if len(pair) != 2 or not all(isinstance(p, str) for p in pair) or pair[0] == pair[1]:
        raise EngineError(f"directions must be 'filter-normalized' or two parameter names, got {directions!r}")
    for p in pair:
        if p not in names:
            raise EngineError(f"{_rid(recording)}: no parameter {p!r}; it has {', '.join(names)}")
        if centre[p].numel() != 1:
            raise EngineError(f"{_rid(recording)}: parameter {p!r} holds {centre[p].numel()} numbers; a named "
                              "direction must be one number (use directions='filter-normalized' for the rest)")
    d1 = {n: torch.zeros_like(t) for n, t in centre.items()}
    d2 = {n: torch.zeros_like(t) for n, t in centre.items()}
    d1[pair[0]] = torch.ones_like(centre[pair[0]])
    d2[pair[1]] = torch.ones_like(centre[pair[1]])
    return d1, d2


def _project(recording, names, centre, d1, d2) -> np.ndarray:
    """(n_states, 2): each recorded state's offset from the centre, least squares onto (d1, d2)."""
    basis = np.stack([np.concatenate([d[n].double().numpy().ravel() for n in names]) for d in (d1, d2)], axis=1)
    c = np.concatenate([centre[n].double().numpy().ravel() for n in names])
    states = np.concatenate([recording.param(n).reshape(recording.n_states, -1).astype(np.float64) for n in names],
                            axis=1)
    coords, *_ = np.linalg.lstsq(basis, (states - c).T, rcond=None)
    return coords.T


def _grid_losses(model, loss_fn, x, y, centre, d1, d2, alphas, betas, chunk):
    from torch.func import functional_call, vmap

    aa, bb = np.meshgrid(alphas, betas)          # (steps_b, steps_a): rows follow beta
    a = torch.as_tensor(aa.ravel())
    b = torch.as_tensor(bb.ravel())
    names = list(centre)

    def point(i):
        return {n: centre[n] + a[i].to(centre[n].dtype) * d1[n] + b[i].to(centre[n].dtype) * d2[n] for n in names}

    def loss_at(params):
        return loss_fn(functional_call(model, params, (x,)), y)

    out = np.empty(len(a), dtype=np.float64)
    batched = vmap(loss_at)
    for start in range(0, len(a), chunk):
        idx = torch.arange(start, min(start + chunk, len(a)))
        stacked = {n: centre[n] + a[idx].to(centre[n].dtype).reshape(-1, *[1] * centre[n].dim()) * d1[n]
                   + b[idx].to(centre[n].dtype).reshape(-1, *[1] * centre[n].dim()) * d2[n] for n in names}
        try:
            out[start:start + len(idx)] = batched(stacked).double().numpy()
        except Exception:  # noqa: BLE001 - a module vmap cannot batch (in-place ops, RNN kernels): one point at a time
            out[start:start + len(idx)] = [float(loss_at(point(int(i)))) for i in idx]
    return out.reshape(aa.shape)


def loss_slice(recording, state: int = -1, directions="filter-normalized", span: float = 1.0, steps: int = 41, *,
               model: nn.Module | None = None, loss=None, x=None, y=None, seed: int = 0,
               chunk: int = 256) -> LossSlice:
    """The loss on the plane through the recorded parameters at ``state`` (see the module's docstring).

    ``directions``: ``"filter-normalized"`` (two random directions, seeded by ``seed``) or two names of
    one-number parameters. ``span``: the plane covers ``[-span, span]`` on both axes (in units of the
    directions: for named parameters, that parameter's own units), or ``"path"`` for a span that holds every
    recorded state's projection. ``steps`` (odd, so the recorded state
    is a grid point): grid points per axis. ``model``: the run's model class, for a recording that cannot
    rebuild its model (a teacher's own ``nn.Module``); ``loss``, ``x``, ``y``: override what the recording
    names or holds. Returns a :class:`LossSlice` (unpacks as ``alphas, betas, loss``).
    """
    if not isinstance(steps, int) or steps < 3 or steps % 2 == 0:
        raise EngineError(
            f"steps must be an odd whole number of at least 3 (the centre is a grid point), got {steps!r}"
        )
    if not (span == "path" or (isinstance(span, (int, float)) and np.isfinite(span) and span > 0)):
        raise EngineError(f"span must be a positive number or 'path', got {span!r}")
    n_states = recording.n_states
    if not -n_states <= state < n_states:
        raise EngineError(f"{_rid(recording)}: state {state} is out of range; it has states 0..{n_states - 1}")
    state = state % n_states
    net = _model(recording, model)
    names = _check_names(recording, net)
    loss_fn = _loss_module(recording, loss)
    xs, ys = _data(recording, x, y)
    centre = {n: torch.as_tensor(np.array(recording.param(n)[state])) for n in names}
    if not all(torch.isfinite(t).all() for t in centre.values()):
        raise EngineError(f"{_rid(recording)}: the parameters at state {state} are not finite (the run diverged); "
                          "slice at an earlier state")
    if isinstance(directions, str):
        if directions != "filter-normalized":
            raise EngineError(f"directions must be 'filter-normalized' or two parameter names, got {directions!r}")
        gen = torch.Generator().manual_seed(seed)
        d1 = filter_normalized_direction(centre, gen)
        d2 = filter_normalized_direction(centre, gen)
        if all(float(d.abs().sum()) == 0 for d in d1.values()):
            raise EngineError(f"{_rid(recording)}: every parameter is one-dimensional, so filter-normalized "
                              "directions are zero; name two parameters instead")
    else:
        d1, d2 = _named_directions(recording, centre, directions, names)
    path = _project(recording, names, centre, d1, d2)
    if span == "path":   # the whole recorded path inside the picture, with a margin
        span = 1.15 * float(np.max(np.abs(path))) or 1.0
    alphas = np.linspace(-span, span, steps)
    betas = np.linspace(-span, span, steps)
    training = {m: m.training for m in net.modules()}
    net.eval()
    try:
        with fixed_threads(), torch.no_grad():
            dtype = next(iter(centre.values())).dtype
            xs, ys = (v.to(dtype) if v.is_floating_point() else v for v in (xs, ys))
            grid = _grid_losses(net, loss_fn, xs, ys, centre, d1, d2, alphas, betas, chunk)
    finally:
        for m, flag in training.items():
            m.training = flag
    label = directions if isinstance(directions, str) else tuple(directions)
    return LossSlice(alphas, betas, grid, state, label, _numpy(centre), _numpy(d1), _numpy(d2), path)


def _numpy(tensors: dict) -> dict:
    return {n: t.numpy() for n, t in tensors.items()}
