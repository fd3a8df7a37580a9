"""Observe a training loop through hooks, without changing a single draw.

The loop stays the course's (or a teacher's own) four lines; the recorder only watches::

    rec = engine.Recorder(net, optimizr, loss_fn, x_show=x)
    with rec:
        for epoch in range(100):
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
    r = rec.save("media/recordings/mine/run.safetensors")   # a Recording, like the course's

It works for any ``nn.Module`` (parameters named as in its ``state_dict``), any torch
loss *module* (MSELoss, CrossEntropyLoss, BCEWithLogitsLoss...) and any optimizer (SGD
with momentum, AdamW...):

- a step pre-hook on the optimizer copies every gradient (and the loss and batch
  that produced it) just before an update, a step post-hook the parameters after;
- a forward hook on the loss module keeps the latest loss;
- each ``nn.Dropout`` gets a forward pre-hook that saves the RNG state and a
  forward hook that restores it and repeats torch's own draw, so the mask is
  the keep/drop draw itself; the RNG state must end where torch left it.

What it cannot see: a loss computed by a function (``F.mse_loss(...)``) instead of a
module (step() then fails with one line saying so), and dropout called as a function
(``F.dropout``) or other dropout modules (``Dropout2d``, ``AlphaDropout``): only
``nn.Dropout`` modules' masks are recorded.

Arrays grow in preallocated NumPy buffers, never in lists of tensors.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import torch
from torch import nn

from .errors import EngineError

__all__ = ["Recorder", "BatchLog", "RecorderResult", "dropout_mask"]

#: buffer capacity when the number of updates is not announced (buffers double as needed)
DEFAULT_CAPACITY = 128


class BatchLog:
    """Wrap a batch sampler and remember which sample indices each batch took.

    ``DataLoader(ds, batch_sampler=BatchLog(BatchSampler(sampler, n, False)))``
    draws exactly what ``DataLoader(ds, batch_size=n, shuffle=...)`` draws.
    """

    def __init__(self, batch_sampler: Iterable[list[int]]):
        self.batch_sampler = batch_sampler
        self.last: list[int] | None = None

    def __iter__(self):
        for batch in self.batch_sampler:
            self.last = list(batch)
            yield batch

    def __len__(self) -> int:
        return len(self.batch_sampler)


def _rng_state(device: torch.device) -> torch.Tensor:
    if device.type == "cuda":
        return torch.cuda.get_rng_state(device)
    return torch.get_rng_state()


def _set_rng_state(device: torch.device, state: torch.Tensor) -> None:
    if device.type == "cuda":
        torch.cuda.set_rng_state(state, device)
    else:
        torch.set_rng_state(state)


def dropout_mask(x: torch.Tensor, p: float) -> torch.Tensor:
    """Repeat the keep/drop draw torch's dropout makes for input ``x`` (True = kept)."""
    if x.is_cuda:
        # CUDA dropout is the fused kernel; calling it again from the same state
        # gives the same mask.
        return torch.native_dropout(x, p, True)[1]
    # CPU: aten's _dropout_impl draws `empty_like(input).bernoulli_(1 - p)`.
    return torch.empty_like(x).bernoulli_(1 - p).bool()


class _Buffer:
    """A preallocated array that doubles when a run turns out longer than announced."""

    def __init__(self, shape: tuple, dtype, capacity: int):
        self.data = np.empty((max(capacity, 1), *shape), dtype=dtype)
        self.n = 0

    def put(self, k: int, value) -> None:
        if k >= len(self.data):
            grown = np.empty((max(2 * len(self.data), k + 1), *self.data.shape[1:]), self.data.dtype)
            grown[: len(self.data)] = self.data
            self.data = grown
        self.data[k] = value
        self.n = max(self.n, k + 1)

    def array(self) -> np.ndarray:
        return self.data[: self.n]


@dataclass
class RecorderResult:
    """What a recorded run produced, as NumPy arrays keyed like the file (``params/0.weight``...)."""

    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    mask_shapes: dict[str, list[int]] = field(default_factory=dict)
    nonfinite_update: int | None = None


