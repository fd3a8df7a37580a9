"""What the parts of the `cnn` lecture read from its recording: numpy only, no manim, no training.

Image 0 of the recording's data (``x_show``) is the first training image, a 0.
"""

from __future__ import annotations

import numpy as np

K = 5   # the conv's kernel size


def two_sided_channel(rec, *, image: int = 0, state: int = 0) -> int:
    """The filter whose conv map on ``image`` has the most of both signs (the larger of min(max, -min)):
    ReLU has something to cut and the largest output pixel is a real response."""
    maps = rec.activation("0")[state, image]
    return int(np.argmax(np.minimum(maps.max(axis=(1, 2)), -maps.min(axis=(1, 2)))))


def one_output_pixel(rec, *, image: int = 0, channel: int = 0, state: int = 0) -> dict:
    """The arithmetic of the conv output pixel with the largest value on ``image``, at ``state``.

    ``by_hand`` is the 25 products summed plus the bias, in float64; ``recorded`` is the conv's
    output there as the recorder kept it (float32): they agree to float32 rounding.
    """
    x = rec.data("x")[image, 0]
    w = rec.param("0.weight")[state][channel, 0]
    b = float(rec.param("0.bias")[state][channel])
    out = rec.activation("0")[state, image, channel]
    i, j = (int(v) for v in np.unravel_index(np.argmax(out), out.shape))
    patch = x[i:i + K, j:j + K]
    by_hand = float((patch.astype(np.float64) * w.astype(np.float64)).sum() + b)
    return {"i": i, "j": j, "patch": patch, "weight": w, "bias": b, "recorded": float(out[i, j]),
            "by_hand": by_hand, "row": out[i], "map": out, "image": x}


def pooled_block(rec, *, image: int = 0, channel: int = 0, state: int = 0) -> dict:
    """The 2×2 block of the ReLU map behind the largest pooled value, and the three maps."""
    conv = rec.activation("0")[state, image, channel]
    relu = rec.activation("1")[state, image, channel]
    pool = rec.activation("2")[state, image, channel]
    p, q = (int(v) for v in np.unravel_index(np.argmax(pool), pool.shape))
    return {"conv": conv, "relu": relu, "pool": pool, "p": p, "q": q,
            "block": relu[2 * p:2 * p + 2, 2 * q:2 * q + 2], "max": float(pool[p, q])}


def train_predictions(rec) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, yhat[k, i]): the training set's predictions at epochs 0, 5, ..., 45 (the loop's own
    ``yhat``, made before that epoch's update) and after the last update."""
    during = rec.series("yhat_train_epoch")
    epochs = np.asarray(rec.series_steps("yhat_train_epoch")) - 1
    final = rec.series("yhat_train")
    return np.concatenate([epochs, [rec.n_updates]]), np.concatenate([during, final], axis=0)


def accuracy(yhat: np.ndarray, y: np.ndarray) -> float:
    """Share of the images whose predicted probability is on their label's side of 0.5."""
    return float(np.mean((np.asarray(yhat) > 0.5) == (np.asarray(y) > 0.5)))
