"""A recording's key holds the code its run executes, and no more (issue 26 item 3).

Adding a data generator that no run uses re-records nothing; changing one generator re-records only
the runs drawing from it; changing the training loop re-records every run. Keys are computed from the
source text, without torch.
"""

import shutil

import pytest

import engine
from engine import run_code
from engine.experiments import REGISTRY, experiments

#: a machine's values, fixed so the test needs no torch and holds on any CPU
ENV = {"torch": "2.13.0+cpu", "engine_version": 3, "threads": 1, "cpu_capability": "AVX2"}


def course_keys() -> dict[str, str]:
    return {i: engine.cache_key(REGISTRY[i], ENV) for i in experiments(course=True)}


@pytest.fixture
def engine_copy(tmp_path, monkeypatch):
    """A copy of engine/'s sources that the keys read instead of the real ones."""
    folder = tmp_path / "engine"
    shutil.copytree(run_code.ENGINE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(run_code, "ENGINE_DIR", folder)
    return folder


def test_adding_a_generator_used_by_no_run_re_records_nothing(engine_copy):
    before = course_keys()
    datasets = engine_copy / "datasets.py"
    text = datasets.read_text(encoding="utf-8")
    text = text.replace("\n\nGENERATORS = {\n", '''

def spiral() -> CourseData:
    t = torch.linspace(0, 6.28, 200).reshape(-1, 1)
    X = torch.cat([t.cos() * t, t.sin() * t], 1)
    return CourseData(X, (t > 3.14).float(), X, (t > 3.14).float())


GENERATORS = {
    "spiral": spiral,
''')
    datasets.write_text(text, encoding="utf-8")
    assert "spiral" in run_code.generator_source("spiral")   # the new one is seen...
    assert course_keys() == before                          # ...and no course run's key moved


def test_changing_a_generator_re_records_only_the_runs_that_draw_from_it(engine_copy):
    before = course_keys()
    datasets = engine_copy / "datasets.py"
    text = datasets.read_text(encoding="utf-8")
    start = text.index("def linreg()")
    body_end = text.index("\n\n\n", start)
    datasets.write_text(text[:body_end] + "\n    _changed = 1" + text[body_end:], encoding="utf-8")
    after = course_keys()
    moved = {i for i in before if before[i] != after[i]}
    linreg_runs = {i for i in before if REGISTRY[i].data == "linreg"}
    assert linreg_runs and moved == linreg_runs


def test_changing_the_training_loop_re_records_every_run(engine_copy):
    before = course_keys()
    with open(engine_copy / "training.py", "a", encoding="utf-8") as f:
        f.write("\nTRAINING_CHANGED = True\n")
    after = course_keys()
    assert all(before[i] != after[i] for i in before)


def test_a_generators_source_follows_the_names_it_uses():
    src = run_code.generator_source("mnist01")
    assert "def mnist01" in src and "def load_mnist01" in src and "def generate" in src
    assert "@dataclass" in src and "class CourseData" in src
    assert "def linreg" not in src and "GENERATORS = {" not in src


def test_a_recording_stores_the_code_that_made_it(tmp_path):
    r = engine.record("05wk-2/gd", root=tmp_path, epochs=2)
    assert r.meta["code"] == run_code.run_code_sha(REGISTRY["05wk-2/gd"])
    assert r.path.name.endswith(f"-{engine.recording_key(r)}.safetensors")
