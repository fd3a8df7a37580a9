"""Scaling on paper (benchmarks/matrix.py) and the benchmark summaries, on synthetic times: no rendering."""

import json

import pytest

from benchmarks.encoders import summary
from benchmarks.matrix import load_rows, lpt_makespan, matrix_times, measured, ratios, report


def test_lpt_on_known_cases():
    assert lpt_makespan([3, 3, 2, 2, 2], 2)["makespan"] == 7      # LPT's classic 7 (optimum 6): no better than LPT
    one = lpt_makespan([5, 1, 2], 1)
    assert one["makespan"] == one["total"] == 8 and one["speedup"] == 1
    many = lpt_makespan([5, 1, 2], 64)
    assert many["makespan"] == many["longest"] == many["bound"] == 5    # the longest part bounds any cluster
    assert lpt_makespan([], 4)["makespan"] == 0
    with pytest.raises(ValueError):
        lpt_makespan([1], 0)


@pytest.mark.parametrize("workers", [1, 4, 16, 64])
def test_lpt_is_within_four_thirds_of_the_lower_bound(workers):
    times = [((i * 7919) % 97) / 3 + 1 for i in range(140)]          # 35 parts x 2 languages x 2 qualities
    s = lpt_makespan(times, workers)
    assert s["bound"] <= s["makespan"] <= 4 / 3 * s["bound"] + 1e-9
    assert s["bound"] == max(max(times), sum(times) / workers)


def test_report_estimates_what_was_not_measured_from_measured_ratios(tmp_path):
    rows = [{"part": p, "lang": lang, "quality": q, "render_s": s, "load_before": 1, "load_after": 1}
            for p, lang, q, s in [("a", "en", "l", 10), ("a", "ko", "l", 12), ("a", "en", "h", 40),
                                  ("a", "ko", "h", 44), ("b", "en", "h", 20)]]
    out = tmp_path / "r.jsonl"
    out.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + json.dumps({**rows[0], "render_s": 8}) + "\n")
    have = measured(load_rows(out))
    assert have["a", "en", "l"] == 8                                  # the last measurement wins
    factors = ratios(have)
    assert factors["ko/en", "h"] == (1.1, 1) and factors["ko/en", "l"] == (1.5, 1) and factors["l/h", "en"] == (0.2, 1)
    times, notes = matrix_times(have, factors)
    assert sorted(notes) == ["b en -ql estimated", "b ko -qh estimated", "b ko -ql estimated"]
    assert sorted(times) == pytest.approx(sorted([8, 12, 40, 44, 20, 4, 22, 6]))
    text = report(out)
    assert "ko/en at -qh: median 1.10 over 1 parts" in text and "| 64 |" in text and "3 estimated" in text


def test_encoder_summary_medians_and_ratios():
    rows = [{"variant": v, "render_s": s, "cpu_s": s, "floor_s": 1, "floor_cpu_s": 1, "size_kb": 10,
             "load_before": 2, "load_after": 3, **({} if v == "default" else {"ssim_part": 0.995, "ssim_floor": 1.0})}
            for v, s in [("default", 10), ("fast", 8), ("default", 12), ("fast", 9)]]
    by = {s["variant"]: s for s in summary(rows)}
    assert by["default"]["render_s"] == 11 and by["fast"]["render_s"] == 8.5
    assert by["fast"]["render_s_ratio"] == round(8.5 / 11, 3) and by["fast"]["ssim_part_min"] == 0.995


def test_sections_split_the_parts_longer_than_a_workers_share():
    from benchmarks.matrix import section_lengths

    assert section_lengths([10, 1, 1], 1) == [10, 1, 1]                       # one worker: nothing to share
    split = section_lengths([10, 1, 1], 4, overhead=0.5)                      # share 3: the long part in 4
    assert split[:4] == [3.75] * 4 and split[4:] == [1, 1]
    assert lpt_makespan(split, 4)["makespan"] < lpt_makespan([10, 1, 1], 4)["makespan"]
    assert section_lengths([2, 2], 2) == [2, 2]                               # every part within its share


def test_render_speed_summary_is_median_ratios():
    from benchmarks.render_speed import summary

    row = {"part": "p", "video_s": 10.0, "part_s": 40.0, "part_sections_s": 25.0, "floor_s": 12.0,
           "manim_floor_s": 18.0, "ffmpeg_floor_s": 10.0, "ffmpeg_part_s": 16.0, "sections_equal_serial": True}
    s = summary([row, {**row, "part_s": 60.0}, {**row, "part_s": 44.0}])
    assert (s["floor_over_ffmpeg"], s["manim_floor_over_ffmpeg"], s["part_over_ffmpeg"]) == (1.2, 1.8, 2.75)
    assert s["sections_speedup"] == 1.76 and s["sections_equal_serial"] is True
