#!/bin/sh
# Install what is missing, build, and run Bindery's named in the
# foreground on the bundled example (examples/named.conf: zone
# example.com on 127.0.0.1 port 5300).  Try it with
#	dig @127.0.0.1 -p 5300 www.example.com
# Stop it with Ctrl-C; SIGHUP (kill -HUP) reloads named.conf and changed
# zone files.  Extra arguments go to named (e.g. -d 1).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" "$top/build"
cd "$top/examples"
exec "$top/build/named/named" -g -c named.conf "$@"
