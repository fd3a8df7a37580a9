"""Torch-side demos of 03wk-2's logistic model for the scenes (numpy out; manim is never imported).

- :func:`four_nets`: the course's four ways to build the net, each run as the
  course writes it (the code shown on screen is the code executed here), with
  the ``yhat`` it gives on the course's inputs.
- :func:`curves`: ``yhat = sigmoid(w0 + w1 x)`` for many (w0, w1) at once, for a
  curve that follows the parameters as they change.
- :func:`per_point_gradients`: what each data point adds to the gradient under MSE and BCE, from given
  (w0, w1) (recorded ones): the factor ``yhat (1 - yhat)`` that multiplies every MSE term, and BCE's
  ``yhat - y``, where that factor has cancelled.
- :func:`sgd_step`: one ``optimizr.step()`` of plain SGD on recorded values, the
  operation torch's SGD performs (``p.add_(grad, alpha=-lr)``).

>>> from engine import logistic_demos as ld
>>> nets = ld.four_nets()
>>> [n.name for n in nets]
['l1, sigmoid', 'l1, a1', 'Sequential(l1, a1)', 'Sequential(...)']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from .experiments import LOGISTIC_STARTS

__all__ = ["TRUE_W", "FIRST_W", "NET_CODES", "NetDemo", "course_x", "true_prob", "four_nets", "curves",
           "per_point_gradients", "sgd_step"]

#: the parameters of 03wk-2's data generator, prob = exp(-1 + 5x) / (1 + exp(-1 + 5x))
TRUE_W = (-1.0, 5.0)
#: the course's first curve (and the "good" start of its runs): (w0, w1) = (bias, weight)
FIRST_W = LOGISTIC_STARTS["good"]

#: the course's four ways to build the net, verbatim (section C, methods 1 to 4), each ending in ``yhat``;
#: ``checks`` are expressions the course evaluates after the code (method 3: ``l1 is net[0]``)
NET_CODES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("l1, sigmoid", """\
l1 = torch.nn.Linear(1,1)
l1.weight.data = torch.tensor([[-0.3]])
l1.bias.data = torch.tensor([-0.8])
def sigmoid(x):
    return torch.exp(x)/(1+torch.exp(x))
yhat = sigmoid(l1(x))""", ()),
    ("l1, a1", """\
l1 = torch.nn.Linear(1,1)
l1.weight.data = torch.tensor([[-0.3]])
l1.bias.data = torch.tensor([-0.8])
a1 = torch.nn.Sigmoid()
yhat = a1(l1(x))""", ()),
    ("Sequential(l1, a1)", """\
l1 = torch.nn.Linear(1,1)
l1.weight.data = torch.tensor([[-0.3]])
l1.bias.data = torch.tensor([-0.8])
a1 = torch.nn.Sigmoid()
net = torch.nn.Sequential(l1,a1)
yhat = net(x)""", ("l1 is net[0]", "a1 is net[1]")),
    ("Sequential(...)", """\
net = torch.nn.Sequential(
    torch.nn.Linear(1,1),
    torch.nn.Sigmoid()
)
net[0].weight.data = torch.tensor([[-0.3]])
net[0].bias.data = torch.tensor([-0.8])
yhat = net(x)""", ()),
)


@dataclass(frozen=True)
class NetDemo:
    """One way to build the net: its code, the ``yhat`` it gives, and the course's checks after it."""

    name: str
    code: str
    yhat: np.ndarray                      # (n,) float32
    checks: dict[str, bool] = field(default_factory=dict)
    w: tuple[float, float] = (0.0, 0.0)   # (bias, weight) of its Linear after the code ran


def course_x() -> np.ndarray:
    """03wk-2's inputs, ``torch.linspace(-1, 1, 2000)`` (no random draw), as (2000,) float32."""
    return torch.linspace(-1, 1, 2000).numpy()


