// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupts of driver partitions (KnRegisterIrq, KnIoAttachIrq, ...). A registered SPI is
 * routed to the CPU of the thread that attaches to it. When it fires, the hypervisor masks it
 * (a level-triggered line would otherwise fire again at once), notes it pending and wakes the
 * thread waiting on the attachment; the line is unmasked when a thread waits again, by which
 * time the driver has quietened its device. KasperskyOS waits with Recv() on the attachment's
 * IPC handle; until IPC exists that wait is BH_HC_IO_IRQ_WAIT, which Recv() will map onto.
 */
#include <hyp/arch.h>
#include <hyp/handle.h>
#include <hyp/io.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/io.h>
#include <uapi/bulkhead/retcode.h>

static struct kobj *spi_owner[BH_IRQ_SPI_LAST + 1]; /* the IRQ object of each SPI */

static bool granted(const struct partition *p, uint64_t intid)
{
	for (uint32_t i = 0; i < p->desc->ndevices; i++)
		for (uint32_t j = 0; j < p->desc->dev[i].nirqs; j++)
			if (p->desc->dev[i].irqs[j] == intid)
				return true;
	return false;
}

int io_irq_register(struct vcpu *v, uint64_t intid, uint64_t *r)
{
	struct partition *p = v->part;
	struct kobj *o;
	uint32_t h;
	int rc;

	if (intid < BH_IRQ_SPI_FIRST || intid > BH_IRQ_SPI_LAST)
		return rcInvalidArgument;
	if (!granted(p, intid))
		return rcNoCapability;
	if (spi_owner[intid])
		return rcAlreadyExists;
	o = kobj_new(p, BH_HANDLE_TYPE_IRQ);
	if (!o)
		return rcOutOfMemory;
	o->irq.intid = (uint32_t)intid;
	o->irq.enabled = true;
	rc = handle_install(p, o, BH_RIGHTS_FULL, &h);
	if (rc) {
		o->type = 0;
		return rc;
	}
	arch_irq_spi_mask(o->irq.intid, true);
	spi_owner[intid] = o;
	r[0] = h;
	return rcOk;
}

static struct vcpu *waiter(struct kobj *attach)
{
	struct partition *p = attach->owner;

	for (uint32_t i = 0; i < p->desc->max_threads; i++)
		if (p->vcpus[i].state == VCPU_BLOCKED && p->vcpus[i].wait == WAIT_IRQ &&
		    p->vcpus[i].wait_obj == attach)
			return &p->vcpus[i];
	return NULL;
}

/* The object behind an IRQ or IRQ-attachment handle of the calling partition. */
static int irq_handle(struct vcpu *v, uint64_t h, uint32_t type, struct kobj **out)
{
	if (h > UINT32_MAX)
		return rcInvalidArgument;
	return handle_get(v->part, (uint32_t)h, type, 0, out, NULL);
}

int io_irq_attach(struct vcpu *v, uint64_t h, uint64_t flags, uint64_t *r)
{
	struct kobj *irq, *att;
	uint32_t ah;
	int rc;

	rc = irq_handle(v, h, BH_HANDLE_TYPE_IRQ, &irq);
	if (rc)
		return rc;
	if (flags & ~(uint64_t)BH_IRQ_TRIGGER_MASK)
		return rcInvalidArgument;
	if (irq->irq.attach)
		return rcBusy; /* one attachment per line */
	att = kobj_new(v->part, BH_HANDLE_TYPE_IRQ_ATTACH);
	if (!att)
		return rcOutOfMemory;
	att->parent = irq;
	kobj_get(irq);
	rc = handle_install(v->part, att, BH_RIGHTS_FULL, &ah);
	if (rc) {
		att->refs = 1;
		kobj_put(att);
		return rc;
	}
	irq->irq.attach = att;
	irq->irq.pending = false;
	/* Delivered on the attaching thread's CPU, where its wait will be. */
	arch_irq_spi_route(irq->irq.intid, v->cpu, flags & BH_IRQ_EDGE_RISING);
	r[0] = ah;
	return rcOk;
}

static void detach(struct kobj *att)
{
	struct kobj *irq = att->parent;
	struct vcpu *w;

	if (att->attach.detached)
		return;
	att->attach.detached = true;
	arch_irq_spi_mask(irq->irq.intid, true);
	irq->irq.attach = NULL;
	irq->irq.pending = false;
	while ((w = waiter(att)))
		sched_wake(w, rcResourceNotFound, 0);
}

void io_irq_attach_destroy(struct kobj *o)
{
	detach(o);
}

void io_irq_destroy(struct kobj *o)
{
	arch_irq_spi_mask(o->irq.intid, true);
	spi_owner[o->irq.intid] = NULL;
}

int io_irq_detach(struct vcpu *v, uint64_t h)
{
	struct kobj *irq;
	int rc;

	rc = irq_handle(v, h, BH_HANDLE_TYPE_IRQ, &irq);
	if (rc)
		return rc;
	if (!irq->irq.attach)
		return rcInvalidThreadState; /* nobody is attached */
	detach(irq->irq.attach);
	return rcOk;
}

int io_irq_enable(struct vcpu *v, uint64_t h, bool enable)
{
	struct kobj *irq;
	int rc;

	rc = irq_handle(v, h, BH_HANDLE_TYPE_IRQ, &irq);
	if (rc)
		return rc;
	irq->irq.enabled = enable;
	/* Unmasked only while someone waits for it and nothing is pending. */
	arch_irq_spi_mask(irq->irq.intid, !(enable && irq->irq.attach && !irq->irq.pending &&
					    waiter(irq->irq.attach)));
	return rcOk;
}

int io_irq_wait(struct vcpu *v, uint64_t h, uint32_t timeout_ms)
{
	struct kobj *att, *irq;
	int rc;

	rc = irq_handle(v, h, BH_HANDLE_TYPE_IRQ_ATTACH, &att);
	if (rc)
		return rc;
	if (att->attach.detached)
		return rcResourceNotFound;
	irq = att->parent;
	if (irq->irq.pending) {
		irq->irq.pending = false;
		return rcOk;
	}
	if (timeout_ms == 0)
		return rcTimeout;
	if (waiter(att))
		return rcBusy; /* one waiting thread per attachment */
	v->wait_obj = att;
	sched_block_current(WAIT_IRQ, timeout_ms == BH_TIMEOUT_INFINITE
					  ? 0
					  : arch_time_now_ns() + timeout_ms * 1000000ull);
	if (irq->irq.enabled)
		arch_irq_spi_mask(irq->irq.intid, false);
	return rcOk;
}

void io_irq_raised(uint32_t intid)
{
	struct kobj *irq;
	struct vcpu *w;

	spin_lock(&sched_lock);
	arch_irq_spi_mask(intid, true);
	irq = intid <= BH_IRQ_SPI_LAST ? spi_owner[intid] : NULL;
	if (!irq || !irq->irq.attach) {
		spin_unlock(&sched_lock);
		log_debug("spurious SPI %u (no attached owner): masked", intid);
		return;
	}
	w = waiter(irq->irq.attach);
	if (w)
		sched_wake(w, rcOk, 0);
	else
		irq->irq.pending = true;
	spin_unlock(&sched_lock);
}
