// SPDX-License-Identifier: GPL-2.0-only
/* Futexes, mutexes, condition variables, events, read-write locks, semaphores. */
#include <coresrv/io/barriers.h>
#include <coresrv/sync/sync.h>
#include <kos/condvar.h>
#include <kos/event.h>
#include <kos/mutex.h>
#include <kos/rwlock.h>
#include <kos/semaphore.h>
#include <kos/thread.h>

#include "suite.h"

#define WORKERS 4
#define INCREMENTS 25000 /* 4 x 25000 = 100k */

static void futex(void)
{
	static int word = 5, woken = -1;
	rtl_uint32_t left = 0;
	uint64_t start;
	Retcode rc;

	CHECK(KnFutexWait(&word, 4, 100, NULL) == rcFutexWouldBlock, "value differs");
	CHECK(KnFutexWait((int *)((char *)&word + 1), 5, 100, NULL) == rcInvalidArgument,
	      "misaligned");
	CHECK(KnFutexWait((int *)0x1000, 5, 100, NULL) == rcInvalidArgument, "outside RAM");
	start = now_ms();
	rc = KnFutexWait(&word, 5, 40, &left);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 40) && left == 0,
	      "rc 0x%x after %llu ms, left %u", rc, (unsigned long long)(now_ms() - start), left);
	CHECK(KnFutexWake(&word, 1, &woken) == rcOk && woken == 0, "woke %d of none", woken);
	CHECK(KnFutexWake(&word, -1, NULL) == rcInvalidArgument, "negative count");
}

static KosMutex counter_lock;
static unsigned long counter;

static int increment(void *c)
{
	(void)c;
	for (int i = 0; i < INCREMENTS; i++) {
		KosMutexLock(&counter_lock);
		counter++;
		KosMutexUnlock(&counter_lock);
	}
	return 0;
}

static void run_workers(ThreadRoutine fn, int n)
{
	Tid t[8];

	for (int i = 0; i < n; i++)
		KosThreadCreate(&t[i], 10, 0, fn, (void *)(long)i, 0);
	for (int i = 0; i < n; i++)
		KosThreadWait(t[i], INFINITE_TIMEOUT);
}

static void mutex_contention(void)
{
	KosMutexInit(&counter_lock);
	counter = 0;
	run_workers(increment, WORKERS);
	CHECK(counter == WORKERS * INCREMENTS, "counter %lu, not %d: lost updates", counter,
	      WORKERS * INCREMENTS);
	KosMutexDeinit(&counter_lock);
}

static KosMutex shared;

static int try_shared(void *c)
{
	(void)c;
	return KosMutexTryLock(&shared) == rcOk ? (KosMutexUnlock(&shared), 1) : 0;
}

static int lock_timeout_worker(void *c)
{
	uint64_t start = now_ms();
	Retcode rc = KosMutexLockTimeout(&shared, 50);

	*(uint64_t *)c = now_ms() - start;
	return rc == rcTimeout ? 0 : 1;
}

static void mutex_recursive_try_timeout(void)
{
	rtl_int32_t code = -1;
	uint64_t took = 0;
	Tid t;

	KosMutexInitEx(&shared, 1);
	KosMutexLock(&shared);
	CHECK(KosMutexTryLock(&shared) == rcOk, "owner relocks a recursive mutex");
	KosThreadCreate(&t, 15, 0, try_shared, NULL, 0);
	KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	CHECK(code == 0, "another thread took a held mutex");
	KosThreadCreate(&t, 15, 0, lock_timeout_worker, &took, 0);
	KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	CHECK(code == 0 && IN_TOLERANCE(took, 50), "timed lock: code %d after %llu ms", code,
	      (unsigned long long)took);
	KosMutexUnlock(&shared);
	KosMutexUnlock(&shared);
	KosThreadCreate(&t, 15, 0, try_shared, NULL, 0);
	KosThreadWaitExitCode(t, INFINITE_TIMEOUT, &code);
	CHECK(code == 1, "free mutex not taken");
	CHECK(KosMutexLockTimeout(&shared, 10) == rcOk, "timed lock of a free mutex");
	KosMutexUnlock(&shared);

	KosMutexInit(&shared);
	KosMutexLock(&shared);
	CHECK(KosMutexTryLock(&shared) == rcBusy, "plain mutex relocked by its owner");
	KosMutexUnlock(&shared);
}

