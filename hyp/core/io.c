// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device grants: the boot-time check of what the manifest grants against the platform, and
 * the dispatch of the I/O hypercalls. The manifest parser already refused unaligned grants,
 * non-SPI interrupts and grants that overlap each other.
 */
#include <hyp/guest.h>
#include <hyp/hypercall.h>
#include <hyp/io.h>
#include <hyp/log.h>
#include <hyp/manifest.h>
#include <hyp/platform.h>
#include <hyp/sched.h>
#include <hyp/stage2.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/io.h>
#include <uapi/bulkhead/retcode.h>

static bool overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/* A Linux guest's grant is mapped where the guest also sees its emulated GIC and UART. */
static void linux_grant_check(const struct manifest_partition *p, const struct manifest_device *dev)
{
	static const char *const what[] = {"its emulated GIC distributor",
					   "its emulated GIC redistributors", "its emulated UART"};
	const uint64_t base[] = {GUEST_GICD_BASE, GUEST_GICR_BASE, GUEST_UART_BASE};
	const uint64_t size[] = {GUEST_GICD_SIZE, p->max_threads * GUEST_GICR_STRIDE,
				 GUEST_UART_SIZE};

	for (uint32_t k = 0; k < 3; k++)
		if (overlaps(dev->pa, dev->size, base[k], size[k]))
			panic("manifest refused: partition '%s': device '%s' (0x%lx+0x%lx) overlaps "
			      "%s", p->name, dev->name, dev->pa, dev->size, what[k]);
}

void io_grants_check(const struct manifest *m, const struct platform *plat)
{
	static const char *const what[] = {"RAM", "the GIC distributor", "the GIC redistributors",
					   "the console UART"};
	const uint64_t base[] = {pa_addr(plat->ram_base), plat->gicd_base, plat->gicr_base,
				 plat->uart_base};
	const uint64_t size[] = {plat->ram_size, plat->gicd_size ? plat->gicd_size : 0x10000,
				 plat->gicr_size, plat->uart_size ? plat->uart_size : 0x1000};

	for (uint32_t i = 0; i < m->npartitions; i++) {
		const struct manifest_partition *p = &m->part[i];

		for (uint32_t d = 0; d < p->ndevices; d++) {
			const struct manifest_device *dev = &p->dev[d];

			for (uint32_t j = 0; j < dev->nirqs; j++)
				if (plat->uart_intid && dev->irqs[j] == plat->uart_intid)
					panic("manifest refused: partition '%s': device '%s': "
					      "interrupt %u is the console UART's", p->name,
					      dev->name, dev->irqs[j]);
			if (!dev->size)
				continue;
			for (uint32_t k = 0; k < 4; k++)
				if (overlaps(dev->pa, dev->size, base[k], size[k]))
					panic("manifest refused: partition '%s': device '%s' "
					      "(0x%lx+0x%lx) overlaps %s",
					      p->name, dev->name, dev->pa, dev->size, what[k]);
			if (p->role == ROLE_LINUX)
				linux_grant_check(p, dev);
			/* Mapped at IPA = PA: it must fit below the DMA window. */
			if (dev->pa + dev->size > BH_DMA_IPA_BASE)
				panic("manifest refused: partition '%s': device '%s' (0x%lx+0x%lx) "
				      "lies above 0x%llx, where partitions see DMA buffers",
				      p->name, dev->name, dev->pa, dev->size, BH_DMA_IPA_BASE);
		}
	}
}

int io_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	int rc;

	spin_lock(&sched_lock);
	switch (fn) {
	case BH_HC_IO_MMIO_REGISTER:
		rc = io_mmio_register(v, x[0], x[1], r);
		break;
	case BH_HC_IO_MMIO_MAP:
		rc = io_mmio_map(v, x[0], x[1], r);
		break;
	case BH_HC_IO_IRQ_REGISTER:
		rc = io_irq_register(v, x[0], r);
		break;
	case BH_HC_IO_IRQ_ATTACH:
		rc = io_irq_attach(v, x[0], x[1], r);
		break;
	case BH_HC_IO_IRQ_DETACH:
		rc = io_irq_detach(v, x[0]);
		break;
	case BH_HC_IO_IRQ_ENABLE:
		rc = io_irq_enable(v, x[0], true);
		break;
	case BH_HC_IO_IRQ_DISABLE:
		rc = io_irq_enable(v, x[0], false);
		break;
	case BH_HC_IO_IRQ_WAIT:
		rc = io_irq_wait(v, x[0], (uint32_t)x[1]);
		break;
	case BH_HC_IO_DMA_CREATE:
		rc = io_dma_create(v, x[0], x[1], x[2], r);
		break;
	case BH_HC_IO_DMA_MAP:
		rc = io_dma_map(v, x[0], x[1], x[2], r);
		break;
	case BH_HC_IO_DMA_INFO:
		rc = io_dma_info(v, x[0], r);
		break;
	case BH_HC_IO_DMA_BEGIN:
		rc = io_dma_begin(v, x[0], r);
		break;
	default:
		rc = rcUnimplemented;
		break;
	}
	spin_unlock(&sched_lock);
	return rc;
}
