// SPDX-License-Identifier: GPL-2.0-only
/* Stage-2 hooks: VTCR_EL2 set-up and TLB maintenance for hyp/arch/arm64/stage2.c. */
#include <hyp/arch.h>
#include <hyp/stage2.h>

#include <arch/sysreg.h>

/*
 * T0SZ 25 (39-bit IPA), SL0 1 (start at level 1), IRGN0/ORGN0 write-back, inner shareable,
 * 4 KiB granule, PS 40-bit, VS 8-bit VMIDs. RES1 bit 31.
 */
#define VTCR_VALUE ((25ull << 0) | (1ull << 6) | (1ull << 8) | (1ull << 10) | (3ull << 12) | \
		    (0ull << 14) | (2ull << 16) | (1ull << 31))

void arch_stage2_init_cpu(void)
{
	write_sysreg(vtcr_el2, VTCR_VALUE);
	isb();
}

void arch_stage2_table_sync(void)
{
	dsb(ishst);
}

void arch_stage2_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t saved = read_sysreg(vttbr_el2);

	/* TLBI VMALLS12E1IS acts on the VMID in VTTBR_EL2. */
	dsb(ishst);
	write_sysreg(vttbr_el2, (uint64_t)vmid << 48);
	isb();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, saved);
	isb();
}
