"""A lecture of one's own: a tiny classifier the course does not have.

    lecture --lectures examples/tiny_classifier.py list
    lecture --lectures examples/tiny_classifier.py record tiny-01
    lecture --lectures examples/tiny_classifier.py render tiny-01 --lang en,ko
    lecture --lectures examples/tiny_classifier.py slides tiny-01
    manim render examples/tiny_classifier.py              # the whole lesson, as manim sees it

Everything a lecture needs is in this one file: its declaration (id, title, strings), its
experiment (the teacher's own training loop under ``engine.Recorder``) and its parts (the
same ``Part`` / ``PartScene`` / ``LessonScene`` classes the course's families use, each
declaring the recordings it reads). Nothing in the package is edited.
"""

from __future__ import annotations

import numpy as np
import torch
from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, Indicate, MathTex, ValueTracker, VGroup, Write
from torch import nn

import engine
from scenes.common.charts import LossChart
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.network import NetworkDiagram, diverging_bar
from scenes.common.numbers import LiveNumber
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain

EXPERIMENT = "tiny-01/classifier"
EPOCHS = 150

LECTURE = Lecture(
    "tiny-01",
    title={"en": "A tiny classifier: three features, two classes", "ko": "작은 분류기: 특징 3개, 클래스 2개"},
    strings={
        "tiny.net.title": {"en": "The network and its weights", "ko": "네트워크와 가중치"},
        "tiny.net.code": {"en": "Linear(3, 8) → Tanh → Dropout(0.5) → Linear(8, 2)",
                          "ko": "Linear(3, 8) → Tanh → Dropout(0.5) → Linear(8, 2)"},
        "tiny.net.loss": {"en": "loss: CrossEntropyLoss on the 2 outputs (logits)",
                          "ko": "손실: 출력 2개(로짓)에 CrossEntropyLoss"},
        "tiny.net.epoch": {"en": "epoch", "ko": "에폭"},
        "tiny.net.bar": {"en": "weight", "ko": "가중치"},
        "tiny.net.conclusion": {"en": "Training moved every weight: blue positive, red negative",
                                "ko": "학습이 모든 가중치를 움직였다: 파랑은 양수, 빨강은 음수"},
        "tiny.loss.title": {"en": "The loss falls, the accuracy rises", "ko": "손실은 줄고 정확도는 오른다"},
        "tiny.loss.x": {"en": "epoch", "ko": "에폭"},
        "tiny.loss.y": {"en": "cross-entropy loss", "ko": "교차 엔트로피 손실"},
        "tiny.loss.legend": {"en": "training loss (dropout on)", "ko": "학습 손실 (드롭아웃 켬)"},
        "tiny.loss.accuracy": {"en": "accuracy (eval mode):", "ko": "정확도 (eval 모드):"},
        "tiny.loss.conclusion": {"en": "After {epochs} epochs: {acc} of the 200 points classified right",
                                 "ko": "{epochs} 에폭 후: 200개 중 {acc} 를 맞게 분류"},
    },
)


@engine.experiment(EXPERIMENT)
def classifier():
    """The teacher's own loop, exactly as taught, inside ``engine.Recorder``."""
    torch.manual_seed(43052)
    x = torch.randn(200, 3)
    y = ((x[:, 0] + x[:, 1] ** 2 - x[:, 2]) > 0.5).long()
    net = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Dropout(0.5), nn.Linear(8, 2))
    loss_fn = nn.CrossEntropyLoss()
    optimizr = torch.optim.SGD(net.parameters(), lr=0.3, momentum=0.9)
    with engine.Recorder(net, optimizr, loss_fn, x_show=x) as rec:
        for epoch in range(EPOCHS):
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizr.step()
            optimizr.zero_grad()
    return rec, {"data": (x, y)}


def accuracy(rec, state: int = -1) -> float:
    """Share of the 200 points whose larger logit (eval mode, recorded) is their class."""
    logits = rec.prediction[state]
    return float(np.mean(np.argmax(logits, axis=1) == rec.data("y")))


