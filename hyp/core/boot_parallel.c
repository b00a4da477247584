// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot_parallel(): one piece of work at a time for all CPUs, at boot. A generation number
 * says that new work is there; each secondary CPU runs it once and counts itself done. The
 * counter's release/acquire pair is what makes the workers' results visible to the boot CPU.
 *
 * Waiting CPUs sleep in WFI and are woken with the rescheduling SGI (whose handler does
 * nothing), not with WFE/SEV: under QEMU a WFE does not sleep, and a CPU spinning on it takes
 * host time from the CPUs doing the work. A wake-up cannot be lost: the SGI stays pending
 * until arch_irq_handle_pending() takes it, and a pending interrupt ends WFI even masked.
 */
#include <stdint.h>

#include <hyp/arch.h>
#include <hyp/boot_parallel.h>
#include <hyp/cpu.h>

static struct {
	void (*fn)(void *arg);
	void *arg;
	uint32_t generation;
	uint32_t done;
	uint32_t boot_cpu;
	bool ended;
} work;

/* Secondary CPUs in boot_parallel_serve(): how many, and which (bit i = CPU i). */
static uint32_t serving;
static uint64_t serving_mask;

static void sleep_until_woken(void)
{
	arch_wait_for_interrupt();
	arch_irq_handle_pending();
}

static void wake_servers(void)
{
	uint64_t mask = __atomic_load_n(&serving_mask, __ATOMIC_ACQUIRE);

	for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS && cpu < 64; cpu++)
		if (mask & (1ull << cpu))
			arch_send_resched(cpu);
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
	work.boot_cpu = this_cpu()->id;
	__atomic_store_n(&work.done, 0, __ATOMIC_RELAXED);
	/* Publishes fn, arg and done before any secondary sees the new generation. */
	__atomic_fetch_add(&work.generation, 1, __ATOMIC_SEQ_CST);
	wake_servers();
	fn(arg);
	while (__atomic_load_n(&work.done, __ATOMIC_ACQUIRE) < workers)
		sleep_until_woken();
}

void boot_parallel_end(void)
{
	__atomic_store_n(&work.ended, true, __ATOMIC_SEQ_CST);
	wake_servers();
}

void boot_parallel_serve(volatile bool *online)
{
	uint32_t seen = __atomic_load_n(&work.generation, __ATOMIC_SEQ_CST);

	__atomic_fetch_or(&serving_mask, 1ull << this_cpu()->id, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&serving, 1, __ATOMIC_SEQ_CST);
	/* The boot CPU waits for this flag before it hands out work: it will count us. */
	__atomic_store_n(online, true, __ATOMIC_RELEASE);
	for (;;) {
		uint32_t gen = __atomic_load_n(&work.generation, __ATOMIC_ACQUIRE);

		if (gen != seen) {
			seen = gen;
			work.fn(work.arg);
			__atomic_fetch_add(&work.done, 1, __ATOMIC_RELEASE);
			arch_send_resched(work.boot_cpu);
			continue;
		}
		if (__atomic_load_n(&work.ended, __ATOMIC_ACQUIRE))
			return;
		sleep_until_woken();
	}
}
