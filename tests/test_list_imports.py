"""`lecture list` imports neither torch nor manim (issue 18 item 5) on any CPU after its first run there
(issue 25), and lists exactly what discovery would."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny_lecture.py"


def _list(env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *extra, "-m", "lecture.cli", "list", "--json"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True,
                          timeout=300, check=True)


def _imported(importtime_stderr: str) -> set[str]:
    return {
        line.rsplit("|", 1)[-1].strip() for line in importtime_stderr.splitlines() if line.startswith("import time:")
    }


def test_list_imports_neither_torch_nor_manim_once_the_catalog_is_indexed(tmp_path):
    env = {"LECTURE_MEDIA_DIR": str(tmp_path)}
    first = json.loads(_list(env).stdout)             # discovers (and indexes) the catalog if it changed
    second = _list(env, "-X", "importtime")
    mods = _imported(second.stderr)
    assert "engine" in mods and not {"torch", "manim"} & mods, sorted(m for m in mods if m in ("torch", "manim"))
    assert json.loads(second.stdout) == first


def test_the_index_follows_a_change_of_a_scene_source(tmp_path):
    src = tmp_path / "scenes" / "tiny_lecture.py"
    src.parent.mkdir()
    shutil.copy(TINY, src)
    env = {"LECTURE_MEDIA_DIR": str(tmp_path / "media"), "LECTURE_SCENES": str(src)}
    parts = lambda out: [p["id"] for lec in json.loads(out)["lectures"] for p in lec["parts"]]  # noqa: E731
    assert parts(_list(env).stdout) == ["tiny.square", "tiny.circle"]
    assert list((src.parent / "__pycache__").glob("lecture-catalog-*.json"))
    src.write_text(src.read_text().replace('id = "tiny.circle"', 'id = "tiny.disc"'))
    assert parts(_list(env).stdout) == ["tiny.square", "tiny.disc"]


def _run_python(code: str, env: dict) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}).stdout


def test_list_asks_torch_once_per_machine_and_keeps_its_answer_in_the_media_dir(tmp_path):
    """On every CPU: an override (torch honours it) is a machine whose capability is never derived, as AVX-512 is."""
    _list({"LECTURE_MEDIA_DIR": str(tmp_path / "warm")})    # the catalog is indexed: only the numerics need torch
    env = {"LECTURE_MEDIA_DIR": str(tmp_path / "media"), "ATEN_CPU_CAPABILITY": "default"}
    first = _list(env, "-X", "importtime")
    assert "torch" in _imported(first.stderr) and "manim" not in _imported(first.stderr)
    kept = json.loads((tmp_path / "media" / "numerics.json").read_text())
    assert [a["cpu_capability"] for a in kept["machines"].values()] == ["DEFAULT"]   # torch's own answer
    second = _list(env, "-X", "importtime")
    assert not {"torch", "manim"} & _imported(second.stderr)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    # another override is another machine: torch is asked again, and both answers are kept
    third = _list({**env, "ATEN_CPU_CAPABILITY": "avx2"})
    assert json.loads(third.stdout)["experiments"]
    assert len(json.loads((tmp_path / "media" / "numerics.json").read_text())["machines"]) == 2


def test_after_the_first_listing_numerics_and_cache_keys_are_torchs_own_without_torch(tmp_path, monkeypatch):
    env = {"LECTURE_MEDIA_DIR": str(tmp_path)}
    _list(env)                                       # the first listing on this machine
    code = ("import json, sys, engine; from engine.cache import numerics_without_torch; "
            "p = engine.cache_path(engine.get_config('05wk-1/linreg')); "
            "print(json.dumps([numerics_without_torch(), str(p), 'torch' in sys.modules]))")
    light, path, torch_imported = json.loads(_run_python(code, env))
    assert not torch_imported
    torchs = json.loads(
        _run_python("import json; from engine.numerics import numerics; print(json.dumps(numerics()))", env)
    )
    assert light == torchs
    import engine

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    assert path == str(engine.cache_path(engine.get_config("05wk-1/linreg"), env=torchs))


# -- the CPU-flag logic, fed /proc/cpuinfo-like flags (so every branch runs on every machine) --------------

AVX2_FLAGS = "fpu sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma bmi1 avx2 bmi2"
AVX512_FLAGS = AVX2_FLAGS + " avx512f avx512dq avx512cd avx512bw avx512vl"
ARM_FEATURES = "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp"
VERSION_PY = "__version__ = '2.13.0+cpu'\ndebug = False\ngit_version = 'cf30153c'\n"


def _machine(flags: str = AVX2_FLAGS, *, system="linux", arch="x86_64", override=None, version_py=VERSION_PY):
    from engine.cache import Machine

    return Machine(system, arch, frozenset(flags.split()), override, version_py)


def test_cpu_flags_are_read_from_x86_and_arm_cpuinfo():
    from engine.cache import cpu_flags

    x86 = f"processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: {AVX512_FLAGS}\nbugs\t\t: spectre_v1\n\n" \
          f"processor\t: 1\nflags\t\t: {AVX512_FLAGS}\n"
    arm = f"processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: {ARM_FEATURES}\nCPU implementer\t: 0x41\n"
    assert cpu_flags(x86) == frozenset(AVX512_FLAGS.split())
    assert cpu_flags(arm.splitlines(keepends=True)) == frozenset(ARM_FEATURES.split())
    assert cpu_flags("processor\t: 0\n") == frozenset()


@pytest.mark.parametrize("machine, capability", [
    (dict(), "AVX2"),                                    # torch's choice is plain: derived without torch
    (dict(flags=AVX512_FLAGS), None),                    # AVX-512: torch is asked (once)
    (dict(flags=AVX2_FLAGS + " avx512f"), None),         # any AVX-512 flag at all
    (dict(flags="fpu sse sse2 avx"), None),              # no AVX2
    (dict(flags=ARM_FEATURES, arch="aarch64"), None),    # ARM
    (dict(system="darwin"), None),                       # macOS
    (dict(override="avx2"), None),                       # an ATEN_CPU_CAPABILITY override, even the same value
])
def test_the_capability_is_derived_only_where_torchs_choice_is_plain(machine, capability):
    from engine.cache import numerics_of

    m = _machine(**machine)
    assert m.derived_capability() == capability
    env = numerics_of(m, {})
    assert (env and env["cpu_capability"]) == capability
    if env:
        assert env["torch"] == "2.13.0+cpu"


@pytest.mark.parametrize("machine", [dict(flags=AVX512_FLAGS), dict(flags=ARM_FEATURES, arch="aarch64"),
                                     dict(override="default")])
def test_torchs_answer_is_kept_and_found_by_machine(tmp_path, monkeypatch, machine):
    from engine.cache import numerics_of, remembered_numerics

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    m = _machine(**machine)
    answer = {"torch": "2.13.0+cpu", "engine_version": 2, "threads": 1, "cpu_capability": "SVE256"}
    path, content = remembered_numerics(answer, m)
    assert path == tmp_path / "numerics.json"
    path.write_text(json.dumps(content))
    from engine import numerics

    assert numerics_of(m, content["machines"]) == {**answer, "engine_version": numerics.ENGINE_VERSION,
                                                   "threads": numerics.TRAIN_THREADS}
    assert remembered_numerics(answer, m) is None                            # kept already: nothing to write
    # a changed flag set, torch build or override is another machine: a miss, never a guess
    flags = " ".join(sorted(m.flags)) + " avx512_fp16"
    others = [_machine(**{**machine, "flags": flags}),
              _machine(**machine, version_py=VERSION_PY.replace("2.13.0", "2.14.0")),
              _machine(**machine, version_py=VERSION_PY.replace("cf30153c", "0123abcd")),
              _machine(**{**machine, "override": "avx512" if m.override != "avx512" else None})]
    for other in others:
        assert other.key() != m.key() and numerics_of(other, content["machines"]) is None
    # the next machine's answer is kept beside the first one
    _, both = remembered_numerics({**answer, "cpu_capability": "AVX512"}, others[0])
    assert set(both["machines"]) == {m.key(), others[0].key()}


def test_a_machine_is_never_keyed_or_answered_from_a_bad_file(tmp_path, monkeypatch):
    from engine.cache import numerics_of, remembered_numerics

    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    m = _machine(AVX512_FLAGS)
    answer = {"torch": "2.13.0+cpu", "engine_version": 2, "threads": 1, "cpu_capability": "AVX512"}
    assert remembered_numerics(answer, _machine("")) is None                        # no flags read: no key
    assert remembered_numerics(answer, _machine(AVX512_FLAGS, version_py=None)) is None   # no torch found
    assert remembered_numerics(answer, _machine()) is None                          # AVX2: derived, nothing kept
    assert remembered_numerics({**answer, "torch": "2.12.0"}, m) is None            # not this torch's answer
    assert numerics_of(m, {m.key(): {"torch": "2.12.0", "cpu_capability": "AVX512"}}) is None
    assert numerics_of(m, {m.key(): {"torch": "2.13.0+cpu", "cpu_capability": 5}}) is None
    assert numerics_of(m, {m.key(): "AVX512"}) is None
    for garbage in ("{not json", json.dumps({"format": 99, "machines": {m.key(): answer}}), "[]"):
        (tmp_path / "numerics.json").write_text(garbage)
        _, content = remembered_numerics(answer, m)       # a bad file is replaced, never misread
        assert content == {"format": 1, "machines": {m.key(): {"torch": "2.13.0+cpu", "cpu_capability": "AVX512"}}}


def test_the_listing_keeps_torchs_answer_and_lists_all_the_same_where_it_cannot(tmp_path, monkeypatch):
    """An AVX-512 machine (fed as flags): the answer is written atomically with the project's writer; a media dir
    that cannot keep it (read-only) lists all the same, asking torch again next time."""
    import engine.cache
    from engine.numerics import numerics
    from lecture import files, listing
    from lecture.errors import MediaDirError

    here = {**numerics(), "torch": "2.13.0+cpu"}
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path))
    monkeypatch.setattr(engine.cache.Machine, "here", classmethod(lambda cls: _machine(AVX512_FLAGS)))
    monkeypatch.setattr(engine.cache, "numerics", lambda: here)
    write = files.atomic_write_json

    def read_only(path, payload):
        raise MediaDirError(f"{path}: not writable")

    monkeypatch.setattr(files, "atomic_write_json", read_only)
    assert listing._numerics() == here and not (tmp_path / "numerics.json").exists()
    monkeypatch.setattr(files, "atomic_write_json", write)
    assert listing._numerics() == here
    assert json.loads((tmp_path / "numerics.json").read_text())["machines"] == {
        _machine(AVX512_FLAGS).key(): {"torch": "2.13.0+cpu", "cpu_capability": here["cpu_capability"]}}
