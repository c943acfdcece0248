"""Re-render the shipped PNGs in resources/icons from spaces-desktop.svg (after editing the SVG)."""

from __future__ import annotations

import sys
from pathlib import Path

# make_icons (packaging/) renders the same way at build time when a size is missing.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))

import make_icons


def main() -> int:
    svg = make_icons.ICON_DIR / f"{make_icons.ICON_NAME}.svg"
    try:
        for size in make_icons.PNG_SIZES:
            target = make_icons.ICON_DIR / f"{make_icons.ICON_NAME}-{size}.png"
            make_icons.render_svg(svg, size, target)
            print(target)
    except make_icons.IconError as error:
        print(f"render_icons: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