static KosMutex cv_lock;
static KosCondvar cv;
static int go, awake;

static int cv_waiter(void *c)
{
	(void)c;
	KosMutexLock(&cv_lock);
	while (!go)
		KosCondvarWait(&cv, &cv_lock);
	awake++;
	KosMutexUnlock(&cv_lock);
	return 0;
}

static void condvar_broadcast(void)
{
	Tid t[6];
	Retcode rc = rcOk;

	KosMutexInit(&cv_lock);
	KosCondvarInit(&cv);
	go = awake = 0;
	for (int i = 0; i < 6; i++)
		CHECK(KosThreadCreate(&t[i], 15, 0, cv_waiter, NULL, 0) == rcOk, "create");
	KosThreadSleep(30); /* let them all wait */
	KosMutexLock(&cv_lock);
	go = 1;
	KosCondvarBroadcast(&cv);
	KosMutexUnlock(&cv_lock);
	for (int i = 0; i < 6; i++)
		if (KosThreadWait(t[i], 5000) != rcOk)
			rc = rcTimeout;
	CHECK(rc == rcOk && awake == 6, "%d of 6 woke", awake);
	KosCondvarDeinit(&cv);
}

static int tickets;

/* Each signal hands out one ticket; a wake-up without one (spurious, allowed) waits again. */
static int cv_one(void *c)
{
	(void)c;
	KosMutexLock(&cv_lock);
	while (tickets == 0)
		KosCondvarWait(&cv, &cv_lock);
	tickets--;
	awake++;
	KosMutexUnlock(&cv_lock);
	return 0;
}

static void signal_one(void)
{
	KosMutexLock(&cv_lock);
	tickets++;
	KosCondvarSignal(&cv);
	KosMutexUnlock(&cv_lock);
}

static void condvar_signal_timeout(void)
{
	uint64_t start;
	Tid t[2];
	Retcode rc;

	awake = tickets = 0;
	KosThreadCreate(&t[0], 15, 0, cv_one, NULL, 0);
	KosThreadCreate(&t[1], 15, 0, cv_one, NULL, 0);
	CHECK(EVENTUALLY(__atomic_load_n(&cv.waiters, __ATOMIC_SEQ_CST) == 2), "waiters %u",
	      cv.waiters);
	signal_one();
	CHECK(EVENTUALLY(awake == 1), "a signal was lost");
	KosThreadSleep(50);
	CHECK(awake == 1, "one signal let %d through", awake);
	signal_one();
	KosThreadWait(t[0], 5000);
	KosThreadWait(t[1], 5000);
	CHECK(awake == 2, "second signal: %d awake", awake);

	KosMutexLock(&cv_lock);
	start = now_ms();
	rc = KosCondvarWaitTimeout(&cv, &cv_lock, 40);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 40), "rc 0x%x after %llu ms", rc,
	      (unsigned long long)(now_ms() - start));
	CHECK(KosMutexTryLock(&cv_lock) == rcBusy, "mutex not held after the timed wait");
	KosMutexUnlock(&cv_lock);
}

static KosEvent ev;
static int ev_woken;

