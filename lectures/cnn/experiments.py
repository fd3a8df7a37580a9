"""The runs of the `cnn` lecture (05wk-2): the course's own loop, under ``engine.Recorder``.

The notes (dl2024/05wk-2) seed once, ``torch.manual_seed(43052)``, at their first Conv2d example
and then draw everything else from that stream: the toy convolutions of examples 1 to 6, the two
``torch.randn(25)`` maps of the ReLU and MaxPool2d sections, then ``c1`` and ``l1`` (made twice).
``notes_draws`` replays those draws in order, so the net starts from the weights the notes' net
started from (the printed ``conv.weight`` and both random maps are reproduced, see the tests).

Data: the MNIST zeros and ones shipped in engine/data, as the notes read them: training zeros
then training ones (``X``, 12665 images), the same for the test split (``XX``, 2115), pixels / 255.
"""

from __future__ import annotations

import numpy as np
import torch

import engine
from engine.datasets import load_mnist01

EXPERIMENT = "cnn/mnist-cnn"
SEED = 43052
EPOCHS = 50
#: the training predictions (the loop's own ``yhat``) are logged every this many epochs
YHAT_EVERY = 5


def split(which: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(X, y) of ``"train"`` or ``"test"``: all zeros then all ones (MNIST index order), (n,1,28,28)/255."""
    raw = load_mnist01()
    label = raw[f"{which}_label"]
    order = np.concatenate([np.flatnonzero(label == 0), np.flatnonzero(label == 1)])
    x = torch.from_numpy(raw[f"{which}_image"][order]).float().reshape(-1, 1, 28, 28) / 255
    y = torch.tensor([0.0] * int((label == 0).sum()) + [1.0] * int((label == 1).sum())).reshape(-1, 1)
    return x, y


def show_index(y: torch.Tensor) -> list[int]:
    """The digit whose feature maps are kept: the first training image (a 0)."""
    return [0]


def notes_draws() -> dict:
    """Seed as the notes do and replay their draws up to the net's layers, in their order."""
    torch.manual_seed(SEED)
    conv = torch.nn.Conv2d(1, 1, (2, 2))                     # (예시1): its weights are printed
    example1 = (conv.weight.data.clone(), conv.bias.data.clone())
    torch.nn.Conv2d(1, 1, (2, 2))                            # (예시2)
    torch.nn.Conv2d(1, 1, (3, 3))                            # (예시4)
    torch.nn.Conv2d(1, 1, (3, 3))                            # (예시5)
    torch.nn.Conv2d(1, 16, (3, 3))                           # (예시6)
    relu_x = torch.randn(25).reshape(1, 1, 5, 5)             # D. torch.nn.ReLU
    pool_x = torch.randn(25).reshape(1, 1, 5, 5)             # E. torch.nn.MaxPool2d
    c1 = torch.nn.Conv2d(1, 16, (5, 5))                      # 5.A
    torch.nn.Linear(in_features=2304, out_features=1)        # 5.D, first l1
    l1 = torch.nn.Linear(in_features=2304, out_features=1)   # 5.D, the l1 the net uses
    return {"example1": example1, "relu_x": relu_x, "pool_x": pool_x, "c1": c1, "l1": l1}


def model(c1: torch.nn.Conv2d, l1: torch.nn.Linear) -> torch.nn.Sequential:
    return torch.nn.Sequential(
        c1,                          # 2d: 컨볼루션(선형변환), 피처 뻥튀기
        torch.nn.ReLU(),             # 2d: 렐루(비선형변환)
        torch.nn.MaxPool2d((2, 2)),  # 2d: 맥스풀링: 데이터요약
        torch.nn.Flatten(),          # 2d->1d
        l1,                          # 1d: 선형변환
        torch.nn.Sigmoid(),          # 1d: 시그모이드(비선형변환)
    )


@engine.experiment(EXPERIMENT)
def mnist_cnn():
    """05wk-2 5.E: 50 full-batch epochs of Adam (lr 0.001) on BCE; feature maps kept on one digit.

    ``data`` saved with the run is that digit (the 12665 images ship in engine/data): the recording's
    final loss and gradient are on it alone, so the parts quote the losses the updates took."""
    drawn = notes_draws()
    X, y = split("train")
    XX, yy = split("test")
    show = show_index(y)
    x_show, y_show = X[show], y[show]
    net = model(drawn["c1"], drawn["l1"])
    loss_fn = torch.nn.BCELoss()
    optimizr = torch.optim.Adam(net.parameters())
    with engine.Recorder(net, optimizr, loss_fn, n_updates=EPOCHS, x_show=x_show,
                         activations=["0", "1", "2"]) as rec:
        for epoc in range(EPOCHS):
            ## 1
            yhat = net(X)
            ## 2
            loss = loss_fn(yhat, y)
            ## 3
            loss.backward()
            ## 4
            optimizr.step()
            optimizr.zero_grad()
            if epoc % YHAT_EVERY == 0:
                rec.log("yhat_train_epoch", yhat.data[:, 0])
        with torch.no_grad():
            rec.log("yhat_train", net(X)[:, 0])
            rec.log("yhat_test", net(XX)[:, 0])
        rec.log("y_train", y[:, 0])
        rec.log("y_test", yy[:, 0])
    return rec, {"data": (x_show, y_show), "epochs": EPOCHS}
