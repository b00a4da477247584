// SPDX-License-Identifier: GPL-2.0-only
/*
 * The object pool and the per-partition handle tables (hyp/handle.h). Every call runs under
 * sched_lock and distrusts the handle value: it must name a used slot of the caller's table
 * with the right generation.
 */
#include <stdint.h>
#include <string.h>

#include <hyp/handle.h>
#include <hyp/log.h>
#include <hyp/hypercall.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

static struct kobj pool[KOBJ_POOL_SIZE];

struct kobj *kobj_new(struct partition *p, uint32_t type)
{
	for (uint32_t i = 0; i < KOBJ_POOL_SIZE; i++) {
		if (pool[i].type == 0) {
			memset(&pool[i], 0, sizeof(pool[i]));
			pool[i].type = type;
			pool[i].owner = p;
			return &pool[i];
		}
	}
	log_warn("partition '%s': object pool exhausted (%u objects)", p->name, KOBJ_POOL_SIZE);
	return NULL;
}

void kobj_get(struct kobj *o)
{
	o->refs++;
}

static void kobj_destroy(struct kobj *o)
{
	struct kobj *parent = o->parent;

	switch (o->type) {
	case BH_HANDLE_TYPE_NOTICE:
		notice_destroy(o);
		break;
	case BH_HANDLE_TYPE_MMIO_MAP:
		io_mmio_map_destroy(o);
		break;
	case BH_HANDLE_TYPE_IRQ:
		io_irq_destroy(o);
		break;
	case BH_HANDLE_TYPE_IRQ_ATTACH:
		io_irq_attach_destroy(o);
		break;
	case BH_HANDLE_TYPE_DMA:
		io_dma_destroy(o);
		break;
	case BH_HANDLE_TYPE_DMA_MAP:
		io_dma_map_destroy(o);
		break;
	default:
		break; /* user objects, MMIO regions, DMA_BEGIN: nothing to undo */
	}
	notice_object_gone(o);
	o->type = 0;
	if (parent)
		kobj_put(parent);
}

void kobj_put(struct kobj *o)
{
	if (--o->refs == 0)
		kobj_destroy(o);
}

static struct handle_entry *entry_of(struct partition *p, uint32_t h, int *slot)
{
	struct handle_entry *e = handle_entry_of(&p->handles, h);

	if (e && slot)
		*slot = (int)(e - p->handles.e);
	return e;
}

static uint32_t handle_value(const struct handle_table *t, const struct handle_entry *e)
{
	return ((uint32_t)e->gen << 16) | (uint32_t)(e - t->e + 1);
}

static int install(struct partition *p, struct kobj *o, uint32_t rights, int parent, uint32_t *h)
{
	struct handle_table *t = &p->handles;

	for (uint32_t i = 0; i < CONFIG_MAX_HANDLES_PER_PARTITION; i++) {
		struct handle_entry *e = &t->e[i];

		if (e->used)
			continue;
		/* Generations 1..0x7fff: a handle is never 0 nor BH_INVALID_HANDLE. */
		e->gen = (uint16_t)(e->gen % 0x7fff + 1);
		e->used = true;
		e->revoked = false;
		e->obj = o;
		e->rights = rights;
		e->parent = (int16_t)parent;
		kobj_get(o);
		*h = handle_value(t, e);
		e->key = *h | (uint64_t)o->type << 32;
		return rcOk;
	}
	return rcQuotaExceeded;
}

int handle_install(struct partition *p, struct kobj *o, uint32_t rights, uint32_t *h)
{
	return install(p, o, rights, -1, h);
}

int handle_get(struct partition *p, uint32_t h, uint32_t type, uint32_t need, struct kobj **o,
	       uint32_t *rights)
{
	struct handle_entry *e = entry_of(p, h, NULL);

	if (!e)
		return rcInvalidArgument;
	if (e->revoked)
		return rcHandleRevoked;
	if (type && e->obj->type != type)
		return rcInvalidArgument;
	if ((e->rights & need) != need)
		return rcNoCapability;
	*o = e->obj;
	if (rights)
		*rights = e->rights;
	return rcOk;
}

