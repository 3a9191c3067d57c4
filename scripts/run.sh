#!/bin/sh
# Install what is missing, build, and run Bindery on the bundled example
# (examples/named.conf, zone example.com, 127.0.0.1 port 5300).
# Until the named daemon lands, this checks the example zone with our
# named-checkzone and prints it in BIND's canonical form.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" "$top/build"
cd "$top/examples"
if [ -x "$top/build/named/named" ]; then
	exec "$top/build/named/named" -g -c named.conf
fi
"$top/build/tools/named-checkzone" example.com example.com.db
exec "$top/build/tools/named-compilezone" -q -o - example.com example.com.db
