"""A part's beats (runs of plays that end in a hold) and the sentences each shows; subtitles and chapters."""

from __future__ import annotations

import json
import subprocess

import pytest
from manim import FadeIn, FadeOut, Write, tempconfig

from scenes.common.beats import HOLD
from scenes.common.lesson import Part, PartScene
from scenes.common.text import label, plain
from scenes.strings import add_strings

add_strings({"beats.test.title": {"en": "A title of four words", "ko": "네 단어의 제목 하나"},
             "beats.test.axis": {"en": "epoch", "ko": "에폭"},
             "beats.test.end": {"en": "The conclusion is held here.", "ko": "결론은 여기서 멈춘다."}},
            where="tests/test_beats.py")


class ThreeBeats(Part):
    id = "beats.three"
    title_key = "beats.test.title"

    def run(self):
        title, axis = label("beats.test.title"), label("beats.test.axis", size="small")
        self.play(Write(title), FadeIn(plain("42")), run_time=1)      # beat 1: 0 - 3
        self.wait(2)
        self.play(FadeIn(axis), run_time=0.5)                        # beat 2: 3 - 6 (a short wait is no hold)
        self.wait(0.5)
        end = label("beats.test.end")
        self.play(FadeOut(title), FadeIn(end), run_time=1)
        self.wait(HOLD)
        self.play(FadeOut(end), run_time=1)                          # beat 3: 6 - 7, the part's end


class ThreeBeatsScene(PartScene):
    part = ThreeBeats


def _beats():
    with tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = ThreeBeatsScene()
        scene.render()
    return scene.beats


def test_beats_end_at_holds_and_at_the_part_end():
    beats = _beats()
    assert [(b["start"], b["end"], b["hold"]) for b in beats["beats"]] == [(0, 3, 1), (3, 6, 5), (6, 7, 7)]
    assert beats["duration"] == 7


def test_captions_are_the_sentences_with_their_times():
    beats = _beats()
    caps = {c["key"]: c for c in beats["captions"]}
    assert set(caps) == {"beats.test.title", "beats.test.axis", "beats.test.end"}   # numbers are no captions
    assert (caps["beats.test.title"]["start"], caps["beats.test.title"]["end"]) == (0, 5)
    assert (caps["beats.test.end"]["start"], caps["beats.test.end"]["end"]) == (4, 7)
    assert not caps["beats.test.axis"]["sentence"]          # a name, not a sentence: no subtitle
    assert [b["captions"] for b in beats["beats"]] == [["A title of four words"], ["The conclusion is held here."], []]


def test_webvtt_and_chapters_inside_the_clip(tmp_path):
    import webvtt

    from lecture.subtitles import chapter_titles, embed, webvtt_text

    beats = _beats()
    cues = webvtt.from_string(webvtt_text(beats))
    assert [(c.start, c.end, c.text) for c in cues] == [
        ("00:00:00.000", "00:00:05.000", "A title of four words"),
        ("00:00:04.000", "00:00:07.000", "The conclusion is held here.")]
    assert chapter_titles(beats) == ["A title of four words", "The conclusion is held here.", "Beat 3"]
    video = tmp_path / "in.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=15:duration=7",
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", str(video)], check=True)
    out = embed(video, beats, "ko", tmp_path / "out.mp4")
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_streams", "-of", "json",
                                       str(out)], capture_output=True, text=True, check=True).stdout)
    assert [c["tags"]["title"] for c in probe["chapters"]] == chapter_titles(beats)
    assert [float(c["start_time"]) for c in probe["chapters"]] == [0, 3, 6]
    subs = [s for s in probe["streams"] if s["codec_type"] == "subtitle"]
    assert subs[0]["codec_name"] == "mov_text" and subs[0]["tags"]["language"] == "kor"


@pytest.mark.parametrize("title", ["a = b; c # d", "줄\n바꿈"])
def test_chapter_titles_are_escaped(title):
    from lecture.subtitles import chapters_metadata

    meta = chapters_metadata({"beats": [{"index": 1, "start": 0, "end": 1, "captions": [title]}]})
    assert "title=" + title.replace("=", "\\=").replace(";", "\\;").replace("#", "\\#").replace("\n", "\\\n") in meta
