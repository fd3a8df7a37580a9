"""Loss over a grid of (bias, weight) pairs for the course's one-input models, in one batched op.

The course loops over 14,300 grid points, setting ``net[0].bias`` and
``net[0].weight`` and calling the loss each time; here every grid point is a
row of one broadcast tensor computation, with torch's own loss functions (so
BCE's clamp of log at -100 is the same).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .errors import EngineError
from .numerics import fixed_threads

__all__ = ["Landscape", "loss_grid", "loss_grid_loop", "course_grid", "landscape_for", "as_landscape",
           "two_parameters", "parameter_path", "first_nonfinite"]


@dataclass(frozen=True)
class Landscape:
    """``loss[i, j]`` is the loss at ``w0 = w0s[j]``, ``w1 = w1s[i]`` (rows follow w1, like an image)."""

    w0s: np.ndarray
    w1s: np.ndarray
    loss: np.ndarray
    loss_name: str
    #: TeX names of the two axes: (w0, w1) of a two-parameter model, or the directions of a loss slice
    axis_names: tuple[str, str] = ("w_0", "w_1")

    def at(self, w0: float, w1: float) -> float:
        """Loss at the nearest grid point."""
        return float(self.loss[np.abs(self.w1s - w1).argmin(), np.abs(self.w0s - w0).argmin()])


def course_grid() -> tuple[np.ndarray, np.ndarray]:
    """03wk-2's grid: w0 in arange(-10, 3, 0.1), w1 in arange(-1, 10, 0.1) (130 x 110)."""
    return torch.arange(-10, 3, 0.1).numpy(), torch.arange(-1, 10, 0.1).numpy()


#: loss names a grid knows, with the torch module names a teacher's recording stores
LOSSES = {"mse": "mse", "sse": "sse", "bce": "bce", "mseloss": "mse", "bceloss": "bce"}
#: output heads: the sigmoid of the course's logistic model, or none
HEADS = {"sigmoid": "sigmoid", "identity": "identity", "none": "identity", "linear": "identity"}


def _known(name, table: dict, what: str) -> str:
    """``name`` normalised through ``table`` (case-insensitive), or one line listing the known names."""
    key = str(name).lower()
    if key not in table:
        raise EngineError(f"unknown {what} {name!r}; use one of: {', '.join(sorted(set(table.values())))}")
    return table[key]


def _predict(w0: torch.Tensor, w1: torch.Tensor, x: torch.Tensor, head: str) -> torch.Tensor:
    z = w0[:, None] + w1[:, None] * x[None, :]
    return torch.sigmoid(z) if head == "sigmoid" else z


def _loss(yhat: torch.Tensor, y: torch.Tensor, loss: str) -> torch.Tensor:
    y = y.expand_as(yhat)
    if loss == "mse":
        return F.mse_loss(yhat, y, reduction="none").mean(dim=-1)
    if loss == "sse":
        return F.mse_loss(yhat, y, reduction="none").sum(dim=-1)
    if loss == "bce":
        return F.binary_cross_entropy(yhat, y, reduction="none").mean(dim=-1)
    raise EngineError(f"unknown loss {loss!r}; use mse, sse or bce")


def loss_grid(x, y, w0s, w1s, *, loss: str, head: str = "sigmoid", chunk: int = 4096) -> Landscape:
    """Loss of ``yhat = head(w0 + w1 x)`` at every grid point, batched over the grid.

    ``loss``: ``mse``, ``sse`` or ``bce`` (``MSELoss``/``BCELoss`` too); ``head``: ``sigmoid``
    or ``identity``, case-insensitive; an unknown name is one line listing the known ones.
    ``chunk`` bounds memory: grid points x data points floats per batch.
    """
    loss = _known(loss, LOSSES, "loss")
    head = _known(head, HEADS, "head")
    x = torch.tensor(np.asarray(x, dtype=np.float32)).reshape(-1)
    y = torch.tensor(np.asarray(y, dtype=np.float32)).reshape(1, -1)
    w0s = np.asarray(w0s, dtype=np.float32)
    w1s = np.asarray(w1s, dtype=np.float32)
    W1, W0 = np.meshgrid(w1s, w0s, indexing="ij")
    b, w = torch.from_numpy(W0.ravel()), torch.from_numpy(W1.ravel())
    out = torch.empty(b.numel())
    # the same intra-op threads as training: the grid does not depend on the machine's cores
    with torch.no_grad(), fixed_threads():
        for s in range(0, b.numel(), chunk):
            out[s: s + chunk] = _loss(_predict(b[s: s + chunk], w[s: s + chunk], x, head), y, loss)
    return Landscape(w0s, w1s, out.reshape(len(w1s), len(w0s)).numpy(), loss)