static int ev_waiter(void *c)
{
	KosEventWait(&ev, (rtl_bool)(long)c);
	__atomic_add_fetch(&ev_woken, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void events(void)
{
	uint64_t start;
	Tid t[3];
	Retcode rc;

	KosEventInit(&ev);
	start = now_ms();
	rc = KosEventWaitTimeout(&ev, rtl_false, 40);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 40), "rc 0x%x after %llu ms", rc,
	      (unsigned long long)(now_ms() - start));

	/* Manual reset: one Set releases every waiter and stays set. */
	ev_woken = 0;
	for (int i = 0; i < 3; i++)
		KosThreadCreate(&t[i], 15, 0, ev_waiter, (void *)0L, 0);
	KosThreadSleep(20);
	KosEventSet(&ev);
	for (int i = 0; i < 3; i++)
		KosThreadWait(t[i], 5000);
	CHECK(ev_woken == 3, "manual: %d of 3 woke", ev_woken);
	CHECK(KosEventWaitTimeout(&ev, rtl_false, 0) == rcOk, "manual event not left set");
	KosEventReset(&ev);
	CHECK(KosEventWaitTimeout(&ev, rtl_false, 0) == rcTimeout, "reset did not reset");

	/* Auto reset: each Set lets exactly one waiter through. */
	ev_woken = 0;
	KosThreadCreate(&t[0], 15, 0, ev_waiter, (void *)1L, 0);
	KosThreadCreate(&t[1], 15, 0, ev_waiter, (void *)1L, 0);
	CHECK(EVENTUALLY(__atomic_load_n(&ev.waiters, __ATOMIC_SEQ_CST) == 2), "waiters %u",
	      ev.waiters);
	KosEventSet(&ev);
	CHECK(EVENTUALLY(ev_woken == 1), "auto: a Set woke nobody");
	KosThreadSleep(50);
	CHECK(ev_woken == 1, "auto: one Set woke %d", ev_woken);
	KosEventSet(&ev);
	KosThreadWait(t[0], 5000);
	KosThreadWait(t[1], 5000);
	CHECK(ev_woken == 2, "auto: second Set, %d woke", ev_woken);
	CHECK(KosEventWaitTimeout(&ev, rtl_true, 0) == rcTimeout, "auto event stayed set");
	KosEventDeinit(&ev);
}

static KosRWLock rw;
static volatile unsigned long rw_a, rw_b, rw_bad;

static int rw_worker(void *c)
{
	long id = (long)c;

	for (int i = 0; i < INCREMENTS; i++) {
		if (id % 2 == 0 || i % 4 == 0) {
			KosRWLockWrite(&rw);
			rw_a++;
			rw_b++;
			KosRWLockUnlock(&rw);
		} else {
			KosRWLockRead(&rw);
			if (rw_a != rw_b)
				rw_bad++; /* a writer was inside with us */
			KosRWLockUnlock(&rw);
		}
	}
	return 0;
}

static void rwlock(void)
{
	unsigned long writes = 2 * INCREMENTS + 2 * (INCREMENTS / 4);

	KosRWLockInit(&rw);
	rw_a = rw_b = rw_bad = 0;
	run_workers(rw_worker, WORKERS);
	CHECK(rw_a == writes && rw_b == writes && rw_bad == 0, "a %lu b %lu (want %lu), bad %lu",
	      rw_a, rw_b, writes, rw_bad);
	KosRWLockRead(&rw);
	CHECK(KosRWLockTryRead(&rw) == rcOk, "second reader refused");
	CHECK(KosRWLockTryWrite(&rw) == rcBusy, "writer admitted with readers");
	KosRWLockUnlock(&rw);
	KosRWLockUnlock(&rw);
	CHECK(KosRWLockTryWrite(&rw) == rcOk, "free lock refused a writer");
	CHECK(KosRWLockTryRead(&rw) == rcBusy, "reader admitted with a writer");
	KosRWLockUnlock(&rw);
	KosRWLockDeinit(&rw);
}

static KosSemaphore sem;

static int sem_consumer(void *c)
{
	int got = 0;

	(void)c;
	for (int i = 0; i < 1000; i++)
		got += KosSemaphoreWait(&sem) == rcOk;
	return got;
}

