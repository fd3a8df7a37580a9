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
from lecture.render import part_source_files, plan, sweep_orphans

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
    return catalog_mod.import_source(str(path), lecture=True)


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
        engine.register(cfg.replace(epochs=7))     # another run under a course id
    engine.register(cfg)   # the course's own config, handed back by its lecture's package: nothing changes
    assert engine.get_config("05wk-1/linreg") is cfg
    with pytest.raises(engine.EngineError, match="is not '<lecture>/<name>'"):
        engine.register(engine.ExperimentConfig(**{**cfg.__dict__, "id": "no-slash"}))
    engine.register(engine.ExperimentConfig(**{**cfg.__dict__, "id": "mine-01/linreg"}))
    assert "mine-01" in engine.lectures()


# -- the catalog ------------------------------------------------------------------------------

def test_example_lecture_is_added_next_to_the_course(monkeypatch):
    monkeypatch.delenv("LECTURE_PATH", raising=False)
    cat = Catalog.discover(sources=["lectures.wk05_1.prediction"], lectures=[str(EXAMPLE)])
    assert cat.all_lectures() == ["05wk-1", "tiny-01"]            # the course's first, then one's own
    lec = cat.lecture("tiny-01")
    assert [p.id for p in lec.parts] == ["tiny.network", "tiny.loss"]
    assert lec.experiments == ["tiny-01/classifier"]
    assert lec.title["ko"].startswith("작은") and lec.parts[0].title("ko") == "네트워크와 가중치"
    assert lec.source == str(EXAMPLE) and not cat.problems


def test_lectures_are_listed_in_the_weeks_they_declare():
    """Lecture(week=...) places a lecture after that week's course lecture; the course's own by their ids;
    lectures that declare no week after all of them, as found (not alphabetically, not by a fixed list)."""
    from lecture.catalog import LectureInfo

    found = [LectureInfo("zeta", week="13wk-2"), LectureInfo("mine"), LectureInfo("alpha", week="12wk-1"),
             LectureInfo("05wk-2"), LectureInfo("beta", week="05wk-2"), LectureInfo("03wk-2"),
             LectureInfo("lstm", week="13wk-1"), LectureInfo("05wk-1"), LectureInfo("aaa")]
    cat = Catalog(lectures={lec.id: lec for lec in found})
    assert cat.all_lectures() == ["03wk-2", "05wk-1", "05wk-2", "beta", "alpha", "lstm", "zeta", "mine", "aaa"]


def test_lecture_list_shows_lectures_in_the_catalogs_order(tmp_path, monkeypatch):
    """`lecture list` lists in the catalog's order (weeks), not the engine's alphabetical one."""
    from lecture.catalog import LectureInfo

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    found = [LectureInfo("05wk-1"), LectureInfo("zz-rnn", week="12wk-1"), LectureInfo("aa-rl", week="13wk-2"),
             LectureInfo("03wk-2")]
    cat = Catalog(lectures={lec.id: lec for lec in found})
    out = CliRunner().invoke(cli, ["list", "--json"], obj={"catalog": lambda: cat})
    assert out.exit_code == 0, out.output
    ids = [lec["id"] for lec in json.loads(out.stdout)["lectures"]]
    assert ids[:4] == ["03wk-2", "05wk-1", "zz-rnn", "aa-rl"]
    assert set(engine.lectures()) <= set(ids)      # lectures with only experiments follow


@pytest.mark.parametrize("week", ["12wk", "wk12-1", "12wk-1x", 12])
def test_a_week_that_is_not_one_is_one_line(week):
    from scenes.common.lesson import Lecture

    with pytest.raises(ValueError, match=r"lecture mine-02: week .* is not a week of the course.*'12wk-1'"):
        Lecture("mine-02", title="Mine", week=week)


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

