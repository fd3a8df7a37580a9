"""Rendering a tiny fake lecture as a person would: parallel jobs, cache hits, manifest, both decks,
the HTML deck in headless Chromium, failures, concurrent runs and interruptions."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from lecture.catalog import Catalog
from lecture.cli import cli

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from bidi import Firefox, find_firefox  # noqa: E402
from cdp import Browser, find_chromium  # noqa: E402

#: the deck's browsers: Chromium over the DevTools protocol, Firefox over WebDriver BiDi
BROWSERS = {"chromium": (find_chromium, Browser, "apt-get install chromium"),
            "firefox": (find_firefox, Firefox, "apt-get install firefox-esr")}


def _browser(name: str):
    find, cls, install = BROWSERS[name]
    exe = find()
    if exe is None:
        pytest.skip(f"{name} is not installed ({install})")
    return cls(exe)

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny_lecture.py")
FAILING = str(FIXTURES / "failing_lecture.py")
LECTURE = str(Path(sys.executable).with_name("lecture"))
ROOT = Path(__file__).resolve().parents[1]


def invoke(args, media, sources=(TINY,)):
    return CliRunner().invoke(cli, args, obj={"catalog": lambda: Catalog.discover(list(sources))},
                              env={"LECTURE_MEDIA_DIR": str(media)}, catch_exceptions=False)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The tiny lecture rendered once at -ql with --jobs 2, then a second time (all cache hits)."""
    media = tmp_path_factory.mktemp("media")
    t0 = time.perf_counter()
    first = invoke(["render", "tiny", "--jobs", "2", "--json"], media)
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    second = invoke(["render", "tiny", "--jobs", "2", "--json"], media)
    second_s = time.perf_counter() - t0
    return {"media": media, "out": media / "lectures" / "tiny" / "480p15", "first": first, "second": second,
            "first_s": first_s, "second_s": second_s}


def test_render_writes_every_part(rendered):
    r = rendered["first"]
    assert r.exit_code == 0, r.output
    (lec,) = json.loads(r.stdout)
    assert [j["status"] for j in lec["jobs"]] == ["rendered", "rendered"]
    out = rendered["out"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "manifest.json", "tiny-circle.mp4", "tiny-circle.png", "tiny-circle.vtt", "tiny-square.mp4", "tiny-square.png",
        "tiny-square.vtt"]
    assert not (out / ".tmp").exists()                  # no temp folder left (swept at the end)
    assert not [p for p in out.rglob("*.tmp*") if p.is_file()]
    # the poster is the part's last frame: a filled blue square in the middle of a black frame
    poster = np.asarray(Image.open(out / "tiny-square.png").convert("RGB")).astype(int)
    assert poster.shape == (480, 854, 3)
    h, w, _ = poster.shape
    centre = poster[h // 2 - 20:h // 2 + 20, w // 2 - 20:w // 2 + 20].mean(axis=(0, 1))
    assert centre[2] > 120 and centre[2] > centre[0] + 40   # blue fill
    assert poster[:40, :40].mean() < 10                     # background


def test_second_render_is_all_cache_hits(rendered):
    r = rendered["second"]
    assert r.exit_code == 0, r.output
    (lec,) = json.loads(r.stdout)
    assert [j["status"] for j in lec["jobs"]] == ["cached", "cached"]
    assert all(j["seconds"] < 1.0 for j in lec["jobs"])
    assert rendered["second_s"] < rendered["first_s"]


def test_manifest_describes_the_clips(rendered):
    man = json.loads((rendered["out"] / "manifest.json").read_text())
    assert man["lecture"] == "tiny" and man["language"] == "en" and man["quality"] == "l"
    assert [c["part"] for c in man["clips"]] == ["tiny.square", "tiny.circle"]
    assert [c["scene"] for c in man["clips"]] == ["SquareScene", "CircleScene"]
    for c in man["clips"]:
        assert (rendered["out"] / c["clip"]).is_file() and (rendered["out"] / c["poster"]).is_file()
        assert c["resolution"] == "854x480" and c["fps"] == 15
        assert c["duration"] == pytest.approx(2.0, abs=0.2)   # 0.6 s drawn, a 1 s hold, 0.4 s filled
        assert c["render_seconds"] > 0 and c["recordings"] == {} and c["language"] == "en"
        assert c["scene_file"] == "tests/fixtures/tiny_lecture.py"
    assert man["missing"] == []


def test_clips_carry_their_beats_subtitles_and_chapters(rendered):
    """Each beat (a run of plays ending in a hold) is in the manifest, a chapter of the MP4, and starts on a
    keyframe."""
    import webvtt

    man = json.loads((rendered["out"] / "manifest.json").read_text())
    for c in man["clips"]:
        spans = [(b["start"], b["end"]) for b in c["beats"]]
        assert np.allclose(spans, [(0, 1.6), (1.6, 2.0)])
        webvtt.read(rendered["out"] / c["subtitles"])          # parses (the tiny parts show no sentence)
        clip = rendered["out"] / c["clip"]
        probe = json.loads(subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-show_streams", "-of", "json", str(clip)],
            capture_output=True, text=True, check=True).stdout)
        assert [float(ch["start_time"]) for ch in probe["chapters"]] == [b["start"] for b in c["beats"]]
        assert [s["codec_name"] for s in probe["streams"] if s["codec_type"] == "subtitle"] == ["mov_text"]
        frames = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                                 "frame=pts_time,pict_type", "-of", "csv=p=0", str(clip)],
                                capture_output=True, text=True, check=True).stdout.split()
        keyframes = [float(f.split(",")[0]) for f in frames if f.split(",")[1] == "I"]
        assert all(any(abs(k - b["start"]) < 1 / 15 for k in keyframes) for b in c["beats"])


