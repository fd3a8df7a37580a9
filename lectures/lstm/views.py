"""What the LSTM lecture's parts share: numbers read off its recordings, and the pieces every part
places the same way (title, conclusion). No training here: gates follow from recorded parameters."""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, MathTex

import engine
from lectures.lstm.experiments import LETTERS
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import keep_in_frame, label

#: the notes' pictures show the first 8 time steps
SHOWN = 8


def letters_of(onehot) -> list[str]:
    """The letters of one-hot rows."""
    return [LETTERS[k] for k in np.argmax(np.asarray(onehot), axis=1)]


def gates_at(rec, X, state: int, model: str = "lstm") -> dict[str, np.ndarray]:
    """i, f, g, o, c, h at every step of ``X`` with the LSTM's recorded parameters at ``state``."""
    return engine.lstm_gates(np.asarray(X), **engine.lstm_params(rec, model, state=state))


_FIRST_STEPS: dict[tuple, dict[str, np.ndarray]] = {}


def first_steps_over_training(rec) -> dict[str, np.ndarray]:
    """i, f, g, o, c, h of the first 9 steps at every recorded state: ``{name: (n_states, 9, hidden)}``
    (9: the notes' pictures show steps 1..8 with the step before each)."""
    key = (rec.id, rec.n_states, id(rec))
    if key not in _FIRST_STEPS:
        X = rec.data("x")[:SHOWN + 1]
        per_state = [gates_at(rec, X, k) for k in range(rec.n_states)]
        _FIRST_STEPS[key] = {k: np.stack([g[k] for g in per_state]) for k in per_state[0]}
    return _FIRST_STEPS[key]


def probabilities(rec, h: np.ndarray, state: int) -> np.ndarray:
    """softmax(cook(h)) with the recorded ``cook`` at ``state``; ``h`` (..., hidden)."""
    w, b = rec.param("cook/weight")[state], rec.param("cook/bias")[state]
    z = h @ w.T + b
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def title(part):
    return label(part.title_key, size="title").to_edge(UP, buff=0.3)


def conclusion(key: str, **fmt):
    return keep_in_frame(label(key, size="body", color=PALETTE["fit"], **fmt).to_edge(DOWN, buff=0.35))


def tex(s: str, size: str = "caption", color=None) -> MathTex:
    return MathTex(s, font_size=FONT_SIZE[size], color=color or PALETTE["text"])


def vec(values, decimals: int = 4) -> str:
    """A vector as the notes print it: [0.1067, 0.1069]."""
    return r"[" + r",\ ".join(f"{v:.{decimals}f}" for v in np.ravel(values)) + r"]"
