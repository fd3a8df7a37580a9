"""What a lecture and a part may be called, and the line a failing part prints: shared by scenes and the CLI.

Standard library only (no manim): ``lecture list`` checks ids without importing the scenes.
"""

from __future__ import annotations

import re

__all__ = ["PART_FAILED", "lecture_id_problem", "part_id_problem", "week_key", "week_problem"]

#: a part that fails while manim renders it prints this, then one line saying why (``lecture render`` shows it)
PART_FAILED = "lecture: part failed: "
#: a lecture id names its folders (media/lectures/<id>, media/recordings/<id>): one plain name
LECTURE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: a week of the course, as its lectures are named: "05wk-2" (the week, then the lecture of that week)
WEEK = re.compile(r"^(\d{1,2})wk-(\d{1,2})$")
#: a part id names its clip (<id with '-' for '.'>.mp4): words joined by '.', '-' or '_'
PART_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def lecture_id_problem(lecture_id) -> str | None:
    """Why ``lecture_id`` cannot be a lecture's id (it names folders), or ``None`` when it can."""
    if isinstance(lecture_id, str) and LECTURE_ID.match(lecture_id):
        return None
    return (f"lecture id {lecture_id!r} is not a plain name: use letters, digits, '-' and '_' "
            "(at most 64, e.g. 'tiny-01')")


def part_id_problem(part_id) -> str | None:
    """Why ``part_id`` cannot be a part's id (it names the clip), or ``None`` when it can."""
    if isinstance(part_id, str) and PART_ID.match(part_id):
        return None
    return (f"part id {part_id!r} is not a plain name: use letters, digits, '.', '-' and '_' "
            "(at most 100, e.g. 'tiny.loss')")


def week_problem(week) -> str | None:
    """Why ``week`` cannot say where a lecture sits in the course, or ``None`` when it can."""
    if isinstance(week, str) and WEEK.match(week):
        return None
    return f"week {week!r} is not a week of the course: write it as its lectures are named, e.g. '12wk-1'"


def week_key(week: str) -> tuple[int, int] | None:
    """``(12, 1)`` for ``"12wk-1"``: weeks in course order; ``None`` for a name that is not a week."""
    m = WEEK.match(week) if isinstance(week, str) else None
    return (int(m[1]), int(m[2])) if m else None
