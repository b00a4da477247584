// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the Linux baseline of the IPC round trip. Two processes pinned to one CPU pass
 * an 8-byte message over a pipe and the answer back over another, ROUNDS times; the parent
 * prints nanoseconds per round trip (CLOCK_MONOTONIC) and, when the guest's PMU is usable
 * through perf_event_open, instructions per round trip (both processes, user and kernel).
 * Under -icount shift=0 one guest instruction is one nanosecond, so the first figure is the
 * instruction count there (docs/benchmarks.md); without -icount it is the wall time.
 * Built static for the Linux guest's initramfs (tests/bench/solutions/linux/solution.mk).
 */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 200
#define ROUNDS 2000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void xfer(int fd, void *buf, int write_it)
{
	ssize_t n = write_it ? write(fd, buf, 8) : read(fd, buf, 8);

	if (n != 8) {
		perror(write_it ? "pipebench: write" : "pipebench: read");
		exit(1);
	}
}

/* Retired instructions of this process and the child it forks (inherit), or -1. */
static int insn_counter(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_HARDWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.disabled = 1;
	a.inherit = 1;
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

int main(void)
{
	int to_child[2], to_parent[2], pmu;
	uint64_t msg = 0, t0, t1, insns = 0;
	cpu_set_t one;
	pid_t pid;

	/* One CPU for both, as the two partitions of the IPC benchmark share one. */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		perror("pipebench: sched_setaffinity");
	if (pipe(to_child) || pipe(to_parent)) {
		perror("pipebench: pipe");
		return 1;
	}
	pmu = insn_counter();
	pid = fork();
	if (pid < 0) {
		perror("pipebench: fork");
		return 1;
	}
	if (pid == 0) {
		for (int i = 0; i < WARMUP + ROUNDS; i++) {
			xfer(to_child[0], &msg, 0);
			msg++;
			xfer(to_parent[1], &msg, 1);
		}
		_exit(0);
	}
	for (int i = 0; i < WARMUP; i++) {
		xfer(to_child[1], &msg, 1);
		xfer(to_parent[0], &msg, 0);
	}
	if (pmu >= 0)
		ioctl(pmu, PERF_EVENT_IOC_ENABLE, 0);
	t0 = now_ns();
	for (int i = 0; i < ROUNDS; i++) {
		xfer(to_child[1], &msg, 1);
		xfer(to_parent[0], &msg, 0);
	}
	t1 = now_ns();
	if (pmu >= 0) {
		ioctl(pmu, PERF_EVENT_IOC_DISABLE, 0);
		if (read(pmu, &insns, sizeof(insns)) != sizeof(insns))
			insns = 0;
	}
	waitpid(pid, NULL, 0);
	if (msg != WARMUP + ROUNDS) { /* the child adds one per round trip */
		printf("pipebench: wrong answers (%llu)\n", (unsigned long long)msg);
		return 1;
	}
	printf("BHBENCH pipe_rt_ns %llu\n", (unsigned long long)((t1 - t0) / ROUNDS));
	if (pmu >= 0 && insns)
		printf("BHBENCH pipe_rt_pmu_insns %llu\n", (unsigned long long)(insns / ROUNDS));
	else
		printf("BHBENCH pipe_rt_pmu_insns none (no PMU through perf_event_open)\n");
	return 0;
}
