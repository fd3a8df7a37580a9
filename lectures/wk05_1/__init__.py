"""Lecture 05wk-1: prediction with a fitted line, overfitting pure noise, and dropout.

Its parts are in ``parts.py`` (``manim render lectures/wk05_1/parts.py`` renders the whole lesson), its
strings in ``strings.py``, its runs in ``experiments.py``; ``declaration.py`` declares it.
"""
