"""``python -m spaces_desktop``: the same as the ``spaces-desktop`` command."""

import sys

from spaces_desktop.cli import main

sys.exit(main())
