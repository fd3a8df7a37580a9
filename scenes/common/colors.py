"""Colour scales and what is drawn with them: value -> colour maps, vector heat cells, a colour bar.

Every family that colours numbers goes through here: the loss surface and the
contour heatmaps (:func:`heat`, :func:`colormap`), MNIST pixels
(:func:`grey_rgb`), weight images (:func:`diverging_rgb`) and the colour bars
beside the loss pictures (:class:`ColorBar`). All scales are piecewise linear
in RGB between colour stops (:func:`ramp`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import DOWN, RIGHT, UP, DecimalNumber, ManimColor, MathTex, VGroup, VMobject, color_to_rgb

from .style import FONT_SIZE, PALETTE

__all__ = [
    "HEAT", "LOSS_STOPS", "ramp", "heat", "colormap", "grey_rgb", "diverging_rgb", "sig_tex", "cell_mobjects",
    "ColorBar",
]

#: height colour scale of the 3D loss surface, low to high loss (dark blue valleys, yellow-red ridges)
HEAT = ["#1f2d6b", "#2a6f97", "#2a9d8f", "#8ab17d", "#e9c46a", "#f4a261", "#e76f51"]

#: contour heatmap scale, dark (low loss) to bright (high loss); perceptually ordered, readable under white paths
LOSS_STOPS = np.array([
    [0x0d, 0x08, 0x29], [0x2c, 0x1b, 0x6b], [0x1f, 0x5f, 0x8b],
    [0x21, 0x91, 0x8c], [0x7a, 0xc1, 0x5a], [0xe8, 0xd6, 0x4a],
], dtype=float)


def ramp(u: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Values ``u`` in [0, 1] (clipped) interpolated linearly along ``stops`` ((n, k) rows, n >= 2).

    Returns an array of shape ``u.shape + (k,)`` in the stops' units.
    """
    stops = np.asarray(stops, dtype=float)
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (len(stops) - 1)
    i = np.minimum(u.astype(int), len(stops) - 2)
    f = (u - i)[..., None]
    return stops[i] * (1 - f) + stops[i + 1] * f


def heat(values: np.ndarray, vmin: float, vmax: float, colors: Sequence | None = None) -> list[ManimColor]:
    """Colours of ``values`` on the scale ``colors`` (default :data:`HEAT`) from ``vmin`` to ``vmax``."""
    stops = np.array([ManimColor(c).to_rgba() for c in (HEAT if colors is None else colors)])
    u = (np.atleast_1d(np.asarray(values, dtype=float)) - vmin) / max(vmax - vmin, 1e-12)
    return [ManimColor(rgba) for rgba in ramp(u, stops)]


def colormap(u: np.ndarray) -> np.ndarray:
    """RGB uint8 of values ``u`` in [0, 1] (clipped) along :data:`LOSS_STOPS`."""
    return np.round(ramp(u, LOSS_STOPS)).astype(np.uint8)


def grey_rgb(u: np.ndarray) -> np.ndarray:
    """RGB uint8 grey of values ``u`` in [0, 1] (0 black, 1 white)."""
    u = np.asarray(u, dtype=float)
    return np.round(np.stack([u, u, u], axis=-1) * 255).astype(np.uint8)


def diverging_rgb(values: np.ndarray, scale: float) -> np.ndarray:
    """uint8 RGB of ``values``: negative -> PALETTE negative, 0 -> black, positive -> PALETTE positive."""
    v = np.clip(np.asarray(values, dtype=float) / (scale or 1.0), -1, 1)[..., None]
    pos = np.array(color_to_rgb(PALETTE["positive"]))
    neg = np.array(color_to_rgb(PALETTE["negative"]))
    rgb = np.where(v >= 0, v * pos, -v * neg)
    return (np.clip(rgb, 0, 1) * 255).astype(np.uint8)


def sig_tex(v: float, digits: int = 3) -> str:
    """A number with ``digits`` significant digits, as LaTeX (powers of ten written out)."""
    s = f"{v:.{digits}g}"
    if "e" in s:
        m, e = s.split("e")
        return rf"{m}\times 10^{{{int(e)}}}"
    return s


