"""The lecture CLI never acts outside a lecture's folder, never takes a stale or foreign clip for a
finished one, and leaves nothing behind when it is killed (issue 14 items 2, 4, 5, 6; issue 18 item 5).

Lecture folders here are fakes: a one-second mp4 cut by ffmpeg, its poster, and a manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lecture.catalog import Catalog, PartInfo
from lecture.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny_lecture.py")
ROOT = Path(__file__).resolve().parents[1]


def invoke(args, media, sources=(TINY,)):
    return CliRunner().invoke(cli, args, obj={"catalog": lambda: Catalog.discover(list(sources))},
                              env={"LECTURE_MEDIA_DIR": str(media)}, catch_exceptions=False)


def one_line_error(result) -> str:
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory) -> tuple[bytes, bytes]:
    return make_tiny_clip(tmp_path_factory.mktemp("clip"))


def make_tiny_clip(d: Path) -> tuple[bytes, bytes]:
    """Bytes of a real one-second 64x48 mp4 and of a PNG poster."""
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1",
                    "-pix_fmt", "yuv420p", str(d / "c.mp4")], check=True, timeout=60)
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(d / "c.mp4"), "-frames:v", "1", str(d / "c.png")],
                   check=True, timeout=60)
    return (d / "c.mp4").read_bytes(), (d / "c.png").read_bytes()


def clip_entry(name: str, **over) -> dict:
    return {"index": 1, "part": f"tiny.{name}", "title": name, "scene": "SquareScene",
            "scene_file": "tests/fixtures/tiny_lecture.py", "clip": f"{name}.mp4", "poster": f"{name}.png",
            "duration": 1.0, "resolution": "64x48", "fps": 5, "language": "en", "recordings": {}, **over}


def fake_lecture(media: Path, tiny_clip, names=("01-a", "02-b"), lecture="tiny", **manifest) -> Path:
    out = media / "lectures" / lecture / "480p15"
    out.mkdir(parents=True, exist_ok=True)
    for n in names:
        (out / f"{n}.mp4").write_bytes(tiny_clip[0])
        (out / f"{n}.png").write_bytes(tiny_clip[1])
    recorded = {"clip_size": len(tiny_clip[0]), "clip_sha256": hashlib.sha256(tiny_clip[0]).hexdigest()}
    payload = {"lecture": lecture, "title": f"Lecture {lecture}", "quality": "l", "quality_dir": "480p15",
               "language": "en", "clips": [clip_entry(n, **recorded) for n in names], "missing": [], **manifest}
    (out / "manifest.json").write_text(json.dumps(payload))
    return out


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: (mode, size, inode, link count, bytes or link target)."""
    snap = {}
    for p in sorted(folder.rglob("*")):
        st = os.lstat(p)
        body = os.readlink(p) if p.is_symlink() else p.read_bytes() if p.is_file() else None
        snap[str(p.relative_to(folder))] = (st.st_mode, st.st_size, st.st_ino, st.st_nlink, body)
    return snap


# -- 2. decks stay inside their folder ---------------------------------------------------------------

@pytest.mark.parametrize("bad", ["../../../outside/victim.txt", "/ABS", "sub/x.mp4", "..", "", ".hidden.mp4",
                                 "a\\b.mp4", 5, None])
@pytest.mark.parametrize("key", ["clip", "poster"])
def test_manifest_names_must_be_plain_file_names(tmp_path, tiny_clip, bad, key):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("the user's file")
    victim.chmod(0o600)
    if bad == "/ABS":
        bad = str(victim)
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    man = json.loads((out / "manifest.json").read_text())
    man["clips"][0][key] = bad
    (out / "manifest.json").write_text(json.dumps(man))
    before = snapshot(outside)
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    err = one_line_error(r)
    assert "manifest.json" in err and "plain file name" in err
    assert snapshot(outside) == before
    assert not (out / "deck").exists() and not (out / "slides.pptx").exists()


@pytest.mark.parametrize("payload", [
    "[]", "null", '"text"', '{"lecture": "tiny", "title": "t", "clips": {}}',
    '{"lecture": "tiny", "title": "t", "clips": [1]}', '{"lecture": "tiny", "clips": []}',
    "[" * 100_000 + "]" * 100_000,                       # RecursionError in the JSON parser
    "DURATION", "RESOLUTION", "DUPLICATE",
])
def test_a_manifest_of_the_wrong_structure_is_one_line(tmp_path, tiny_clip, payload):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    man = json.loads((out / "manifest.json").read_text())
    if payload == "DURATION":
        man["clips"][1]["duration"] = "long"
    elif payload == "RESOLUTION":
        man["clips"][1]["resolution"] = "big"
    elif payload == "DUPLICATE":
        man["clips"][1]["clip"] = man["clips"][0]["clip"]
    if payload in ("DURATION", "RESOLUTION", "DUPLICATE"):
        payload = json.dumps(man)
    (out / "manifest.json").write_text(payload)
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    err = one_line_error(r)
    assert str(out / "manifest.json") in err and "internal error" not in err


