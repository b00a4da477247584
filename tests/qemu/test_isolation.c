// SPDX-License-Identifier: GPL-2.0-only
/*
 * The world switch leaves FP/SIMD registers in place until another vCPU uses them, writes some
 * EL1 registers only when they differ, keeps the EL1 virtual memory registers from trapped
 * writes (HCR_EL2.TVM) and CPACR, CSSELR and MDSCR from trapped accesses (CPTR_EL2.TCPAC,
 * HCR_EL2.TID2, MDCR_EL2.TDA) instead of reading them back, and saves a secure partition's
 * virtual timer only when it is in use: none of it may let a partition see another's values
 * or lose its own (tests/qemu/solutions/isolation).
 */
#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_isolation, fp_simd_and_el1_registers_do_not_leak)
{
	struct boot b;

	boot(&b, "test_isolation", NULL);
	expect_line(&b, "[Red] PASS own registers kept over 200 partition switches");
	expect_line(&b, "[Blue] PASS own registers kept over 200 partition switches");
	expect_line(&b, "[Fresh] PASS no other partition's FP/SIMD or EL1 values");
	expect_no_line(&b, "FAIL");
	expect_powered_off(&b);
	boot_free(&b);
}