def test_a_clip_is_keyed_by_the_code_its_part_imports():
    cat = Catalog.discover(sources=["lectures.wk05_1"], lectures=[])
    part = cat.lecture("05wk-1").part("prediction.prediction-goal")
    files = {p.relative_to(ROOT).as_posix() for p in part_source_files(part)}
    assert {"lectures/wk05_1/prediction.py", "lectures/wk05_1/declaration.py", "scenes/common/plots.py",
            "scenes/common/recordings.py", "engine/__init__.py", "engine/recording.py"} <= files
    # not its lecture's other modules, nor string tables (keyed by the texts it shows), nor engine modules it
    # never imports (engine.record's function-level import of engine/training.py counts: a missing recording
    # is trained by that code)
    assert not files & {"lectures/wk05_1/dropout.py", "lectures/wk05_1/strings.py", "scenes/strings/common.py",
                        "lectures/wk05_2/sgd.py", "engine/sgd_demos.py", "engine/dropout_demos.py",
                        "scenes/common/surface.py", "scenes/common/network.py"}
    assert not any(f.startswith(("lectures/wk03_2/", "lectures/wk05_2/")) for f in files)


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
    cat = Catalog.discover(sources=["lectures.wk05_1.prediction"], lectures=[str(EXAMPLE)])
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


# -- a teacher's mistakes: one line naming the thing and the fix (issue 25) ----------------------

PART = '''
class {cls}(Part):
    id = "{id}"
    lecture = "{lecture}"
    experiments = {experiments}
    def run(self):
        {body}
class {cls}Scene(PartScene):
    part = {cls}
'''


def _lecture_file(folder: Path, name: str, lecture: str, parts, *, header: str = "", strings=None) -> Path:
    """A throwaway lecture file: ``parts`` are ``(class, id, experiments, body)`` (lecture: ``lecture``)."""
    head = (f"from scenes.common.lesson import Lecture, LessonScene, Part, PartScene\n{header}\n"
            f"LECTURE = Lecture({lecture!r}, title={{'en': 'Mine', 'ko': '내 강의'}}, strings={strings or {}!r})\n")
    body = "".join(PART.format(cls=c, id=i, lecture=lecture, experiments=e, body=b) for c, i, e, b in parts)
    lesson = f"class Lesson(LessonScene):\n    parts = [{', '.join(c for c, *_ in parts)}]\n"
    path = folder / f"{name}.py"
    path.write_text(head + body + lesson)
    return path


def _last_line(result) -> str:
    return result.output.strip().splitlines()[-1]


def _own(*args, sources=()):
    """``lecture --lectures ...`` with a catalog of only the lectures named (the course's families are
    not imported: the course's lecture and experiment ids come from the engine all the same)."""
    paths = [a for flag, a in zip(args, args[1:]) if flag == "--lectures"]
    return CliRunner().invoke(cli, list(args), obj={"catalog": lambda: Catalog.discover(list(sources), paths)})


def test_a_lecture_of_ones_own_with_a_course_id_stops_the_command_naming_its_file(tmp_path):
    mine = _lecture_file(tmp_path, "mine_a", "05wk-1", [("P", "mine.p", "()", "self.wait(0.1)")])
    r = _own("--lectures", str(mine), "list")
    assert r.exit_code == 1
    line = _last_line(r)
    assert str(mine) in line and "Lecture('05wk-1')" in line and "the course's lecture 05wk-1" in line
    assert "lecture ids must be unique: rename yours" in line
    # two lectures of one's own with one id: the second names the first's file
    other = _lecture_file(tmp_path, "mine_b", "mine-01", [("Q", "mine.q", "()", "self.wait(0.1)")])
    again = _lecture_file(tmp_path, "mine_c", "mine-01", [("R", "mine.r", "()", "self.wait(0.1)")])
    cat = Catalog.discover(sources=[], lectures=[str(other), str(again)])
    assert cat.external_problems == [(str(again), f"Lecture('mine-01') takes the id of the lecture of {other}; "
                                                  "lecture ids must be unique: rename yours")]
    assert [p.id for p in cat.lecture("mine-01").parts] == ["mine.q"]


def test_a_part_of_ones_own_in_a_course_lecture_is_refused(tmp_path):
    path = tmp_path / "joins.py"
    path.write_text(
        PART.format(cls="P", id="mine.p", lecture="05wk-2", experiments="()", body="pass").join(
            [
                "from scenes.common.lesson import LessonScene, Part, PartScene\n",
                "class L(LessonScene):\n    parts = [P]\n",
            ]
        )
    )
    cat = Catalog.discover(sources=[], lectures=[str(path)])
    ((src, why),) = cat.external_problems
    assert src == str(path) and f"P ({path}:3) names the course's lecture '05wk-2'" in why
    assert "05wk-2" not in cat.lectures


