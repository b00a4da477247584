/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Setting the lazy FP/SIMD trap (fpsimd.c). arch_vcpu_load (vcpu_switch.S) does the same in
 * assembly when a world switch changes it.
 */
#ifndef ARCH_FPSIMD_H
#define ARCH_FPSIMD_H

#include <hyp/cpu.h>

#include <arch/sysreg.h>
#include <arch/vcpu.h>

static inline void fpsimd_set_trap(struct pcpu *c, bool trap)
{
	write_sysreg(cptr_el2, CPTR_EL2_BASE | (trap ? CPTR_EL2_TFP : 0));
	isb();
	c->fp_trapped = trap;
}

#endif
