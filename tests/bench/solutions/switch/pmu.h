/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PMU cycle counter, counting at EL1 and EL2 (PMCCFILTR_EL0.NSH). Under QEMU with
 * -icount shift=0 one cycle is one retired instruction, so these are instruction counts.
 */
#ifndef BENCH_PMU_H
#define BENCH_PMU_H

#include <stdint.h>

static inline void pmu_start(void)
{
	uint64_t pmcr;

	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	__asm__ volatile("msr pmcr_el0, %0" : : "r"(pmcr | 1 | (1 << 2))); /* E, reset cycles */
	__asm__ volatile("msr pmccfiltr_el0, %0" : : "r"(1ull << 27));  /* count EL2 too */
	__asm__ volatile("msr pmcntenset_el0, %0; isb" : : "r"(1ull << 31));
}

static inline uint64_t pmu_cycles(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

#endif
