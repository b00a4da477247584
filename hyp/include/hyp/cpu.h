/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-physical-CPU state. */
#ifndef HYP_CPU_H
#define HYP_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/list.h>

#define NR_PRIORITIES 32

struct vcpu;

struct pcpu {
	/* Read by the exception vectors: keep first (arch/arm64/vectors.S). */
	struct arch_regs *cur_regs;
	uint64_t stack_top;
	struct vcpu *current;	/* NULL while idle */
	uint32_t id;
	uint64_t mpidr;
	volatile bool online;
	bool resched;			  /* queues or timers changed since the last decision */
	uint32_t ready_mask;		  /* bit p: ready[p] is not empty */
	struct list ready[NR_PRIORITIES]; /* FIFO per priority, current not included */
	struct list timed;		  /* vCPUs blocked with a deadline, unsorted */
	uint64_t slice_end;		  /* ns; when current's time slice ends */
	uint32_t nr_vcpus;		  /* live vCPUs homed here, for placement */
	struct vcpu *loaded;		  /* whose EL1 state the CPU holds */
	struct vcpu *fp_owner;		  /* whose FP/SIMD registers the CPU holds (lazy) */
	bool fp_trapped;		  /* FP/SIMD use traps to EL2 now (CPTR_EL2.TFP) */
	uint64_t timer_ns;		  /* deadline the timer holds; 0 masked, ~0 unknown */
	uint64_t idle_ns;		  /* time spent waiting with nothing to run */
	uint64_t user_ns;		  /* time vCPUs ran here, up to the last switch */
};

extern struct pcpu pcpus[CONFIG_NR_CPUS];
extern uint32_t nr_cpus_online;

static inline struct pcpu *this_cpu(void)
{
	struct pcpu *p;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}

#endif
