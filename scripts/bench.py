#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: figures that are stable on a noisy machine (docs/benchmarks.md).

Instruction counts come from the bench partition's PMU under -icount shift=0 (one cycle is one
instruction: deterministic); wall times are medians of several runs. Ratios are taken against
the null hypercall measured in the same run.
"""
import json
import os
import statistics
import subprocess
import sys
import time

RUNS = 5


def qemu_cmd(build):
    with open(f"{build}/qemu.cmd") as f:
        return f.read().split()


def boot(cmd, marker, timeout=120):
    """Seconds from QEMU's start to the first line containing marker, and to its exit."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
    seen, lines = None, []
    for line in proc.stdout:
        lines.append(line.rstrip())
        if seen is None and marker in line:
            seen = time.monotonic() - start
        if time.monotonic() - start > timeout:
            proc.kill()
            break
    proc.wait()
    return seen, time.monotonic() - start, lines


def counts(build, icount=True):
    extra = ["-icount", "shift=0,align=off,sleep=off"] if icount else []
    _, _, lines = boot(qemu_cmd(build) + extra, "bench")
    out = {}
    for line in lines:
        if "] bench " in line:
            name, value = line.split("] bench ")[1].split()
            out[name] = int(value)
    return out


def main():
    hello, switch = sys.argv[1], sys.argv[2]
    image = sys.argv[3]
    ipc = sys.argv[4] if len(sys.argv) > 4 else None
    c1, c2 = counts(switch), counts(switch)
    if not c1 or c1 != c2:
        sys.exit(f"bench: instruction counts missing or not deterministic: {c1} vs {c2}")
    if ipc:
        i1, i2 = counts(ipc), counts(ipc)
        if not i1 or i1 != i2 or "errors" in i1:
            sys.exit(f"bench: IPC counts missing, failing or not deterministic: {i1} vs {i2}")
        c1.update(i1)
    # switch and IPC runs taken in turn, so that a busy spell of the machine hits both
    wall = []
    for _ in range(RUNS):
        w = counts(switch, icount=False)
        if ipc:
            w.update(counts(ipc, icount=False))
        wall.append(w)
    if not all(wall):
        sys.exit("bench: the switch benchmark printed nothing without -icount")
    to_hello, to_off = [], []
    for _ in range(RUNS):
        seen, total, lines = boot(qemu_cmd(hello), "[Hello] Hello world!")
        if seen is None:
            sys.exit("bench: hello did not boot:\n" + "\n".join(lines))
        to_hello.append(seen)
        to_off.append(total)
    floor = c1["null_hypercall"]
    with open(image, "rb") as f:
        size = len(f.read())
    print("Bulkhead bench: QEMU TCG, instruction counts with -icount shift=0 (deterministic,")
    print(f"checked by running twice), wall times as the median of {RUNS} runs")
    print()
    wall_floor = statistics.median(w["null_hypercall_ns"] for w in wall)
    print(f"{'figure':40} {'instructions':>12} {'ratio':>6} {'wall time':>11} {'ratio':>6}")
    for key, label in (("null_hypercall", "null hypercall round trip"),
                       ("thread_switch", "thread switch, same partition"),
                       ("partition_switch", "partition switch (VMID change)"),
                       ("mutex_uncontended", "mutex lock + unlock, uncontended"),
                       ("futex_handoff", "semaphore hand-off between threads"),
                       ("ipc_8b_static", "IPC round trip, 8 bytes, verdict table"),
                       ("ipc_4k_static", "IPC round trip, 4 KiB arena, verdict table"),
                       ("ipc_8b_monitor", "IPC round trip, 8 bytes, monitor"),
                       ("ipc_4k_monitor", "IPC round trip, 4 KiB arena, monitor")):
        if key not in c1:
            continue
        w = statistics.median(x[key + "_ns"] for x in wall)
        print(f"{label:40} {c1[key]:>12} {c1[key] / floor:>5.1f}x {w:>8} ns "
              f"{w / wall_floor:>5.1f}x")
    print(f"{'boot: QEMU start to [Hello] Hello world!':44} "
          f"{statistics.median(to_hello):>11.3f} s")
    print(f"{'boot: QEMU start to power-off (QEMU exit)':44} "
          f"{statistics.median(to_off):>11.3f} s")
    print(f"{'hypervisor image (bulkhead.bin)':44} {size:>9} bytes")
    if ipc:
        # for scripts/bench_linux.py, which sets the Linux pipe round trip beside these
        figures = {k: c1[k] for k in c1 if k.startswith("ipc_") and not k.endswith("_ns")}
        figures.update({k + "_ns": statistics.median(x[k + "_ns"] for x in wall)
                        for k in list(figures)})
        with open(os.path.join(ipc, "bench.json"), "w") as f:
            json.dump(figures, f)
    print()
    print("Reference on this QEMU (docs/benchmarks.md): a bare HVC round trip is 12 insns;")
    print("Linux (Debian 6.1, -smp 1) boots to its init in 2.1 s.")


if __name__ == "__main__":
    main()
