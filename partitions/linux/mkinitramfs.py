#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Builds the Linux guest's initramfs: an uncompressed cpio archive (newc format) with busybox,
its applet links, the project's /init and any extra files. Every entry is owned by root with
mtime 0, so the archive is byte-identical from build to build; no root privileges are needed
(device nodes are written into the archive, not created on the host).

    mkinitramfs.py --busybox FILE --init FILE [--extra DIR]... --out FILE
"""
import argparse
import os
import stat
import sys

# The applets /init and the test scripts use; busybox --install would need to run arm64 code.
APPLETS = """sh ash cat echo ls mount umount mkdir rm cp mv ln sleep uname dmesg grep sed awk
head tail wc cut tr sort uniq seq date expr test [ true false printf poweroff reboot halt
devmem taskset nproc ps kill top free df setsid cttyhack mknod chmod hexdump od dd md5sum
sha256sum gzip gunzip tar time timeout yes watch vi less more env id hostname stty""".split()


class Cpio:
    def __init__(self):
        self.data = bytearray()
        self.ino = 1
        self.seen = set()

    def entry(self, name, mode, body=b"", rdev=(0, 0)):
        if name in self.seen:
            sys.exit(f"mkinitramfs: '{name}' is in the archive twice")
        self.seen.add(name)
        nameb = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, 1, 0, len(body), 0, 0, rdev[0], rdev[1], len(nameb), 0)
        self.ino += 1
        self.data += b"070701" + b"".join(b"%08X" % f for f in fields) + nameb
        self.data += b"\0" * (-len(self.data) % 4)
        self.data += body
        self.data += b"\0" * (-len(self.data) % 4)

    def dir(self, name):
        self.entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, path, mode=None):
        with open(path, "rb") as f:
            body = f.read()
        if mode is None:
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
        self.entry(name, stat.S_IFREG | mode, body)

    def symlink(self, name, target):
        self.entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, mode=0o600):
        self.entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def trailer(self):
        self.entry("TRAILER!!!", 0)
        self.data += b"\0" * (-len(self.data) % 512)


def add_tree(cpio, root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root)
        if rel != ".":
            if rel not in cpio.seen:
                cpio.dir(rel)
        for fn in sorted(filenames):
            src = os.path.join(dirpath, fn)
            name = os.path.normpath(os.path.join(rel, fn))
            if os.path.islink(src):
                cpio.symlink(name, os.readlink(src))
            else:
                cpio.file(name, src)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    c = Cpio()
    for d in ("bin", "sbin", "dev", "proc", "sys", "tmp", "etc", "root", "usr", "usr/bin",
              "usr/sbin"):
        c.dir(d)
    # The kernel opens /dev/console for init's stdio before /init could mount devtmpfs.
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3, 0o666)
    c.file("bin/busybox", a.busybox, 0o755)
    for applet in APPLETS:
        c.symlink("bin/" + applet, "busybox")
    c.file("init", a.init, 0o755)
    for extra in a.extra:
        if not os.path.isdir(extra):
            sys.exit(f"mkinitramfs: extra files directory '{extra}' does not exist")
        add_tree(c, extra)
    c.trailer()
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(c.data)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
