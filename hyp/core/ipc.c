// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC path (hyp/ipc.h, docs/ipc.md). A channel joins one client partition to one server
 * partition and carries one request at a time: IDLE -> STAGED (copied and checked, no server
 * thread took it yet) -> SERVING (a server thread has it) -> IDLE when the reply is delivered.
 * A second Call on a busy channel gets rcBusy.
 *
 * Nothing the partitions pass is trusted: every buffer is bounds-checked against the owner's
 * RAM, the message is copied once into the channel's staging buffer, and only that copy is
 * validated, decided and delivered, so a sender that rewrites its buffer meanwhile changes
 * nothing the receiver sees. Waiters are checked lazily: a caller that timed out or was
 * stopped no longer matches the wait sequence number the channel recorded.
 */
#include <stdint.h>
#include <string.h>

#include <hyp/addr.h>
#include <hyp/arch.h>
#include <hyp/handle.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <msg/schema.h>
#include <msg/validate.h>
#include <psl/engine.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/msg.h>
#include <uapi/bulkhead/retcode.h>

#include "ipc_internal.h"

#define STAGING_PAGES (IPC_STAGING_SIZE / PAGE_SIZE)

_Static_assert(BH_MSG_RIID_SECURITY == PSL_RIID_SECURITY, "one riid for the security interface");

static struct ipc_channel channels[MAX_CHANNELS];
static uint32_t nr_channels;	 /* the connections: channels[0 .. nr_channels) */
static uint32_t nr_all_channels; /* and after them the security channels */
static struct ipc_part ipc_parts[CONFIG_MAX_PARTITIONS];
static struct psl_image policy;
static bool have_policy;
static uint64_t stage_seq;

/* Images in the package are only 4-byte aligned: copy them into pages of their own. */
static void *copy_image(const void *data, uint64_t size, const char *what)
{
	paddr_t pa;
	void *va;

	if (!page_alloc((size + PAGE_SIZE - 1) / PAGE_SIZE, PAGE_SIZE, &pa))
		panic("%s: out of memory for %lu bytes", what, size);
	va = pa_to_va(pa);
	memcpy(va, data, size);
	return va;
}

static void load_policy(const struct manifest *m, const struct package *pkg)
{
	const void *data;
	const char *err;
	uint64_t size;
	enum psl_status st;

	if (!m->policy[0])
		return;
	if (package_image(pkg, m->policy, &data, &size, &err))
		panic("boot package refused: policy: %s", err);
	st = psl_image_load(&policy, copy_image(data, size, "policy"), size);
	if (st != PSL_OK)
		panic("boot package refused: policy image '%s' is not valid (status %u)", m->policy,
		      (unsigned int)st);
	have_policy = true;
	log_info("security policy: %u classes, %u static verdicts", policy.n_classes,
		 policy.n_verdicts);
}

static void load_schema(const struct manifest_partition *d, struct ipc_part *ip,
			const struct package *pkg)
{
	const void *data;
	const char *err;
	uint64_t size;

	if (!d->schema[0])
		return;
	if (package_image(pkg, d->schema, &data, &size, &err))
		panic("boot package refused: partition '%s': schema: %s", d->name, err);
	if (bh_schema_check(&ip->schema, copy_image(data, size, "schema"), size, &err))
		panic("boot package refused: partition '%s': schema '%s': %s", d->name, d->schema,
		      err);
	ip->has_schema = true;
	ip->schema_size = size;
}

/* The channel of p's calls to its own security interface: staged and shown to the monitor
 * like a connection's, but nobody receives on it. */
static void security_channel_init(uint32_t i)
{
	struct partition *p = &partitions[i];
	struct ipc_channel *ch = &channels[nr_all_channels++];
	paddr_t pa;

	ch->index = nr_all_channels - 1;
	ch->id = "security";
	ch->security = true;
	ch->client = ch->server = p;
	if (!page_alloc(STAGING_PAGES, PAGE_SIZE, &pa))
		panic("IPC: out of memory for staging buffers");
	ch->stage = pa_to_va(pa);
	ipc_parts[i].security = ch; /* p->id is not set yet */
}

void ipc_init(const struct manifest *m, const struct package *pkg)
{
	load_policy(m, pkg);
	for (uint32_t i = 0; i < m->npartitions; i++) {
		struct ipc_part *ip = &ipc_parts[i];

		load_schema(&m->part[i], ip, pkg);
		ip->class_id =
		    have_policy ? psl_image_find_class(&policy, m->part[i].class_name) : PSL_NONE;
	}
	for (uint32_t i = 0; i < m->npartitions; i++) {
		const struct manifest_partition *d = &m->part[i];

		for (uint32_t c = 0; c < d->nconns; c++) {
			struct ipc_channel *ch = &channels[nr_channels++];
			paddr_t pa;

			ch->index = nr_channels - 1;
			ch->id = d->conn[c].id;
			ch->client = &partitions[i];
			ch->server = &partitions[d->conn[c].server_index];
			if (!page_alloc(STAGING_PAGES, PAGE_SIZE, &pa))
				panic("IPC: out of memory for staging buffers");
			ch->stage = pa_to_va(pa);
		}
	}
	nr_all_channels = nr_channels;
	for (uint32_t i = 0; i < m->npartitions; i++)
		if (ipc_parts[i].has_schema && ipc_parts[i].schema.security)
			security_channel_init(i);
	if (nr_channels)
		log_info("IPC: %u channel%s", nr_channels, nr_channels == 1 ? "" : "s");
	monitor_init(m);
}

