#!/usr/bin/env bash
# `make package-check`: builds the bundle once, runs it frozen, builds and installs the .deb,
# runs the installed app's self-test, purges it and checks nothing is left; validates the
# desktop entry and compiles the NSIS script against a stand-in payload.
# Prints one PASS/FAIL line per check and exits non-zero if any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
failures=0
passes=0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
WORK=$(mktemp -d)
INSTALLED=0

pass() { echo "PASS: $*"; passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
cleanup() {
    # Never leave the package installed when a step in between failed.
    if [ "$INSTALLED" = 1 ]; then $sudo dpkg --purge spaces-desktop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# run_logged NAME COMMAND...: runs COMMAND with its output in a log, shown only on failure.
run_logged() {
    local name=$1
    shift
    local log="$WORK/$(echo "$name" | tr -c 'A-Za-z0-9' '_').log"
    if "$@" >"$log" 2>&1; then
        pass "$name"
    else
        local code=$?
        fail "$name (exit $code)"
        sed 's/^/    /' "$log" | tail -n 40
        return 1
    fi
}

bash packaging/linux/system-deps.sh

# 1. The bundle, built once; everything below reuses it.
run_logged "PyInstaller builds dist/spaces-desktop" \
    "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/spaces_desktop.spec || exit 1
BUNDLE=dist/spaces-desktop

# 2. The frozen app itself, before any installer touches it.
run_logged "frozen app --smoke-test" \
    env SPACES_DESKTOP_HOME="$WORK/home-smoke" "$BUNDLE/spaces-desktop" --smoke-test
run_logged "frozen app --self-test" \
    env SPACES_DESKTOP_HOME="$WORK/home-self" "$BUNDLE/spaces-desktop" --self-test

# 3. .deb and .tar.gz from that bundle.
run_logged "build_deb.sh writes the .deb and .tar.gz" \
    env SKIP_BUNDLE=1 PYTHON="$PYTHON" bash packaging/linux/build_deb.sh || exit 1
DEB=$(ls -t dist/spaces-desktop_*.deb | head -n 1)
TARBALL=$(ls -t dist/spaces-desktop-*-linux-*.tar.gz | head -n 1)

mkdir -p "$WORK/tar"
tar -xzf "$TARBALL" -C "$WORK/tar"
run_logged "the .tar.gz bundle starts (--smoke-test)" \
    env SPACES_DESKTOP_HOME="$WORK/home-tar" "$WORK/tar/spaces-desktop/spaces-desktop" --smoke-test

# 4. The desktop entry inside the package.
dpkg-deb -x "$DEB" "$WORK/deb-root"
run_logged "desktop-file-validate on the packaged .desktop entry" \
    desktop-file-validate "$WORK/deb-root/usr/share/applications/spaces-desktop.desktop"
for size in 16 32 48 64 128 256; do
    [ -f "$WORK/deb-root/usr/share/icons/hicolor/${size}x${size}/apps/spaces-desktop.png" ] \
        || fail "icon ${size}x${size} missing from the .deb"
done
[ -f "$WORK/deb-root/usr/share/icons/hicolor/scalable/apps/spaces-desktop.svg" ] \
    && pass "hicolor icons (PNG sizes and scalable SVG) are in the .deb" \
    || fail "scalable icon missing from the .deb"

# 5. Install, run, purge.
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's#^\./#/#' >"$WORK/deb-files"
# dpkg -i leaves the package unconfigured when a Depends is missing; apt-get -f then
# installs the dependencies (with fresh package lists if the first try fails).
apt_fix() {
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -f -y -qq \
        || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -f -y -qq; }
}
if $sudo dpkg -i "$DEB" >"$WORK/dpkg-i.log" 2>&1 || apt_fix >>"$WORK/dpkg-i.log" 2>&1; then
    INSTALLED=1
    if dpkg-query -W -f='${Status}' spaces-desktop 2>/dev/null | grep -q "ok installed"; then
        pass "dpkg -i installs $(basename "$DEB")"
    else
        fail "dpkg -i: the package is not fully installed"
        tail -n 20 "$WORK/dpkg-i.log"
    fi
else
    fail "dpkg -i $(basename "$DEB")"
    tail -n 20 "$WORK/dpkg-i.log"
fi

if [ "$INSTALLED" = 1 ]; then
    # Every library the installed bundle loads must resolve: bundled, or from Depends.
    missing=$(find /opt/spaces-desktop -type f -name '*.so*' -print0 \
        | xargs -0 ldd 2>/dev/null | grep 'not found' | sort -u)
    if [ -z "$missing" ]; then
        pass "every library of the installed bundle resolves (ldd)"
    else
        fail "unresolved libraries in the installed bundle:"
        echo "$missing" | sed 's/^/    /'
    fi
    run_logged "installed /usr/bin/spaces-desktop --self-test" \
        env SPACES_DESKTOP_HOME="$WORK/home-installed" /usr/bin/spaces-desktop --self-test

    $sudo dpkg --purge spaces-desktop >"$WORK/purge.log" 2>&1 && INSTALLED=0
    if [ "$INSTALLED" = 0 ]; then pass "dpkg --purge spaces-desktop"; else fail "dpkg --purge"; fi
    leftovers=""
    [ -e /opt/spaces-desktop ] && leftovers="/opt/spaces-desktop"
    while read -r path; do
        # Shared folders (/usr/bin, /usr/share/icons/...) stay; the package's own files must not.
        case "$path" in */) continue ;; /opt/* | /usr/*) ;; *) continue ;; esac
        [ -e "$path" ] && [ ! -d "$path" ] && leftovers="$leftovers $path"
    done <"$WORK/deb-files"
    [ -e /usr/share/doc/spaces-desktop ] && leftovers="$leftovers /usr/share/doc/spaces-desktop"
    if [ -z "$leftovers" ]; then
        pass "nothing left under /opt/spaces-desktop or the package's /usr paths after purge"
    else
        fail "left after purge:$leftovers"
    fi
fi

# 6. The Windows installer script compiles (against dummy files: no Windows bundle here).
mkdir -p "$WORK/payload/_internal"
printf 'MZ stand-in\n' >"$WORK/payload/spaces-desktop.exe"
printf 'stand-in\n' >"$WORK/payload/_internal/python311.dll"
ICON_ARG=()
[ -f build/icons/spaces-desktop.ico ] && ICON_ARG=("-DICON=$ROOT/build/icons/spaces-desktop.ico")
VERSION=$(dpkg-deb -f "$DEB" Version)
run_logged "makensis compiles packaging/windows/spaces-desktop.nsi (stand-in payload)" \
    makensis -V2 -WX "-DVERSION=$VERSION" "-DPAYLOAD_DIR=$WORK/payload" \
    "-DOUTFILE=$WORK/spaces-desktop-setup.exe" "${ICON_ARG[@]}" packaging/windows/spaces-desktop.nsi

# The plain "N passed, N failed" form, so CI reads this run's outcome as its last line.
echo "package-check: ${passes} passed, ${failures} failed"
[ "$failures" -eq 0 ]
