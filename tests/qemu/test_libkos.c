// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libkos suite in partitions (tests/qemu/solutions/libkos): every case prints PASS or
 * FAIL and each partition a "<n> passed, <m> failed" summary; here the summaries must show
 * every case run and none failed.
 */
#include <stdio.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

#define KOS_CASES 38
#define DRIVER_CASES 4

Test(qemu_libkos, api_suite_and_driver_interrupt)
{
	struct boot_opts opts = {.timeout_s = 300};
	struct boot b;
	char line[64];

	boot(&b, "test_libkos", &opts);
	snprintf(line, sizeof(line), "[Kos] %d passed, 0 failed\n", KOS_CASES);
	expect_line(&b, line);
	snprintf(line, sizeof(line), "[Driver] %d passed, 0 failed\n", DRIVER_CASES);
	expect_line(&b, line);
	expect_line(&b, "[Driver] PASS driver_rtc_alarm_interrupt");
	expect_line(&b, "[Kos] PASS mutex_contention_100k");
	expect_line(&b, "[Kos] PASS condvar_broadcast_wakes_all");
	expect_line(&b, "[Kos] PASS thread_terminate_blocked");
	expect_no_line(&b, "FAIL");
	expect_powered_off(&b);
	boot_free(&b);
}
