"""Lecture 03wk-2: the logistic model, its training loop, and why MSE fails where BCE learns (loss landscapes).

Its parts are in ``parts.py`` (``manim render lectures/wk03_2/parts.py`` renders the whole lesson), its
strings in ``strings.py``, its runs in ``experiments.py``; ``declaration.py`` declares it.
"""
