/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the IPC path (ipc.c) and its security monitor side (ipc_monitor.c) share: the channel
 * and per-partition IPC state, and the calls between them. Everything runs under sched_lock.
 */
#ifndef HYP_CORE_IPC_INTERNAL_H
#define HYP_CORE_IPC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/partition.h>
#include <hyp/vcpu.h>
#include <msg/schema.h>
#include <psl/engine.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/msg.h>

/* The connections, then one security channel per partition (its own security interface). */
#define MAX_CHANNELS (CONFIG_MAX_PARTITIONS * (BH_MANIFEST_MAX_CONNECTIONS + 1))

/* Host builds (the unit tests) have no autoconf.h: security-monitor/Kconfig's defaults. */
#ifdef BH_HOST_TEST
#ifndef CONFIG_SECMON_TIMEOUT_MS
#define CONFIG_SECMON_TIMEOUT_MS 5000
#endif
#define CONFIG_SECMON_VERDICT_TABLE 1
#endif

/* With the verdict table off, every event goes to the monitor (the two must agree). */
#ifdef CONFIG_SECMON_VERDICT_TABLE
#define VERDICT_TABLE true
#else
#define VERDICT_TABLE false
#endif

/* CH_DECIDING: the message in the staging buffer waits for the monitor's verdict. */
enum chan_state { CH_IDLE, CH_STAGED, CH_SERVING, CH_DECIDING };

struct manifest;
struct partition;
struct vcpu;
struct mon_event;

struct ipc_channel {
	const char *id;
	uint32_t index; /* in the channel table (and the monitor's window) */
	/* A partition's security channel (BH_HC_IPC_SECURITY): client == server == the caller,
	 * whose own class's security interface describes the message; no Recv ever sees it. */
	bool security;
	struct partition *client, *server;
	enum chan_state state;
	struct vcpu *caller; /* the client thread waiting in Call */
	uint64_t caller_seq;
	uint64_t res_ipa;    /* its response buffer */
	/* where res_ipa's header is in the client's RAM and the bytes from there to the RAM's
	 * end, or NULL (ipc_set_res_buf) */
	uint64_t *res_hdr;
	uint64_t res_room;
	uint64_t staged_seq; /* order of STAGED channels for Recv */
	uint32_t riid, mid;  /* of the request in service */
	uint8_t *stage;
	uint32_t msg_len, arena_len;
	uint64_t delivered; /* requests that reached the server */
	/* What the verdict table and the server's schema say of the method called last: the
	 * policy and the schemas never change, and a client mostly calls the same method again,
	 * so both are looked up once per method change (ipc_method_lookup). method_key is
	 * ipc_method_key(riid, mid), 0 before the first look-up. A message's plain size is the
	 * size of its constant part when the validator has nothing in it to look at beyond the
	 * header and its words fit the staging buffer (the fast path's messages), else 0:
	 * plain_req_size is the request's (one the monitor decides is staged by the fast path
	 * too), granted_*_size the request's / response's when the verdict table grants it,
	 * else 0, so that the fast path's usual case is one test. */
	uint64_t method_key;
	uint8_t method_verdict[PSL_EV_COUNT];
	uint32_t plain_req_size;
	uint32_t granted_req_size, granted_res_size;
	/* CH_DECIDING */
	struct mon_event *asked; /* the monitor's event for it */
	struct vcpu *replier;	 /* a response: the server thread waiting in Reply */
	uint64_t call_deadline;	 /* a request: the Call's own timeout, 0 = none */
	uint32_t ask_kind;	 /* PSL_EV_* of the message the monitor decides */
};

/* What the hypervisor knows of each partition for IPC. */
struct ipc_part {
	bool has_schema;
	struct bh_schema schema;
	uint64_t schema_size;
	uint32_t class_id; /* in the policy, PSL_NONE when absent */
	struct ipc_channel *security; /* NULL: its class has no security interface */
};

/* The client thread ch->caller still waits in Call (or for the verdict on its request). */
static inline bool ipc_caller_waits(const struct ipc_channel *ch)
{
	const struct vcpu *c = ch->caller;

	_Static_assert(WAIT_IPC_DECIDE == WAIT_IPC_CALL + 1, "one range check");
	return c && c->state == VCPU_BLOCKED && (uint32_t)(c->wait - WAIT_IPC_CALL) <= 1 &&
	       c->wait_seq == ch->caller_seq;
}

/* The message header at ipa of p, when it is 8-byte aligned and all in p's RAM (*hdr, and
 * *room: the bytes of RAM from it on, so that a message whose size is only known from its
 * header costs one compare more): both paths' one look-up of a buffer. */
static inline bool ipc_header_at(const struct partition *p, uint64_t ipa, uint64_t **hdr,
				 uint64_t *room)
{
	uint64_t off = ipa - BH_PARTITION_RAM_IPA; /* below the RAM: wraps, and is too large */

	if (__builtin_expect((ipa & 7) || off > p->ram_size - sizeof(SMsgHdr), 0))
		return false;
	*room = p->ram_size - off;
	*hdr = (uint64_t *)((char *)p->ram_hva + off);
	return true;
}

