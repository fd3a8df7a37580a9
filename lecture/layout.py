"""The layout check of every part of the catalog: ``python -m lecture.layout --all``.

``scenes/common/layout_check.py`` checks scene files; the list of every part is the catalog's
(this layer's), so ``--all`` runs from here. Any other arguments are the scene check's own.
"""

from __future__ import annotations

import sys

__all__ = ["catalog_parts", "main"]


def catalog_parts() -> tuple[list, list]:
    """``(problems, parts)``: the catalog's import problems and every part of every lecture, in order."""
    from .catalog import Catalog

    cat = Catalog.discover()
    return list(cat.problems), [info for lec in cat.all_lectures() for info in cat.lecture(lec).parts]


def main(argv=None) -> int:
    from scenes.common.layout_check import main as check

    return check(argv, all_parts=catalog_parts)


if __name__ == "__main__":
    sys.exit(main())