static void semaphores(void)
{
	rtl_int32_t code = 0;
	uint64_t start;
	Tid t;
	Retcode rc;

	CHECK(KosSemaphoreInit(NULL, 0) == rcInvalidArgument, "NULL");
	CHECK(KosSemaphoreInit(&sem, KOS_SEMAPHORE_VALUE_MAX + 1u) == rcFail, "above the maximum");
	CHECK(KosSemaphoreInit(&sem, 0) == rcOk, "init");
	CHECK(KosSemaphoreTryWait(&sem) == rcBusy, "try on zero");
	start = now_ms();
	rc = KosSemaphoreWaitTimeout(&sem, 40);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 40), "rc 0x%x after %llu ms", rc,
	      (unsigned long long)(now_ms() - start));
	KosThreadCreate(&t, 15, 0, sem_consumer, NULL, 0);
	CHECK(EVENTUALLY(__atomic_load_n(&sem.waiters, __ATOMIC_SEQ_CST) == 1), "no waiter");
	CHECK(KosSemaphoreDeinit(&sem) == rcFail, "deinit with a waiter");
	for (int i = 0; i < 1000; i++)
		KosSemaphoreSignal(&sem);
	KosThreadWaitExitCode(t, 10000, &code);
	CHECK(code == 1000, "consumer got %d of 1000", code);
	CHECK(KosSemaphoreSignal(&sem) == rcOk && KosSemaphoreTryWait(&sem) == rcOk, "signal/try");
	CHECK(KosSemaphoreInit(&sem, KOS_SEMAPHORE_VALUE_MAX) == rcOk &&
		  KosSemaphoreSignal(&sem) == rcFail,
	      "signal above the maximum");
	CHECK(KosSemaphoreDeinit(&sem) == rcOk, "deinit");
}

#define MP_WORDS 64
#define MP_ROUNDS 500
static volatile unsigned int mp_data[MP_WORDS], mp_flag;

/* Writes a block, then (after the barrier) the flag that says it is there. */
static int mp_writer(void *c)
{
	(void)c;
	for (unsigned int r = 1; r <= MP_ROUNDS; r++) {
		while (__atomic_load_n(&mp_flag, __ATOMIC_RELAXED) != 0)
			KosThreadYield(); /* in case both threads share a CPU */
		for (int i = 0; i < MP_WORDS; i++)
			mp_data[i] = r * MP_WORDS + (unsigned int)i;
		IoWriteBarrier(); /* the data is visible before the flag */
		__atomic_store_n(&mp_flag, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

static void barriers(void)
{
	unsigned int bad = 0;
	Tid t;

	mp_flag = 0;
	CHECK(KosThreadCreate(&t, 10, 0, mp_writer, NULL, 0) == rcOk, "create");
	for (unsigned int r = 1; r <= MP_ROUNDS; r++) {
		while (__atomic_load_n(&mp_flag, __ATOMIC_RELAXED) != 1)
			KosThreadYield();
		IoReadBarrier(); /* the flag is read before the data */
		for (int i = 0; i < MP_WORDS; i++)
			bad += mp_data[i] != r * MP_WORDS + (unsigned int)i;
		IoReadWriteBarrier(); /* done with the data before handing the block back */
		__atomic_store_n(&mp_flag, 0, __ATOMIC_RELAXED);
	}
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(bad == 0, "%u words seen before their block was written", bad);
}

void sync_cases(void)
{
	suite_run("futex_wait_wake", futex);
	suite_run("mutex_contention_100k", mutex_contention);
	suite_run("mutex_recursive_try_timeout", mutex_recursive_try_timeout);
	suite_run("condvar_broadcast_wakes_all", condvar_broadcast);
	suite_run("condvar_signal_one_and_timeout", condvar_signal_timeout);
	suite_run("event_manual_auto_timeout", events);
	suite_run("rwlock_contention_100k", rwlock);
	suite_run("semaphore_wait_signal_timeout", semaphores);
	suite_run("barriers_message_passing", barriers);
}