const struct psl_image *ipc_policy_image(void)
{
	return have_policy ? &policy : NULL;
}

uint32_t ipc_channel_count(void)
{
	return nr_all_channels;
}

struct ipc_channel *ipc_channel_at(uint32_t i)
{
	return &channels[i];
}

const struct ipc_part *ipc_part_of(uint32_t partition)
{
	return &ipc_parts[partition];
}

static bool serves(const struct partition *p)
{
	for (uint32_t i = 0; i < nr_channels; i++)
		if (channels[i].server == p)
			return true;
	return false;
}

static void name_handle(struct bh_boot_info *bi, const char *name, uint32_t h, uint32_t role)
{
	struct bh_boot_channel *bc;

	if (bi->nchannels == BH_BOOT_MAX_CHANNELS)
		return; /* 8 connections + listener names always fit 16 entries */
	bc = &bi->channels[bi->nchannels++];
	/* ids are at most 31 characters (manifest parser); bc->name was zeroed */
	memcpy(bc->name, name, strnlen(name, sizeof(bc->name) - 1));
	bc->handle = h;
	bc->role = role;
}

static bool install(struct partition *p, uint32_t type, struct ipc_channel *ch, uint32_t *h)
{
	struct kobj *o = kobj_new(p, type);

	if (!o)
		return false;
	o->chan = ch;
	if (handle_install(p, o, BH_RIGHTS_FULL & ~BH_RIGHT_TRANSFER, h) != rcOk) {
		o->type = 0;
		return false;
	}
	return true;
}

void ipc_partition_load(struct partition *p, struct bh_boot_info *bi)
{
	uint32_t h;

	monitor_partition_load(p);
	for (uint32_t i = 0; i < nr_channels; i++) {
		struct ipc_channel *ch = &channels[i];

		if (ch->client == p && install(p, BH_HANDLE_TYPE_IPC_CLIENT, ch, &h))
			name_handle(bi, ch->id, h, BH_CHANNEL_CLIENT);
	}
	if (!serves(p) || !install(p, BH_HANDLE_TYPE_IPC_LISTENER, NULL, &h))
		return;
	/* One listener receives on every channel the partition serves, under each id. */
	for (uint32_t i = 0; i < nr_channels; i++) {
		bool dup = false;

		if (channels[i].server != p)
			continue;
		for (uint32_t k = 0; k < bi->nchannels; k++)
			dup |= bi->channels[k].role == BH_CHANNEL_SERVER &&
			       !strcmp(bi->channels[k].name, channels[i].id);
		if (!dup)
			name_handle(bi, channels[i].id, h, BH_CHANNEL_SERVER);
	}
}

static void replier_done(struct vcpu *r, int rc);

/* A message waiting for the monitor goes nowhere: nobody asks for its verdict any more, and a
 * server thread waiting in Reply for it learns that its client is gone. */
static __attribute__((noinline)) void decision_cancel(struct ipc_channel *ch)
{
	struct vcpu *r = ch->replier;

	monitor_cancel(ch);
	ch->replier = NULL;
	if (r && r->state == VCPU_BLOCKED && r->wait == WAIT_IPC_DECIDE)
		replier_done(r, rcNotConnected);
}

static void channel_reset(struct ipc_channel *ch)
{
	if (__builtin_expect(ch->state == CH_DECIDING, 0))
		decision_cancel(ch);
	ipc_channel_set_state(ch, CH_IDLE);
	ch->caller = NULL;
}

void ipc_thread_gone(struct vcpu *v)
{
	struct ipc_channel *ch = v->ipc_serving;

	v->ipc_serving = NULL;
	if (!ch || ch->server != v->part || ch->state != CH_SERVING)
		return;
	if (ipc_caller_waits(ch))
		sched_wake(ch->caller, rcNotConnected, 0);
	channel_reset(ch);
}

void ipc_partition_gone(struct partition *p)
{
	monitor_partition_gone(p);
	for (uint32_t i = 0; i < p->desc->max_threads; i++)
		p->vcpus[i].ipc_serving = NULL;
	for (uint32_t i = 0; i < nr_channels; i++) {
		struct ipc_channel *ch = &channels[i];

		if (ch->server == p && ch->state != CH_IDLE) {
			/* A server that dies holding a request must not leave its client hanging.
			 */
			if (ipc_caller_waits(ch))
				sched_wake(ch->caller, rcNotConnected, 0);
			channel_reset(ch);
		}
		if (ch->client == p)
			channel_reset(ch);
	}
	if (ipc_parts[p->id].security)
		channel_reset(ipc_parts[p->id].security);
}

