// SPDX-License-Identifier: GPL-2.0-only
/* Counting stand-ins for the teardown hooks kobj_put calls (kobj_teardown.h). */
#include <hyp/handle.h>
#include <hyp/sched.h>

#include "unit/hyp/kobj_teardown.h"

spinlock_t sched_lock = SPINLOCK_INIT;
uint32_t teardowns[BH_HANDLE_TYPE_IPC_LISTENER + 1];
uint32_t objects_gone;

static void count(struct kobj *o)
{
	if (o->type < sizeof(teardowns) / sizeof(teardowns[0]))
		teardowns[o->type]++;
}

void notice_destroy(struct kobj *o)
{
	count(o);
}
void io_mmio_map_destroy(struct kobj *o)
{
	count(o);
}
void io_irq_destroy(struct kobj *o)
{
	count(o);
}
void io_irq_attach_destroy(struct kobj *o)
{
	count(o);
}
void io_dma_destroy(struct kobj *o)
{
	count(o);
}
void io_dma_map_destroy(struct kobj *o)
{
	count(o);
}
void notice_object_gone(struct kobj *o)
{
	(void)o;
	objects_gone++;
}
