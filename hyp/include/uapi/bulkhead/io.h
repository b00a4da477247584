/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O for driver partitions: flags of the MMIO, interrupt and DMA calls (KasperskyOS
 * coresrv/io), and where DMA buffers appear in a partition's address space.
 */
#ifndef BULKHEAD_UAPI_IO_H
#define BULKHEAD_UAPI_IO_H

/* Access of a mapping (KasperskyOS VMM_FLAG_READ/WRITE/EXECUTE). MMIO is never executable. */
#define BH_PROT_READ 0x1u
#define BH_PROT_WRITE 0x2u
#define BH_PROT_EXECUTE 0x4u

/* BH_HC_IO_IRQ_ATTACH flags: the trigger of the line. Level is the default. */
#define BH_IRQ_LEVEL_HIGH 0x0u
#define BH_IRQ_EDGE_RISING 0x1u
#define BH_IRQ_TRIGGER_MASK 0x1u

/* Interrupt numbers a grant may name: GIC shared peripheral interrupts. */
#define BH_IRQ_SPI_FIRST 32u
#define BH_IRQ_SPI_LAST 1019u

/* A DMA buffer at physical address PA is mapped at IPA BH_DMA_IPA_BASE + PA: outside RAM, so
 * that it never collides with the partition's own memory. Devices use the PA. */
#define BH_DMA_IPA_BASE 0x2000000000ull /* 128 GiB; device grants must lie below it */
#define BH_DMA_ORDER_MAX 9u		/* blocks of up to 2^9 pages (2 MiB) */

/* BH_HC_IO_DMA_CREATE flags (KasperskyOS DmaAttr). QEMU's DMA is cache coherent, so the
 * cache attributes are accepted and change nothing. */
#define BH_DMA_DIR_TO_DEVICE 0x1u
#define BH_DMA_DIR_FROM_DEVICE 0x2u
#define BH_DMA_DIR_BIDIR 0x3u
#define BH_DMA_ZONE_DMA32 0x4u /* every page below 4 GiB */
#define BH_DMA_ATTR_WRITE_BACK 0x00u
#define BH_DMA_ATTR_WRITE_THROUGH 0x10u
#define BH_DMA_ATTR_CACHE_DISABLE 0x20u
#define BH_DMA_ATTR_WRITE_COMBINE 0x30u
#define BH_DMA_FLAGS_MASK 0x37u

#endif