def test_gallery_skips_a_broken_lecture_with_a_warning_and_lists_the_rest(tmp_path, tiny_clip):
    media = tmp_path / "media"
    fake_lecture(media, tiny_clip, lecture="good")
    bad = fake_lecture(media, tiny_clip, lecture="bad")
    (bad / "manifest.json").write_text('{"lecture": "bad", "title": "x", "clips": [{"clip": "../../../../x"}]}')
    r = invoke(["gallery", "--json"], media)
    assert r.exit_code == 0, r.output
    g = json.loads(r.stdout)
    assert [e["lecture"] for e in g["lectures"]] == ["good"]
    assert len(g["warnings"]) == 1 and str(bad / "manifest.json") in g["warnings"][0]
    warned = [ln for ln in r.stderr.splitlines() if "skipped" in ln]
    assert len(warned) == 1 and "bad" in warned[0]
    page = (media / "index.html").read_text()
    assert "lectures/good/480p15/01-a.mp4" in page and "../" not in page


@pytest.mark.parametrize("which", ["deck", "deck/clips"])
def test_a_symlinked_deck_folder_is_refused(tmp_path, tiny_clip, which):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "01-a.mp4").write_text("someone else's file of the same name")
    (elsewhere / "keep.txt").write_text("keep me")
    if which == "deck/clips":
        (out / "deck").mkdir()
    (out / which).symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    assert "symbolic link" in one_line_error(r) and which.split("/")[-1] in one_line_error(r)
    assert snapshot(elsewhere) == before


def test_a_deck_deletes_only_the_files_it_wrote(tmp_path, tiny_clip):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    assert invoke(["slides", "tiny"], media).exit_code == 0
    clips = out / "deck" / "clips"
    assert sorted(p.name for p in clips.iterdir()) == ["01-a.mp4", "01-a.png", "02-b.mp4", "02-b.png"]
    (clips / "my-notes.txt").write_text("mine")
    # the lecture loses a part: the deck drops that clip, and nothing else
    man = json.loads((out / "manifest.json").read_text())
    man["clips"] = man["clips"][:1]
    (out / "manifest.json").write_text(json.dumps(man))
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in clips.iterdir()) == ["01-a.mp4", "01-a.png", "my-notes.txt"]
    assert (clips / "my-notes.txt").read_text() == "mine"


def test_a_linked_in_clip_is_refused_and_its_target_untouched(tmp_path, tiny_clip):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    outside = tmp_path / "private.mp4"
    outside.write_bytes(tiny_clip[0])
    outside.chmod(0o600)
    (out / "02-b.mp4").unlink()
    (out / "02-b.mp4").symlink_to(outside)
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    assert "02-b.mp4" in one_line_error(r) and "regular file" in one_line_error(r)
    st = outside.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_nlink == 1


def test_a_deck_never_changes_the_mode_of_the_clips_it_links(tmp_path, tiny_clip):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    (out / "01-a.mp4").chmod(0o600)
    assert invoke(["slides", "tiny"], media).exit_code == 0
    assert stat.S_IMODE((out / "01-a.mp4").stat().st_mode) == 0o600
    deck_copy = out / "deck" / "clips" / "01-a.mp4"
    assert deck_copy.read_bytes() == tiny_clip[0]