class Recorder:
    """Context manager that records a training run; hooks are removed on exit.

    Parameters
    ----------
    model, optimizer, loss_fn : the run's objects (any ``nn.Module``, optimizer and loss module).
    n_updates : how many optimizer steps are expected (sizes the buffers; optional,
        they grow when a run is longer).
    x_show : inputs on which the model's prediction (eval mode, no grad) is kept
        at every state.
    batches : the ``BatchLog`` feeding the DataLoader, for minibatch runs.
    mask_every : keep the dropout masks of updates 0, n, 2n, ...
    on_update : called with the number of updates done so far.
    """

    def __init__(
        self,
        model: nn.Module,
        optimizer: torch.optim.Optimizer,
        loss_fn: nn.Module,
        *,
        n_updates: int | None = None,
        x_show: torch.Tensor | None = None,
        batches: BatchLog | None = None,
        mask_every: int = 1,
        on_update: Callable[[int], None] | None = None,
    ):
        self.model, self.optimizer, self.loss_fn = model, optimizer, loss_fn
        self.x_show, self.batches = x_show, batches
        self.mask_every, self.on_update = mask_every, on_update
        if not isinstance(model, nn.Module):
            raise EngineError(f"Recorder takes an nn.Module as the model, got {type(model).__name__}")
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise EngineError(f"Recorder takes a torch.optim optimizer, got {type(optimizer).__name__}")
        if not isinstance(loss_fn, nn.Module):
            raise EngineError(
                f"Recorder needs the loss as a module (e.g. nn.MSELoss()), got {type(loss_fn).__name__}: "
                "a loss function such as F.mse_loss cannot be watched by a hook")
        self.n_updates = n_updates if n_updates is not None else DEFAULT_CAPACITY
        self.params = dict(model.named_parameters())
        cap = self.n_updates + 1
        self._p = {n: _Buffer(tuple(p.shape), np.float32, cap) for n, p in self.params.items()}
        self._g = {n: _Buffer(tuple(p.shape), np.float32, cap) for n, p in self.params.items()}
        self._loss = _Buffer((), np.float32, self.n_updates)
        self._pred: _Buffer | None = None
        self._batch_idx: list[list[int]] = []
        self._dropouts = {n: m for n, m in model.named_modules() if isinstance(m, nn.Dropout)}
        self._masks: dict[str, _Buffer] = {}
        self._mask_steps: dict[str, list[int]] = {n: [] for n in self._dropouts}
        self._mask_shape: dict[str, list[int]] = {}
        self._pending_mask: dict[str, torch.Tensor] = {}
        self._saved_rng: dict[str, torch.Tensor] = {}
        self._last_loss: torch.Tensor | None = None
        self._last_batch: tuple | None = None   # (x, y) of the last loss the run computed
        self._last_x: torch.Tensor | None = None
        self._handles: list = []
        self._step = 0
        self._quiet = False  # True while the recorder itself runs the model
        self.nonfinite_update: int | None = None

    # -- attaching -------------------------------------------------------------
    def __enter__(self) -> "Recorder":
        h = self._handles
        h.append(self.optimizer.register_step_pre_hook(self._before_step))
        h.append(self.optimizer.register_step_post_hook(self._after_step))
        h.append(self.loss_fn.register_forward_hook(self._on_loss))
        h.append(self.model.register_forward_pre_hook(self._on_input))
        for name, m in self._dropouts.items():
            h.append(m.register_forward_pre_hook(self._save_rng(name)))
            h.append(m.register_forward_hook(self._capture_mask(name)))
        self._snapshot_params(0)
        self._predict(0)
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    # -- hooks -----------------------------------------------------------------
    def _on_input(self, module, args) -> None:
        if not self._quiet and args and isinstance(args[0], torch.Tensor):
            self._last_x = args[0]

    def _on_loss(self, module, args, output) -> None:
        if not self._quiet:
            self._last_loss = output.detach()
            if self._last_x is not None and len(args) >= 2:
                self._last_batch = (self._last_x, args[1])

    def _save_rng(self, name: str):
        def hook(module, args):
            # only the draws of kept updates are replayed: the others cost nothing to skip
            if module.training and not self._quiet and self._step % self.mask_every == 0:
                self._saved_rng[name] = _rng_state(args[0].device)
        return hook

    def _capture_mask(self, name: str):
        def hook(module, args, output):
            if not module.training or self._quiet or module.p == 0 or name not in self._saved_rng:
                return
            x = args[0]
            after = _rng_state(x.device)
            _set_rng_state(x.device, self._saved_rng.pop(name))
            mask = dropout_mask(x, module.p)
            if not torch.equal(_rng_state(x.device), after):
                raise EngineError(
                    f"dropout mask replay of module {name!r} consumed a different number of random "
                    "draws than torch did; this torch version's dropout is not supported by the recorder"
                )
            self._pending_mask[name] = mask
        return hook

    def _before_step(self, optimizer, args, kwargs) -> None:
        k = self._step
        for n, p in self.params.items():
            if p.grad is None:
                self._g[n].put(k, np.zeros(p.shape, np.float32))
            else:
                self._g[n].put(k, p.grad.detach().cpu().numpy())
        if self._last_loss is None:
            raise EngineError("optimizer.step() ran before the loss module was called; record the loss through loss_fn")
        loss = float(self._last_loss)
        self._loss.put(k, loss)
        if not math.isfinite(loss) and self.nonfinite_update is None:
            self.nonfinite_update = k
        if self.batches is not None:
            self._batch_idx.append(self.batches.last)
        for name, mask in self._pending_mask.items():
            if k % self.mask_every == 0:
                flat = np.packbits(mask.cpu().numpy().ravel())
                if name not in self._masks:
                    cap = max(1, (self.n_updates + self.mask_every - 1) // self.mask_every)
                    self._masks[name] = _Buffer(flat.shape, np.uint8, cap)
                self._masks[name].put(len(self._mask_steps[name]), flat)
                self._mask_steps[name].append(k)
                self._mask_shape[name] = list(mask.shape)
        self._pending_mask.clear()

    def _after_step(self, optimizer, args, kwargs) -> None:
        self._step += 1
        self._snapshot_params(self._step)
        self._predict(self._step)
        if self.on_update:
            self.on_update(self._step)

    # -- snapshots -------------------------------------------------------------
    def _snapshot_params(self, k: int) -> None:
        for n, p in self.params.items():
            self._p[n].put(k, p.detach().cpu().numpy())

    @torch.no_grad()
    def _predict(self, k: int) -> None:
        if self.x_show is None:
            return
        was_training = self.model.training
        self._quiet = True
        try:
            self.model.eval()
            out = self.model(self.x_show).cpu().numpy()
        finally:
            self.model.train(was_training)
            self._quiet = False
        if self._pred is None:
            self._pred = _Buffer(out.shape, np.float32, self.n_updates + 1)
        self._pred.put(k, out)

    def final_gradient(self, x: torch.Tensor, y: torch.Tensor) -> float:
        """Loss and gradient at the last state on the full data, leaving RNG and grads as they were."""
        saved = {n: p.grad for n, p in self.params.items()}
        cuda = [x.device] if x.device.type == "cuda" else []
        self._quiet = True
        # fork_rng restores the CPU (and this CUDA device's) RNG: a dropout draw here changes nothing
        with torch.random.fork_rng(devices=cuda):
            try:
                for p in self.params.values():
                    p.grad = None
                loss = self.loss_fn(self.model(x), y)
                loss.backward()
                k = self._step
                for n, p in self.params.items():
                    g = p.grad if p.grad is not None else torch.zeros_like(p)
                    self._g[n].put(k, g.detach().cpu().numpy())
                return loss.item()
            finally:
                for n, p in self.params.items():
                    p.grad = saved[n]
                self._quiet = False

    # -- saving a run of one's own --------------------------------------------------
    def save(
        self,
        path: str | os.PathLike,
        *,
        id: str | None = None,
        epochs: int | None = None,
        data: tuple[torch.Tensor, torch.Tensor] | None = None,
        batch_size: int | None = None,
        script: str | None = None,
        identity: dict | None = None,
        layers=None,
    ):
        """Write the recorded run to ``path`` (safetensors, atomically) and return its ``Recording``.

        - ``id``: ``"<lecture>/<name>"`` (default ``"own/<file stem>"``), what scenes and errors call it.
        - ``epochs``: how many epochs the updates make (default: one update per epoch, i.e. full batch).
        - ``data``: ``(x, y)`` the final gradient and loss are computed on, and stored in the file
          (default: the last batch the loop fed to the model and the loss).
        - ``batch_size``: for minibatch runs, so the file says its losses are per batch.
        - ``script``: named in errors as the way to make the file again (default: the running script).
        - ``identity``: fields that say which keyed run this is (``engine.experiment`` passes its id,
          ``source`` and code hash, so the cache can tell the file is the run its name says).
        - ``layers``: for a model that is not a Sequential, its modules in forward order as
          ``(name, module)`` pairs (names as in its state_dict), so the file carries its architecture
          (see ``engine.describe``); a Sequential describes itself.

        The final gradient is computed with the RNG restored afterwards: saving changes no draw.
        """
        import sys

        from .architecture import describe
        from .numerics import numerics
        from .recording import load_recording, save_recording

        path = Path(path)
        n = self._step
        if n == 0:
            raise EngineError(f"{path}: nothing to save: optimizer.step() never ran inside `with recorder:`")
        epochs = n if epochs is None else int(epochs)
        if epochs < 1 or n % epochs:
            raise EngineError(f"{path}: {n} updates do not make {epochs} epochs of equal length; "
                              "pass epochs= that divides the number of updates")
        x, y = data if data is not None else (self._last_batch or (None, None))
        if x is None:
            raise EngineError(f"{path}: no (x, y) to compute the final gradient on; pass data=(x, y)")
        if script is None and sys.argv and sys.argv[0] not in ("", "-c"):
            script = sys.argv[0]
        final_loss = self.final_gradient(x, y)
        result = self.result()
        arrays = dict(result.arrays)
        arrays["loss/final"] = np.array(final_loss, dtype=np.float32)
        arrays["data/x"] = x.detach().cpu().numpy()
        arrays["data/y"] = y.detach().cpu().numpy()
        if self.x_show is not None:
            arrays["data/x_show"] = self.x_show.detach().cpu().numpy()
        if layers is not None:
            architecture = [spec.to_dict() for spec in describe(layers)]
            missing = [f"{a['name']}.weight" for a in architecture if a["kind"] == "linear"
                       and f"{a['name']}.weight" not in self.params]
            if missing:
                raise EngineError(f"{path}: layers name {missing[0]!r}, which the model has not (its parameters: "
                                  f"{', '.join(self.params)}); pass (name, module) pairs named as in its state_dict")
        else:
            try:
                architecture = [spec.to_dict() for spec in describe(self.model)]
            except EngineError:
                architecture = []   # not a Sequential: diagrams take the layers (save(layers=...) or from_layers)
        group = self.optimizer.param_groups[0]
        config = {
            "id": id or f"own/{path.stem}", "epochs": epochs, "batch_size": batch_size, "source": "own",
            "script": script, "model": type(self.model).__name__, "loss": type(self.loss_fn).__name__,
            "optimizer": type(self.optimizer).__name__,
            "lr": float(group["lr"]) if isinstance(group.get("lr"), (int, float)) else None,
            **(identity or {}),
        }
        device = next((p.device for p in self.params.values()), torch.device("cpu"))
        meta = {**numerics(), "threads": torch.get_num_threads(), "numpy": np.__version__,
                "device": str(device), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "nonfinite_update": result.nonfinite_update}
        metadata = {"config": config, "meta": meta, "architecture": architecture,
                    "mask_shapes": result.mask_shapes}
        try:
            save_recording(path, arrays, metadata)
        except OSError as e:
            raise EngineError(f"{path}: cannot write the recording ({e.strerror or e}); pick another path") from None
        return load_recording(path)

    # -- result ----------------------------------------------------------------
    def result(self) -> RecorderResult:
        arrays: dict[str, np.ndarray] = {}
        for n in self.params:
            arrays[f"params/{n}"] = self._p[n].array()
            arrays[f"grads/{n}"] = self._g[n].array()
        arrays["loss/update"] = self._loss.array()
        if self._pred is not None:
            arrays["preds/show"] = self._pred.array()
        if self.batches is not None:
            sizes = [len(b) for b in self._batch_idx]
            arrays["batches/indices"] = np.array([i for b in self._batch_idx for i in b], dtype=np.int64)
            arrays["batches/offsets"] = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        for name, buf in self._masks.items():
            arrays[f"masks/{name}"] = buf.array()
            arrays[f"masks/{name}/steps"] = np.array(self._mask_steps[name], dtype=np.int64)
        return RecorderResult(arrays, dict(self._mask_shape), self.nonfinite_update)
