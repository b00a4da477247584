// SPDX-License-Identifier: GPL-2.0-only
/*
 * Notification receivers (KasperskyOS KnNotice*): a receiver holds subscriptions (object,
 * event mask, event id) and the events that occurred since they were last fetched, one entry
 * per event id with the masks OR-ed together. An event for a receiver that a thread is waiting
 * on goes straight into that thread's buffer and wakes it. Subscriptions do not keep their
 * object alive: when it goes, subscribers get EVENT_OBJECT_DESTROYED and the subscription ends.
 * Everything runs under sched_lock.
 */
#include <string.h>

#include <hyp/handle.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

#ifndef CONFIG_MAX_NOTICES_PER_PARTITION
#define CONFIG_MAX_NOTICES_PER_PARTITION 4
#endif
#define MAX_NOTICES (CONFIG_MAX_PARTITIONS * CONFIG_MAX_NOTICES_PER_PARTITION)
#define NOTICE_SUBS 16
#define NOTICE_QUEUE 32

struct notice_sub {
	struct kobj *obj; /* NULL: unused */
	uint32_t mask;
	uint64_t id;
};

struct notice {
	struct kobj *self; /* NULL: unused */
	struct notice_sub subs[NOTICE_SUBS];
	struct bh_event_desc q[NOTICE_QUEUE];
	uint32_t nq;
};

static struct notice notices[MAX_NOTICES];

/* The oldest thread of the receiver's partition waiting on it, or NULL. */
static struct vcpu *oldest_waiter(struct kobj *self)
{
	struct partition *p = self->owner;
	struct vcpu *best = NULL;

	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		struct vcpu *v = &p->vcpus[i];

		if (v->state == VCPU_BLOCKED && v->wait == WAIT_NOTICE && v->wait_obj == self &&
		    (!best || v->wait_seq < best->wait_seq))
			best = v;
	}
	return best;
}

static void post(struct notice *n, uint64_t id, uint32_t mask)
{
	struct vcpu *w = oldest_waiter(n->self);
	struct bh_event_desc *buf;

	if (w) {
		/* Checked when it blocked; its RAM has not moved since. */
		buf = partition_buffer(w->part, w->wait_buf, sizeof(*buf));
		if (buf) {
			buf->event_id = id;
			buf->mask = mask;
			buf->reserved = 0;
			sched_wake(w, rcOk, 1);
			return;
		}
	}
	for (uint32_t i = 0; i < n->nq; i++) {
		if (n->q[i].event_id == id) {
			n->q[i].mask |= mask;
			return;
		}
	}
	if (n->nq == NOTICE_QUEUE) {
		log_warn("partition '%s': notification queue full, event 0x%lx dropped",
			 n->self->owner->name, id);
		return;
	}
	n->q[n->nq++] = (struct bh_event_desc){.event_id = id, .mask = mask};
}

/* Deliver `mask` occurring on o to every receiver subscribed to any of it. */
static void object_event(struct kobj *o, uint32_t mask)
{
	for (uint32_t i = 0; i < MAX_NOTICES; i++) {
		struct notice *n = &notices[i];

		if (!n->self)
			continue;
		for (uint32_t s = 0; s < NOTICE_SUBS; s++)
			if (n->subs[s].obj == o && (n->subs[s].mask & mask))
				post(n, n->subs[s].id, n->subs[s].mask & mask);
	}
}

void notice_object_gone(struct kobj *o)
{
	object_event(o, BH_EVENT_OBJECT_DESTROYED);
	for (uint32_t i = 0; i < MAX_NOTICES; i++)
		for (uint32_t s = 0; s < NOTICE_SUBS; s++)
			if (notices[i].self && notices[i].subs[s].obj == o)
				notices[i].subs[s].obj = NULL;
}

void notice_destroy(struct kobj *o)
{
	struct vcpu *w;

	/* Nobody can wait on a receiver that no longer exists. */
	while ((w = oldest_waiter(o)))
		sched_wake(w, rcResourceNotFound, 0);
	o->notice->self = NULL;
}

static int notice_create(struct vcpu *v, uint64_t *r1)
{
	struct notice *n = NULL;
	uint32_t owned = 0;
	struct kobj *o;
	uint32_t h;
	int rc;

	for (uint32_t i = 0; i < MAX_NOTICES; i++) {
		if (!notices[i].self)
			n = n ? n : &notices[i];
		else if (notices[i].self->owner == v->part)
			owned++;
	}
	if (!n || owned >= CONFIG_MAX_NOTICES_PER_PARTITION)
		return rcQuotaExceeded;
	o = kobj_new(v->part, BH_HANDLE_TYPE_NOTICE);
	if (!o)
		return rcOutOfMemory;
	memset(n, 0, sizeof(*n));
	n->self = o;
	o->notice = n;
	rc = handle_install(v->part, o, BH_RIGHTS_FULL, &h);
	if (rc) {
		n->self = NULL;
		o->type = 0;
		return rc;
	}
	*r1 = h;
	return rcOk;
}

