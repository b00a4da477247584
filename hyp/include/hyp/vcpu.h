/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A vCPU: one thread of a partition. Its state machine:
 *
 *   FREE --create--> RUNNABLE <--wake-- BLOCKED
 *          \--suspended--> SUSPENDED --resume--> RUNNABLE <--> RUNNING
 *   RUNNING --exit--> ZOMBIE --joined--> FREE
 *   any live state --terminate--> ZOMBIE; RUNNABLE/RUNNING --suspend--> SUSPENDED
 *
 * A vCPU that runs on another CPU cannot be changed under that CPU's feet (it may be in the
 * middle of a hypercall): terminate and suspend then set kill_pending / suspend_pending and
 * kick that CPU, whose scheduler applies them on the vCPU's way out of its trap. A suspender
 * waits (WAIT_STOP, join_tid = the target) until then, so a suspend has landed when it returns.
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
enum vcpu_wait { WAIT_NONE, WAIT_SLEEP, WAIT_JOIN, WAIT_FUTEX, WAIT_NOTICE, WAIT_IRQ, WAIT_STOP,
		 WAIT_WFI /* a Linux guest's vCPU idles */, WAIT_IPC_CALL,
		 WAIT_IPC_DECIDE /* its message waits for the monitor's verdict (after CALL: one
				    range check tells a client waiting for either) */,
		 WAIT_IPC_RECV, WAIT_MONITOR /* a monitor thread waits for a security event */ };

struct kobj;
struct ipc_channel;

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
	union {
		struct {
			/* terminated while running elsewhere: exit on leaving the CPU */
			bool kill_pending;
			/* suspended while running or blocked: stop instead of running */
			bool suspend_pending;
		};
		uint16_t leave_pending; /* either: the scheduler's hand-off tests both at once */
	};
	int32_t kill_code;
	uint64_t wait_seq;	/* when it started waiting: futex waiters wake oldest first */
	uint64_t futex_ipa;	/* WAIT_FUTEX: the word */
	struct kobj *wait_obj;	/* WAIT_NOTICE / WAIT_IRQ: what it waits on */
	uint64_t wait_buf;	/* WAIT_NOTICE: IPA of its event buffer; WAIT_IPC_RECV: request */
	/* WAIT_IPC_RECV: where wait_buf's header is in its partition's RAM and the bytes from
	 * there to the RAM's end, or NULL (ipc_set_recv_buf) */
	uint64_t *recv_hdr;
	uint64_t recv_room;
	struct ipc_channel *ipc_serving; /* the request it received last and must answer */
	/* ReplyRecv whose reply the monitor decides: receive into wait_buf once it is given */
	bool recv_after_reply;
	uint32_t recv_timeout;	/* ms, of that receive */
	uint32_t wait_max;	/* WAIT_NOTICE: events the buffer holds */
	uint64_t run_start;	/* ns, when it last took a CPU */
	uint64_t cpu_time_ns;	/* time on a CPU, up to its last switch out */
};

#define TID_SLOT(tid) ((tid) & 0xffu)
#define TID_GEN(tid) ((tid) >> 8)

static inline uint32_t vcpu_tid(const struct vcpu *v)
{
	return ((uint32_t)v->gen << 8) | v->slot;
}

#endif