bool ipc_may_execute(struct partition *p)
{
	uint32_t einit, v = PSL_VERDICT_DENY;

	if (!have_policy || partition_is_guest(p) || monitor_is(p))
		return true;
	einit = psl_image_find_class(&policy, "Einit");
	if (ipc_parts[p->id].class_id != PSL_NONE && einit != PSL_NONE)
		v = VERDICT_TABLE ? psl_image_verdict(&policy, PSL_EV_EXECUTE, einit,
						      ipc_parts[p->id].class_id, PSL_NONE, 0)
				  : PSL_VERDICT_DYNAMIC;
	if (v == PSL_VERDICT_GRANT)
		return true;
	/* The monitor decides it and starts it (or not) when its verdict arrives. */
	if (v == PSL_VERDICT_DYNAMIC && monitor_ask_execute(p))
		return false;
	log_warn("security: partition '%s' (class %s) not started: the policy does not let "
		 "Einit execute it%s",
		 p->name, p->desc->class_name,
		 v == PSL_VERDICT_DYNAMIC ? " (no monitor partition to decide)" : "");
	partition_never_start(p);
	return false;
}

static const char *const kind_names[] = {
    [PSL_EV_EXECUTE] = "execute", [PSL_EV_REQUEST] = "request",	  [PSL_EV_RESPONSE] = "response",
    [PSL_EV_ERROR] = "error",	  [PSL_EV_SECURITY] = "security",
};

const char *ipc_kind_name(uint32_t kind)
{
	return kind < PSL_EV_COUNT ? kind_names[kind] : "?";
}

static uint32_t table_verdict(const struct ipc_channel *ch, uint32_t kind, uint32_t riid,
			      uint32_t mid)
{
	bool req = kind == PSL_EV_REQUEST;
	uint32_t src = ipc_parts[(req ? ch->client : ch->server)->id].class_id;
	uint32_t dst = ipc_parts[(req ? ch->server : ch->client)->id].class_id;

	if (!have_policy || src == PSL_NONE || dst == PSL_NONE)
		return PSL_VERDICT_DENY;
	return psl_image_verdict(&policy, kind, src, dst, riid, mid);
}

/* Constant-part size of message type t when the validator checks nothing in it but its size. */
/* The fast path's messages: nothing to check beyond the size, which holds a header and, rounded
 * up to whole words, fits the staging buffer (the fast path copies words). 0: any other. */
static uint32_t plain_size(const struct bh_schema *s, uint32_t t)
{
	uint32_t size;

	if (t == BH_SCHEMA_NONE || (s->types[t].flags & BH_SF_CHECK))
		return 0;
	size = s->types[t].size;
	return size < sizeof(SMsgHdr) || size > IPC_STAGING_SIZE - 8 ? 0 : size;
}

void ipc_method_lookup(struct ipc_channel *ch, uint32_t riid, uint32_t mid)
{
	const struct ipc_part *sp = &ipc_parts[ch->server->id];
	const struct bh_schema *s = &sp->schema;
	const struct bh_schema_method *m = NULL;

	ch->method_key = ipc_method_key(riid, mid);
	ch->method_verdict[PSL_EV_REQUEST] = (uint8_t)table_verdict(ch, PSL_EV_REQUEST, riid, mid);
	ch->method_verdict[PSL_EV_RESPONSE] = (uint8_t)table_verdict(ch, PSL_EV_RESPONSE, riid, mid);
	ch->method_verdict[PSL_EV_ERROR] = (uint8_t)table_verdict(ch, PSL_EV_ERROR, riid, mid);
	if (sp->has_schema && riid < s->hdr->nendpoints)
		m = bh_schema_method(s, &s->ifaces[s->endpoints[riid].iface], mid);
	ch->plain_req_size = m ? plain_size(s, m->request) : 0;
	ch->granted_req_size =
		ch->method_verdict[PSL_EV_REQUEST] == PSL_VERDICT_GRANT ? ch->plain_req_size : 0;
	/* A response the monitor decides never takes the fast path: its plain size alone is
	 * not kept. */
	ch->granted_res_size = m && ch->method_verdict[PSL_EV_RESPONSE] == PSL_VERDICT_GRANT
				       ? plain_size(s, m->response)
				       : 0;
}

static __attribute__((noinline)) void security_deny_log(const struct ipc_channel *ch,
							const char *why)
{
	const struct bh_schema *s = &ipc_parts[ch->client->id].schema;
	const struct bh_schema_method *m = bh_schema_method(s, s->security, ch->mid);

	log_info("security: deny security %s %s.%s (%s)", ch->client->name,
		 bh_schema_str(s, s->security->name), m ? bh_schema_str(s, m->name) : "?", why);
}

static void deny_log(const struct ipc_channel *ch, uint32_t kind, const char *why)
{
	if (__builtin_expect(kind == PSL_EV_SECURITY, 0)) {
		security_deny_log(ch, why);
		return;
	}
	const struct ipc_part *sp = &ipc_parts[ch->server->id];
	const struct bh_schema *s = &sp->schema;
	const struct bh_schema_endpoint *ep = &s->endpoints[ch->riid];
	const struct bh_schema_method *m = bh_schema_method(s, &s->ifaces[ep->iface], ch->mid);
	bool req = kind == PSL_EV_REQUEST;
	const struct partition *src = req ? ch->client : ch->server;
	const struct partition *dst = req ? ch->server : ch->client;

	log_info("security: deny %s %s -> %s %s.%s (%s)", kind_names[kind], src->name, dst->name,
		 bh_schema_str(s, ep->name), m ? bh_schema_str(s, m->name) : "?", why);
}