def loss_grid_loop(x, y, w0s, w1s, *, loss: str, head: str = "sigmoid") -> Landscape:
    """The course's per-point loop, kept as the reference the batched version is tested against."""
    from .training import make_loss

    loss, head = _known(loss, LOSSES, "loss"), _known(head, HEADS, "head")
    net = torch.nn.Sequential(torch.nn.Linear(1, 1), *([torch.nn.Sigmoid()] if head == "sigmoid" else []))
    loss_fn = make_loss(loss)
    x = torch.tensor(np.asarray(x, dtype=np.float32)).reshape(-1, 1)
    y = torch.tensor(np.asarray(y, dtype=np.float32)).reshape(-1, 1)
    out = np.empty((len(w1s), len(w0s)), dtype=np.float32)
    with torch.no_grad():
        for i, w1 in enumerate(w1s):
            for j, w0 in enumerate(w0s):
                net[0].bias.data = torch.tensor([float(w0)])
                net[0].weight.data = torch.tensor([[float(w1)]])
                out[i, j] = loss_fn(net(x), y).item()
    return Landscape(np.asarray(w0s), np.asarray(w1s), out, loss)


def _rid(recording) -> str:
    return recording.config.get("id", str(getattr(recording, "path", "recording")))


def first_nonfinite(*series) -> int | None:
    """The first index (axis 0) at which any of ``series`` is not finite, or None."""
    firsts = []
    for v in series:
        v = np.asarray(v, dtype=float)
        bad = np.flatnonzero(~np.isfinite(v.reshape(len(v), -1)).all(axis=1))
        if bad.size:
            firsts.append(int(bad[0]))
    return min(firsts) if firsts else None


def two_parameters(recording, params=None) -> tuple[str, str]:
    """The names of the run's (w0, w1): ``params`` if given, else its two one-number parameters
    (a bias is w0 and a weight w1, as the course writes ``yhat = w0 + w1 x``; otherwise in state_dict order)."""
    rid, names = _rid(recording), list(recording.param_names)
    size = {n: int(np.prod(recording.param(n).shape[1:])) for n in names}
    if params is not None:
        params = tuple(params)
        if len(params) != 2 or any(p not in size for p in params):
            raise EngineError(f"{rid}: params must name two of its parameters ({', '.join(names)}), got {params}")
        big = [p for p in params if size[p] != 1]
        if big:
            raise EngineError(
                f"{rid}: parameter {big[0]!r} holds {size[big[0]]} numbers; w0 and w1 must be one number each"
            )
        return params
    if len(names) != 2 or any(size[n] != 1 for n in names):
        shapes = ", ".join(f"{n} {'x'.join(map(str, recording.param(n).shape[1:])) or 'scalar'}" for n in names)
        raise EngineError(f"{rid}: a (w0, w1) picture needs a model with two one-number parameters, this one has "
                          f"{shapes}; pass params=(name0, name1) to pick two of them, or draw arrays")
    bias = [n for n in names if n.rsplit(".", 1)[-1] == "bias"]
    weight = [n for n in names if n.rsplit(".", 1)[-1] == "weight"]
    return (bias[0], weight[0]) if len(bias) == len(weight) == 1 else (names[0], names[1])


def parameter_path(recording, params=None) -> tuple[np.ndarray, np.ndarray]:
    """(n_states,) w0 and w1 of a two-parameter run; a diverged run is one line naming the update."""
    n0, n1 = two_parameters(recording, params)
    w0, w1 = (recording.param(n).reshape(recording.n_states) for n in (n0, n1))
    bad = first_nonfinite(w0, w1)
    if bad is not None:
        raise EngineError(f"{_rid(recording)}: the run diverged (parameters not finite after update {bad}); "
                          "a path needs finite parameters: record it with a smaller learning rate")
    return w0, w1


