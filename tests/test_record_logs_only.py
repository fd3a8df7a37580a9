"""`lecture record` of a run with no model and no optimizer (only rec.log values, as a Q-learning loop):
it has no loss, so its summary says "-" rather than failing on the missing final loss."""

from __future__ import annotations

import importlib.util

import pytest
from click.testing import CliRunner

from engine.experiments import REGISTRY
from lecture.cli import cli
from lecture.record import record

SCRIPT = '''
import numpy as np
import engine

@engine.experiment("logs-only-01/walk")
def walk():
    rng = np.random.default_rng(0)
    with engine.Recorder(None, None) as rec:
        for _ in range(3):
            rec.log("score", float(rng.integers(10)))
    return rec
'''


@pytest.fixture
def registry():
    before = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(before)


def test_record_summarises_a_run_without_a_loss(tmp_path, monkeypatch, registry):
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path / "media"))
    script = tmp_path / "logs_only_direct.py"
    script.write_text(SCRIPT)
    spec = importlib.util.spec_from_file_location("logs_only_direct", script)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))   # registers the experiment
    (summary,) = record(["logs-only-01/walk"])
    assert summary.status == "recorded" and summary.final_loss is None and summary.has_loss is False


@pytest.mark.slow
def test_a_run_of_logged_values_alone_records_without_a_loss(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_MEDIA_DIR", str(tmp_path / "media"))
    script = tmp_path / "logs_only.py"
    script.write_text(SCRIPT)
    before = dict(REGISTRY)
    try:
        result = CliRunner().invoke(cli, ["--lectures", str(script), "record", "logs-only-01"])
        assert result.exit_code == 0, result.output
        assert "logs-only-01/walk" in result.output and "nan/inf" not in result.output
        (summary,) = record(["logs-only-01/walk"])
        assert summary.status == "cached" and summary.final_loss is None and summary.has_loss is False
    finally:
        REGISTRY.clear()
        REGISTRY.update(before)