/* Free slot s; its copies take its parent as theirs (the tree closes over the gap). */
static void slot_free(struct handle_table *t, int s)
{
	struct handle_entry *e = &t->e[s];
	struct kobj *o = e->obj;

	for (uint32_t i = 0; i < CONFIG_MAX_HANDLES_PER_PARTITION; i++)
		if (t->e[i].used && t->e[i].parent == s)
			t->e[i].parent = e->parent;
	e->used = false;
	e->revoked = false;
	e->key = 0;
	e->obj = NULL;
	if (o)
		kobj_put(o);
}

int handle_close(struct partition *p, uint32_t h)
{
	int s;

	if (!entry_of(p, h, &s))
		return rcInvalidArgument;
	slot_free(&p->handles, s);
	return rcOk;
}

int handle_copy(struct partition *p, uint32_t h, uint32_t rights, uint32_t *out)
{
	struct handle_entry *e;
	int s;

	e = entry_of(p, h, &s);
	if (!e)
		return rcInvalidArgument;
	if (e->revoked)
		return rcHandleRevoked;
	if (!(e->rights & BH_RIGHT_TRANSFER))
		return rcNoCapability;
	/* A copy never has more rights than its original. */
	return install(p, e->obj, rights & e->rights, s, out);
}

static bool descends_from(const struct handle_table *t, int s, int ancestor)
{
	for (int depth = 0; s >= 0 && depth < CONFIG_MAX_HANDLES_PER_PARTITION; depth++) {
		s = t->e[s].parent;
		if (s == ancestor)
			return true;
	}
	return false;
}

int handle_revoke(struct partition *p, uint32_t h)
{
	struct handle_table *t = &p->handles;
	int s;

	if (!entry_of(p, h, &s))
		return rcInvalidArgument;
	/* Descendants stay in the table, revoked: their holder learns rcHandleRevoked. */
	for (int i = 0; i < CONFIG_MAX_HANDLES_PER_PARTITION; i++) {
		struct handle_entry *e = &t->e[i];

		if (i == s || !e->used || !e->obj || !descends_from(t, i, s))
			continue;
		e->revoked = true;
		e->key = 0;
		kobj_put(e->obj);
		e->obj = NULL;
	}
	slot_free(t, s);
	return rcOk;
}

void handles_release_all(struct partition *p)
{
	for (int i = 0; i < CONFIG_MAX_HANDLES_PER_PARTITION; i++)
		if (p->handles.e[i].used)
			slot_free(&p->handles, i);
}

static int user_object_create(struct partition *p, const uint64_t *x, uint64_t *r)
{
	struct kobj *o;
	uint32_t h;
	int rc;

	if (x[0] < BH_HANDLE_TYPE_USER_FIRST || x[0] > BH_HANDLE_TYPE_USER_LAST ||
	    x[1] > UINT32_MAX)
		return rcInvalidArgument;
	o = kobj_new(p, (uint32_t)x[0]);
	if (!o)
		return rcOutOfMemory;
	o->context = x[2];
	rc = handle_install(p, o, (uint32_t)x[1], &h);
	if (rc) {
		o->type = 0;
		return rc;
	}
	r[0] = h;
	return rcOk;
}

static int handle_info(struct partition *p, uint32_t h, uint64_t *r)
{
	uint32_t rights;
	struct kobj *o;
	int rc = handle_get(p, h, 0, 0, &o, &rights);

	if (rc)
		return rc;
	r[0] = o->type;
	r[1] = rights;
	r[2] = o->context;
	return rcOk;
}

int handle_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	struct partition *p = v->part;
	uint32_t h = (uint32_t)x[0];
	uint32_t out;
	int rc;

	if (x[0] > UINT32_MAX)
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	switch (fn) {
	case BH_HC_HANDLE_CLOSE:
		rc = handle_close(p, h);
		break;
	case BH_HC_HANDLE_COPY:
		rc =
		    x[1] > UINT32_MAX ? rcInvalidArgument : handle_copy(p, h, (uint32_t)x[1], &out);
		if (rc == rcOk)
			r[0] = out;
		break;
	case BH_HC_HANDLE_REVOKE:
		rc = handle_revoke(p, h);
		break;
	case BH_HC_HANDLE_INFO:
		rc = handle_info(p, h, r);
		break;
	case BH_HC_USER_OBJECT_CREATE:
		rc = user_object_create(p, x, r);
		break;
	default:
		rc = rcUnimplemented;
		break;
	}
	spin_unlock(&sched_lock);
	return rc;
}
