"""The course's data, generated exactly as the course does (same seeds, same draw order).

`generate` seeds torch's global RNG as the course does; the
draws that follow (model initialisation, dropout) continue from that stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import torch

__all__ = ["CourseData", "generate", "GENERATORS", "load_mnist01", "sizes"]


@dataclass(frozen=True)
class CourseData:
    """Training tensors, the inputs predictions are recorded on, and arrays to keep.

    ``x_show`` is what a video plots the fit over (often the training inputs
    themselves); ``extras`` are stored in the recording under ``data/`` so that
    scenes never regenerate data.
    """

    x: torch.Tensor
    y: torch.Tensor
    x_show: torch.Tensor
    y_show: torch.Tensor
    extras: dict[str, np.ndarray] = field(default_factory=dict)


def logistic() -> CourseData:
    x = torch.linspace(-1, 1, 2000).reshape(2000, 1)
    prob = torch.exp(-1 + 5 * x) / (1 + torch.exp(-1 + 5 * x))
    y = torch.bernoulli(prob)
    return CourseData(x, y, x, y, {"prob": prob.numpy()})


def linreg() -> CourseData:
    x, _ = torch.randn(100).sort()
    eps = torch.randn(100) * 0.5
    y = x * 4 + 2.5 + eps
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
    return CourseData(x, y, x, y)


def noise(n_train: int = 80) -> CourseData:
    x_all = torch.linspace(0, 1, 100).reshape(100, 1)
    y_all = torch.randn(100).reshape(100, 1) * 0.01
    return CourseData(
        x_all[:n_train], y_all[:n_train], x_all, y_all,
        {"n_train": np.array(n_train, dtype=np.int64)},
    )


def noise_all() -> CourseData:
    """The course's 05wk-1 2B: the same 100 noise points, all of them trained on (no split yet)."""
    return noise(n_train=100)


def sum_of_relus() -> CourseData:
    x, _ = torch.randn(300).sort()
    y = torch.relu(20 * x) + torch.randn(300)
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
    return CourseData(x, y, x, y)


def cpu_vs_gpu() -> CourseData:
    x = torch.linspace(0, 1, 100).reshape(-1, 1)
    y = torch.randn(100).reshape(-1, 1) * 0.01
    return CourseData(x, y, x, y)


def ten_samples() -> CourseData:
    x = torch.tensor(range(10)).float().reshape(-1, 1)
    y = torch.tensor([1.0] * 5 + [0.0] * 5).reshape(-1, 1)
    return CourseData(x, y, x, y)


def load_mnist01() -> dict[str, np.ndarray]:
    """The shipped MNIST zeros-and-ones subset (see engine/data/MNIST01.md)."""
    path = resources.files("engine").joinpath("data/mnist01.npz")
    with resources.as_file(path) as p, np.load(p, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


#: test digits whose predicted probability the MNIST videos show: 8 zeros, 8 ones
MNIST_SHOW_PER_DIGIT = 8


def mnist01() -> CourseData:
    raw = load_mnist01()
    label = raw["train_label"]
    # All train zeros, then all train ones, each in original index order.
    order = np.concatenate([np.flatnonzero(label == 0), np.flatnonzero(label == 1)])
    images = raw["train_image"][order]
    X = torch.from_numpy(images.reshape(-1, 784)).float() / 255
    y = torch.from_numpy((label[order] == 1).astype(np.float32)).reshape(-1, 1)
    tl = raw["test_label"]
    pick = np.concatenate([np.flatnonzero(tl == d)[:MNIST_SHOW_PER_DIGIT] for d in (0, 1)])
    show = raw["test_image"][pick]
    x_show = torch.from_numpy(show.reshape(-1, 784)).float() / 255
    y_show = torch.from_numpy((tl[pick] == 1).astype(np.float32)).reshape(-1, 1)
    return CourseData(X, y, x_show, y_show, {
        "show_images": show, "show_index": raw["test_index"][pick],
    })


GENERATORS = {
    "logistic": logistic,
    "linreg": linreg,
    "noise": noise,
    "noise_all": noise_all,
    "sum_of_relus": sum_of_relus,
    "cpu_vs_gpu": cpu_vs_gpu,
    "ten_samples": ten_samples,
    "mnist01": mnist01,
}


#: (training samples, samples predictions are kept on) of each generator but MNIST's
_SIZES = {"logistic": (2000, 2000), "linreg": (100, 100), "noise": (80, 100), "noise_all": (100, 100),
          "sum_of_relus": (300, 300),
          "cpu_vs_gpu": (100, 100), "ten_samples": (10, 10)}


def sizes(name: str) -> tuple[int, int]:
    """(training samples, shown samples) of a generator, without drawing anything."""
    if name == "mnist01":
        path = resources.files("engine").joinpath("data/mnist01.npz")
        with resources.as_file(path) as p, np.load(p, allow_pickle=False) as npz:
            label = npz["train_label"]
        return int(np.isin(label, (0, 1)).sum()), 2 * MNIST_SHOW_PER_DIGIT
    return _SIZES[name]


def generate(name: str, seed: int | None) -> CourseData:
    """Seed torch's global RNG as the course does (``None``: the course seeds nothing), then draw."""
    if seed is not None:
        torch.manual_seed(seed)
    return GENERATORS[name]()
