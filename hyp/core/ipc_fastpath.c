// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC fast path (seL4's fastpath.c is the model): Call and ReplyRecv straight from the
 * trap, for the case a client and a server on one CPU meet over and over:
 *
 *   Call:      the channel is idle, a server thread waits in Recv on this CPU and would run
 *              next anyway, the request's rule is a static grant and its message is plain:
 *              nothing for the validator beyond its header and its method's size, no arena;
 *   ReplyRecv: the same for the response going back to the client waiting in Call, and no
 *              other request waits for this server, so the receive half blocks.
 *
 * It stages the message as the slow path does (one read of the sender's buffer into the
 * channel's staging buffer, then every check on that copy), but knows the size before it
 * reads: the method's plain size, from the channel's method cache. So it copies the header as
 * five words and the body in word pairs, checks the header's words in registers against what
 * the validator would accept, and writes the receiver's header in words too. A Call whose rule the
 * monitor decides (dynamic in the verdict table) with a plain message is staged here and handed
 * to the monitor, as the slow path does after its validation.
 *
 * Every condition that sends a call to the slow path is checked before anything the slow path
 * or a partition could see is changed: IPC_FAST_NOT_TAKEN means "nothing happened, take the
 * slow path", which then decides the call from scratch (and produces its error, log line or
 * wait). Staging into an idle channel, or into one whose request is already delivered, changes
 * nothing anyone reads.
 */
#include <stddef.h>
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

/* SMsgHdr as five little-endian words: what the fast path reads and writes of it. */
enum {
	HW_SIZE,       /* size | capacity << 32 */
	HW_METHOD,     /* riid | mid << 32 | flags << 48 */
	HW_ARENA,      /* arena */
	HW_ARENA_SIZE, /* arena_size | arena_capacity << 32 */
	HW_HANDLES,    /* handles | reserved << 32 */
	HDR_WORDS
};
_Static_assert(offsetof(SMsgHdr, capacity) == 4 && offsetof(SMsgHdr, riid) == 8 &&
		   offsetof(SMsgHdr, mid) == 12 && offsetof(SMsgHdr, flags) == 14 &&
		   offsetof(SMsgHdr, arena) == 16 && offsetof(SMsgHdr, arena_size) == 24 &&
		   offsetof(SMsgHdr, arena_capacity) == 28 && offsetof(SMsgHdr, handles) == 32 &&
		   offsetof(SMsgHdr, reserved) == 36 && sizeof(SMsgHdr) == HDR_WORDS * 8,
	       "the fast path's view of SMsgHdr");
#define LOW32 0xffffffffull
#define METHOD_MASK 0xffffffffffffull /* riid and mid of HW_METHOD */

/* n 8-byte words from s to d, in pairs (ldp/stp). */
static inline void copy_words(uint64_t *d, const uint64_t *s, uint32_t n)
{
	for (; n >= 2; n -= 2, d += 2, s += 2) {
		uint64_t a = s[0], b = s[1];

		d[0] = a;
		d[1] = b;
	}
	if (n)
		*d = *s;
}

/*
 * Stage the plain message of size bytes at src (the sender's RAM, room bytes of it from src
 * on) and check the copy as bh_msg_validate() would for a message of that size: exactly that
 * size, the method asked for with no flags (method: HW_METHOD's value), no arena, nothing
 * reserved. Words are read up to the next multiple of 8, within the sender's own RAM; only
 * size bytes are ever delivered. The staged header's words that reach the receiver as they
 * are go to *kept too, so that the delivery need not read them back.
 */
struct kept_words {
	uint64_t method, handles; /* HW_METHOD, HW_HANDLES */
};

static inline bool stage_plain(struct ipc_channel *ch, const uint64_t *src, uint64_t room,
			       uint32_t size, uint64_t method, uint64_t method_mask,
			       struct kept_words *kept)
{
	uint64_t *st = (uint64_t *)ch->stage;
	uint32_t words = (size + 7) / 8;
	uint64_t w0, w1, w2, w3, w4;

