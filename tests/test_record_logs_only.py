"""`lecture record` of a run with no model and no optimizer (only rec.log values, as a Q-learning loop):
it has no loss, so its summary says "-" rather than failing on the missing final loss."""

from __future__ import annotations

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
