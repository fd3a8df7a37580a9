"""FitPlot's followers: more than one curve on one plot's axes, each following the tracked state."""

from __future__ import annotations

import numpy as np
from manim import ValueTracker

from scenes.common.plots import FitPlot


def _update(mob) -> None:
    for m in mob.get_family():
        m.update(0, recursive=False)


def test_a_follower_draws_its_own_series_on_the_plots_axes():
    x = np.linspace(-1, 1, 50)
    fit_values = np.stack([0.2 + 0 * x, 0.8 + 0 * x])
    other_values = np.stack([0.5 + 0.3 * x, 0.5 - 0.3 * x])
    tracker = ValueTracker(0)
    plot = FitPlot((-1, 1, 1), (0, 1, 1), width=4, height=2)
    plot.follow(x, fit_values, tracker)
    plot.move_to([1.5, -0.5, 0])
    other = plot.follower(x, other_values, tracker, color="#ff0000")
    for state in (0, 1):
        tracker.set_value(state)
        _update(plot.fit)
        _update(other)
        # each curve is its own series, placed by the plot's axes (also after the plot moved)
        np.testing.assert_allclose(other.get_start(), plot.c2p(-1, other_values[state, 0]), atol=1e-6)
        np.testing.assert_allclose(other.get_end(), plot.c2p(1, other_values[state, -1]), atol=1e-6)
        np.testing.assert_allclose(plot.fit.get_start(), plot.c2p(-1, fit_values[state, 0]), atol=1e-6)
    assert plot.fit is not other and other not in plot.submobjects
