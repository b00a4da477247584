/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lazy FP/SIMD switch on a world switch (fpsimd.c), inline: it runs on every switch, and
 * a call would cost arch_vcpu_load its frame.
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

/* next takes the CPU: its FP/SIMD use traps unless the CPU holds its registers. */
static inline void fpsimd_switch_to(struct pcpu *c, const struct vcpu *next)
{
	bool trap = c->fp_owner != next;

	if (trap != c->fp_trapped)
		fpsimd_set_trap(c, trap);
}

#endif
