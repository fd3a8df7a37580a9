"""The runs of the ``rnn`` lecture (dl2024 12wk-1, 12wk-2), each the course's loop under ``engine.Recorder``.

torch + numpy + engine only. The data is the course's: ``'AbAcAd'*50`` (and ``'abcabC'*50``),
each letter followed by the next, one-hot. The hidden states a part shows are what the loop
computed, handed to ``rec.log``.
"""

from __future__ import annotations

import torch

import engine

LECTURE_ID = "rnn"
MLP = "rnn/abacad-mlp"
RNNCELL = "rnn/abacad-rnncell"
RNNCELL_SEED4 = "rnn/abacad-rnncell-seed4"
NN_RNN = "rnn/abacad-nn-rnn"
NO_WATER = "rnn/abacad-nn-rnn-no-h0"
HIDDEN = {2: "rnn/hidden-2", 3: "rnn/hidden-3", 4: "rnn/hidden-4"}
ABCABC = "rnn/abcabc-rnn"

#: how many runs each comparison repeats: the notes' 5x5 (on a GPU, unseeded; we seed run k with k, on the CPU)
COMPARISON_RUNS = 25
#: epochs between two logged hidden-state sequences of the rNNCell run
LOG_EVERY = 5


def letters(pattern: str, times: int = 50) -> list[str]:
    """The course's text: ``list(pattern*times)``."""
    return list(pattern * times)


def encode(txt: list[str], alphabet: str) -> tuple[torch.Tensor, torch.Tensor]:
    """x = each letter, y = the next, as indices of ``alphabet`` (the course's ``df_train`` and ``map``)."""
    index = {ch: i for i, ch in enumerate(alphabet)}
    x = torch.tensor([index[ch] for ch in txt[:-1]])
    y = torch.tensor([index[ch] for ch in txt[1:]])
    return x, y


def abacad() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """x, y (indices) and X, y one-hot (float) of ``'AbAcAd'*50``: 299 pairs."""
    x, y = encode(letters("AbAcAd"), "Abcd")
    return x, y, torch.nn.functional.one_hot(x).float(), torch.nn.functional.one_hot(y).float()


class rNNCell(torch.nn.Module):
    """The course's own cell: ``h_t = tanh(i2h(x_t) + h2h(h_{t-1}))``."""

    def __init__(self):
        super().__init__()
        self.i2h = torch.nn.Linear(4, 2)
        self.h2h = torch.nn.Linear(2, 2)
        self.tanh = torch.nn.Tanh()

    def forward(self, Xt, ht):
        ht = self.tanh(self.i2h(Xt) + self.h2h(ht))
        return ht


def unroll(cell, X: torch.Tensor, hidden: int) -> torch.Tensor:
    """The course's check after training: h_0 = water, h_t = cell(X[t], h_{t-1}) for every t."""
    h = torch.zeros(len(X), hidden)
    water = torch.zeros(hidden)
    h[0] = cell(X[0], water)
    for t in range(1, len(X)):
        h[t] = cell(X[t], h[t - 1])
    return h


@engine.experiment(MLP)
def abacad_mlp():
    """12wk-1 3.B: Embedding(4,2) -> Tanh -> Linear(2,4), every weight 0.1, Adam 0.1, 200 epochs."""
    x, y, _, _ = abacad()
    net = torch.nn.Sequential(torch.nn.Embedding(4, 2), torch.nn.Tanh(), torch.nn.Linear(2, 4))
    ebdd, tanh, linr = net
    ebdd.weight.data = ebdd.weight.data * 0 + 0.1
    linr.weight.data = linr.weight.data * 0 + 0.1
    linr.bias.data = linr.bias.data * 0 + 0.1
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(net.parameters(), lr=0.1)
    with engine.Recorder(net, optimizr, loss_fn, x_show=x[:6]) as rec:
        for epoc in range(200):
            netout = net(x)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
        rec.log("h", tanh(ebdd(x)))          # the embedding space after training (the course's scatter)
        rec.log("netout", net(x))            # the course's net(x)
    return rec, {"data": (x, y)}


def _train_cell(cell, cook, X, y, hidden, rec, log_every):
    """The course's loop over time steps (12wk-1 4.C), logging every h_t every ``log_every`` epochs."""
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = rec.optimizer
    L = len(X)
    for epoc in range(200):
        ht = torch.zeros(hidden)   # 첫간장은 맹물
        loss = 0
        hs = []
        for t in range(L):
            Xt, yt = X[t], y[t]
            ht = cell(Xt, ht)
            hs.append(ht)
            ot = cook(ht)
            loss = loss + loss_fn(ot, yt)
        loss = loss / L
        if epoc % log_every == 0:
            rec.log("h", torch.stack(hs))        # the h_t this epoch's forward pass computed
            rec.log("h_epoch", epoc)
        loss.backward()
        optimizr.step()
        optimizr.zero_grad()


def _final(cell, cook, X, hidden, rec):
    """The course's result: h by unrolling with the trained cell, yhat = soft(cook(h))."""
    h = unroll(cell, X, hidden)
    rec.log("h_final", h)
    rec.log("yhat", torch.nn.Softmax(dim=1)(cook(h)))


@engine.experiment(RNNCELL)
def abacad_rnncell():
    """12wk-1 4.C: the course's rNNCell (seed 43052) and cook, Adam 0.1, 200 epochs over 299 steps."""
    _, _, X, y = abacad()
    torch.manual_seed(43052)
    rnncell = rNNCell()                  # 너는 간장숙성을 담당해라
    cook = torch.nn.Linear(2, 4)         # 너는 요리를 담당해라
    optimizr = torch.optim.Adam(list(rnncell.parameters()) + list(cook.parameters()), lr=0.1)
    with engine.Recorder({"rnncell": rnncell, "cook": cook}, optimizr) as rec:
        _train_cell(rnncell, cook, X, y, 2, rec, LOG_EVERY)
        _final(rnncell, cook, X, 2, rec)
    return rec