enum decision { GRANTED, DENIED, ASK_MONITOR };

static const char *deny_reason(const struct ipc_channel *ch, uint32_t kind, uint32_t v)
{
	bool req = kind == PSL_EV_REQUEST;
	const struct partition *src = req ? ch->client : ch->server;
	const struct partition *dst = req ? ch->server : ch->client;

	if (!have_policy)
		return "no policy in the boot package";
	if (ipc_parts[src->id].class_id == PSL_NONE || ipc_parts[dst->id].class_id == PSL_NONE)
		return "a class the policy does not know";
	if (v == PSL_VERDICT_DYNAMIC)
		return "the rule depends on the message or state, and no monitor partition is "
		       "running";
	return "verdict table";
}

/*
 * The policy's verdict for a message of ch: static grants pass, static denials and unknown
 * classes are refused, and the rest (rules that look at the message or at model state, or
 * everything with CONFIG_SECMON_VERDICT_TABLE off) is for the monitor partition.
 */
static __attribute__((noinline)) enum decision decide_not_granted(const struct ipc_channel *ch,
								  uint32_t kind, uint32_t v)
{
	if (v == PSL_VERDICT_DYNAMIC && monitor_available() &&
	    ipc_parts[ch->client->id].class_id != PSL_NONE &&
	    ipc_parts[ch->server->id].class_id != PSL_NONE)
		return ASK_MONITOR;
	deny_log(ch, kind, deny_reason(ch, kind, v));
	return DENIED;
}

static enum decision decide(struct ipc_channel *ch, uint32_t kind)
{
	uint32_t v;

	if (!VERDICT_TABLE)
		return decide_not_granted(ch, kind,
					  have_policy ? PSL_VERDICT_DYNAMIC : PSL_VERDICT_DENY);
	if (ch->method_key != ipc_method_key(ch->riid, ch->mid))
		ipc_method_lookup(ch, ch->riid, ch->mid);
	v = ch->method_verdict[kind];
	if (v == PSL_VERDICT_GRANT)
		return GRANTED;
	return decide_not_granted(ch, kind, v);
}

/* Block the sender v of ch's message until the monitor's verdict, bounded so that a monitor
 * that never answers cannot hold it for ever. */
__attribute__((noinline)) int ipc_ask_monitor(struct ipc_channel *ch, struct vcpu *v,
					       uint32_t kind, uint64_t limit)
{
	uint64_t deadline = arch_time_now_ns() + CONFIG_SECMON_TIMEOUT_MS * 1000000ull;

	if (limit && limit < deadline)
		deadline = limit;
	ipc_channel_set_state(ch, CH_DECIDING);
	ch->ask_kind = kind;
	sched_block_current(WAIT_IPC_DECIDE, deadline);
	if (kind == PSL_EV_REQUEST || kind == PSL_EV_SECURITY) {
		ch->caller_seq = v->wait_seq;
		ch->replier = NULL;
	} else {
		ch->replier = v;
	}
	monitor_ask(ch, kind);
	return rcOk; /* the verdict (or the deadline) sets the results */
}

/*
 * Most message bodies are a few words, for which a word loop costs less than memcpy's set-up.
 * Both ends are 8-byte aligned here: headers are, and a header is 40 bytes.
 */
static inline void copy_body(void *dst, const void *src, uint32_t n)
{
	uint64_t *d = dst;
	const uint64_t *s = src;

	_Static_assert(sizeof(SMsgHdr) % 8 == 0, "bodies start 8-byte aligned");
	if (n > 256) {
		memcpy(dst, src, n);
		return;
	}
	for (; n >= 8; n -= 8)
		*d++ = *s++;
	for (uint32_t i = 0; i < n; i++)
		((uint8_t *)d)[i] = ((const uint8_t *)s)[i];
}

/*
 * Copy the message whose header is at hdr_ipa in p's RAM into ch's staging buffer: the
 * header first, then exactly the size it claims (read from the copy, never again from the
 * sender), then its arena after the constant part.
 */
static int ipc_stage_in(struct ipc_channel *ch, struct partition *p, uint64_t hdr_ipa)
{
	SMsgHdr *h = (SMsgHdr *)ch->stage;
	uint64_t room, *src;
	const void *arena;
	uint32_t size, arena_off;

	if (!ipc_header_at(p, hdr_ipa, &src, &room))
		return rcInvalidArgument; /* misaligned, or not (all) in RAM */
	*h = *(const SMsgHdr *)src; /* inline load and store pairs; read once all the same */
	size = h->size;
	if (size < sizeof(SMsgHdr) || size > BH_MSG_MAX_SIZE)
		return rcInvalidArgument;
	if (size > IPC_STAGING_SIZE)
		return rcBufferTooLarge;
	if (size > room)
		return rcInvalidArgument;
	copy_body(ch->stage + sizeof(*h), (const uint8_t *)src + sizeof(*h), size - sizeof(*h));
	arena_off = (size + 7u) & ~7u;
	if (h->arena_size) {
		if (h->arena_size > BH_MSG_ARENA_MAX || (h->arena & (BH_MSG_ARENA_ALIGN - 1)))
			return rcInvalidArgument;
		if (h->arena_size > IPC_STAGING_SIZE - arena_off)
			return rcBufferTooLarge;
		arena = partition_buffer(p, h->arena, h->arena_size);
		if (!arena)
			return rcInvalidArgument;
		memcpy(ch->stage + arena_off, arena, h->arena_size);
	}
	ch->msg_len = size;
	ch->arena_len = h->arena_size;
	return rcOk;
}

