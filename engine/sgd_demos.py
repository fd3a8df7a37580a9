"""The torch side of 05wk-2's SGD motivation and GPU-usage parts: small demos computed at render time, as NumPy.

Seeds and sizes, written down once:

=======================  ==========  ==============================================================
``BIG_N``                100,000     ``x = linspace(-10, 10, 100000)``, as the course
``BIG_SEED``             43052       ``torch.manual_seed`` before ``eps = randn(100000)`` (the course
                                     draws eps unseeded; its usual seed makes the video reproducible)
``EVERY``                100         the course's idea: use 1 point in 100 (``x[::100]``)
=======================  ==========  ==============================================================

Never imports manim.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .numerics import fixed_threads

__all__ = ["BIG_N", "BIG_SEED", "EVERY", "LineFit", "Motivation", "motivation", "fit_line",
           "dataset_views", "device_semantics", "demo_device"]

BIG_N = 100_000
BIG_SEED = 43052
EVERY = 100


@dataclass(frozen=True)
class LineFit:
    """The least-squares line ``yhat = w0 + w1 x`` of some points."""

    w0: float
    w1: float
    n: int


@dataclass(frozen=True)
class Motivation:
    """The course's 100,000 points, the 1-in-100 subsample, and the line fitted to each (by torch)."""

    x_sub: np.ndarray       # (n / every,) the points kept, x[::every]
    y_sub: np.ndarray
    n: int                  # all points
    every: int
    fit_all: LineFit
    fit_sub: LineFit
    slope_true: float       # the course's y = 2x + eps
    megabytes_all: float    # x and y of all points as float32 (what x.to("cuda:0") would copy)
    megabytes_sub: float
    x_all: np.ndarray       # (n,) every point, for drawing all of them as a density (float32)
    y_all: np.ndarray


def fit_line(x: torch.Tensor, y: torch.Tensor) -> LineFit:
    """Least squares of ``y`` on ``[1, x]``: the closed form in float64 torch sums.

    Not ``torch.linalg.lstsq``: its LAPACK solve gave fits differing in the last bit when
    called twice on the same data in one process. Torch's own sums, with the engine's fixed
    thread count, give the same bits every time.
    """
    x, y = x.double().reshape(-1), y.double().reshape(-1)
    with fixed_threads():
        xm, ym = x.mean(), y.mean()
        w1 = ((x - xm) * (y - ym)).sum() / ((x - xm) ** 2).sum()
        w0 = ym - w1 * xm
    return LineFit(float(w0), float(w1), int(x.shape[0]))


def motivation(n: int = BIG_N, every: int = EVERY, seed: int = BIG_SEED) -> Motivation:
    """The course's data ``y = 2x + eps`` on ``linspace(-10, 10, n)``; fits on all and on every ``every``-th point."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        x = torch.linspace(-10, 10, n).reshape(-1, 1)
        eps = torch.randn(n).reshape(-1, 1)
    y = x * 2 + eps
    xs, ys = x[::every], y[::every]
    size = lambda t: t.numel() * t.element_size() / 1e6  # noqa: E731
    return Motivation(
        x_sub=xs[:, 0].numpy().copy(), y_sub=ys[:, 0].numpy().copy(), n=n, every=every,
        fit_all=fit_line(x, y), fit_sub=fit_line(xs, ys), slope_true=2.0,
        megabytes_all=size(x) + size(y), megabytes_sub=size(xs) + size(ys),
        x_all=x[:, 0].numpy().copy(), y_all=y[:, 0].numpy().copy(),
    )


def dataset_views() -> dict:
    """The course's ten samples in a ``TensorDataset``: what ``ds.tensors``, ``ds[0]`` and ``(x, y)[0]`` are.

    Returns plain Python values read from torch: ``tensors`` (two lists), ``item0`` (the pair
    ``ds[0]`` as two lists), ``tuple0`` (``(x, y)[0]``: all of x), their shapes, and ``len``.
    """
    x = torch.tensor(range(10)).float().reshape(-1, 1)
    y = torch.tensor([1.0] * 5 + [0.0] * 5).reshape(-1, 1)
    ds = torch.utils.data.TensorDataset(x, y)
    a, b = ds[0]
    first = (x, y)[0]
    return {
        "tensors": [t[:, 0].tolist() for t in ds.tensors],
        "tensor_shapes": [tuple(t.shape) for t in ds.tensors],
        "item0": (a.tolist(), b.tolist()),
        "item0_shapes": (tuple(a.shape), tuple(b.shape)),
        "tuple0": first[:, 0].tolist(),
        "tuple0_shape": tuple(first.shape),
        "len": len(ds),
        "item0_repr": repr(ds[0]),                    # torch's own text: (tensor([0.]), tensor([1.]))
        "tuple0_repr": repr(first),                   # tensor([[0.],\n        [1.], ... [9.]]): torch's print
    }


def demo_device() -> str:
    """``cuda:0`` where torch sees a GPU, else ``meta`` (a device with no data: same ``.to`` semantics)."""
    return "cuda:0" if torch.cuda.is_available() else "meta"


def device_semantics(device: str | None = None) -> dict:
    """What ``.to(device)`` does to a tensor and to a net, checked with torch now.

    ``tensor_is_copy``: ``x.to(device) is not x``; ``x_device``: where ``x`` still is;
    ``copy_device``: where the result is; ``net_is_same``: ``net.to(device) is net``;
    ``net_device``: where the net's weight is afterwards; ``mismatch_error``: torch's own message when
    the moved net gets the course's CPU tensor (``net_gpu(x_cpu)``), raised and caught now.
    """
    device = device or demo_device()
    x = torch.tensor([1, 2, 3])
    x_moved = x.to(device)
    net = torch.nn.Linear(1, 1)
    same = net.to(device) is net
    x_cpu = torch.tensor([0.0, 0.1, 0.2]).reshape(-1, 1)
    try:
        net(x_cpu)
        error = ""
    except RuntimeError as e:
        error = str(e).splitlines()[0]
    return {
        "device": device,
        "tensor_is_copy": x_moved is not x,
        "x_device": str(x.device),
        "copy_device": str(x_moved.device),
        "net_is_same": same,
        "net_device": str(net.weight.device),
        "mismatch_error": error,
    }