@engine.experiment(RNNCELL_SEED4)
def abacad_rnncell_seed4():
    """12wk-2 3.B: torch.nn.RNNCell(4,2) (seed 4) and cook, the loop over time steps."""
    _, _, X, y = abacad()
    torch.manual_seed(4)
    rnncell = torch.nn.RNNCell(4, 2)
    cook = torch.nn.Linear(2, 4)
    optimizr = torch.optim.Adam(list(rnncell.parameters()) + list(cook.parameters()), lr=0.1)
    with engine.Recorder({"rnncell": rnncell, "cook": cook}, optimizr) as rec:
        _train_cell(rnncell, cook, X, y, 2, rec, 200)
        _final(rnncell, cook, X, 2, rec)
    return rec


@engine.experiment(NN_RNN)
def abacad_nn_rnn():
    """12wk-2 3.C: torch.nn.RNN(4,2) given the RNNCell's weights (seed 4): the whole sequence at once."""
    _, _, X, y = abacad()
    torch.manual_seed(4)
    rnncell = torch.nn.RNNCell(4, 2)
    cook = torch.nn.Linear(2, 4)
    rnn = torch.nn.RNN(4, 2)
    rnn.weight_ih_l0.data = rnncell.weight_ih.data
    rnn.bias_ih_l0.data = rnncell.bias_ih.data
    rnn.weight_hh_l0.data = rnncell.weight_hh.data
    rnn.bias_hh_l0.data = rnncell.bias_hh.data
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(rnn.parameters()) + list(cook.parameters()), lr=0.1)
    Water = torch.zeros(1, 2)   # 첫 간장은 맹물
    with engine.Recorder({"rnn": rnn, "cook": cook}, optimizr) as rec:
        for epoc in range(200):
            h, hL = rnn(X, Water)
            netout = cook(h)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
        h, _ = rnn(X, Water)
        rec.log("h_final", h)
        rec.log("yhat", torch.nn.Softmax(dim=1)(cook(h)))
    return rec


def _comparison(X, y, hidden: int, epochs: int, rec, seeds=range(COMPARISON_RUNS)) -> None:
    """12wk-2 3.F / 4.B: a fresh torch.nn.RNN(4, hidden) + cook per run, run k seeded with k (the notes
    seed none), Adam lr 0.1, ``epochs`` epochs, h0 not passed (implementation 4), on the CPU (the notes:
    cuda:0). The runs train side by side as one block-diagonal net (engine.SideBySide: each run's own
    weights and gradient; 25 runs cost about one). Logs each run's matrix (h and yhat of the first 8
    steps, the notes' ``mat``), its share of next letters right and its loss."""
    runs = engine.SideBySide.seeded(torch.nn.RNN, 4, hidden, 4, seeds)   # run k: manual_seed(k), RNN, cook
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
            rec.log("mat", torch.concat([h[k], yhat], axis=1)[:8])
            rec.log("accuracy", (yhat.argmax(1) == y.argmax(1)).float().mean())
            rec.log("loss", loss_fn(netout[k], y))


def _comparison_experiment(hidden: int):
    def run():
        _, _, X, y = abacad()
        with engine.Recorder(None, None) as rec:
            _comparison(X, y, hidden, 200, rec)
        return rec
    run.__name__ = run.__qualname__ = f"hidden_{hidden}"
    return run


for _size, _id in HIDDEN.items():
    engine.experiment(_id)(_comparison_experiment(_size))


@engine.experiment(ABCABC)
def abcabc_rnn():
    """12wk-2 4.B: 'abcabC'*50 with RNN(4,4), 500 epochs, 25 runs: after 'b', c or C depends on three letters back."""
    x, y = encode(letters("abcabC"), "abcC")
    X = torch.nn.functional.one_hot(x).float()
    Y = torch.nn.functional.one_hot(y).float()
    with engine.Recorder(None, None) as rec:
        rec.log("x", x)                       # the letters, as indices of 'abcC'
        _comparison(X, Y, 4, 500, rec)
    return rec


@engine.experiment(NO_WATER)
def abacad_nn_rnn_no_water():
    """12wk-2 3.E (implementation 4): 3.C's run with ``rnn(X)`` for ``rnn(X, Water)`` (h0 not passed), on
    the CPU (the notes move it to cuda:0, 3.D): torch's default h0 is zeros, the same water."""
    _, _, X, y = abacad()
    torch.manual_seed(4)
    rnncell = torch.nn.RNNCell(4, 2)
    cook = torch.nn.Linear(2, 4)
    rnn = torch.nn.RNN(4, 2)
    rnn.weight_ih_l0.data = rnncell.weight_ih.data
    rnn.bias_ih_l0.data = rnncell.bias_ih.data
    rnn.weight_hh_l0.data = rnncell.weight_hh.data
    rnn.bias_hh_l0.data = rnncell.bias_hh.data
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(rnn.parameters()) + list(cook.parameters()), lr=0.1)
    with engine.Recorder({"rnn": rnn, "cook": cook}, optimizr) as rec:
        for epoc in range(200):
            h, _ = rnn(X)
            netout = cook(h)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
        h, _ = rnn(X)
        rec.log("h_final", h)
        rec.log("yhat", torch.nn.Softmax(dim=1)(cook(h)))
    return rec
