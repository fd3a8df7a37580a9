"""Lecture 05wk-2: networks as diagrams, CPU vs GPU, and GD vs SGD vs minibatch SGD.

Its parts are in ``parts.py`` (``manim render lectures/wk05_2/parts.py`` renders the whole lesson), its
strings in ``strings.py``, its runs in ``experiments.py``; ``declaration.py`` declares it.
"""