def landscape_for(recording, w0s=None, w1s=None, *, loss=None, head=None, params=None) -> Landscape:
    """The loss surface a recorded one-input run moves on, over its data.

    Works for the course's runs and a teacher's own (``Recorder.save``): any model with
    one weight (1 x 1) and one bias (1,), optionally followed by a Sigmoid. ``loss`` and
    ``head`` default to what the recording names (its loss module, its architecture); a
    recording that names no loss needs ``loss=``. ``params=(w0_name, w1_name)`` names the
    axes (``("0.weight", "0.bias")`` puts the weight on the w0 axis); ``w0s`` and ``w1s``
    follow them. A larger model is one line: its loss over two of its parameters is not
    computed here. Defaults: the course's 130 x 110 grid for 03wk-2; otherwise a grid
    around the recorded path with a margin. A run that diverged is one line naming the update.
    """
    cfg = recording.config
    rid = _rid(recording)
    arch = recording.architecture
    kinds = [a["kind"] for a in arch]
    weights = [n for n in recording.param_names if recording.param(n).shape[1:] == (1, 1)]
    biases = [n for n in recording.param_names if recording.param(n).shape[1:] == (1,)]
    axes = two_parameters(recording, params) if params is not None else None   # names checked, one line if wrong
    if len(recording.param_names) != 2 or len(weights) != 1 or len(biases) != 1 \
            or [k for k in kinds if k != "sigmoid"] not in ([], ["linear"]):
        if axes is not None:
            raise EngineError(f"{rid}: a landscape over params={axes} is computed for a Linear(1, 1) model "
                              "(optionally with Sigmoid) only, not over two parameters of a larger model; compute "
                              "the loss grid yourself and draw the arrays LossSurface((w0s, w1s, loss)), with "
                              f"ParameterPath.from_recording(surface, r, tracker, params={axes})")
        raise EngineError(f"{rid}: a (w0, w1) landscape needs a Linear(1, 1) model, optionally with Sigmoid; "
                          "for another model compute the loss grid yourself and draw the arrays (w0s, w1s, loss)")
    if axes == (weights[0], biases[0]):   # the weight on the w0 axis: the same grid, transposed
        land = landscape_for(recording, w1s, w0s, loss=loss, head=head)
        return Landscape(land.w1s, land.w0s, land.loss.T.copy(), land.loss_name)
    b, w = recording.param(biases[0])[:, 0], recording.param(weights[0])[:, 0, 0]
    bad = first_nonfinite(b, w)
    if bad is not None:
        raise EngineError(f"{rid}: the run diverged (parameters not finite from update {bad}); "
                          "a landscape needs a finite path: record it with a smaller learning rate")
    loss = loss if loss is not None else cfg.get("loss")
    if loss is None:
        raise EngineError(f"{rid}: the recording names no loss; pass loss= one of: "
                          f"{', '.join(sorted(set(LOSSES.values())))}")
    if str(loss).lower() in ("bcewithlogitsloss", "bcewithlogits"):
        loss, head = "bce", head or "sigmoid"   # the sigmoid is inside the loss
    head = head if head is not None else ("sigmoid" if "sigmoid" in kinds else "identity")
    if w0s is None or w1s is None:
        if cfg.get("data") == "logistic":
            w0s, w1s = course_grid()
        else:
            w0s, w1s = _grid_around(b, w)
    return loss_grid(recording.data("x"), recording.data("y"), w0s, w1s, loss=loss, head=head)


def as_landscape(source, **kwargs) -> Landscape:
    """A ``Landscape`` from a Landscape, a two-parameter ``Recording`` (``landscape_for(source, **kwargs)``),
    an ``engine.loss_slice`` of any recorded model (its alphas and betas as the two axes), or plain arrays
    ``(w0s, w1s, loss)`` with ``loss[i, j]`` at ``(w0s[j], w1s[i])``."""
    if hasattr(source, "param_names") and hasattr(source, "config"):
        return landscape_for(source, **kwargs)
    if kwargs.get("params") is not None:
        raise EngineError(f"params={tuple(kwargs['params'])} picks two parameters of a Recording; a Landscape or "
                          "arrays (w0s, w1s, loss) already are the two axes: leave params out")
    if isinstance(source, Landscape):
        return source
    if type(source).__name__ == "LossSlice" and hasattr(source, "alphas"):   # engine.loss_slice of any model
        return Landscape(np.asarray(source.alphas), np.asarray(source.betas), np.asarray(source.loss), "loss",
                         slice_axis_names(source.directions))
    if isinstance(source, (tuple, list)) and len(source) == 3:
        w0s, w1s, loss = (np.asarray(a, dtype=float) for a in source)
        if w0s.ndim != 1 or w1s.ndim != 1 or loss.shape != (len(w1s), len(w0s)):
            raise EngineError(f"arrays (w0s, w1s, loss) must be 1-D, 1-D and (len(w1s), len(w0s)) = "
                              f"({len(w1s)}, {len(w0s)}); got {w0s.shape}, {w1s.shape}, {loss.shape}")
        if len(w0s) < 2 or len(w1s) < 2 or (np.diff(w0s) <= 0).any() or (np.diff(w1s) <= 0).any():
            raise EngineError("w0s and w1s must each hold at least two increasing values")
        if not np.isfinite(loss).all():
            i, j = np.argwhere(~np.isfinite(loss))[0]
            raise EngineError(f"the loss grid is not finite at w0={w0s[j]:g}, w1={w1s[i]:g}; "
                              "draw a window where the loss is finite")
        return Landscape(w0s, w1s, loss, str(kwargs.get("loss", "loss")))
    raise EngineError(f"a loss picture takes an engine.Landscape, a Recording or arrays (w0s, w1s, loss); "
                      f"got {type(source).__name__}")


def slice_axis_names(directions) -> tuple[str, str]:
    """TeX axis names of a loss slice: alpha and beta along random directions, else the two parameters' names."""
    if isinstance(directions, str):
        return (r"\alpha", r"\beta")
    first, second = (r"\texttt{" + str(n).replace("_", r"\_") + "}" for n in directions)
    return first, second


def _grid_around(b: np.ndarray, w: np.ndarray, n: int = 101, margin: float = 0.25):
    def axis(v):
        lo, hi = float(v.min()), float(v.max())
        pad = max(hi - lo, 1.0) * margin
        return np.linspace(lo - pad, hi + pad, n, dtype=np.float32)
    return axis(b), axis(w)
