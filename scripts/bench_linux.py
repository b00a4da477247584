#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench, Linux guest part (docs/benchmarks.md): the same Debian kernel and initramfs,
on the same QEMU, booted three ways in one run:

  bare     Linux at EL1 on QEMU virt (virtualization=off), -smp 1, 256 MiB
  bare-2cpu the same on the two-CPU machine the Bulkhead set-up needs (-smp 2, maxcpus=1):
           not a target's reference, but it shows what QEMU charges for the second vCPU
  bulkhead Linux in the Linux partition of tests/bench/solutions/linux (1 vCPU, 256 MiB)
  xen      Linux as dom0 of Debian's Xen 4.17 (dom0_mem=256M, dom0_max_vcpus=1), guest-loader

Figures: wall time from QEMU's start to the init banner (median of RUNS, the three taken in
turn), and the instructions of a CPU-bound workload inside Linux (gzip -9 of busybox) under
-icount shift=0, where the kernel's nanoseconds are retired instructions. Both as ratios to
bare. Also the hypervisor's check of the boot package before Linux starts, from its log line
(wall: median; -icount: virtual microseconds, i.e. thousands of instructions of all CPUs).
QEMU runs with -cpu max,pauth-impdef=on -seed 1 and dtb-randomness=off
(../shared/design/measuring.md).

