// SPDX-License-Identifier: GPL-2.0-only
/* kos/thread.h: create, wait, suspend, resume, terminate, priorities, TLS, callbacks, once. */
#include <kos/semaphore.h>
#include <kos/thread.h>

#include "suite.h"

static int return_42(void *c)
{
	(void)c;
	return 42;
}
static int sleep_200(void *c)
{
	(void)c;
	KosThreadSleep(200);
	return 7;
}

static void create_and_wait(void)
{
	Tid t;
	rtl_int32_t code = -1;
	Retcode rc;

	rc = KosThreadCreate(&t, ThreadPriorityNormal, 0, return_42, NULL, 0);
	CHECK(rc == rcOk, "create: 0x%x", rc);
	rc = KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	CHECK(rc == rcOk && code == 42, "wait: rc 0x%x code %d", rc, code);
	CHECK(KosThreadWait(t, 0) == rcResourceNotFound, "waited twice");
	CHECK(KosThreadCreate(NULL, 15, 0, return_42, NULL, 0) == rcInvalidArgument, "NULL tid");
	CHECK(KosThreadCreate(&t, 32, 0, return_42, NULL, 0) == rcInvalidArgument, "priority 32");
	CHECK(KosThreadCreate(&t, 15, 0, NULL, NULL, 0) == rcInvalidArgument, "NULL routine");
}

static void wait_timeout(void)
{
	rtl_int32_t code = -1;
	uint64_t start;
	Tid t;
	Retcode rc;

	CHECK(KosThreadCreate(&t, 15, 0, sleep_200, NULL, 0) == rcOk, "create");
	start = now_ms();
	rc = KosThreadWait(t, 30);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 30), "rc 0x%x after %llu ms", rc,
	      (unsigned long long)(now_ms() - start));
	rc = KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	CHECK(rc == rcOk && code == 7, "then rc 0x%x code %d", rc, code);
	CHECK(KosThreadWait(0x7777, 10) == rcResourceNotFound, "unknown tid");
}

static volatile unsigned long spins[2];

static int spinner(void *c)
{
	volatile unsigned long *count = c;

	for (;;)
		(*count)++;
	return 0;
}

/*
 * Two spinners: the first goes to this thread's CPU (it runs when this one sleeps), the
 * second to the other CPU, where it runs all the time, so suspend and terminate are tested on
 * a thread that is on a CPU right now as well as on a waiting one.
 */
static void suspend_resume(void)
{
	unsigned long a[2], b[2];
	rtl_int32_t code = 0;
	Tid t[2];

	for (int i = 0; i < 2; i++) {
		spins[i] = 0;
		CHECK(KosThreadCreate(&t[i], 5, 0, spinner, (void *)&spins[i], 0) == rcOk,
		      "create");
	}
	while (spins[0] == 0 || spins[1] == 0)
		KosThreadSleep(1);
	for (int i = 0; i < 2; i++) {
		CHECK(KosThreadSuspend(t[i]) == rcOk, "suspend %d", i);
		CHECK(KosThreadSuspend(t[i]) == rcInvalidThreadState, "suspend %d twice", i);
	}
	/* A suspend returns once the thread is off its CPU. */
	a[0] = spins[0], a[1] = spins[1];
	KosThreadSleep(50);
	b[0] = spins[0], b[1] = spins[1];
	CHECK(a[0] == b[0] && a[1] == b[1], "suspended threads ran: %lu -> %lu, %lu -> %lu", a[0],
	      b[0], a[1], b[1]);
	for (int i = 0; i < 2; i++) {
		CHECK(KosThreadResume(t[i]) == rcOk, "resume %d", i);
		CHECK(KosThreadResume(t[i]) == rcInvalidThreadState, "resume %d twice", i);
	}
	CHECK(EVENTUALLY(spins[0] != b[0] && spins[1] != b[1]), "resumed threads do not run");
	for (int i = 0; i < 2; i++) {
		CHECK(KosThreadTerminate(t[i], 5 + i) == rcOk, "terminate %d", i);
		code = -1;
		CHECK(KosThreadWaitExitCode(t[i], 5000, &code) == rcOk && code == 5 + i,
		      "exit code %d", code);
	}
	a[1] = spins[1];
	KosThreadSleep(20);
	CHECK(spins[1] == a[1], "a terminated thread still runs");
	CHECK(KosThreadSuspend(0x7777) == rcResourceNotFound, "suspend unknown");
	CHECK(KosThreadResume(0x7777) == rcResourceNotFound, "resume unknown");
}

