#!/bin/sh
# /usr/bin/spaces-desktop: runs the bundle installed under /opt/spaces-desktop.
exec /opt/spaces-desktop/spaces-desktop "$@"
