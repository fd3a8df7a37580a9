"""Lectures built on the public API, one package each (see each package docstring)."""
