"""The torch side of the dropout videos (05wk-1): small demos and exact replays, as NumPy.

Every function here is a pure function of a recording and/or an explicit seed:
the global RNG is seeded right before each draw (and restored afterwards), so
a scene and a test calling the same function see the same numbers.

Seeds, written down once:

==========================  =========  ===================================================
``ARITHMETIC_SEED``         43052      ``u = randn(10, 2)`` of the arithmetic and placement
                                       demos (the course's usual seed)
``ARITHMETIC_P``            0.9        ``Dropout(0.9)(u)``, as the course
``ARITHMETIC_MASK_SEED``    9          reseeded right before ``Dropout(0.9)``: keeps 3 of
                                       the 20 cells, so some survivors are on screen (the
                                       course seeds once and relies on luck)
``PLACEMENT_P``             0.5        dropout next to relu / sigmoid: with half the cells
                                       kept both sides show zeros *and* survivors
``PLACEMENT_MASK_SEED``     0          reseeded before *each* dropout call, so both sides
                                       of every comparison use the same mask
``TRAIN_MODE_SEED``         2024       the training-mode draws of the trained dropout net
``THINNING_SEED``           0          the keep-10% masks of the sum-of-ReLUs demo
``MASK_MEAN_SEED``          0          the many masks whose mean total the summary shows
``SCALING_P``               0.9        the course's supposition in 05wk-1 D ("what if only 10%
                                       of the 1,000 ReLUs were used?"): dropout with p = 0.9 on
                                       the trained net's pieces, so survivors need x10
==========================  =========  ===================================================

Never imports manim.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .architecture import build_model
from .recorder import dropout_mask
from .recording import Recording

__all__ = [
    "ARITHMETIC_SEED", "ARITHMETIC_P", "ARITHMETIC_MASK_SEED", "PLACEMENT_P", "PLACEMENT_MASK_SEED",
    "TRAIN_MODE_SEED", "THINNING_SEED", "SCALING_P", "dropout_p",
    "DropoutDraw", "seeded_dropout", "arithmetic_demo", "PlacementDemo", "placement_demo",
    "model_at", "train_mode_output", "train_mode_draws", "eval_output", "split_mse",
    "kept_fraction", "MASK_MEAN_SEED", "MaskedSums", "masked_sums", "ReluPieces", "relu_pieces", "thinned_sums",
    "TrainingFlagDemo", "training_flag_demo", "UnitTerms", "unit_terms", "zero_mse",
]

ARITHMETIC_SEED = 43052
ARITHMETIC_P = 0.9
ARITHMETIC_MASK_SEED = 9
PLACEMENT_P = 0.5
PLACEMENT_MASK_SEED = 0
TRAIN_MODE_SEED = 2024
THINNING_SEED = 0
SCALING_P = 0.9
MASK_MEAN_SEED = 0


@contextlib.contextmanager
def _rng_kept():
    """Leave torch's global RNG as it was found, whatever the block draws."""
    state = torch.get_rng_state()
    try:
        yield
    finally:
        torch.set_rng_state(state)


@dataclass(frozen=True)
class DropoutDraw:
    """One ``nn.Dropout(p)`` call: its input, the keep draw, and both modes' outputs.

    ``train`` is what torch returned in training mode; ``mask`` is the keep/drop
    draw it made (True = kept, replayed from the same RNG state, never read off
    the zeros); ``eval`` is the output after ``.eval()``.
    """

    p: float
    input: np.ndarray
    mask: np.ndarray
    train: np.ndarray
    eval: np.ndarray

    @property
    def scale(self) -> float:
        """What survivors are multiplied by, ``1/(1-p)`` in float32, as torch divides the keep draw by ``1-p``."""
        return float(np.float32(1) / np.float32(1 - self.p))

    @property
    def n_kept(self) -> int:
        return int(self.mask.sum())


def seeded_dropout(x: torch.Tensor, p: float, seed: int) -> DropoutDraw:
    """Apply ``nn.Dropout(p)`` to ``x`` right after ``torch.manual_seed(seed)``, both modes.

    The global RNG is restored afterwards.
    """
    drop = nn.Dropout(p)
    with _rng_kept(), torch.no_grad():
        torch.manual_seed(seed)
        before = torch.get_rng_state()
        out = drop(x)
        after = torch.get_rng_state()
        torch.set_rng_state(before)
        mask = dropout_mask(x, p)
        assert torch.equal(torch.get_rng_state(), after), "mask replay drew a different amount"
        drop.eval()
        ev = drop(x)
    return DropoutDraw(float(p), x.numpy().copy(), mask.numpy(), out.numpy(), ev.numpy())


