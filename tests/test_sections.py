"""A part rendered in sections (issue 32 item 3): the joined clip has the serial render's frames and beats."""

import subprocess
from pathlib import Path

import pytest

from lecture import sections
from lecture.errors import LectureError
from lecture.render import produce
from scenes.common.render_section import Section

FIXTURE = Path(__file__).parent / "fixtures" / "sections_part.py"


def _frame_hashes(video: Path) -> list[str]:
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[-1].strip() for line in out.splitlines() if line and not line.startswith("#")]


def test_sections_join_into_the_serial_clip(tmp_path):
    clips = {}
    for n in (1, 2, 3):
        tmp = tmp_path / f"s{n}"
        tmp.mkdir()
        out = produce(FIXTURE, "DriftScene", "l", "en", tmp, media_root=tmp_path / "media", sections=n)
        assert out.rc == 0 and out.video is not None, (tmp / "render.log").read_text()[-2000:]
        clips[n] = (_frame_hashes(out.video), {k: v for k, v in out.beats.items()})
    serial_frames, serial_beats = clips[1]
    assert len(serial_frames) > 50
    for n in (2, 3):
        frames, beats = clips[n]
        assert frames == serial_frames, f"{n} sections"
        assert beats == serial_beats, f"{n} sections"
    assert serial_beats["plays"] == 7
    ends = [b["end"] for b in serial_beats["beats"]]
    assert ends[0] == round((9 + 18) / 15, 3)   # Create 0.55 s: 9 frames at 15 fps, the hold int(1.25 * 15)
    assert all(abs(e * 15 - round(e * 15)) < 0.01 for e in ends)   # whole frames


def test_the_section_each_process_draws():
    two = [Section.parse("0/2"), Section.parse("1/2")]
    assert [[s.draws(i) for i in range(5)] for s in two] == [[True, False, True, False, True],
                                                           [False, True, False, True, False]]
    for bad in ("2/2", "x", "1/0"):
        with pytest.raises(ValueError, match="LECTURE_SECTION"):
            Section.parse(bad)


def test_how_many_sections_a_part_gets(monkeypatch):
    monkeypatch.delenv("LECTURE_SECTIONS", raising=False)
    assert sections.sections_for(busy=0, cores=2, load=0.1) == 2
    assert sections.sections_for(busy=1, cores=2, load=0.1) == 1
    assert sections.sections_for(busy=5, cores=2, load=0.1) == 1
    assert sections.sections_for(busy=0, cores=2, load=1.2) == 1   # something else uses a core
    assert sections.sections_for(busy=0, cores=8, most=3, load=0) == 3
    monkeypatch.setenv("LECTURE_SECTIONS", "1")
    assert sections.sections_for(busy=0, cores=8, load=0) == 1


def test_sections_that_disagree_are_one_line():
    with pytest.raises(LectureError, match="different beats"):
        sections.agreed_beats([{"plays": 2}, {"plays": 3}], 2)
    with pytest.raises(LectureError, match="drew 1 of the part's 2 plays"):
        sections.agreed_beats([{"plays": 2}, {"plays": 2}], 1)


def test_a_forked_play_that_fails_is_named():
    import os

    from scenes.common.render_section import PlayForker

    forker = PlayForker(2)
    for play in range(4):
        if forker.fork(play):
            os._exit(1 if play == 2 else 0)   # the child: play 2 fails
    with pytest.raises(RuntimeError, match=r"play\(s\) \[2\] failed"):
        forker.wait_all()
    assert forker.children == {}
