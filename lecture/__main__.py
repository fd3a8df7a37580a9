"""``python -m lecture ...`` and the ``lecture`` command (its console entry point is :func:`run`).

Ctrl-C at any moment is one line and exit 130: while click, rich and the CLI load (a traceback of
an interrupted import would otherwise be the answer), and afterwards (the CLI's own handling).
"""

import sys


def run() -> None:
    try:
        from lecture.cli import main
    except KeyboardInterrupt:   # Ctrl-C while click and rich load: one line and 130, as everywhere else
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