def test_two_parts_with_one_id_name_both_classes_and_files(tmp_path):
    mine = _lecture_file(tmp_path, "twice", "twice-01", [("First", "twice.p", "()", "self.wait(0.1)"),
                                                         ("Second", "twice.p", "()", "self.wait(0.2)")])
    cat = Catalog.discover(sources=[], lectures=[str(mine)])
    ((src, why),) = cat.external_problems
    assert f"parts First ({mine}:5) and Second ({mine}:14) of lecture twice-01 both have the id 'twice.p'" in why
    assert "part ids must be unique: rename one" in why
    r = _own("--lectures", str(mine), "list")
    assert r.exit_code == 1 and "First" in _last_line(r) and "Second" in _last_line(r)
    # ids that differ only in case or '.'/'-' would write one clip file: the same mistake
    clip = _lecture_file(
        tmp_path, "clip", "clip-01", [("A", "clip.a-b", "()", "pass"), ("B", "Clip.A.b", "()", "pass")]
    )
    assert "both have the id 'Clip.A.b' (clip Clip-A-b.mp4)" in Catalog.discover(sources=[], lectures=[
        str(clip)]).external_problems[0][1]


def test_the_same_part_in_two_lessons_is_one_part_and_no_problem(tmp_path):
    path = _lecture_file(tmp_path, "both", "both-01", [("P", "both.p", "()", "pass")])
    path.write_text(path.read_text() + "class Again(LessonScene):\n    parts = [P]\n")
    cat = Catalog.discover(sources=[], lectures=[str(path)])
    assert not cat.problems and [p.id for p in cat.lecture("both-01").parts] == ["both.p"]


@pytest.mark.parametrize("lecture_id, part_id", [("../../elsewhere", "own.p"), ("own-01", "../own.p"),
                                                 ("own 01", "own.p"), ("own-01", ".hidden")])
def test_ids_that_are_not_plain_names_are_refused_where_parts_are_collected(tmp_path, lecture_id, part_id):
    path = tmp_path / "paths.py"
    path.write_text(
        PART.format(cls="P", id=part_id, lecture=lecture_id, experiments="()", body="pass").join(
            [
                "from scenes.common.lesson import LessonScene, Part, PartScene\n",
                "class L(LessonScene):\n    parts = [P]\n",
            ]
        )
    )
    cat = Catalog.discover(sources=[], lectures=[str(path)])
    ((src, why),) = cat.external_problems
    bad = repr(lecture_id) if lecture_id != "own-01" else repr(part_id)
    assert f"P ({path}:3): " in why and f"id {bad} is not a plain name" in why and why.endswith("; skipped")
    assert not any(lec.parts for lec in cat.lectures.values())
    # a course family (LECTURE_SCENES) with such a part lists the problem and skips it too
    cat = Catalog.discover(sources=[str(path)], lectures=[])
    assert "is not a plain name" in cat.problems[0][1] and not any(lec.parts for lec in cat.lectures.values())
    r = _own("--lectures", str(path), "render", lecture_id)
    assert r.exit_code != 0 and "is not a plain name" in _last_line(r)


def test_lecture_refuses_an_id_that_is_not_a_plain_name():
    from scenes.common.lesson import Lecture

    for bad in ("../x", "a b", "", "a.b", "-x"):
        with pytest.raises(ValueError, match="is not a plain name: use letters, digits, '-' and '_'"):
            Lecture(bad, title="x")


def test_missing_korean_strings_name_the_lecture_file_and_keys_before_any_work(tmp_path, media):
    strings = {"en.only.title": {"en": "Title"}, "en.only.x": {"en": "x"}, "both": {"en": "b", "ko": "ㅂ"}}
    path = _lecture_file(tmp_path, "english", "english-01", [("P", "en.only", "()", "self.wait(0.1)")],
                         strings=strings)
    r = _own("--lectures", str(path), "render", "english-01", "--lang", "en,ko")
    assert r.exit_code == 1
    line = _last_line(r)
    assert line == (f"Error: lecture english-01 ({path}) has no 'ko' text for 'en.only.title', 'en.only.x'; add it "
                    "to its Lecture(...): strings={'en.only.title': {'en': ..., 'ko': ...}}")
    assert not (media / "recordings").exists() and not (media / "lectures").exists()
    # inside a render (manim's process), t() names the same file rather than our scenes/strings/
    from scenes.strings import t

    with pytest.raises(KeyError, match=rf"string 'en.only.x' has no 'ko' text; add it where lecture english-01 "
                                       rf"\({path}\) declares its strings: strings=\{{'en.only.x': \{{'en': \.\.\., "
                                       rf"'ko': \.\.\.\}}\}}"):
        t("en.only.x", "ko")


