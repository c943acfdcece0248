"""Builds the platform icon files (PNG sizes, .ico, .icns) from resources/icons at build time."""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
ICON_NAME = "spaces-desktop"
# The hicolor sizes desktops look up; .ico and .icns are assembled from the same PNGs.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (Apple's icns format).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class IconError(Exception):
    """The icon sources are missing or unusable."""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise IconError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def render_svg(svg: Path, size: int, target: Path) -> None:
    """Draw ``svg`` into a ``size`` px square PNG (the shipped PNGs are made this way)."""
    # Imported here so that building .ico/.icns from existing PNGs needs no Qt.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise IconError(f"cannot read {svg}")
    # Premultiplied is QPainter's native format; the shipped PNGs were drawn in it.
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise IconError(f"cannot write {target}")


def png_icons(out_dir: Path, icon_dir: Path = ICON_DIR) -> dict[int, Path]:
    """One PNG per size in PNG_SIZES: the shipped file when present, else rendered from the SVG."""
    out_dir.mkdir(parents=True, exist_ok=True)
    svg = icon_dir / f"{ICON_NAME}.svg"
    result: dict[int, Path] = {}
    for size in PNG_SIZES:
        shipped = [
            icon_dir / f"{ICON_NAME}-{size}.png",
            icon_dir / f"{size}x{size}" / f"{ICON_NAME}.png",
            icon_dir / f"{ICON_NAME}-{size}x{size}.png",
        ]
        found = next((path for path in shipped if path.is_file()), None)
        if found is not None and png_size(found.read_bytes()) == (size, size):
            result[size] = found
            continue
        if not svg.is_file():
            raise IconError(f"no {size}px PNG and no {svg} to render it from")
        target = out_dir / f"{ICON_NAME}-{size}.png"
        render_svg(svg, size, target)
        result[size] = target
    return result


def write_ico(pngs: dict[int, Path], target: Path) -> Path:
    """An .ico whose images are PNG-compressed (supported since Windows Vista)."""
    images = [(size, pngs[size].read_bytes()) for size in ICO_SIZES if size in pngs]
    if not images:
        raise IconError("no PNG sizes for the .ico")
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, data in images:
        # A width/height byte of 0 means 256 in the ICO directory.
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(header + entries + b"".join(data for _, data in images))
    return target


def write_icns(pngs: dict[int, Path], target: Path) -> Path:
    """An .icns made of PNG elements (macOS 10.7 and later read these)."""
    body = b""
    for size, kind in ICNS_TYPES.items():
        if size in pngs:
            data = pngs[size].read_bytes()
            body += kind + struct.pack(">I", len(data) + 8) + data
    if not body:
        raise IconError("no PNG sizes for the .icns")
    target.write_bytes(b"icns" + struct.pack(">I", len(body) + 8) + body)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--icon-dir", type=Path, default=ICON_DIR)
    args = parser.parse_args(argv)
    try:
        pngs = png_icons(args.out_dir, args.icon_dir)
        write_ico(pngs, args.out_dir / f"{ICON_NAME}.ico")
        write_icns(pngs, args.out_dir / f"{ICON_NAME}.icns")
    except IconError as error:
        print(f"make_icons: {error}", file=sys.stderr)
        return 1
    for size, path in sorted(pngs.items()):
        print(f"{size}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