static int validate(struct ipc_channel *ch, enum bh_msg_kind kind)
{
	const struct ipc_part *sp = &ipc_parts[ch->server->id];
	const SMsgHdr *h = (const SMsgHdr *)ch->stage;
	const struct bh_schema_iface *iface;
	struct bh_msg_fault f;
	uint32_t arena_off = (ch->msg_len + 7u) & ~7u;

	if (kind == BH_MSG_REQUEST) {
		if (h->riid >= sp->schema.hdr->nendpoints)
			return rcInvalidArgument;
		ch->riid = h->riid;
		ch->mid = h->mid;
	} else if (h->mid != ch->mid) {
		return rcInvalidArgument;
	}
	iface = &sp->schema.ifaces[sp->schema.endpoints[ch->riid].iface];
	if (bh_msg_validate(&sp->schema, iface, kind, ch->stage, ch->msg_len,
			    ch->arena_len ? ch->stage + arena_off : NULL, ch->arena_len,
			    &f) != BH_MSG_OK) {
		log_info("IPC: %s from '%s' refused: %s%s%s",
			 kind == BH_MSG_REQUEST ? "request" : "response",
			 kind == BH_MSG_REQUEST ? ch->client->name : ch->server->name,
			 bh_msg_status_text(f.status), f.field ? ", field " : "",
			 f.field ? f.field : "");
		return rcInvalidArgument;
	}
	return rcOk;
}

/*
 * Copy the staged message into the receive buffer whose header is at hdr_ipa in p's RAM. The
 * receiver's header says how large its buffers are; it keeps those fields and gets its own
 * arena address.
 */
static int ipc_deliver(struct ipc_channel *ch, struct partition *p, uint64_t hdr_ipa)
{
	const SMsgHdr *staged = (const SMsgHdr *)ch->stage;
	uint32_t arena_off = (ch->msg_len + 7u) & ~7u;
	SMsgHdr *dst, want, out;
	void *arena = NULL;
	uint64_t room, *hdr;

	if (!ipc_header_at(p, hdr_ipa, &hdr, &room))
		return rcInvalidArgument;
	dst = (SMsgHdr *)hdr;
	want = *dst;
	if (want.capacity < ch->msg_len || want.arena_capacity < ch->arena_len)
		return rcBufferTooSmall;
	if (ch->msg_len > room)
		return rcInvalidArgument;
	if (ch->arena_len) {
		if (want.arena & (BH_MSG_ARENA_ALIGN - 1))
			return rcInvalidArgument;
		arena = partition_buffer(p, want.arena, ch->arena_len);
		if (!arena)
			return rcInvalidArgument;
	}
	/* The receiver keeps its buffer sizes and gets its own arena address. */
	out = *staged;
	out.capacity = want.capacity;
	out.arena = ch->arena_len ? want.arena : 0;
	out.arena_capacity = want.arena_capacity;
	out.riid = ch->riid;
	*dst = out;
	copy_body(dst + 1, staged + 1, ch->msg_len - sizeof(SMsgHdr));
	if (arena)
		memcpy(arena, ch->stage + arena_off, ch->arena_len);
	return rcOk;
}

/* Hand the staged request of ch to the server thread v (blocked in Recv, or calling it). */
static int give_to_server(struct ipc_channel *ch, struct vcpu *v, uint64_t buf)
{
	int rc;

	/* A thread that receives again has given up the request it held: its client must
	 * not wait for ever. */
	ipc_thread_gone(v);
	rc = ipc_deliver(ch, ch->server, buf);

	if (rc != rcOk) {
		/* The server cannot take it: the call fails, the channel is free again. */
		if (ipc_caller_waits(ch))
			sched_wake(ch->caller, rcTransferError, 0);
		channel_reset(ch);
		return rc;
	}
	ipc_channel_set_state(ch, CH_SERVING);
	ch->delivered++;
	v->ipc_serving = ch;
	return rcOk;
}

static uint64_t deadline_of(uint32_t timeout_ms)
{
	return timeout_ms == BH_TIMEOUT_INFINITE ? 0 : arch_time_now_ns() + timeout_ms * 1000000ull;
}

/*
 * The monitor granted a request: it waits for a server thread, as after a static grant. The
 * vCPU here is the monitor thread that gave the verdict; when it has already blocked waiting
 * for the next event, the server thread takes this CPU straight from it (sched_wake_handoff
 * falls back to the ordinary wake otherwise).
 */
static void request_staged(struct ipc_channel *ch)
{
	struct vcpu *srv;

	ipc_channel_set_state(ch, CH_STAGED);
	ch->staged_seq = ++stage_seq;
	srv = ipc_waiting_server(ch->server);
	if (srv && give_to_server(ch, srv, srv->wait_buf) == rcOk)
		sched_wake_handoff(srv, rcOk, 0);
	else if (srv)
		sched_wake(srv, rcTransferError, 0);
}

