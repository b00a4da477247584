// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC fast path (seL4's fastpath.c is the model): Call and ReplyRecv straight from the
 * trap, for the case a client and a server on one CPU meet over and over:
 *
 *   Call:      the channel is idle, a server thread waits in Recv on this CPU and would run
 *              next anyway, the request's rule is a static grant and its message has nothing
 *              for the validator beyond its header and size;
 *   ReplyRecv: the same for the response going back to the client waiting in Call, and no
 *              other request waits for this server, so the receive half blocks.
 *
 * The message is staged, checked and delivered by the slow path's own steps (ipc.c), so both
 * copy, check and refuse alike; what the fast path leaves out is the generic hypercall
 * dispatch, the handle layer's error codes, the validator's walk and the scheduler's queues.
 * A Call whose rule the monitor decides (dynamic in the verdict table) with a plain message is
 * staged and handed to the monitor here too, as the slow path does after its validation.
 *
 * Every condition that sends a call to the slow path is checked before anything is changed:
 * IPC_FAST_NOT_TAKEN means "nothing happened, take the slow path", which then decides the call
 * from scratch (and produces its error, log line or wait).
 */
#include <stdint.h>

#include <hyp/arch.h>
#include <hyp/compiler.h>
#include <hyp/handle.h>
#include <hyp/ipc.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <msg/schema.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/msg.h>
#include <uapi/bulkhead/retcode.h>

#include "ipc_internal.h"

/* The channel object behind client or listener handle h of p, or NULL for anything the slow
 * path must refuse with its own error code (not a handle, revoked, the wrong type). */
static inline struct kobj *ipc_handle(struct partition *p, uint64_t h, uint32_t type)
{
	const struct handle_entry *e;

	if (unlikely(h > UINT32_MAX))
		return NULL;
	e = handle_entry_of(&p->handles, (uint32_t)h);
	if (unlikely(!e || e->revoked || e->obj->type != type))
		return NULL;
	return e->obj;
}

/*
 * What bh_msg_validate() and the verdict table decide for a message of the method the fast
 * path looked up: granted, and valid when its header has no flags or reserved bits and
 * exactly the method's size (the arena's size and alignment were checked by staging). A
 * message that is not is left to the slow path, which runs the validator itself.
 */
static inline bool staged_is_plain(const struct ipc_channel *ch, uint32_t size)
{
	const SMsgHdr *h = (const SMsgHdr *)ch->stage;

	return size && h->size == size && !h->flags && !h->reserved;
}

static enum ipc_fast fast_call(struct vcpu *v, const uint64_t *x)
{
	struct partition *p = v->part;
	uint64_t req = x[2], res = x[3];
	const volatile SMsgHdr *peek;
	uint32_t riid, mid, verdict;
	struct ipc_channel *ch;
	struct vcpu *srv = NULL;
	struct kobj *o;
	bool ask;

	/* A timed call needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return IPC_FAST_NOT_TAKEN;
	o = ipc_handle(p, x[1], BH_HANDLE_TYPE_IPC_CLIENT);
	if (unlikely(!o))
		return IPC_FAST_NOT_TAKEN;
	ch = o->chan;
	/* Busy, stale or stopped: the slow path sorts it out. */
	if (unlikely(ch->state != CH_IDLE || ch->server->state != PART_RUNNING))
		return IPC_FAST_NOT_TAKEN;
	/* Not aligned or not in RAM: the slow path refuses it. */
	if (unlikely((req & 7) || partition_room(p, req) < sizeof(SMsgHdr)))
		return IPC_FAST_NOT_TAKEN;
	peek = partition_at(p, req);
	riid = peek->riid;
	mid = peek->mid;
	if (unlikely(ch->method_key != ipc_method_key(riid, mid)))
		ipc_method_lookup(ch, riid, mid);
	/* A request the validator must look into (or of no method of the server's), or one the
	 * verdict table denies. */
	verdict = ch->method_verdict[PSL_EV_REQUEST];
	if (unlikely(!ch->plain_req_size ||
		     (verdict != PSL_VERDICT_GRANT && verdict != PSL_VERDICT_DYNAMIC)))
		return IPC_FAST_NOT_TAKEN;
	ask = verdict == PSL_VERDICT_DYNAMIC;
	if (ask) {
		/* No monitor to ask: the slow path denies it and says why. */
		if (unlikely(!monitor_available()))
			return IPC_FAST_NOT_TAKEN;
	} else {
		/* Nobody to hand the request to now (it would be staged and wait). */
		srv = ipc_waiting_server(ch->server);
		if (unlikely(!srv || srv->ipc_serving || !sched_may_hand_off(srv)))
			return IPC_FAST_NOT_TAKEN;
	}
	if (unlikely((res & 7) || partition_room(p, res) < sizeof(SMsgHdr)))
		return IPC_FAST_NOT_TAKEN;
	/* The staged copy is what counts: the sender may have changed its header meanwhile. */
	if (unlikely(ipc_stage_in(ch, p, req) != rcOk || !staged_is_plain(ch, ch->plain_req_size) ||
		     ((const SMsgHdr *)ch->stage)->riid != riid ||
		     ((const SMsgHdr *)ch->stage)->mid != mid))
		return IPC_FAST_NOT_TAKEN;
	ch->riid = riid;
	ch->mid = mid;
	if (ask) {
		/* The rule looks at the message or at model state: the monitor decides, on the
		 * staged copy, as after the slow path's validation and verdict look-up. */
		ch->caller = v;
		ch->res_ipa = res;
		ch->call_deadline = 0;
		ipc_ask_monitor(ch, v, PSL_EV_REQUEST, 0);
		return IPC_FAST_BLOCKED;
	}
	/* The server's buffers too small or not its own: the slow path fails the call. */
	if (unlikely(ipc_deliver(ch, ch->server, srv->wait_buf) != rcOk))
		return IPC_FAST_NOT_TAKEN;

