// SPDX-License-Identifier: GPL-2.0-only
/*
 * Touches the registers whose accesses trap by design (hyp/arch/arm64/el1_cfg_trap.c): MDSCR_EL1
 * reads back what it wrote, the cache ID registers read as the hardware's (nonzero on QEMU's
 * CPU), and then a debug register the hypervisor does not emulate stops the partition cleanly.
 */
#include <stdint.h>
#include <stdio.h>

#include <kos/thread.h>

#define read_reg(r)                                                                            \
	({                                                                                     \
		uint64_t v_;                                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                    \
		v_;                                                                            \
	})

int main(void)
{
	uint64_t mdscr, ctr, clidr, ccsidr, ccsidr2 = 1, bcr;

	KosThreadSleep(30);
	__asm__ volatile("msr mdscr_el1, %0" : : "r"((1ull << 15) | (1ull << 13)));
	mdscr = read_reg(mdscr_el1);
	printf("MDSCR_EL1 reads back 0x%llx\n", (unsigned long long)mdscr);
	__asm__ volatile("msr csselr_el1, xzr; isb");
	ctr = read_reg(ctr_el0);
	clidr = read_reg(clidr_el1);
	ccsidr = read_reg(ccsidr_el1);
	/* CCSIDR2_EL1 exists only with FEAT_CCIDX (ID_AA64MMFR2_EL1.CCIDX) */
	if ((read_reg(id_aa64mmfr2_el1) >> 20) & 0xf)
		ccsidr2 = read_reg(S3_1_C0_C0_2);
	printf("%s cache ID registers: CTR 0x%llx CLIDR 0x%llx CCSIDR 0x%llx CCSIDR2 0x%llx\n",
	       ctr && clidr && ccsidr && ccsidr2 ? "ok" : "FAIL", (unsigned long long)ctr,
	       (unsigned long long)clidr, (unsigned long long)ccsidr, (unsigned long long)ccsidr2);
	printf("reading DBGBCR0_EL1\n");
	bcr = read_reg(S2_0_C0_C0_5);
	printf("FAIL: read DBGBCR0_EL1 0x%llx\n", (unsigned long long)bcr);
	return 1;
}
