/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU: one thread of a partition. Its state machine:
 *
 *   FREE --create--> RUNNABLE <--wake-- BLOCKED
 *          \--suspended--> SUSPENDED --resume--> RUNNABLE <--> RUNNING
 *   RUNNING --exit--> ZOMBIE --joined--> FREE
 *
 * A thread id is (generation << 8) | slot, so a stale id never names a reused slot.
 */
#ifndef HYP_VCPU_H
#define HYP_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/arch.h>
#include <hyp/list.h>

enum vcpu_state { VCPU_FREE, VCPU_SUSPENDED, VCPU_RUNNABLE, VCPU_RUNNING, VCPU_BLOCKED,
		  VCPU_ZOMBIE };
enum vcpu_wait { WAIT_NONE, WAIT_SLEEP, WAIT_JOIN, WAIT_WFI /* a Linux vCPU idles */ };

struct partition;

struct vcpu {
	struct arch_vcpu arch; /* first: the vectors save into it */
	struct partition *part;
	uint16_t slot;
	uint16_t gen;
	enum vcpu_state state;
	enum vcpu_wait wait;
	uint32_t priority;
	uint32_t cpu;		/* home physical CPU */
	struct list link;	/* in a ready queue or its CPU's timed list */
	uint64_t deadline;	/* ns, 0 = none (timed list membership) */
	uint32_t join_tid;
	int32_t exit_code;
	bool joined;		/* someone collected the exit code */
};

#define TID_SLOT(tid) ((tid) & 0xffu)
#define TID_GEN(tid) ((tid) >> 8)

static inline uint32_t vcpu_tid(const struct vcpu *v)
{
	return ((uint32_t)v->gen << 8) | v->slot;
}

#endif
