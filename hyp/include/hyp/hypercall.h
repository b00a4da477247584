/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include <stdint.h>

struct vcpu;

struct hc_args {
	uint64_t fn;	 /* w0: SMCCC function id */
	uint64_t imm;	 /* the HVC immediate; SMCCC requires 0 */
	uint64_t arg[6]; /* x1..x6 */
};

/* Handle a hypercall of v (the current vCPU); results go into v's registers. */
void hypercall_handle(struct vcpu *v, const struct hc_args *a);

/* Thread hypercalls (hyp/core/thread.c); each returns a Retcode and fills *r1. */
int thread_create(struct vcpu *cur, const uint64_t *arg, uint64_t *r1);
int thread_exit(struct vcpu *cur, int32_t code);
int thread_join(struct vcpu *cur, uint32_t tid, uint32_t timeout_ms, uint64_t *r1);
int thread_sleep(struct vcpu *cur, uint32_t ms);
int thread_resume(struct vcpu *cur, uint32_t tid);

/* An arch-provided name for an exception syndrome ("undefined instruction", ...). */
const char *arch_exception_name(uint64_t esr);

#endif
