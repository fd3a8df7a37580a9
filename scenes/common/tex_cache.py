"""One LaTeX cache for every render of a media folder, safe when several processes fill it at once.

Manim compiles each ``MathTex``/``Tex`` into an SVG in its ``tex_dir``, under ``--media_dir``.
``lecture render`` gives each part a fresh media folder (so that nothing half-written ever reaches the
lecture folder), so every part compiled every formula again: about 0.5 s of ``latex`` + ``dvisvgm``
each. Manim's folder cannot simply be shared between the processes of a parallel render: a process
that sees an SVG being written reads it half-written, and manim's clean-up after each compile deletes
every non-SVG file in the folder, the ``.dvi`` another process is converting included.

With ``LECTURE_TEX_CACHE`` naming a folder, :func:`install` keeps manim's compile as it is (in the
process's own ``tex_dir``) and adds a store in front of it: the SVG is copied into the shared folder
under the hash of everything that made it (the whole LaTeX source, the template's preamble included,
the compiler and the output format) and renamed into place in one step, so a reader sees a whole
file or none. A formula found there is not compiled again. Two processes compiling the same formula
at the same moment both compile it and write the same bytes; nothing waits on a lock. A stored SVG is
handed to manim as a copy in the process's own ``tex_dir``, since manim writes a scratch file beside
the SVG it parses.

``lecture render`` points it at ``<media>/tex``; the test suite shares it across its workers.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mediafiles import atomic_write_bytes

__all__ = ["ENV", "install", "svg_name"]

#: the environment variable naming the shared folder (unset: manim's own cache only)
ENV = "LECTURE_TEX_CACHE"

_installed = False


def svg_name(expression: str, environment: str | None, tex_template) -> str:
    """The shared file name of a formula: a hash of its whole LaTeX source, compiler and output format."""
    if environment is not None:
        code = tex_template.get_texcode_for_expression_in_env(expression, environment)
    else:
        code = tex_template.get_texcode_for_expression(expression)
    key = "\0".join([code, str(tex_template.tex_compiler), str(tex_template.output_format)])
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".svg"


def install() -> None:
    """Put the shared store in front of manim's compile when ``LECTURE_TEX_CACHE`` is set (idempotent)."""
    global _installed
    folder = os.environ.get(ENV, "").strip()
    if _installed or not folder:
        return
    from manim import config
    from manim.mobject.text import tex_mobject

    compile_svg = tex_mobject.tex_to_svg_file      # manim's: compiles into config.tex_dir
    shared = Path(folder)

    def tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template if tex_template is not None else config["tex_template"]
        name = svg_name(expression, environment, template)
        stored = shared / name
        if stored.exists():
            # handed over as a copy in this process's own folder: manim writes a scratch file beside the
            # SVG it reads (``<name>_.svg``), which in the shared folder two processes would race on
            local = config.get_dir("tex_dir") / name
            if not local.exists():
                atomic_write_bytes(local, stored.read_bytes())
            return local
        svg = compile_svg(expression, environment, tex_template)
        try:
            atomic_write_bytes(stored, svg.read_bytes())
        except OSError:
            pass          # an unwritable store costs the sharing, not the render
        return svg

    tex_mobject.tex_to_svg_file = tex_to_svg_file
    _installed = True

