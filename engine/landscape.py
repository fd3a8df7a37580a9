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

__all__ = ["Landscape", "loss_grid", "loss_grid_loop", "course_grid", "landscape_for"]


@dataclass(frozen=True)
class Landscape:
    """``loss[i, j]`` is the loss at ``w0 = w0s[j]``, ``w1 = w1s[i]`` (rows follow w1, like an image)."""

    w0s: np.ndarray
    w1s: np.ndarray
    loss: np.ndarray
    loss_name: str

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


def landscape_for(recording, w0s=None, w1s=None) -> Landscape:
    """The loss surface a recorded one-input run moves on, over its data.

    Works for the course's runs and a teacher's own (``Recorder.save``): any model with
    one weight (1 x 1) and one bias (1,), optionally followed by a Sigmoid. Defaults: the
    course's 130 x 110 grid for 03wk-2; otherwise a grid around the recorded path with a
    margin. A run that diverged is one line naming the update.
    """
    cfg = recording.config
    rid = cfg.get("id", str(getattr(recording, "path", "recording")))
    arch = recording.architecture
    kinds = [a["kind"] for a in arch]
    weights = [n for n in recording.param_names if recording.param(n).shape[1:] == (1, 1)]
    biases = [n for n in recording.param_names if recording.param(n).shape[1:] == (1,)]
    if len(recording.param_names) != 2 or len(weights) != 1 or len(biases) != 1 \
            or [k for k in kinds if k != "sigmoid"] not in ([], ["linear"]):
        raise EngineError(f"{rid}: a (w0, w1) landscape needs a Linear(1, 1) model, optionally with Sigmoid")
    b, w = recording.param(biases[0])[:, 0], recording.param(weights[0])[:, 0, 0]
    bad = np.flatnonzero(~(np.isfinite(b) & np.isfinite(w)))
    if bad.size:
        raise EngineError(f"{rid}: the run diverged (parameters not finite from update {int(bad[0])}); "
                          "a landscape needs a finite path: record it with a smaller learning rate")
    head = "sigmoid" if "sigmoid" in kinds else "identity"
    if w0s is None or w1s is None:
        if cfg.get("data") == "logistic":
            w0s, w1s = course_grid()
        else:
            w0s, w1s = _grid_around(b, w)
    return loss_grid(recording.data("x"), recording.data("y"), w0s, w1s, loss=cfg.get("loss", "?"), head=head)


def _grid_around(b: np.ndarray, w: np.ndarray, n: int = 101, margin: float = 0.25):
    def axis(v):
        lo, hi = float(v.min()), float(v.max())
        pad = max(hi - lo, 1.0) * margin
        return np.linspace(lo - pad, hi + pad, n, dtype=np.float32)
    return axis(b), axis(w)
