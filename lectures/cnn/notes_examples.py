"""The notes' small examples of Conv2d, ReLU and MaxPool2d (05wk-2, 4.C to 4.E), run as the notes run
them, every printed value kept with ``rec.log``: no training, a recording of values only.

They start from ``torch.manual_seed(43052)``, as the notes do: the weights of example 1 and the two
random 5×5 inputs are the ones the notes print (pinned in tests/test_lecture_cnn.py).
"""

from __future__ import annotations

import torch

import engine
from lectures.cnn.experiments import SEED

EXAMPLES = "cnn/notes-examples"


def _averaging(k: int) -> torch.nn.Conv2d:
    """The notes' ``conv.weight.data = conv.weight.data * 0 + 1/k²``, bias 0: a k×k average."""
    conv = torch.nn.Conv2d(1, 1, (k, k))
    conv.weight.data = conv.weight.data * 0 + 1 / (k * k)
    conv.bias.data = conv.bias.data * 0
    return conv


@engine.experiment(EXAMPLES)
def notes_examples():
    with engine.Recorder(None, None) as rec, torch.no_grad():
        torch.manual_seed(SEED)
        conv = torch.nn.Conv2d(1, 1, (2, 2))                          # (예시1)
        _X = torch.arange(0, 4).reshape(1, 1, 2, 2).float()
        rec.log("ex1_weight", conv.weight.data[0, 0])
        rec.log("ex1_bias", conv.bias.data)
        rec.log("ex1_x", _X[0, 0])
        rec.log("ex1_out", conv(_X)[0, 0])
        conv = _averaging(2)                                         # (예시2) 평균
        rec.log("ex2_out", conv(_X)[0, 0])
        _X = torch.arange(16).reshape(1, 1, 4, 4).float()            # (예시3) 이동평균?
        rec.log("ex3_x", _X[0, 0])
        rec.log("ex3_out", conv(_X)[0, 0])
        conv = _averaging(3)                                         # (예시4) window size가 증가한다면?
        rec.log("ex4_out", conv(_X)[0, 0])
        _X = torch.arange(32).reshape(2, 1, 4, 4).float()            # (예시5) 2개의 이미지
        conv = _averaging(3)
        rec.log("ex5_out", conv(_X)[:, 0])
        conv = torch.nn.Conv2d(1, 16, (3, 3))                         # (예시6) 피처뻥튀기
        rec.log("ex6_shapes", torch.tensor([list(_X.shape), list(conv(_X).shape)]))
        a1 = torch.nn.ReLU()                                         # D. torch.nn.ReLU
        _X = torch.randn(25).reshape(1, 1, 5, 5)
        rec.log("relu_x", _X[0, 0])
        rec.log("relu_out", a1(_X)[0, 0])
        m1 = torch.nn.MaxPool2d((2, 2))                              # E. torch.nn.MaxPool2d
        _X = torch.randn(25).reshape(1, 1, 5, 5)
        rec.log("pool_x", _X[0, 0])
        rec.log("pool_out", m1(_X)[0, 0])
    return rec