def test_only_renders_one_part_and_force_rerenders_it(rendered):
    r = invoke(["render", "tiny", "--only", "circle", "--force", "--json"], rendered["media"])
    assert r.exit_code == 0, r.output
    (lec,) = json.loads(r.stdout)
    assert [(j["part"], j["status"]) for j in lec["jobs"]] == [("tiny.circle", "rendered")]
    man = json.loads((rendered["out"] / "manifest.json").read_text())
    assert len(man["clips"]) == 2   # the manifest still lists the whole lecture


def test_korean_goes_to_its_own_folder(rendered):
    r = invoke(["render", "tiny", "--only", "tiny.square", "--lang", "ko", "--json"], rendered["media"])
    assert r.exit_code == 0, r.output
    man = json.loads((rendered["out"] / "ko" / "manifest.json").read_text())
    assert man["language"] == "ko" and [c["part"] for c in man["clips"]] == ["tiny.square"]
    assert man["missing"] == ["tiny.circle"]


def test_slides_write_a_manim_slides_presentation_its_own_reader_accepts(rendered):
    """manim-slides' own PresentationConfig reads the JSON: one slide per beat, each video a beat's cut."""
    config = pytest.importorskip("manim_slides.config")
    r = invoke(["slides", "tiny", "--json"], rendered["media"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    path = Path(res["manim_slides"])
    assert path == rendered["out"] / "slides" / "tiny.json"
    pres = config.PresentationConfig.from_file(path)
    assert len(pres.slides) == res["beats"] == 4
    assert [s.file.name for s in pres.slides] == [f"tiny-{p}-beat{k:03d}.mp4" for p in ("square", "circle")
                                                  for k in range(2)]
    assert all(s.file.is_file() and s.file.parent == rendered["out"] / "beats" for s in pres.slides)
    # and manim-slides itself turns it into its HTML deck (its presenter needs Qt, which CI has not)
    html = rendered["media"] / "manim-slides.html"
    exe = Path(sys.executable).with_name("manim-slides")
    subprocess.run([str(exe), "convert", "tiny", str(html)], cwd=rendered["out"], check=True, capture_output=True,
                   timeout=120)
    assert html.stat().st_size > 1000 and "tiny-square-beat000.mp4" in html.read_text()


def test_slides_pptx_holds_the_movies(rendered):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    r = invoke(["slides", "tiny", "--json"], rendered["media"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert [Path(c).name for c in res["clips"]] == ["tiny-square.mp4", "tiny-circle.mp4"]
    prs = Presentation(res["pptx"])
    slides = list(prs.slides)
    # one slide per beat: each tiny part has two (the outline held, then the fill)
    assert len(slides) == 1 + 2 + 2
    assert slides[0].shapes.title.text == "Lecture tiny"
    man = json.loads((rendered["out"] / "manifest.json").read_text())
    beats = [(c["part"], b) for c in man["clips"] for b in c["beats"]]
    for slide, (part, beat) in zip(slides[1:], beats, strict=True):
        movies = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        assert len(movies) == 1
        assert slide.shapes.title.text == f"{part} ({beat['index']}/2)"
        assert part in slide.notes_slide.notes_text_frame.text
        # the beat's video and its poster are really inside the file: the beat cut from the clip, not re-encoded
        rels = {rel.reltype.rsplit("/", 1)[-1]: rel for rel in slide.part.rels.values()}
        assert "video" in rels and "media" in rels and "image" in rels
        cut = Path(tempfile.mkdtemp()) / "beat.mp4"
        cut.write_bytes(rels["media"].target_part.blob)
        probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries",
                                           "stream=codec_name,nb_read_frames", "-of", "json", str(cut)],
                                          capture_output=True, text=True, check=True).stdout)
        # exactly the beat's frames (the container's duration counts the B-frame delay too)
        assert int(probe["streams"][0]["nb_read_frames"]) == round((beat["end"] - beat["start"]) * 15)
        assert probe["streams"][0]["codec_name"] == "h264"


@pytest.mark.parametrize("browser", ["chromium"])   # Firefox plays the deck in the beat-by-beat test below
def test_html_deck_works_offline(rendered, browser):
    r = invoke(["slides", "tiny"], rendered["media"])
    assert r.exit_code == 0, r.output
    deck = rendered["out"] / "deck" / "index.html"
    html = deck.read_text()
    assert "http://" not in html and "https://" not in html     # nothing from a CDN
    with _browser(browser) as b:
        b.open(deck.as_uri())
        assert b.eval("document.body.dataset.slide") == "1"
        shots = [b.screenshot()]
        b.key("ArrowRight", key_code=39)                       # keyboard navigation
        assert b.eval("document.body.dataset.slide") == "2"
        video = "document.querySelector('.slide.current video')"
        assert b.eval(f"{video}.getAttribute('src')") == "clips/tiny-square.mp4"
        b.wait_for(f"{video}.readyState >= 2")
        # on a busy machine the two-second clip may have played to its end already: start it again
        b.eval(f"{video}.currentTime = 0")
        b.eval(f"{video}.play().then(() => true)")
        t0 = b.eval(f"{video}.currentTime")
        b.wait_for(f"{video}.currentTime > {t0} + 0.3", timeout=10)   # the clip plays
        assert b.eval(f"{video}.error") is None
        time.sleep(0.3)
        shots.append(b.screenshot())
        b.key(" ", code="Space", key_code=32)                  # the clip's second beat
        assert (b.eval("document.body.dataset.slide"), b.eval("document.body.dataset.beat")) == ("2", "2")
        b.key(" ", code="Space", key_code=32)                  # past its last beat: the next slide
        assert b.eval("document.body.dataset.slide") == "3"
        b.key("ArrowLeft", key_code=37)
        assert b.eval("document.body.dataset.slide") == "2"
    for png in shots:
        img = np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(float)
        assert img.std() > 5, "a blank slide"
        assert (img > 100).mean() > 0.002                      # some bright text or drawing
    title, clip = (np.asarray(Image.open(io.BytesIO(p)).convert("RGB")).astype(int) for p in shots)
    assert np.abs(title - clip).mean() > 2                     # two different slides


@pytest.mark.parametrize("browser", list(BROWSERS))
def test_html_deck_stops_at_every_beat_on_its_last_frame(rendered, browser):
    """→ plays the next beat and pauses on its last frame (compared with ffmpeg's frame there); ← goes back."""
    r = invoke(["slides", "tiny"], rendered["media"])
    assert r.exit_code == 0, r.output
    deck = rendered["out"] / "deck" / "index.html"
    clip = rendered["out"] / "tiny-square.mp4"
    video = "document.querySelector('.slide.current video')"
    # the picture inside the <video> box (letterboxed: object-fit contain), in page pixels
    content_js = (f"(() => {{ const v = {video}; const r = v.getBoundingClientRect();"
                  " const k = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);"
                  " const w = v.videoWidth * k, h = v.videoHeight * k;"
                  " return [r.left + (r.width - w) / 2, r.top + (r.height - h) / 2, w, h]; })()")

    def shown_frame(b):
        x, y, w, h = b.eval(content_js)
        png = b.screenshot((x + 2, y + 2, w - 4, h - 4))
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA").resize((64, 36))).astype(int).ravel()

    def ffmpeg_frame(t):
        raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{t:.3f}", "-i", str(clip), "-frames:v", "1",
                              "-vf", "scale=64:36", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
                             capture_output=True, check=True).stdout
        return np.frombuffer(raw, dtype=np.uint8).astype(int)

    with _browser(browser) as b:
        b.open(deck.as_uri())
        b.key("ArrowRight", key_code=39)                      # slide 2 plays its first beat ...
        b.wait_for("document.body.dataset.paused === '1'", timeout=20)   # ... and stops
        assert (b.eval("document.body.dataset.slide"), b.eval("document.body.dataset.beat")) == ("2", "1")
        t = b.eval(f"{video}.currentTime")
        assert 1.5 <= t <= 1.6                                  # the first beat ends at 1.6 s, in its hold
        b.wait_for(f"{video}.readyState >= 2")
        shown = shown_frame(b)
        assert np.abs(shown - ffmpeg_frame(1.55)).mean() < 6     # the beat's last frame is on screen
        assert np.abs(shown - ffmpeg_frame(1.9)).mean() > 6      # not the clip's end (the fill comes next)
        b.key("ArrowRight", key_code=39)                       # the second beat plays to the clip's end
        b.wait_for("document.body.dataset.paused === '1' && document.body.dataset.beat === '2'", timeout=20)
        assert b.eval(f"{video}.currentTime") >= 1.9
        b.key("ArrowLeft", key_code=37)                        # back to the second beat's start
        assert (b.eval("document.body.dataset.slide"), b.eval("document.body.dataset.beat")) == ("2", "1")
        assert abs(b.eval(f"{video}.currentTime") - 1.6) < 0.05
        b.key("p", key_code=80)                                # play through: no stop at beats
        assert b.eval("document.body.dataset.through") == "1"
        b.wait_for(f"{video}.ended || {video}.currentTime >= 1.95", timeout=20)
        assert b.eval(f"{video}.querySelector('track').getAttribute('src')") == "clips/tiny-square.vtt"


