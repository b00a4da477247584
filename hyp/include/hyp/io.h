/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device grants of driver partitions (hyp/core/io_*.c): MMIO regions mapped on request at
 * IPA = PA, interrupts routed to the partition and waited for by a thread, DMA buffers.
 */
#ifndef HYP_IO_H
#define HYP_IO_H

#include <stdbool.h>
#include <stdint.h>

struct manifest;
struct platform;
struct partition;

/* Boot: refuse (panic naming it) a grant that overlaps RAM, the GIC, the console UART, the
 * DMA window, or lies beyond the partitions' IPA space, that names the console UART's
 * interrupt, or (a Linux guest's) that overlaps the guest's emulated GIC or UART. */
void io_grants_check(const struct manifest *m, const struct platform *plat);

/* An SPI fired (arch interrupt code, no lock held): mask it, wake its waiter. */
void io_irq_raised(uint32_t intid);

/* The calls, under sched_lock (dispatched by io_hypercall). r[0..2] become x1..x3. */
struct vcpu;
int io_mmio_register(struct vcpu *v, uint64_t pa, uint64_t size, uint64_t *r);
int io_mmio_map(struct vcpu *v, uint64_t h, uint64_t prot, uint64_t *r);
int io_irq_register(struct vcpu *v, uint64_t intid, uint64_t *r);
int io_irq_attach(struct vcpu *v, uint64_t h, uint64_t flags, uint64_t *r);
int io_irq_detach(struct vcpu *v, uint64_t h);
int io_irq_enable(struct vcpu *v, uint64_t h, bool enable);
int io_irq_wait(struct vcpu *v, uint64_t h, uint32_t timeout_ms);
int io_dma_create(struct vcpu *v, uint64_t order, uint64_t size, uint64_t flags, uint64_t *r);
int io_dma_map(struct vcpu *v, uint64_t h, uint64_t offset, uint64_t length, uint64_t *r);
int io_dma_info(struct vcpu *v, uint64_t h, uint64_t *r);
int io_dma_begin(struct vcpu *v, uint64_t h, uint64_t *r);


#endif
