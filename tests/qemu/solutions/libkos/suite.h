/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-partition test runner: each case prints "PASS <name>" or "FAIL <name>: <why>", and
 * the run ends with "<n> passed, <m> failed", which tests/qemu/test_libkos.c checks.
 */
#ifndef SUITE_H
#define SUITE_H

#include <stdint.h>

#include <kos/thread.h>

/* Record the first failure of the running case and leave it. */
#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			suite_fail(__LINE__, __VA_ARGS__);                                         \
			return;                                                                    \
		}                                                                                  \
	} while (0)

/* Timeouts may end late on a loaded host (TCG, shared CPUs) but never early. */
#define LATE_MS 3000u
#define IN_TOLERANCE(elapsed, timeout) ((elapsed) >= (timeout) && (elapsed) <= (timeout) + LATE_MS)

/* Sleep in 5 ms steps until cond holds, at most LATE_MS; true if it did. For letting another
 * thread reach a point (start waiting, stop) without a fixed sleep that a busy host outruns. */
#define EVENTUALLY(cond)                                                                           \
	({                                                                                         \
		uint64_t until_ = now_ms() + LATE_MS;                                              \
		while (!(cond) && now_ms() < until_)                                               \
			KosThreadSleep(5);                                                         \
		(cond);                                                                            \
	})

void suite_fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void suite_run(const char *name, void (*fn)(void));
int suite_summary(void);
uint64_t now_ms(void);

/* The case groups (one file each). */
void threads_cases(void);
void sync_cases(void);
void time_mem_cases(void);
void handle_cases(void);
void queue_stat_io_cases(void);

#endif
