/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC: static channels from the manifest's connections, Call/Recv/Reply with rendezvous
 * semantics, each message copied once into the channel's hypervisor-owned staging buffer,
 * validated there against the server's schema and decided by the policy's verdict table
 * before a byte reaches the receiver (docs/ipc.md).
 *
 * Locking: everything here runs under sched_lock.
 */
#ifndef HYP_IPC_H
#define HYP_IPC_H

#include <stdbool.h>
#include <stdint.h>

struct manifest;
struct package;
struct partition;
struct vcpu;
struct bh_boot_info;

#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/monitor.h>

/* Staging buffer of a channel: constant part and arena of one message together (the monitor
 * sees each one in its window, so the size is part of the ABI). */
#define IPC_STAGING_SIZE BH_MONITOR_STAGE_SIZE

/* Boot, before partitions_create: policy, schemas and channels. Panics on a bad image. */
void ipc_init(const struct manifest *m, const struct package *pkg);
/* p is (re)loaded: install its channel handles and name them in its boot info. */
void ipc_partition_load(struct partition *p, struct bh_boot_info *bi);
/* p stopped or exited: callers waiting on it get rcNotConnected, its channels reset. */
void ipc_partition_gone(struct partition *p);
/* Thread v ended: a request it was serving fails for its client (rcNotConnected). */
void ipc_thread_gone(struct vcpu *v);
/*
 * The policy's execute verdict for p (Einit starts every partition): true to start it now;
 * false when it is never started, or when the monitor decides and starts it later.
 */
bool ipc_may_execute(struct partition *p);
/* v waited in WAIT_IPC_DECIDE past its deadline (the scheduler's timer): deny, or time out. */
void ipc_decide_expired(struct vcpu *v);

int ipc_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);
/* What ipc_fastpath() did with the hypercall of v. */
enum ipc_fast {
	IPC_FAST_NOT_TAKEN, /* nothing: the hypercall takes the ordinary path */
	IPC_FAST_SWITCHED,  /* done, and the CPU went straight to the peer: return to it */
	IPC_FAST_BLOCKED,   /* done, the caller waits (for the monitor): the scheduler picks */
};
/*
 * The fast path of v's HVC #0, a Call (reply_recv false) or a ReplyRecv of a secure
 * partition's vCPU, its arguments in v's saved x1..x4: the trap (arch/arm64/vectors.S,
 * traps.c) has tested all of that, and the fast path tests none of it again.
 */
enum ipc_fast ipc_fastpath(struct vcpu *v, bool reply_recv);
/* The calls that go to the fast path (vectors.S tests the same; host tests use this). */
static inline bool ipc_fastpath_takes(uint64_t fn)
{
	return fn == BH_HC_IPC_CALL || fn == BH_HC_IPC_REPLY_RECV;
}

#endif
