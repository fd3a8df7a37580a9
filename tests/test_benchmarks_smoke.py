"""The benchmark command runs (smallest case of each section), so it does not rot between releases."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmarks_smoke(tmp_path):
    sections = ["record", "load", "landscape", "render", "scale"]
    cmd = [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(tmp_path)]
    for s in sections:
        cmd += ["--only", s]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=600)
    results = json.loads((tmp_path / "benchmarks.json").read_text())
    assert set(results["sections"]) == set(sections)
    (rec,) = results["sections"]["record"]
    assert rec["experiment"] == "05wk-1/linreg" and rec["train_s"] > 0 and rec["recorded_s"] > 0
    (render,) = results["sections"]["render"]
    assert render["ratio"] > 0 and render["video_s"] == pytest.approx(1, abs=0.2)
    assert all(r["speedup"] > 0 for r in results["sections"]["landscape"])
    assert "| experiment |" in (tmp_path / "benchmarks.md").read_text()
