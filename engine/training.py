"""The course's training loops, run exactly as taught, with a Recorder watching."""

from __future__ import annotations

import contextlib
import platform
import time
from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.utils.data import BatchSampler, DataLoader, RandomSampler, SequentialSampler, TensorDataset

from . import datasets, memory
from .architecture import build_model, describe
from .errors import EngineError
from .experiments import ExperimentConfig
from .numerics import fixed_threads, numerics
from .recorder import BatchLog, Recorder
from .run_code import run_code_sha

__all__ = ["train", "make_loss", "make_optimizer", "time_training", "TIMING_THREADS", "TIMING_REPEATS", "TrainedRun",
           "estimate_recording_bytes",
           "check_memory"]

#: training inputs larger than this many numbers are not copied into recordings
MAX_STORED_INPUTS = 1_000_000
#: the CPU-vs-GPU timings: intra-op threads on the CPU (the plain loop on one core), and runs per
#: width whose median is kept (one run on a shared machine can be slowed by the others)
TIMING_THREADS, TIMING_REPEATS = 1, 5


def make_loss(name: str) -> nn.Module:
    if name == "mse":
        return nn.MSELoss()
    if name == "bce":
        return nn.BCELoss()
    if name == "sse":  # the course's sum_i (y_i - yhat_i)^2
        return nn.MSELoss(reduction="sum")
    raise EngineError(f"unknown loss {name!r}; use mse, bce or sse")


def make_optimizer(name: str, params, lr: float | None) -> torch.optim.Optimizer:
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}.get(name)
    if cls is None:
        raise EngineError(f"unknown optimizer {name!r}; use sgd or adam")
    return cls(params) if lr is None else cls(params, lr=lr)


def _device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise EngineError("--device cuda asked for, but torch sees no CUDA GPU here; use --device cpu")
    return torch.device(name)


class TrainedRun:
    """Arrays and metadata of one finished run, ready for ``save_recording``."""

    def __init__(self, arrays: dict[str, np.ndarray], metadata: dict, model: nn.Module):
        self.arrays, self.metadata, self.model = arrays, metadata, model


def build(cfg: ExperimentConfig):
    """Data, model, loss and optimizer in the course's order of random draws."""
    data = datasets.generate(cfg.data, cfg.data_seed)
    if cfg.model_seed is not None:
        torch.manual_seed(cfg.model_seed)
    net = build_model(cfg.model)
    state = net.state_dict()
    with torch.no_grad():
        for name, values in cfg.init:
            state[name].copy_(torch.tensor(values, dtype=state[name].dtype))
    return data, net


def train(
    cfg: ExperimentConfig,
    *,
    record: bool = True,
    on_update: Callable[[int, int], None] | None = None,
) -> TrainedRun:
    """Train one experiment as the course does; with ``record`` keep every state.

    ``on_update(done, total)`` reports progress in optimizer updates. Training runs with
    ``numerics.TRAIN_THREADS`` intra-op threads (the caller's count is restored), so the
    float32 numbers do not depend on how many cores the machine has. A recording that
    would not fit in memory is refused before the first update.
    """
    if record:
        check_memory(cfg)
    with fixed_threads():
        run = _train(cfg, record=record, on_update=on_update)
    if cfg.timing_widths:
        run.arrays.update(time_training(cfg, cfg.timing_widths))
        run.metadata["meta"]["timing_threads"] = TIMING_THREADS
    return run


