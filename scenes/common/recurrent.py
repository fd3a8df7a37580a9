"""Recurrent layers unrolled over time: one cell per step, the hidden state passed along, its values.

The number of steps is the traced one (an ``nn.RNN``/``GRU``/``LSTM``'s sequence length, its
``out_shape[0]``, or the ``calls`` of a cell a ``forward`` drives step by step); the hidden size is
the module's. Values are plain arrays, one entry per recorded state, followed through an epoch
``ValueTracker`` (as :class:`~scenes.common.numbers.LiveNumber` follows a series):

>>> rnn = UnrolledRNN(20, 8, cell="GRU", hidden=h, tracker=epoch)   # h: (n_states, 20, 8)
>>> gates = LSTMGates({"i": i, "f": f, "g": g, "o": o, "c": c, "h": h}, step=3, tracker=epoch)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    DashedLine,
    ManimColor,
    MathTex,
    RoundedRectangle,
    ValueTracker,
    VGroup,
    interpolate_color,
)

from .numbers import LiveNumber
from .style import FONT_SIZE, PALETTE
from .text import plain

__all__ = ["ValueColumn", "UnrolledRNN", "LSTMGates", "shown_steps"]


def shown_steps(steps: int, max_steps: int) -> list[int]:
    """The (0-based) steps drawn of ``steps``: all, or the first ``max_steps - 1`` and the last."""
    if steps <= max_steps:
        return list(range(steps))
    return list(range(max_steps - 1)) + [steps - 1]


def _shown_units(size: int, max_values: int) -> list[int]:
    if size <= max_values:
        return list(range(size))
    half = max_values // 2
    return list(range(half)) + list(range(size - (max_values - half), size))


class ValueColumn(VGroup):
    """A vector's values as a column of numbers coloured by sign and size, following an epoch tracker.

    Parameters
    ----------
    values : ``(n_states, n)`` (or ``(n,)``, one state): the vector at each recorded state.
    tracker : the epoch ``ValueTracker`` (default: a tracker at state 0).
    max_values : a longer vector shows its first and last values around a vertical ellipsis.
    decimals, font_size : how the numbers are written (font size at least 20).
    scale : |value| drawn at full colour (default: the largest over all states).
    row_gap : distance between the centres of two numbers.

    Attributes
    ----------
    numbers : one :class:`LiveNumber` per shown value, top to bottom (``shown`` gives their indices).
    ellipsis : the vertical ellipsis of a collapsed vector, or ``None``.
    """

    def __init__(self, values, tracker: ValueTracker | None = None, *, max_values: int = 6, decimals: int = 2,
                 font_size: float = FONT_SIZE["small"], scale: float | None = None, row_gap: float = 0.3, **kwargs):
        super().__init__(**kwargs)
        v = np.asarray(values, dtype=float)
        self.values = v[None] if v.ndim == 1 else v.reshape(len(v), -1)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        self.size = self.values.shape[1]
        self.shown = _shown_units(self.size, max_values)
        self.scale_value = scale or float(np.max(np.abs(self.values))) or 1.0
        slots = len(self.shown) + (1 if len(self.shown) < self.size else 0)
        ys = (np.arange(slots)[::-1] - (slots - 1) / 2) * row_gap
        self.numbers = VGroup()
        self.ellipsis = None
        rows = list(ys)
        if len(self.shown) < self.size:
            mid = rows.pop(len(self.shown) // 2)
            self.ellipsis = MathTex(r"\vdots", font_size=font_size, color=PALETTE["muted"]).move_to([0, mid, 0])
        for j, y in zip(self.shown, rows):
            number = LiveNumber(self.values[:, j], self.tracker, num_decimal_places=decimals, include_sign=True,
                                font_size=font_size)
            number.move_to([0, y, 0])
            number.unit = j
            number.add_updater(self._colour)
            self._colour(number)
            self.numbers.add(number)
        self.add(self.numbers)
        if self.ellipsis is not None:
            self.add(self.ellipsis)

    def _colour(self, number: LiveNumber) -> None:
        v = number.get_value()
        m = float(np.clip(abs(v) / self.scale_value, 0, 1))
        target = PALETTE["positive"] if v >= 0 else PALETTE["negative"]
        number.glyphs.set_fill(interpolate_color(ManimColor(PALETTE["text"]), ManimColor(target), 0.35 + 0.65 * m))

    def number(self, unit: int) -> LiveNumber:
        """The number of value ``unit`` (true index); KeyError if it is elided."""
        for n in self.numbers:
            if n.unit == unit:
                return n
        raise KeyError(f"value {unit} of {self.size} is elided; shown: {self.shown}")


class UnrolledRNN(VGroup):
    """A recurrent layer unrolled over time: a cell per step, ``h`` passed right, ``x_t`` coming in below.

    Parameters
    ----------
    steps : time steps (the traced sequence length, or the calls of a cell driven over time).
    hidden_size : the hidden state's size.
    cell : the cell's name written in each box (``"RNN"``, ``"GRU"``, ``"LSTM"``, a class name).
    hidden : optional ``(n_states, steps, hidden_size)`` hidden states of one shown sequence: each
        shown step gets a :class:`ValueColumn` of its ``h_t`` above its cell.
    tracker : the epoch ``ValueTracker``.
    max_steps : a longer sequence draws its first ``max_steps - 1`` steps and the last, with a
        horizontal ellipsis between.
    cell_width, cell_height, step_gap : the boxes and the distance between their centres.
    max_values, decimals : of the hidden-state columns.
    carries : what a cell passes to the next, each an arrow (default ``("h",)``, an LSTM's ``("c", "h")``).

    Attributes
    ----------
    steps_shown : the (0-based) steps drawn; ``cells``, ``cell_labels``, ``inputs``, ``input_labels``
        and ``states`` (when ``hidden`` is given) have one entry per drawn step, ``state_labels`` too.
    arrows : the states passed from each drawn cell to the next (dashed across the ellipsis), ``carried``
        their names; ``carry_labels`` names them in the first gap when there are two (an LSTM's c and h).
    ellipsis : the horizontal ellipsis of a collapsed sequence, or ``None``.
    """

    def __init__(self, steps: int, hidden_size: int, *, cell: str = "RNN", hidden=None,
                 tracker: ValueTracker | None = None, max_steps: int = 5, cell_width: float = 0.8,
                 cell_height: float = 0.55, step_gap: float = 1.35, max_values: int = 6, decimals: int = 2,
                 carries: tuple | None = None, color=None, **kwargs):
        super().__init__(**kwargs)
        self.steps, self.hidden_size, self.cell_name = int(steps), int(hidden_size), cell
        if self.steps < 1:
            raise ValueError(f"an unrolled layer needs at least one step, got {steps}")
        self.steps_shown = shown_steps(self.steps, max_steps)
        self.tracker = tracker if tracker is not None else ValueTracker(0)
        color = color or PALETTE["fit"]
        # a box fits its name, and the gap between two boxes leaves room for the arrows (and their names)
        cell_width = max(cell_width, plain(cell, size="small").width + 0.16)
        step_gap = max(step_gap, cell_width + 0.5)
        collapsed = len(self.steps_shown) < self.steps
        slots = len(self.steps_shown) + (1 if collapsed else 0)
        xs = list((np.arange(slots) - (slots - 1) / 2) * step_gap)
        self.ellipsis = None
        if collapsed:
            mid = xs.pop(len(self.steps_shown) - 1)
            self.ellipsis = MathTex(r"\cdots", font_size=FONT_SIZE["caption"], color=PALETTE["muted"])
            self.ellipsis.move_to([mid, 0, 0])
        self.cells, self.cell_labels = VGroup(), VGroup()
        self.inputs, self.input_labels = VGroup(), VGroup()
        for t, x in zip(self.steps_shown, xs):
            box = RoundedRectangle(width=cell_width, height=cell_height, corner_radius=0.08, stroke_width=2,
                                   color=color).move_to([x, 0, 0])
            name = plain(cell, size="small", color=PALETTE["text"]).move_to(box)
            self.cells.add(box)
            self.cell_labels.add(name)
            arrow = Arrow([x, -cell_height / 2 - 0.55, 0], box.get_bottom(), buff=0.02, stroke_width=2,
                          max_tip_length_to_length_ratio=0.3, color=PALETTE["muted"])
            self.inputs.add(arrow)
            self.input_labels.add(MathTex(f"x_{{{t + 1}}}", font_size=FONT_SIZE["caption"], color=PALETTE["text"])
                                  .next_to(arrow, DOWN, buff=0.08))
        # what each cell passes to the next: h, and an LSTM's cell state c above it
        self.carried = tuple(carries) if carries is not None else (("c", "h") if cell.upper().startswith("LSTM")
                                                                    else ("h",))
        offsets = np.linspace(0.12, -0.12, len(self.carried)) if len(self.carried) > 1 else [0.0]
        self.arrows, self.carry_labels = VGroup(), VGroup()
        for name, dy in zip(self.carried, offsets):
            up = UP * dy
            style = {"stroke_width": 2, "color": color if name == "h" else PALETTE["path"]}
            for a, b, ta, tb in zip(self.cells, self.cells[1:], self.steps_shown, self.steps_shown[1:]):
                if tb == ta + 1:
                    self.arrows.add(Arrow(a.get_right() + up, b.get_left() + up, buff=0.04, tip_length=0.12,
                                          max_tip_length_to_length_ratio=0.25, **style))
                else:   # across the ellipsis: the steps between are not drawn
                    self.arrows.add(DashedLine(a.get_right() + up, self.ellipsis.get_left() + LEFT * 0.08 + up,
                                               **style),
                                    Arrow(self.ellipsis.get_right() + RIGHT * 0.08 + up, b.get_left() + up, buff=0.04,
                                          tip_length=0.12, max_tip_length_to_length_ratio=0.4, **style))
            if len(self.carried) > 1 and len(self.cells) > 1:   # named once, in the first gap
                gap_x = (self.cells[0].get_right()[0] + self.cells[1].get_left()[0]) / 2
                tex = MathTex(name, font_size=FONT_SIZE["small"], color=style["color"])
                tex.move_to([gap_x, 0, 0]).shift((UP if dy > 0 else DOWN) * (abs(dy) + 0.06 + tex.height / 2))
                self.carry_labels.add(tex)
        self.add(self.carry_labels)
        self.add(self.cells, self.cell_labels, self.arrows, self.inputs, self.input_labels)
        if self.ellipsis is not None:
            self.add(self.ellipsis)
        self.states, self.state_labels = VGroup(), VGroup()
        if hidden is not None:
            h = np.asarray(hidden, dtype=float)
            if h.ndim == 2:
                h = h[None]
            if h.shape[1:] != (self.steps, self.hidden_size):
                raise ValueError(f"hidden states of shape {h.shape} do not fit {self.steps} steps of "
                                 f"{self.hidden_size}: pass (n_states, {self.steps}, {self.hidden_size})")
            scale = float(np.max(np.abs(h))) or 1.0
            for t, box in zip(self.steps_shown, self.cells):
                column = ValueColumn(h[:, t], self.tracker, max_values=max_values, decimals=decimals, scale=scale)
                column.next_to(box, UP, buff=0.5)
                up = Arrow(box.get_top(), column.get_bottom(), buff=0.04, stroke_width=2,
                           max_tip_length_to_length_ratio=0.3, color=PALETTE["muted"])
                name = MathTex(f"h_{{{t + 1}}}", font_size=FONT_SIZE["caption"], color=PALETTE["text"])
                name.next_to(column, UP, buff=0.12)
                self.states.add(VGroup(up, column))
                self.state_labels.add(name)
            self.add(self.states, self.state_labels)

    def cell(self, t: int) -> RoundedRectangle:
        """The box of step ``t`` (0-based); KeyError if it is elided."""
        if t not in self.steps_shown:
            raise KeyError(f"step {t} of {self.steps} is elided; shown: {self.steps_shown}")
        return self.cells[self.steps_shown.index(t)]

    def state_column(self, t: int) -> ValueColumn:
        """The hidden-state column of step ``t`` (0-based)."""
        self.cell(t)
        return self.states[self.steps_shown.index(t)][1]


#: how the LSTM's parts are written, in torch's order (input, forget, cell candidate, output), then c and h
_GATE_TEX = {"i": "i_{%d}", "f": "f_{%d}", "g": "g_{%d}", "o": "o_{%d}", "c": "c_{%d}", "h": "h_{%d}"}


class LSTMGates(VGroup):
    """An LSTM step's gates and states side by side: a column of numbers for each of i, f, g, o, c, h.

    Parameters
    ----------
    gates : ``{name: (n_states, steps, hidden)}`` arrays (any subset of ``i f g o c h``, in the order
        given; other names are written as they are).
    step : which step (0-based) to show.
    tracker : the epoch ``ValueTracker``.
    max_values, decimals, column_gap : the columns.

    Attributes
    ----------
    columns : ``{name: ValueColumn}``; ``headers``: their names (``i_t``...), above the columns.
    """

    def __init__(self, gates: Mapping[str, np.ndarray], step: int, tracker: ValueTracker | None = None, *,
                 max_values: int = 6, decimals: int = 2, column_gap: float = 0.95, **kwargs):
        super().__init__(**kwargs)
        if not gates:
            raise ValueError("LSTMGates needs at least one gate array")
        self.step, self.tracker = int(step), tracker if tracker is not None else ValueTracker(0)
        self.columns: dict[str, ValueColumn] = {}
        self.headers = VGroup()
        body = VGroup()
        for k, (name, values) in enumerate(gates.items()):
            v = np.asarray(values, dtype=float)
            if v.ndim != 3 or not 0 <= self.step < v.shape[1]:
                raise ValueError(
                    f"gate {name!r}: pass (n_states, steps, hidden) with step {step} inside, got {v.shape}")
            column = ValueColumn(v[:, self.step], self.tracker, max_values=max_values, decimals=decimals)
            column.move_to([k * column_gap, 0, 0])
            self.columns[name] = column
            body.add(column)
        top = max(c.get_top()[1] for c in body)
        for name, column in self.columns.items():
            tex = _GATE_TEX.get(name, r"\mathrm{" + name + "}_{%d}") % (self.step + 1)
            self.headers.add(MathTex(tex, font_size=FONT_SIZE["caption"], color=PALETTE["fit"])
                             .move_to([column.get_x(), top + 0.3, 0]))
        self.add(body, self.headers)

    def column(self, name: str) -> ValueColumn:
        return self.columns[name]