static int ipc_call(struct vcpu *v, uint32_t h, uint64_t req, uint64_t res, uint32_t timeout)
{
	struct ipc_channel *ch;
	struct vcpu *srv;
	struct kobj *o;
	int rc;

	rc = handle_get(v->part, h, BH_HANDLE_TYPE_IPC_CLIENT, 0, &o, NULL);
	if (rc != rcOk)
		return rc;
	ch = o->chan;
	if (ch->server->state != PART_RUNNING)
		return rcNotConnected;
	if (ch->state == CH_STAGED && !ipc_caller_waits(ch))
		channel_reset(ch); /* its caller timed out before any server took it */
	if (ch->state != CH_IDLE)
		return rcBusy;
	if ((res & 7) || !partition_buffer(v->part, res, sizeof(SMsgHdr)))
		return rcInvalidArgument;
	rc = ipc_stage_in(ch, v->part, req);
	if (rc == rcOk)
		rc = validate(ch, BH_MSG_REQUEST);
	if (rc != rcOk)
		return rc;
	switch (decide(ch, PSL_EV_REQUEST)) {
	case GRANTED:
		break;
	case DENIED:
		return rcSecurityDisallow;
	case ASK_MONITOR:
		if (timeout == 0)
			return rcTimeout;
		ch->caller = v;
		ipc_set_res_buf(ch, res);
		ch->call_deadline = deadline_of(timeout);
		return ipc_ask_monitor(ch, v, PSL_EV_REQUEST, ch->call_deadline);
	}
	if (timeout == 0)
		return rcTimeout;
	ch->caller = v;
	ipc_set_res_buf(ch, res);
	ipc_channel_set_state(ch, CH_STAGED);
	ch->staged_seq = ++stage_seq;
	sched_block_current(WAIT_IPC_CALL, deadline_of(timeout));
	ch->caller_seq = v->wait_seq;
	srv = ipc_waiting_server(ch->server);
	/* Straight to the server (or whoever comes first) when it runs here. */
	if (srv) {
		rc = give_to_server(ch, srv, srv->wait_buf);
		sched_wake_handoff(srv, rc == rcOk ? rcOk : rcTransferError, 0);
	} else {
		sched_switch_blocked();
	}
	return rcOk; /* the reply (or whoever ends the wait) sets the results */
}

static struct ipc_channel *oldest_staged(struct partition *p)
{
	struct ipc_channel *best = NULL;

	for (uint32_t i = 0; i < nr_channels; i++) {
		struct ipc_channel *ch = &channels[i];

		if (ch->server != p || ch->state != CH_STAGED)
			continue;
		if (!ipc_caller_waits(ch)) {
			channel_reset(ch);
			continue;
		}
		if (!best || ch->staged_seq < best->staged_seq)
			best = ch;
	}
	return best;
}

static int ipc_recv(struct vcpu *v, uint32_t h, uint64_t buf, uint32_t timeout)
{
	struct ipc_channel *ch;
	struct kobj *o;
	int rc;

	rc = handle_get(v->part, h, BH_HANDLE_TYPE_IPC_LISTENER, 0, &o, NULL);
	if (rc != rcOk)
		return rc;
	if ((buf & 7) || !partition_buffer(v->part, buf, sizeof(SMsgHdr)))
		return rcInvalidArgument;
	ch = oldest_staged(v->part);
	if (ch)
		return give_to_server(ch, v, buf);
	if (timeout == 0)
		return rcTimeout;
	ipc_set_recv_buf(v, buf);
	sched_block_current(WAIT_IPC_RECV, deadline_of(timeout));
	/* Straight back to the client this thread has just answered, when it runs here. */
	sched_switch_blocked();
	return rcOk;
}

static int ipc_reply(struct vcpu *v, uint32_t h, uint64_t res)
{
	struct ipc_channel *ch = v->ipc_serving;
	const SMsgHdr *staged;
	uint32_t kind;
	struct kobj *o;
	int rc;

	v->recv_after_reply = false;
	rc = handle_get(v->part, h, BH_HANDLE_TYPE_IPC_LISTENER, 0, &o, NULL);
	if (rc != rcOk)
		return rc;
	if (!ch || ch->server != v->part || ch->state != CH_SERVING)
		return rcInvalidThreadState; /* no request of this thread awaits an answer */
	v->ipc_serving = NULL;
	if (!ipc_caller_waits(ch)) {
		channel_reset(ch);
		return rcNotConnected; /* the client stopped waiting (timeout, stopped) */
	}
	rc = ipc_stage_in(ch, v->part, res);
	if (rc == rcOk)
		rc = validate(ch, BH_MSG_RESPONSE);
	if (rc != rcOk) {
		/* A malformed answer reaches nobody; the client learns that the call failed. */
		sched_wake(ch->caller, rcTransferError, 0);
		channel_reset(ch);
		return rc;
	}
	staged = (const SMsgHdr *)ch->stage;
	kind = (staged->flags & BH_MSG_ERROR) ? PSL_EV_ERROR : PSL_EV_RESPONSE;
	switch (decide(ch, kind)) {
	case GRANTED:
		break;
	case DENIED:
		sched_wake(ch->caller, rcSecurityDisallow, 0);
		channel_reset(ch);
		return rcSecurityDisallow;
	case ASK_MONITOR:
		return ipc_ask_monitor(ch, v, kind, 0);
	}
	rc = ipc_deliver(ch, ch->client, ch->res_ipa);
	sched_wake(ch->caller, rc == rcOk ? rcOk : rcTransferError, 0);
	channel_reset(ch);
	return rc;
}

