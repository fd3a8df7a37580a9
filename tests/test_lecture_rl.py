"""The rl lecture (lectures/rl): our seeded runs of the course's loops (13wk-2, 14wk-1, 14wk-2), pinned;
the lecture listed with its parts; one part's layout.

Every run is numpy and plain Python arithmetic on one seeded ``numpy.random.Generator`` (no torch, no
threads, no SIMD reductions over floats that could reorder), so these numbers are the same on any CPU.
The notes do not seed their runs: where the course printed a number our run's differs, except where the
game fixes it (the Bandit's q_table of 1 and 10, eps = 0.999^3000, the 6-step path of score 95).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.experiments import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every experiment of the lecture, run once (about a second in all) and read back from its file."""
    before = dict(REGISTRY)
    from lectures.rl import experiments as E

    out = tmp_path_factory.mktemp("rl")
    fns = {"bandit": E.bandit, "random": E.grid_random, "understand": E.grid_understand,
           "greedy": E.grid_greedy, "explorer": E.grid_explorer}
    recs = {k: fn().save(out / f"{k}.safetensors", id=f"rl/{k}") for k, fn in fns.items()}
    yield recs
    REGISTRY.clear()
    REGISTRY.update(before)


def test_bandit_random_never_clears_human_at_21_learner_at_40(runs):
    r = runs["bandit"]
    assert len(r.series("random.reward")) == 50 and r.series("random.mean20")[-1] == pytest.approx(3.70)
    assert np.all(r.series("random.mean20")[20:] <= 9.5)
    assert len(r.series("human.reward")) == 21 and r.series("human.mean20")[-1] == 10.0
    assert len(r.series("learner.reward")) == 40 and r.series("learner.mean20")[-1] == pytest.approx(9.55)
    q, prob = r.series("learner.q"), r.series("learner.prob")
    assert q[18].tolist() == [0.001, 0.001] and q[19].tolist() == [1.0, 10.0]   # learnt from try 20 on
    assert prob[-1] == pytest.approx([1 / 11, 10 / 11])                       # the policy (0.09, 0.91)


def test_random_agent_episodes(runs):
    r = runs["random"]
    scores, playtimes = r.series("score"), r.series("playtime")
    assert scores[:6].tolist() == [-10, -10, -10, -20, -10, -13]
    assert scores[scores > 0].tolist() == [93, 93, 93, 87]                 # 4 of 50 reach (3, 3)
    assert int(np.argmax(scores > 0)) + 1 == 15 and playtimes[14] == 8      # the episode the GridWorld part walks
    assert int(np.sum(playtimes == 1)) == 27
    assert len(r.series("next_state")) == int(playtimes.sum()) == 151


def test_q_table_of_random_play(runs):
    r = runs["understand"]
    assert int(r.series("n_experiences")[0]) == 31599                      # the notes had 32507
    q_reward, q_bellman = r.series("q.reward")[0], r.series("q.bellman")[0]
    assert q_reward[3, 1, 1] == pytest.approx(-0.9992771830207938, rel=1e-12)   # "reasonable?"
    assert q_bellman[3, 2, 1] == pytest.approx(98.90433632025939, rel=1e-12)
    assert q_bellman[3, 1, 1] == pytest.approx(95.75542244010262, rel=1e-12)
    assert q_bellman[0, 0] == pytest.approx([86.89829931, 87.041302, -10.0, -10.0], rel=1e-8)
    assert q_bellman.argmax(axis=-1).tolist() == [[1, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]]
    assert r.series("q.sum")[0][0, 0].tolist() == [-2971.0, -2937.0, -31060.0, -29830.0]


def test_greedy_agent_learns_the_six_step_path(runs):
    r = runs["greedy"]
    scores = r.series("score")
    means = scores.reshape(10, 300).mean(axis=1)
    assert means[:4] == pytest.approx([-8.73, -8.476666666666667, -10.94, 79.69666666666667], rel=1e-12)
    assert means[4:].tolist() == [95.0] * 6
    assert np.all(scores[945:] == 95) and scores[944] != 95                # every episode from 946 on
    assert r.series("path")[0].tolist() == [[0, 0], [0, 1], [1, 1], [2, 1], [2, 2], [3, 2], [3, 3]]
    assert r.series("q").shape == (3000, 4, 4, 4)


def test_explorer_scores_and_eps(runs):
    r = runs["explorer"]
    means = r.series("score").reshape(10, 300).mean(axis=1)
    assert np.round(means, 2).tolist() == [-9.53, -9.99, -10.85, 55.11, 64.4, 69.19, 79.75, 81.45, 83.4, 90.13]
    assert r.series("eps")[-1] == pytest.approx(0.999 ** 3000, rel=1e-12)   # 0.05, as the notes print


PARTS = ["rl.bandit", "rl.bandit-learn", "rl.gridworld", "rl.random-agent", "rl.q-table", "rl.greedy", "rl.score"]


@pytest.mark.slow
def test_the_lecture_lists_its_parts():
    import subprocess

    out = subprocess.run([sys.executable, "-m", "lecture", "--lectures", "lectures/rl", "list", "--json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    listing = json.loads(out)
    (rl,) = [lec for lec in listing["lectures"] if lec["id"] == "rl"]
    assert [p["id"] for p in rl["parts"]] == PARTS
    assert {e["id"] for e in rl["experiments"]} == {"rl/bandit", "rl/grid-random", "rl/grid-understand",
                                                     "rl/grid-greedy", "rl/grid-explorer"}
    assert rl["title"].startswith("Reinforcement learning")
    assert not listing["problems"]


@pytest.mark.slow
def test_the_q_table_part_lays_out_in_korean(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path / "media"))
    from lectures.rl.parts import QTableScene
    from scenes.common.layout_check import check_scene

    report = check_scene(QTableScene, lang="ko")
    assert not report.violations, "\n".join(map(str, report.violations))
