"""Every lecture, one subpackage each (``lectures/<lecture>/``): its parts, its strings in its
languages and its experiments, declared through the public ``Lecture(...)`` API as a teacher's own
lecture is. Discovery (``lecture.catalog``) finds them; nothing lists them by hand.

Layers: a lecture builds on ``scenes`` (shared mobjects, ``Part``, ``Lecture``) and ``engine``; the CLI
(``lecture``) finds it; no lecture imports another.
"""
