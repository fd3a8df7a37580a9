"""An LSTM's gates at every time step, from recorded parameters and the inputs (13wk-1's computation).

The gates are not parameters, gradients or outputs, so a recording does not hold them; they
follow from the parameters of a state and the sequence, exactly as the course computes them::

    ifgo = Xt @ W_ih.T + b_ih + ht @ W_hh.T + b_hh
    it, ft, gt, ot = sig(ifgo[0:H]), sig(ifgo[H:2H]), tanh(ifgo[2H:3H]), sig(ifgo[3H:4H])
    ct = it * gt + ft * ct
    ht = ot * tanh(ct)

>>> g = engine.lstm_gates(X, **engine.lstm_params(r, "lstm", state=-1))
>>> g["f"].shape          # (L, hidden): the forget gate at each time step
"""

from __future__ import annotations

import numpy as np

from .errors import EngineError

__all__ = ["lstm_gates", "lstm_params", "GATES"]

#: what ``lstm_gates`` returns, in torch's order of the stacked gates, then the states
GATES = ("i", "f", "g", "o", "c", "h")


def lstm_params(rec, prefix: str = "", state: int = -1, layer: int = 0) -> dict[str, np.ndarray]:
    """``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` of an ``nn.LSTM`` (layer ``layer``) or
    ``nn.LSTMCell`` recorded under ``prefix`` (its model name, e.g. ``"lstm"``), at ``state``."""
    base = f"{prefix}/" if prefix and not prefix.endswith("/") else prefix
    out = {}
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        for key in (f"{base}{name}_l{layer}", f"{base}{name}"):
            if key in rec.param_names:
                out[name] = rec.param(key)[state]
                break
        else:
            if name.startswith("weight"):
                raise EngineError(f"recording {rec.id} has no LSTM parameter {base}{name}_l{layer} or {base}{name}; "
                                  f"its parameters: {', '.join(rec.param_names)}")
    return out


def lstm_gates(x, weight_ih, weight_hh, bias_ih=None, bias_hh=None, h0=None, c0=None) -> dict[str, np.ndarray]:
    """i, f, g, o, c, h at each time step of ``x`` ((L, input) or (L, batch, input), time first as
    ``nn.LSTM``'s default), each (L, [batch,] hidden), computed with torch in the parameters' dtype."""
    import torch

    w_ih = torch.tensor(np.asarray(weight_ih))
    dtype = w_ih.dtype
    w_hh = torch.tensor(np.asarray(weight_hh), dtype=dtype)
    hidden = w_hh.shape[1]
    if w_ih.shape[0] != 4 * hidden or w_hh.shape[0] != 4 * hidden:
        raise EngineError(f"lstm_gates: weight_ih {tuple(w_ih.shape)} and weight_hh {tuple(w_hh.shape)} are not "
                          f"an LSTM's (4 x hidden rows, hidden = {hidden})")
    xs = torch.tensor(np.asarray(x), dtype=dtype)
    if xs.ndim not in (2, 3) or xs.shape[-1] != w_ih.shape[1]:
        raise EngineError(f"lstm_gates: x has shape {tuple(xs.shape)}; pass (L, {w_ih.shape[1]}) or "
                          f"(L, batch, {w_ih.shape[1]}), time first")
    b = torch.zeros(4 * hidden, dtype=dtype)
    if bias_ih is not None:
        b = b + torch.tensor(np.asarray(bias_ih), dtype=dtype)
    if bias_hh is not None:
        b = b + torch.tensor(np.asarray(bias_hh), dtype=dtype)
    state_shape = (*xs.shape[1:-1], hidden)
    h = torch.zeros(state_shape, dtype=dtype) if h0 is None else torch.tensor(np.asarray(h0), dtype=dtype)
    c = torch.zeros(state_shape, dtype=dtype) if c0 is None else torch.tensor(np.asarray(c0), dtype=dtype)
    steps: dict[str, list] = {k: [] for k in GATES}
    with torch.no_grad():
        for xt in xs:
            ifgo = xt @ w_ih.T + h @ w_hh.T + b
            i, f, o = (torch.sigmoid(ifgo[..., k * hidden:(k + 1) * hidden]) for k in (0, 1, 3))
            g = torch.tanh(ifgo[..., 2 * hidden:3 * hidden])
            c = f * c + i * g
            h = o * torch.tanh(c)
            for k, v in zip(GATES, (i, f, g, o, c, h)):
                steps[k].append(v)
    return {k: torch.stack(v).numpy() for k, v in steps.items()}
