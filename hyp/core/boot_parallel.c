// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot_parallel(): one piece of work at a time for all CPUs, at boot. A generation number
 * says that new work is there; each secondary CPU runs it once and counts itself done. The
 * counter's release/acquire pair is what makes the workers' results visible to the boot CPU.
 * WFE/SEV keep the waiting CPUs from spinning on the bus (and, under QEMU, from taking host
 * time from the CPUs doing the work).
 */
#include <stdint.h>

#include <hyp/boot_parallel.h>
#include <hyp/cpu.h>

static struct {
	void (*fn)(void *arg);
	void *arg;
	uint32_t generation;
	uint32_t done;
} work;

/* Secondary CPUs that are in boot_parallel_serve(). */
static uint32_t serving;

static void send_event(void)
{
	__asm__ volatile("dsb sy; sev" ::: "memory");
}

static void wait_event(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void boot_parallel(void (*fn)(void *arg), void *arg)
{
	/*
	 * Counted before the new generation is published: a CPU counted here read its last
	 * generation before it registered, so it is sure to see this one as new and run fn. A
	 * CPU that registers later may run fn as well, uncounted; fn's own accounting of its
	 * work (not this count) is what tells the caller that all of it is done.
	 */
	uint32_t workers = __atomic_load_n(&serving, __ATOMIC_SEQ_CST);

	work.fn = fn;
	work.arg = arg;
	__atomic_store_n(&work.done, 0, __ATOMIC_RELAXED);
	/* Publishes fn, arg and done before any secondary sees the new generation. */
	__atomic_fetch_add(&work.generation, 1, __ATOMIC_SEQ_CST);
	send_event();
	fn(arg);
	while (__atomic_load_n(&work.done, __ATOMIC_ACQUIRE) < workers)
		wait_event();
}

void boot_parallel_serve(const volatile bool *released)
{
	uint32_t seen = __atomic_load_n(&work.generation, __ATOMIC_SEQ_CST);

	__atomic_fetch_add(&serving, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		uint32_t gen = __atomic_load_n(&work.generation, __ATOMIC_ACQUIRE);

		if (gen != seen) {
			seen = gen;
			work.fn(work.arg);
			__atomic_fetch_add(&work.done, 1, __ATOMIC_RELEASE);
			send_event();
			continue;
		}
		if (__atomic_load_n(released, __ATOMIC_ACQUIRE))
			return;
		wait_event();
	}
}
