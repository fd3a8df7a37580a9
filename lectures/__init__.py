"""Lectures built only on the public API (engine, scenes.common): one package per lecture."""