def test_an_unknown_string_of_a_playing_part_of_ones_own_names_its_file(tmp_path):
    from scenes.common.recordings import reading_for
    from scenes.strings import t

    path = _lecture_file(tmp_path, "unknown_key", "unknown-01", [("P", "unknown.p", "()", "pass")])
    module = _load(path)
    with reading_for(module.P), pytest.raises(KeyError, match=rf"add it to the Lecture\(\.\.\.\) of {path}: "):
        t("no.such.key", "en")
    with pytest.raises(KeyError, match=r"add it to scenes/strings/") as e:
        t("no.such.key", "en")
    from scenes.common.lesson import failure_line
    assert failure_line(module.P, e.value).startswith("KeyError: no on-screen string 'no.such.key'; add it to")


HELPER_EXPERIMENT = '''
import engine
from helpers import make_net

@engine.experiment("helped-01/run")
def run():
    return make_net()
'''


def test_an_experiments_key_follows_the_helper_modules_of_its_folder(tmp_path):
    folder = tmp_path / "helped"
    folder.mkdir()
    (folder / "helpers.py").write_text("from more_helpers import SEED\ndef make_net():\n    return SEED\n")
    (folder / "more_helpers.py").write_text("SEED = 1\n")
    (folder / "unrelated.py").write_text("X = 1\n")
    path = folder / "helped_lecture.py"
    path.write_text(HELPER_EXPERIMENT)

    def key():
        for name in [n for n, m in list(sys.modules.items()) if getattr(m, "__file__", None) == str(path)]:
            del sys.modules[name]
        _load(path)
        return engine.cache_key(engine.get_config("helped-01/run"))

    first = key()
    (folder / "unrelated.py").write_text("X = 2\n")
    assert key() == first                                    # a file the experiment does not import
    (folder / "more_helpers.py").write_text("SEED = 2\n")    # imported by the helper it imports
    second = key()
    assert second != first
    (folder / "helpers.py").write_text((folder / "helpers.py").read_text() + "# an edit\n")
    assert key() not in (first, second)


def test_a_script_importing_no_helper_keeps_the_key_of_its_bytes(tmp_path):
    import hashlib

    from engine.code_sources import code_sha

    path = _script(tmp_path, "alone", "alone-01/line")
    assert code_sha(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_experiment_that_raises_is_one_line_naming_it_its_file_and_line(tmp_path, media):
    path = tmp_path / "raises.py"
    path.write_text('import engine\n\n@engine.experiment("raises-01/boom")\ndef boom():\n'
                    '    x = [1, 2]\n    return x[5]\n')
    r = _own("--lectures", str(path), "record", "raises-01/boom")
    assert r.exit_code == 1
    assert _last_line(r) == (f"Error: raises-01/boom: boom() failed at {path}:6: IndexError: list index out of "
                             "range")
    assert "internal error" not in r.output and "Traceback" not in r.output
    r = _own("-v", "--lectures", str(path), "record", "raises-01/boom")
    assert "x[5]" in r.output                                # -v shows where, as a traceback
    assert not list((media / "recordings").rglob("*.safetensors"))


def test_animate_weights_without_layers_says_how_to_pass_them():
    from torch import nn

    from scenes.common.network import NetworkDiagram

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.act, self.fc2 = nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)

    net = Net()
    diagram = NetworkDiagram.from_layers([("fc1", net.fc1), ("act", net.act), ("fc2", net.fc2)])
    with pytest.raises(engine.EngineError) as e:
        diagram.animate_weights(lambda k: [], 5)   # weights_at(rec, k) of a recording saved without layers=
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("animate_weights: step 0 gives 0 weight matrices, the diagram has 2 "
                                              "Linear layers (fc1, fc2)")
    assert 'rec.save(path, layers=[("fc1", net.fc1), ("fc2", net.fc2)])' in msg
    assert 'lambda k: [rec.param("fc1.weight")[k], rec.param("fc2.weight")[k]]' in msg
    with pytest.raises(engine.EngineError, match="gives 1 weight matrices, the diagram has 2 Linear layers"):
        diagram.animate_weights([[net.fc1.weight.detach().numpy()]])
    diagram.animate_weights([[net.fc1.weight.detach().numpy(), net.fc2.weight.detach().numpy()]])


