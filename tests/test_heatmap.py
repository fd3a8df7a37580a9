"""scenes.common.heatmap: a matrix as coloured cells (matshow) in the project's diverging colours, its
labels, dividers, numbers and colour legend, still or following an epoch tracker."""

import numpy as np
import pytest
from manim import Camera, ImageMobject, ManimColor, ValueTracker, VMobject, tempconfig

from scenes.common.drawing import lean_camera
from scenes.common.heatmap import HeatmapImage, HeatmapMosaic, MatrixHeatmap
from scenes.common.style import PALETTE


def pixel_hex(tile: HeatmapImage, row: int, col: int) -> str:
    return ManimColor(tile.cells.pixel_array[row, col, :3] / 255).to_hex().lower()


def hex_of(mob) -> str:
    return mob.get_fill_color().to_hex().lower()


def colour(name: str) -> str:
    return ManimColor(PALETTE[name]).to_hex().lower()


def test_cells_diverge_around_zero_and_clip():
    m = MatrixHeatmap(np.array([[1.0, -1.0, 0.0, -3.0]]))
    assert len(m.cells) == 1 and len(m.cells[0]) == 4
    assert hex_of(m.cell(0, 0)) == colour("positive") and hex_of(m.cell(0, 1)) == colour("negative")
    assert hex_of(m.cell(0, 2)) == "#000000" and hex_of(m.cell(0, 3)) == colour("negative")   # clipped
    assert hex_of(MatrixHeatmap(np.array([[2.0]]), scale=None).cell(0, 0)) == colour("positive")  # largest |v|


def test_labels_headers_dividers_and_numbers_are_placed():
    values = np.array([[1.0, -1.0, 0.0], [0.5, -0.5, 0.25]])
    m = MatrixHeatmap(values, column_labels=["a", "b", "c"], row_labels=["x", "y"], headers=[(0, 1, "ab")],
                      dividers={2: "dashed", 1: "solid"}, decimals=1)
    assert m.cell(1, 0).get_center()[1] < m.cell(0, 0).get_center()[1]                # rows top to bottom
    assert len(m.column_labels) == 3 and len(m.row_labels) == 2 and len(m.header_labels) == 1
    assert len(m.numbers) == 6 and m.numbers[1].get_center() == pytest.approx(m.cell(0, 1).get_center())
    assert m.column_labels[0].get_bottom()[1] > m.cells.get_top()[1]                  # labels above, as matshow
    assert m.header_labels[0].get_bottom()[1] > m.column_labels.get_top()[1]          # headers above the labels
    assert m.row_labels[1].get_right()[0] < m.cells.get_left()[0]
    assert m.lines[0].get_center()[0] == pytest.approx(m.cell(0, 2).get_left()[0])
    assert m.lines[1].get_center()[0] == pytest.approx(m.cell(0, 0).get_right()[0])
    assert len(m.columns(0, 1)) == 4 and len(m.rows(1)) == 1


def test_cells_may_be_wider_than_tall():
    m = MatrixHeatmap(np.zeros((3, 2)), cell_width=0.8, cell_height=0.4)
    assert m.cell(0, 0).width == pytest.approx(0.8) and m.cell(0, 0).height == pytest.approx(0.4)
    assert m.cells.height == pytest.approx(1.2, abs=0.01)


def test_legend_is_the_cells_scale_with_zero_labelled():
    bar = MatrixHeatmap(np.zeros((2, 2)), scale=0.5).color_bar()
    assert (bar.vmin, bar.vmax) == (-0.5, 0.5)
    assert any(getattr(m, "tex_string", None) == "0" for m in bar.get_family())


