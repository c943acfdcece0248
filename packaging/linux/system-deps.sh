#!/usr/bin/env bash
# Installs the tools the packaging checks need (nsis, desktop-file-utils, binutils, dpkg-dev
# bits), only when missing. Uses sudo when not root; does nothing without apt-get.
set -euo pipefail
packages=(nsis desktop-file-utils binutils file)
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing packaging tools: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
