/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The registers the world switch keeps in hardware across switches when it can (lazy FP/SIMD,
 * EL1 registers written only when they differ) or keeps in the vCPU from trapped writes
 * (HCR_EL2.TVM: SCTLR, TTBR1, TCR, MAIR, CONTEXTIDR, FAR, AFSR0) or saves only when in use
 * (the virtual timer, CNTV_CTL/CNTV_CVAL): set, then yield, then read back, all in one asm
 * block, so that no compiled code touches them in between.
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
};

/* The values a partition that paints with `pattern` writes. */
void regs_pattern(struct regset *r, uint64_t pattern);
/* Load *in (when in is not NULL), yield the CPU `yields` times, store the registers to *out. */
void regs_yield(const struct regset *in, struct regset *out, unsigned int yields);
/* Where a and b differ, or -1. */
int regs_diff(const struct regset *a, const struct regset *b);

#endif