/*
 * ReplyRecv: the reply, then at once the receive (the client the reply woke runs as soon as
 * this thread blocks in it). r[0] tells the caller which half its result belongs to. A reply
 * the monitor decides blocks the thread first; replier_done() receives after the verdict.
 */
static int ipc_reply_recv(struct vcpu *v, uint32_t h, uint64_t res, uint64_t buf,
			  uint32_t timeout, uint64_t *r)
{
	int rc = ipc_reply(v, h, res);

	if (v->state == VCPU_BLOCKED && v->wait == WAIT_IPC_DECIDE) {
		v->recv_after_reply = true;
		ipc_set_recv_buf(v, buf);
		v->recv_timeout = timeout;
		return rcOk;
	}
	if (rc != rcOk) {
		r[0] = BH_IPC_RR_REPLY;
		return rc;
	}
	return ipc_recv(v, h, buf, timeout);
}

/* The end of r's wait in Reply (or in ReplyRecv's reply) for the monitor's verdict. */
static void replier_done(struct vcpu *r, int rc)
{
	struct ipc_channel *ch;

	if (!r->recv_after_reply) {
		sched_wake(r, rc, 0);
		return;
	}
	r->recv_after_reply = false;
	if (rc != rcOk) {
		sched_wake(r, rc, BH_IPC_RR_REPLY);
		return;
	}
	/* The receive half, as ipc_recv would do it now (r is not this CPU's vCPU here). */
	ch = oldest_staged(r->part);
	if (ch) {
		rc = give_to_server(ch, r, r->wait_buf);
		sched_wake(r, rc, BH_IPC_RR_RECV);
		return;
	}
	if (r->recv_timeout == 0) {
		sched_wake(r, rcTimeout, BH_IPC_RR_RECV);
		return;
	}
	sched_rewait(r, WAIT_IPC_RECV, deadline_of(r->recv_timeout));
}

void ipc_decided(struct ipc_channel *ch, uint32_t kind, bool granted, const char *why)
{
	struct vcpu *replier = ch->replier;
	int rc;

	ch->asked = NULL;
	if (!granted)
		deny_log(ch, kind, why);
	if (kind == PSL_EV_SECURITY) {
		/* The answer is the verdict: nothing is delivered anywhere. */
		ipc_channel_set_state(ch, CH_IDLE);
		if (ipc_caller_waits(ch))
			sched_wake(ch->caller, granted ? rcOk : rcSecurityDisallow, 0);
		channel_reset(ch);
		return;
	}
	if (kind == PSL_EV_REQUEST) {
		if (!ipc_caller_waits(ch)) {
			ipc_channel_set_state(ch, CH_IDLE); /* the caller is gone */
			channel_reset(ch);
			return;
		}
		if (!granted) {
			sched_wake(ch->caller, rcSecurityDisallow, 0);
			ipc_channel_set_state(ch, CH_IDLE);
			channel_reset(ch);
			return;
		}
		/* From here on the Call waits as after a static grant, with its own timeout. */
		sched_rewait(ch->caller, WAIT_IPC_CALL, ch->call_deadline);
		request_staged(ch);
		return;
	}
	ipc_channel_set_state(ch, CH_IDLE);
	rc = granted ? rcOk : rcSecurityDisallow;
	if (!ipc_caller_waits(ch))
		rc = granted ? rcNotConnected : rc; /* the client stopped waiting */
	else if (granted)
		rc = ipc_deliver(ch, ch->client, ch->res_ipa);
	if (ipc_caller_waits(ch))
		sched_wake(ch->caller, rc == rcOk ? rcOk : granted ? rcTransferError : rc, 0);
	ch->replier = NULL;
	channel_reset(ch);
	if (replier && replier->state == VCPU_BLOCKED && replier->wait == WAIT_IPC_DECIDE)
		replier_done(replier, rc);
}

void ipc_decide_expired(struct vcpu *v)
{
	for (uint32_t i = 0; i < nr_all_channels; i++) {
		struct ipc_channel *ch = &channels[i];
		bool req;

		if (ch->state != CH_DECIDING)
			continue;
		req = ch->caller == v && ipc_caller_waits(ch) && !ch->replier;
		if (!req && ch->replier != v)
			continue;
		if (req && ch->call_deadline && ch->call_deadline <= arch_time_now_ns() &&
		    v->deadline == ch->call_deadline) {
			/* the Call's own timeout came first: it times out, as without a monitor */
			sched_wake(v, rcTimeout, 0);
			channel_reset(ch);
			return;
		}
		log_warn("security: the monitor partition did not decide within %u ms: denied",
			 (unsigned int)CONFIG_SECMON_TIMEOUT_MS);
		monitor_cancel(ch);
		ipc_decided(ch, ch->ask_kind, false, "the monitor did not answer");
		return;
	}
	sched_wake(v, rcSecurityDisallow, 0); /* not found: never leave it blocked */
}

/*
 * A partition asks the policy about its own security interface (the `security` event: src =
 * its class, no destination). Staged and validated like a request, against the caller's own
 * schema; decided by the verdict table or the monitor; the answer is the verdict alone.
 */
