"""Every Python snippet of docs/your-own-model.md runs, in order, as a teacher would paste them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "your-own-model.md"


def _snippets() -> list[str]:
    """The notebook snippets; a block that is a whole file of its own (first line ``# <name>.py: ...``)
    is checked where that file lives (examples/, tests/test_own_lecture.py)."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [b for b in blocks if not re.match(r"# \S+\.py: ", b)]


@pytest.mark.slow
def test_doc_snippets_run(tmp_path, monkeypatch):
    pytest.importorskip("IPython")
    monkeypatch.chdir(tmp_path)   # the snippets write media/recordings/mine/... under the working folder
    snippets = _snippets()
    assert len(snippets) >= 5
    import conftest
    from manim import tempconfig

    ns: dict = {"__name__": "doc"}
    # the session's LaTeX cache, not a fresh one under tmp_path (which would recompile every MathTex)
    with tempconfig({"tex_dir": str(conftest.TEX_CACHE / "Tex"), "text_dir": str(conftest.TEX_CACHE / "texts")}):
        for i, code in enumerate(snippets):
            try:
                exec(compile(code, f"{DOC.name} snippet {i}", "exec"), ns)
            except Exception as e:   # name the snippet that broke
                raise AssertionError(f"snippet {i} of {DOC.name} failed: {type(e).__name__}: {e}\n{code}") from e
    assert (tmp_path / "media/recordings/mine/net.safetensors").is_file()
    assert ns["caption"].values()["epoch"] == 0 and ns["diagram"].n_layers == 2
