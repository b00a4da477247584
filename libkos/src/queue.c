// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lock-free queues (kos/queue.h). Slots are indices into one buffer; two bounded MPMC rings
 * (a sequence number per cell, as in Dmitry Vyukov's well-known design) carry the indices of
 * free slots and of queued slots. A consumer that finds the queue empty sleeps on the push
 * counter; a producer wakes it only when the sleeper count says someone sleeps.
 */
#include <stdlib.h>
#include <string.h>

#include <kos/alloc.h>
#include <kos/queue.h>
#include <kos/thread.h>

#include "futex_internal.h"
#include "internal.h"

struct ring_cell {
	rtl_uint32_t seq;
	rtl_uint32_t index;
};

struct ring {
	rtl_uint32_t mask;
	rtl_uint32_t head; /* next to take */
	rtl_uint32_t tail; /* next to fill */
	struct ring_cell *cells;
};

struct KosQueue {
	struct ring free_slots, queued;
	char *buffer;
	int own_buffer;
	unsigned count, stride;
	rtl_uint32_t pushes; /* futex word: changes on every push */
	rtl_uint32_t sleepers;
};

static int ring_init(struct ring *r, unsigned count)
{
	unsigned size = 1;

	while (size < count)
		size <<= 1;
	r->cells = calloc(size, sizeof(*r->cells));
	if (!r->cells)
		return -1;
	r->mask = size - 1;
	r->head = r->tail = 0;
	for (unsigned i = 0; i < size; i++)
		r->cells[i].seq = i;
	return 0;
}

static int ring_put(struct ring *r, rtl_uint32_t index)
{
	rtl_uint32_t pos = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);

	for (;;) {
		struct ring_cell *c = &r->cells[pos & r->mask];
		rtl_uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
		int32_t diff = (int32_t)(seq - pos);

		if (diff == 0) {
			if (__atomic_compare_exchange_n(&r->tail, &pos, pos + 1, 1,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
				c->index = index;
				__atomic_store_n(&c->seq, pos + 1, __ATOMIC_RELEASE);
				return 0;
			}
		} else if (diff < 0) {
			return -1; /* full: cannot happen, a ring holds every slot */
		} else {
			pos = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
		}
	}
}

static int ring_take(struct ring *r, rtl_uint32_t *index)
{
	rtl_uint32_t pos = __atomic_load_n(&r->head, __ATOMIC_RELAXED);

	for (;;) {
		struct ring_cell *c = &r->cells[pos & r->mask];
		rtl_uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
		int32_t diff = (int32_t)(seq - (pos + 1));

		if (diff == 0) {
			if (__atomic_compare_exchange_n(&r->head, &pos, pos + 1, 1,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
				*index = c->index;
				__atomic_store_n(&c->seq, pos + r->mask + 1, __ATOMIC_RELEASE);
				return 0;
			}
		} else if (diff < 0) {
			return -1; /* empty */
		} else {
			pos = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
		}
	}
}

KosQueueHandle KosQueueCreate(unsigned objCount, unsigned objSize, unsigned objAlign, void *buffer)
{
	struct KosQueue *q;

	if (objAlign == 0)
		objAlign = 8;
	if (!objCount || !objSize || (objAlign & (objAlign - 1)) || objCount > 0x10000000u ||
	    ((uintptr_t)buffer & (objAlign - 1)))
		return NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->count = objCount;
	q->stride = (objSize + objAlign - 1) & ~(objAlign - 1);
	if ((size_t)q->stride * objCount / objCount != q->stride)
		goto fail;
	q->own_buffer = buffer == NULL;
	q->buffer = buffer ? buffer : KosMemAllocEx((size_t)q->stride * objCount, objAlign, 0);
	if (!q->buffer || ring_init(&q->free_slots, objCount) || ring_init(&q->queued, objCount))
		goto fail;
	for (unsigned i = 0; i < objCount; i++)
		ring_put(&q->free_slots, i);
	return q;
fail:
	free(q->free_slots.cells);
	free(q->queued.cells);
	if (q->own_buffer)
		KosMemFree(q->buffer);
	free(q);
	return NULL;
}

void KosQueueDestroy(KosQueueHandle queue)
{
	if (!queue)
		return;
	free(queue->free_slots.cells);
	free(queue->queued.cells);
	if (queue->own_buffer)
		KosMemFree(queue->buffer);
	free(queue);
}

static void *slot(KosQueueHandle q, rtl_uint32_t i)
{
	return q->buffer + (size_t)i * q->stride;
}

/* The slot index of obj, or -1 when obj is not a slot of q. */
static long index_of(KosQueueHandle q, void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)q->buffer;

	if ((uintptr_t)obj < (uintptr_t)q->buffer || off % q->stride || off / q->stride >= q->count)
		return -1;
	return (long)(off / q->stride);
}

void *KosQueueAlloc(KosQueueHandle queue)
{
	rtl_uint32_t i;

	if (!queue || ring_take(&queue->free_slots, &i))
		return NULL;
	return slot(queue, i);
}

void KosQueueFree(KosQueueHandle queue, void *obj)
{
	long i = queue ? index_of(queue, obj) : -1;

	if (i >= 0)
		ring_put(&queue->free_slots, (rtl_uint32_t)i);
}

void KosQueuePush(KosQueueHandle queue, void *obj)
{
	long i = queue ? index_of(queue, obj) : -1;

	if (i < 0)
		return;
	ring_put(&queue->queued, (rtl_uint32_t)i);
	__atomic_add_fetch(&queue->pushes, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&queue->sleepers, __ATOMIC_SEQ_CST))
		futex_wake(&queue->pushes, 1);
}

void *KosQueuePop(KosQueueHandle queue, rtl_uint32_t timeout)
{
	uint64_t start = __kos_timeout_start();
	void *obj = NULL;
	rtl_uint32_t i;

	if (!queue)
		return NULL;
	if (!ring_take(&queue->queued, &i))
		return slot(queue, i);
	__atomic_add_fetch(&queue->sleepers, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		rtl_uint32_t seen = __atomic_load_n(&queue->pushes, __ATOMIC_SEQ_CST);
		rtl_uint32_t left;

		if (!ring_take(&queue->queued, &i)) {
			obj = slot(queue, i);
			break;
		}
		left = __kos_remaining_ms(start, timeout);
		if (left == 0)
			break;
		futex_wait(&queue->pushes, seen, left);
	}
	__atomic_sub_fetch(&queue->sleepers, 1, __ATOMIC_SEQ_CST);
	return obj;
}

void KosQueueFlush(KosQueueHandle queue)
{
	rtl_uint32_t i;

	while (queue && !ring_take(&queue->queued, &i))
		ring_put(&queue->free_slots, i);
}