static int ipc_security(struct vcpu *v, uint64_t msg)
{
	struct partition *p = v->part;
	struct ipc_channel *ch = ipc_parts[p->id].security;
	const struct bh_schema *s;
	const SMsgHdr *h;
	struct bh_msg_fault f;
	uint32_t verdict, cls = ipc_parts[p->id].class_id;
	int rc;

	if (!ch) {
		log_info("security: '%s' (class %s) called its security interface, but its class "
			 "has none",
			 p->name, p->desc->class_name);
		return rcResourceNotFound;
	}
	if (ch->state != CH_IDLE)
		return rcBusy; /* another thread of the partition waits for its verdict */
	rc = ipc_stage_in(ch, p, msg);
	if (rc != rcOk)
		return rc;
	h = (const SMsgHdr *)ch->stage;
	s = &ipc_parts[p->id].schema;
	if (h->riid != BH_MSG_RIID_SECURITY) {
		log_info("IPC: security message from '%s' refused: riid %u is not the security "
			 "interface's",
			 p->name, h->riid);
		return rcInvalidArgument;
	}
	if (bh_msg_validate(s, s->security, BH_MSG_REQUEST, ch->stage, ch->msg_len,
			    ch->arena_len ? ch->stage + ((ch->msg_len + 7u) & ~7u) : NULL,
			    ch->arena_len, &f) != BH_MSG_OK) {
		log_info("IPC: security message from '%s' refused: %s%s%s", p->name,
			 bh_msg_status_text(f.status), f.field ? ", field " : "",
			 f.field ? f.field : "");
		return rcInvalidArgument;
	}
	ch->riid = PSL_RIID_SECURITY;
	ch->mid = h->mid;
	if (!have_policy || cls == PSL_NONE) {
		security_deny_log(ch, !have_policy ? "no policy in the boot package"
						   : "a class the policy does not know");
		return rcSecurityDisallow;
	}
	verdict = VERDICT_TABLE ? psl_image_verdict(&policy, PSL_EV_SECURITY, cls, PSL_NONE,
						    PSL_RIID_SECURITY, ch->mid)
				: PSL_VERDICT_DYNAMIC;
	if (verdict == PSL_VERDICT_GRANT)
		return rcOk;
	if (verdict != PSL_VERDICT_DYNAMIC || !monitor_available()) {
		security_deny_log(ch, deny_reason(ch, PSL_EV_SECURITY, verdict));
		return rcSecurityDisallow;
	}
	ch->caller = v;
	ch->call_deadline = 0;
	return ipc_ask_monitor(ch, v, PSL_EV_SECURITY, 0);
}

/* ServiceLocatorGetRiid: the RIID of a qualified endpoint name of the server's class. */
static int ipc_get_riid(struct vcpu *v, uint32_t h, uint64_t name_ipa, uint64_t len, uint64_t *riid)
{
	const struct bh_schema *s;
	const char *name;
	struct kobj *o;
	int rc;

	rc = handle_get(v->part, h, BH_HANDLE_TYPE_IPC_CLIENT, 0, &o, NULL);
	if (rc != rcOk)
		return rc;
	if (len == 0 || len > 256)
		return rcInvalidArgument;
	name = partition_buffer(v->part, name_ipa, len);
	if (!name)
		return rcInvalidArgument;
	s = &ipc_parts[o->chan->server->id].schema;
	for (uint32_t i = 0; i < s->hdr->nendpoints; i++) {
		const char *ep = bh_schema_str(s, s->endpoints[i].name);

		if (strlen(ep) == len && !memcmp(ep, name, len)) {
			*riid = i;
			return rcOk;
		}
	}
	return rcResourceNotFound;
}

int ipc_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	int rc;

	if (x[0] > UINT32_MAX && fn != BH_HC_IPC_MONITOR_VERDICT && fn != BH_HC_IPC_SECURITY)
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	switch (fn) {
	case BH_HC_IPC_CALL:
		rc = ipc_call(v, (uint32_t)x[0], x[1], x[2], (uint32_t)x[3]);
		break;
	case BH_HC_IPC_RECV:
		rc = ipc_recv(v, (uint32_t)x[0], x[1], (uint32_t)x[2]);
		break;
	case BH_HC_IPC_REPLY:
		rc = ipc_reply(v, (uint32_t)x[0], x[1]);
		break;
	case BH_HC_IPC_REPLY_RECV:
		rc = ipc_reply_recv(v, (uint32_t)x[0], x[1], x[2], (uint32_t)x[3], r);
		break;
	case BH_HC_IPC_GET_RIID:
		rc = ipc_get_riid(v, (uint32_t)x[0], x[1], x[2], &r[0]);
		break;
	default:
		/* the monitor's calls: off the switch, which stays the hot path's */
		if (fn == BH_HC_IPC_MONITOR_WAIT || fn == BH_HC_IPC_MONITOR_VERDICT)
			rc = monitor_hypercall(v, fn, x, r);
		else if (fn == BH_HC_IPC_SECURITY)
			rc = ipc_security(v, x[0]);
		else
			rc = rcUnimplemented;
		break;
	}
	spin_unlock(&sched_lock);
	return rc;
}
