// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <bulkhead/hvc.h>

#include "regs.h"

#define read_reg(r)                                                                            \
	({                                                                                     \
		uint64_t v_;                                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                    \
		v_;                                                                            \
	})

void regs_pattern(struct regset *r, uint64_t pattern)
{
	bool red;

	for (int i = 0; i < 32; i++) {
		r->q[i][0] = pattern | (uint64_t)i << 8 | 0x01;
		r->q[i][1] = pattern | (uint64_t)i << 8 | 0x02;
	}
	/* FPCR: RMode towards zero, FZ, DN; FPSR: the cumulative flags IOC, OFC, IXC. */
	r->fpcr = (3u << 22) | (1u << 24) | (1u << 25);
	r->fpsr = 0x15;
	r->contextidr_el1 = (pattern >> 32) | 0x11;
	r->far_el1 = pattern | 0x22;
	r->afsr0_el1 = 0;   /* RES0 on QEMU's CPU: written, must read back as written */
	r->par_el1 = 0x800; /* PAR_EL1.F = 0 with an address field: bits QEMU keeps */
	r->tpidrro_el0 = pattern | 0x44;
	r->tpidr_el1 = pattern | 0x55;
	/*
	 * Registers that shape this partition's own translation, changed only where that is
	 * harmless to it: SCTLR_EL1's EL0 cache-maintenance or CTR access bit (UCI / UCT), TCR_EL1's
	 * top-byte-ignore or hierarchical-permission bit for TTBR1 (whose walks TCR.EPD1 disables),
	 * TTBR1_EL1 itself, and an attribute index of MAIR_EL1 that no descriptor uses.
	 */
	red = pattern & (1ull << 60); /* set in Red's pattern, not in Blue's */
	r->sctlr_el1 = read_reg(sctlr_el1) | (red ? 1ull << 15 : 1ull << 26);
	r->ttbr1_el1 = (pattern & 0x0000ffffffff0000ull) | 0x1000;
	r->tcr_el1 = read_reg(tcr_el1) | (red ? 1ull << 38 : 1ull << 42);
	r->mair_el1 = read_reg(mair_el1) | (0x44ull << (red ? 56 : 48));
	/* The virtual timer enabled with its interrupt masked, due in thousands of years: it
	 * never fires, but another partition could read both registers. */
	r->cntv_ctl_el0 = 3; /* ENABLE | IMASK */
	r->cntv_cval_el0 = pattern | 0x66;
	/*
	 * FP/SIMD off at EL1 while yielding (FPEN 0 or 2: both trap EL1; regs_yield turns it back
	 * on before it stores the vector registers), debug control bits (MDSCR_EL1 enables
	 * nothing for a partition: it is only kept), a cache of its own (CSSELR_EL1: level 1
	 * instruction or level 2), and another ASID in TTBR0_EL1 (libkos's mappings are global,
	 * so the translation is the same).
	 */
	r->cpacr_el1 = red ? 0 : 2ull << 20;
	r->mdscr_el1 = red ? (1ull << 15) | (1ull << 13) : 1ull << 12; /* MDE, KDE / TDCC */
	r->csselr_el1 = red ? 1 : 2;
	r->ttbr0_el1 = (read_reg(ttbr0_el1) & 0xffffffffffffull) | ((red ? 0x52ull : 0x42ull) << 48);
	r->ccsidr_el1 = 0; /* read, not written: the caller fills it in (regs_ccsidr) */
}

uint64_t regs_ccsidr(uint64_t csselr)
{
	uint64_t v;

	__asm__ volatile("msr csselr_el1, %1\n isb\n mrs %0, ccsidr_el1" : "=r"(v) : "r"(csselr));
	return v;
}

#define QLOAD(a, b, off) "ldp q" #a ", q" #b ", [%[in], #" #off "]\n"
#define QSTORE(a, b, off) "stp q" #a ", q" #b ", [%[out], #" #off "]\n"