def true_prob(x) -> np.ndarray:
    """The course's true probability exp(w0 + w1 x) / (1 + exp(w0 + w1 x)) at ``TRUE_W``, as its generator
    computes it."""
    x = torch.tensor(np.asarray(x, dtype=np.float32).reshape(-1))
    w0, w1 = TRUE_W
    return (torch.exp(w0 + w1 * x) / (1 + torch.exp(w0 + w1 * x))).numpy()


def four_nets(x=None) -> list[NetDemo]:
    """Run each of :data:`NET_CODES` on ``x`` (default :func:`course_x`) as the course does.

    ``torch.nn.Linear(1, 1)`` draws its default init from torch's global RNG; the
    draws happen inside ``torch.random.fork_rng`` so the caller's stream is untouched.
    """
    xt = torch.tensor(np.asarray(course_x() if x is None else x, dtype=np.float32)).reshape(-1, 1)
    out = []
    for name, code, checks in NET_CODES:
        ns: dict = {"torch": torch, "x": xt}
        with torch.random.fork_rng(devices=[]), torch.no_grad():
            exec(compile(code, f"<03wk-2 {name}>", "exec"), ns)  # noqa: S102 - the course's own code, fixed above
        linear = ns["l1"] if "l1" in ns else ns["net"][0]
        out.append(NetDemo(
            name=name, code=code, yhat=ns["yhat"].detach().numpy().reshape(-1).copy(),
            checks={c: bool(eval(c, ns)) for c in checks},  # noqa: S307 - fixed expressions above
            w=(float(linear.bias.data.reshape(-1)[0]), float(linear.weight.data.reshape(-1)[0])),
        ))
    return out


def curves(x, w0s, w1s) -> np.ndarray:
    """(len(w0s), len(x)) float32: ``sigmoid(w0 + w1 x)`` for each pair (w0, w1)."""
    x = torch.tensor(np.asarray(x, dtype=np.float32)).reshape(1, -1)
    w0 = torch.tensor(np.asarray(w0s, dtype=np.float32)).reshape(-1, 1)
    w1 = torch.tensor(np.asarray(w1s, dtype=np.float32)).reshape(-1, 1)
    with torch.no_grad():
        return torch.sigmoid(w0 + w1 * x).numpy()


def per_point_gradients(x, y, w0s, w1s) -> dict[str, np.ndarray]:
    """Each point's share of the gradient of the logistic model at each (w0, w1), as (len(w0s), len(x)) float64.

    With z_i = w0 + w1 x_i and yhat_i = sigmoid(z_i), the losses as torch computes them (the mean) have
    dL/dw0 = mean_i(g_i) and dL/dw1 = mean_i(g_i x_i), where g_i = dL_i/dz_i is

    - MSE: ``2 (yhat_i - y_i) * yhat_i (1 - yhat_i)``: every term carries the sigmoid's slope
      ``yhat (1 - yhat)`` (at most 1/4; about 0 where yhat is about 0 or 1),
    - BCE: ``yhat_i - y_i``: the log's 1/(yhat (1 - yhat)) cancels that slope.

    Returns ``yhat``, ``slope`` (= yhat (1 - yhat)), ``mse`` and ``bce`` (the g_i). Pure numpy of the
    weights given (recorded ones, say): nothing is trained.
    """
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    y = np.broadcast_to(np.asarray(y, dtype=np.float64).reshape(1, -1), x.shape)
    w0 = np.asarray(w0s, dtype=np.float64).reshape(-1, 1)
    w1 = np.asarray(w1s, dtype=np.float64).reshape(-1, 1)
    yhat = 1.0 / (1.0 + np.exp(-(w0 + w1 * x)))
    slope = yhat * (1.0 - yhat)
    return {"yhat": yhat, "slope": slope, "mse": 2.0 * (yhat - y) * slope, "bce": yhat - y}


def sgd_step(param, grad, lr: float) -> np.ndarray:
    """``param - lr * grad`` as torch's SGD computes it (``param.add_(grad, alpha=-lr)``), float32."""
    p = torch.tensor(np.asarray(param, dtype=np.float32))
    g = torch.tensor(np.asarray(grad, dtype=np.float32))
    with torch.no_grad():
        p.add_(g, alpha=-lr)
    return p.numpy()