def _u(seed: int = ARITHMETIC_SEED) -> torch.Tensor:
    with _rng_kept():
        torch.manual_seed(seed)
        return torch.randn(10, 2)


def arithmetic_demo(seed: int = ARITHMETIC_SEED, p: float = ARITHMETIC_P,
                    mask_seed: int = ARITHMETIC_MASK_SEED) -> DropoutDraw:
    """``u = randn(10, 2)`` after ``manual_seed(seed)``, then ``Dropout(p)(u)`` after ``manual_seed(mask_seed)``."""
    return seeded_dropout(_u(seed), p, mask_seed)


@dataclass(frozen=True)
class PlacementDemo:
    """dropout next to an activation, in both orders, each dropout call reseeded to ``mask_seed``.

    ``relu_then_drop`` is dropout(relu(u)), ``drop_then_relu`` relu(dropout(u)),
    and likewise for sigmoid.
    """

    u: np.ndarray
    mask: np.ndarray
    p: float
    relu_then_drop: np.ndarray
    drop_then_relu: np.ndarray
    sigmoid_then_drop: np.ndarray
    drop_then_sigmoid: np.ndarray


def placement_demo(seed: int = ARITHMETIC_SEED, p: float = PLACEMENT_P,
                   mask_seed: int = PLACEMENT_MASK_SEED) -> PlacementDemo:
    """Where dropout goes: the same mask on both sides of relu and of sigmoid."""
    u = _u(seed)
    d_u = seeded_dropout(u, p, mask_seed)
    d_relu = seeded_dropout(torch.relu(u), p, mask_seed)
    d_sig = seeded_dropout(torch.sigmoid(u), p, mask_seed)
    # The same seed and the same shape give the same mask on every side.
    assert (d_u.mask == d_relu.mask).all() and (d_u.mask == d_sig.mask).all()
    t = torch.from_numpy(d_u.train)
    return PlacementDemo(
        u=u.numpy(), mask=d_u.mask, p=float(p),
        relu_then_drop=d_relu.train, drop_then_relu=torch.relu(t).numpy(),
        sigmoid_then_drop=d_sig.train, drop_then_sigmoid=torch.sigmoid(t).numpy(),
    )


@dataclass(frozen=True)
class MaskedSums:
    """Totals of ``x`` after ``Dropout(p)`` (training mode), one per mask torch drew, summed in float64.

    ``total`` is x's own total; ``mean`` the mean over the ``n_masks`` masks (about ``total``: the
    survivors' x1/(1-p) keeps the *expected* total, not each mask's); ``std`` one mask's spread.
    """

    p: float
    n_masks: int
    total: float
    mean: float
    std: float


def masked_sums(x: np.ndarray, p: float, n_masks: int = 1_000_000, seed: int = MASK_MEAN_SEED) -> MaskedSums:
    """``nn.Dropout(p)`` on ``n_masks`` copies of ``x`` after ``manual_seed(seed)``: the totals' mean and spread."""
    drop = nn.Dropout(p)
    with _rng_kept(), torch.no_grad():
        torch.manual_seed(seed)
        flat = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).reshape(1, -1)
        sums = drop(flat.repeat(n_masks, 1)).double().sum(dim=1)
    return MaskedSums(float(p), int(n_masks), float(np.asarray(x, dtype=np.float64).sum()),
                      float(sums.mean()), float(sums.std()))


# -- the recorded dropout nets ---------------------------------------------------------------

def model_at(rec: Recording, state: int = -1) -> nn.Sequential:
    """The recorded run's model with the parameters of ``state`` (no random draw survives)."""
    from .experiments import ExperimentConfig

    cfg = ExperimentConfig.from_dict(rec.config)
    with _rng_kept():
        net = build_model(cfg.model)
    net.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in rec.state_dict(state).items()})
    return net


def _hidden(rec: Recording, state: int, x: np.ndarray) -> np.ndarray:
    """relu(x W1^T + b1) in float32, for the course's Linear-ReLU-Dropout-Linear nets."""
    w1, b1 = rec.param("0.weight")[state], rec.param("0.bias")[state]
    return np.maximum(x.astype(np.float32) @ w1.T + b1, np.float32(0))


def dropout_p(rec: Recording) -> float:
    """The ``p`` of the recorded net's (first) dropout layer."""
    return float(next(layer["p"] for layer in rec.architecture if layer["kind"] == "dropout"))


#: the last recording's unpacked masks: (recording, module, masks). A part that steps through the updates
#: (dropout.masks: ~190 calls of train_mode_output) unpacked all 1000 x 80 x 512 bits on every call,
#: a quarter of its render time; one recording is kept at a time (the object itself, so never a stale one).
_LAST_MASKS: list[tuple[Recording, str, np.ndarray]] = []


