#!/bin/sh
# Install every package Bindery needs to build, test and benchmark, on Debian 12.
# Peer servers (bind9, knot, nsd) are installed without starting their
# services: a temporary policy-rc.d refuses every service start.
set -eu

PKGS="build-essential autoconf automake libtool pkg-config flex bison
libssl-dev libuv1-dev liburcu-dev libcmocka-dev
clang llvm libclang-rt-14-dev
python3 python3-pytest python3-dnspython
bind9 bind9-utils bind9-dnsutils knot knot-dnsutils nsd dnsperf
procps iproute2"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 755 "$policy"
	made_policy=1
fi
cleanup() { [ "$made_policy" = 1 ] && $SUDO rm -f "$policy"; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