/*
 * The buffers a blocked thread's message goes to, kept with where their headers are (NULL:
 * not a header position in the RAM), so that the fast path finds them without a second
 * look-up: the caller's response buffer while ch's request is in service, and the receive
 * buffer of a thread waiting in Recv. Every IPC path sets them with these (ipc_keep_*: the
 * header already found, by the fast path); the RAM they point into stays while the thread
 * waits (a partition's RAM goes only with its threads).
 */
static inline void ipc_keep_res_buf(struct ipc_channel *ch, uint64_t ipa, uint64_t *hdr,
				    uint64_t room)
{
	ch->res_ipa = ipa;
	ch->res_hdr = hdr;
	ch->res_room = room;
}

static inline void ipc_set_res_buf(struct ipc_channel *ch, uint64_t ipa)
{
	uint64_t *hdr, room = 0;

	if (!ipc_header_at(ch->client, ipa, &hdr, &room))
		hdr = NULL;
	ipc_keep_res_buf(ch, ipa, hdr, room);
}

static inline void ipc_keep_recv_buf(struct vcpu *v, uint64_t ipa, uint64_t *hdr, uint64_t room)
{
	v->wait_buf = ipa;
	v->recv_hdr = hdr;
	v->recv_room = room;
}

static inline void ipc_set_recv_buf(struct vcpu *v, uint64_t ipa)
{
	uint64_t *hdr, room = 0;

	if (!ipc_header_at(v->part, ipa, &hdr, &room))
		hdr = NULL;
	ipc_keep_recv_buf(v, ipa, hdr, room);
}

/* ipc.c: what the fast path (ipc_fastpath.c) shares with the slow path */
/* p's thread that has waited longest in Recv, or NULL. Inline: the fast path's every Call. */
static inline struct vcpu *ipc_waiting_server(struct partition *p)
{
	struct vcpu *best = NULL;

	/* Only the slots that have held a thread since the server (re)started. */
	for (uint32_t i = 0; i < p->slots_used; i++) {
		struct vcpu *v = &p->vcpus[i];

		if (v->state == VCPU_BLOCKED && v->wait == WAIT_IPC_RECV &&
		    (!best || v->wait_seq < best->wait_seq))
			best = v;
	}
	return best;
}
/* riid and mid where a message header's second word has them (the fast path compares that
 * word); never 0. */
static inline uint64_t ipc_method_key(uint32_t riid, uint32_t mid)
{
	return (uint64_t)mid << 32 | riid | 1ull << 63;
}
/* Fill ch's method cache for (riid, mid); for a riid or mid the server's schema does not have,
 * the plain sizes are 0. */
void ipc_method_lookup(struct ipc_channel *ch, uint32_t riid, uint32_t mid);
/* Block v, the sender of ch's staged message of kind, until the monitor's verdict (or limit,
 * or CONFIG_SECMON_TIMEOUT_MS, whichever comes first); monitor_available() was true. */
int ipc_ask_monitor(struct ipc_channel *ch, struct vcpu *v, uint32_t kind, uint64_t limit);
/* Every change of a channel's state that may involve CH_STAGED (the fast path's IDLE <->
 * SERVING need not): its server's count of staged requests (partition.ipc_staged, which the
 * fast path reads) follows CH_STAGED. */
static inline void ipc_channel_set_state(struct ipc_channel *ch, enum chan_state s)
{
	ch->server->ipc_staged += (uint32_t)(s == CH_STAGED) - (uint32_t)(ch->state == CH_STAGED);
	ch->state = s;
}

/* ipc.c: its state, for ipc_monitor.c */
const struct psl_image *ipc_policy_image(void); /* NULL: no policy */
uint32_t ipc_channel_count(void);
struct ipc_channel *ipc_channel_at(uint32_t i);
const struct ipc_part *ipc_part_of(uint32_t partition);

/* ipc.c: the monitor's verdict on the message of ch (kind: PSL_EV_*); resumes the path. */
void ipc_decided(struct ipc_channel *ch, uint32_t kind, bool granted, const char *why);
const char *ipc_kind_name(uint32_t kind);

/* ipc_monitor.c */
void monitor_init(const struct manifest *m);
/* A monitor partition is running and can take events. */
bool monitor_available(void);
/* Queue the message event of ch for the monitor (monitor_available() was true); the current
 * vCPU has just blocked on it. */
void monitor_ask(struct ipc_channel *ch, uint32_t kind);
/* Queue p's execute event; false: no monitor (never start it). */
bool monitor_ask_execute(struct partition *p);
/* ch's event no longer needs a verdict (its sender is gone). */
void monitor_cancel(struct ipc_channel *ch);
/* Map the window into the monitor partition (once, when it is first loaded). */
void monitor_partition_load(struct partition *p);
/* p stopped or exited; when p is the monitor, every pending event is denied. */
void monitor_partition_gone(struct partition *p);
bool monitor_is(const struct partition *p);
int monitor_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r);

#endif
