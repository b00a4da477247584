/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The registers the world switch keeps in hardware across switches when it can (lazy FP/SIMD,
 * EL1 registers written only when they differ) or keeps in the vCPU from trapped writes
 * (HCR_EL2.TVM: SCTLR, TTBR0, TTBR1, TCR, MAIR, CONTEXTIDR, FAR, AFSR0) or trapped accesses
 * (CPACR, CSSELR and CCSIDR, MDSCR) or saves only when in use (the virtual timer,
 * CNTV_CTL/CNTV_CVAL): set, then yield, then read back, all in one asm block, so that no
 * compiled code touches them in between.
 *
 * CPACR_EL1 reads trap, so a partition cannot see the CPU's value directly; it sees what the
 * value does: Red and Blue switch FP/SIMD off at EL1 (CPACR_EL1.FPEN) while they yield, and
 * a partition that ran next with their CPACR_EL1 on the CPU would take an FP/SIMD trap at its
 * own EL1 (Fresh reads its FP/SIMD registers then; so do Red and Blue, after turning FP/SIMD
 * back on). Likewise CSSELR_EL1 is seen through the CCSIDR_EL1 it selects.
 */
#ifndef ISOLATION_REGS_H
#define ISOLATION_REGS_H

#include <stdint.h>

struct regset {
	uint64_t q[32][2];
	uint64_t fpcr, fpsr;
	uint64_t contextidr_el1, far_el1, afsr0_el1, par_el1, tpidrro_el0, tpidr_el1;
	uint64_t sctlr_el1, ttbr1_el1, tcr_el1, mair_el1;
	uint64_t cntv_ctl_el0, cntv_cval_el0;
	uint64_t cpacr_el1, mdscr_el1, csselr_el1, ttbr0_el1;
	uint64_t ccsidr_el1; /* read back only: the cache CSSELR_EL1 selects */
	uint64_t spare;
};

/* CPACR_EL1 with FP/SIMD on at EL0 and EL1 (FPEN = 3): what a partition starts with. */
#define CPACR_FP_ON (3ull << 20)

/* The values a partition that paints with `pattern` writes. */
void regs_pattern(struct regset *r, uint64_t pattern);
/* Load *in (when in is not NULL), yield the CPU `yields` times, store the registers to *out. */
void regs_yield(const struct regset *in, struct regset *out, unsigned int yields);
/* CCSIDR_EL1 of the cache csselr selects, read right after selecting it. */
uint64_t regs_ccsidr(uint64_t csselr);
/* Where a and b differ, or -1. */
int regs_diff(const struct regset *a, const struct regset *b);

#endif
