"""Lectures declared through the public API, one package each."""
