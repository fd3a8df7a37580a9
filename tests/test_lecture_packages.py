"""Every lecture is a package under ``lectures/``, found by discovery; a clip is keyed by its part's own code
and the strings it shows.

- adding a lecture is adding its package: nothing else in the project changes, and it is listed and rendered;
- changing one string of one part renders that part again and no other;
- a part's key holds its own module's code, not its lecture's other modules nor other lectures.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.catalog import Catalog, course_lectures
from lecture.render import plan

ROOT = Path(__file__).resolve().parents[1]

PROBE_STRINGS = '''STRINGS = {
    "probe.first.title": {"en": "The first part", "ko": "첫 번째 파트"},
    "probe.second.title": {"en": "The second part", "ko": "두 번째 파트"},
}
'''

PROBE_PARTS = '''"""A throwaway lecture of two parts of one second each."""

from manim import Write

from lectures.zz_probe.strings import STRINGS
from scenes.common.lesson import Lecture, LessonScene, Part, PartScene, default_scene
from scenes.common.text import label

LECTURE = Lecture("probe-01", title={"en": "A probe", "ko": "탐침"}, strings=STRINGS)


class First(Part):
    id = "probe.first"
    lecture = "probe-01"
    title_key = "probe.first.title"

    def run(self):
        self.play(Write(label(self.title_key, size="title")), run_time=0.5)
        self.wait(0.5)


class Second(First):
    id = "probe.second"
    title_key = "probe.second.title"


class FirstScene(PartScene):
    part = First


class SecondScene(PartScene):
    part = Second


class ProbeLesson(LessonScene):
    parts = [First, Second]


default_scene("ProbeLesson")
'''


PROBE_EXPERIMENTS = '''import engine


@engine.experiment("probe-01/nothing")
def nothing():
    """A run no part reads: found by engine on a miss, from plain Python."""
'''


def _add_probe(lectures: Path) -> Path:
    pkg = lectures / "zz_probe"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""A throwaway lecture."""\n')
    (pkg / "strings.py").write_text(PROBE_STRINGS)
    (pkg / "experiments.py").write_text(PROBE_EXPERIMENTS)
    (pkg / "parts.py").write_text(PROBE_PARTS)
    return pkg


def _tracked_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_discovery_finds_every_package_under_lectures(tmp_path):
    assert {"lectures.wk03_2", "lectures.wk05_1", "lectures.wk05_2"} <= set(course_lectures())
    folder = tmp_path / "lectures"
    folder.mkdir()
    _add_probe(folder)
    (folder / "_private").mkdir()
    (folder / "_private" / "__init__.py").write_text("")
    (folder / "notes").mkdir()                        # no __init__.py: not a lecture
    assert course_lectures(folder) == ("lectures.zz_probe",)


def test_the_course_and_its_next_lectures_are_in_course_order():
    """`lecture list` and the gallery follow the weeks: the next lectures after the course's, each in its week."""
    from lecture.catalog_index import view_indexed

    assert view_indexed()["order"][:7] == ["03wk-2", "05wk-1", "05wk-2", "cnn", "rnn", "lstm", "rl"]


def test_one_string_changes_the_key_of_the_parts_that_showed_it_only(tmp_path):
    """The key holds the texts of the strings the part's last render looked up (its record's ``strings``)."""
    from scenes.strings import STRINGS

    cat = Catalog.discover(sources=["lectures.wk05_1"], lectures=[])
    lec = cat.lecture("05wk-1")
    before = {j.part.id: j for j in plan(lec, quality="l", lang="en", root=tmp_path)}
    for job in before.values():    # as a render leaves them: each part's record names the keys it looked up
        job.record_file.parent.mkdir(parents=True, exist_ok=True)
        job.record_file.write_text(json.dumps({"key": "x", "strings": [job.part.title_key]}))
    recorded = {j.part.id: j.key for j in plan(lec, quality="l", lang="en", root=tmp_path)}
    key = "prediction.goal.title"
    old = STRINGS[key]
    try:
        STRINGS[key] = {**old, "en": old["en"] + "!"}
        after = {j.part.id: j.key for j in plan(lec, quality="l", lang="en", root=tmp_path)}
        korean = {j.part.id: j.key for j in plan(lec, quality="l", lang="ko", root=tmp_path)}
    finally:
        STRINGS[key] = old
    assert after["prediction.prediction-goal"] != recorded["prediction.prediction-goal"]
    assert after["landscape.linreg"] == recorded["landscape.linreg"]
    assert korean == {j.part.id: j.key for j in plan(lec, quality="l", lang="ko", root=tmp_path)}


@pytest.mark.slow
def test_a_new_lecture_package_is_listed_and_rendered_and_one_string_renders_one_part(tmp_path):
    """Adding a lecture touches only its package; one changed string renders exactly the part that shows it."""
    proj = _tracked_copy(tmp_path / "proj")
    before = _hashes(proj)
    pkg = _add_probe(proj / "lectures")
    env = {**os.environ, "PYTHONPATH": str(proj), "LECTURE_MEDIA_DIR": str(tmp_path / "media")}
    env.pop("LECTURE_SCENES", None)
    env.pop("LECTURE_PATH", None)

    def lecture(*args):
        r = subprocess.run([sys.executable, "-m", "lecture", *args], cwd=proj, env=env, capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, r.stderr[-3000:]
        return json.loads(r.stdout)

    # engine finds the package's runs on a miss, from plain Python (no catalog, no manim)
    code = "import sys, engine; print(engine.get_config('probe-01/nothing').id, 'manim' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=proj, env=env, capture_output=True, text=True, timeout=120)
    assert r.stdout.split() == ["probe-01/nothing", "False"], r.stderr[-2000:]

    listed = {lec["id"]: lec for lec in lecture("list", "--json")["lectures"]}
    assert [p["id"] for p in listed["probe-01"]["parts"]] == ["probe.first", "probe.second"]
    assert listed["probe-01"]["title"] == "A probe" and "05wk-1" in listed

    def statuses():
        (lec,) = lecture("render", "probe-01", "--quality", "l", "--jobs", "1", "--json")
        return {j["part"]: j["status"] for j in lec["jobs"]}

    assert statuses() == {"probe.first": "rendered", "probe.second": "rendered"}
    strings = pkg / "strings.py"
    strings.write_text(strings.read_text().replace("The second part", "The second part, renamed"))
    assert statuses() == {"probe.first": "cached", "probe.second": "rendered"}
    assert statuses() == {"probe.first": "cached", "probe.second": "cached"}

    after = _hashes(proj)
    assert {f for f in after if not f.startswith("lectures/zz_probe/")} == set(before)   # nothing added elsewhere
    assert {f: h for f, h in after.items() if f in before} == before                    # nor changed


def test_a_lecture_package_is_recorded_by_its_id(tmp_path):
    """`lecture record rl` in a fresh process: the package's runs are registered before they are resolved."""
    env = {**os.environ, "LECTURE_MEDIA_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "lecture", "record", "rl", "--json"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    ids = [x["id"] for x in json.loads(r.stdout)]
    assert ids and all(i.startswith("rl/") for i in ids)
