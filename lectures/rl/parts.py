"""The parts of the rl lecture: the Bandit game, the 4x4 GridWorld, random play, the q_table and Q-learning.

    manim render lectures/rl/parts.py            # the whole lesson
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    MathTex,
    RoundedRectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Write,
)

from lectures.rl.experiments import (
    BANDIT,
    CLEAR_AFTER,
    CLEAR_MEAN,
    GRID_EXPLORER,
    GRID_GREEDY,
    GRID_RANDOM,
    GRID_UNDERSTAND,
    SEED,
)
from lectures.rl.strings import STRINGS
from scenes.common.charts import LossChart
from scenes.common.colors import HEAT, ColorBar
from scenes.common.grid_world import GridBoard, NumberGrid, QTableArrows
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.recordings import recording
from scenes.common.style import FONT_SIZE, PALETTE
from scenes.common.text import label, plain
from scenes.common.value_bars import ValueBars

LECTURE = Lecture("rl", title={"en": "Reinforcement learning: the Bandit game and Q-learning in a GridWorld",
                               "ko": "강화학습: Bandit 게임과 그리드월드의 Q-learning"}, strings=STRINGS,
                  week="13wk-2")

#: action -> (row step, col step), the notes' action_to_direction
DIRECTIONS = {0: (1, 0), 1: (0, 1), 2: (-1, 0), 3: (0, -1)}
GOAL = (3, 3)
BUTTON_COLORS = (PALETTE["muted"], PALETTE["train"])
HOLD = 3.5


def title_of(part: Part):
    return label(part.title_key, size="title").to_edge(UP, buff=0.3)


def seed_note():
    return label("rl.seed", size="small", color=PALETTE["muted"], seed=SEED).to_corner(DOWN + RIGHT, buff=0.25)


def conclude(part: Part, key: str, **fmt):
    """The conclusion at the bottom, held 3.5 s."""
    text = label(key, size="body", color=PALETTE["fit"], **fmt).to_edge(DOWN, buff=0.75)
    part.play(FadeIn(text, shift=UP * 0.1), run_time=1)
    part.wait(HOLD)
    return text


def lines(key: str, **kw):
    """Two labels, ``key`` and ``key + "2"``, one under the other (Text's own line breaks crowd Korean)."""
    return VGroup(label(key, **kw), label(key + "2", **kw)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def legend_row(color, key: str, **fmt):
    return VGroup(Line(LEFT * 0.2, RIGHT * 0.2, color=color, stroke_width=5), label(key, size="small", **fmt)
                  ).arrange(RIGHT, buff=0.15)


class ScoreAxes(VGroup):
    """Axes for values below and above zero with the x axis at the bottom (manim's Axes cross at y = 0):
    ``c2p(x, y)`` places a value; ticks are written at their true values."""

    def __init__(self, x_max: int, y_lo: float, y_hi: float, y_step: float, *, x_ticks, width: float, height: float,
                 x_label=None, y_label=None):
        from manim import Axes
        super().__init__()
        self.y_lo = y_lo
        self.axes = Axes(x_range=[0, x_max, x_max], y_range=[0, y_hi - y_lo, y_step], x_length=width,
                         y_length=height, tips=False, axis_config={"stroke_width": 2, "color": PALETTE["muted"]})
        self.add(self.axes)
        for x in x_ticks:
            self.add(plain(f"{x:g}", size="small", color=PALETTE["muted"]).next_to(self.c2p(x, y_lo), DOWN, buff=0.12))
        for v in np.arange(y_lo, y_hi + 1e-9, y_step):
            self.add(plain(f"{v:g}", size="small", color=PALETTE["muted"]).next_to(self.c2p(0, v), LEFT, buff=0.12))
        if x_label is not None:
            self.x_label = x_label.next_to(self.c2p(x_max, y_lo), DOWN, buff=0.5).align_to(self.c2p(x_max, y_lo), RIGHT)
            self.add(self.x_label)
        if y_label is not None:
            self.y_label = y_label.next_to(self.c2p(0, y_hi), UP, buff=0.15)
            self.add(self.y_label)

    def c2p(self, x: float, y: float):
        return self.axes.c2p(x, y - self.y_lo)

    def curve(self, xs, ys, color, stroke_width: float = 2.0) -> VMobject:
        line = VMobject(stroke_color=color, stroke_width=stroke_width)
        line.set_points_as_corners([self.c2p(x, y) for x, y in zip(xs, ys)])
        return line


class BanditGame(Part):
    """Beats.

    1. Title; two buttons, button 0 and button 1; under them their rewards 1 and 10 (the environment),
       with the line "environment: gives a reward for each action".
    2. The chart: try (x) against the mean of the last 20 rewards (y), the dashed Game Clear line at 9.5
       with its label; the random agent's 50 recorded tries drawn (grey line); its result, no clear,
       held under the chart's legend.
    3. The human agent (always button 1) drawn in blue: flat at 10, cleared at try 21; a dot marks it.
    4. Conclusion at the bottom: RL is understand the environment -> decide the action; held 3.5 s.
    """

    id = "rl.bandit"
    lecture = "rl"
    title_key = "rl.bandit.title"
    experiments = (BANDIT,)

    def run(self):
        rec = recording(BANDIT)
        title = title_of(self)
        buttons = VGroup()
        for key, reward_key, color in (("rl.button0", "rl.bandit.rewards", BUTTON_COLORS[0]),
                                       ("rl.button1", "rl.bandit.rewards10", BUTTON_COLORS[1])):
            name = label(key, size="caption")
            box = RoundedRectangle(corner_radius=0.15, width=max(1.9, name.width + 0.5), height=0.8,
                                   stroke_color=color, fill_color=color, fill_opacity=0.25)
            name.move_to(box)
            reward = label(reward_key, size="caption", color=PALETTE["fit"]).next_to(box, DOWN, buff=0.15)
            buttons.add(VGroup(VGroup(box, name), reward))
        buttons.arrange(RIGHT, buff=0.6).next_to(title, DOWN, buff=0.35).to_edge(LEFT, buff=0.8)
        terms = lines("rl.bandit.terms", size="caption").next_to(buttons, RIGHT, buff=0.6)
        self.play(Write(title), run_time=1)
        self.play(*(FadeIn(b[0]) for b in buttons), run_time=1)
        self.play(*(FadeIn(b[1], shift=DOWN * 0.1) for b in buttons), FadeIn(terms), run_time=1)
        self.wait(1.5)

        random_mean, human_mean = rec.series("random.mean20"), rec.series("human.mean20")
        chart = LossChart({"random": (random_mean, BUTTON_COLORS[0]), "human": (human_mean, BUTTON_COLORS[1])},
                          width=5.0, height=2.6, y_max=10.0, stroke_widths={"human": 4},
                          x_label=label("rl.try", size="small"), y_label=label("rl.bandit.mean", size="small"))
        chart.next_to(buttons, DOWN, buff=0.5).to_edge(LEFT, buff=0.5)
        clear_line = DashedLine(chart.axes.c2p(0, CLEAR_MEAN), chart.axes.c2p(len(random_mean), CLEAR_MEAN),
                                color=PALETTE["point"])
        clear_key = VGroup(DashedLine(LEFT * 0.2, RIGHT * 0.2, color=PALETTE["point"]),
                           label("rl.bandit.clear", size="small", color=PALETTE["point"])).arrange(RIGHT, buff=0.15)
        legend = VGroup(clear_key, legend_row(BUTTON_COLORS[0], "rl.bandit.random"),
                        legend_row(BUTTON_COLORS[1], "rl.bandit.human"))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(chart.axes, RIGHT, buff=0.4).align_to(chart.axes, UP)
        random_curve, human_curve = chart.get_curve("random"), chart.get_curve("human")
        chart.remove(random_curve, human_curve)
        seed = seed_note()
        self.play(FadeIn(chart), Create(clear_line), FadeIn(clear_key), FadeIn(seed), run_time=1.2)
        self.play(FadeIn(legend[1]), run_time=0.5)
        self.play(Create(random_curve), run_time=4, rate_func=lambda t: t)
        random_result = label("rl.bandit.random_result", size="small", mean=f"{random_mean[-1]:.2f}")
        random_result.next_to(legend, DOWN, buff=0.35).align_to(legend, LEFT)
        self.play(FadeIn(random_result), run_time=0.8)
        self.wait(2.5)

        cleared_at = len(human_mean)
        self.play(FadeIn(legend[2]), run_time=0.5)
        self.play(Create(human_curve), run_time=2, rate_func=lambda t: t)
        dot = Dot(chart.axes.c2p(cleared_at, human_mean[-1]), color=PALETTE["fit"], radius=0.08)
        human_result = label("rl.bandit.human_result", size="small", color=PALETTE["fit"], t=cleared_at)
        human_result.next_to(random_result, DOWN, buff=0.25).align_to(legend, LEFT)
        self.play(FadeIn(dot), FadeIn(human_result), run_time=0.8)
        self.wait(2.5)
        conclude(self, "rl.bandit.conclusion")


class BanditLearner(Part):
    """Beats.

    1. Title; the rule: tries 1-20 random, then the policy p = (q0/(q0+q1), q1/(q0+q1)) typeset, with
       q_a the mean reward of button a.
    2. Two bar pairs: the q_table (estimated reward, top 10) and the policy (probability, top 1) at try 1;
       the strip of actions (grey button 0, blue button 1, a legend) fills in try by try.
    3. At try 20 the q_table jumps to the recorded means (1, 10) and the policy to (0.09, 0.91); the strip
       goes on to the recorded Game Clear.
    4. Game Clear at the recorded try with its mean of the last 20 rewards; conclusion held 3.5 s.
    """

    id = "rl.bandit-learn"
    lecture = "rl"
    title_key = "rl.learn.title"
    experiments = (BANDIT,)

    def run(self):
        rec = recording(BANDIT)
        q, prob = rec.series("learner.q"), rec.series("learner.prob")
        actions, mean = rec.series("learner.action"), rec.series("learner.mean20")
        n = len(actions)
        title = title_of(self)
        rule = label("rl.learn.rule", size="caption")
        formula = VGroup(MathTex(r"\pi = \Big(\frac{q_0}{q_0+q_1},\ \frac{q_1}{q_0+q_1}\Big)",
                                 font_size=FONT_SIZE["body"]), label("rl.learn.qa", size="caption"))
        formula.arrange(RIGHT, buff=0.5)
        VGroup(rule, formula).arrange(DOWN, buff=0.2).next_to(title, DOWN, buff=0.3)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(rule), Write(formula), run_time=1.5)
        self.wait(1.5)

        def names():
            return [label("rl.button0", size="small"), label("rl.button1", size="small")]

        q_bars = ValueBars(q[0], names=names(), top=10.0, height=1.3, colors=BUTTON_COLORS, decimals=3)
        p_bars = ValueBars(prob[0], names=names(), top=1.0, height=1.3, colors=BUTTON_COLORS, decimals=2)
        q_head, p_head = label("rl.learn.q", size="caption"), label("rl.learn.p", size="caption")
        left = VGroup(q_head, q_bars).arrange(DOWN, buff=0.35)
        right = VGroup(p_head, p_bars).arrange(DOWN, buff=0.35)
        VGroup(left, right).arrange(RIGHT, buff=1.6).next_to(formula, DOWN, buff=0.3).shift(LEFT * 2.0)
        strip_head = label("rl.learn.actions", size="small")
        cell = 0.22
        squares = VGroup(*(RoundedRectangle(corner_radius=0.03, width=cell, height=cell, stroke_width=0,
                                            fill_color=BUTTON_COLORS[int(a)], fill_opacity=0.95) for a in actions))
        squares.arrange(RIGHT, buff=0.06)
        key = VGroup()
        for color, name in zip(BUTTON_COLORS, ("rl.button0", "rl.button1")):
            key.add(VGroup(RoundedRectangle(corner_radius=0.03, width=cell, height=cell, stroke_width=0,
                                            fill_color=color, fill_opacity=0.95), label(name, size="small")
                           ).arrange(RIGHT, buff=0.12))
        key.arrange(RIGHT, buff=0.4)
        head = VGroup(strip_head, key).arrange(RIGHT, buff=0.4)
        strip = VGroup(head, squares).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        strip.next_to(VGroup(left, right), DOWN, buff=0.25).to_edge(LEFT, buff=0.8)
        counter_label = label("rl.try", size="caption")
        counter = VGroup(counter_label, plain("1", size="caption")).arrange(RIGHT, buff=0.2, aligned_edge=DOWN)
        counter.next_to(right, RIGHT, buff=0.9).align_to(right, UP).shift(DOWN * 0.5)
        seed = seed_note()
        self.play(FadeIn(left), FadeIn(right), FadeIn(head), FadeIn(counter), FadeIn(seed), run_time=1)
        self.wait(1)

        def advance(first: int, last: int, run_time: float):
            """Tries first..last (1-based): their squares appear, the counter and the bars follow."""
            self.play(*(FadeIn(squares[i]) for i in range(first - 1, last)),
                      Transform(counter[1], plain(str(last), size="caption").move_to(counter[1], aligned_edge=LEFT)),
                      Transform(q_bars, q_bars.with_values(q[last - 1])),
                      Transform(p_bars, p_bars.with_values(prob[last - 1])), run_time=run_time)

        advance(1, CLEAR_AFTER - 1, 2.5)
        advance(CLEAR_AFTER, CLEAR_AFTER, 1.2)
        self.wait(2)
        advance(CLEAR_AFTER + 1, n, 3)
        clear = VGroup(label("rl.learn.clear", size="caption", color=PALETTE["fit"], t=n),
                       label("rl.learn.clear_mean", size="small", color=PALETTE["fit"], mean=f"{mean[-1]:.2f}"))
        clear.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(counter, DOWN, buff=0.4).align_to(counter, LEFT)
        self.play(FadeIn(clear), Indicate(squares[-1]), run_time=1)
        self.wait(1.5)
        conclude(self, "rl.learn.conclusion")


def start_end_labels(board: GridBoard):
    start = label("rl.start", size="small").next_to(board.square(0, 0), UP, buff=0.12)
    end = label("rl.end", size="small").next_to(board.square(*GOAL), DOWN, buff=0.12)
    return VGroup(start, end)


def index_labels(board: GridBoard):
    """Row numbers on the left, column numbers on top (size 20)."""
    rows = VGroup(*(plain(str(r), size="small", color=PALETTE["muted"]).next_to(board.square(r, 0), LEFT, buff=0.15)
                    for r in range(board.rows)))
    cols = VGroup(*(plain(str(c), size="small", color=PALETTE["muted"]).next_to(board.square(0, c), UP, buff=0.12)
                    for c in range(1, board.cols)))   # column 0's number would sit under "start"
    return VGroup(rows, cols)


def walk(part: Part, board: GridBoard, dot, states, step_time: float = 0.45):
    """Move ``dot`` through ``states`` ((row, col) pairs, the first where it stands)."""
    for s in states[1:]:
        part.play(dot.animate.move_to(board.center_of(*s)), run_time=step_time)


class GridWorldGame(Part):
    """Beats.

    1. Title; the 4x4 board, row and column numbers, start (0, 0) and end (3, 3).
    2. At the right, the four words of the notes one by one: State, Action (with the 4 direction arrows),
       Reward (-1 a step, -10 off the board, +100 at (3, 3)), Terminated; the note that gym.spaces is
       replaced by numpy.
    3. The random agent's first recorded episode that reaches the goal: the red dot walks it, its score shown.
    4. Conclusion under the words: steps x (-1) + 100 = the score, held 3.5 s.
    """

    id = "rl.gridworld"
    lecture = "rl"
    title_key = "rl.grid.title"
    experiments = (GRID_RANDOM,)

    def run(self):
        rec = recording(GRID_RANDOM)
        title = title_of(self)
        board = GridBoard(4, 4, cell=1.05).to_edge(LEFT, buff=1.2).shift(DOWN * 0.05)
        board.mark(*GOAL, PALETTE["fit"], opacity=0.35)
        names = start_end_labels(board)
        numbers = index_labels(board)
        self.play(Write(title), run_time=1)
        self.play(Create(board), FadeIn(numbers), FadeIn(names), run_time=1.5)
        self.wait(1.2)

        state = label("rl.grid.state", size="caption")
        action = label("rl.grid.action", size="caption")
        arrows = VGroup()
        for a, (dr, dc) in DIRECTIONS.items():
            arrows.add(VGroup(Arrow(ORIGIN, np.array([dc, -dr, 0]) * 0.45, buff=0, color=PALETTE["fit"]),
                              plain(str(a), size="small")))
        for arr in arrows:
            arr[1].next_to(arr[0], RIGHT if arr[0].get_end()[0] >= 0 else LEFT, buff=0.08)
        arrows.arrange(RIGHT, buff=0.45)
        reward = label("rl.grid.reward", size="caption")
        off = label("rl.grid.reward_off", size="caption", color=PALETTE["point"])
        goal = label("rl.grid.reward_goal", size="caption", color=PALETTE["fit"])
        terminated = label("rl.grid.terminated", size="caption")
        words = VGroup(state, action, arrows, reward, off, goal, terminated).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        off.shift(RIGHT * 0.4)
        goal.shift(RIGHT * 0.4)
        arrows.shift(RIGHT * 0.4)
        words.next_to(board, RIGHT, buff=1.0).align_to(board, UP).shift(UP * 0.3)
        for group in ([state], [action, arrows], [reward, off, goal], [terminated]):
            self.play(*(FadeIn(m, shift=LEFT * 0.1) for m in group), run_time=0.8)
            self.wait(1.2)
        spaces = lines("rl.grid.spaces", size="small", color=PALETTE["muted"]).next_to(words, DOWN, buff=0.35)
        spaces.align_to(words, LEFT)
        seed = seed_note()
        self.play(FadeIn(spaces), FadeIn(seed), run_time=0.8)
        self.wait(1.5)

        scores, playtimes, states = rec.series("score"), rec.series("playtime"), rec.series("next_state")
        k = int(np.argmax(scores > 0))               # the first episode that reaches the goal
        first = int(np.sum(playtimes[:k]))
        path = [(0, 0)] + [tuple(s) for s in states[first:first + playtimes[k]]]
        episode = label("rl.grid.episode", size="caption", k=k + 1, score=int(scores[k]))
        episode.next_to(title, DOWN, buff=0.3).align_to(board, LEFT)
        dot = board.agent(0, 0)
        self.play(FadeIn(dot), FadeIn(episode), FadeOut(names[0]), run_time=0.8)
        walk(self, board, dot, path)
        self.wait(1)
        steps = int(playtimes[k])
        conclude(self, "rl.grid.conclusion", steps=steps, moves=steps - 1, score=int(scores[k]))




class RandomAgent(Part):
    """Beats.

    1. Title; a small board with start and end; the random agent's first three recorded episodes walked
       (each ends off the board or in the goal) next to the line "most episodes: off the board at once".
    2. The chart: episode (x) against score (y), one dot per recorded episode, 50 of them, drawn together.
    3. Conclusion: how many of the 50 reached the goal and how many fell off in one step; held 3.5 s.
    """

    id = "rl.random-agent"
    lecture = "rl"
    title_key = "rl.random.title"
    experiments = (GRID_RANDOM,)

    def run(self):
        rec = recording(GRID_RANDOM)
        scores, playtimes, states = rec.series("score"), rec.series("playtime"), rec.series("next_state")
        title = title_of(self)
        board = GridBoard(4, 4, cell=0.75).to_edge(LEFT, buff=1.0).shift(UP * 0.2)
        board.mark(*GOAL, PALETTE["fit"], opacity=0.35)
        names = start_end_labels(board)
        self.play(Write(title), run_time=1)
        self.play(Create(board), FadeIn(names), FadeIn(seed_note()), run_time=1.2)
        dot = board.agent(0, 0)
        counter = label("rl.grid.episode", size="small", k=1, score=int(scores[0])).next_to(names[1], DOWN, buff=0.3)
        counter.align_to(board, LEFT)
        self.play(FadeIn(dot), run_time=0.5)
        start = 0
        for k in range(3):
            path = [(0, 0)] + [tuple(s) for s in states[start:start + playtimes[k]]]
            dot.move_to(board.center_of(0, 0))
            new = label("rl.grid.episode", size="small", k=k + 1, score=int(scores[k])).move_to(counter, aligned_edge=LEFT)
            self.play(FadeOut(counter), run_time=0.3)
            counter = new
            self.play(FadeIn(counter), run_time=0.3)
            walk(self, board, dot, path, step_time=0.3)
            start += int(playtimes[k])
        fell = label("rl.random.fell", size="small", color=PALETTE["point"]).next_to(counter, DOWN, buff=0.2)
        fell.align_to(counter, LEFT)
        self.play(FadeIn(fell), run_time=0.6)
        self.wait(1.5)

        chart = ScoreAxes(len(scores), -20, 100, 20, x_ticks=(10, 20, 30, 40, 50), width=6.2, height=4.0,
                          x_label=label("rl.episode", size="small"), y_label=label("rl.score", size="small"))
        chart.next_to(board, RIGHT, buff=1.4).shift(DOWN * 0.2)
        dots = VGroup(*(Dot(chart.c2p(i + 1, s), radius=0.06,
                            color=PALETTE["fit"] if s > 0 else PALETTE["point"]) for i, s in enumerate(scores)))
        self.play(FadeIn(chart), run_time=1)
        self.play(FadeIn(dots, lag_ratio=0.05), run_time=3)
        self.wait(1)
        conclude(self, "rl.random.conclusion", goals=int(np.sum(scores > 0)), falls=int(np.sum(playtimes == 1)))


def value_bar(board: GridBoard):
    """The colour scale of the board's shading (max q, from -10 to 100), right of the board."""
    bar = ColorBar(-10, 100, colors=HEAT, height=board.height, width=0.2, decimals=0,
                   title=label("rl.q.value", size="small"))
    return bar.next_to(board, RIGHT, buff=0.25).align_to(board, DOWN)


def q_grids(q: np.ndarray):
    """The four action tables of a (4, 4, 4) q_table, 2 x 2, each under its action's name."""
    keys = ("rl.q.down", "rl.q.right", "rl.q.up", "rl.q.left")
    tables = VGroup()
    for a, key in enumerate(keys):
        grid = NumberGrid(q[:, :, a], decimals=2, cell_width=1.0, cell_height=0.33)
        head = label(key, size="small", color=PALETTE["fit"]).next_to(grid, UP, buff=0.15)
        tables.add(VGroup(head, grid))
    tables.arrange_in_grid(2, 2, buff=(0.5, 0.3))
    return tables


class QTable(Part):
    """Beats.

    1. Title; "10000 random episodes: N experiences" (recorded); the four action tables q(s, a) learnt from
       the reward alone (rate 0.05), down / right / up / left.
    2. (3, 1) right is boxed: -1.00, reasonable? held.
    3. The Bellman equation typeset, with gamma = 0.99 the discount rate, and the update rule.
    4. The tables become the Bellman q_table (recorded); the boxed entry now its recorded value.
    5. The board at the right: each cell shaded by max q, the greedy arrows of the table; conclusion held 3.5 s.
    """

    id = "rl.q-table"
    lecture = "rl"
    title_key = "rl.q.title"
    experiments = (GRID_UNDERSTAND,)

    def run(self):
        rec = recording(GRID_UNDERSTAND)
        q_reward, q_bellman = rec.series("q.reward")[0], rec.series("q.bellman")[0]
        n = int(rec.series("n_experiences")[0])
        title = title_of(self)
        data = label("rl.q.data", size="caption", n=f"{n:,}").next_to(title, DOWN, buff=0.25)
        tables = q_grids(q_reward).next_to(data, DOWN, buff=0.3).to_edge(LEFT, buff=0.4)
        kind = label("rl.q.reward_only", size="small", color=PALETTE["muted"])
        kind.next_to(tables, RIGHT, buff=0.45).align_to(tables, UP)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(data), FadeIn(seed_note()), run_time=0.8)
        self.play(FadeIn(tables), FadeIn(kind), run_time=1.5)
        self.wait(1.5)

        entry = tables[1][1].entries[(3, 1)]
        box = SurroundingRectangle(entry, color=PALETTE["point"], buff=0.06)
        question = label("rl.q.question", size="caption", color=PALETTE["point"])
        question.next_to(kind, DOWN, buff=0.3).align_to(kind, LEFT)
        self.play(Create(box), FadeIn(question), run_time=0.8)
        self.wait(2.5)

        bellman = label("rl.q.bellman", size="caption").next_to(tables, DOWN, buff=0.3).align_to(tables, LEFT)
        equation = MathTex(r"q(s,a) \approx \begin{cases} r + 0.99 \max_{a'} q(s',a') & \text{not terminated}\\"
                           r" r & \text{terminated}\end{cases}", font_size=FONT_SIZE["caption"])
        update = MathTex(r"q(s,a) \leftarrow \hat q + 0.05\,(q - \hat q)", font_size=FONT_SIZE["caption"])
        equation.next_to(bellman, DOWN, buff=0.2).align_to(bellman, LEFT)
        update.next_to(equation, RIGHT, buff=0.8)
        self.play(FadeIn(bellman), Write(equation), run_time=1.5)
        self.play(Write(update), run_time=1)
        self.wait(2)

        new_tables = q_grids(q_bellman).move_to(tables)
        new_kind = lines("rl.q.with_future", size="small", color=PALETTE["fit"], v=f"{q_bellman[3, 1, 1]:.2f}")
        new_kind.move_to(kind, aligned_edge=LEFT)
        self.play(FadeOut(kind), FadeOut(question), run_time=0.4)
        self.play(Transform(tables, new_tables), box.animate.move_to(new_tables[1][1].entries[(3, 1)]),
                  run_time=1.5)
        self.play(FadeIn(new_kind), run_time=0.6)
        self.wait(2.5)

        self.play(FadeOut(bellman), FadeOut(equation), FadeOut(update), run_time=0.6)
        board = GridBoard(4, 4, cell=0.75).next_to(new_kind, DOWN, buff=0.6).align_to(new_kind, LEFT)
        board.shade(q_bellman.max(axis=-1), vmin=-10, vmax=100, opacity=1.0)
        arrows = QTableArrows(board, q_bellman, DIRECTIONS, skip=[GOAL], color=PALETTE["text"])
        value = value_bar(board)
        self.play(FadeIn(board), FadeIn(value), run_time=1)
        self.play(*(Create(a) for a in arrows), run_time=1.5)
        conclude(self, "rl.q.conclusion")


