"""The runs of 12wk-2 4.B and 4.C: 'abcabC' * 50 fitted 25 times by RNN(4, 4) and 25 times by LSTM(4, 4),
each with cook = Linear(4, 4), Adam lr 0.1, 500 epochs, h0 not passed (the notes' 5x5 figures).

The notes seed none of these runs and train them on cuda:0; ours: run k seeded with k, on the CPU. The 25
runs of a kind train side by side as one block-diagonal net (``engine.SideBySide``: each run its own
weights and its own gradient; 25 runs cost about one). torch + numpy + engine only.
"""

from __future__ import annotations

import torch

import engine
from lectures.lstm.experiments import LECTURE, abcabc_data

RNN_RUNS = f"{LECTURE}/abcabc-rnn-runs"       # 12wk-2 4.B: RNN(4, 4), 25 runs
LSTM_RUNS = f"{LECTURE}/abcabc-lstm-runs"     # 12wk-2 4.C: LSTM(4, 4), 25 runs
RUNS = 25
EPOCHS = 500
HIDDEN = 4
SHOWN = 8     # the notes' mat = torch.concat([h, yhat], axis=1)[:8]


def fit_runs(kind: type, rec, seeds=range(RUNS), epochs: int = EPOCHS) -> None:
    """The notes' loop for every run at once; logs each run's ``mat`` (first 8 steps: h | yhat), its
    share of next letters right and its loss."""
    X, y = abcabc_data()
    runs = engine.SideBySide.seeded(kind, 4, HIDDEN, 4, seeds)   # run k: manual_seed(k), kind(4,4), cook
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(runs.parameters(), lr=0.1)
    for epoc in range(epochs):
        h, netout = runs(X)
        loss = runs.loss(netout, y, loss_fn)
        loss.backward()
        optimizr.step()
        optimizr.zero_grad()
    soft = torch.nn.Softmax(dim=1)
    with torch.no_grad():
        h, netout = runs(X)
        for k in range(runs.n):
            yhat = soft(netout[k])
            rec.log("mat", torch.concat([h[k], yhat], axis=1)[:SHOWN])
            rec.log("accuracy", (yhat.argmax(1) == y.argmax(1)).float().mean())
            rec.log("loss", loss_fn(netout[k], y))


@engine.experiment(RNN_RUNS)
def abcabc_rnn_runs():
    """12wk-2 4.B: 25 runs of RNN(4, 4) + Linear(4, 4), 500 epochs."""
    with engine.Recorder(None, None) as rec:
        fit_runs(torch.nn.RNN, rec)
    return rec, {"data": abcabc_data()}


@engine.experiment(LSTM_RUNS)
def abcabc_lstm_runs():
    """12wk-2 4.C: 25 runs of LSTM(4, 4) + Linear(4, 4), 500 epochs."""
    with engine.Recorder(None, None) as rec:
        fit_runs(torch.nn.LSTM, rec)
    return rec, {"data": abcabc_data()}
