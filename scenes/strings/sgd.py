"""On-screen strings of the sgd videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
}