static int suspend_self(void *c)
{
	*(volatile int *)c = 1;
	KosThreadSuspend(KosThreadCurrentId());
	*(volatile int *)c = 2;
	return 3;
}

static void suspend_self_case(void)
{
	volatile int stage = 0;
	rtl_int32_t code = 0;
	Tid t;

	CHECK(KosThreadCreate(&t, 15, 0, suspend_self, (void *)&stage, 0) == rcOk, "create");
	CHECK(EVENTUALLY(stage != 0), "thread did not start");
	KosThreadSleep(200); /* it suspends itself right after setting stage 1 */
	CHECK(stage == 1, "ran on while suspended (stage %d)", stage);
	CHECK(KosThreadResume(t) == rcOk, "resume");
	CHECK(KosThreadWaitExitCode(t, 5000, &code) == rcOk && code == 3 && stage == 2,
	      "code %d stage %d", code, stage);
}

static KosSemaphore never;

static int block_forever(void *c)
{
	(void)c;
	KosSemaphoreWait(&never);
	return 0;
}

static void terminate_blocked(void)
{
	rtl_int32_t code = 0;
	Tid t;

	KosSemaphoreInit(&never, 0);
	CHECK(KosThreadCreate(&t, 15, 0, block_forever, NULL, 0) == rcOk, "create");
	KosThreadSleep(20);
	CHECK(KosThreadTerminate(t, 77) == rcOk, "terminate");
	CHECK(KosThreadTerminate(t, 78) == rcInvalidThreadState, "terminate twice");
	CHECK(KosThreadWaitExitCode(t, 5000, &code) == rcOk && code == 77, "code %d", code);
	CHECK(KosThreadTerminate(t, 1) == rcResourceNotFound, "terminate a reaped thread");
}

static void priorities(void)
{
	rtl_uint32_t prio = 0;
	Tid me = KosThreadCurrentId();

	CHECK(KosThreadGetPriority(me, &prio) == rcOk && prio == 10, "own priority %u", prio);
	CHECK(KosThreadSetPriority(me, 12) == rcOk, "set");
	CHECK(KosThreadGetPriority(me, &prio) == rcOk && prio == 12, "now %u", prio);
	CHECK(KosThreadSetPriority(me, 10) == rcOk, "set back");
	CHECK(KosThreadSetPriority(me, 32) == rcInvalidArgument, "priority 32");
	CHECK(KosThreadGetPriority(0x7777, &prio) == rcResourceNotFound, "unknown tid");
	CHECK(KosThreadGetPriority(me, NULL) == rcInvalidArgument, "NULL");
}

static int tls_worker(void *c)
{
	int ok = KosThreadTlsGet() == NULL; /* a new thread starts with none */

	KosThreadTlsSet(c);
	KosThreadSleep(10);
	return ok && KosThreadTlsGet() == c ? 0 : 1;
}

static void tls(void)
{
	static int mine, a, b;
	rtl_int32_t ca = -1, cb = -1;
	Tid ta, tb;

	CHECK(KosThreadTlsSet(&mine) == rcOk, "set");
	CHECK(KosThreadCreate(&ta, 15, 0, tls_worker, &a, 0) == rcOk, "create");
	CHECK(KosThreadCreate(&tb, 15, 0, tls_worker, &b, 0) == rcOk, "create");
	KosThreadWaitExitCode(ta, INFINITE_TIMEOUT, &ca);
	KosThreadWaitExitCode(tb, INFINITE_TIMEOUT, &cb);
	CHECK(ca == 0 && cb == 0 && KosThreadTlsGet() == &mine, "codes %d %d", ca, cb);
	CHECK(KosThreadTlsSet(NULL) == rcOk && KosThreadTlsGet() == NULL, "clear");
}

static int cb_created, cb_destroyed;