def _unpacked_masks(rec: Recording, module: str) -> np.ndarray:
    for r, m, masks in _LAST_MASKS:
        if r is rec and m == module:
            return masks
    masks = rec.mask(module)
    _LAST_MASKS[:] = [(rec, module, masks)]
    return masks


def train_mode_output(rec: Recording, update: int) -> np.ndarray:
    """(n_train,) the training-mode output update ``update`` was computed from.

    Parameters of state ``update`` (before that step) and the mask torch drew in
    it: ``relu(x W1^T + b1) * mask / (1-p) @ W2^T + b2``. Its MSE against ``y``
    is the recorded ``loss[update]``.
    """
    steps = rec.mask_steps("2")
    where = np.flatnonzero(steps == update)
    if not len(where):
        raise KeyError(f"update {update} has no recorded mask in {rec.id}")
    mask = _unpacked_masks(rec, "2")[where[0]]
    p = dropout_p(rec)
    scale = np.float32(1) / (np.float32(1) - np.float32(p))
    h = _hidden(rec, update, rec.data("x")) * mask * scale
    out = h @ rec.param("3.weight")[update].T
    if "3.bias" in rec.param_names:
        out = out + rec.param("3.bias")[update]
    return out[:, 0]


@dataclass(frozen=True)
class UnitTerms:
    """One training point's output in one update, unit by unit: ``out = sum_j m_j s v_j w_j + b``.

    ``v`` the hidden units after ReLU (0 where ReLU zeroed them: ``active`` is False), ``w`` the output
    layer's weights, ``mask`` the keep draw torch made for this point in this update, ``scale`` = 1/(1-p).
    """

    v: np.ndarray
    w: np.ndarray
    mask: np.ndarray
    scale: float
    bias: float

    @property
    def active(self) -> np.ndarray:
        return self.v > 0

    @property
    def terms(self) -> np.ndarray:
        """``v_j w_j``: each unit's share of the output with dropout off (``net.eval()``)."""
        return self.v * self.w

    @property
    def kept_terms(self) -> np.ndarray:
        """``m_j s v_j w_j``: the dropped terms 0, the survivors times 1/(1-p)."""
        return self.v * self.mask * np.float32(self.scale) * self.w

    @property
    def eval_output(self) -> float:
        return float(self.terms.sum(dtype=np.float64) + self.bias)

    @property
    def train_output(self) -> float:
        """The training-mode output of this point in this update (``train_mode_output``, summed here)."""
        return float(self.kept_terms.sum(dtype=np.float64) + self.bias)


def unit_terms(rec: Recording, update: int, sample: int) -> UnitTerms:
    """The terms of training point ``sample``'s output in update ``update`` (parameters of that state,
    the mask torch drew in it), for the course's Linear-ReLU-Dropout-Linear nets."""
    steps = rec.mask_steps("2")
    where = np.flatnonzero(steps == update)
    if not len(where):
        raise KeyError(f"update {update} has no recorded mask in {rec.id}")
    mask = _unpacked_masks(rec, "2")[where[0], sample]
    p = dropout_p(rec)
    scale = float(np.float32(1) / (np.float32(1) - np.float32(p)))
    v = _hidden(rec, update, rec.data("x")[sample:sample + 1])[0]
    w = rec.param("3.weight")[update][0]
    b = float(rec.param("3.bias")[update][0]) if "3.bias" in rec.param_names else 0.0
    return UnitTerms(v=v, w=w, mask=np.asarray(mask, bool), scale=scale, bias=b)


def train_mode_draws(rec: Recording, n_draws: int, seed: int = TRAIN_MODE_SEED,
                     state: int = -1) -> np.ndarray:
    """(n_draws, n_show): ``net(x_show)`` with the net left in training mode, ``n_draws`` calls.

    The course's mistake: forgetting ``net.eval()``, every call draws a new mask.
    ``torch.manual_seed(seed)`` before the first call.
    """
    net = model_at(rec, state).train()
    x = torch.from_numpy(np.array(rec.data("x_show")))
    with _rng_kept(), torch.no_grad():
        torch.manual_seed(seed)
        return np.stack([net(x)[:, 0].numpy() for _ in range(n_draws)])


def eval_output(rec: Recording, state: int = -1) -> np.ndarray:
    """(n_show,) ``net.eval(); net(x_show)`` at ``state``: dropout off."""
    net = model_at(rec, state).eval()
    with torch.no_grad():
        return net(torch.from_numpy(np.array(rec.data("x_show"))))[:, 0].numpy()


