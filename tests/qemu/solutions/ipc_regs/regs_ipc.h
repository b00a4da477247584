/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One hypercall with every general register set to a pattern of the caller's (regs_ipc.c),
 * for the IPC register scenario (tests/qemu/test_ipc_regs.c). docs/abi.md §1: a call of the
 * IPC group may change x0..x13 and preserves x14..x30 and SP; whatever it changes, a partition
 * must only ever find its own values there, never another partition's or the hypervisor's.
 */
#ifndef REGS_IPC_H
#define REGS_IPC_H

#include <stdint.h>

struct regs_frame {
	/* First a call outside the IPC group, which saves every register: x0 its function id,
	 * x1..x30 the "older" pattern. */
	uint64_t prime[31];
	/* Then the IPC call: x0..x4 its function id and arguments, x5..x30 the "newer" pattern. */
	uint64_t load[31];
	uint64_t out[32]; /* x0..x30 after the IPC call, then SP */
	uint64_t sp;	  /* SP before it */
};

void regs_ipc(struct regs_frame *f);

/* f for the IPC call fn(a1..a4) by the partition tagged tag, in round `round`. */
void regs_fill(struct regs_frame *f, unsigned int tag, unsigned int round, uint64_t fn, uint64_t a1,
	       uint64_t a2, uint64_t a3, uint64_t a4);

/* -1 when f->out keeps the ABI, else the first register that does not (31: SP); *why says how. */
int regs_check(const struct regs_frame *f, const char **why);

/* How the server waits for the request after the one it answers (the request's value). */
enum regs_wait {
	REGS_WAIT_FAST,	 /* ReplyRecv without a timeout: the fast path */
	REGS_WAIT_TIMED, /* ReplyRecv with a timeout: the slow path */
	REGS_WAIT_SPLIT, /* Reply, then Recv */
	REGS_REPORT,	 /* answer, print the server's count of checks, and wait */
};
#define REGS_VALUE(wait, round) ((uint64_t)(wait) << 32 | (round))
#define REGS_WAIT_OF(value) ((enum regs_wait)((value) >> 32))

#endif
