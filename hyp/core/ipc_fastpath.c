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
 * Every condition that sends a call to the slow path is checked before anything is changed:
 * a false return means "nothing happened, take the slow path", which then decides the call
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

/* Constant-part size of message type t when the validator checks nothing in it but its size. */
static uint32_t plain_size(const struct bh_schema *s, uint32_t t)
{
	if (t == BH_SCHEMA_NONE || (s->types[t].flags & BH_SF_CHECK))
		return 0;
	return s->types[t].size;
}

static inline uint64_t method_key(uint32_t riid, uint32_t mid)
{
	return (uint64_t)riid << 16 | mid | 1ull << 63; /* never 0 */
}

/*
 * Look method (riid, mid) of ch up for the fast path, once per method change: in the server's
 * schema (the endpoint must exist) and in the verdict table. With the verdict table off
 * nothing is fast: every message goes to the monitor.
 */
static void fast_cache_fill(struct ipc_channel *ch, uint32_t riid, uint32_t mid)
{
	const struct ipc_part *sp = ipc_part_of(ch->server->id);
	const struct bh_schema *s = &sp->schema;
	const struct bh_schema_method *m = NULL;

	ch->fast_req_size = ch->fast_res_size = 0;
	ch->fast_key = 0;
	if (!VERDICT_TABLE || !sp->has_schema || riid >= s->hdr->nendpoints)
		return;
	m = bh_schema_method(s, &s->ifaces[s->endpoints[riid].iface], mid);
	if (!m)
		return;
	if (ipc_table_verdict(ch, PSL_EV_REQUEST, riid, mid) == PSL_VERDICT_GRANT)
		ch->fast_req_size = plain_size(s, m->request);
	if (ipc_table_verdict(ch, PSL_EV_RESPONSE, riid, mid) == PSL_VERDICT_GRANT)
		ch->fast_res_size = plain_size(s, m->response);
	ch->fast_key = method_key(riid, mid);
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

static bool fast_call(struct vcpu *v, const uint64_t *x)
{
	struct partition *p = v->part;
	uint64_t req = x[2], res = x[3];
	const volatile SMsgHdr *peek;
	uint32_t riid, mid;
	struct ipc_channel *ch;
	struct vcpu *srv;
	struct kobj *o;

	/* A timed call needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return false;
	o = ipc_handle(p, x[1], BH_HANDLE_TYPE_IPC_CLIENT);
	if (unlikely(!o))
		return false;
	ch = o->chan;
	/* Busy, stale or stopped: the slow path sorts it out. */
	if (unlikely(ch->state != CH_IDLE || ch->server->state != PART_RUNNING))
		return false;
	/* Not aligned or not in RAM: the slow path refuses it. */
	if (unlikely((req & 7) || partition_room(p, req) < sizeof(SMsgHdr)))
		return false;
	peek = partition_at(p, req);
	riid = peek->riid;
	mid = peek->mid;
	/* A method not looked up yet, or one whose request is not plain or not granted. */
	if (unlikely(ch->fast_key != method_key(riid, mid)))
		fast_cache_fill(ch, riid, mid);
	if (unlikely(!ch->fast_key || !ch->fast_req_size))
		return false;
	/* Nobody to hand the request to now (it would be staged and wait). */
	srv = ipc_waiting_server(ch->server);
	if (unlikely(!srv || srv->ipc_serving || !sched_may_hand_off(srv)))
		return false;
	if (unlikely((res & 7) || partition_room(p, res) < sizeof(SMsgHdr)))
		return false;
	/* The staged copy is what counts: the sender may have changed its header meanwhile. */
	if (unlikely(ipc_stage_in(ch, p, req) != rcOk || !staged_is_plain(ch, ch->fast_req_size) ||
		     ((const SMsgHdr *)ch->stage)->riid != riid ||
		     ((const SMsgHdr *)ch->stage)->mid != mid))
		return false;
	ch->riid = riid;
	ch->mid = mid;
	/* The server's buffers too small or not its own: the slow path fails the call. */
	if (unlikely(ipc_deliver(ch, ch->server, srv->wait_buf) != rcOk))
		return false;

	ch->caller = v;
	ch->res_ipa = res;
	ch->state = CH_SERVING;
	ch->delivered++;
	srv->ipc_serving = ch;
	sched_block_hand_off(WAIT_IPC_CALL, srv, rcOk, BH_IPC_RR_RECV);
	ch->caller_seq = v->wait_seq;
	return true;
}

static bool fast_reply_recv(struct vcpu *v, const uint64_t *x)
{
	struct partition *p = v->part;
	struct ipc_channel *ch = v->ipc_serving;
	uint64_t res = x[2], buf = x[3];
	struct vcpu *client;

	/* A timed receive needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return false;
	if (unlikely(!ipc_handle(p, x[1], BH_HANDLE_TYPE_IPC_LISTENER)))
		return false;
	/* No request held, or its client stopped waiting: the slow path says so. */
	if (unlikely(!ch || ch->server != p || ch->state != CH_SERVING || !ipc_caller_waits(ch)))
		return false;
	client = ch->caller;
	if (unlikely(!sched_may_hand_off(client)))
		return false;
	/* Another request is already there for the receive half: the slow path hands it over. */
	if (unlikely(ipc_has_staged(p)))
		return false;
	if (unlikely((buf & 7) || partition_room(p, buf) < sizeof(SMsgHdr)))
		return false;
	if (unlikely(ipc_stage_in(ch, p, res) != rcOk))
		return false;
	/* An error response, the wrong method, a size the schema refuses, a response the verdict
	 * table does not grant, a method the fast path has not looked up: the slow path. */
	if (unlikely(ch->fast_key != method_key(ch->riid, ch->mid) ||
		     !staged_is_plain(ch, ch->fast_res_size) ||
		     ((const SMsgHdr *)ch->stage)->mid != ch->mid))
		return false;
	if (unlikely(ipc_deliver(ch, ch->client, ch->res_ipa) != rcOk))
		return false;

	v->ipc_serving = NULL;
	v->recv_after_reply = false;
	ch->state = CH_IDLE;
	ch->caller = NULL;
	v->wait_buf = buf;
	sched_block_hand_off(WAIT_IPC_RECV, client, rcOk, BH_IPC_RR_RECV);
	return true;
}

bool ipc_fastpath(struct vcpu *v)
{
	const uint64_t *x = v->arch.regs.x;
	bool done;

	spin_lock(&sched_lock);
	done = x[0] == BH_HC_IPC_CALL ? fast_call(v, x) : fast_reply_recv(v, x);
	spin_unlock(&sched_lock);
	return done;
}
