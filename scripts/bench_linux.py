#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench, Linux guest part (docs/benchmarks.md): the same Debian kernel and initramfs,
on the same QEMU, booted three ways in one run:

  bare     Linux at EL1 on QEMU virt (virtualization=off), -smp 1, 256 MiB
  bulkhead Linux in the Linux partition of tests/bench/solutions/linux (1 vCPU, 256 MiB)
  xen      Linux as dom0 of Debian's Xen 4.17 (dom0_mem=256M, dom0_max_vcpus=1), guest-loader

Figures: wall time from QEMU's start to the init banner (median of RUNS, the three taken in
turn), and the instructions of a CPU-bound workload inside Linux (gzip -9 of busybox) under
-icount shift=0, where the kernel's nanoseconds are retired instructions. Both as ratios to
bare. Also the hypervisor's check of the boot package before Linux starts, from its log line
(wall: median; -icount: virtual microseconds, i.e. thousands of instructions of all CPUs). QEMU runs with -cpu max,pauth-impdef=on -seed 1 and dtb-randomness=off
(../shared/design/measuring.md).

    bench_linux.py BENCH_BUILD XEN_CACHE

With BENCH_LINUX_BASELINE=<build dir of another bench_linux build> in the environment (for
example one of an older commit), that build's image joins the runs as a fourth set-up,
"baseline", taken in turn with the others: before/after figures from one run.
"""
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
    bare = ["qemu-system-aarch64", "-M", "virt,gic-version=3,dtb-randomness=off"] + CPU + \
        ["-smp", "1", "-m", "256"] + COMMON + \
        ["-kernel", kernel, "-initrd", initrd, "-append", "console=ttyAMA0 " + CMDLINE]
    xen_cmd = ["qemu-system-aarch64", "-M",
               "virt,virtualization=on,gic-version=3,dtb-randomness=off"] + CPU + \
        ["-smp", "1", "-m", "512"] + COMMON + \
        ["-kernel", os.path.join(xen, "xen"),
         "-append", "dom0_mem=256M dom0_max_vcpus=1 console=dtuart dtuart=/pl011@9000000",
         "-device", f"guest-loader,addr=0x42000000,kernel={kernel},"
                    f"bootargs=console=hvc0 {CMDLINE}",
         "-device", f"guest-loader,addr=0x4a000000,initrd={initrd}"]
    cmds = {"bare": bare, "bulkhead": ours, "xen": xen_cmd}
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


def workload(cmd, lines_out=None):
    seen, lines = run(cmd + ICOUNT, "BHBENCH workload_ns")
    if seen is None:
        sys.exit("bench: no workload figure from:\n  " + " ".join(cmd) + "\n" +
                 "\n".join(lines[-30:]))
    if lines_out is not None:
        lines_out.extend(lines)
    return int(lines[-1].split("BHBENCH workload_ns")[1])


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
    insns = {n: workload(cmds[n], icount_lines if n == "bulkhead" else None) for n in names}
    again = workload(cmds["bulkhead"])
    wall = {n: statistics.median(v) for n, v in to_init.items()}

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
    print("targets: Bulkhead at most 1.15x wall to init and 1.02x workload instructions")
    if again != insns["bulkhead"]:
        print(f"note: a second icount run of bulkhead gave {again:,} instructions "
              f"({again / insns['bulkhead']:.4f}x the first)")
    with open(os.path.join(xen, "xen.VERSION")) as f:
        print("xen: " + f.read().strip())


if __name__ == "__main__":
    main()
