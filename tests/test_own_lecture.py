"""A lecture of one's own, outside the package: declared experiments, parts that declare what they
read, `lecture --lectures PATH` / $LECTURE_PATH / entry points, clip keys from a part's own inputs,
and clip names that stay put when a part is inserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine
from engine.experiments import REGISTRY
from lecture import catalog as catalog_mod
from lecture.catalog import Catalog
from lecture.cli import cli
from lecture.code_sources import import_closure
from lecture.render import plan, source_files, sweep_orphans

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tiny_classifier.py"
LECTURE = str(Path(sys.executable).with_name("lecture"))

LOOP = '''
import torch
from torch import nn
import engine

@engine.experiment("{id}")
def run():
    torch.manual_seed(0)
    x = torch.linspace(0, 1, 12).reshape(-1, 1)
    y = 2 * x - 1
    net = nn.Linear(1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.3)
    loss_fn = nn.MSELoss()
    with engine.Recorder(net, opt, loss_fn, x_show=x) as rec:
        for _ in range({epochs}):
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
    return {ret}
'''


def _script(tmp_path: Path, name: str, exp_id: str, epochs: int = 5, ret: str = "rec") -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(LOOP.format(id=exp_id, epochs=epochs, ret=ret))
    return path


def _load(path: Path):
    return catalog_mod._import(str(path), lecture=True)


@pytest.fixture
def media(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path / "media"))
    yield tmp_path / "media"


@pytest.fixture(autouse=True)
def forget_registered():
    before = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(before)


# -- experiments of one's own ----------------------------------------------------------------

def test_script_experiment_records_once_and_is_keyed_by_its_file(tmp_path, media):
    path = _script(tmp_path, "own_a", "own-a/line")
    _load(path)
    first = engine.record("own-a/line")
    assert first.n_updates == 5 and first.config["source"] == "script" and first.config["script"] == str(path)
    assert engine.record("own-a/line").path == first.path          # read from the cache
    assert engine.cached_recording("own-a/line") is not None
    # an edit of the script is another run: another key, recorded again
    for name in [n for n, m in list(sys.modules.items()) if getattr(m, "__file__", None) == str(path)]:
        del sys.modules[name]
    path.write_text(path.read_text() + "\n# an edit\n")
    _load(path)
    assert engine.cache_path(engine.get_config("own-a/line")) != first.path
    assert engine.cached_recording("own-a/line") is None


def test_script_experiment_refuses_overrides_and_bad_returns_in_one_line(tmp_path, media):
    _load(_script(tmp_path, "own_b", "own-b/line"))
    with pytest.raises(engine.EngineError, match=r"own-b/line is recorded by .*own_b.py, which sets its own epochs"):
        engine.record("own-b/line", epochs=3)
    _load(_script(tmp_path, "own_c", "own-c/line", ret="None"))
    with pytest.raises(engine.EngineError, match=r"own_c.py: run\(\) of own-c/line must return the engine.Recorder"):
        engine.record("own-c/line")
    _load(_script(tmp_path, "own_d", "own-d/line", ret="rec, {'colour': 1}"))
    with pytest.raises(engine.EngineError, match=r"save options \['colour'\]; known: data, epochs, batch_size"):
        engine.record("own-d/line")


def test_register_refuses_course_ids_and_malformed_ids():
    cfg = engine.get_config("05wk-1/linreg")
    with pytest.raises(engine.EngineError, match="one of the course's"):
        engine.register(cfg)
    with pytest.raises(engine.EngineError, match="is not '<lecture>/<name>'"):
        engine.register(engine.ExperimentConfig(**{**cfg.__dict__, "id": "no-slash"}))
    engine.register(engine.ExperimentConfig(**{**cfg.__dict__, "id": "mine-01/linreg"}))
    assert "mine-01" in engine.lectures()


# -- the catalog ------------------------------------------------------------------------------

def test_example_lecture_is_added_next_to_the_course(monkeypatch):
    monkeypatch.delenv("LECTURE_PATH", raising=False)
    cat = Catalog.discover(sources=["scenes.prediction"], lectures=[str(EXAMPLE)])
    assert cat.all_lectures() == ["05wk-1", "tiny-01"]            # the course's first, then one's own
    lec = cat.lecture("tiny-01")
    assert [p.id for p in lec.parts] == ["tiny.network", "tiny.loss"]
    assert lec.experiments == ["tiny-01/classifier"]
    assert lec.title["ko"].startswith("작은") and lec.parts[0].title("ko") == "네트워크와 가중치"
    assert lec.source == str(EXAMPLE) and not cat.problems


def test_lecture_path_and_entry_points_add_lectures(monkeypatch, tmp_path):
    monkeypatch.setenv("LECTURE_PATH", os.pathsep.join([str(EXAMPLE), ""]))
    assert catalog_mod.lecture_sources() == [str(EXAMPLE)]

    class EP:
        value = "my_course.week1"

    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: [EP()] if group == "lecture_videos.lectures"
                        else [])
    assert catalog_mod.lecture_sources(["a.py"]) == ["a.py", str(EXAMPLE), "my_course.week1"]


def test_a_part_reading_an_undeclared_recording_is_refused():
    from scenes.common.recordings import UndeclaredRecording, reading_for, recording

    class Reads:
        id = "x.reads"
        experiments = ("05wk-1/linreg",)

    with reading_for(Reads):
        with pytest.raises(UndeclaredRecording, match=r"part x.reads \(Reads\) reads 05wk-1/overfit but does not "
                                                       r"declare it: add it to Reads.experiments"):
            recording("05wk-1/overfit")
        with pytest.raises(UndeclaredRecording, match="a variant of 05wk-1/linreg"):
            recording("05wk-1/linreg", epochs=3)


def test_a_part_declaring_an_unknown_experiment_is_skipped_with_a_problem(tmp_path):
    bad = tmp_path / "bad_lecture.py"
    bad.write_text(textwrap.dedent('''
        from scenes.common.lesson import Lecture, LessonScene, Part, PartScene
        LECTURE = Lecture("bad-01", title="Bad")
        class P(Part):
            id = "bad.p"
            lecture = "bad-01"
            experiments = ("bad-01/nothing",)
            def run(self): pass
        class PScene(PartScene):
            part = P
        class L(LessonScene):
            parts = [P]
    '''))
    cat = Catalog.discover(sources=[], lectures=[str(bad)])
    assert cat.external_problems == [(str(bad), "part bad.p reads bad-01/nothing, which no lecture declares as an "
                                                "experiment; skipped")]
    assert cat.lecture("bad-01").parts == []


def test_cli_names_a_lecture_file_that_does_not_load(tmp_path):
    r = CliRunner().invoke(cli, ["--lectures", str(tmp_path / "nope.py"), "list"])
    assert r.exit_code != 0
    assert r.output.strip().splitlines()[-1].startswith(f"Error: lecture {tmp_path / 'nope.py'}: import failed")


# -- clip keys and names ----------------------------------------------------------------------

def test_a_clip_is_keyed_by_the_code_its_scene_file_imports():
    files = {p.relative_to(ROOT).as_posix() for p in source_files(ROOT / "scenes" / "prediction.py")}
    assert {"scenes/prediction.py", "scenes/common/plots.py", "scenes/common/recordings.py",
            "engine/__init__.py", "engine/recording.py"} <= files
    # not the other families, nor engine modules it never imports (engine.record's function-level import
    # of engine/training.py counts: a missing recording is trained by that code)
    assert not files & {"scenes/dropout.py", "scenes/sgd.py", "engine/sgd_demos.py", "engine/dropout_demos.py",
                        "scenes/common/surface.py", "scenes/common/network.py"}


def test_import_closure_follows_relative_and_function_level_imports(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\ndef f():\n    from .c import g\n")
    (pkg / "b.py").write_text("")
    (pkg / "c.py").write_text("import os\n")
    (pkg / "unused.py").write_text("")
    got = {p.name for p in import_closure(pkg / "a.py", [tmp_path])}
    assert got == {"a.py", "b.py", "c.py", "__init__.py"}


def test_a_parts_key_holds_its_own_recordings_and_its_name_is_its_slug(monkeypatch):
    cat = Catalog.discover(sources=["scenes.prediction"], lectures=[str(EXAMPLE)])
    (job,) = plan(cat.lecture("05wk-1"), quality="l", lang="en")
    assert set(job.recordings) == {"05wk-1/linreg"}
    assert job.name == "prediction-prediction-goal" and job.video.name == "prediction-prediction-goal.mp4"


def test_old_numbered_clips_are_removed_by_their_records_and_nothing_else(tmp_path):
    out = tmp_path / "lecture"
    (out / ".jobs").mkdir(parents=True)
    (out / "logs").mkdir()
    for name in ("01-a", "a"):
        (out / f"{name}.mp4").write_text("clip")
        (out / f"{name}.png").write_text("poster")
        (out / ".jobs" / f"{name}.json").write_text(json.dumps({"clip": f"{name}.mp4", "poster": f"{name}.png"}))
        (out / "logs" / f"{name}.log").write_text("log")
    (out / "notes.txt").write_text("mine")
    (out / ".jobs" / "02-b.json").write_text(json.dumps({"clip": "../outside.mp4", "poster": "notes.txt"}))
    (tmp_path / "outside.mp4").write_text("not the lecture's")
    sweep_orphans(out, {"a"})
    # a record deletes only its own part's clip and poster: not notes.txt that an edited one names (issue 25)
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["a.mp4", "a.png", "notes.txt"]
    assert (tmp_path / "outside.mp4").exists()                # a record never reaches outside the folder
    assert sorted(p.name for p in (out / ".jobs").iterdir()) == ["a.json"]


# -- as a teacher runs it -----------------------------------------------------------------------

@pytest.mark.slow
def test_example_lecture_records_and_renders_through_the_cli(tmp_path):
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path / "media")}
    args = [LECTURE, "--lectures", str(EXAMPLE)]
    r = subprocess.run([*args, "render", "tiny-01", "--only", "tiny.loss", "--json"], capture_output=True,
                       text=True, env=env, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    (lec,) = json.loads(r.stdout)
    assert [j["status"] for j in lec["jobs"]] == ["rendered"]
    out = tmp_path / "media" / "lectures" / "tiny-01" / "480p15"
    assert (out / "tiny-loss.mp4").stat().st_size > 10_000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["title"] == "A tiny classifier: three features, two classes"
    rec = engine.load_recording(next((tmp_path / "media" / "recordings" / "tiny-01").glob("classifier-*.safetensors")))
    assert rec.config["source"] == "script" and set(rec.param_names) == {"0.weight", "0.bias", "3.weight", "3.bias"}
    assert rec.mask("2").shape == (150, 200, 8)
    r = subprocess.run([*args, "slides", "tiny-01", "--json"], capture_output=True, text=True, env=env, cwd=tmp_path,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]


def test_a_lecture_file_that_would_hide_our_packages_is_refused_and_none_goes_in_front_of_them(tmp_path):
    (tmp_path / "lecture.py").write_text("x = 1\n")
    cat = Catalog.discover(sources=[], lectures=[str(tmp_path / "lecture.py")])
    assert "is named like the project's own package 'lecture' and would hide it; rename it" in \
        cat.external_problems[0][1]
    Catalog.discover(sources=[], lectures=[str(EXAMPLE)])
    # a lecture's folder is on sys.path for its own helpers, after ours: processes spawned from this one
    # (Dask's workers) still import the project's `lecture`, never a file of the lecture's folder
    assert sys.path.index(str(EXAMPLE.parent)) > sys.path.index(str(ROOT)) if str(ROOT) in sys.path else True
