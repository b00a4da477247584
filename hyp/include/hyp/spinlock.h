/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks. Host unit tests are single threaded, and so is a hypervisor built for one
 * CPU (CONFIG_NR_CPUS=1: nothing else runs at EL2, whose code runs with interrupts masked):
 * both get no-op versions, as a uniprocessor Linux does.
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <stdint.h>

typedef struct {
	volatile uint32_t next;
	volatile uint32_t owner;
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

#if defined(BH_HOST_TEST) || CONFIG_NR_CPUS == 1
static inline void spin_lock(spinlock_t *l) { (void)l; }
static inline void spin_unlock(spinlock_t *l) { (void)l; }
#else
static inline void spin_lock(spinlock_t *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		__asm__ volatile("wfe");
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
	__asm__ volatile("sev");
}
#endif

#endif
