#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench compares with Xen from Debian: extracts /boot/xen-4.17-arm64 of
# xen-hypervisor-4.17-arm64:arm64 (apt-get download, dpkg-deb) into CACHE/xen. Cached.
#   tests/bench/fetch_xen.sh CACHE
set -eu
cache=${1:?usage: fetch_xen.sh CACHE}
[ -f "$cache/xen" ] && exit 0
if ! apt-cache show xen-hypervisor-4.17-arm64:arm64 >/dev/null 2>&1; then
	echo "bench: xen-hypervisor-4.17-arm64:arm64 is not in the archive (dpkg --add-architecture arm64?)" >&2
	exit 1
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 0777 "$tmp"
(cd "$tmp" && apt-get download -q xen-hypervisor-4.17-arm64:arm64 >/dev/null)
dpkg-deb --fsys-tarfile "$tmp"/xen-hypervisor-*.deb | tar -x -C "$tmp" ./boot/xen-4.17-arm64
dpkg-deb -f "$tmp"/xen-hypervisor-*.deb Package Version | tr '\n' ' ' >"$cache/xen.VERSION"
mv "$tmp/boot/xen-4.17-arm64" "$cache/xen"
