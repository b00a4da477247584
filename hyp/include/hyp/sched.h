/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU scheduler: fixed priority (0..31, higher runs first), preemptive, round-robin
 * within a priority, one run queue per physical CPU. A vCPU is homed on one CPU of its
 * partition's set when it is created (the least loaded) and stays there. Tickless: the CNTHP
 * timer is programmed only for the next sleeper's deadline or the end of a time slice that
 * someone else is waiting for.
 *
 * Locking: sched_lock is the one lock for vCPU and partition state and every run queue. The
 * lock order is sched_lock, then a partition's con_lock, then the console lock.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/spinlock.h>
#include <hyp/vcpu.h>
#ifndef BH_HOST_TEST
#include <hyp/cpu.h> /* sched_may_hand_off */
#include <hyp/partition.h>
#endif

extern spinlock_t sched_lock;

void sched_init_cpu(uint32_t cpu);
/* Enter the scheduler on this CPU for the first time (boot). */
_Noreturn void sched_start(void);
/* On the way out of every trap: choose what this CPU runs next (takes sched_lock). */
void sched_trap_exit(void);
/* The timer interrupt: wake the sleepers whose deadline passed (takes sched_lock). */
void sched_timer_expired(void);

/* The following need sched_lock held. */
void sched_make_runnable(struct vcpu *v);
/* Wake a BLOCKED vCPU; rc and r1 become its hypercall results. */
void sched_wake(struct vcpu *v, int32_t rc, uint64_t r1);
/* Block the current vCPU until woken, or until deadline (ns, 0 = none): then rcTimeout. */
void sched_block_current(enum vcpu_wait why, uint64_t deadline);
/* Wake a vCPU blocked in WAIT_WFI; its registers are left alone (a guest's WFI has no result). */
void sched_wake_wfi(struct vcpu *v);
/* A BLOCKED v goes on waiting, for another reason and until another deadline (0 = none);
 * the deadline may only move later or go (its CPU's timer is not reprogrammed). */
void sched_rewait(struct vcpu *v, enum vcpu_wait why, uint64_t deadline);
void sched_yield_current(void);
/*
 * The IPC fast path: the current vCPU has just blocked; give this CPU to the highest ready
 * vCPU now, as sched_trap_exit would, without its general pass. False (nothing done) when the
 * case needs that pass (nobody ready, the vCPU is being stopped, ...).
 */
bool sched_switch_blocked(void);
/*
 * Wake the BLOCKED vCPU next (as sched_wake) after the current vCPU has blocked, and when next
 * is the vCPU this CPU would pick anyway, switch to it without queueing it: the IPC hand-off
 * from a client in Call to the server thread waiting in Recv. Otherwise sched_wake and
 * sched_switch_blocked.
 */
void sched_wake_handoff(struct vcpu *next, int32_t rc, uint64_t r1);
/*
 * The IPC fast path's pair (ipc_fastpath.c): may cur, the current vCPU, which is about to
 * block, give its CPU straight to next (blocked, homed here, first in line once woken)? Then
 * sched_block_hand_off() blocks the current vCPU (why, no deadline), wakes next with rc/r1
 * and switches to it. next would be the first to run here anyway only if it is homed here and
 * nobody ready has its priority or more (FIFO: those would go first); cur, and next's
 * partition, must need nothing of the full pass (sched_trap_exit). Inline: the fast
 * path asks it on every call. next waits in an IPC call or for a security event, so it is
 * never a guest's (guests make no IPC calls), and only a guest's partition has images to
 * reload before it runs (sched_switch_blocked's reload_pending).
 */
#ifdef BH_HOST_TEST
/* the host tests' world answers */
bool sched_may_hand_off(const struct vcpu *cur, const struct vcpu *next);
#else
static inline bool sched_may_hand_off(const struct vcpu *cur, const struct vcpu *next)
{
	const struct pcpu *c = this_cpu();

	/* Nobody ready at next's priority or above: no bit from next's up in ready_mask. */
	return next->cpu == c->id && !next->suspend_pending && !(c->ready_mask >> next->priority) &&
	       cur->part->state == PART_RUNNING && !cur->leave_pending;
}
#endif
void sched_block_hand_off(enum vcpu_wait why, struct vcpu *next, int32_t rc, uint64_t r1);
/* Take v off whatever queue it is on (partition stop). */
void sched_remove(struct vcpu *v);
/* Change v's priority, re-queueing it if it waits for its CPU. */
void sched_set_priority(struct vcpu *v, uint32_t prio);
/* v is its CPU's current vCPU (possibly mid-hypercall, or between blocking and leaving). */
bool sched_on_cpu(const struct vcpu *v);
/* End v with an exit code (hyp/core/thread.c): off every queue, its waiters woken. */
void thread_finish(struct vcpu *v, int32_t code);
/* v has left its CPU for good or for now: release the threads waiting to see it stop. */
void thread_stopped(struct vcpu *v);
/* The CPU of cpu_mask with the fewest vCPUs. */
uint32_t sched_pick_cpu(uint32_t cpu_mask);
/* Make the vCPU on another CPU leave it (partition stop). */
void sched_kick(uint32_t cpu);

#endif
