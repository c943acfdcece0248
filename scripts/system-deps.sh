#!/usr/bin/env bash
# The Debian libraries Qt needs to run (and python3-venv), installed when missing.
set -euo pipefail
exec bash "$(dirname "$0")/install-debian-packages.sh" \
    python3-venv \
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 \
    libdbus-1-3 libglib2.0-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
    libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
    libxcb-xkb1 fonts-dejavu-core
