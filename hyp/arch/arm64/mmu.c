// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's own (EL2 stage-1) translation: an identity map built once by the boot CPU
 * with the MMU off. 39-bit VA, 4 KiB granule, walk from level 1 with 1 GiB blocks: the first
 * gigabyte (QEMU virt's devices: GIC, UART, ...) as device-nGnRE, execute-never; the RAM
 * gigabytes as normal write-back memory. Every CPU then enables the same tables.
 */
#include <stdint.h>

#include <arch/sysreg.h>

#define MAIR_IDX_DEVICE 0
#define MAIR_IDX_NORMAL 1
#define MAIR_VALUE ((0x04ull << (8 * MAIR_IDX_DEVICE)) | (0xffull << (8 * MAIR_IDX_NORMAL)))

#define PTE_BLOCK 0x1ull
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_XN (1ull << 54)

/* T0SZ 25 (39-bit), IRGN0/ORGN0 write-back allocate, inner shareable, 4 KiB, PS 40 bits. */
#define TCR_EL2_VALUE ((25ull << 0) | (1ull << 8) | (1ull << 10) | (3ull << 12) | (0ull << 14) | \
		       (2ull << 16) | (1ull << 23) | (1ull << 31))
#define SCTLR_EL2_M (1ull << 0)
#define SCTLR_EL2_A (1ull << 1)
#define SCTLR_EL2_C (1ull << 2)
#define SCTLR_EL2_SA (1ull << 3)
#define SCTLR_EL2_I (1ull << 12)
#define SCTLR_EL2_WXN (1ull << 19)
#define SCTLR_EL2_RES1 ((3ull << 4) | (1ull << 11) | (1ull << 16) | (1ull << 18) | \
			(3ull << 22) | (3ull << 28))

static uint64_t l1_table[512] __attribute__((aligned(4096)));

void mmu_build_tables(void)
{
	l1_table[0] = 0 | PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_AF | PTE_XN;
	/* QEMU virt RAM starts at 1 GiB; map up to 255 GiB of it. */
	for (uint64_t gb = 1; gb < 256; gb++)
		l1_table[gb] = (gb << 30) | PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_NORMAL) |
			       PTE_SH_INNER | PTE_AF;
}

void mmu_enable(void)
{
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)l1_table);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(nsh);
	isb();
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I |
				      SCTLR_EL2_SA);
	isb();
}