	ch->caller = v;
	ch->res_ipa = res;
	ch->state = CH_SERVING;
	ch->delivered++;
	srv->ipc_serving = ch;
	sched_block_hand_off(WAIT_IPC_CALL, srv, rcOk, BH_IPC_RR_RECV);
	ch->caller_seq = v->wait_seq;
	return IPC_FAST_SWITCHED;
}

static enum ipc_fast fast_reply_recv(struct vcpu *v, const uint64_t *x)
{
	struct partition *p = v->part;
	struct ipc_channel *ch = v->ipc_serving;
	uint64_t res = x[2], buf = x[3];
	struct vcpu *client;

	/* A timed receive needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(!ipc_handle(p, x[1], BH_HANDLE_TYPE_IPC_LISTENER)))
		return IPC_FAST_NOT_TAKEN;
	/* No request held, or its client stopped waiting: the slow path says so. */
	if (unlikely(!ch || ch->server != p || ch->state != CH_SERVING || !ipc_caller_waits(ch)))
		return IPC_FAST_NOT_TAKEN;
	client = ch->caller;
	if (unlikely(!sched_may_hand_off(client)))
		return IPC_FAST_NOT_TAKEN;
	/* Another request is already there for the receive half: the slow path hands it over. */
	if (unlikely(ipc_has_staged(p)))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely((buf & 7) || partition_room(p, buf) < sizeof(SMsgHdr)))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(ipc_stage_in(ch, p, res) != rcOk))
		return IPC_FAST_NOT_TAKEN;
	/* An error response, the wrong method, a size the schema refuses, a response the verdict
	 * table does not grant, a method the fast path has not looked up: the slow path. */
	if (unlikely(ch->method_key != ipc_method_key(ch->riid, ch->mid) ||
		     ch->method_verdict[PSL_EV_RESPONSE] != PSL_VERDICT_GRANT ||
		     !staged_is_plain(ch, ch->plain_res_size) ||
		     ((const SMsgHdr *)ch->stage)->mid != ch->mid))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(ipc_deliver(ch, ch->client, ch->res_ipa) != rcOk))
		return IPC_FAST_NOT_TAKEN;

	v->ipc_serving = NULL;
	v->recv_after_reply = false;
	ch->state = CH_IDLE;
	ch->caller = NULL;
	v->wait_buf = buf;
	sched_block_hand_off(WAIT_IPC_RECV, client, rcOk, BH_IPC_RR_RECV);
	return IPC_FAST_SWITCHED;
}

enum ipc_fast ipc_fastpath(struct vcpu *v)
{
	const uint64_t *x = v->arch.regs.x;
	enum ipc_fast done;

	/* With the verdict table off, every message goes to the monitor by the slow path. */
	if (!VERDICT_TABLE)
		return IPC_FAST_NOT_TAKEN;
	spin_lock(&sched_lock);
	done = x[0] == BH_HC_IPC_CALL ? fast_call(v, x) : fast_reply_recv(v, x);
	spin_unlock(&sched_lock);
	return done;
}