	/* size is a method's plain size: a header at least, and room in the staging buffer for
	 * its words (plain_size() in ipc.c). */
	if (unlikely(words * 8ull > room))
		return false;
	/* The header in five loads and stores, checked in registers; then the body. */
	w0 = src[HW_SIZE], w1 = src[HW_METHOD], w2 = src[HW_ARENA];
	w3 = src[HW_ARENA_SIZE], w4 = src[HW_HANDLES];
	st[HW_SIZE] = w0, st[HW_METHOD] = w1, st[HW_ARENA] = w2;
	st[HW_ARENA_SIZE] = w3, st[HW_HANDLES] = w4;
	copy_words(st + HDR_WORDS, src + HDR_WORDS, words - HDR_WORDS);
	if (unlikely((uint32_t)w0 != size || (w1 & method_mask) != method || (uint32_t)w3 ||
		     (w4 >> 32)))
		return false;
	ch->msg_len = size;
	ch->arena_len = 0;
	kept->method = w1;
	kept->handles = w4;
	return true;
}

/*
 * ipc_deliver() for a staged plain message: into the receive buffer at dst (room bytes of the
 * receiver's RAM from it on), whose header says how much it takes. The receiver keeps its
 * buffer sizes, gets no arena and riid as the channel knows it; exactly msg_len bytes are
 * written (kept: what stage_plain() kept of the staged header). false: it does not fit (the
 * slow path fails the call with its error).
 */
static inline bool deliver_plain(const struct ipc_channel *ch, uint64_t *dst, uint64_t room,
				 const struct kept_words *kept)
{
	const uint64_t *st = (const uint64_t *)ch->stage;
	uint32_t size = ch->msg_len, body = size - sizeof(SMsgHdr);
	uint64_t want_size = dst[HW_SIZE], want_arena = dst[HW_ARENA_SIZE];

	if (unlikely(size > room || (want_size >> 32) < size))
		return false;
	dst[HW_SIZE] = (want_size & ~LOW32) | size;
	dst[HW_METHOD] = (kept->method & ~LOW32) | ch->riid;
	dst[HW_ARENA] = 0;
	dst[HW_ARENA_SIZE] = want_arena & ~LOW32;
	dst[HW_HANDLES] = kept->handles;
	copy_words(dst + HDR_WORDS, st + HDR_WORDS, body / 8);
	for (uint32_t i = body & ~7u; i < body; i++)
		((uint8_t *)(dst + HDR_WORDS))[i] = ((const uint8_t *)(st + HDR_WORDS))[i];
	return true;
}

static enum ipc_fast fast_call(struct vcpu *v, const uint64_t *x)
{
	struct partition *p = v->part;
	uint64_t req_room, res_room, method;
	uint64_t *req, *res, *dst;
	struct ipc_channel *ch;
	struct vcpu *srv;
	struct kept_words kept;
	struct kobj *o;
	uint32_t size;

