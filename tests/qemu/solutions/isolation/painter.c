// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red and Blue (PATTERN differs): fill every FP/SIMD register, FPCR, FPSR and the EL1/EL0
 * registers of regs.h with values of their own, hand the CPU to the other partitions again
 * and again, and check that everything reads back as written (and CCSIDR_EL1 as their own
 * CSSELR_EL1 selects).
 */
#include <stdio.h>

#include "regs.h"

#define ROUNDS 50
#define YIELDS 4

int main(void)
{
	static struct regset want, got;
	int bad = -1, round;

	regs_pattern(&want, PATTERN);
	want.ccsidr_el1 = regs_ccsidr(want.csselr_el1);
	for (round = 0; round < ROUNDS && bad < 0; round++) {
		regs_yield(&want, &got, YIELDS);
		bad = regs_diff(&want, &got);
	}
	if (bad >= 0)
		printf("FAIL own registers: word %d is 0x%llx, wrote 0x%llx (round %d)\n", bad,
		       (unsigned long long)((uint64_t *)&got)[bad],
		       (unsigned long long)((uint64_t *)&want)[bad], round);
	else
		printf("PASS own registers kept over %d partition switches\n", ROUNDS * YIELDS);
	return 0;
}