def score_pieces(axes: ScoreAxes, scores: np.ndarray, cuts: list[int], color):
    """The score curve split at episodes ``cuts`` (1-based ends), one VMobject per stretch, to draw in step."""
    pieces, start = [], 1
    for end in cuts:
        xs = np.arange(max(start - 1, 1), end + 1)
        piece = VMobject(stroke_color=color, stroke_width=1.2)
        piece.set_points_as_corners([axes.c2p(x, scores[x - 1]) for x in xs] if len(xs) > 1
                                    else [axes.c2p(xs[0], scores[xs[0] - 1])] * 2)
        pieces.append(piece)
        start = end + 1
    return pieces


class GreedyAgent(Part):
    """Beats.

    1. Title; the rule (random for 3000 experiences, then argmax) and the update typeset; the board
       (shaded by max q, the colour scale named) and the score chart (episode, score) beside it, empty.
    2. The recorded q_table after episodes 1, 10, 100, 300, 600, 900, 1000, 1100, 1200, 3000: the shading and the
       greedy arrows change, the episode counter and the score curve follow.
    3. The last episode's recorded path walked by the dot: 6 steps, score 95.
    4. Conclusion: from which episode on every episode scores 95, held 3.5 s.
    """

    id = "rl.greedy"
    lecture = "rl"
    title_key = "rl.greedy.title"
    experiments = (GRID_GREEDY,)
    CUTS = [1, 10, 100, 300, 600, 900, 1000, 1100, 1200, 3000]

    def run(self):
        rec = recording(GRID_GREEDY)
        q, scores, path = rec.series("q"), rec.series("score"), rec.series("path")[0]
        title = title_of(self)
        rule = label("rl.greedy.rule", size="caption")
        update = MathTex(r"q(s,a) \leftarrow \hat q + 0.05\,(r + 0.99 \max_{a'} q(s',a') - \hat q)",
                         font_size=FONT_SIZE["caption"])
        VGroup(rule, update).arrange(DOWN, buff=0.2).next_to(title, DOWN, buff=0.3)
        board = GridBoard(4, 4, cell=0.8).to_edge(LEFT, buff=0.8)
        board.next_to(update, DOWN, buff=0.55).to_edge(LEFT, buff=0.8)
        board.shade(q[0].max(axis=-1), vmin=-10, vmax=100, opacity=1.0)
        value = value_bar(board)
        low = float(np.floor(scores.min() / 20) * 20)
        chart = ScoreAxes(len(scores), low, 100, 40 if low < -40 else 20, x_ticks=(1000, 2000, 3000), width=5.6,
                          height=2.6,
                          x_label=label("rl.episode", size="small"), y_label=label("rl.score", size="small"))
        chart.next_to(update, DOWN, buff=0.45)
        chart.shift(RIGHT * (value.get_right()[0] + 1.0 - chart.get_left()[0]))
        counter = VGroup(label("rl.episode", size="caption"), plain("1", size="caption")).arrange(RIGHT, buff=0.2,
                                                                                                  aligned_edge=DOWN)
        counter.next_to(board, DOWN, buff=0.25).align_to(board, LEFT)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(rule), Write(update), FadeIn(seed_note()), run_time=1.2)
        self.play(FadeIn(board), FadeIn(value), FadeIn(chart), FadeIn(counter), run_time=1)
        self.wait(1.5)

        arrows = QTableArrows(board, q[0], DIRECTIONS, skip=[GOAL], color=PALETTE["text"])
        self.add(arrows)
        pieces = score_pieces(chart, scores, self.CUTS, PALETTE["train"])
        for end, piece in zip(self.CUTS, pieces):
            new_arrows = QTableArrows(board, q[end - 1], DIRECTIONS, skip=[GOAL], color=PALETTE["text"])
            self.play(board.animate.shade(q[end - 1].max(axis=-1), vmin=-10, vmax=100, opacity=1.0), FadeOut(arrows),
                      FadeIn(new_arrows), Create(piece),
                      Transform(counter[1], plain(str(end), size="caption").move_to(counter[1], aligned_edge=LEFT)),
                      run_time=1.0 if end < 3000 else 2.0)
            arrows = new_arrows
            self.wait(0.5)
        self.wait(1)

        dot = board.agent(0, 0)
        steps = len(path) - 1
        result = label("rl.greedy.path", size="caption", steps=steps, score=int(scores[-1]))
        result.next_to(counter, RIGHT, buff=0.6)
        self.play(FadeIn(dot), FadeIn(result), run_time=0.6)
        walk(self, board, dot, [tuple(s) for s in path], step_time=0.4)
        self.wait(1)
        good = scores == 95
        since = int(len(scores) - np.argmin(good[::-1])) + 1 if not good.all() else 1   # first of the last run of 95s
        conclude(self, "rl.greedy.conclusion", k=since)


