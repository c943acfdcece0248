#!/usr/bin/env bash
# Builds the one-dir bundle with PyInstaller, then dist/spaces-desktop_<version>_<arch>.deb
# and dist/spaces-desktop-<version>-linux-<arch>.tar.gz from it.
# SKIP_BUNDLE=1 reuses an existing dist/spaces-desktop (the checks build it once).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
HERE=packaging/linux
BUNDLE=dist/spaces-desktop

VERSION=$("$PYTHON" packaging/app_version.py)
ARCH=$(dpkg --print-architecture)

if [ "${SKIP_BUNDLE:-0}" != "1" ] || [ ! -x "$BUNDLE/spaces-desktop" ]; then
    echo "build_deb: building the bundle with PyInstaller"
    "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller packaging/spaces_desktop.spec
fi
[ -x "$BUNDLE/spaces-desktop" ] || { echo "build_deb: $BUNDLE/spaces-desktop missing" >&2; exit 1; }

STAGE=build/deb/spaces-desktop_${VERSION}_${ARCH}
rm -rf "$STAGE"
umask 022
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/doc/spaces-desktop"
cp -a "$BUNDLE" "$STAGE/opt/spaces-desktop"
install -m 0755 "$HERE/launcher.sh" "$STAGE/usr/bin/spaces-desktop"
install -m 0644 "$HERE/spaces-desktop.desktop" "$STAGE/usr/share/applications/spaces-desktop.desktop"
printf 'Spaces Desktop %s\nProprietary; bundles Python, Qt (LGPLv3) and PySide6 (LGPLv3).\n' \
    "$VERSION" > "$STAGE/usr/share/doc/spaces-desktop/copyright"

# Icons: every hicolor size from resources/icons (rendered from the SVG where a size is missing).
"$PYTHON" packaging/make_icons.py build/icons > build/icons.list
while IFS=': ' read -r size path; do
    install -D -m 0644 "$path" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/spaces-desktop.png"
done < build/icons.list
if [ -f resources/icons/spaces-desktop.svg ]; then
    install -D -m 0644 resources/icons/spaces-desktop.svg \
        "$STAGE/usr/share/icons/hicolor/scalable/apps/spaces-desktop.svg"
fi

# The newest glibc symbol version any bundled ELF file asks for is the libc6 floor.
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name spaces-desktop \) -print0 \
    | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' \
    | sort -uV | tail -n 1)
INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
    -e "s/@GLIBC@/${GLIBC:-2.31}/" "$HERE/control.in" > "$STAGE/DEBIAN/control"
install -m 0755 "$HERE/postinst" "$STAGE/DEBIAN/postinst"
install -m 0755 "$HERE/postrm" "$STAGE/DEBIAN/postrm"

mkdir -p dist
DEB=dist/spaces-desktop_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
TARBALL=dist/spaces-desktop-${VERSION}-linux-${ARCH}.tar.gz
tar --owner=0 --group=0 -C dist -czf "$TARBALL" spaces-desktop
echo "build_deb: wrote $DEB"
echo "build_deb: wrote $TARBALL"