static int notice_subscribe(struct vcpu *v, const uint64_t *x)
{
	struct kobj *no, *obj;
	struct notice *n;
	struct notice_sub *free_sub = NULL;
	int rc;

	rc = handle_get(v->part, (uint32_t)x[0], BH_HANDLE_TYPE_NOTICE, 0, &no, NULL);
	if (rc)
		return rc;
	rc = handle_get(v->part, (uint32_t)x[1], 0, BH_RIGHT_GET_EVENT, &obj, NULL);
	if (rc)
		return rc;
	if ((uint32_t)x[2] == 0 || x[2] > UINT32_MAX)
		return rcInvalidArgument;
	n = no->notice;
	for (uint32_t s = 0; s < NOTICE_SUBS; s++) {
		struct notice_sub *sub = &n->subs[s];

		if (sub->obj == obj && sub->id == x[3]) {
			sub->mask |= (uint32_t)x[2]; /* same subscription: widen it */
			return rcOk;
		}
		if (!sub->obj && !free_sub)
			free_sub = sub;
	}
	if (!free_sub)
		return rcQuotaExceeded;
	*free_sub = (struct notice_sub){.obj = obj, .mask = (uint32_t)x[2], .id = x[3]};
	return rcOk;
}

static int notice_unsubscribe(struct vcpu *v, uint32_t nh, uint64_t id)
{
	struct kobj *no;
	bool found = false;
	int rc;

	rc = handle_get(v->part, nh, BH_HANDLE_TYPE_NOTICE, 0, &no, NULL);
	if (rc)
		return rc;
	for (uint32_t s = 0; s < NOTICE_SUBS; s++) {
		if (no->notice->subs[s].obj && no->notice->subs[s].id == id) {
			no->notice->subs[s].obj = NULL;
			found = true;
		}
	}
	return found ? rcOk : rcResourceNotFound;
}

static int notice_get_events(struct vcpu *v, const uint64_t *x, uint64_t *r1)
{
	uint32_t timeout = (uint32_t)x[1], max = (uint32_t)x[3];
	struct bh_event_desc *buf;
	struct notice *n;
	struct kobj *no;
	uint32_t count;
	int rc;

	rc = handle_get(v->part, (uint32_t)x[0], BH_HANDLE_TYPE_NOTICE, 0, &no, NULL);
	if (rc)
		return rc;
	if (max == 0 || x[3] > NOTICE_QUEUE * 64 || (x[2] & 7))
		return rcInvalidArgument;
	buf = partition_buffer(v->part, x[2], (uint64_t)max * sizeof(*buf));
	if (!buf)
		return rcInvalidArgument;
	n = no->notice;
	if (n->nq) {
		count = n->nq < max ? n->nq : max;
		memcpy(buf, n->q, count * sizeof(*buf));
		memmove(n->q, n->q + count, (n->nq - count) * sizeof(*buf));
		n->nq -= count;
		*r1 = count;
		return rcOk;
	}
	if (timeout == 0)
		return rcTimeout;
	v->wait_obj = no;
	v->wait_buf = x[2];
	v->wait_max = max;
	sched_block_current(WAIT_NOTICE, timeout == BH_TIMEOUT_INFINITE
					     ? 0
					     : arch_time_now_ns() + timeout * 1000000ull);
	return rcOk;
}

static int notice_set_event(struct vcpu *v, uint32_t h, uint64_t mask)
{
	struct kobj *o;
	int rc;

	rc = handle_get(v->part, h, 0, BH_RIGHT_SET_EVENT, &o, NULL);
	if (rc)
		return rc;
	/* General events are the hypervisor's to raise; user events only on user objects. */
	if (mask == 0 || mask > UINT32_MAX || (mask & ~(uint64_t)BH_EVENT_USER_MASK) ||
	    o->type < BH_HANDLE_TYPE_USER_FIRST || o->type > BH_HANDLE_TYPE_USER_LAST)
		return rcInvalidArgument;
	object_event(o, (uint32_t)mask);
	return rcOk;
}

int notice_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r1)
{
	int rc;

	spin_lock(&sched_lock);
	switch (fn) {
	case BH_HC_NOTICE_CREATE:
		rc = notice_create(v, r1);
		break;
	case BH_HC_NOTICE_SUBSCRIBE:
		rc = notice_subscribe(v, x);
		break;
	case BH_HC_NOTICE_UNSUBSCRIBE:
		rc = notice_unsubscribe(v, (uint32_t)x[0], x[1]);
		break;
	case BH_HC_NOTICE_GET_EVENTS:
		rc = notice_get_events(v, x, r1);
		break;
	case BH_HC_NOTICE_SET_EVENT:
		rc = notice_set_event(v, (uint32_t)x[0], x[1]);
		break;
	default:
		rc = rcUnimplemented;
		break;
	}
	spin_unlock(&sched_lock);
	return rc;
}