def test_a_failed_part_is_summarised_by_its_own_line_not_the_end_of_the_traceback(tmp_path):
    from lecture.render import Job, _failed
    from scenes.common.ids import PART_FAILED

    long = "part x.p (P) reads 05wk-1/overfit but does not declare it: add it to P.experiments (now ())"
    log = tmp_path / "render.log"
    log.write_text(f"{PART_FAILED}{long} (/x/my.py:7)\n"
                   "│ ❱ 123 │   │   │   self.part(self).run()      │\n"
                   "UndeclaredRecording: part x.p (P) reads 05wk-1/overfit but does not declare it: add it\n"
                   "to P.experiments (now ())\n╰──────╯\n")
    part = Catalog.discover(sources=[str(ROOT / "tests" / "fixtures" / "tiny_lecture.py")]).lecture("tiny").parts[0]
    job = Job("tiny", 1, part, "l", "en", tmp_path / "out", "k", {})
    assert _failed(job, 0.0, log, 1).error == f"{long} (/x/my.py:7)"


def test_a_part_that_fails_prints_one_marked_line_naming_its_file():
    from scenes.common.lesson import failure_line
    from scenes.common.recordings import UndeclaredRecording, reading_for, recording

    class Reads:
        id = "x.reads"
        experiments = ()

        def run(self):
            recording("05wk-1/linreg")

    with reading_for(Reads):
        try:
            Reads().run()
        except UndeclaredRecording as e:
            line = failure_line(Reads, e)
    assert line.startswith("UndeclaredRecording: part x.reads (Reads) reads 05wk-1/linreg but does not declare it")
    assert line.endswith(f"({Path(__file__).resolve()}:{Reads.run.__code__.co_firstlineno + 1})")


def test_a_playing_part_that_fails_says_so_in_one_marked_line_on_stderr(capsys):
    from scenes.common.ids import PART_FAILED
    from scenes.common.lesson import _play

    class Fails:
        id = "x.fails"

        def __init__(self, scene):
            pass

        def run(self):
            raise ValueError("a long message " * 12 + "\nand a second line")

    with pytest.raises(ValueError):
        _play(None, Fails)
    (line,) = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith(PART_FAILED)]
    assert line == f"{PART_FAILED}ValueError: {'a long message ' * 11}a long message ({Path(__file__).resolve()}:" \
                   f"{Fails.run.__code__.co_firstlineno + 1})"


def test_only_names_each_part_once_however_it_is_spelled():
    cat = Catalog.discover(sources=[str(ROOT / "tests" / "fixtures" / "tiny_lecture.py")])
    lec = cat.lecture("tiny")
    jobs = plan(lec, quality="l", lang="en", only=["tiny.square", "square", " TINY-Square ", "circle"])
    assert [j.part.id for j in jobs] == ["tiny.square", "tiny.circle"]


def test_only_records_just_what_the_selected_parts_declare(tmp_path, media, monkeypatch):
    exp = _script(tmp_path, "sel_exp", "sel-01/line")
    path = _lecture_file(tmp_path, "sel", "sel-01", [("Reads", "sel.reads", "('sel-01/line',)", "pass"),
                                                      ("Plain", "sel.plain", "()", "pass")],
                         header=f"import sel_exp  # {exp}")
    recorded = []
    monkeypatch.setattr("lecture.cli._run_records", lambda ids, **kw: recorded.append(list(ids)))
    monkeypatch.setattr(sys.modules["lecture.render"], "render", lambda *a, **kw: [])
    r = _own("--lectures", str(path), "render", "sel-01", "--only", "sel.plain")
    assert r.exit_code == 0, r.output
    assert recorded == []                     # the part reads nothing: nothing is trained
    r = _own("--lectures", str(path), "render", "sel-01", "--only", "reads")
    assert r.exit_code == 0 and recorded == [["sel-01/line"]]


