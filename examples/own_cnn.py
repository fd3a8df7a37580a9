"""A lecture of one's own with a CNN: the model drawn from a real forward pass, then its training.

    lecture --lectures examples/own_cnn.py record cnn-01
    lecture --lectures examples/own_cnn.py render cnn-01 --lang en,ko
    manim render examples/own_cnn.py              # the whole lesson, as manim sees it

The teacher's CNN (Conv2d(1, 4, 3) -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(100, 2)) learns to
tell a horizontal bar from a vertical one in 12x12 images. Every shape on the diagram comes from
one forward pass (``NetworkDiagram.from_model(net, image)``); the feature maps of one image and
the four 3x3 filters are the recorded states; the dashboard reads the recording's loss, weight
norms and the accuracy of its outputs.
"""

from __future__ import annotations

import numpy as np
import torch
from manim import DOWN, UP, FadeIn, ValueTracker, Write, linear
from torch import nn

import engine
from scenes.common.conv import FilterImages
from scenes.common.dashboard import TrainingDashboard
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.network import NetworkDiagram
from scenes.common.recordings import recording
from scenes.common.style import PALETTE
from scenes.common.text import label

EXPERIMENT = "cnn-01/bars"
EPOCHS = 40

LECTURE = Lecture(
    "cnn-01",
    title={"en": "A small CNN: bars across or down", "ko": "작은 CNN: 가로 막대와 세로 막대"},
    strings={
        "owncnn.model.title": {"en": "The CNN, drawn from one forward pass", "ko": "한 번의 순전파로 그린 CNN"},
        "owncnn.model.filters": {"en": "the 4 filters (3×3) of Conv2d", "ko": "Conv2d의 필터 4개 (3×3)"},
        "owncnn.model.conclusion": {"en": "Training reshapes the filters, and the maps follow",
                                 "ko": "학습이 필터를 바꾸고, 특징 맵이 따라 변한다"},
        "owncnn.train.title": {"en": "Its training at a glance", "ko": "학습을 한눈에"},
        "owncnn.train.conclusion": {"en": "After {epochs} epochs: {acc} of the 64 images right",
                                 "ko": "{epochs} 에폭 후: 이미지 64개 중 {acc} 정답"},
    },
)


def bars(n: int = 64, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` noisy 12x12 images, each with one bar: across (class 0) or down (class 1)."""
    g = torch.Generator().manual_seed(seed)
    x = 0.2 * torch.rand(n, 1, 12, 12, generator=g)
    y = torch.arange(n) % 2
    where = torch.randint(2, 10, (n,), generator=g)
    for i in range(n):
        if y[i] == 0:
            x[i, 0, where[i], 2:10] += 0.8
        else:
            x[i, 0, 2:10, where[i]] += 0.8
    return x, y


def model() -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(100, 2))


@engine.experiment(EXPERIMENT)
def train():
    """The teacher's own loop, exactly as taught, inside ``engine.Recorder``."""
    torch.manual_seed(43052)
    x, y = bars()
    net = model()
    loss_fn = nn.CrossEntropyLoss()
    optimizr = torch.optim.Adam(net.parameters(), lr=0.01)
    with engine.Recorder(net, optimizr, loss_fn, x_show=x) as rec:
        for epoch in range(EPOCHS):
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
    return rec, {"data": (x, y)}


def conv_maps(rec, image: torch.Tensor) -> np.ndarray:
    """(n_states, 4, 10, 10): the conv's output on one image at every recorded state."""
    net = model()
    out = []
    with torch.no_grad():
        for k in range(rec.n_states):
            net.load_state_dict({n: torch.tensor(v) for n, v in rec.state_dict(k).items()})
            out.append(net[0](image[None])[0].numpy())
    return np.stack(out)


def accuracy(rec) -> np.ndarray:
    """(n_states,) share of the images whose larger logit (eval mode, recorded) is their class."""
    return np.mean(np.argmax(rec.prediction, axis=2) == rec.data("y")[None], axis=1)


class Model(Part):
    """Beats.

    1. Title; the diagram (every shape traced) with the first image and its maps at the initial weights.
    2. The filters as small images under the diagram.
    3. Every epoch: the maps and the filters change together; conclusion held 3 s.
    """

    id = "owncnn.model"
    lecture = "cnn-01"
    title_key = "owncnn.model.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        x, _ = bars()
        epoch = ValueTracker(0)
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        diagram = NetworkDiagram.from_model(model(), x[:1], activations={"0": conv_maps(rec, x[0])}, tracker=epoch)
        diagram.next_to(title, DOWN, buff=0.5)
        filters = FilterImages(rec.param("0.weight"), epoch, cell_height=0.5)
        caption = label("owncnn.model.filters", size="caption", color=PALETTE["muted"])
        filters.next_to(diagram, DOWN, buff=0.45).set_x(diagram.tensor("0").get_x())   # under the conv's maps
        caption.next_to(filters, DOWN, buff=0.15)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(diagram), run_time=1.5)
        self.play(FadeIn(filters), FadeIn(caption), run_time=1)
        self.play(epoch.animate.set_value(rec.n_states - 1), run_time=5, rate_func=linear)
        conclusion = label("owncnn.model.conclusion", size="body", color=PALETTE["fit"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(conclusion, shift=UP * 0.1), run_time=1)
        self.wait(3)


class Training(Part):
    """Beats.

    1. Title; the dashboard: loss per update, accuracy per state, weight norm per layer, the counters.
    2. Every epoch in 5 s; conclusion with the final accuracy, held 3 s.
    """

    id = "owncnn.training"
    lecture = "cnn-01"
    title_key = "owncnn.train.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        epoch = ValueTracker(0)
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        acc = accuracy(rec)
        board = TrainingDashboard.from_recording(rec, epoch, series={"accuracy": acc}, height=5.4)
        board.next_to(title, DOWN, buff=0.35)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(board), run_time=1.5)
        self.play(epoch.animate.set_value(rec.n_states - 1), run_time=5, rate_func=linear)
        conclusion = label("owncnn.train.conclusion", size="body", color=PALETTE["fit"], epochs=rec.n_epochs,
                           acc=f"{acc[-1]:.0%}").to_edge(DOWN, buff=0.3)
        self.play(FadeIn(conclusion, shift=UP * 0.1), run_time=1)
        self.wait(3)


class ModelScene(PartScene):
    part = Model


class TrainingScene(PartScene):
    part = Training


class CnnLesson(LessonScene):
    parts = [Model, Training]


default_scene("CnnLesson")