@dataclass(frozen=True)
class TrainingFlagDemo:
    """The course's ``net.training`` / ``net.eval()``: one input through one trained dropout net, twice per mode.

    ``train_outputs`` and ``eval_outputs`` are (2, n): two calls of ``net(x)`` each,
    before and after ``net.eval()``; ``training_before`` / ``training_after`` are what
    ``net.training`` said then.
    """

    x: np.ndarray
    training_before: bool
    training_after: bool
    train_outputs: np.ndarray
    eval_outputs: np.ndarray


def training_flag_demo(rec: Recording, n: int = 4, seed: int = TRAIN_MODE_SEED, state: int = -1) -> TrainingFlagDemo:
    """``net(x)`` twice in training mode, then ``net.eval()`` and twice again, on the last ``n`` test inputs.

    The trained net of ``rec`` (the course's 05wk-1/dropout), ``torch.manual_seed(seed)`` before the first call.
    """
    net = model_at(rec, state).train()
    x = torch.from_numpy(np.array(rec.data("x_show")[-n:]))
    with _rng_kept(), torch.no_grad():
        torch.manual_seed(seed)
        before = bool(net.training)
        tr = np.stack([net(x)[:, 0].numpy() for _ in range(2)])
        net.eval()
        after = bool(net.training)
        ev = np.stack([net(x)[:, 0].numpy() for _ in range(2)])
    return TrainingFlagDemo(x.numpy()[:, 0], before, after, tr, ev)


def split_mse(rec: Recording, state: int = -1) -> tuple[float, float]:
    """(train MSE, test MSE) of the eval-mode prediction at ``state`` for the noise data."""
    n = int(rec.data("n_train"))
    pred = rec.prediction[state][:, 0].astype(np.float64)
    y = rec.data("y_show")[:, 0].astype(np.float64)
    return float(np.mean((pred[:n] - y[:n]) ** 2)), float(np.mean((pred[n:] - y[n:]) ** 2))


def zero_mse(rec: Recording) -> tuple[float, float]:
    """(train MSE, test MSE) of predicting 0 everywhere: the noise data's underlying, the baseline a fit of
    pure noise is measured against (below it on train: the fit has taken in part of the error)."""
    n = int(rec.data("n_train"))
    y = rec.data("y_show")[:, 0].astype(np.float64)
    return float(np.mean(y[:n] ** 2)), float(np.mean(y[n:] ** 2))


def kept_fraction(rec: Recording, module: str = "2") -> np.ndarray:
    """(n_masks,) the fraction of units kept in each recorded mask (all samples)."""
    m = rec.mask(module)
    return m.reshape(len(m), -1).mean(axis=1)


# -- why 1/(1-p): the sum of ReLU pieces -------------------------------------------------------

@dataclass(frozen=True)
class ReluPieces:
    """The eval-mode net of 05wk-1/sum-of-relus as a sum of pieces.

    ``pieces[:, j] = relu(x W1[j] + b1[j]) * W2[j]`` over ``x`` (sorted), and
    ``pieces.sum(1)`` is the net's eval-mode output (the last layer has no bias).
    """

    x: np.ndarray
    y: np.ndarray
    pieces: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.pieces.sum(axis=1)

    def partial_sums(self, counts) -> np.ndarray:
        """(len(counts), n_x): the sum of the first ``c`` pieces for each ``c``."""
        cum = np.concatenate(
            [np.zeros((len(self.x), 1), np.float64), np.cumsum(self.pieces, axis=1, dtype=np.float64)], axis=1
        )
        return cum[:, np.asarray(counts)].T

    def sample(self, n: int, seed: int = THINNING_SEED) -> np.ndarray:
        """Indices of ``n`` pieces to draw (a numpy Generator with ``seed``), sorted."""
        rng = np.random.default_rng(seed)
        return np.sort(rng.choice(self.pieces.shape[1], size=n, replace=False))


def relu_pieces(rec: Recording, state: int = -1) -> ReluPieces:
    x = rec.data("x")
    h = _hidden(rec, state, x)
    w2 = rec.param("3.weight")[state][0]
    return ReluPieces(x[:, 0], rec.data("y")[:, 0], h * w2)


def thinned_sums(pieces: ReluPieces, n_draws: int, p: float = SCALING_P,
                 seed: int = THINNING_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Keep each piece with probability ``1-p``: (masks (n_draws, n_pieces), uncorrected sums (n_draws, n_x)).

    The masks are torch's own dropout draws (``manual_seed(seed)`` before the
    first); multiply the sums by ``1/(1-p)`` for the corrected ones.
    """
    ones = torch.ones(pieces.pieces.shape[1])
    with _rng_kept():
        torch.manual_seed(seed)
        masks = np.stack([dropout_mask(ones, p).numpy() for _ in range(n_draws)])
    sums = pieces.pieces.astype(np.float64) @ masks.T.astype(np.float64)
    return masks, sums.T
