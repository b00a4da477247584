#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the Debian packages Bulkhead needs and unpacks the third-party sources it builds
# from (libfdt from device-tree-compiler). Idempotent: does nothing when everything is there.
#
#   scripts/deps.sh check            exit 0 when every package is installed
#   scripts/deps.sh install          install the missing packages (root, apt-get)
#   scripts/deps.sh source DIR       unpack libfdt's source from Debian into DIR/libfdt
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list="$here/packages.txt"

missing() {
	grep -v '^#' "$list" | while read -r pkg file; do
		[ -n "$pkg" ] || continue
		[ -e "$file" ] || echo "$pkg"
	done
}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get source needs a deb-src entry; Debian 12 images often ship only "Types: deb".
ensure_deb_src() {
	if grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
	src=/etc/apt/sources.list.d/bulkhead-deb-src.sources
	echo "deps: adding $src so that 'apt-get source' works"
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
			as_root tee "$src" >/dev/null
	else
		grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
			as_root tee /etc/apt/sources.list.d/bulkhead-deb-src.list >/dev/null
	fi
	as_root apt-get update -q
}

case "${1:-check}" in
check)
	[ -z "$(missing)" ]
	;;
install)
	pkgs=$(missing)
	[ -n "$pkgs" ] || exit 0
	echo "deps: installing missing Debian packages:" $pkgs
	as_root apt-get update -q
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pkgs
	;;
source)
	dir=${2:?usage: deps.sh source DIR}
	[ -f "$dir/libfdt/fdt.c" ] && exit 0
	ensure_deb_src
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/.src.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# libfdt's home is device-tree-compiler; U-Boot's source package carries the same library
	# (scripts/dtc/libfdt) and is the fallback when the mirror lacks the dtc source.
	if (cd "$tmp" && apt-get source -q --download-only device-tree-compiler >/dev/null 2>&1); then
		tar -xf "$tmp"/device-tree-compiler_*.orig.tar.* -C "$tmp" --wildcards '*/libfdt/*'
	elif (cd "$tmp" && apt-get source -q --download-only u-boot >/dev/null 2>&1); then
		tar -xf "$tmp"/u-boot_*.orig.tar.* -C "$tmp" --wildcards '*/scripts/dtc/libfdt/*'
	else
		echo "deps: cannot fetch the source of libfdt (device-tree-compiler or u-boot)" >&2
		exit 1
	fi
	rm -rf "$dir/libfdt"
	mv "$(dirname "$(find "$tmp" -name fdt.c | head -n 1)")" "$dir/libfdt"
	echo "deps: libfdt source from Debian in $dir/libfdt"
	;;
*)
	echo "usage: $0 check|install|source DIR" >&2
	exit 2
	;;
esac
