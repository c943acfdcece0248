"""Entry script of the frozen app: exactly what the ``spaces-desktop`` console script runs."""

import sys

from spaces_desktop.cli import main

if __name__ == "__main__":
    # Called without arguments, like the console script, so cli reads sys.argv itself.
    sys.exit(main())
