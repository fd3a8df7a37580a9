"""Every documented call in README.md and docs/*.md is executed or parsed by a test (issue 25 item 5), so the
docs cannot promise a command, an option, an id, a file or an argument that does not exist.

The rule, per block (docs/your-own-model.md's notebook snippets run in tests/test_docs_own_model.py):

- ``python``: README.md's block runs as written (slow: it trains or reads the course's recordings); an
  expression whose comment starts with a literal is checked against it (``# [[4.0042186]]``: the value to
  float32 rounding; ``# (1000, 80, 512) bool``: the shape). A block that is a file of its own (first line
  ``# name.py``) compiles and its imports resolve (an optional package that is not installed is skipped).
- ``bash``, line by line (comments dropped; ``VAR=value`` prefixes and ``export``: the project reads VAR):
  - ``lecture ...`` (also ``.venv/bin/lecture``): click parses it as the shell passes it (the group's and the
    command's options, with their checks), and every id it names (lecture, experiment, ``--only`` part) is
    listed by ``lecture [--lectures ...] list --json`` (own lectures: with ``LECTURE_SCENES`` set to them).
    ``list`` (with ``--json``: the listing above), ``gallery`` and ``doctor`` also run as written, in a fresh
    media dir; ``record``, ``render`` and ``slides`` are parsed only (they train or render for minutes; their own
    tests run them).
  - ``manim render ...``: manim's click command parses it; each scene name is a class of the file.
  - ``python FILE ARGS``, ``python -m MODULE ARGS`` (also ``.venv/bin/python``): the module's ``main(argv)``
    is called and stopped right after its argparse parsed ARGS (none of its work is done).
  - ``bash FILE``, ``scripts/*.sh``: the file exists and ``bash -n`` accepts it.
  - not ours, not run: ``pip``, ``git``, ``cd``, ``source``, ``manim-slides``, ``.venv/bin/dask``. Any other
    command fails here until it gets a rule.
- Every repository path a bash line names exists (not ``media/`` outputs, ``~`` paths, ``.venv/`` made by
  scripts/setup.sh, or a file the same doc writes in a ``# name.py`` block).
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: commands of other tools a doc shows; they are not run
NOT_OURS = {"pip", "git", "cd", "source", "manim-slides", ".venv/bin/dask"}
#: the scripts whose ``python`` lines are parsed (module name -> has ``main(argv)`` with argparse)
PROJECT_PACKAGES = ("engine", "lecture", "scenes", "benchmarks")


def blocks(doc: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", doc.read_text(encoding="utf-8"), flags=re.S | re.M)


def file_blocks(doc: Path) -> dict[str, str]:
    """The python blocks of ``doc`` that are files of their own (first line ``# name.py`` or ``# name.py: ...``)."""
    out = {}
    for code in blocks(doc, "python"):
        m = re.match(r"# (\S+\.py)\b", code)
        if m:
            out[m.group(1)] = code
    return out


def bash_lines(doc: Path) -> list[list[str]]:
    """Each command of the doc's bash blocks as shell words (comments dropped, ``\\`` continuations joined,
    ``&&`` chains split)."""
    lines = []
    for code in blocks(doc, "bash"):
        for line in code.replace("\\\n", " ").splitlines():
            try:
                words = shlex.split(line, comments=True)
            except ValueError:   # a placeholder with a quote in it (`<the client's commit>`)
                words = line.partition(" #")[0].split()
            while words:
                cut = words.index("&&") if "&&" in words else len(words)
                lines.append(words[:cut])
                words = words[cut + 1:]
    return [w for w in lines if w]


@functools.cache
def _project_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for pkg in PROJECT_PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _check_env(assignments: list[str]) -> None:
    for a in assignments:
        name = a.split("=", 1)[0]
        assert f'"{name}"' in _project_source(), f"{name}: the project reads no such environment variable"


# -- lecture ------------------------------------------------------------------------------------------

def _parse_click(group: click.Group, prog: str, args: list[str]) -> tuple[click.Context, click.Context]:
    """The group's and the command's contexts of ``prog args``, parsed (with every option's checks), not run."""
    ctx = group.make_context(prog, list(args))
    protected = ctx._protected_args if hasattr(ctx, "_protected_args") else ctx.protected_args   # click 8.2 / older
    rest = [*protected, *ctx.args]
    name, cmd, rest = group.resolve_command(ctx, rest)
    return ctx, cmd.make_context(name, rest, parent=ctx)


@functools.cache
def _run_lecture(args: tuple[str, ...], media: str, scenes: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LECTURE_MEDIA_DIR": media}
    if scenes:
        env["LECTURE_SCENES"] = scenes
    return subprocess.run([sys.executable, "-m", "lecture.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


@functools.cache
def _known_ids(lecture_paths: tuple[str, ...], media: str) -> frozenset[str]:
    """Ids ``lecture [--lectures P...] list --json`` lists. With lectures of one's own the course's scene
    families are not imported (``LECTURE_SCENES`` names a module with no parts: 12 s instead of 30 s), so
    their files are seen only as lectures of one's own; the course's ids come from the plain listing."""
    group_args = tuple(a for p in lecture_paths for a in ("--lectures", p))
    r = _run_lecture((*group_args, "list", "--json"), media, "engine" if lecture_paths else None)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    ids = {e["id"] for e in data["experiments"]} | (_known_ids((), media) if lecture_paths else set())
    for lec in data["lectures"]:
        ids |= {lec["id"], *(p["id"] for p in lec["parts"]), *(p["id"].split(".", 1)[-1] for p in lec["parts"])}
        ids |= {e["id"] for e in lec["experiments"]}
    return frozenset(ids)


def check_lecture_line(args: list[str], media: str) -> None:
    from lecture.cli import cli

    group, sub = _parse_click(cli, "lecture", args)
    named = [v for p in sub.command.params if isinstance(p, click.Argument) or p.name == "only"
             for v in ((sub.params[p.name],) if isinstance(sub.params[p.name], str) else sub.params[p.name] or ())]
    unknown = set(named) - _known_ids(tuple(group.params.get("lecture_paths") or ()), media)
    assert not unknown, f"lecture {shlex.join(args)}: no lecture, experiment or part {sorted(unknown)}"
    if sub.info_name in ("gallery", "doctor"):   # `list` ran as written, with --json, to list the ids above
        r = _run_lecture(tuple(args), media)
        ok = (0, 1) if sub.info_name == "doctor" else (0,)   # doctor exits 1 when it has something to fix
        assert r.returncode in ok and "Traceback" not in r.stderr, f"lecture {shlex.join(args)}: {r.stderr}"


# -- manim, python, bash ----------------------------------------------------------------------------------

def check_manim_line(args: list[str], written: dict[str, str]) -> None:
    from manim.__main__ import main

    _, sub = _parse_click(main, "manim", args)
    path = str(sub.params["file"])
    source = written.get(path) or (ROOT / path).read_text(encoding="utf-8")
    classes = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)}
    missing = set(sub.params.get("scene_names") or ()) - classes
    if missing and path not in written:   # an entry file that offers a lecture module's scenes (scenes_of)
        missing -= _scene_names(ROOT / path)
    assert not missing, f"manim {shlex.join(args)}: no scene {sorted(missing)} in {path}"


def _scene_names(path: Path) -> set[str]:
    """The scenes a file offers manim once it has run (its own classes and those ``scenes_of`` adds)."""
    import runpy

    from manim import Scene

    return {n for n, v in runpy.run_path(str(path)).items() if isinstance(v, type) and issubclass(v, Scene)}


class _Parsed(Exception):
    pass


def check_python_line(args: list[str]) -> None:
    """``python -m MODULE ARGS`` / ``python FILE ARGS``: MODULE's argparse accepts ARGS."""
    if args[0] == "-m":
        module, argv = args[1], args[2:]
    else:
        assert (ROOT / args[0]).is_file(), f"python {args[0]}: no such file"
        module, argv = args[0][:-3].replace("/", "."), args[1:]
    mod = importlib.import_module(module)
    assert hasattr(mod, "main"), f"python {shlex.join(args)}: {module} has no main(argv) to parse with; add a rule"
    parse = argparse.ArgumentParser.parse_args

    def parse_and_stop(self, args=None, namespace=None):
        raise _Parsed(parse(self, args, namespace))

    argparse.ArgumentParser.parse_args = parse_and_stop
    try:
        with pytest.raises(_Parsed):
            mod.main(list(argv))
    except SystemExit as e:   # argparse refused the arguments
        raise AssertionError(f"python {shlex.join(args)}: its arguments are refused (exit {e.code})") from None
    finally:
        argparse.ArgumentParser.parse_args = parse


def check_paths(words: list[str], written: dict[str, str], ids: set[str]) -> None:
    for w in words:
        w = w.split("=", 1)[-1]
        if not re.fullmatch(r"[\w.-]+(/[\w.*-]*)+|[\w.-]+\.(py|sh|md|ipynb|cfg|toml)", w) or w in ids \
                or w.startswith(("media/", ".venv/")) or w in written:
            continue
        assert list(ROOT.glob(w)) or (ROOT / w).exists(), f"{shlex.join(words)}: no such file {w}"


# -- the tests ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def media(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("docs-media"))


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_bash_line_of_the_docs_is_run_or_parsed(doc, media, monkeypatch):
    monkeypatch.chdir(ROOT)
    written = file_blocks(doc)
    lines = bash_lines(doc)
    for words in lines:
        env = []
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            env.append(words.pop(0))
        if words and words[0] == "export":
            env, words = env + words[1:], []
        _check_env(env)
        if not words or words[0] in NOT_OURS:
            continue
        cmd, args = words[0], words[1:]
        ids = set(_known_ids((), media)) if cmd.endswith("lecture") else set()
        check_paths(words, written, ids | set(args if cmd.endswith("lecture") else ()))
        if cmd in ("lecture", ".venv/bin/lecture"):
            check_lecture_line(args, media)
        elif cmd == "manim":
            check_manim_line(args, written)
        elif cmd in ("python", ".venv/bin/python"):
            check_python_line(args)
        elif cmd == "bash" or cmd.endswith(".sh"):
            script = args[0] if cmd == "bash" else cmd
            r = subprocess.run(["bash", "-n", script], cwd=ROOT, capture_output=True, text=True)
            assert r.returncode == 0, f"{shlex.join(words)}: {r.stderr}"
        else:
            raise AssertionError(f"{doc.name}: `{shlex.join(words)}`: no rule for {cmd!r} in {__file__}")


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_file_blocks_of_the_docs_compile_and_import(doc):
    for name, code in file_blocks(doc).items():
        tree = ast.parse(code, filename=f"{doc.name}: {name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                module, names = node.module, [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                module, names = node.names[0].name, []
            else:
                continue
            if module.split(".")[0] not in PROJECT_PACKAGES and importlib.util.find_spec(module.split(".")[0]) is None:
                continue   # an optional package (manim-slides, dask-jobqueue) that is not installed here
            mod = importlib.import_module(module)
            missing = [n for n in names if not hasattr(mod, n) and importlib.util.find_spec(f"{module}.{n}") is None]
            assert not missing, f"{doc.name}: {name} imports {missing} from {module}, which has no such name"


def _literal_of(comment: str):
    """The Python literal a comment starts with (``[[4.0042186]]: ...`` -> ``[[4.0042186]]``), else None."""
    text = comment.strip()
    if not text.startswith(("[", "(")):
        return None
    for end in (i + 1 for i, c in enumerate(text) if c in ")]"):
        try:
            return ast.literal_eval(text[:end])
        except (ValueError, SyntaxError):
            continue
    return None


def run_block(code: str, name: str) -> list[tuple[str, object, object]]:
    """Run ``code`` statement by statement as a notebook would; ``(source, value, literal)`` for every
    expression whose comment starts with a literal."""
    ns: dict = {"__name__": "doc"}
    lines = code.splitlines()
    checks = []
    for stmt in ast.parse(code).body:
        src = ast.get_source_segment(code, stmt)
        comment = lines[stmt.end_lineno - 1].partition("#")[2]
        try:
            if isinstance(stmt, ast.Expr):
                value = eval(compile(ast.Expression(stmt.value), name, "eval"), ns)
                literal = _literal_of(comment)
                if literal is not None:
                    checks.append((src, value, literal))
            else:
                exec(compile(ast.Module([stmt], []), name, "exec"), ns)
        except Exception as e:   # name the line that broke
            raise AssertionError(f"{name}: `{src}` failed: {type(e).__name__}: {e}") from e
    return checks


def test_literal_comments_are_read():
    assert _literal_of(" [[4.0042186]]: state 0 is the init") == [[4.0042186]]
    assert _literal_of(" (1000, 80, 512) bool: the keep/drop draws") == (1000, 80, 512)
    assert _literal_of(" trains once, then reads the cache") is None
    assert _literal_of(" (n_states, 8, 3): state 0 is the init") is None


@pytest.mark.slow
def test_readme_python_block_runs_and_shows_what_its_comments_say():
    (code,) = blocks(ROOT / "README.md", "python")
    checks = run_block(code, "README.md python block")
    assert len(checks) == 2
    for src, value, literal in checks:
        value = np.asarray(value)
        if isinstance(literal, tuple):   # a shape
            assert value.shape == literal, src
        else:                            # printed digits: the value to float32 rounding
            np.testing.assert_allclose(value, np.asarray(literal, dtype=value.dtype), rtol=2e-7, err_msg=src)


@pytest.mark.parametrize("line, words", [
    ("lecture render 05wk-1 --quality x", "unknown quality 'x'"),   # an option value the command refuses
    ("lecture render 05wk-1 --no-such-option", "No such option"),
    ("lecture record 05wk-9", "no lecture, experiment or part ['05wk-9']"),
    ("lecture render 05wk-1 --only dropout.nope", "no lecture, experiment or part ['dropout.nope']"),
    ("manim render scenes/sgd.py NoSuchScene", "no scene ['NoSuchScene'] in scenes/sgd.py"),
    ("python scenes/common/layout_check.py scenes/dropout.py --langs ko", "its arguments are refused"),
    ("python -m benchmarks.run --smoke-test", "its arguments are refused"),
    ("bash scripts/no-such-script.sh", "no such file scripts/no-such-script.sh"),
    ("LECTURE_LANGUAGE=ko manim render scenes/dropout.py", "LECTURE_LANGUAGE: the project reads no such"),
    ("lecturer list", "no rule for 'lecturer'"),
])
def test_the_checks_catch_what_a_doc_could_get_wrong(tmp_path, media, monkeypatch, line, words):
    doc = tmp_path / "doc.md"
    doc.write_text(f"# a doc\n\n```bash\n{line}   # what it does\n```\n", encoding="utf-8")
    with pytest.raises((AssertionError, click.UsageError)) as e:
        test_every_bash_line_of_the_docs_is_run_or_parsed(doc, media, monkeypatch)
    assert words in str(e.value)
