"""Manim entry files of the course (``manim render scenes/dropout.py``): the parts live in ``lectures/``,
shared pieces in ``scenes.common``.

Scenes read recordings through ``engine``; they never train and never type a number.
"""