def test_gallery_lists_the_lecture(rendered):
    invoke(["slides", "tiny"], rendered["media"])
    r = invoke(["gallery", "--json"], rendered["media"])
    assert r.exit_code == 0
    g = json.loads(r.stdout)
    entries = {(e["lecture"], e["language"]): e for e in g["lectures"]}
    en = entries[("tiny", "en")]
    assert [c["part"] for c in en["clips"]] == ["tiny.square", "tiny.circle"]
    assert en["deck"] == "lectures/tiny/480p15/deck/index.html" and en["pptx"].endswith("slides.pptx")
    page = (rendered["media"] / "index.html").read_text()
    for c in en["clips"]:
        assert c["poster"] in page and c["clip"] in page
        assert (rendered["media"] / c["poster"]).is_file()
        assert f'<track kind="subtitles" src="{c["subtitles"]}"' in page        # subtitles offered
        assert f'href="{c["clip"]}#t=1.6"' in page                              # the second beat's chapter link
    assert "2.0 s" in page


def test_a_failing_part_does_not_stop_the_others(tmp_path):
    r = invoke(["render", "broken", "--jobs", "2", "--json"], tmp_path, sources=(FAILING,))
    assert r.exit_code == 1
    (lec,) = json.loads(r.stdout)
    status = {j["part"]: j for j in lec["jobs"]}
    assert status["broken.good"]["status"] == "rendered"
    assert status["broken.bad"]["status"] == "failed"
    log = Path(status["broken.bad"]["log"])
    assert log.is_file() and "this part fails on purpose" in log.read_text()
    err = [ln for ln in r.stderr.splitlines() if ln.startswith("Error:")]
    assert len(err) == 1 and "1 of 2 parts failed" in err[0] and str(log.name) in err[0]
    out = tmp_path / "lectures" / "broken" / "480p15"
    assert (out / "broken-good.mp4").is_file() and not (out / "broken-bad.mp4").exists()
    man = json.loads((out / "manifest.json").read_text())
    assert [c["part"] for c in man["clips"]] == ["broken.good"] and man["missing"] == ["broken.bad"]