static void callback(KosThreadCallbackReason reason)
{
	if (reason == KosThreadCallbackReasonCreate)
		__atomic_add_fetch(&cb_created, 1, __ATOMIC_SEQ_CST);
	else
		__atomic_add_fetch(&cb_destroyed, 1, __ATOMIC_SEQ_CST);
}

static void callbacks(void)
{
	Tid t;

	CHECK(KosThreadCallbackRegister(callback) == rcOk, "register");
	CHECK(KosThreadCallbackRegister(callback) == rcAlreadyExists, "register twice");
	CHECK(KosThreadCallbackRegister(NULL) == rcInvalidArgument, "NULL");
	KosThreadCreate(&t, 15, 0, return_42, NULL, 0);
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(cb_created == 1 && cb_destroyed == 1, "created %d destroyed %d", cb_created,
	      cb_destroyed);
	CHECK(KosThreadCallbackUnregister(callback) == rcOk, "unregister");
	CHECK(KosThreadCallbackUnregister(callback) == rcResourceNotFound, "unregister twice");
	KosThreadCreate(&t, 15, 0, return_42, NULL, 0);
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(cb_created == 1 && cb_destroyed == 1, "ran after unregister");
}

static KosThreadOnceState once = KOS_THREAD_ONCE_INIT;
static int once_runs;

static void slow_init(void)
{
	__atomic_add_fetch(&once_runs, 1, __ATOMIC_SEQ_CST);
	KosThreadSleep(30); /* the others arrive while it runs */
}

static int once_worker(void *c)
{
	(void)c;
	KosThreadOnce(&once, slow_init);
	return __atomic_load_n(&once_runs, __ATOMIC_SEQ_CST);
}

static void once_case(void)
{
	rtl_int32_t code;
	Tid t[4];

	for (int i = 0; i < 4; i++)
		CHECK(KosThreadCreate(&t[i], 15, 0, once_worker, NULL, 0) == rcOk, "create");
	for (int i = 0; i < 4; i++) {
		code = -1;
		KosThreadWaitExitCode(t[i], INFINITE_TIMEOUT, &code);
		CHECK(code == 1, "thread %d saw %d runs", i, code);
	}
	CHECK(KosThreadOnce(&once, slow_init) == rcOk && once_runs == 1, "runs %d", once_runs);
	CHECK(KosThreadOnce(NULL, slow_init) == rcInvalidArgument, "NULL");
}

static int report_id(void *c)
{
	*(Tid *)c = KosThreadCurrentId();
	return 0;
}

static void id_and_stack(void)
{
	rtl_uint32_t size = 0;
	Tid t, seen = 0;
	void *stack;

	CHECK(KosThreadCreate(&t, 15, 8192, report_id, &seen, 1) == rcOk, "create");
	stack = KosThreadGetStack(t, &size);
	CHECK(stack && size == 8192, "stack %p size %u", stack, size);
	KosThreadResume(t);
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(seen == t, "thread saw id 0x%x, created 0x%x", seen, t);
	CHECK(KosThreadGetStack(t, &size) == NULL, "stack of a reaped thread");
}

static void sleep_yield(void)
{
	uint64_t start = now_ms();

	CHECK(KosThreadSleep(50) == rcOk, "sleep");
	CHECK(IN_TOLERANCE(now_ms() - start, 50), "slept %llu ms",
	      (unsigned long long)(now_ms() - start));
	KosThreadYield();
	CHECK(KosThreadSleep(0) == rcOk, "sleep 0");
}

void threads_cases(void)
{
	suite_run("thread_create_wait_exit_code", create_and_wait);
	suite_run("thread_wait_timeout", wait_timeout);
	suite_run("thread_suspend_resume_terminate_running", suspend_resume);
	suite_run("thread_suspend_self", suspend_self_case);
	suite_run("thread_terminate_blocked", terminate_blocked);
	suite_run("thread_priorities", priorities);
	suite_run("thread_tls_isolated", tls);
	suite_run("thread_callbacks", callbacks);
	suite_run("thread_once", once_case);
	suite_run("thread_id_and_stack", id_and_stack);
	suite_run("thread_sleep_yield", sleep_yield);
}
