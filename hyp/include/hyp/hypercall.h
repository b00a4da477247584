/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include <stdbool.h>
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
int thread_suspend(struct vcpu *cur, uint32_t tid);
int thread_terminate(struct vcpu *cur, uint32_t tid, int32_t code);
int thread_priority(struct vcpu *cur, uint32_t tid, uint64_t prio, bool set, uint64_t *r1);

/* Futexes (hyp/core/futex.c) */
int futex_wait(struct vcpu *v, uint64_t ipa, uint64_t expected, uint32_t timeout_ms);
int futex_wake(struct vcpu *v, uint64_t ipa, uint64_t count, uint64_t *woken);

/* Groups with several results: r[0..2] become x1..x3. Each takes sched_lock itself. */
int handle_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);
int notice_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);
int io_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);
int stat_hypercall(struct vcpu *v, const uint64_t *x, uint64_t *r);
int time_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);

/* An arch-provided name for an exception syndrome ("undefined instruction", ...). */
const char *arch_exception_name(uint64_t esr);

#endif
