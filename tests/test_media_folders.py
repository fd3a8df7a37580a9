"""Nothing is written, swept or deleted outside the media folder through a symbolic link, and no deck or
gallery ships a clip other than the one its render wrote (issue 25 item 6).

Lecture folders here are the fakes of tests/test_cli_safety.py; a "finished" render is a clip, its
poster and the job record render() writes, so `render` finds every part cached and renders nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from test_cli_safety import TINY, _finish, fake_lecture, invoke, make_tiny_clip, one_line_error, snapshot

from lecture.catalog import Catalog


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory) -> tuple[bytes, bytes]:
    return make_tiny_clip(tmp_path_factory.mktemp("clip"))


def outside_folder(tmp_path: Path) -> Path:
    """A folder of the user's, outside the media folder, that looks like a lecture folder."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ".jobs").mkdir(parents=True)
    (elsewhere / "manifest.json").write_text('{"the": "user\'s own manifest"}')
    for name in ("a.mp4", "a.png", "notes.txt"):
        (elsewhere / name).write_text(f"the user's {name}")
    (elsewhere / ".jobs" / "a.json").write_text(json.dumps({"clip": "a.mp4", "poster": "a.png", "key": "x"}))
    return elsewhere


def finished_parts(media: Path, tiny_clip, monkeypatch) -> Path:
    """Every part of the tiny lecture rendered (fakes): its lecture folder."""
    from lecture.render import plan

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(media))
    jobs = plan(Catalog.discover([TINY]).lecture("tiny"), quality="l", lang="en")
    for job in jobs:
        _finish(job, tiny_clip)
    return jobs[0].out_dir


# -- a linked lecture folder, or any folder above it -------------------------------------------------

LINKED = ["lectures", "lectures/tiny", "lectures/tiny/480p15"]


@pytest.mark.parametrize("linked", [*LINKED, "lectures/tiny/480p15/ko"])
def test_render_refuses_a_linked_lecture_folder_and_touches_nothing_there(tmp_path, linked):
    media = tmp_path / "media"
    elsewhere = outside_folder(tmp_path)
    target = elsewhere
    # the link replaces one folder of media/lectures/tiny/480p15[/ko]: point it at a tree that continues the path
    rest = Path("lectures/tiny/480p15/ko").relative_to(linked) if linked.endswith("ko") else \
        Path("lectures/tiny/480p15").relative_to(linked)
    if rest.parts:
        target = tmp_path / "tree"
        (target / rest).parent.mkdir(parents=True)
        (target / rest).symlink_to(elsewhere, target_is_directory=True)
    (media / linked).parent.mkdir(parents=True, exist_ok=True)
    (media / linked).symlink_to(target, target_is_directory=True)
    before = snapshot(elsewhere)
    args = ["render", "tiny", "--only", "square"] + (["--lang", "ko"] if linked.endswith("ko") else [])
    r = invoke(args, media)
    assert r.exit_code == 1, r.output
    err = one_line_error(r)
    assert "symbolic link" in err and str(media / linked) in err and "remove the link" in err
    assert snapshot(elsewhere) == before


@pytest.mark.parametrize("linked", LINKED)
def test_slides_refuse_a_linked_lecture_folder(tmp_path, tiny_clip, linked):
    media = tmp_path / "media"
    real = fake_lecture(tmp_path / "real-media", tiny_clip)    # a complete lecture folder, outside media
    (media / linked).parent.mkdir(parents=True, exist_ok=True)
    (media / linked).symlink_to(tmp_path / "real-media" / linked, target_is_directory=True)
    before = snapshot(real)
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1, r.output
    assert "symbolic link" in one_line_error(r) and str(media / linked) in one_line_error(r)
    assert snapshot(real) == before


def test_the_gallery_lists_lectures_in_course_order(tmp_path, tiny_clip):
    """The gallery follows the catalog's order (`lecture list`'s), not the folders' alphabetical one."""
    from lecture.gallery import build_gallery

    media = tmp_path / "media"
    for name in ("rnn", "lstm", "cnn"):
        fake_lecture(media, tiny_clip, lecture=name)
    g = build_gallery(media, order=["05wk-1", "cnn", "rnn", "lstm"])
    assert [e["lecture"] for e in g.lectures] == ["cnn", "rnn", "lstm"]
    assert [e["lecture"] for e in build_gallery(media).lectures] == ["cnn", "lstm", "rnn"]   # no order: by id


