"""The app's version, ``__version__`` of spaces_desktop, for the spec and the installer scripts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_version(root: Path = ROOT) -> str:
    """``__version__`` from spaces_desktop/__init__.py, read without importing the package.

    Not imported: the packaging scripts may run with a Python that lacks the app's
    dependencies, and the version must not depend on what the package imports.
    """
    source = (root / "spaces_desktop" / "__init__.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit("spaces_desktop/__init__.py has no __version__")


if __name__ == "__main__":
    print(read_version())
    sys.exit(0)
