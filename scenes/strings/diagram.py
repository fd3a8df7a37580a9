"""On-screen strings of the diagram videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
}