def test_copying_a_file_onto_itself_is_a_no_op(tmp_path):
    from lecture.files import atomic_copy

    a = tmp_path / "a.mp4"
    a.write_bytes(b"clip")
    a.chmod(0o600)
    twin = tmp_path / "twin.mp4"
    os.link(a, twin)
    before = os.stat(a)
    for dest, link in ((a, True), (a, False), (twin, True), (twin, False)):
        atomic_copy(a, dest, link=link)
        st = os.stat(a)
        assert (st.st_ino, stat.S_IMODE(st.st_mode), a.read_bytes()) == (before.st_ino, 0o600, b"clip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "twin.mp4"]   # no temp file left


def test_slides_for_a_lecture_id_that_is_a_path_is_refused(tmp_path, tiny_clip):
    media = tmp_path / "media"
    fake_lecture(media, tiny_clip, lecture="tiny")
    r = invoke(["slides", "../lectures/tiny"], media)
    assert r.exit_code == 2
    assert "not a lecture id" in r.stderr and "Traceback" not in r.output


# -- 5. a job's record keeps the clip's size and hash ---------------------------------------------------

def _job(out_dir: Path):
    from lecture.render import Job

    part = PartInfo(id="tiny.square", lecture="tiny", title_key="", scene_file=Path(TINY), scene="SquareScene",
                    lesson="TinyLesson")
    return Job("tiny", 1, part, "l", "en", out_dir, key="k" * 20, recordings={})


def _finish(job, tiny_clip) -> dict:
    """Write a clip, its poster and the record render() writes for it."""
    import hashlib

    job.out_dir.mkdir(parents=True, exist_ok=True)
    job.video.write_bytes(tiny_clip[0])
    job.poster.write_bytes(tiny_clip[1])
    job.record_file.parent.mkdir(parents=True, exist_ok=True)
    rec = {**clip_entry(job.name, part=job.part.id), "key": job.key, "clip_size": len(tiny_clip[0]),
           "clip_sha256": hashlib.sha256(tiny_clip[0]).hexdigest()}
    job.record_file.write_text(json.dumps(rec))
    return rec


def test_a_truncated_or_replaced_clip_is_not_a_finished_job(tmp_path, tiny_clip):
    job = _job(tmp_path / "out")
    rec = _finish(job, tiny_clip)
    assert job.finished()["key"] == job.key
    job.video.write_bytes(tiny_clip[0][: len(tiny_clip[0]) // 2])                  # truncated
    assert job.finished() is None
    job.video.write_bytes(bytes(reversed(tiny_clip[0])))                            # replaced, same size
    assert job.finished() is None
    job.video.unlink()
    job.video.symlink_to(tmp_path / "elsewhere.mp4")                                 # a link to the same bytes
    (tmp_path / "elsewhere.mp4").write_bytes(tiny_clip[0])
    assert job.finished() is None
    job.video.unlink()
    job.video.write_bytes(tiny_clip[0])
    assert job.finished() is not None
    for broken in ({k: v for k, v in rec.items() if k != "clip_sha256"},          # a record from before hashes
                   {**rec, "clip": "../../elsewhere.mp4"}, [rec], "null"):
        job.record_file.write_text(json.dumps(broken))
        assert job.finished() is None


def test_a_missing_poster_is_made_again_from_the_clip(tmp_path, tiny_clip):
    from lecture.render import Runner

    job = _job(tmp_path / "out")
    _finish(job, tiny_clip)
    job.poster.unlink()
    res = Runner().run(job)
    assert res.status == "cached", res
    assert job.poster.stat().st_size > 0
    from PIL import Image
    assert Image.open(job.poster).size == (64, 48)


def test_stale_temp_folders_are_swept_even_when_every_part_is_cached(tmp_path, tiny_clip):
    from lecture.render import plan, render

    catalog = Catalog.discover([TINY])
    media = tmp_path / "media"
    os.environ["LECTURE_MEDIA_DIR"] = str(media)
    try:
        jobs = plan(catalog.lecture("tiny"), quality="l", lang="en")
        for job in jobs:
            _finish(job, tiny_clip)
        out = jobs[0].out_dir
        for stale in (f"{jobs[0].name}-abc123", "07-a-part-that-is-gone-x1y2"):   # a SIGKILLed run's
            (out / ".tmp" / stale / "media").mkdir(parents=True)
            (out / ".tmp" / stale / "media" / "partial.mp4").write_bytes(b"x" * 100)
        (out / f".{jobs[1].name}.k2j3.tmp.png").write_bytes(b"half a poster")
        (lec,) = render(catalog, ["tiny"], jobs=2)
    finally:
        os.environ.pop("LECTURE_MEDIA_DIR")
    assert [j.status for j in lec.jobs] == ["cached", "cached"]
    assert not (out / ".tmp").exists()
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


# -- 4. killed work leaves nothing -----------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                kids.append(int(d.name))
    return kids


def test_tool_children_run_in_their_own_session_and_die_with_their_parent(tmp_path):
    # a parent that starts `sleep` the way lecture starts manim and ffmpeg, then is SIGKILLed
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from lecture import procs; "
            "p = procs.popen(['sleep', '60']); print(p.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert os.getsid(child) != os.getsid(0) and os.getpgid(child) != os.getpgid(0)   # Ctrl-C is not theirs
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the child outlived its killed parent"


def test_ffmpeg_and_ffprobe_do_not_share_the_terminals_process_group(tmp_path, tiny_clip, monkeypatch):
    from lecture import media

    seen = []
    real = subprocess.Popen

    def spy(cmd, *a, **kw):
        seen.append((Path(cmd[0]).name, kw.get("start_new_session"), kw.get("preexec_fn") is not None))
        return real(cmd, *a, **kw)

    monkeypatch.setattr(subprocess, "Popen", spy)
    clip = tmp_path / "c.mp4"
    clip.write_bytes(tiny_clip[0])
    media.probe(clip)
    media.poster(clip, tmp_path / "c.png")
    assert seen == [("ffprobe", True, True), ("ffmpeg", True, True)]


@pytest.mark.slow
def test_killing_lecture_render_ends_its_manim_children(tmp_path):
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path), "LECTURE_SCENES": TINY,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.Popen([sys.executable, "-m", "lecture.cli", "render", "tiny", "--jobs", "2"], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = tmp_path / "lectures" / "tiny" / "480p15" / ".tmp"
    deadline = time.monotonic() + 120
    kids = []
    while not kids:
        assert time.monotonic() < deadline and p.poll() is None, "render never started"
        time.sleep(0.05)
        if tmp.exists() and list(tmp.glob("*/render.log")):
            kids = _children(p.pid)
    p.kill()
    p.wait()
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [k for k in kids if _alive(k)], "manim kept rendering for a dead parent"


def test_ctrl_c_while_importing_exits_130_with_one_line(tmp_path):
    # a stand-in for manim (what `render` imports first to find the parts; torch is no longer imported
    # at start-up) whose import takes as long as we like: Ctrl-C lands during start-up
    fake = tmp_path / "fake"
    (fake / "manim").mkdir(parents=True)
    marker = tmp_path / "importing"
    (fake / "manim" / "__init__.py").write_text(
        f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(120)\n")
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path / "media"), "LECTURE_SCENES": TINY,
           "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)])}
    p = subprocess.Popen([sys.executable, "-m", "lecture.cli", "render", "tiny"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert [ln for ln in err.splitlines() if ln.strip()] == [ln for ln in err.splitlines() if "interrupted" in ln]
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err


# -- 6. options -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_media_dir_is_an_error_not_the_current_folder(tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["--media-dir", value, "gallery"], catch_exceptions=False)
    assert r.exit_code == 2
    assert "--media-dir" in r.stderr and "empty" in r.stderr
    assert list(tmp_path.iterdir()) == []


# -- issue 18 item 5: start-up costs ----------------------------------------------------------------------

def test_help_and_argument_errors_import_neither_torch_nor_manim(tmp_path):
    code = """
import sys
from lecture.cli import cli
for args in (["--help"], ["render", "--help"], ["slides", "--help"], ["gallery", "--help"], ["list", "--help"],
             ["render", "tiny", "--quality", "x"], ["render", "tiny", "--jobs", "0"], ["slides"],
             ["record", "05wk-1/linreg", "--epochs", "0"], ["doctor", "--help"],
             ["--media-dir", "", "gallery"], ["no-such-command"]):
    try:
        cli(args, prog_name="lecture")
    except SystemExit:
        pass
print([m for m in ("torch", "manim", "engine", "scenes") if m in sys.modules])
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


@pytest.mark.parametrize("folder", [".tmp", ".jobs", "logs"])
def test_render_refuses_a_symlinked_work_folder_and_sweeps_nothing_there(tmp_path, folder):
    media = tmp_path / "media"
    out = media / "lectures" / "tiny" / "480p15"
    out.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "tiny-square-mine").mkdir(parents=True)     # looks like a stale temp folder
    (elsewhere / ".tiny-square.x.tmp.png").write_text("mine")
    (out / folder).symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    r = invoke(["render", "tiny"], media)
    assert r.exit_code == 1
    assert "symbolic link" in one_line_error(r) and folder in one_line_error(r)
    assert snapshot(elsewhere) == before


def _console_script(tmp_path: Path) -> Path:
    """The ``lecture`` command as pip writes it from pyproject.toml's entry point."""
    import tomllib

    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["lecture"]
    module, func = entry.split(":")
    script = tmp_path / "lecture"
    script.write_text(f"import sys\nfrom {module} import {func}\nif __name__ == '__main__':\n"
                      f"    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n    sys.exit({func}())\n")
    return script


def test_ctrl_c_while_the_command_loads_exits_130_with_one_line(tmp_path):
    # a stand-in for rich (which the CLI imports as it loads) whose import takes as long as we like:
    # Ctrl-C lands while the console script imports the CLI, before any handler of ours could run
    fake = tmp_path / "fake"
    (fake / "rich").mkdir(parents=True)
    marker = tmp_path / "importing"
    (fake / "rich" / "__init__.py").write_text(
        f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(120)\n")
    env = {
        **os.environ,
        "LECTURE_MEDIA_DIR": str(tmp_path / "media"),
        "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)]),
    }
    p = subprocess.Popen([sys.executable, str(_console_script(tmp_path)), "list"], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert [ln for ln in err.splitlines() if ln.strip()] == ["interrupted"], err
