"""The runs of 13wk-1 (LSTM) and of its 'abcabC' comparison, each the course's own loop under
``engine.Recorder``: torch + numpy + engine only.

Seeds, sizes and learning rates are the notes': ``torch.manual_seed(43052)``, ``LSTMCell(4, 2)`` /
``LSTM(4, 2)`` with ``cook = Linear(2, 4)``, Adam lr 0.1, one epoch for the hand computation and 200
for the fit. The RNN beside it (``RNN(4, 2)``, same seed, same loop, same 200 epochs) is this
lecture's choice: the notes compare RNN and LSTM on 'abcabC' in 12wk-2 without a seed.
"""

from __future__ import annotations

import torch

import engine

LECTURE = "lstm"
CELL = f"{LECTURE}/lstmcell"          # 4A/4B: torch.nn.LSTMCell, one epoch, t = 0 -> L
BY_HAND = f"{LECTURE}/by-hand"        # 4B: the same epoch with every gate computed by hand
NN_LSTM = f"{LECTURE}/nn-lstm"        # 4C: torch.nn.LSTM with the cell's weights, one epoch
FIT = f"{LECTURE}/abcabc-lstm"        # 5A: torch.nn.LSTM(4, 2) fitted 200 epochs
RNN_FIT = f"{LECTURE}/abcabc-rnn"     # the RNN of the same size, trained the same way

SEED = 43052
EPOCHS = 200
LETTERS = ("a", "b", "c", "C")
GATES = ("i", "f", "g", "o", "c", "h")   # what the hand computation keeps, per time step


def abcabc_data():
    """The notes' data: 'abcabC' * 50, x = each letter, y = the next one, both one-hot (299, 4)."""
    txt = list("abcabC") * 50
    code = {ch: k for k, ch in enumerate(LETTERS)}
    x = torch.tensor([code[ch] for ch in txt[:-1]])
    y = torch.tensor([code[ch] for ch in txt[1:]])
    X = torch.nn.functional.one_hot(x).float()
    y = torch.nn.functional.one_hot(y).float()
    return X, y


@engine.experiment(CELL)
def lstmcell_epoch():
    """4A: one epoch of LSTMCell(4, 2) + Linear(2, 4) over t = 0 .. L-1; every h_t, c_t kept."""
    X, y = abcabc_data()
    torch.manual_seed(SEED)
    lstmcell = torch.nn.LSTMCell(4, 2)  # 숙성담당
    cook = torch.nn.Linear(2, 4)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(lstmcell.parameters()) + list(cook.parameters()), lr=0.1)
    L = len(X)
    with engine.Recorder({"lstmcell": lstmcell, "cook": cook}, optimizr) as rec:
        for epoc in range(1):
            loss = 0
            ht = torch.zeros(2)
            ct = torch.zeros(2)
            hs, cs = [], []
            for t in range(L):
                Xt, yt = X[t], y[t]
                ht, ct = lstmcell(Xt, (ht, ct))
                hs.append(ht)
                cs.append(ct)
                netout_t = cook(ht)
                loss = loss + loss_fn(netout_t, yt)
            loss = loss / L
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            rec.log("h", torch.stack(hs).detach())
            rec.log("c", torch.stack(cs).detach())
    return rec, {"epochs": 1, "data": (X, y)}