void regs_yield(const struct regset *in, struct regset *out, unsigned int yields)
{
	_Static_assert(offsetof(struct regset, fpcr) == 512, "the asm below depends on it");
	_Static_assert(offsetof(struct regset, cntv_cval_el0) == 512 + 104,
		       "the asm below depends on it");
	_Static_assert(offsetof(struct regset, ccsidr_el1) == 512 + 144,
		       "the asm below depends on it");

	/* One group of instructions per line: clearer than what clang-format would make of it. */
	/* clang-format off */
	__asm__ volatile(
	    "cbz %[in], 1f\n"
	    QLOAD(0, 1, 0) QLOAD(2, 3, 32) QLOAD(4, 5, 64) QLOAD(6, 7, 96)
	    QLOAD(8, 9, 128) QLOAD(10, 11, 160) QLOAD(12, 13, 192) QLOAD(14, 15, 224)
	    QLOAD(16, 17, 256) QLOAD(18, 19, 288) QLOAD(20, 21, 320) QLOAD(22, 23, 352)
	    QLOAD(24, 25, 384) QLOAD(26, 27, 416) QLOAD(28, 29, 448) QLOAD(30, 31, 480)
	    "add x11, %[in], #512\n"
	    "ldp x9, x10, [x11, #0]\n msr fpcr, x9\n msr fpsr, x10\n"
	    "ldp x9, x10, [x11, #16]\n msr contextidr_el1, x9\n msr far_el1, x10\n"
	    "ldp x9, x10, [x11, #32]\n msr afsr0_el1, x9\n msr par_el1, x10\n"
	    "ldp x9, x10, [x11, #48]\n msr tpidrro_el0, x9\n msr tpidr_el1, x10\n"
	    "ldp x9, x10, [x11, #64]\n msr sctlr_el1, x9\n msr ttbr1_el1, x10\n"
	    "ldp x9, x10, [x11, #80]\n msr tcr_el1, x9\n msr mair_el1, x10\n"
	    "ldp x9, x10, [x11, #96]\n msr cntv_cval_el0, x10\n msr cntv_ctl_el0, x9\n"
	    "ldp x9, x10, [x11, #112]\n msr cpacr_el1, x9\n msr mdscr_el1, x10\n"
	    "ldp x9, x10, [x11, #128]\n msr csselr_el1, x9\n msr ttbr0_el1, x10\n"
	    "isb\n"
	    "1: cbz %w[n], 2f\n"
	    "mov x0, %[yield]\n hvc #0\n"
	    "sub %w[n], %w[n], #1\n b 1b\n"
	    "2:\n"
	    /* CPACR_EL1 as it is now, then FP/SIMD on again (if in: else it was never off) */
	    "mrs x3, cpacr_el1\n"
	    "cbz %[in], 3f\n mov x9, %[fp_on]\n msr cpacr_el1, x9\n isb\n 3:\n"
	    QSTORE(0, 1, 0) QSTORE(2, 3, 32) QSTORE(4, 5, 64) QSTORE(6, 7, 96)
	    QSTORE(8, 9, 128) QSTORE(10, 11, 160) QSTORE(12, 13, 192) QSTORE(14, 15, 224)
	    QSTORE(16, 17, 256) QSTORE(18, 19, 288) QSTORE(20, 21, 320) QSTORE(22, 23, 352)
	    QSTORE(24, 25, 384) QSTORE(26, 27, 416) QSTORE(28, 29, 448) QSTORE(30, 31, 480)
	    "add x11, %[out], #512\n"
	    "mrs x9, fpcr\n mrs x10, fpsr\n stp x9, x10, [x11, #0]\n"
	    "mrs x9, contextidr_el1\n mrs x10, far_el1\n stp x9, x10, [x11, #16]\n"
	    "mrs x9, afsr0_el1\n mrs x10, par_el1\n stp x9, x10, [x11, #32]\n"
	    "mrs x9, tpidrro_el0\n mrs x10, tpidr_el1\n stp x9, x10, [x11, #48]\n"
	    "mrs x9, sctlr_el1\n mrs x10, ttbr1_el1\n stp x9, x10, [x11, #64]\n"
	    "mrs x9, tcr_el1\n mrs x10, mair_el1\n stp x9, x10, [x11, #80]\n"
	    "mrs x9, cntv_ctl_el0\n mrs x10, cntv_cval_el0\n stp x9, x10, [x11, #96]\n"
	    "mrs x10, mdscr_el1\n stp x3, x10, [x11, #112]\n"
	    "mrs x9, csselr_el1\n mrs x10, ttbr0_el1\n stp x9, x10, [x11, #128]\n"
	    "mrs x9, ccsidr_el1\n str x9, [x11, #144]\n"
	    : [n] "+r"(yields)
	    : [in] "r"(in), [out] "r"(out), [yield] "r"((uint64_t)BH_HC_THREAD_YIELD),
	      [fp_on] "r"(CPACR_FP_ON)
	    : "x0", "x1", "x2", "x3", "x9", "x10", "x11", "memory", "v0", "v1", "v2", "v3", "v4", "v5",
	      "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
	      "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29",
	      "v30", "v31");
	/* clang-format on */
}

int regs_diff(const struct regset *a, const struct regset *b)
{
	const uint64_t *x = (const uint64_t *)a, *y = (const uint64_t *)b;

	for (size_t i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		if (x[i] != y[i])
			return (int)i;
	return -1;
}