def test_follows_a_tracker():
    values = np.stack([np.full((2, 2), -1.0), np.full((2, 2), 1.0)])
    epoch = ValueTracker(0)
    m = MatrixHeatmap(values, tracker=epoch)
    assert hex_of(m.cell(1, 1)) == colour("negative")
    epoch.set_value(1)
    m.cells.update()
    assert hex_of(m.cell(1, 1)) == colour("positive") and m.state == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"column_labels": ["a"]}, "1 column_labels for 3 columns"),
    ({"dividers": {0: "solid"}}, "divider at column 0"),
    ({"dividers": {3: "solid"}}, "divider at column 3"),
    ({"scale": 0}, "scale must be above 0"),
    ({"headers": [(0, 5, "x")]}, "header columns"),
])
def test_mistakes_are_one_line(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MatrixHeatmap(np.zeros((2, 3)), **kwargs)


def test_numbers_need_one_matrix():
    with pytest.raises(ValueError, match="need one matrix"):
        MatrixHeatmap(np.zeros((2, 2, 3)), decimals=1)


def test_a_mosaic_tiles_matrices_in_rows_and_frames_each_by_its_mark():
    mats = np.stack([np.full((3, 2), v) for v in (-1.0, 0.0, 1.0, 0.5, -0.5)])
    mosaic = HeatmapMosaic(mats, columns=2, cell_width=0.2, cell_height=0.1, dividers={1: "solid"},
                           marks=[True, False, True, True, False])
    assert len(mosaic.tiles) == 5 and len(mosaic.frames) == 5
    first, second, third = mosaic.tiles[:3]
    assert first.get_y() == pytest.approx(second.get_y()) and first.get_x() < second.get_x()   # a row of 2
    assert third.get_y() < first.get_y()                                                      # then the next
    assert all(isinstance(tile, HeatmapImage) for tile in mosaic.tiles)
    assert pixel_hex(mosaic.tiles[2], 0, 0) == colour("positive")
    assert pixel_hex(mosaic.tiles[0], 2, 1) == colour("negative")
    assert mosaic.frames[3].get_center() == pytest.approx(mosaic.tiles[3].cells.get_center())
    assert mosaic.frames[3].width == pytest.approx(mosaic.tiles[3].cells.width + 0.07)
    assert len(mosaic.tiles[4].lines) == 1
    assert mosaic.frames[0].get_color().to_hex().lower() == colour("truth")
    assert mosaic.frames[1].get_color().to_hex().lower() == colour("point")
    assert mosaic.color_bar().vmax == 1.0


@pytest.mark.parametrize("kwargs, words", [({"marks": [True]}, "1 marks for 2 matrices"), ({"columns": 0}, "columns")])
def test_mosaic_mistakes_are_one_line(kwargs, words):
    with pytest.raises(ValueError, match=words):
        HeatmapMosaic(np.zeros((2, 2, 2)), **kwargs)


VALUES = np.array([[1.0, -1.0, 0.0, -3.0, 0.25], [0.5, -0.5, 2.0, 0.1, -0.9], [0.0, 0.3, -0.3, 0.7, -0.05]])


def test_an_image_tile_has_the_cells_colours_and_place():
    kwargs = {"scale": 1.5, "cell_width": 0.3, "cell_height": 0.2, "dividers": {2: "solid", 4: "dashed"}}
    vector, image = MatrixHeatmap(VALUES, **kwargs), HeatmapImage(VALUES, **kwargs)
    assert isinstance(image.cells, ImageMobject) and image.cells.pixel_array.shape == (3, 5, 4)
    for i in range(3):
        for j in range(5):
            assert pixel_hex(image, i, j) == hex_of(vector.cell(i, j)), (i, j)
            assert image.cell(i, j).get_center() == pytest.approx(vector.cell(i, j).get_center())
    assert image.cells.width == pytest.approx(vector.cells.width)
    assert image.cells.height == pytest.approx(vector.cells.height)
    assert image.cells.get_center() == pytest.approx(vector.cells.get_center())
    for mine, theirs in zip(image.lines, vector.lines, strict=True):
        assert type(mine) is type(theirs) and mine.get_center() == pytest.approx(theirs.get_center())
    assert image.height == pytest.approx(vector.height) and image.width == pytest.approx(vector.width)
    assert image.color_bar().vmax == 1.5 and HeatmapImage(VALUES, scale=None).scale_value == 3.0


def test_an_image_tile_draws_each_cell_in_its_colour():
    """On screen: the pixel at each cell's centre is the one MatrixHeatmap draws there (cells crisp, one colour)."""
    with tempconfig({"pixel_width": 480, "pixel_height": 270}):
        kwargs = {"cell_width": 0.5, "cell_height": 0.35, "stroke_width": 0.3}
        vector, image = MatrixHeatmap(VALUES, **kwargs), HeatmapImage(VALUES, **kwargs)
        camera = lean_camera(Camera)()
        pictures = []
        for heat in (vector, image):
            camera.reset()
            camera.capture_mobjects([heat])
            pictures.append(camera.pixel_array.copy())
        for i in range(3):
            for j in range(5):
                x, y = camera.points_to_pixel_coords(image, image.cell(i, j).get_center()[None])[0]
                assert np.array_equal(pictures[1][y, x], pictures[0][y, x]), (i, j)
                assert pictures[1][y, x, :3].tolist() == image.cells.pixel_array[i, j, :3].tolist()


def test_an_image_tiles_grid_is_one_path_over_the_cell_edges():
    image = HeatmapImage(VALUES, cell_width=0.3, cell_height=0.2, stroke_width=0.3)
    assert isinstance(image.grid, VMobject) and image.grid.get_stroke_width() == 0.3
    assert len(image.grid.get_subpaths()) == (3 + 1) + (5 + 1)                   # every row and column edge
    assert image.grid.get_left()[0] == pytest.approx(image.cells.get_left()[0])
    assert image.grid.get_top()[1] == pytest.approx(image.cells.get_top()[1])
    assert not len(HeatmapImage(VALUES, stroke_width=0).grid.points)


@pytest.mark.parametrize("values, kwargs, message", [
    (np.zeros((2, 2, 2)), {}, "takes \\(rows, cols\\) values"),
    (np.zeros((2, 3)), {"scale": -1}, "scale must be above 0"),
    (np.zeros((2, 3)), {"dividers": {3: "solid"}}, "divider at column 3"),
])
def test_image_tile_mistakes_are_one_line(values, kwargs, message):
    with pytest.raises(ValueError, match=message):
        HeatmapImage(values, **kwargs)
