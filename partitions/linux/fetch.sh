#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The Linux guest's third-party parts, from Debian's arm64 archive, cached in CACHE:
#   CACHE/Image     the kernel of linux-image-arm64:arm64, at the exact version the
#                   metapackage depends on, unpacked with dpkg-deb (an uncompressed arm64 Image)
#   CACHE/busybox   /bin/busybox of busybox-static:arm64
#   CACHE/VERSION   the two package versions, for the build log and docs
#
#   partitions/linux/fetch.sh CACHE
#
# Adds the arm64 architecture to dpkg and runs apt-get update once when the archive does not
# know linux-image-arm64:arm64 yet. Does nothing when CACHE is complete.
set -eu

cache=${1:?usage: fetch.sh CACHE}
[ -f "$cache/Image" ] && [ -f "$cache/busybox" ] && [ -f "$cache/VERSION" ] && exit 0

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "linux: adding the arm64 architecture to dpkg (dpkg --add-architecture arm64)"
	as_root dpkg --add-architecture arm64
	as_root apt-get update -q
fi
if ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
	as_root apt-get update -q
fi

# The metapackage depends on exactly one versioned image package: take that one.
kpkg=$(apt-cache depends linux-image-arm64:arm64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
[ -n "$kpkg" ] || { echo "linux: cannot tell which kernel linux-image-arm64:arm64 depends on" >&2; exit 1; }
kpkg=${kpkg%:arm64}

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "linux: downloading $kpkg:arm64 and busybox-static:arm64 into $cache"
# apt-get download drops privileges to _apt, which needs to be able to write here.
chmod 0777 "$tmp"
(cd "$tmp" && apt-get download -q "$kpkg:arm64" busybox-static:arm64 >/dev/null)

# Only the kernel Image is needed, not the modules: extract that one file.
dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
dpkg-deb --fsys-tarfile "$tmp"/busybox-static_*.deb | tar -x -C "$tmp" ./bin/busybox
img=$(ls "$tmp"/boot/vmlinuz-*)
# Debian's arm64 vmlinuz is the plain Image, or gzip-compressed on some releases.
if gzip -t "$img" 2>/dev/null; then gzip -dc "$img" >"$tmp/Image"; else cp "$img" "$tmp/Image"; fi
# The arm64 boot protocol's magic "ARM\x64" at offset 56.
[ "$(dd if="$tmp/Image" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' ')" = 41524d64 ] ||
	{ echo "linux: $img is not an arm64 Image" >&2; exit 1; }
{
	dpkg-deb -f "$tmp"/linux-image-*.deb Package Version | tr '\n' ' '; echo
	dpkg-deb -f "$tmp"/busybox-static_*.deb Package Version | tr '\n' ' '; echo
} >"$tmp/VERSION"
mv "$tmp/Image" "$cache/Image"
mv "$tmp/bin/busybox" "$cache/busybox"
mv "$tmp/VERSION" "$cache/VERSION"
cat "$cache/VERSION"
