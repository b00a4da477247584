// SPDX-License-Identifier: GPL-2.0-only
/*
 * Costs of the hypervisor's basic paths, in PMU cycles (= instructions under icount):
 *   null_hypercall   a hypercall that does nothing (THREAD_SELF), round trip
 *   thread_switch    a yield that hands the CPU to another vCPU of the same partition
 *   partition_switch a yield that hands the CPU to another partition (VMID change) and back,
 *                    per switch
 *   mutex_uncontended a KosMutexLock + KosMutexUnlock pair nobody else wants (no hypercall)
 *   futex_handoff    one thread wakes another blocked on a semaphore and blocks itself (futex
 *                    wake + futex wait + thread switch), per hand-off
 * Each figure is the mean over ITER iterations minus the loop's own cost, printed twice: PMU
 * cycles (instructions, when QEMU runs with -icount shift=0) and nanoseconds of the
 * hypervisor's clock (wall time without -icount).
 */
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <kos/mutex.h>
#include <kos/semaphore.h>
#include <kos/thread.h>

#include "pmu.h"

#define ITER 2000

static volatile int stop;

static uint64_t ns(void)
{
	return bh_hvc0(BH_HC_TIME_UPTIME).r1;
}

static void report(const char *name, uint64_t cycles, uint64_t nanos, uint64_t per)
{
	printf("bench %s %llu\n", name, (unsigned long long)(cycles / per));
	printf("bench %s_ns %llu\n", name, (unsigned long long)(nanos / per));
}

static uint64_t loop_floor(void)
{
	uint64_t t0 = pmu_cycles();

	for (int i = 0; i < ITER; i++)
		__asm__ volatile("" ::: "memory");
	return pmu_cycles() - t0;
}

static int yielder(void *c)
{
	(void)c;
	while (!stop)
		KosThreadYield();
	return 0;
}

static KosSemaphore ping, pong;
static uint64_t mutex_cyc, mutex_ns, handoff_cyc, handoff_ns;

static int ponger(void *c)
{
	(void)c;
	for (int i = 0; i < ITER; i++) {
		KosSemaphoreWait(&ping);
		KosSemaphoreSignal(&pong);
	}
	return 0;
}

/* Above Peer's priority: while it measures, one of the two is always runnable, so nothing
 * else takes the CPU. */
static int pinger(void *c)
{
	uint64_t floor = *(uint64_t *)c, t0, n0;
	KosMutex m;

	KosMutexInit(&m);
	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		KosMutexLock(&m);
		KosMutexUnlock(&m);
	}
	mutex_cyc = pmu_cycles() - t0 - floor;
	mutex_ns = ns() - n0;

	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		KosSemaphoreSignal(&ping);
		KosSemaphoreWait(&pong);
	}
	handoff_cyc = pmu_cycles() - t0 - floor;
	handoff_ns = ns() - n0;
	return 0;
}

static void sync_figures(uint64_t floor)
{
	Tid a, b;

	KosSemaphoreInit(&ping, 0);
	KosSemaphoreInit(&pong, 0);
	KosThreadCreate(&b, 11, 0, ponger, NULL, 0); /* runs at once and waits for a ping */
	KosThreadCreate(&a, 11, 0, pinger, &floor, 0);
	KosThreadWait(a, INFINITE_TIMEOUT);
	KosThreadWait(b, INFINITE_TIMEOUT);
}

int main(void)
{
	uint64_t floor, t0, n0, null_hc, thread_sw, part_sw, null_ns, thread_ns, part_ns;
	Tid t;

	pmu_start();
	floor = loop_floor();

	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++)
		bh_hvc0(BH_HC_THREAD_SELF);
	null_hc = pmu_cycles() - t0 - floor;
	null_ns = ns() - n0;

	/* The peer partition is asleep now; a thread of ours at our priority takes turns. */
	KosThreadCreate(&t, 10, 0, yielder, NULL, 0);
	KosThreadYield();
	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++)
		KosThreadYield();
	thread_sw = pmu_cycles() - t0 - floor;
	thread_ns = ns() - n0;
	stop = 1;
	KosThreadWait(t, INFINITE_TIMEOUT);

	/* Now Peer wakes up and yields back to us on every turn: two switches per yield. */
	KosThreadSleep(100);
	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++)
		KosThreadYield();
	part_sw = pmu_cycles() - t0 - floor;
	part_ns = ns() - n0;

	report("null_hypercall", null_hc, null_ns, ITER);
	report("thread_switch", thread_sw, thread_ns, 2 * ITER);
	report("partition_switch", part_sw, part_ns, 2 * ITER);
	sync_figures(floor);
	report("mutex_uncontended", mutex_cyc, mutex_ns, ITER);
	report("futex_handoff", handoff_cyc, handoff_ns, 2 * ITER);
	bh_hvc0(BH_HC_POWER_OFF);
	return 0;
}
