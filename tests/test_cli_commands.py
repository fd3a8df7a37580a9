"""The CLI's fast paths through click's CliRunner: exit codes 0/1/2, one-line errors, --json payloads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine
from lecture.catalog import Catalog
from lecture.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny_lecture.py")
BROKEN_IMPORT = str(FIXTURES / "broken_family.py")


def invoke(args, *, media=None, sources=(TINY,), env=None):
    env = dict(env or {})
    if media is not None:
        env["LECTURE_MEDIA_DIR"] = str(media)
    runner = CliRunner()
    return runner.invoke(cli, args, obj={"catalog": lambda: Catalog.discover(list(sources))}, env=env,
                         catch_exceptions=False)


def one_line_error(result) -> str:
    """The error a user sees: exactly one line starting with 'Error:', no traceback."""
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_list_json_shows_lectures_experiments_parts_and_broken_families(tmp_path):
    r = invoke(["list", "--json"], media=tmp_path, sources=(TINY, BROKEN_IMPORT, "scenes.not_written"))
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    ids = [lec["id"] for lec in data["lectures"]]
    assert set(engine.lectures()) <= set(ids) and "tiny" in ids
    tiny = next(lec for lec in data["lectures"] if lec["id"] == "tiny")
    assert [p["id"] for p in tiny["parts"]] == ["tiny.square", "tiny.circle"]
    assert [p["scene"] for p in tiny["parts"]] == ["SquareScene", "CircleScene"]
    assert {e["id"] for e in data["experiments"]} == set(engine.experiments())
    assert all(e["cached"] is False for e in data["experiments"])  # empty media dir
    problems = dict(map(tuple, data["problems"]))
    assert "broken on purpose" in problems[BROKEN_IMPORT]
    assert problems["scenes.not_written"] == "not written yet"


def test_list_marks_cached_recordings():
    # the session's shared cache (tests/conftest.py) holds linreg once any engine test ran
    engine.record("05wk-1/linreg")
    r = invoke(["list", "--json"])
    exp = {e["id"]: e for e in json.loads(r.stdout)["experiments"]}
    assert exp["05wk-1/linreg"]["cached"] is True
    assert Path(exp["05wk-1/linreg"]["path"]).exists()


def test_list_table_for_people(tmp_path):
    r = invoke(["list"], media=tmp_path)
    assert r.exit_code == 0
    assert "tiny.square" in r.stderr and "05wk-1/linreg" in r.stderr
    assert r.stdout == ""  # stdout is only for --json


@pytest.mark.parametrize("args", [
    ["render", "tiny", "--quality", "x"],
    ["render", "tiny", "--jobs", "0"],
    ["render", "tiny", "--jobs", "many"],
    ["render", "tiny", "--lang", "fr"],
    ["render"],                                  # neither lectures nor --all
    ["render", "tiny", "--all"],
    ["slides", "tiny", "--quality", "z"],
    ["record", "05wk-1/linreg", "--epochs", "0"],
    ["record", "05wk-1/linreg", "--device", "tpu"],
])
def test_bad_options_exit_2(args, tmp_path):
    r = invoke(args, media=tmp_path)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output


def test_unknown_lecture_lists_what_exists(tmp_path):
    r = invoke(["render", "tinny"], media=tmp_path)
    assert r.exit_code == 2
    assert "tiny" in r.stderr and "unknown lecture 'tinny'" in r.stderr


def test_unknown_part_lists_the_parts(tmp_path):
    r = invoke(["render", "tiny", "--only", "triangle"], media=tmp_path)
    assert r.exit_code == 2
    assert "tiny.square" in r.stderr and "tiny.circle" in r.stderr


def test_unknown_experiment_names_close_ids():
    r = invoke(["record", "05wk-1/linrg"])
    assert r.exit_code == 2
    assert "05wk-1/linreg" in r.stderr
    assert "Traceback" not in r.output


def test_record_json_summary_from_cache():
    engine.record("05wk-1/linreg")
    r = invoke(["record", "05wk-1/linreg", "--json"])
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert row["id"] == "05wk-1/linreg" and row["status"] == "cached"
    assert row["final_loss"] == pytest.approx(engine.record("05wk-1/linreg").final_loss)
    assert row["accuracy"] is None and row["wall_seconds"] > 0


def test_record_trains_with_override_and_reports_accuracy(tmp_path):
    r = invoke(["record", "03wk-2/bce-good", "--epochs", "3", "--json"], media=tmp_path)
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert row["status"] == "recorded" and 0 <= row["accuracy"] <= 1
    rec = engine.load_recording(row["path"])
    assert rec.n_epochs == 3 and rec.final_loss == pytest.approx(row["final_loss"])
    again = json.loads(invoke(["record", "03wk-2/bce-good", "--epochs", "3", "--json"], media=tmp_path).stdout)
    assert again[0]["status"] == "cached"


def test_record_reports_a_diverged_run(monkeypatch):
    import importlib

    # `import lecture.record as m` would give the record() function lecture/__init__ re-exports
    rec_mod = importlib.import_module("lecture.record")

    real = engine.record("05wk-1/linreg")

    class Diverged:
        nonfinite_update, final_loss, accuracy, updates_per_epoch = 17, float("nan"), None, 1
        meta = real.meta

    monkeypatch.setattr(rec_mod.engine, "record", lambda *a, **k: Diverged())
    r = invoke(["record", "05wk-1/linreg", "--force"])
    assert r.exit_code == 1
    assert "update 17 (epoch 17)" in one_line_error(r)


def test_slides_before_render_says_what_to_run(tmp_path):
    r = invoke(["slides", "tiny"], media=tmp_path)
    assert r.exit_code == 1
    assert "lecture render tiny" in one_line_error(r)


def test_render_without_ffmpeg_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    r = invoke(["render", "tiny"], media=tmp_path / "media")
    assert r.exit_code == 1
    assert "apt-get install ffmpeg" in one_line_error(r)


def test_unwritable_media_dir_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = invoke(["render", "tiny"], media=blocker / "media")
    assert r.exit_code == 1
    assert "LECTURE_MEDIA_DIR" in one_line_error(r) or "media" in one_line_error(r)


def test_verbose_shows_the_traceback(tmp_path):
    r = invoke(["-v", "slides", "tiny"], media=tmp_path)
    assert r.exit_code == 1
    assert "Traceback" in r.stderr


def test_doctor_json_passes_here(tmp_path):
    r = invoke(["doctor", "--json"], media=tmp_path)
    checks = {c["name"]: c for c in json.loads(r.stdout)}
    assert {"ffmpeg", "latex", "dvisvgm", "korean font (NanumGothic)", "cairo and pango", "media dir writable"} <= set(
        checks
    )
    assert r.exit_code == (0 if all(c["ok"] for c in checks.values()) else 1)
    assert checks["media dir writable"]["ok"]


def test_doctor_fails_with_fixes_when_tools_are_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    r = invoke(["doctor", "--json"], media=tmp_path)
    assert r.exit_code == 1
    checks = {c["name"]: c for c in json.loads(r.stdout)}
    assert not checks["ffmpeg"]["ok"] and "apt-get install ffmpeg" in checks["ffmpeg"]["fix"]
    assert "apt-get install ffmpeg" in one_line_error(r)


def test_gallery_with_nothing_rendered(tmp_path):
    r = invoke(["gallery", "--json"], media=tmp_path)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["lectures"] == []
    assert "lecture render" in (tmp_path / "index.html").read_text()


# -- record and list: what a recording is, and what it costs ---------------------------

def test_list_says_recorded_only_for_a_recording_that_loads(tmp_path):
    cfg = engine.get_config("05wk-1/linreg")
    path = engine.cache_path(cfg, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\0" * 64)   # a file at the path is not a recording
    other = engine.cache_path(engine.get_config("05wk-2/gd"), tmp_path)
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(engine.record("05wk-2/gd", root=tmp_path, epochs=2).path.read_bytes())  # another config's run
    fifo = engine.cache_path(engine.get_config("05wk-2/sgd"), tmp_path)
    os.mkfifo(fifo)                # never opened for a blocking read: list does not hang
    exp = {e["id"]: e for e in json.loads(invoke(["list", "--json"], media=tmp_path).stdout)["experiments"]}
    assert exp["05wk-1/linreg"]["cached"] is False and exp["05wk-2/gd"]["cached"] is False
    assert exp["05wk-2/sgd"]["cached"] is False
    lec = next(lec for lec in json.loads(invoke(["list", "--json"], media=tmp_path).stdout)["lectures"]
               if lec["id"] == "05wk-1")
    assert not any(e["cached"] for e in lec["experiments"])


def test_readme_diverging_example_works(tmp_path):
    # README: "Diverging training (e.g. `--lr 1e30`) is recorded ... and reported by `lecture record`"
    r = invoke(["record", "05wk-1/linreg", "--lr", "1e30", "--epochs", "20", "--json"], media=tmp_path)
    assert r.exit_code == 1
    assert "loss became NaN/inf at update" in one_line_error(r)
    (row,) = json.loads(r.stdout)
    assert row["status"] == "diverged" and engine.load_recording(row["path"]).config["lr"] == 1e30


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "x"])
def test_bad_lr_exits_2(tmp_path, value):
    r = invoke(["record", "05wk-1/linreg", "--lr", value], media=tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output and "--lr" in r.stderr


def test_record_on_a_full_disk_is_one_line_before_training(tmp_path, monkeypatch):
    import shutil

    import engine.training

    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1 << 40, 1 << 40, 1 << 20))
    monkeypatch.setattr(engine.training, "train", lambda *a, **k: pytest.fail("trained although the disk is full"))
    r = invoke(["record", "05wk-1/dropout", "--epochs", "50"], media=tmp_path)
    assert r.exit_code == 1
    line = one_line_error(r)
    assert "disk full; free some space" in line and "needs about" in line


def test_record_disk_full_while_writing_is_one_line(tmp_path, monkeypatch):
    import errno

    import engine.recording as rec_mod

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rec_mod.os, "fsync", full)
    r = invoke(["record", "05wk-2/gd", "--epochs", "2"], media=tmp_path)
    assert r.exit_code == 1
    assert "disk full; free some space" in one_line_error(r)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_record_epochs_beyond_memory_is_one_line(tmp_path):
    r = invoke(["record", "05wk-1/sum-of-relus", "--epochs", str(10 ** 9)], media=tmp_path)
    assert r.exit_code == 1
    line = one_line_error(r)
    assert "of recording in memory" in line and "--epochs" in line and "mask_every" in line


def test_record_mask_every_option(tmp_path):
    r = invoke(["record", "05wk-1/dropout", "--epochs", "4", "--mask-every", "2", "--json"], media=tmp_path)
    assert r.exit_code == 0, r.output
    rec = engine.load_recording(json.loads(r.stdout)[0]["path"])
    assert list(rec.mask_steps("2")) == [0, 2]


def test_record_summarises_a_recording_of_logged_values_only(tmp_path, monkeypatch):
    """A run with no model and no loss (``Recorder(None, None)`` and ``rec.log``, as a lecture's table of
    worked examples) has no final loss: ``lecture record`` reports it instead of failing on it."""
    import importlib.util

    from lecture.record import record

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path / "media"))
    script = tmp_path / "values_only_lecture.py"
    script.write_text(
        "import engine\n\n"
        "@engine.experiment('values-only-01/table')\n"
        "def table():\n"
        "    with engine.Recorder(None, None) as rec:\n"
        "        rec.log('square', [k * k for k in range(4)])\n"
        "    return rec\n")
    from engine.experiments import REGISTRY

    spec = importlib.util.spec_from_file_location("values_only_lecture", script)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    try:
        (result,) = record(["values-only-01/table"])
    finally:
        REGISTRY.pop("values-only-01/table", None)   # the session's other tests never see it
    assert result.status == "recorded" and result.final_loss is None
    assert engine.load_recording(result.path).series("square")[0].tolist() == [0, 1, 4, 9]