class ScorePerEpisode(Part):
    """Beats.

    1. Title; the chart: episode (x) against the mean score of each 300 episodes (y), as the notes log it.
    2. AgentGreedy's ten recorded means drawn (blue) with its legend.
    3. AgentExplorer's (eps from 1, times 0.999 each episode) drawn (orange) with its legend and the final eps.
    4. Conclusion: the first block of 300 from which greedy's mean is 95; the explorer's last block; held 3.5 s.
    """

    id = "rl.score"
    lecture = "rl"
    title_key = "rl.score.title"
    experiments = (GRID_GREEDY, GRID_EXPLORER)
    BLOCK = 300

    def run(self):
        greedy, explorer = recording(GRID_GREEDY), recording(GRID_EXPLORER)
        means = {k: r.series("score").reshape(-1, self.BLOCK).mean(axis=1) for k, r in
                 (("greedy", greedy), ("explorer", explorer))}
        eps = explorer.series("eps")
        title = title_of(self)
        chart = ScoreAxes(3000, -20, 100, 20, x_ticks=(600, 1200, 1800, 2400, 3000), width=6.0, height=3.9,
                          x_label=label("rl.episode", size="small"), y_label=label("rl.score.mean", size="small"))
        chart.next_to(title, DOWN, buff=0.6).to_edge(LEFT, buff=0.6)
        ends = np.arange(1, 11) * self.BLOCK
        curves = [chart.curve(ends, means["greedy"], PALETTE["train"], 4),
                  chart.curve(ends, means["explorer"], PALETTE["path"], 4)]
        ticks = VGroup()
        explorer_rule = lines("rl.score.eps_rule", size="small", color=PALETTE["muted"])
        legend = VGroup(legend_row(PALETTE["train"], "rl.score.greedy"),
                        VGroup(legend_row(PALETTE["path"], "rl.score.explorer"), explorer_rule))
        explorer_rule.next_to(legend[1][0], DOWN, buff=0.12).align_to(legend[1][0][1], LEFT)
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(chart.axes, RIGHT, buff=0.5).align_to(chart.axes, UP)
        self.play(Write(title), run_time=1)
        self.play(FadeIn(chart), FadeIn(ticks), FadeIn(seed_note()), run_time=1)
        self.wait(1)
        dots = {k: VGroup(*(Dot_at(chart.c2p(e, v), c) for e, v in zip(ends, means[k])))
                for k, c in (("greedy", PALETTE["train"]), ("explorer", PALETTE["path"]))}
        self.play(FadeIn(legend[0]), Create(curves[0]), FadeIn(dots["greedy"]), run_time=2.5)
        self.wait(1.5)
        eps_text = label("rl.score.eps", size="small", eps=f"{eps[-1]:.2f}").next_to(legend, DOWN, buff=0.3)
        eps_text.align_to(legend, LEFT)
        self.play(FadeIn(legend[1]), Create(curves[1]), FadeIn(dots["explorer"]), FadeIn(eps_text), run_time=2.5)
        self.wait(1.5)
        block = int(np.argmax(means["greedy"] == 95.0))
        conclude(self, "rl.score.conclusion", first=block * self.BLOCK + 1, last=f"{means['explorer'][-1]:.2f}")


def Dot_at(point, color):
    return Dot(point, radius=0.06, color=color)


class BanditGameScene(PartScene):
    part = BanditGame


class BanditLearnerScene(PartScene):
    part = BanditLearner


class GridWorldScene(PartScene):
    part = GridWorldGame


class RandomAgentScene(PartScene):
    part = RandomAgent


class QTableScene(PartScene):
    part = QTable


class GreedyAgentScene(PartScene):
    part = GreedyAgent


class ScorePerEpisodeScene(PartScene):
    part = ScorePerEpisode


class RLLesson(LessonScene):
    parts = [BanditGame, BanditLearner, GridWorldGame, RandomAgent, QTable, GreedyAgent, ScorePerEpisode]


default_scene("RLLesson")