Then the Linux baseline of the IPC round trip: pipebench (tests/bench/solutions/linux), two
processes on one CPU passing 8 bytes over pipes; instructions per round trip from the same
-icount runs (the kernel's nanoseconds again), wall time as the median of RUNS boots of the
Bulkhead set-up, set beside the IPC figures scripts/bench.py left in IPC_JSON.

    bench_linux.py BENCH_BUILD XEN_CACHE [IPC_JSON]

With BENCH_LINUX_BASELINE=<build dir of another bench_linux build> in the environment (for
example one of an older commit), that build's image joins the runs as a fourth set-up,
"baseline", taken in turn with the others: before/after figures from one run.
"""
import json
import os
import statistics
import subprocess
import sys
import time

RUNS = 5
BANNER = "Bulkhead Linux guest: init started"
CMDLINE = "rdinit=/init bh.script=bench"
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
CPU = ["-accel", "tcg", "-cpu", "max,pauth-impdef=on", "-seed", "1"]
PACKAGE_LINE = "hyp: boot package: "
COMMON = ["-nographic", "-nic", "none", "-no-reboot"]


def hypervisor_command(build):
    with open(os.path.join(build, "qemu.cmd")) as f:
        ours = f.read().split()
    ours = [a.replace("virt,virtualization=on,gic-version=3",
                      "virt,virtualization=on,gic-version=3,dtb-randomness=off") for a in ours]
    return ours + ["-seed", "1"]


def commands(build, xen):
    images = os.path.join(build, "solution", "images")
    kernel = os.path.realpath(os.path.join(images, "linux"))
    initrd = os.path.join(images, "linux.cpio")
    ours = hypervisor_command(build)

    def bare_linux(smp, extra_args=""):
        return ["qemu-system-aarch64", "-M", "virt,gic-version=3,dtb-randomness=off"] + CPU + \
            ["-smp", str(smp), "-m", "256"] + COMMON + \
            ["-kernel", kernel, "-initrd", initrd,
             "-append", "console=ttyAMA0 " + CMDLINE + extra_args]
    xen_cmd = ["qemu-system-aarch64", "-M",
               "virt,virtualization=on,gic-version=3,dtb-randomness=off"] + CPU + \
        ["-smp", "1", "-m", "512"] + COMMON + \
        ["-kernel", os.path.join(xen, "xen"),
         "-append", "dom0_mem=256M dom0_max_vcpus=1 console=dtuart dtuart=/pl011@9000000",
         "-device", f"guest-loader,addr=0x42000000,kernel={kernel},"
                    f"bootargs=console=hvc0 {CMDLINE}",
         "-device", f"guest-loader,addr=0x4a000000,initrd={initrd}"]
    cmds = {"bare": bare_linux(1), "bare-2cpu": bare_linux(2, " maxcpus=1"), "bulkhead": ours,
            "xen": xen_cmd}
    if os.environ.get("BENCH_LINUX_BASELINE"):
        cmds["baseline"] = hypervisor_command(os.environ["BENCH_LINUX_BASELINE"])
    return cmds


def run(cmd, until, timeout=600):
    """Seconds from start to the first line containing `until`, and the lines so far."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
    seen, lines = None, []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
            if until in line:
                seen = time.monotonic() - start
                break
            if time.monotonic() - start > timeout:
                break
    finally:
        proc.kill()
        proc.wait()
    return seen, lines


def package_check_us(lines):
    """The microseconds of the hypervisor's 'boot package: ... checked in N us' line."""
    for line in lines:
        if PACKAGE_LINE in line:
            return int(line.split(" checked in ")[1].split()[0])
    sys.exit("bench: no '" + PACKAGE_LINE + "' line:\n" + "\n".join(lines[-30:]))


def figures(cmd, lines_out=None, until="BHBENCH pipe_rt_pmu_insns",
            need=("workload_ns", "pipe_rt_ns")):
    """The BHBENCH lines of one boot, up to pipebench's last one."""
    seen, lines = run(cmd, until)
    if lines_out is not None:
        lines_out.extend(lines)
    out = {}
    for line in lines:
        if "BHBENCH " in line:
            key, _, value = line.split("BHBENCH ")[1].partition(" ")
            out[key] = int(value) if value.isdigit() else None
    if seen is None or any(k not in out for k in need):
        sys.exit("bench: no workload or pipe figure from:\n  " + " ".join(cmd) + "\n" +
                 "\n".join(lines[-30:]))
    return out


def workload(cmd, lines_out=None):
    return figures(cmd + ICOUNT, lines_out)


def baseline_workload(cmd):
    """A baseline build may predate pipebench: only its workload figure is read."""
    return figures(cmd + ICOUNT, None, "BHBENCH workload_ns", ("workload_ns",))


def main():
    build, xen = sys.argv[1], sys.argv[2]
    cmds = commands(build, xen)
    names = list(cmds)
    to_init = {n: [] for n in names}
    check_wall = []
    for _ in range(RUNS):
        for n in names:
            seen, lines = run(cmds[n], BANNER)
            if seen is None:
                sys.exit(f"bench: {n} did not reach its init:\n" + "\n".join(lines[-30:]))
            to_init[n].append(seen)
            if n == "bulkhead":
                check_wall.append(package_check_us(lines))
    icount_lines = []
    icount = {n: baseline_workload(cmds[n]) if n == "baseline" else
              workload(cmds[n], icount_lines if n == "bulkhead" else None) for n in names}
    insns = {n: icount[n]["workload_ns"] for n in names}
    again = workload(cmds["bulkhead"])["workload_ns"]
    wall = {n: statistics.median(v) for n, v in to_init.items()}
    pipe_wall = statistics.median(figures(cmds["bulkhead"])["pipe_rt_ns"] for _ in range(RUNS))

    print()
    print("Linux guest: Debian's kernel and the same initramfs, bare / in Bulkhead / as Xen dom0")
    print(f"(wall: median of {RUNS}, taken in turn; instructions: -icount shift=0)")
    print()
    print(f"{'':10} {'QEMU start to init':>20} {'ratio':>7} {'workload insns':>16} {'ratio':>7}")
    for n in names:
        print(f"{n:10} {wall[n]:>18.2f} s {wall[n] / wall['bare']:>6.3f}x "
              f"{insns[n]:>16,} {insns[n] / insns['bare']:>6.3f}x")
    if "baseline" in names:
        print(f"(baseline: {os.environ['BENCH_LINUX_BASELINE']})")
    print()
    print(f"Bulkhead's check of the boot package before Linux starts: "
          f"{statistics.median(check_wall) / 1000:.0f} ms wall (median), "
          f"{package_check_us(icount_lines) / 1000:.1f} M instructions of all CPUs (-icount)")
    print(f"Bulkhead against bare-2cpu (the same two-CPU QEMU machine, Linux on one): "
          f"{wall['bulkhead'] / wall['bare-2cpu']:.3f}x wall to init, "
          f"{insns['bulkhead'] / insns['bare-2cpu']:.3f}x workload instructions")
    print("targets: Bulkhead at most 1.15x wall to init and 1.02x workload instructions")
    if again != insns["bulkhead"]:
        print(f"note: a second icount run of bulkhead gave {again:,} instructions "
              f"({again / insns['bulkhead']:.4f}x the first)")
    with open(os.path.join(xen, "xen.VERSION")) as f:
        print("xen: " + f.read().strip())
    pipe_report(icount, pipe_wall, sys.argv[3] if len(sys.argv) > 3 else None)


def pipe_report(icount, pipe_wall, ipc_json):
    print()
    print("Linux pipe round trip (8 bytes, two processes on one CPU, pipebench) beside")
    print("Bulkhead's IPC round trip (8 bytes, verdict table, tests/bench/solutions/ipc)")
    print()
    for n, f in icount.items():
        if "pipe_rt_ns" not in f:
            continue
        pmu = f.get("pipe_rt_pmu_insns")
        print(f"Linux pipe, {n:9} {f['pipe_rt_ns']:>10,} instructions (icount)"
              f"{'' if pmu is None else f', {pmu:,} by the guest PMU'}")
    print(f"Linux pipe, bulkhead  {pipe_wall:>10,.0f} ns wall (median of {RUNS})")
    if not ipc_json or not os.path.exists(ipc_json):
        return
    with open(ipc_json) as f:
        ipc = json.load(f)
    ours, ours_ns = ipc["ipc_8b_static"], ipc["ipc_8b_static_ns"]
    linux = icount["bulkhead"]["pipe_rt_ns"]
    print(f"Bulkhead IPC          {ours:>10,} instructions, {ours_ns:,.0f} ns wall")
    print(f"Linux pipe / Bulkhead IPC: {linux / ours:.1f}x instructions, "
          f"{pipe_wall / ours_ns:.1f}x wall time (target: at least 10x in wall time)")


if __name__ == "__main__":
    main()