@engine.experiment(BY_HAND)
def by_hand_epoch():
    """4B: the same epoch with ifgo, the four gates, c_t and h_t written out; all six kept per step."""
    X, y = abcabc_data()
    sig, tanh = torch.nn.Sigmoid(), torch.nn.Tanh()
    torch.manual_seed(SEED)
    lstmcell = torch.nn.LSTMCell(4, 2)  # 숙성담당
    cook = torch.nn.Linear(2, 4)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(lstmcell.parameters()) + list(cook.parameters()), lr=0.1)
    L = len(X)
    with engine.Recorder({"lstmcell": lstmcell, "cook": cook}, optimizr) as rec:
        for epoc in range(1):
            loss = 0
            ht = torch.zeros(2)
            ct = torch.zeros(2)
            kept = {k: [] for k in GATES}
            for t in range(L):
                Xt, yt = X[t], y[t]
                ifgo = Xt @ lstmcell.weight_ih.T + lstmcell.bias_ih + \
                    ht @ lstmcell.weight_hh.T + lstmcell.bias_hh
                it, ft, gt, ot = sig(ifgo[0:2]), sig(ifgo[2:4]), tanh(ifgo[4:6]), sig(ifgo[6:8])
                ct = it * gt + ft * ct
                ht = ot * tanh(ct)
                for k, v in zip(GATES, (it, ft, gt, ot, ct, ht)):
                    kept[k].append(v)
                netout_t = cook(ht)
                loss = loss + loss_fn(netout_t, yt)
            loss = loss / L
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            for k, v in kept.items():
                rec.log(k, torch.stack(v).detach())
    return rec, {"epochs": 1, "data": (X, y)}


@engine.experiment(NN_LSTM)
def nn_lstm_epoch():
    """4C: torch.nn.LSTM given the cell's weights, one epoch on the whole sequence at once."""
    X, y = abcabc_data()
    torch.manual_seed(SEED)
    lstmcell = torch.nn.LSTMCell(4, 2)  # 숙성담당
    cook = torch.nn.Linear(2, 4)
    lstm = torch.nn.LSTM(4, 2)  # <-- 이거로 학습
    lstm.weight_ih_l0.data = lstmcell.weight_ih.data
    lstm.weight_hh_l0.data = lstmcell.weight_hh.data
    lstm.bias_ih_l0.data = lstmcell.bias_ih.data
    lstm.bias_hh_l0.data = lstmcell.bias_hh.data
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(lstm.parameters()) + list(cook.parameters()), lr=0.1)
    Water = torch.zeros(1, 2)
    with engine.Recorder({"lstm": lstm, "cook": cook}, optimizr) as rec:
        for epoc in range(1):
            h, (hL, cL) = lstm(X, (Water, Water))
            netout = cook(h)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            rec.log("h", h.detach())
            rec.log("hL", hL.detach()[0])
            rec.log("cL", cL.detach()[0])
    return rec, {"epochs": 1, "data": (X, y)}


@engine.experiment(FIT)
def abcabc_lstm():
    """5A: LSTM(4, 2) + Linear(2, 4) fitted to 'abcabC' for 200 epochs; the softmax of each epoch's
    netout kept (the notes' ``soft(netout)`` is the last one)."""
    X, y = abcabc_data()
    soft = torch.nn.Softmax(dim=1)
    torch.manual_seed(SEED)
    lstm = torch.nn.LSTM(4, 2)
    cook = torch.nn.Linear(2, 4)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(lstm.parameters()) + list(cook.parameters()), lr=0.1)
    Water = torch.zeros(1, 2)
    with engine.Recorder({"lstm": lstm, "cook": cook}, optimizr) as rec:
        for epoc in range(EPOCHS):
            h, (hL, cL) = lstm(X, (Water, Water))
            netout = cook(h)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            rec.log("yhat", soft(netout).detach())
    return rec, {"epochs": EPOCHS, "data": (X, y)}


@engine.experiment(RNN_FIT)
def abcabc_rnn():
    """The RNN of the same size, RNN(4, 2) + Linear(2, 4), trained as the LSTM above (seed, Adam lr
    0.1, 200 epochs); each epoch's hidden states and softmax kept."""
    X, y = abcabc_data()
    soft = torch.nn.Softmax(dim=1)
    torch.manual_seed(SEED)
    rnn = torch.nn.RNN(4, 2)
    cook = torch.nn.Linear(2, 4)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(list(rnn.parameters()) + list(cook.parameters()), lr=0.1)
    Water = torch.zeros(1, 2)
    with engine.Recorder({"rnn": rnn, "cook": cook}, optimizr) as rec:
        for epoc in range(EPOCHS):
            h, hL = rnn(X, Water)
            netout = cook(h)
            loss = loss_fn(netout, y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
            rec.log("h", h.detach())
            rec.log("yhat", soft(netout).detach())
    return rec, {"epochs": EPOCHS, "data": (X, y)}
