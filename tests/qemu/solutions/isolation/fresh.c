// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fresh never writes the registers of regs.h. After Red and Blue have filled them and run,
 * it reads them: none may hold a value of theirs, FPCR/FPSR, the EL1 registers and the virtual
 * timer must still have their reset values (zero; CPACR_EL1 FP/SIMD on, as a partition starts),
 * CCSIDR_EL1 the cache its own CSSELR_EL1 selects, and SCTLR/TCR/MAIR/TTBR0 the values its own
 * libkos start-up wrote. Reading its FP/SIMD registers would trap at its EL1 if Red's or
 * Blue's CPACR_EL1 (FP/SIMD off) were still on the CPU.
 */
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

#include "regs.h"

static int foreign(const struct regset *got, const struct regset *other)
{
	const uint64_t *x = (const uint64_t *)got, *y = (const uint64_t *)other;

	for (size_t i = 0; i < sizeof(*got) / sizeof(uint64_t); i++)
		if (x[i] == y[i] && y[i] != 0)
			return (int)i;
	return -1;
}

int main(void)
{
	static struct regset got, red, blue;
	struct { uint64_t sctlr_el1, tcr_el1, mair_el1, ttbr0_el1; } mine;
	uint64_t ccsidr;
	int bad;

	/* What libkos set up for this partition (crt0 writes these before main). */
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(mine.sctlr_el1));
	__asm__ volatile("mrs %0, tcr_el1" : "=r"(mine.tcr_el1));
	__asm__ volatile("mrs %0, mair_el1" : "=r"(mine.mair_el1));
	__asm__ volatile("mrs %0, ttbr0_el1" : "=r"(mine.ttbr0_el1));

	/* Read before any other code of this partition can use the FP/SIMD registers. */
	regs_yield(NULL, &got, 8);
	regs_pattern(&red, 0x5245440000000000ull);
	regs_pattern(&blue, 0x424c554500000000ull);
	ccsidr = regs_ccsidr(0);
	bad = foreign(&got, &red);
	if (bad < 0)
		bad = foreign(&got, &blue);
	if (bad >= 0)
		printf("FAIL saw another partition's value in word %d: 0x%llx\n", bad,
		       (unsigned long long)((uint64_t *)&got)[bad]);
	else if (got.fpcr || got.fpsr || got.contextidr_el1 || got.far_el1 || got.par_el1 ||
		 got.tpidrro_el0 || got.tpidr_el1 || got.ttbr1_el1 || got.cntv_ctl_el0 ||
		 got.cntv_cval_el0 || got.cpacr_el1 != CPACR_FP_ON || got.mdscr_el1 ||
		 got.csselr_el1 || got.ccsidr_el1 != ccsidr)
		printf("FAIL not at reset: FPCR 0x%llx FPSR 0x%llx CONTEXTIDR 0x%llx FAR 0x%llx "
		       "PAR 0x%llx TPIDRRO 0x%llx TPIDR_EL1 0x%llx TTBR1 0x%llx CNTV_CTL 0x%llx "
		       "CNTV_CVAL 0x%llx CPACR 0x%llx MDSCR 0x%llx CSSELR 0x%llx CCSIDR 0x%llx "
		       "(its cache's 0x%llx)\n",
		       (unsigned long long)got.fpcr, (unsigned long long)got.fpsr,
		       (unsigned long long)got.contextidr_el1, (unsigned long long)got.far_el1,
		       (unsigned long long)got.par_el1, (unsigned long long)got.tpidrro_el0,
		       (unsigned long long)got.tpidr_el1, (unsigned long long)got.ttbr1_el1,
		       (unsigned long long)got.cntv_ctl_el0, (unsigned long long)got.cntv_cval_el0,
		       (unsigned long long)got.cpacr_el1, (unsigned long long)got.mdscr_el1,
		       (unsigned long long)got.csselr_el1, (unsigned long long)got.ccsidr_el1,
		       (unsigned long long)ccsidr);
	else if (got.sctlr_el1 != mine.sctlr_el1 || got.tcr_el1 != mine.tcr_el1 ||
		 got.mair_el1 != mine.mair_el1 || got.ttbr0_el1 != mine.ttbr0_el1)
		printf("FAIL not its own: SCTLR 0x%llx TCR 0x%llx MAIR 0x%llx TTBR0 0x%llx, set up "
		       "0x%llx 0x%llx 0x%llx 0x%llx\n",
		       (unsigned long long)got.sctlr_el1, (unsigned long long)got.tcr_el1,
		       (unsigned long long)got.mair_el1, (unsigned long long)got.ttbr0_el1,
		       (unsigned long long)mine.sctlr_el1, (unsigned long long)mine.tcr_el1,
		       (unsigned long long)mine.mair_el1, (unsigned long long)mine.ttbr0_el1);
	else
		printf("PASS no other partition's FP/SIMD or EL1 values\n");
	KosThreadSleep(300); /* Red and Blue finish */
	printf("powering off\n");
	bh_hvc0(BH_HC_POWER_OFF);
	return 1;
}
