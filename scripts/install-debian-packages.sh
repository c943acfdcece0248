#!/usr/bin/env bash
# Installs the named Debian packages that are missing; nothing when all are there.
# Uses sudo when not root; does nothing on systems without apt-get.
set -euo pipefail
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