	/* A timed call needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return IPC_FAST_NOT_TAKEN;
	o = handle_object_of(&p->handles, x[1], BH_HANDLE_TYPE_IPC_CLIENT);
	if (unlikely(!o))
		return IPC_FAST_NOT_TAKEN;
	ch = o->chan;
	/* Busy, stale or stopped: the slow path sorts it out. Not aligned or not in RAM: the
	 * slow path refuses it. */
	if (unlikely(ch->state != CH_IDLE || ch->server->state != PART_RUNNING))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(!ipc_header_at(p, x[2], &req, &req_room) || !ipc_header_at(p, x[3], &res, &res_room)))
		return IPC_FAST_NOT_TAKEN;
	/* The method, peeked at to find its size; what counts is read again from the copy. */
	method = ((const volatile uint64_t *)req)[HW_METHOD] & METHOD_MASK;
	if (unlikely(ch->method_key != ipc_method_key((uint32_t)method, (uint16_t)(method >> 32))))
		ipc_method_lookup(ch, (uint32_t)method, (uint16_t)(method >> 32));
	/* Not a plain request the verdict table grants: one the validator must look into (or of
	 * no method of the server's), one the table denies, or one the monitor decides. */
	size = ch->granted_req_size;
	if (unlikely(!size)) {
		/* No monitor to ask: the slow path denies it and says why. */
		if (ch->method_verdict[PSL_EV_REQUEST] != PSL_VERDICT_DYNAMIC ||
		    !ch->plain_req_size || !monitor_available() ||
		    !stage_plain(ch, req, req_room, ch->plain_req_size, method, ~0ull, &kept))
			return IPC_FAST_NOT_TAKEN;
		/* The rule looks at the message or at model state: the monitor decides, on the
		 * staged copy, as after the slow path's validation and verdict look-up. */
		ch->riid = (uint32_t)method;
		ch->mid = (uint16_t)(method >> 32);
		ch->caller = v;
		ipc_keep_res_buf(ch, x[3], res, res_room);
		ch->call_deadline = 0;
		ipc_ask_monitor(ch, v, PSL_EV_REQUEST, 0);
		return IPC_FAST_BLOCKED;
	}
	/* Nobody to hand the request to now (it would be staged and wait). */
	srv = ipc_waiting_server(ch->server);
	if (unlikely(!srv || srv->ipc_serving || !sched_may_hand_off(v, srv)))
		return IPC_FAST_NOT_TAKEN;
	/* The sender may change its header meanwhile: the staged copy must say what was
	 * peeked (flags included: a request has none). The server's buffer too small or not its
	 * own: the slow path fails the call. */
	dst = srv->recv_hdr;
	if (unlikely(!dst || !stage_plain(ch, req, req_room, size, method, ~0ull, &kept)))
		return IPC_FAST_NOT_TAKEN;
	ch->riid = (uint32_t)method;
	ch->mid = (uint16_t)(method >> 32);
	if (unlikely(!deliver_plain(ch, dst, srv->recv_room, &kept)))
		return IPC_FAST_NOT_TAKEN;

	ch->caller = v;
	ipc_keep_res_buf(ch, x[3], res, res_room);
	ch->state = CH_SERVING; /* from CH_IDLE: the staged count is not concerned */
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
	uint64_t res_room, buf_room;
	uint64_t *res, *buf, *dst;
	struct kept_words kept;
	struct vcpu *client;
	uint32_t size;

	/* A timed receive needs a deadline, kept by the slow path. */
	if (unlikely(x[4] != BH_TIMEOUT_INFINITE))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(!handle_object_of(&p->handles, x[1], BH_HANDLE_TYPE_IPC_LISTENER)))
		return IPC_FAST_NOT_TAKEN;
	/* No request held, or its client stopped waiting: the slow path says so. Another request
	 * already there for the receive half: the slow path hands it over. */
	if (unlikely(!ch || ch->server != p || ch->state != CH_SERVING || !ipc_caller_waits(ch) ||
		     p->ipc_staged))
		return IPC_FAST_NOT_TAKEN;
	client = ch->caller;
	if (unlikely(!sched_may_hand_off(v, client)))
		return IPC_FAST_NOT_TAKEN;
	if (unlikely(!ipc_header_at(p, x[2], &res, &res_room) || !ipc_header_at(p, x[3], &buf, &buf_room)))
		return IPC_FAST_NOT_TAKEN;
	/* A method the fast path has not looked up (the cache holds the request's), a response
	 * the verdict table does not grant, one the validator must look into; then in the copy:
	 * an error response (flags), the wrong method, another size. */
	size = ch->granted_res_size;
	if (unlikely(ch->method_key != ipc_method_key(ch->riid, ch->mid) || !size))
		return IPC_FAST_NOT_TAKEN;
	dst = ch->res_hdr;
	if (unlikely(!dst ||
		     !stage_plain(ch, res, res_room, size, (uint64_t)ch->mid << 32,
				  ~LOW32, &kept) ||
		     !deliver_plain(ch, dst, ch->res_room, &kept)))
		return IPC_FAST_NOT_TAKEN;

	v->ipc_serving = NULL;
	v->recv_after_reply = false;
	ch->state = CH_IDLE; /* from CH_SERVING: the staged count is not concerned */
	ch->caller = NULL;
	ipc_keep_recv_buf(v, x[3], buf, buf_room);
	sched_block_hand_off(WAIT_IPC_RECV, client, rcOk, BH_IPC_RR_RECV);
	return IPC_FAST_SWITCHED;
}

enum ipc_fast ipc_fastpath(struct vcpu *v, bool reply_recv)
{
	const uint64_t *x = v->arch.regs.x;
	enum ipc_fast done;

	/* With the verdict table off, every message goes to the monitor by the slow path. */
	if (!VERDICT_TABLE)
		return IPC_FAST_NOT_TAKEN;
	spin_lock(&sched_lock);
	done = reply_recv ? fast_reply_recv(v, x) : fast_call(v, x);
	spin_unlock(&sched_lock);
	return done;
}
