// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's side of the security monitor (uapi/bulkhead/monitor.h, docs/ipc.md §6):
 * events the verdict table does not decide are queued here, the monitor partition takes them
 * one at a time with BH_HC_IPC_MONITOR_WAIT (or the next-event argument of _VERDICT), and its
 * verdict resumes the IPC path (ipc_decided) or starts the partition (execute).
 *
 * Fail closed: only the partition with role "monitor" may call these; a verdict for an event
 * it was not given is refused; when the monitor stops or exits, every event it holds or has
 * not taken yet is denied, and so is every later one until it runs again; a sender waits at
 * most CONFIG_SECMON_TIMEOUT_MS for a verdict (ipc_decide_expired).
 *
 * Locking: everything here runs under sched_lock.
 */
#include <stdint.h>
#include <string.h>

#include <hyp/addr.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/manifest.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <hyp/stage2.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/monitor.h>
#include <uapi/bulkhead/retcode.h>

#include "ipc_internal.h"

/* One slot per channel (its message) and per partition (its start): nothing to search. */
#define MAX_EVENTS (MAX_CHANNELS + CONFIG_MAX_PARTITIONS)
/* An event's id is a sequence number above the bits of its slot: a mask finds the slot. */
#define EVENT_SLOT_BITS 16
_Static_assert(MAX_EVENTS <= 1u << EVENT_SLOT_BITS, "event slots fit in EVENT_SLOT_BITS");

struct mon_event {
	bool used;
	bool taken;	/* a monitor thread has it */
	uint64_t id;	/* what the verdict names: never reused, its slot in the low bits */
	uint64_t order; /* queue order: oldest first */
	struct ipc_channel *ch; /* a message event */
	uint32_t kind;		/* PSL_EV_* */
	struct partition *exec; /* an execute event: the partition to start */
};

static struct mon_event events[MAX_EVENTS];
static uint64_t next_seq = 1, next_order;
static uint32_t nr_queued; /* used and not taken: WAIT looks for one only when there are any */
static int32_t monitor_index = -1;
static struct partition *monitor_part; /* partitions[monitor_index] */
static uint32_t einit_class;	       /* the policy's class of Einit, PSL_NONE if none */
static struct bh_monitor_info *info;
static uint64_t stage_off; /* of the first staging buffer in the window */
static bool window_mapped;
static const struct psl_image *policy;

