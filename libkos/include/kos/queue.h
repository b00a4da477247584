/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lock-free queues of fixed-size objects inside one partition (KasperskyOS kos/queue.h). A
 * producer takes a free slot (KosQueueAlloc), fills it and pushes it; a consumer pops it and
 * gives it back (KosQueueFree). Both rings are bounded multi-producer multi-consumer rings
 * with a sequence number per cell; only a consumer that finds the queue empty sleeps (on a
 * futex), and a push makes a hypercall only when someone sleeps.
 */
#ifndef KOS_QUEUE_H
#define KOS_QUEUE_H

#include <rtl/types.h>

typedef struct KosQueue *KosQueueHandle;

/* objAlign: a power of two (0 = 8). buffer: objCount slots of objSize rounded up to objAlign,
 * aligned to objAlign, or NULL to allocate it. NULL on bad arguments or no memory. */
KosQueueHandle KosQueueCreate(unsigned objCount, unsigned objSize, unsigned objAlign, void *buffer);
void KosQueueDestroy(KosQueueHandle queue);
void *KosQueueAlloc(KosQueueHandle queue); /* NULL when every slot is taken */
void KosQueueFree(KosQueueHandle queue, void *obj);
void KosQueuePush(KosQueueHandle queue, void *obj);
/* timeout ms: 0 polls, INFINITE_TIMEOUT waits for ever. NULL on timeout. */
void *KosQueuePop(KosQueueHandle queue, rtl_uint32_t timeout);
void KosQueueFlush(KosQueueHandle queue); /* every queued object back to the free slots */

#endif
