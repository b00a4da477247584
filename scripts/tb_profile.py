#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Instructions per function from a QEMU log, without plugins (docs/benchmarks.md, Profiling).

Run QEMU with -icount shift=0,align=off,sleep=off -d in_asm,exec,nochain -D LOG, then
  tb_profile.py LOG [--between START END] [--div N] [--lines FUNC] ELF[=LO-HI] ...
Each translated block (in_asm) is bound to the host address of the first "Trace" line that
follows it (QEMU translates a block just before it first runs it); every later Trace line of
that host address executes all of its instructions. Instructions are attributed to symbols of
the first ELF whose range holds the PC and whose bytes match the translated instructions
(partitions share their IPA base, so the bytes tell Client from Server). --between counts only
from the first block that begins at the entry of function START to the next block that begins
at the entry of END; --div divides the counts (the number of iterations in that window);
--lines FUNC breaks FUNC's count down by source line (addr2line), inlined code included.
"""
import bisect
import collections
import re
import subprocess
import sys


class Elf:
    def __init__(self, spec):
        path, _, rng = spec.partition("=")
        self.name = path.rsplit("/", 1)[-1]
        self.syms = []
        out = subprocess.run(["aarch64-linux-gnu-nm", "-n", path], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                self.syms.append((int(parts[0], 16), parts[2]))
        self.addrs = [a for a, _ in self.syms]
        self.lo, self.hi = (int(x, 16) for x in rng.split("-")) if rng else (
            self.addrs[0], self.addrs[-1] + 0x10000)
        self.words = {}
        dump = subprocess.run(["aarch64-linux-gnu-objdump", "-d", path], capture_output=True,
                              text=True, check=True).stdout
        for m in re.finditer(r"^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s", dump, re.M):
            self.words[int(m.group(1), 16)] = int(m.group(2), 16)

    def matches(self, insns):
        return all(self.lo <= pc < self.hi and self.words.get(pc) == w for pc, w in insns)

    def sym(self, pc):
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.syms[i][1] if i >= 0 else "?"

    def entry(self, pc):
        """The symbol whose first instruction is at pc, else None."""
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.syms[i][1] if i >= 0 and self.addrs[i] == pc else None


def main():
    args = sys.argv[1:]
    log = args.pop(0)
    start = end = None
    div = 1
    if args and args[0] == "--between":
        start, end = args[1], args[2]
        args = args[3:]
    if args and args[0] == "--div":
        div = int(args[1])
        args = args[2:]
    lines_of = None
    if args and args[0] == "--lines":
        lines_of = args[1]
        args = args[2:]
    elfs = [Elf(a) for a in args]
    tbs = {}
    pending = None
    counts = collections.Counter()
    insn_re = re.compile(r"^0x([0-9a-f]+):\s+([0-9a-f]{8})\s")
    active = start is None
    total = 0
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                pending = []
                continue
            if pending is not None:
                m = insn_re.match(line)
                if m:
                    pending.append((int(m.group(1), 16), int(m.group(2), 16)))
                    continue
            if line.startswith("Trace "):
                host = line.split()[2]
                pc = int(line.split("[")[1].split("/")[1], 16)
                if pending:
                    owner = next((e for e in elfs if e.matches(pending)), None)
                    names = [owner.name + ":" + owner.sym(p) if owner else f"?{p:x}"
                             for p, _ in pending]
                    if lines_of:
                        names = [f"{n}@{p:x}" if n.endswith(":" + lines_of) else n
                                 for n, (p, _) in zip(names, pending)]
                    # --between counts from a block that starts at the function's entry, not
                    # from any block whose first instruction lies inside it
                    tbs[host] = (names, owner.entry(pending[0][0]) if owner else None)
                    pending = None
                names, first = tbs.get(host, (None, None))
                if not names:
                    continue
                if start is not None:
                    if not active and first == start:
                        active = True
                    elif active and first == end:
                        break
                if active:
                    for n in names:
                        counts[n] += 1
                    total += len(names)
    if lines_of:
        by_line = collections.Counter()
        pcs = [k for k in counts if "@" in k]
        if pcs:
            out = subprocess.run(["aarch64-linux-gnu-addr2line", "-e",
                                  next(a.split("=")[0] for a in args
                                       if a.split("=")[0].endswith(pcs[0].split(":")[0])),
                                  *[k.split("@")[1] for k in pcs]],
                                 capture_output=True, text=True, check=True).stdout
            for k, where in zip(pcs, out.splitlines()):
                where = where.split(" (discriminator")[0]
                by_line[where.rsplit("/", 1)[-1]] += counts[k]
        for where, n in sorted(by_line.items(), key=lambda x: -x[1]):
            print(f"{n / div:10.1f}  {where}")
        return
    for name, n in counts.most_common(60):
        print(f"{n / div:10.1f}  {name}")
    print(f"{total / div:10.1f}  total")


if __name__ == "__main__":
    main()