static uint64_t pages_of(uint64_t size)
{
	return (size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/*
 * The monitor thread that blocked last in WAIT_MONITOR, its wait_seq then and its event
 * buffer (checked then), and how many blocked there since without being given an event: when
 * that is one and the thread still waits, it is the only waiter and the slots need no search.
 * A thread that left the wait otherwise (its partition stopped) leaves the count too high,
 * never too low, and a count above one searches.
 */
static struct vcpu *last_waiter;
static uint64_t last_wait_seq;
static struct bh_monitor_event *last_wait_desc;
static uint32_t nr_waiters;

static struct partition *the_monitor(void)
{
	return monitor_part;
}

bool monitor_is(const struct partition *p)
{
	return monitor_part && p == monitor_part;
}

bool monitor_available(void)
{
	return monitor_part && monitor_part->state == PART_RUNNING;
}

void monitor_init(const struct manifest *m)
{
	uint64_t off = PAGE_SIZE;
	paddr_t pa;

	for (uint32_t i = 0; i < m->npartitions; i++) {
		if (m->part[i].role != ROLE_MONITOR)
			continue;
		if (monitor_index >= 0)
			panic("manifest refused: partitions '%s' and '%s' both have role monitor",
			      m->part[monitor_index].name, m->part[i].name);
		monitor_index = (int32_t)i;
	}
	if (monitor_index < 0)
		return;
	monitor_part = &partitions[monitor_index];
	policy = ipc_policy_image();
	if (!policy)
		panic("boot package refused: partition '%s' is the monitor, but there is no policy",
		      m->part[monitor_index].name);
	if (m->npartitions > BH_MONITOR_MAX_PARTS)
		panic("manifest refused: the monitor handles at most %u partitions",
		      BH_MONITOR_MAX_PARTS);
	if (!page_alloc(1, PAGE_SIZE, &pa))
		panic("monitor: out of memory");
	info = pa_to_va(pa);
	memset(info, 0, PAGE_SIZE);
	info->magic = BH_MONITOR_INFO_MAGIC;
	info->version = BH_MONITOR_INFO_VERSION;
	info->policy_ipa = BH_MONITOR_WINDOW_IPA + off;
	info->policy_size = policy->size;
	off += pages_of(policy->size);
	info->nparts = m->npartitions;
	info->einit_sid = m->npartitions;
	info->kernel_sid = m->npartitions + 1;
	for (uint32_t i = 0; i < m->npartitions; i++) {
		struct bh_monitor_part *mp = &info->parts[i];

		memcpy(mp->name, m->part[i].name, sizeof(mp->name) - 1);
		mp->class_id = ipc_part_of(i)->class_id;
		if (!ipc_part_of(i)->has_schema)
			continue;
		mp->schema_ipa = BH_MONITOR_WINDOW_IPA + off;
		mp->schema_size = (uint32_t)ipc_part_of(i)->schema_size;
		off += pages_of(ipc_part_of(i)->schema_size);
	}
	einit_class = psl_image_find_class(policy, "Einit");
	stage_off = off;
	info->stage_ipa = BH_MONITOR_WINDOW_IPA + off;
	info->nchannels = ipc_channel_count();
	log_info("security monitor: partition '%s', %u static verdicts%s",
		 m->part[monitor_index].name, policy->n_verdicts,
#ifdef CONFIG_SECMON_VERDICT_TABLE
		 ""
#else
		 " (verdict table off: the monitor decides every event)"
#endif
	);
}

static void map_ro(struct partition *p, uint64_t off, const void *va, uint64_t size)
{
	if (stage2_map(&p->s2, ipa_init(BH_MONITOR_WINDOW_IPA + off), va_to_pa(va), pages_of(size),
		       S2_NORMAL_RO))
		panic("monitor: out of memory for its stage-2 window");
}

void monitor_partition_load(struct partition *p)
{
	if (!monitor_is(p) || window_mapped)
		return;
	window_mapped = true; /* stage-2 mappings outlive restarts */
	map_ro(p, 0, info, PAGE_SIZE);
	map_ro(p, info->policy_ipa - BH_MONITOR_WINDOW_IPA, policy->base, policy->size);
	for (uint32_t i = 0; i < info->nparts; i++)
		if (info->parts[i].schema_size)
			map_ro(p, info->parts[i].schema_ipa - BH_MONITOR_WINDOW_IPA,
			       ipc_part_of(i)->schema.blob, info->parts[i].schema_size);
	for (uint32_t i = 0; i < ipc_channel_count(); i++)
		map_ro(p, stage_off + (uint64_t)i * IPC_STAGING_SIZE, ipc_channel_at(i)->stage,
		       IPC_STAGING_SIZE);
}

static struct mon_event *event_new(uint32_t slot)
{
	struct mon_event *e = &events[slot];

	/* A channel carries one message at a time, a partition starts once. */
	if (e->used)
		panic("monitor: event slot %u is in use", slot);
	e->used = true;
	e->taken = false;
	e->id = next_seq++ << EVENT_SLOT_BITS | slot;
	e->order = next_order++;
	e->ch = NULL;
	e->exec = NULL;
	nr_queued++;
	return e;
}

static void event_release(struct mon_event *e)
{
	if (!e->taken)
		nr_queued--;
	e->used = false;
}

/* The event buffer at buf, or NULL when it is not aligned or not in v's RAM. */
static struct bh_monitor_event *event_buffer(struct vcpu *v, uint64_t buf)
{
	return buf & 7 ? NULL : partition_buffer(v->part, buf, sizeof(struct bh_monitor_event));
}

/* Block monitor thread v (the current one) until an event comes into desc, at IPA buf. */
static void block_waiting(struct vcpu *v, uint64_t buf, struct bh_monitor_event *desc)
{
	v->wait_buf = buf;
	sched_block_current(WAIT_MONITOR, 0);
	last_waiter = v;
	last_wait_seq = v->wait_seq;
	last_wait_desc = desc;
	nr_waiters++;
}

static struct vcpu *waiting_monitor_thread(void)
{
	struct partition *m = the_monitor();
	struct vcpu *best = NULL;
	struct vcpu *l = last_waiter;

	if (nr_waiters == 1 && l && l->state == VCPU_BLOCKED && l->wait == WAIT_MONITOR &&
	    l->wait_seq == last_wait_seq)
		return l;

	/* vcpus[slots_used..] have been free since the (re)start */
	for (uint32_t i = 0; i < m->slots_used; i++) {
		struct vcpu *v = &m->vcpus[i];

		if (v->state == VCPU_BLOCKED && v->wait == WAIT_MONITOR &&
		    (!best || v->wait_seq < best->wait_seq))
			best = v;
	}
	return best;
}

/* What the monitor is told of e: written once, field by field, straight into its buffer. */
static void describe(const struct mon_event *e, struct bh_monitor_event *d)
{
	if (e->exec) {
		*d = (struct bh_monitor_event){
		    .id = e->id,
		    .kind = e->kind,
		    .src_sid = info->einit_sid,
		    .src_class = einit_class,
		    .dst_sid = e->exec->id,
		    .dst_class = info->parts[e->exec->id].class_id,
		    .riid = BH_MONITOR_NONE,
		    .mid = BH_MONITOR_NONE,
		    .schema_sid = BH_MONITOR_NONE,
		};
		return;
	}
	const struct ipc_channel *ch = e->ch;
	bool req = e->kind == PSL_EV_REQUEST || e->kind == PSL_EV_SECURITY;
	const struct partition *src = req ? ch->client : ch->server;
	const struct partition *dst = req ? ch->server : ch->client;
	uint64_t at = BH_MONITOR_WINDOW_IPA + stage_off + (uint64_t)ch->index * IPC_STAGING_SIZE;

	*d = (struct bh_monitor_event){
	    .id = e->id,
	    .kind = e->kind,
	    .src_sid = src->id,
	    .src_class = info->parts[src->id].class_id, /* monitor_init's copy of the class */
	    /* a security event has no destination */
	    .dst_sid = ch->security ? BH_MONITOR_NONE : dst->id,
	    .dst_class = ch->security ? BH_MONITOR_NONE : info->parts[dst->id].class_id,
	    .riid = ch->riid,
	    .mid = ch->mid,
	    .schema_sid = ch->server->id, /* a security event: the caller's own */
	    .msg_ipa = at,
	    .arena_ipa = ch->arena_len ? at + ((ch->msg_len + 7u) & ~7u) : 0,
	    .msg_size = ch->msg_len,
	    .arena_size = ch->arena_len,
	};
}

/* Give e to monitor thread v, whose event buffer is d (checked when it asked). */
static void hand_over(struct mon_event *e, struct bh_monitor_event *d)
{
	describe(e, d);
	e->taken = true;
	nr_queued--;
}

/*
 * Give e to a waiting monitor thread, or leave it for the next WAIT. `blocked`: the caller's
 * vCPU has just blocked on it, so this CPU goes straight to the monitor when it runs here
 * (the IPC fast path's hand-off), or to whoever is next.
 */
static void enqueue(struct mon_event *e, bool blocked)
{
	struct vcpu *v = waiting_monitor_thread();

	if (!v) {
		if (blocked)
			sched_switch_blocked();
		return;
	}
	if (nr_waiters)
		nr_waiters--;
	hand_over(e, v == last_waiter ? last_wait_desc
				      : event_buffer(v, v->wait_buf)); /* checked when it blocked */
	if (blocked)
		sched_wake_handoff(v, rcOk, 0);
	else
		sched_wake(v, rcOk, 0);
}

void monitor_ask(struct ipc_channel *ch, uint32_t kind)
{
	struct mon_event *e = event_new(ch->index);

	e->ch = ch;
	e->kind = kind;
	ch->asked = e;
	enqueue(e, true);
}

bool monitor_ask_execute(struct partition *p)
{
	struct mon_event *e;

	if (!monitor_available())
		return false;
	e = event_new(MAX_CHANNELS + p->id);
	e->exec = p;
	e->kind = PSL_EV_EXECUTE;
	enqueue(e, false);
	return true;
}

void monitor_cancel(struct ipc_channel *ch)
{
	if (ch->asked)
		event_release(ch->asked);
	ch->asked = NULL;
}

/* Apply a verdict (the monitor's, or a denial when it cannot give one). */
static void resolve(struct mon_event *e, bool granted, const char *why)
{
	event_release(e);
	if (e->exec) {
		if (!granted)
			log_warn("security: partition '%s' (class %s) not started: the policy does "
				 "not let Einit execute it (%s)",
				 e->exec->name, e->exec->desc->class_name, why);
		partition_execute_decided(e->exec, granted);
		return;
	}
	ipc_decided(e->ch, e->kind, granted, why);
}

void monitor_partition_gone(struct partition *p)
{
	uint32_t n = 0;

	if (!monitor_is(p))
		return;
	for (uint32_t i = 0; i < MAX_EVENTS; i++) {
		if (!events[i].used)
			continue;
		n++;
		if (events[i].ch)
			events[i].ch->asked = NULL;
		resolve(&events[i], false, "the monitor partition is gone");
	}
	last_waiter = NULL;
	nr_waiters = 0;
	log_warn("security: the monitor partition '%s' is gone: %u pending event%s denied, and "
		 "every event it would decide is denied until it runs again",
		 p->name, n, n == 1 ? "" : "s");
}

static struct mon_event *oldest_queued(void)
{
	struct mon_event *best = NULL;

	if (!nr_queued)
		return NULL; /* the common case: every event went straight to a waiting thread */
	for (uint32_t i = 0; i < MAX_EVENTS; i++) {
		struct mon_event *e = &events[i];

		if (e->used && !e->taken && (!best || e->order < best->order))
			best = e;
	}
	return best;
}

/* Take the oldest queued event, or wait for one; desc is event_buffer(v, buf). */
static int monitor_wait(struct vcpu *v, uint64_t buf, struct bh_monitor_event *desc)
{
	struct mon_event *e = oldest_queued();

	if (e) {
		hand_over(e, desc);
		return rcOk;
	}
	block_waiting(v, buf, desc);
	/* straight to whoever the verdict woke, when it runs here */
	sched_switch_blocked();
	return rcOk;
}

/* The event a verdict is for, or NULL: never given out, already decided, or its sender is
 * gone (timed out, stopped). */
static struct mon_event *verdict_event(uint64_t id)
{
	uint64_t slot = id & ((1u << EVENT_SLOT_BITS) - 1);
	struct mon_event *e;

	if (slot >= MAX_EVENTS)
		return NULL;
	e = &events[slot];
	return e->used && e->taken && e->id == id ? e : NULL;
}

static void apply_verdict(struct mon_event *e, uint64_t verdict)
{
	if (e->ch)
		e->ch->asked = NULL;
	resolve(e, verdict == BH_VERDICT_GRANT, "monitor");
}

int monitor_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	struct mon_event *e;
	struct bh_monitor_event *next = NULL;

	(void)r;
	if (!monitor_is(v->part))
		return rcNoCapability; /* only the monitor decides (no log: a hostile caller could
					  flood it) */
	if (fn == BH_HC_IPC_MONITOR_WAIT) {
		next = event_buffer(v, x[0]);
		return next ? monitor_wait(v, x[0], next) : rcInvalidArgument;
	}
	/* Check the next buffer and the verdict before it has effects: a bad one fails the call. */
	if (x[2] && !(next = event_buffer(v, x[2])))
		return rcInvalidArgument;
	e = verdict_event(x[0]);
	if (!e)
		return rcResourceNotFound;
	if (x[1] != BH_VERDICT_GRANT && x[1] != BH_VERDICT_DENY)
		return rcInvalidArgument;
	if (!x[2]) {
		apply_verdict(e, x[1]);
		return rcOk;
	}
	if (oldest_queued()) {
		apply_verdict(e, x[1]);
		return monitor_wait(v, x[2], next);
	}
	/*
	 * Nothing queued: the thread waits for the next event before the verdict is applied, so
	 * that a granted request's server thread on this CPU takes the CPU straight from it
	 * (request_staged's hand-off); otherwise the switch goes to whoever is next.
	 */
	block_waiting(v, x[2], next);
	apply_verdict(e, x[1]);
	sched_switch_blocked();
	return rcOk;
}
