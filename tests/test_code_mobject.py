"""One code mobject for every family: scenes/common/code.py."""

from __future__ import annotations

from pathlib import Path

import engine
from scenes.common.code import CODE_FONT, CodeBlock, code_line

ROOT = Path(__file__).resolve().parents[1]


def test_code_block_takes_a_string_or_lines_and_colours_the_syntax():
    a = CodeBlock("x = 1\nfor i in range(3):\n    y = x")
    b = CodeBlock(["x = 1", "for i in range(3):", "    y = x"])
    assert a.source_lines == b.source_lines and [len(l) for l in a.lines] == [len(l) for l in b.lines] == [3, 15, 3]
    colours = {g.get_fill_color().to_hex().lower() for g in a.lines[1]}
    assert len(colours) >= 3            # keyword, builtin, number and plain names differ
    band = a.band(1)
    assert band.get_stroke_width() == 0 and band.width > a.lines[1].width
    assert code_line("net.eval()  → False").font == CODE_FONT


def test_every_family_draws_code_with_the_shared_mobject():
    from lectures.wk03_2 import logistic
    from scenes.common.network import SequentialCode

    assert logistic.CodeBlock is CodeBlock
    assert issubclass(SequentialCode, CodeBlock)
    import torch
    code = SequentialCode(engine.describe(torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU())))
    assert code.module_line(0).get_y() < code.lines[0].get_y()
    # no scene module defines a monospace font of its own any more
    for path in [*(ROOT / "scenes").glob("*.py"), *(ROOT / "lectures").rglob("*.py")]:
        assert "DejaVu Sans Mono" not in path.read_text(), path.name
