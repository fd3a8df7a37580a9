"""Forward passes through recorded weights: what each module of a net outputs for given inputs.

The diagram videos light up a network layer by layer; the values they show are
computed here, by torch, from the weights a recording kept (numpy out, so
scenes never touch torch).

>>> import engine
>>> from engine import forward
>>> rec = engine.record("05wk-2/mnist-gd")
>>> acts = forward.activations(rec, rec.data("x_show"), state=-1)
>>> [a.shape for a in acts]                 # input, then the output of every module
[(16, 784), (16, 32), (16, 32), (16, 1), (16, 1)]
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .architecture import build_model, describe
from .errors import EngineError
from .numerics import TRAIN_THREADS, fixed_threads
from .recording import Recording

__all__ = ["model_at", "activations", "module_outputs", "weights_at", "weight_scales", "strongest_units"]


def model_at(rec: Recording, state: int = -1) -> nn.Sequential:
    """The recorded net with its parameters at ``state`` (0 = initial, -1 = final), in eval mode.

    Building the model draws from torch's RNG for its default init; the global
    RNG state is restored afterwards so that nothing downstream shifts.
    """
    spec = tuple(tuple(layer) for layer in rec.config["model"])
    rng = torch.get_rng_state()
    try:
        net = build_model(spec)
    finally:
        torch.set_rng_state(rng)
    state_dict = {name: torch.from_numpy(np.array(values)) for name, values in rec.state_dict(state).items()}
    missing, unexpected = net.load_state_dict(state_dict, strict=False)
    if missing or unexpected:
        raise EngineError(f"recording {rec.id} does not match its model: missing {missing}, unexpected {unexpected}")
    return net.eval()


@torch.no_grad()
def module_outputs(net: nn.Sequential, x: np.ndarray, threads: int = TRAIN_THREADS) -> list[np.ndarray]:
    """``[x, m0(x), m1(m0(x)), ...]``: the input and the output of every module, as float32 numpy.

    Computed as a recording's prediction is (issue 25 saw 2 of 16 recorded probabilities move in the last
    bit on an AVX-512 machine): with ``threads`` intra-op threads (the caller's count is restored), as
    kernels split their sums by the thread count, and on a copy of ``x`` in torch's own (64-byte aligned)
    memory, as BLAS kernels may sum an unaligned row in another order.
    """
    describe(net)  # the clear error for a module a diagram cannot show
    h = torch.tensor(np.asarray(x, dtype=np.float32))  # a copy, allocated by torch as the recorder's inputs are
    outs = [h.numpy().copy()]
    with fixed_threads(threads):
        for module in net:
            h = module(h)
            outs.append(h.numpy().copy())
    return outs


def activations(rec: Recording, x: np.ndarray, state: int = -1) -> list[np.ndarray]:
    """Input and per-module outputs of ``rec``'s net at ``state`` on inputs ``x`` (n, in_features).

    Evaluated in eval mode and with the recording's thread count, as the recording's ``prediction``
    is, so on this machine the last entry on ``rec.data("x_show")`` equals ``rec.prediction[state]``.
    """
    threads = rec.meta.get("threads")
    if not (isinstance(threads, int) and not isinstance(threads, bool) and threads >= 1):
        threads = TRAIN_THREADS
    return module_outputs(model_at(rec, state), x, threads)


def weights_at(rec: Recording, state: int = -1) -> list[np.ndarray]:
    """The weight matrix ``W[out, in]`` of every Linear module at ``state``, in order."""
    return [rec.param(f"{s['name']}.weight")[state] for s in rec.architecture if s["kind"] == "linear"]


def weight_scales(rec: Recording, states=None, q: float = 99.0) -> list[float]:
    """One magnitude scale per Linear module: the ``q``-th percentile of |W| over ``states``.

    A fixed scale (not one per frame) lets a diagram show weights growing
    epoch by epoch; the percentile keeps a few large weights from washing out
    the rest.
    """
    scales = []
    for s in rec.architecture:
        if s["kind"] != "linear":
            continue
        w = rec.param(f"{s['name']}.weight")
        w = w if states is None else w[np.asarray(states)]
        scales.append(float(np.percentile(np.abs(w), q)) or 1.0)
    return scales


def strongest_units(rec: Recording, k: int, layer: int = 1, state: int = -1) -> np.ndarray:
    """Indices of the ``k`` hidden units whose outgoing weights in Linear number ``layer`` are largest.

    For a 784-32-1 net (``layer=1``), these are the hidden units that matter
    most to the output at ``state``: the ones worth showing as 28x28 images.
    """
    w = weights_at(rec, state)[layer]
    strength = np.abs(w).sum(axis=0)
    return np.argsort(-strength, kind="stable")[:k]
