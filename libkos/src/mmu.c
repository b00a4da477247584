// SPDX-License-Identifier: GPL-2.0-only
/*
 * The partition's stage-1 translation: identity map, 39-bit VA, 4 KiB granule, 1 GiB blocks.
 * The first gigabyte (where QEMU virt's MMIO lives; only what the manifest grants is mapped at
 * stage 2) is device memory; the gigabytes from BH_PARTITION_RAM_IPA on are normal cacheable
 * memory. Stage 2 confines the partition to its own RAM, so a 1 GiB block granting more
 * address space than the partition has is harmless: touching it faults at stage 2. DMA buffers
 * appear at BH_DMA_IPA_BASE + PA (uapi io.h): the gigabytes there that mirror RAM are normal
 * memory too (QEMU's DMA is coherent with the caches).
 * Runs with the MMU off, before .bss is cleared (the table is initialised data for that
 * reason). The table has a section of its own, which partition.lds puts at the start of RAM:
 * every partition's TTBR0_EL1 is then the same, which spares the world switch its write.
 */
#include <stdint.h>

#include <uapi/bulkhead/io.h>
#include <uapi/bulkhead/layout.h>

#define MAIR_VALUE ((0x04ull << 0) | (0xffull << 8)) /* 0: device-nGnRE, 1: normal WB */
#define PTE_BLOCK 0x1ull
#define PTE_ATTR_DEVICE (0ull << 2)
#define PTE_ATTR_NORMAL (1ull << 2)
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
/* T0SZ 25, walks write-back inner shareable, 4 KiB, no TTBR1 walks (EPD1), IPS 40 bits */
#define TCR_VALUE ((25ull << 0) | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | \
		   (2ull << 32))
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_I (1ull << 12)

static uint64_t kos_l1[512] __attribute__((aligned(4096), section(".kos_pgtable")));

void __kos_mmu_init(void)
{
	uint64_t sctlr;

	kos_l1[0] = PTE_BLOCK | PTE_ATTR_DEVICE | PTE_AF | PTE_PXN | PTE_UXN;
	for (uint64_t gb = BH_PARTITION_RAM_IPA >> 30; gb < 8; gb++) {
		uint64_t dma = (BH_DMA_IPA_BASE >> 30) + gb;

		kos_l1[gb] = (gb << 30) | PTE_BLOCK | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF;
		kos_l1[dma] = (dma << 30) | PTE_BLOCK | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF |
			      PTE_PXN | PTE_UXN;
	}

	__asm__ volatile("msr mair_el1, %0" : : "r"(MAIR_VALUE));
	__asm__ volatile("msr tcr_el1, %0" : : "r"(TCR_VALUE));
	__asm__ volatile("msr ttbr0_el1, %0" : : "r"((uint64_t)kos_l1));
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" ::: "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA;
	__asm__ volatile("msr sctlr_el1, %0; isb" : : "r"(sctlr) : "memory");
}
