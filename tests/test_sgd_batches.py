"""The samples the sgd video lights up are the recorded batches; the DataLoader's epochs are the course's."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ValueTracker

from lectures.wk05_2.sgd import TEN_RUNS, EpochBatches, epoch_batches, images_per_update
from scenes.common.charts import SampleScatter, batch_at
from scenes.common.recordings import recording


@pytest.fixture(scope="module")
def ten():
    return {i: recording(i) for i, _, _ in TEN_RUNS}


@pytest.fixture(scope="module")
def shuffled():
    return recording("05wk-2/minibatch-shuffled")


def test_batch_at_maps_tracker_to_the_update_being_taken():
    batches = [np.array([k]) for k in range(5)]
    assert batch_at(batches, 0)[0] == 0          # before anything: the first batch
    assert batch_at(batches, 0.5)[0] == 0        # moving to state 1: update 0
    assert batch_at(batches, 1)[0] == 0          # at rest on state 1: the batch that made it
    assert batch_at(batches, 1.01)[0] == 1
    assert batch_at(batches, 5)[0] == 4          # the end: the last batch
    assert batch_at(batches, 99)[0] == 4


@pytest.mark.parametrize("run", [i for i, _, _ in TEN_RUNS])
def test_lit_samples_are_the_recorded_batch(ten, run):
    rec = ten[run]
    tracker = ValueTracker(0)
    scatter = SampleScatter(rec.data("x"), rec.data("y")).follow(tracker, rec.batches)
    for k in (0, 1, 2, 3, 4, 9, 50, rec.n_updates - 1):
        tracker.set_value(k + 0.5)
        scatter.dots.update()
        np.testing.assert_array_equal(scatter.lit, np.sort(rec.batch(k)))


def test_gd_lights_all_sgd_one_minibatch_three(ten):
    assert [len(ten["05wk-2/gd"].batch(k)) for k in range(3)] == [10, 10, 10]
    assert [ten["05wk-2/sgd"].batch(k).tolist() for k in range(12)] == [[k % 10] for k in range(12)]


def test_minibatch_epoch_is_the_courses(ten):
    rec = ten["05wk-2/minibatch"]
    for e in range(rec.n_epochs):
        assert [b.tolist() for b in epoch_batches(rec, e)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]


def test_shuffled_epochs_differ_and_cover_every_sample_once(shuffled):
    epochs = [epoch_batches(shuffled, e) for e in range(shuffled.n_epochs)]
    for batches in epochs:
        assert [len(b) for b in batches] == [3, 3, 3, 1]
        assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    orders = {tuple(np.concatenate(b).tolist()) for b in epochs}
    assert len(orders) > 1
    assert [b.tolist() for b in epochs[0]] != [b.tolist() for b in epochs[1]]


def test_epoch_cells_show_the_recorded_indices(shuffled):
    batches = epoch_batches(shuffled, 1)
    row = EpochBatches(batches)
    assert row.indices == [b.tolist() for b in batches]


def test_images_per_update_read_from_the_recordings(ten):
    assert images_per_update(ten["05wk-2/gd"]) == 10
    assert images_per_update(ten["05wk-2/minibatch"]) == 3


def test_dataloader_print_is_the_courses(ten, shuffled):
    """The printed batches are the course's print of the recorded DataLoader's batches (05wk-2 notes, E.)."""
    from lectures.wk05_2.sgd import dataloader_print

    lines = dataloader_print(ten["05wk-2/minibatch"], 0)
    assert lines[0] == "x_mini_batch:[[0.0], [1.0], [2.0]]   y_mini_batch:[[1.0], [1.0], [1.0]]"
    assert lines[-1] == "x_mini_batch:[[9.0]]   y_mini_batch:[[0.0]]"
    for e in range(2):
        for line, b in zip(dataloader_print(shuffled, e), epoch_batches(shuffled, e)):
            assert line.startswith(f"x_mini_batch:{[[float(i)] for i in b]}")


def test_epoch_cells_write_each_samples_y(ten):
    rec = ten["05wk-2/minibatch"]
    row = EpochBatches(epoch_batches(rec, 0), ys=rec.data("y")[:, 0])
    assert row.y_values == [[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0]]