def cell_mobjects(values01: np.ndarray, x_edges: np.ndarray, y_edges: np.ndarray, to_point, *,
                   n_colors: int = 48, colors: Callable[[np.ndarray], np.ndarray] | None = None,
                   skip_below: float | None = None) -> VGroup:
    """A heatmap as vector cells: one filled VMobject per colour level.

    ``values01[i, j]`` in [0, 1] fills the cell between ``x_edges[j:j+2]`` and
    ``y_edges[i:i+2]``. Values are quantised to ``n_colors`` levels and all cells of
    a level are sub-paths of one VMobject, so a 100 x 100 grid is ``n_colors``
    mobjects, cheap to build and to draw (and no raster image is needed).
    ``colors`` maps levels in [0, 1] to RGB uint8 (default :func:`colormap`); cells
    below ``skip_below`` are left out (e.g. a black background).
    """
    colors = colors or colormap
    q = np.clip(np.round(np.asarray(values01, dtype=float) * (n_colors - 1)), 0, n_colors - 1).astype(int)
    x_edges, y_edges = np.asarray(x_edges, float), np.asarray(y_edges, float)
    # corners in scene space; cells overlap by a hair so no seams show between levels
    p00 = np.array(to_point(x_edges[0], y_edges[0]))
    px = (np.array(to_point(x_edges[-1], y_edges[0])) - p00) / (x_edges[-1] - x_edges[0])
    py = (np.array(to_point(x_edges[0], y_edges[-1])) - p00) / (y_edges[-1] - y_edges[0])
    out = VGroup()
    for level in np.unique(q):
        if skip_below is not None and level / (n_colors - 1) < skip_below:
            continue
        ii, jj = np.nonzero(q == level)
        x0, x1 = x_edges[jj] - x_edges[0], x_edges[jj + 1] - x_edges[0]
        y0, y1 = y_edges[ii] - y_edges[0], y_edges[ii + 1] - y_edges[0]
        eps_x, eps_y = (x1 - x0) * 0.12, (y1 - y0) * 0.12
        x0, x1, y0, y1 = x0 - eps_x, x1 + eps_x, y0 - eps_y, y1 + eps_y
        c = [p00 + np.outer(a, px) + np.outer(b, py) for a, b in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        edges = [(c[0], c[1]), (c[1], c[2]), (c[2], c[3]), (c[3], c[0])]
        curves = np.stack([np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1) for a, b in edges], axis=1)
        rgb = colors(np.array([level / (n_colors - 1)]))[0]
        m = VMobject(fill_color=ManimColor(rgb / 255), fill_opacity=1.0, stroke_width=0)
        m.set_points(curves.reshape(-1, 3))
        out.add(m)
    return out


class ColorBar(VGroup):
    """A vertical colour scale from ``vmin`` (bottom) to ``vmax`` (top), with its end values and a title.

    The bar is :func:`cell_mobjects` of ``steps`` bands, so it has no seams and
    costs one mobject per band.

    Parameters
    ----------
    vmin, vmax
        Values at the ends of the scale.
    colors
        The scale: a callable mapping [0, 1] to RGB uint8 (default :func:`colormap`),
        or a low-to-high list of colour stops (as :data:`HEAT`).
    height, width, steps
        Size of the bar in scene units and number of colour bands.
    numbers
        Where the end values go: ``"ends"`` (below and above the bar) or
        ``"side"`` (right of the bar, level with its ends).
    decimals
        End values as ``DecimalNumber`` with this many decimals; ``None``: 3
        significant digits (:func:`sig_tex`), for scales that span powers of ten.
    title
        Optional mobject placed above the bar (above the top value with ``numbers="ends"``).

    Attributes
    ----------
    bar, low, high, title
        The bands, the end values and the title (``None`` when not given).
    """

    def __init__(self, vmin: float, vmax: float, *, colors: Callable | Sequence | None = None,
                 height: float = 3.0, width: float = 0.22, steps: int = 64, numbers: str = "side",
                 decimals: int | None = None, title=None, **kwargs):
        if numbers not in ("ends", "side"):
            raise ValueError(f"numbers must be 'ends' or 'side', got {numbers!r}")
        super().__init__(**kwargs)
        self.vmin, self.vmax = vmin, vmax
        if colors is not None and not callable(colors):
            stops = np.array([ManimColor(c).to_rgb() for c in colors]) * 255
            colors = lambda u, stops=stops: ramp(u, stops)  # noqa: E731  (floats: cell_mobjects divides by 255)
        self.bar = cell_mobjects(np.linspace(0, 1, steps)[:, None], np.array([0.0, width]),
                                 np.linspace(0, height, steps + 1), lambda x, y: np.array([x, y, 0.0]),
                                 n_colors=steps, colors=colors)
        self.low, self.high = (self._number(v, decimals) for v in (vmin, vmax))
        if numbers == "ends":
            self.low.next_to(self.bar, DOWN, buff=0.1)
            self.high.next_to(self.bar, UP, buff=0.1)
        else:
            self.high.next_to(self.bar, RIGHT, buff=0.08).align_to(self.bar, UP)
            self.low.next_to(self.bar, RIGHT, buff=0.08).align_to(self.bar, DOWN)
        self.add(self.bar, self.high, self.low)
        self.title = title
        if title is not None:
            if numbers == "ends":
                title.next_to(self.high, UP, buff=0.12)
            else:
                title.next_to(self.bar, UP, buff=0.15)
            self.add(title)
        # nothing here follows an updater: stop manim walking the bands for updaters every frame
        self.suspend_updating()

    @staticmethod
    def _number(v: float, decimals: int | None):
        if decimals is None:
            return MathTex(sig_tex(v), font_size=FONT_SIZE["small"])
        return DecimalNumber(v, num_decimal_places=decimals, font_size=FONT_SIZE["small"])