def _train(cfg: ExperimentConfig, *, record: bool, on_update) -> TrainedRun:
    device = _device(cfg.device)
    data, net = build(cfg)
    net = net.to(device)
    x, y = data.x.to(device), data.y.to(device)
    loss_fn = make_loss(cfg.loss)
    optimizr = make_optimizer(cfg.optimizer, net.parameters(), cfg.lr)

    batches = dl = None
    if cfg.batch_size is not None:
        ds = TensorDataset(x, y)
        sampler = RandomSampler(ds) if cfg.shuffle else SequentialSampler(ds)
        # Same draws as DataLoader(ds, batch_size=..., shuffle=...), with the indices logged.
        batches = BatchLog(BatchSampler(sampler, cfg.batch_size, drop_last=False))
        dl = DataLoader(ds, batch_sampler=batches)
    per_epoch = len(batches) if batches is not None else 1
    total = cfg.epochs * per_epoch

    recorder = (
        Recorder(net, optimizr, loss_fn, n_updates=total, x_show=data.x_show.to(device), batches=batches,
                 mask_every=cfg.mask_every, on_update=(lambda k: on_update(k, total)) if on_update else None)
        if record else contextlib.nullcontext()
    )
    started = time.perf_counter()
    with recorder:
        for epoch in range(cfg.epochs):
            if dl is None:
                yhat = net(x)
                loss = loss_fn(yhat, y)
                loss.backward()
                optimizr.step()
                optimizr.zero_grad()
            else:
                for xi, yi in dl:
                    yhat = net(xi)
                    loss = loss_fn(yhat, yi)
                    loss.backward()
                    optimizr.step()
                    optimizr.zero_grad()
            if not record and on_update:
                on_update((epoch + 1) * per_epoch, total)
    wall = time.perf_counter() - started

    meta = {
        **numerics(), "code": run_code_sha(cfg), "numpy": np.__version__, "python": platform.python_version(),
        "device": str(device), "device_name": _device_name(device), "wall_seconds": round(wall, 4),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    arrays: dict[str, np.ndarray] = {}
    mask_shapes: dict = {}
    if record:
        assert isinstance(recorder, Recorder)
        final_loss = recorder.final_gradient(x, y)
        result = recorder.result()
        arrays.update(result.arrays)
        mask_shapes = result.mask_shapes
        arrays["loss/final"] = np.array(final_loss, dtype=np.float32)
        meta["nonfinite_update"] = result.nonfinite_update
    for name, t in (("x", data.x), ("y", data.y), ("x_show", data.x_show), ("y_show", data.y_show)):
        # MNIST's 40 MB of inputs ship with the package already; keep only what is small
        if name == "x" and t.numel() > MAX_STORED_INPUTS:
            continue
        arrays[f"data/{name}"] = t.cpu().numpy()
    for name, a in data.extras.items():
        arrays[f"data/{name}"] = np.asarray(a)
    if cfg.classifier:
        arrays["metrics/train_accuracy"] = np.array(_accuracy(net, x, y), dtype=np.float64)
    metadata = {
        "config": cfg.to_dict(), "meta": meta,
        "architecture": [s.to_dict() for s in describe(net)], "mask_shapes": mask_shapes,
    }
    return TrainedRun(arrays, metadata, net)


@torch.no_grad()
def _accuracy(net: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    was = net.training
    net.eval()
    try:
        return ((net(x) > 0.5) == y).float().mean().item()
    finally:
        net.train(was)


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return platform.processor() or platform.machine()


def time_training(cfg: ExperimentConfig, widths, repeats: int = TIMING_REPEATS) -> dict[str, np.ndarray]:
    """Time the course's 1 -> width -> 1 training loop on every device torch sees.

    ``timing/<device>`` is the median wall time of ``repeats`` runs of ``cfg.timing_epochs`` epochs
    (after a warm-up), ``timing/<device>_cpu`` the median CPU time of the process over the same runs:
    a machine busy with other work shows as wall > CPU. The CPU runs on ``TIMING_THREADS`` intra-op
    thread (the caller's count is restored): on a loaded machine more threads only wait for each other.
    A device that is not there gets no column: a GPU figure is never invented.
    """
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    out = {"timing/widths": np.array(widths, dtype=np.int64),
           "timing/epochs": np.array(cfg.timing_epochs, dtype=np.int64),
           "timing/repeats": np.array(repeats, dtype=np.int64)}
    state = torch.get_rng_state()
    try:
        for dev in devices:
            seconds, cpu_seconds = [], []
            for w in widths:
                data = datasets.generate(cfg.data, cfg.data_seed)
                x, y = data.x.to(dev), data.y.to(dev)
                net = nn.Sequential(nn.Linear(1, w), nn.ReLU(), nn.Linear(w, 1)).to(dev)
                opt = torch.optim.Adam(net.parameters())
                loss_fn = nn.MSELoss()

                def epochs(n):
                    for _ in range(n):
                        loss = loss_fn(net(x), y)
                        loss.backward()
                        opt.step()
                        opt.zero_grad()
                    _sync(dev)

                with fixed_threads(TIMING_THREADS) if dev == "cpu" else contextlib.nullcontext():
                    epochs(3)  # warm-up: first CUDA kernels and allocations are not training time
                    runs = []
                    for _ in range(repeats):
                        t0, c0 = time.perf_counter(), time.process_time()
                        epochs(cfg.timing_epochs)
                        runs.append((time.perf_counter() - t0, time.process_time() - c0))
                seconds.append(float(np.median([r[0] for r in runs])))
                cpu_seconds.append(float(np.median([r[1] for r in runs])))
            out[f"timing/{dev}"] = np.array(seconds, dtype=np.float64)
            out[f"timing/{dev}_cpu"] = np.array(cpu_seconds, dtype=np.float64)
    finally:
        torch.set_rng_state(state)
    return out


def _sync(dev: str) -> None:
    if dev == "cuda":
        torch.cuda.synchronize()


# -- resources --------------------------------------------------------------------------

def _n_params(spec: tuple) -> int:
    n = 0
    for kind, *args in spec:
        if kind == "linear":
            n_in, n_out, *rest = args
            n += n_in * n_out + (n_out if (rest[0] if rest else True) else 0)
    return n


def _dropout_widths(spec: tuple) -> list[int]:
    """Features entering each dropout layer (the out_features of the linear before it)."""
    widths, width = [], None
    for kind, *args in spec:
        if kind == "linear":
            width = args[1]
        elif kind == "dropout":
            widths.append(width or 1)
    return widths


def estimate_recording_bytes(cfg: ExperimentConfig) -> int:
    """Bytes the recorder keeps for ``cfg`` (params and grads of every state, predictions,
    losses, batch indices, packed dropout masks): its memory while training and the file's size."""
    n_train, n_show = datasets.sizes(cfg.data)
    per_epoch = 1 if cfg.batch_size is None else -(-n_train // cfg.batch_size)
    updates = cfg.epochs * per_epoch
    states = updates + 1
    out = next((args[1] for kind, *args in reversed(cfg.model) if kind == "linear"), 1)
    total = 2 * states * _n_params(cfg.model) * 4 + states * n_show * out * 4 + updates * 4
    if cfg.batch_size is not None:
        total += cfg.epochs * n_train * 8 + states * 8
    rows = n_train if cfg.batch_size is None else min(cfg.batch_size, n_train)
    n_masks = -(-updates // cfg.mask_every)
    total += sum(n_masks * -(-rows * w // 8) for w in _dropout_widths(cfg.model))
    return total


def check_memory(cfg: ExperimentConfig) -> int:
    """Refuse (one line: the estimate and the fix) a recording that cannot fit in memory."""
    need = estimate_recording_bytes(cfg)
    avail = memory.available_memory()
    if avail is None or need <= memory.MEMORY_SHARE * avail:
        return need
    per_epoch = need / cfg.epochs
    fit = int(memory.MEMORY_SHARE * avail // per_epoch)
    hint = f"use fewer epochs (--epochs {fit} or less fits)" if fit >= 1 else "use a smaller model"
    if _dropout_widths(cfg.model):
        hint += " or keep fewer dropout masks (a larger mask_every)"
    raise EngineError(f"{cfg.id} with {cfg.epochs} epochs would keep about {memory.gigabytes(need)} of recording in "
                      f"memory, more than the {memory.gigabytes(avail)} available; {hint}")