class Network(Part):
    """Beats.

    1. Title; the code line of the model and its loss, written.
    2. The diagram (3 inputs, 8 tanh units through dropout, 2 logits) with the initial weights, a colour
       bar for the weight sign and size.
    3. The weights step through every epoch with the epoch counter (slow first, then faster).
    4. Conclusion held 3 s under the diagram.
    """

    id = "tiny.network"
    lecture = "tiny-01"
    title_key = "tiny.net.title"
    experiments = (EXPERIMENT,)

    def run(self):
        from engine.forward import weights_at

        rec = recording(EXPERIMENT)
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        code = label("tiny.net.code", size="caption").next_to(title, DOWN, buff=0.25)
        loss = label("tiny.net.loss", size="caption", color=PALETTE["muted"]).next_to(code, DOWN, buff=0.12)
        diagram = NetworkDiagram.from_recording(rec, state=0, width=8.6, height=3.0)
        diagram.next_to(loss, DOWN, buff=0.4).shift(LEFT * 0.6)
        scale = float(max(np.max(np.abs(w)) for s in range(rec.n_states) for w in weights_at(rec, s)))
        bar = diverging_bar(scale, height=2.6, title=label("tiny.net.bar", size="small"))
        bar.next_to(diagram, RIGHT, buff=0.5)
        epoch = ValueTracker(0)
        # a number that changes every frame is a LiveNumber (digits typeset once), never a new Text per frame
        number = LiveNumber(np.arange(rec.n_states), epoch, num_decimal_places=0, font_size=FONT_SIZE["body"])
        counter = VGroup(label("tiny.net.epoch", size="body"), number.set_value(rec.n_epochs),  # laid out at its widest
                         MathTex(rf"/\ {rec.n_epochs}", font_size=FONT_SIZE["body"]))
        counter.arrange(RIGHT, buff=0.15).next_to(bar, DOWN, buff=0.4)   # clear of the conclusion
        number.set_value(0)           # it grows to the right from where it starts
        self.play(Write(title), run_time=1)
        self.play(FadeIn(code, shift=DOWN * 0.1), FadeIn(loss, shift=DOWN * 0.1), run_time=1.2)
        self.play(Create(diagram), run_time=2.5)
        self.play(FadeIn(bar), FadeIn(counter), run_time=1)
        self.wait(1)
        first = 10   # the first epochs one by one, slowly
        self.play(diagram.animate_weights(lambda k: weights_at(rec, k + 1), first,
                                          on_step=lambda k: epoch.set_value(k + 1), run_time=4))
        rest = rec.n_states - 1 - first
        self.play(diagram.animate_weights(lambda k: weights_at(rec, first + 1 + k), rest,
                                          on_step=lambda k: epoch.set_value(first + 1 + k), run_time=5))
        conclusion = label("tiny.net.conclusion", size="body", color=PALETTE["fit"]).to_edge(DOWN, buff=0.3)
        self.play(FadeIn(conclusion, shift=UP * 0.1), run_time=1.2)
        self.wait(3.5)


class LossCurve(Part):
    """Beats.

    1. Title; the axes with their names (epoch, cross-entropy loss), numbered.
    2. The recorded loss drawn epoch by epoch with its legend; the eval-mode accuracy counts along.
    3. Conclusion: the final accuracy, held 3.5 s, with the end of the curve highlighted.
    """

    id = "tiny.loss"
    lecture = "tiny-01"
    title_key = "tiny.loss.title"
    experiments = (EXPERIMENT,)

    def run(self):
        rec = recording(EXPERIMENT)
        title = label(self.title_key, size="title").to_edge(UP, buff=0.3)
        chart = LossChart({"loss": (rec.loss, PALETTE["train"])}, width=8.0, height=3.8,
                          x_label=label("tiny.loss.x", size="caption"), y_label=label("tiny.loss.y", size="caption"))
        chart.next_to(title, DOWN, buff=0.4).shift(LEFT * 0.8)
        curve = chart.get_curve("loss")
        chart.remove(curve)
        legend = VGroup(plain("—", size="body", color=PALETTE["train"]), label("tiny.loss.legend", size="small"))
        legend.arrange(RIGHT, buff=0.15).next_to(chart.axes, UP, buff=0.1).align_to(chart.axes, RIGHT)
        state = ValueTracker(0)
        accuracies = [accuracy(rec, s) for s in range(rec.n_states)]
        acc = VGroup(label("tiny.loss.accuracy", size="caption", color=PALETTE["fit"]),
                     LiveNumber(accuracies, state, num_decimal_places=3, font_size=FONT_SIZE["caption"],
                                color=PALETTE["fit"]))
        acc.arrange(RIGHT, buff=0.15).next_to(chart.axes, DOWN, buff=0.6)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(chart), run_time=1.5)
        self.play(FadeIn(legend), FadeIn(acc), run_time=0.8)
        self.play(Create(curve), state.animate.set_value(rec.n_states - 1), run_time=8, rate_func=lambda t: t)
        final = f"{accuracy(rec):.1%}"
        conclusion = label("tiny.loss.conclusion", size="body", color=PALETTE["fit"], epochs=rec.n_epochs, acc=final)
        conclusion.to_edge(DOWN, buff=0.3)
        self.play(FadeIn(conclusion, shift=UP * 0.1), Indicate(acc), run_time=1.2)
        self.wait(3.5)


class NetworkScene(PartScene):
    part = Network


class LossCurveScene(PartScene):
    part = LossCurve


class TinyLesson(LessonScene):
    parts = [Network, LossCurve]


default_scene("TinyLesson")