def _spawn(media, *args):
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(media), "LECTURE_SCENES": TINY}
    return subprocess.Popen([LECTURE, "render", "tiny", *args, "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _clean(out: Path) -> None:
    """Nothing half-written anywhere: no temp files, every mp4 a whole video."""
    leftovers = [p for p in out.rglob("*.tmp*") if p.is_file()]
    leftovers += list(out.glob(".tmp/*"))
    assert not leftovers, leftovers
    for mp4 in out.glob("*.mp4"):
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                str(mp4)], capture_output=True, text=True)
        assert probe.returncode == 0 and float(probe.stdout) > 1.5, mp4


def test_two_concurrent_renders_share_the_work(tmp_path):
    a = _spawn(tmp_path, "--jobs", "2")
    time.sleep(0.5)
    b = _spawn(tmp_path, "--jobs", "2")
    outs = [p.communicate(timeout=300) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    statuses = [{j["part"]: j["status"] for j in json.loads(o)[0]["jobs"]} for o, _ in outs]
    for part in ("tiny.square", "tiny.circle"):
        # each part rendered exactly once; the other run waited and reused it
        assert sorted(s[part] for s in statuses) == ["cached", "rendered"], statuses
    out = tmp_path / "lectures" / "tiny" / "480p15"
    _clean(out)
    man = json.loads((out / "manifest.json").read_text())
    assert len(man["clips"]) == 2


def _interrupt_mid_render(media: Path, sig: int) -> subprocess.Popen:
    """Start a render, wait until manim is really running, then send ``sig``."""
    p = _spawn(media, "--jobs", "2")
    tmp = media / "lectures" / "tiny" / "480p15" / ".tmp"
    deadline = time.monotonic() + 90
    while not (tmp.exists() and list(tmp.glob("*/render.log"))):
        assert time.monotonic() < deadline and p.poll() is None, "render never started"
        time.sleep(0.05)
    time.sleep(0.5)
    p.send_signal(sig)
    _, p.err = p.communicate(timeout=60)
    return p


def test_interrupted_renders_leave_nothing_half_written(tmp_path):
    out = tmp_path / "lectures" / "tiny" / "480p15"
    # Ctrl-C: workers stop, exit 130, no clip and no temp file
    p = _interrupt_mid_render(tmp_path, signal.SIGINT)
    assert p.returncode == 130, p.err
    assert "interrupted" in p.err and "Traceback" not in p.err
    assert not list(out.glob("*.mp4")) and not [p for p in out.glob(".tmp/*")]
    # SIGKILL: nothing can clean up, but nothing half-written is ever taken for a clip
    p = _interrupt_mid_render(tmp_path, signal.SIGKILL)
    assert p.returncode == -signal.SIGKILL
    assert all(f.name.startswith(".") or f.suffix in (".mp4", ".png", ".json") for f in out.iterdir())
    time.sleep(0.5)
    again = _spawn(tmp_path, "--jobs", "2")
    o, e = again.communicate(timeout=300)
    assert again.returncode == 0, e
    assert {j["status"] for j in json.loads(o)[0]["jobs"]} <= {"rendered", "cached"}
    _clean(out)
    assert len(json.loads((out / "manifest.json").read_text())["clips"]) == 2


def test_repeated_renders_leak_no_temp_files_and_no_memory(tmp_path):
    """A whole lecture rendered again and again (--force): no temp files left, parent memory flat."""
    import resource
    import tempfile

    tmp_root = Path(tempfile.gettempdir())
    before = {p.name for p in tmp_root.iterdir()}
    media = tmp_path / "media"
    rss = []
    for _ in range(4):
        r = invoke(["render", "tiny", "--jobs", "2", "--force"], media)
        assert r.exit_code == 0, r.output
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    # the per-lecture .tmp folder may stay, empty; nothing may be left inside it or beside the clips
    leftovers = [p for p in media.rglob("*")
                 if p.is_file() and (p.name.endswith(".tmp") or ".tmp" in p.parts or p.name.startswith(".job-"))]
    assert leftovers == []
    new_tmp = {p.name for p in tmp_root.iterdir()} - before
    assert not [n for n in new_tmp if "lecture" in n or "manim" in n], new_tmp
    # peak RSS of this process settles after the first render: later renders add < 20 MB
    assert rss[-1] - rss[1] < 20 * 1024