def test_the_gallery_skips_a_linked_lecture_folder_with_a_warning(tmp_path, tiny_clip):
    media = tmp_path / "media"
    fake_lecture(media, tiny_clip, lecture="good")
    fake_lecture(tmp_path / "real-media", tiny_clip, lecture="linked")
    (media / "lectures" / "linked").symlink_to(tmp_path / "real-media" / "lectures" / "linked")
    r = invoke(["gallery", "--json"], media)
    assert r.exit_code == 0, r.output
    g = json.loads(r.stdout)
    assert [e["lecture"] for e in g["lectures"]] == ["good"]
    assert len(g["warnings"]) == 1 and "symbolic link" in g["warnings"][0]


def test_render_refuses_a_linked_tex_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("LECTURE_TEX_CACHE", raising=False)
    media = tmp_path / "media"
    media.mkdir()
    elsewhere = outside_folder(tmp_path)
    (media / "tex").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    r = invoke(["render", "tiny", "--only", "square"], media)
    assert r.exit_code == 1, r.output
    assert "symbolic link" in one_line_error(r) and str(media / "tex") in one_line_error(r)
    assert snapshot(elsewhere) == before


@pytest.mark.parametrize("linked", ["recordings", "recordings/05wk-1"])
def test_record_refuses_a_linked_recordings_folder(tmp_path, linked):
    import engine

    media = tmp_path / "media"
    elsewhere = outside_folder(tmp_path)
    target = elsewhere
    if linked == "recordings":
        target = tmp_path / "tree"
        target.mkdir()
        (target / "05wk-1").symlink_to(elsewhere, target_is_directory=True)
    (media / linked).parent.mkdir(parents=True, exist_ok=True)
    (media / linked).symlink_to(target, target_is_directory=True)
    before = snapshot(elsewhere)
    with pytest.raises(engine.RecordingError, match="symbolic link") as e:
        engine.record("05wk-1/linreg", root=media)
    assert str(media / linked) in str(e.value)
    assert snapshot(elsewhere) == before
    r = invoke(["record", "05wk-1/linreg"], media)
    assert r.exit_code == 1 and "symbolic link" in one_line_error(r)
    assert snapshot(elsewhere) == before


# -- lock files never follow a link -------------------------------------------------------------------

def test_slides_refuse_a_linked_lock_and_create_nothing_at_its_target(tmp_path, tiny_clip):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    target = tmp_path / "outside" / "created-by-a-lock"
    target.parent.mkdir()
    (out / ".slides.lock").symlink_to(target)                  # dangling
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    assert ".slides.lock" in one_line_error(r) and "symbolic link" in one_line_error(r)
    assert not target.exists() and list(target.parent.iterdir()) == []


@pytest.mark.parametrize("lock", [".lock", ".jobs/tiny-square.lock"])
def test_render_refuses_a_linked_lock_and_creates_nothing_at_its_target(tmp_path, tiny_clip, lock, monkeypatch):
    media = tmp_path / "media"
    out = finished_parts(media, tiny_clip, monkeypatch)
    target = tmp_path / "outside" / "created-by-a-lock"
    target.parent.mkdir()
    (out / lock).symlink_to(target)
    r = invoke(["render", "tiny"], media)
    assert r.exit_code == 1, r.output
    assert Path(lock).name in r.stderr and "symbolic link" in r.stderr and "Traceback" not in r.output
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_a_linked_manifest_lock_is_refused_before_anything_renders(tmp_path):
    out = tmp_path / "media" / "lectures" / "tiny" / "480p15"
    out.mkdir(parents=True)
    target = tmp_path / "outside" / "created-by-a-lock"
    target.parent.mkdir()
    (out / ".lock").symlink_to(target)
    r = invoke(["render", "tiny"], tmp_path / "media")
    assert r.exit_code == 1
    assert ".lock" in one_line_error(r) and "symbolic link" in one_line_error(r)
    assert not target.exists() and not list(out.glob("*.mp4")) and not (out / ".jobs").exists()


