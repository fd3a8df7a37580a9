"""Manim scenes of the course: one file per video family, shared pieces in ``scenes.common``.

Scenes read recordings through ``engine``; they never train and never type a number.
"""