def test_an_experiment_in_a_package_follows_its_package_but_not_ours(tmp_path, monkeypatch):
    from engine import code_sources

    pkg = tmp_path / "course" / "week1"
    pkg.mkdir(parents=True)
    for init in (tmp_path / "course" / "__init__.py", pkg / "__init__.py"):
        init.write_text("")
    (tmp_path / "course" / "shared.py").write_text("N = 1\n")
    (tmp_path / "engine").mkdir()
    (tmp_path / "engine" / "__init__.py").write_text("")
    exp = pkg / "runs.py"
    exp.write_text("import engine\nfrom course import shared\nfrom . import local\n")
    (pkg / "local.py").write_text("")
    assert code_sources.own_roots(exp) == [pkg, tmp_path]
    monkeypatch.setattr(code_sources, "_PROJECT_PACKAGES", (tmp_path / "engine",))   # as if it were ours
    before = code_sources.code_sha(exp)
    (tmp_path / "engine" / "__init__.py").write_text("# ours changed\n")
    assert code_sources.code_sha(exp) == before
    (tmp_path / "course" / "shared.py").write_text("N = 2\n")
    assert code_sources.code_sha(exp) != before


def test_a_package_folder_whose_modules_import_each_other_absolutely_lists_its_parts(tmp_path, monkeypatch):
    # lectures/<pkg>/ passed as a folder is imported as <pkg>, while its modules import
    # lectures.<pkg>.parts: its parts are found by where their files lie, not by their names
    top = tmp_path / "abscourse"
    pkg = top / "absweek"
    pkg.mkdir(parents=True)
    (top / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from abscourse.absweek import parts  # noqa: F401\n")
    (pkg / "parts.py").write_text(textwrap.dedent("""\
        from scenes.common.lesson import Lecture, LessonScene, Part, PartScene
        LECTURE = Lecture("absweek-01", title={"en": "Absolute imports"})
        class P(Part):
            id = "absweek.p"
            lecture = "absweek-01"
            def run(self):
                self.wait(0.1)
        class PScene(PartScene):
            part = P
        class L(LessonScene):
            parts = [P]
        """))
    monkeypatch.syspath_prepend(str(tmp_path))
    cat = Catalog.discover(sources=[], lectures=[str(pkg)])
    assert not cat.problems
    lec = cat.lecture("absweek-01")
    assert lec.title["en"] == "Absolute imports" and [p.id for p in lec.parts] == ["absweek.p"]
    # a copy of its parts file loaded by path (as manim and the layout check load a scene file) is
    # not one more member of the package: the same part is not listed twice
    catalog_mod.import_source(str(pkg / "parts.py"), lecture=True)
    cat = Catalog.discover(sources=[], lectures=[str(pkg)])
    assert not cat.problems and [p.id for p in cat.lecture("absweek-01").parts] == ["absweek.p"]


def test_a_package_folder_whose_modules_import_themselves_by_their_project_path_lists_its_parts(tmp_path,
                                                                                                monkeypatch):
    """``--lectures lectures/mine``: the folder is imported as ``mine``, while its ``__init__`` imports its
    parts as ``lectures_t.mine.parts`` (absolute, as manim needs): those parts are the folder's too."""
    pkg = tmp_path / "lectures_t" / "mine"
    pkg.mkdir(parents=True)
    (tmp_path / "lectures_t" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("import lectures_t.mine.parts  # noqa: F401\n")
    _lecture_file(pkg, "parts", "pkgpath-01", [("P", "pkgpath.p", "()", "self.wait(0.1)")])
    monkeypatch.syspath_prepend(str(tmp_path))
    cat = Catalog.discover(sources=[], lectures=[str(pkg)])
    assert cat.external_problems == []
    assert [p.id for p in cat.lecture("pkgpath-01").parts] == ["pkgpath.p"]
    assert cat.lecture("pkgpath-01").title["en"] == "Mine"
