#!/usr/bin/env bash
# Builds "dist/Spaces Desktop.app" with PyInstaller and packs it into
# dist/spaces-desktop-<version>-macos-<arch>.dmg with hdiutil.
# Signing and notarization run only when their identities are in the environment:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: ..." (PyInstaller signs the .app with it)
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (xcrun notarytool store-credentials)
#   MACOS_NOTARY_KEYCHAIN the keychain holding that profile, when it is not the login
#                         keychain (the release workflow keeps it in a temporary one)
# SKIP_BUNDLE=1 reuses an existing .app.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python}
APP="dist/Spaces Desktop.app"

VERSION=$("$PYTHON" packaging/app_version.py)

if [ "${SKIP_BUNDLE:-0}" != "1" ] || [ ! -d "$APP" ]; then
    # The spec reads MACOS_SIGN_IDENTITY and signs every binary with the hardened runtime.
    "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller packaging/spaces_desktop.spec
fi
[ -d "$APP" ] || { echo "make_dmg: $APP missing" >&2; exit 1; }

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    echo "make_dmg: MACOS_SIGN_IDENTITY not set: the app is only ad-hoc signed (Gatekeeper will warn)"
fi

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/spaces-desktop-${VERSION}-macos-$(uname -m).dmg"
rm -f "$DMG"
hdiutil create -volname "Spaces Desktop" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$DMG"
fi
if [ -n "${MACOS_NOTARY_PROFILE:-}" ] && [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    KEYCHAIN_ARGS=()
    if [ -n "${MACOS_NOTARY_KEYCHAIN:-}" ]; then
        KEYCHAIN_ARGS=(--keychain "$MACOS_NOTARY_KEYCHAIN")
    fi
    xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" \
        ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"} --wait
    xcrun stapler staple "$DMG"
else
    echo "make_dmg: MACOS_NOTARY_PROFILE (and a signing identity) not set: skipping notarization"
fi
echo "make_dmg: wrote $DMG"
