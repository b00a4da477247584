// SPDX-License-Identifier: GPL-2.0-only
/* The thread API in partitions: the checks run inside (tests/qemu/solutions/threads). */
#include <stdio.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_threads, scheduling_and_thread_api)
{
	static const char *const checks[] = {
		"exit_code", "stale_tid_after_wait", "unknown_tid", "higher_priority_preempts",
		"lower_priority_waits", "lower_priority_runs_when_cpu_free",
		"suspended_does_not_run", "resume", "round_robin_same_priority", "sleep_duration",
		"wait_timeout", "wait_after_timeout", "tls_isolated", "thread_limit",
		"slots_reusable_after_wait", "bad_priority",
	};
	struct boot b;
	char line[128];

	boot(&b, "test_threads", NULL);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		snprintf(line, sizeof(line), "[Sched] PASS %s\n", checks[i]);
		expect_line(&b, line);
	}
	expect_line(&b, "[Sched] sched: 16 checks, 0 failed");
	expect_line(&b, "[Smp] PASS malloc_on_two_cpus");
	expect_line(&b, "[Smp] smp: 1 checks, 0 failed");
	expect_no_line(&b, "FAIL");
	expect_powered_off(&b);
	boot_free(&b);
}
