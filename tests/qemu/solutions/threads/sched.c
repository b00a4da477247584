// SPDX-License-Identifier: GPL-2.0-only
/* Thread and scheduling behaviour on a single CPU, where priorities decide deterministically. */
#include <stdio.h>

#include <kos/thread.h>

#include "check.h"

static volatile int flag;
static volatile unsigned long count_a, count_b;
static __thread int tls_value = 5;

static int return_42(void *c) { (void)c; return 42; }
static int set_flag(void *c) { (void)c; flag = 1; return 0; }
static int sleep_200(void *c) { (void)c; KosThreadSleep(200); return 7; }
static int park(void *c) { (void)c; KosThreadSleep(10); return 0; }

/*
 * Each marks that it ran, then spins until the other has run too. Neither yields, so the
 * first one finishes only if the scheduler takes the CPU away from it at the end of its slice.
 */
static int spin_a(void *c)
{
	(void)c;
	count_a = 1;
	while (!count_b)
		;
	return 0;
}

static int spin_b(void *c)
{
	(void)c;
	count_b = 1;
	while (!count_a)
		;
	return 0;
}

static int tls_worker(void *c)
{
	int mine = (int)(long)c;
	int before = tls_value;

	tls_value = mine;
	KosThreadSleep(5);
	return before == 5 && tls_value == mine ? 0 : 1;
}

int main(void)
{
	Tid t, t2, extra[8];
	rtl_int32_t code = -1;
	Retcode rc;
	uint64_t start;
	int n;

	rc = KosThreadCreate(&t, 15, 0, return_42, NULL, 0);
	rc = rc ? rc : KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	check("exit_code", rc == rcOk && code == 42, "rc 0x%x code %d", rc, code);
	rc = KosThreadWait(t, 0);
	check("stale_tid_after_wait", rc == rcResourceNotFound, "rc 0x%x", rc);
	check("unknown_tid", KosThreadWait(0x7777, 10) == rcResourceNotFound, "");

	flag = 0;
	KosThreadCreate(&t, 20, 0, set_flag, NULL, 0);
	check("higher_priority_preempts", flag == 1, "flag %d right after create", flag);
	KosThreadWait(t, INFINITE_TIMEOUT);

	flag = 0;
	KosThreadCreate(&t, 5, 0, set_flag, NULL, 0);
	start = uptime_ms();
	while (uptime_ms() - start < 20)
		;
	check("lower_priority_waits", flag == 0, "ran while a higher priority thread spun");
	KosThreadWait(t, INFINITE_TIMEOUT);
	check("lower_priority_runs_when_cpu_free", flag == 1, "flag %d", flag);

	flag = 0;
	KosThreadCreate(&t, 20, 0, set_flag, NULL, 1);
	KosThreadSleep(20);
	check("suspended_does_not_run", flag == 0, "flag %d", flag);
	rc = KosThreadResume(t);
	check("resume", rc == rcOk && flag == 1, "rc 0x%x flag %d", rc, flag);
	KosThreadWait(t, INFINITE_TIMEOUT);

	KosThreadCreate(&t, 15, 0, spin_a, NULL, 0);
	KosThreadCreate(&t2, 15, 0, spin_b, NULL, 0);
	rc = KosThreadWait(t, 5000);
	rc = rc ? rc : KosThreadWait(t2, 5000);
	check("round_robin_same_priority", rc == rcOk, "rc 0x%x a %lu b %lu", rc, count_a, count_b);

	start = uptime_ms();
	KosThreadSleep(50);
	check("sleep_duration", uptime_ms() - start >= 50 && uptime_ms() - start < 1000,
	      "slept %llu ms", (unsigned long long)(uptime_ms() - start));

	KosThreadCreate(&t, 15, 0, sleep_200, NULL, 0);
	start = uptime_ms();
	rc = KosThreadWait(t, 20);
	check("wait_timeout", rc == rcTimeout && uptime_ms() - start >= 20, "rc 0x%x after %llu ms",
	      rc, (unsigned long long)(uptime_ms() - start));
	rc = KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	check("wait_after_timeout", rc == rcOk && code == 7, "rc 0x%x code %d", rc, code);

	KosThreadCreate(&t, 15, 0, tls_worker, (void *)11L, 0);
	KosThreadCreate(&t2, 15, 0, tls_worker, (void *)22L, 0);
	tls_value = 99;
	KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	rc = code;
	KosThreadWaitExitCode(t2, INFINITE_TIMEOUT, &code);
	check("tls_isolated", rc == 0 && code == 0 && tls_value == 99, "codes %d %d main %d", rc,
	      code, tls_value);

	/* max-threads is 8: the main thread and seven more. */
	for (n = 0; n < 8; n++)
		if (KosThreadCreate(&extra[n], 15, 0, park, NULL, 1) != rcOk)
			break;
	check("thread_limit", n == 7, "created %d before the limit", n);
	for (int i = 0; i < n; i++)
		KosThreadResume(extra[i]);
	for (int i = 0; i < n; i++)
		KosThreadWait(extra[i], INFINITE_TIMEOUT);
	rc = KosThreadCreate(&t, 15, 0, return_42, NULL, 0);
	check("slots_reusable_after_wait", rc == rcOk, "rc 0x%x", rc);
	KosThreadWait(t, INFINITE_TIMEOUT);

	check("bad_priority", KosThreadCreate(&t, 32, 0, return_42, NULL, 0) == rcInvalidArgument,
	      "");
	return check_summary("sched");
}
