#!/bin/sh
# Configure and build Bindery out of tree.
#   scripts/build.sh [BUILDDIR] [configure args...]
# BUILDDIR defaults to ./build.  Regenerates the build system when needed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$top/build"}
[ $# -gt 0 ] && shift
if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
	"$top/autogen.sh"
fi
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ]; then
	"$top/configure" -q "$@"
fi
make -j"$(nproc)"
