"""``python -m lecture ...``: the ``lecture`` command."""

import sys

try:
    from lecture.cli import main
except KeyboardInterrupt:   # Ctrl-C while click and rich load: one line and 130, as everywhere else
    sys.stderr.write("interrupted\n")
    sys.exit(130)

main()
