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

It works for any ``nn.Module`` (parameters named as in its ``state_dict``), any loss and
any optimizer (SGD with momentum, AdamW...), and for several of each: ``model`` and
``optimizer`` may be dicts name -> module / optimizer (a GAN's ``{"faker": G, "police": D}``),
or ``None`` (a Q-learning loop that only logs its table with ``rec.log``):

- while the recorder is active, ``torch.autograd.backward`` (what ``loss.backward()``
  calls) is observed: the tensor of the last backward before a step is that step's loss;
- a step pre-hook on each optimizer copies the gradients of the models it updates (and the
  loss) just before an update, a step post-hook their parameters (and what is shown on
  ``x_show``: the output and the chosen modules' activations) after;
- each ``nn.Dropout`` gets a forward pre-hook that saves the RNG state and a
  forward hook that restores it and repeats torch's own draw, so the mask is
  the keep/drop draw itself; the RNG state must end where torch left it;
- ``rec.log(name, value)`` keeps any number or array the loop hands it.

What it cannot see: dropout called as a function (``F.dropout``) or other dropout modules
(``Dropout2d``, ``AlphaDropout``): only ``nn.Dropout`` modules' masks are recorded.

Arrays grow in preallocated NumPy buffers, never in lists of tensors.
"""

from __future__ import annotations

import math
import os
import re
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import memory
from .errors import EngineError

__all__ = ["Recorder", "BatchLog", "RecorderResult", "dropout_mask"]

#: the names of models, optimizers and logged values: they become parts of array names
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")

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
        return len(self.batch_sampler)  # type: ignore[arg-type]  # a BatchSampler has a length


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

    @property
    def nbytes(self) -> int:
        """Bytes of one entry."""
        return self.data[:1].nbytes

    def put(self, k: int, value) -> None:
        if k >= len(self.data):
            grown = np.empty((max(2 * len(self.data), k + 1), *self.data.shape[1:]), self.data.dtype)
            grown[: len(self.data)] = self.data
            self.data = grown
        self.data[k] = value
        self.n = max(self.n, k + 1)

    def array(self) -> np.ndarray:
        return self.data[: self.n]


def _np_dtype(dtype: torch.dtype):
    """The NumPy dtype a tensor of ``dtype`` is kept as: float64 stays float64, the rest float32."""
    return np.float64 if dtype == torch.float64 else np.float32


def _to_numpy(t: torch.Tensor) -> np.ndarray:
    t = t.detach()
    if t.dtype not in (torch.float32, torch.float64):
        t = t.float()
    return t.cpu().numpy()


# -- observing backward() -------------------------------------------------------------------
# ``loss.backward()`` calls ``torch.autograd.backward``; while a recorder is active that
# function is wrapped, so the tensor whose backward produced a step's gradients is known
# whatever computed it (a loss module, a sum of two calls of one, a function).
_ACTIVE: list[Recorder] = []
_ORIGINAL_BACKWARD: Any = None


def _observed_backward(tensors, *args, **kwargs):
    for rec in tuple(_ACTIVE):
        rec._on_backward(tensors)
    return _ORIGINAL_BACKWARD(tensors, *args, **kwargs)


def _watch_backward(rec: Recorder) -> None:
    global _ORIGINAL_BACKWARD
    if not _ACTIVE:
        _ORIGINAL_BACKWARD = torch.autograd.backward
        torch.autograd.backward = _observed_backward
    _ACTIVE.append(rec)


def _unwatch_backward(rec: Recorder) -> None:
    if rec in _ACTIVE:
        _ACTIVE.remove(rec)
    if not _ACTIVE and torch.autograd.backward is _observed_backward:
        torch.autograd.backward = _ORIGINAL_BACKWARD


def _named(what: str, value, cls, example: str) -> dict:
    """``{name: value}`` from a dict, ``{"": value}`` for one, ``{}`` for None; checked in one line."""
    if value is None:
        return {}
    if isinstance(value, dict):
        for name, v in value.items():
            if not isinstance(name, str) or not NAME.match(name):
                raise EngineError(f"Recorder: {what} name {name!r} must be letters, digits, '_', '-' or '.' "
                                  f"(it names arrays, e.g. {example})")
            if not isinstance(v, cls):
                raise EngineError(f"Recorder takes {what}s as a dict name -> {cls.__name__}; "
                                  f"{name!r} is a {type(v).__name__}")
        return dict(value)
    if not isinstance(value, cls):
        return {"": value}   # checked by the caller, with its historical message
    return {"": value}


def _first_layer(model: nn.Module) -> tuple[str, nn.Module] | None:
    for name, m in model.named_modules():
        if any(hasattr(m, a) for a in ("in_features", "in_channels", "input_size")):
            return name, m
    return None


def _expected_input(model: nn.Module) -> str:
    first = _first_layer(model)
    if first is None:
        return "inputs of the shape your loop feeds the model"
    name, m = first
    if hasattr(m, "in_features"):
        want = f"(n, {m.in_features})"
    elif hasattr(m, "in_channels"):
        want = f"(n, {m.in_channels}, ...)"
    else:
        want = f"(..., {m.input_size})"
    return f"{want}, what its first layer {name or type(m).__name__!r} ({type(m).__name__}) takes"


def _first_tensor(out):
    """A module's output as one tensor (an LSTM's ``(output, (h, c))`` is its output)."""
    while isinstance(out, (tuple, list)) and out:
        out = out[0]
    return out if isinstance(out, torch.Tensor) else None


@dataclass
class RecorderResult:
    """What a recorded run produced, as NumPy arrays keyed like the file (``params/0.weight``...)."""

    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    mask_shapes: dict[str, list[int]] = field(default_factory=dict)
    nonfinite_update: int | None = None
    streams: dict | None = None


class Recorder:
    """Context manager that records a training run; hooks are removed on exit.

    Parameters
    ----------
    model : an ``nn.Module``, a dict name -> module (parameters then named ``"<name>/<key>"``),
        or ``None`` (nothing but values given to ``log``).
    optimizer : a torch optimizer, a dict name -> optimizer (losses then read with
        ``loss_of(name)``), or ``None``. A model's state is kept after each step of an optimizer
        that holds its parameters (state 0 is the initial one).
    loss_fn : the loss module, for the final gradient that ``save`` computes on ``data``
        (a run of one model only); the loss of each step is taken from ``backward()`` itself.
    n_updates : how many optimizer steps are expected (sizes the buffers and checks the memory
        they need before training; optional, they grow when a run is longer).
    x_show : inputs on which the model's output (eval mode, no grad) is kept at every state;
        a dict name -> inputs for several models.
    activations : ``True`` (every module without submodules) or a list of module names
        (``"faker/0"`` for several models) whose outputs on ``x_show`` are kept at every state
        (a module called several times in one forward keeps its last call's output; a module
        returning a tuple, like ``nn.LSTM``, its first tensor).
    batches : the ``BatchLog`` feeding the DataLoader, for minibatch runs.
    mask_every : keep the dropout masks of updates 0, n, 2n, ...
    on_update : called with the number of updates done so far.
    """

    def __init__(
        self,
        model: nn.Module | dict | None,
        optimizer: torch.optim.Optimizer | dict | None,
        loss_fn: nn.Module | None = None,
        *,
        n_updates: int | None = None,
        x_show: torch.Tensor | dict | None = None,
        activations: bool | list | tuple = False,
        batches: BatchLog | None = None,
        mask_every: int = 1,
        on_update: Callable[[int], None] | None = None,
    ):
        # one model (``single``) or {name: model}; the loss function of a single model's run, if any
        self.model: Any = model
        self.optimizer: Any = optimizer
        self.loss_fn: Any = loss_fn
        self.x_show, self.batches = x_show, batches
        self.mask_every, self.on_update = mask_every, on_update
        self.models = _named("model", model, nn.Module, '"faker/0.weight"')
        self.optimizers = _named("optimizer", optimizer, torch.optim.Optimizer, '"losses/faker"')
        if model is not None and not isinstance(model, (nn.Module, dict)):
            raise EngineError(f"Recorder takes an nn.Module as the model, got {type(model).__name__}")
        if optimizer is not None and not isinstance(optimizer, (torch.optim.Optimizer, dict)):
            raise EngineError(f"Recorder takes a torch.optim optimizer, got {type(optimizer).__name__}")
        if isinstance(model, nn.Module) and not isinstance(optimizer, torch.optim.Optimizer):
            raise EngineError("Recorder: one model takes one optimizer; for a loop with several optimizers "
                              "(or none) name the model: Recorder({'net': net}, ...)")
        if loss_fn is not None and not isinstance(loss_fn, nn.Module):
            raise EngineError(
                f"Recorder needs the loss as a module (e.g. nn.MSELoss()), got {type(loss_fn).__name__}: "
                "a loss function such as F.mse_loss cannot be watched by a hook")
        #: the file layout of schema 1 (one model, one optimizer): its arrays keep their names
        self.single = isinstance(model, nn.Module)
        self.n_updates = n_updates if n_updates is not None else DEFAULT_CAPACITY
        self._announced = n_updates is not None
        prefix = (lambda m, k: k) if self.single else (lambda m, k: f"{m}/{k}")
        self._model_params = {m: [(prefix(m, k), p) for k, p in mod.named_parameters()]
                              for m, mod in self.models.items()}
        self.params = {n: p for ps in self._model_params.values() for n, p in ps}
        cap = self.n_updates + 1
        self._p = {n: _Buffer(tuple(p.shape), _np_dtype(p.dtype), cap) for n, p in self.params.items()}
        self._g = {n: _Buffer(tuple(p.shape), _np_dtype(p.dtype), cap) for n, p in self.params.items()}
        self._states: dict[str, list[int]] = {m: [] for m in self.models}        # update count of each kept state
        self._n_grads = {m: 0 for m in self.models}
        self._opt_models: dict[str, list[str]] = {}
        self._opt_params: dict[str, list[torch.Tensor]] = {}
        for o, opt in self.optimizers.items():
            held = {id(p) for g in opt.param_groups for p in g["params"]}
            self._opt_params[o] = [p for g in opt.param_groups for p in g["params"]]
            self._opt_models[o] = [m for m, ps in self._model_params.items() if any(id(p) in held for _, p in ps)]
        self._loss: dict[str, _Buffer] = {}
        self._loss_steps: dict[str, list[int]] = {o: [] for o in self.optimizers}
        self._show = self._show_inputs(x_show)
        self._pred: dict[str, _Buffer] = {}
        self._act_modules = self._activation_modules(activations)
        self._acts: dict[str, _Buffer] = {}
        self._act_now: dict[str, torch.Tensor] = {}
        self._logs: dict[str, _Buffer] = {}
        self._log_steps: dict[str, list[int]] = {}
        self._batch_idx: list[list[int] | None] = []
        self._dropouts = {(n if self.single else f"{m}/{n}"): mod
                          for m, model_ in self.models.items() for n, mod in model_.named_modules()
                          if isinstance(mod, nn.Dropout)}
        self._masks: dict[str, _Buffer] = {}
        self._mask_steps: dict[str, list[int]] = {n: [] for n in self._dropouts}
        self._mask_shape: dict[str, list[int]] = {}
        self._pending_mask: dict[str, torch.Tensor] = {}
        self._saved_rng: dict[str, torch.Tensor] = {}
        self._last_loss: torch.Tensor | None = None       # the tensor of the last backward()
        self._module_loss: torch.Tensor | None = None     # the loss module's last output
        self._last_batch: tuple | None = None   # (x, y) of the last loss the run computed
        self._last_x: torch.Tensor | None = None
        self._stale: dict[int, torch.Tensor] = {}   # parameters whose gradient an update has used
        self._zero_grad_warned = False
        self._handles: list = []
        self._step = 0
        self._quiet = False  # True while the recorder itself runs the model
        self.nonfinite_update: int | None = None

    def _show_inputs(self, x_show) -> dict[str, torch.Tensor]:
        if x_show is None:
            return {}
        if isinstance(x_show, dict):
            unknown = sorted(set(x_show) - set(self.models))
            if self.single or unknown:
                raise EngineError(f"Recorder: x_show names {unknown or sorted(x_show)}, which are not models "
                                  f"of this recording (models: {', '.join(self.models) or 'none'})")
            return dict(x_show)
        if len(self.models) != 1:
            raise EngineError("Recorder: with several models, x_show is a dict model name -> inputs "
                              f"(models: {', '.join(self.models) or 'none'})")
        return {next(iter(self.models)): x_show}

    def _activation_modules(self, activations) -> dict[str, tuple[str, nn.Module]]:
        """Recorded name -> (model, module) of the modules whose outputs on x_show are kept."""
        if activations is False or activations is None:
            return {}
        every = {(n if self.single else f"{m}/{n}"): (m, mod)
                 for m, model in self.models.items() for n, mod in model.named_modules() if n}
        if activations is True:
            chosen = {n: v for n, v in every.items() if not any(True for _ in v[1].children())}
        else:
            names = [activations] if isinstance(activations, str) else list(activations)
            missing = [n for n in names if n not in every]
            if missing:
                raise EngineError(f"Recorder: activations name module {missing[0]!r}, which the model has not "
                                  f"(its modules: {', '.join(every) or 'none'})")
            chosen = {n: every[n] for n in names}
        without = sorted({m for m, _ in chosen.values()} - set(self._show))
        if without:
            raise EngineError(f"Recorder: activations are the outputs on x_show; give x_show for "
                              f"{'the model' if self.single else repr(without[0])}")
        return chosen

    # -- attaching -------------------------------------------------------------
    def __enter__(self) -> Recorder:
        h = self._handles
        for o, opt in self.optimizers.items():
            h.append(opt.register_step_pre_hook(self._before_step(o)))
            h.append(opt.register_step_post_hook(self._after_step(o)))
        if self.loss_fn is not None and self.single:
            h.append(self.loss_fn.register_forward_hook(self._on_loss))
            h.append(self.model.register_forward_pre_hook(self._on_input))
        for name, m in self._dropouts.items():
            h.append(m.register_forward_pre_hook(self._save_rng(name)))
            h.append(m.register_forward_hook(self._capture_mask(name)))
        for name, (_, module) in self._act_modules.items():
            h.append(module.register_forward_hook(self._capture_activation(name)))
        _watch_backward(self)
        try:
            for m in self.models:
                self._first_snapshot(m)
            self._check_memory()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
        _unwatch_backward(self)

    def _first_snapshot(self, m: str) -> None:
        """State 0; x_show that the model cannot take is one line naming x_show and the shape it expects."""
        if m not in self._show:
            return self._snapshot(m)
        x = self._show[m]
        where = "x_show" if self.single or not isinstance(self.x_show, dict) else f"x_show[{m!r}]"
        if not isinstance(x, torch.Tensor):
            raise EngineError(f"Recorder: {where} must be a tensor, got {type(x).__name__}")
        try:
            self._snapshot(m)
        except (RuntimeError, ValueError, TypeError, IndexError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise EngineError(f"Recorder: {where} has shape {tuple(x.shape)}, which the model cannot take "
                              f"({first}); pass inputs of shape {_expected_input(self.models[m])}") from None

    def _check_memory(self) -> None:
        """Refuse, in one line and before the first update, a run whose recording cannot fit in memory."""
        if not self._announced:
            return
        from .memory import MEMORY_SHARE, gigabytes

        per_state = sum(b.nbytes for b in self._p.values()) + sum(b.nbytes for b in self._pred.values()) \
            + sum(b.nbytes for b in self._acts.values())
        per_update = sum(b.nbytes for b in self._g.values()) + 8 * max(1, len(self.optimizers))
        need = (self.n_updates + 1) * per_state + (self.n_updates + 1) * per_update
        avail = memory.available_memory()
        if avail is not None and need > MEMORY_SHARE * avail:
            fit = int((MEMORY_SHARE * avail - per_state) // max(per_state + per_update, 1))
            raise EngineError(
                f"Recorder: {self.n_updates} updates would keep about {gigabytes(need)} of recording in memory, "
                f"more than the {gigabytes(avail)} available; record fewer updates ({max(fit, 0)} fit), "
                "fewer activations or a smaller x_show"
            )

    # -- hooks -----------------------------------------------------------------
    def _on_backward(self, tensors) -> None:
        if self._quiet:
            return
        if isinstance(tensors, (tuple, list)) and len(tensors) == 1:
            tensors = tensors[0]
        if isinstance(tensors, torch.Tensor):
            self._last_loss = tensors.detach()
        if self._stale:
            # a gradient an update used, zeroed (or set to None) since: not left over
            for pid, p in list(self._stale.items()):
                if p.grad is None or not bool(p.grad.any()):
                    del self._stale[pid]

    def _on_input(self, module, args) -> None:
        if not self._quiet and args and isinstance(args[0], torch.Tensor):
            self._last_x = args[0]

    def _on_loss(self, module, args, output) -> None:
        if not self._quiet:
            self._module_loss = output.detach()   # the loss, should backward() not be seen
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

    def _capture_activation(self, name: str):
        def hook(module, args, output):
            if self._quiet:
                out = _first_tensor(output)
                if out is None:
                    raise EngineError(f"Recorder: module {name!r} returns {type(output).__name__}, not a tensor; "
                                      "leave it out of activations")
                self._act_now[name] = out
        return hook

    def _warn_left_over(self, o: str) -> None:
        which = f"optimizer {o!r}" if o else "the optimizer"
        warnings.warn(
            f"engine.Recorder: {which} stepped on gradients left over from its previous step (no zero_grad() "
            f"between them), so update {self._step}'s gradient is the previous one plus the new one; call "
            "optimizer.zero_grad() after each step (or before each backward) unless you accumulate on purpose",
            RuntimeWarning, stacklevel=3)
        self._zero_grad_warned = True
        self._stale.clear()

    def _before_step(self, o: str):
        models = self._opt_models[o]

        def hook(optimizer, args, kwargs) -> None:
            k = self._step
            if self._stale and not self._zero_grad_warned:
                for p in self._opt_params[o]:
                    if id(p) in self._stale and p.grad is not None and bool(p.grad.any()):
                        self._warn_left_over(o)
                        break
            for m in models:
                i = self._n_grads[m]
                for n, p in self._model_params[m]:
                    if p.grad is None:
                        self._g[n].put(i, np.zeros(p.shape, self._g[n].data.dtype))
                    else:
                        self._g[n].put(i, _to_numpy(p.grad))
                self._n_grads[m] = i + 1
            t = self._last_loss if self._last_loss is not None else self._module_loss
            if t is None:
                raise EngineError("optimizer.step() ran before any loss.backward() inside `with recorder:`; "
                                  "call backward() on the loss inside the `with` block")
            loss = float(t) if t.numel() == 1 else float(t.sum())
            if o not in self._loss:
                self._loss[o] = _Buffer((), _np_dtype(t.dtype), self.n_updates)
            self._loss[o].put(len(self._loss_steps[o]), loss)
            self._loss_steps[o].append(k)
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
        return hook

    def _after_step(self, o: str):
        models = self._opt_models[o]

        def hook(optimizer, args, kwargs) -> None:
            self._step += 1
            if not self._zero_grad_warned:
                for p in self._opt_params[o]:
                    self._stale[id(p)] = p
            for m in models:
                self._snapshot(m)
            if self.on_update:
                self.on_update(self._step)
        return hook

    # -- snapshots -------------------------------------------------------------
    def _snapshot(self, m: str) -> None:
        """Keep model ``m``'s parameters (and its output and activations on x_show) as its next state."""
        i = len(self._states[m])
        self._states[m].append(self._step)
        for n, p in self._model_params[m]:
            self._p[n].put(i, _to_numpy(p))
        if m in self._show:
            out, acts = self._run_on_show(m)
            if m not in self._pred:
                self._pred[m] = _Buffer(out.shape, out.dtype, self.n_updates + 1)
            self._pred[m].put(i, out)
            for name, a in acts.items():
                if name not in self._acts:
                    self._acts[name] = _Buffer(a.shape, a.dtype, self.n_updates + 1)
                self._acts[name].put(i, a)

    @torch.no_grad()
    def _run_on_show(self, m: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        model = self.models[m]
        was_training = model.training
        self._quiet = True
        self._act_now.clear()
        try:
            model.eval()
            out = _first_tensor(model(self._show[m]))
            if out is None:
                raise EngineError(f"Recorder: the model{'' if self.single else ' ' + repr(m)} does not return a "
                                  "tensor on x_show; leave x_show out")
            acts = {n: _to_numpy(t) for n, t in self._act_now.items()}
            return _to_numpy(out), acts
        finally:
            model.train(was_training)
            self._quiet = False
            self._act_now.clear()

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
                k = self._n_grads[""]
                for n, p in self.params.items():
                    g = p.grad if p.grad is not None else torch.zeros_like(p)
                    self._g[n].put(k, _to_numpy(g))
                return loss.item()
            finally:
                for n, p in self.params.items():
                    p.grad = saved[n]
                self._quiet = False

    # -- logged values ------------------------------------------------------------
    def log(self, name: str, value) -> None:
        """Keep ``value`` (a number, an array or a tensor: an accuracy, a Q-table, an episode's return,
        the hidden states of a sequence) under ``name``; ``Recording.series(name)`` reads the values
        back stacked in call order, ``series_steps(name)`` after how many updates each was logged.
        Every call of one name gives the same shape."""
        if not isinstance(name, str) or not NAME.match(name):
            raise EngineError(f"rec.log: name {name!r} must be letters, digits, '_', '-' or '.'")
        if isinstance(value, torch.Tensor):
            t = value.detach().cpu()
            a = (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).numpy().copy()
        else:
            a = np.array(value)
        if a.dtype.name not in _LOG_DTYPES:
            raise EngineError(f"rec.log({name!r}): a {type(value).__name__} of dtype {a.dtype} cannot be kept; "
                              "log numbers or numeric arrays")
        buf = self._logs.get(name)
        if buf is None:
            buf = self._logs[name] = _Buffer(a.shape, a.dtype, DEFAULT_CAPACITY)
            self._log_steps[name] = []
        elif a.shape != buf.data.shape[1:]:
            raise EngineError(f"rec.log({name!r}): a value of shape {a.shape} after values of shape "
                              f"{buf.data.shape[1:]}; every call of one name logs the same shape")
        elif a.dtype != buf.data.dtype:
            if not np.can_cast(a.dtype, buf.data.dtype, "same_kind"):
                raise EngineError(f"rec.log({name!r}): a {a.dtype} value after {buf.data.dtype} ones; "
                                  f"log {buf.data.dtype} values every time (e.g. float(...) from the first call)")
            a = a.astype(buf.data.dtype)
        buf.put(len(self._log_steps[name]), a)
        self._log_steps[name].append(self._step)

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
          (default: the last batch the loop fed to the model and the loss). Only a run of one model
          with its ``loss_fn`` gets a final gradient; the others store ``data`` if given.
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
        if n == 0 and self.optimizers:
            raise EngineError(f"{path}: nothing to save: optimizer.step() never ran inside `with recorder:`")
        if n == 0 and not self._logs and not self.models:
            raise EngineError(f"{path}: nothing to save: rec.log(...) never ran inside `with recorder:`")
        epochs = (n or 1) if epochs is None else int(epochs)
        if epochs < 1 or n % epochs:
            raise EngineError(f"{path}: {n} updates do not make {epochs} epochs of equal length; "
                              "pass epochs= that divides the number of updates")
        final = self.single and self.loss_fn is not None
        x, y = data if data is not None else (self._last_batch or (None, None))
        if final and x is None:
            raise EngineError(f"{path}: no (x, y) to compute the final gradient on; pass data=(x, y)")
        if script is None and sys.argv and sys.argv[0] not in ("", "-c"):
            script = sys.argv[0]
        final_loss = self.final_gradient(x, y) if final else None
        result = self.result()
        arrays = dict(result.arrays)
        if final:
            arrays["loss/final"] = np.array(final_loss, dtype=self._loss[""].data.dtype)
        if x is not None:
            arrays["data/x"] = x.detach().cpu().numpy()
            arrays["data/y"] = y.detach().cpu().numpy()
        for m, xs in self._show.items():
            arrays["data/x_show" if self.single or not isinstance(self.x_show, dict) else f"data/x_show/{m}"] = \
                xs.detach().cpu().numpy()
        architecture = []
        if layers is not None:
            architecture = [spec.to_dict() for spec in describe(layers)]
            missing = [f"{a['name']}.weight" for a in architecture if a["kind"] == "linear"
                       and f"{a['name']}.weight" not in self.params]
            if missing:
                raise EngineError(f"{path}: layers name {missing[0]!r}, which the model has not (its parameters: "
                                  f"{', '.join(self.params)}); pass (name, module) pairs named as in its state_dict")
        elif self.single:
            try:
                architecture = [spec.to_dict() for spec in describe(self.model)]
            except EngineError:
                architecture = []   # not a Sequential: diagrams take the layers (save(layers=...) or from_layers)
        def names(d: dict) -> str:
            return ", ".join(f"{k}={type(v).__name__}" for k, v in d.items())

        lr = None
        if len(self.optimizers) == 1:
            group = next(iter(self.optimizers.values())).param_groups[0]
            lr = float(group["lr"]) if isinstance(group.get("lr"), (int, float)) else None
        config = {
            "id": id or f"own/{path.stem}", "epochs": epochs, "batch_size": batch_size, "source": "own",
            "script": script,
            "model": type(self.model).__name__ if self.single else names(self.models),
            "loss": type(self.loss_fn).__name__ if self.loss_fn is not None else None,
            "optimizer": type(self.optimizer).__name__ if isinstance(self.optimizer, torch.optim.Optimizer)
            else names(self.optimizers),
            "lr": lr,
            **(identity or {}),
        }
        device = next((p.device for p in self.params.values()), torch.device("cpu"))
        meta = {**numerics(), "threads": torch.get_num_threads(), "numpy": np.__version__,
                "device": str(device), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "nonfinite_update": result.nonfinite_update}
        metadata = {"config": config, "meta": meta, "architecture": architecture,
                    "mask_shapes": result.mask_shapes}
        if result.streams is not None:
            metadata["streams"] = result.streams
        try:
            save_recording(path, arrays, metadata)
        except OSError as e:
            raise EngineError(f"{path}: cannot write the recording ({e.strerror or e}); pick another path") from None
        return load_recording(path)

    # -- result ----------------------------------------------------------------
    def result(self) -> RecorderResult:
        """The arrays of the run. One model with one optimizer keeps schema 1's names (``params/<key>``,
        ``loss/update``, ``preds/show``); any other recording is described by ``streams``."""
        arrays: dict[str, np.ndarray] = {}
        for n in self.params:
            arrays[f"params/{n}"] = self._p[n].array()
            arrays[f"grads/{n}"] = self._g[n].array()
        for o in self.optimizers:
            losses = self._loss[o].array() if o in self._loss else np.zeros(0, np.float32)
            arrays["loss/update" if o == "" else f"losses/{o}"] = losses
            if o != "":
                arrays[f"losses/{o}/steps"] = np.array(self._loss_steps[o], dtype=np.int64)
        for m, buf in self._pred.items():
            arrays["preds/show" if self.single else f"preds/{m}"] = buf.array()
        for name, buf in self._acts.items():
            arrays[f"acts/{name}"] = buf.array()
        for name, buf in self._logs.items():
            arrays[f"logs/{name}"] = buf.array()
            arrays[f"logs/{name}/steps"] = np.array(self._log_steps[name], dtype=np.int64)
        if self.batches is not None:
            taken = [b or [] for b in self._batch_idx]   # each update's batch (the BatchLog saw one before it)
            sizes = [len(b) for b in taken]
            arrays["batches/indices"] = np.array([i for b in taken for i in b], dtype=np.int64)
            arrays["batches/offsets"] = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        for name, buf in self._masks.items():
            arrays[f"masks/{name}"] = buf.array()
            arrays[f"masks/{name}/steps"] = np.array(self._mask_steps[name], dtype=np.int64)
        streams = None
        if not self.single:
            for m in self.models:
                arrays[f"states/{m}"] = np.array(self._states[m], dtype=np.int64)
            streams = {"models": {m: [o for o in self.optimizers if m in self._opt_models[o]] for m in self.models},
                       "optimizers": list(self.optimizers), "n_updates": self._step}
        return RecorderResult(arrays, dict(self._mask_shape), self.nonfinite_update, streams)


#: what ``Recorder.log`` keeps (the dtypes a recording can hold)
_LOG_DTYPES = ("bool", "uint8", "int8", "int16", "uint16", "float16", "int32", "uint32", "float32", "float64",
               "int64", "uint64")