def test_a_recording_lock_never_follows_a_link(tmp_path):
    import engine
    from engine.cache import recording_lock

    folder = tmp_path / "media" / "recordings" / "05wk-1"
    folder.mkdir(parents=True)
    path = folder / "linreg-0123456789abcdef.safetensors"
    target = tmp_path / "outside" / "created-by-a-lock"
    target.parent.mkdir()
    (folder / f".{path.name}.lock").symlink_to(target)
    with pytest.raises(engine.RecordingError, match="symbolic link"), recording_lock(path, tmp_path / "media"):
        pass
    assert not target.exists()
    (folder / f".{path.name}.lock").unlink()
    with recording_lock(path, tmp_path / "media"):             # and an ordinary lock still works
        assert (folder / f".{path.name}.lock").is_file()
    assert list(folder.iterdir()) == []


def test_a_lecture_lock_never_follows_a_link(tmp_path):
    from lecture.errors import MediaDirError
    from lecture.files import locked

    target = tmp_path / "outside" / "created-by-a-lock"
    target.parent.mkdir()
    (tmp_path / ".lock").symlink_to(target)
    with pytest.raises(MediaDirError, match="symbolic link"), locked(tmp_path / ".lock"):
        pass
    assert not target.exists()


# -- decks and the gallery check each clip's recorded hash --------------------------------------------

def test_slides_refuse_a_clip_replaced_by_other_bytes_of_the_same_size(tmp_path, tiny_clip):
    media = tmp_path / "media"
    out = fake_lecture(media, tiny_clip)
    (out / "02-b.mp4").write_bytes(os.urandom(len(tiny_clip[0])))
    r = invoke(["slides", "tiny"], media)
    assert r.exit_code == 1
    err = one_line_error(r)
    assert "02-b.mp4" in err and "SHA-256" in err and "lecture render tiny" in err
    assert not (out / "slides.pptx").exists() and not (out / "deck").exists()


def test_the_gallery_skips_a_lecture_whose_clip_was_replaced(tmp_path, tiny_clip):
    media = tmp_path / "media"
    fake_lecture(media, tiny_clip, lecture="good")
    bad = fake_lecture(media, tiny_clip, lecture="bad")
    (bad / "01-a.mp4").write_bytes(os.urandom(len(tiny_clip[0])))
    r = invoke(["gallery", "--json"], media)
    assert r.exit_code == 0, r.output
    g = json.loads(r.stdout)
    assert [e["lecture"] for e in g["lectures"]] == ["good"]
    assert len(g["warnings"]) == 1 and "01-a.mp4" in g["warnings"][0] and "SHA-256" in g["warnings"][0]
    assert "lectures/bad" not in (media / "index.html").read_text()


# -- an orphan job record deletes only its own part's clip and poster -----------------------------------

@pytest.mark.parametrize("listed", ["slides.pptx", "manifest.json", "tiny-square.mp4"])
def test_an_edited_orphan_record_deletes_only_its_own_clip(tmp_path, tiny_clip, listed, monkeypatch):
    media = tmp_path / "media"
    out = finished_parts(media, tiny_clip, monkeypatch)
    (out / "slides.pptx").write_bytes(b"the teacher's deck")
    (out / "gone.mp4").write_bytes(b"x")
    (out / "gone.png").write_bytes(b"x")
    (out / ".jobs" / "gone.json").write_text(json.dumps({"clip": listed, "poster": "gone.png"}))
    r = invoke(["render", "tiny"], media)
    assert r.exit_code == 0, r.output
    assert (out / "slides.pptx").read_bytes() == b"the teacher's deck"
    assert (out / "tiny-square.mp4").read_bytes() == tiny_clip[0]
    assert not (out / "gone.png").exists() and not (out / ".jobs" / "gone.json").exists()
    assert (out / "gone.mp4").exists() == (listed != "gone.mp4")
    man = json.loads((out / "manifest.json").read_text())
    assert [c["clip"] for c in man["clips"]] == ["tiny-square.mp4", "tiny-circle.mp4"]
    assert man["clips"][0]["clip_sha256"] == hashlib.sha256(tiny_clip[0]).hexdigest()
