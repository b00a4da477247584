/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL1/EL0 registers of a world switch, moved in pairs (mrs, mrs, stp / ldp, msr, msr):
 * the compiler would store and load them one at a time. Which register sits in which slot,
 * and why some are saved or written only in some cases, is in arch/vcpu.h; vcpu.c decides
 * what else a switch needs.
 */
#include <arch/vcpu.h>

.macro save_pair a, b, slot
	mrs	x2, \a
	mrs	x3, \b
	stp	x2, x3, [x0, #VCPU_SYS(\slot)]
.endm

.macro load_pair a, b, slot
	ldp	x2, x3, [x0, #VCPU_SYS(\slot)]
	msr	\a, x2
	msr	\b, x3
.endm

	.text
/*
 * arch_vcpu_save(struct vcpu *v): v's live registers into v. A secure partition's TVM
 * registers are already there (every write of them traps); a guest's are read back, and the
 * guest-only state follows in guest_save.
 */
	.global	arch_vcpu_save
arch_vcpu_save:
	save_pair sp_el0, tpidr_el0, SYS_SP_EL0
	save_pair tpidrro_el0, tpidr_el1, SYS_TPIDRRO_EL0
	save_pair sp_el1, elr_el1, SYS_SP_EL1
	save_pair spsr_el1, esr_el1, SYS_SPSR_EL1
	save_pair far_el1, par_el1, SYS_FAR_EL1
	save_pair vbar_el1, cpacr_el1, SYS_VBAR_EL1
	save_pair cntkctl_el1, csselr_el1, SYS_CNTKCTL_EL1
	mrs	x2, mdscr_el1
	ldrb	w3, [x0, #VCPU_IS_GUEST]
	str	x2, [x0, #VCPU_SYS(SYS_MDSCR_EL1)]
	cbnz	w3, 1f
	ret
1:	mrs	x2, contextidr_el1
	str	x2, [x0, #VCPU_SYS(SYS_CONTEXTIDR_EL1)]
	save_pair mair_el1, amair_el1, SYS_MAIR_EL1
	save_pair afsr0_el1, afsr1_el1, SYS_AFSR0_EL1
	save_pair sctlr_el1, ttbr0_el1, SYS_SCTLR_EL1
	save_pair ttbr1_el1, tcr_el1, SYS_TTBR1_EL1
	b	guest_save

/* el1_regs_load(const struct arch_vcpu *a): slots 0..19, whose writes cost no TLB flush. */
	.global	el1_regs_load
el1_regs_load:
	load_pair sp_el0, tpidr_el0, SYS_SP_EL0
	load_pair tpidrro_el0, tpidr_el1, SYS_TPIDRRO_EL0
	load_pair sp_el1, elr_el1, SYS_SP_EL1
	load_pair spsr_el1, esr_el1, SYS_SPSR_EL1
	load_pair far_el1, par_el1, SYS_FAR_EL1
	load_pair vbar_el1, cpacr_el1, SYS_VBAR_EL1
	load_pair cntkctl_el1, csselr_el1, SYS_CNTKCTL_EL1
	load_pair mdscr_el1, contextidr_el1, SYS_MDSCR_EL1
	load_pair mair_el1, amair_el1, SYS_MAIR_EL1
	load_pair afsr0_el1, afsr1_el1, SYS_AFSR0_EL1
	isb
	ret
