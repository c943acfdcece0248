#!/usr/bin/env bash
# The tools the packaging checks need (makensis, desktop-file-validate, objdump for
# PyInstaller, file), installed when missing.
set -euo pipefail
exec bash "$(dirname "$0")/../../scripts/install-debian-packages.sh" \
    nsis desktop-file-utils binutils file
