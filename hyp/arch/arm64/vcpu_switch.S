/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world switch: arch_vcpu_save and arch_vcpu_load, and arch_vcpu_switch, which is both in
 * one call, with the EL1/EL0 registers moved in pairs (mrs, mrs, stp / ldp, msr, msr): the
 * compiler would store and load them one at a time. Which register sits in which slot, and
 * why some are saved or written only in some cases, is in arch/vcpu.h; the rare cases (a
 * guest, a saved virtual timer, a CPU that holds nobody's state) are handed to vcpu.c.
 */
#include <arch/sysreg.h>
#include <arch/vcpu.h>

.macro save_pair a, b, slot, base=x0
	mrs	x2, \a
	mrs	x3, \b
	stp	x2, x3, [\base, #VCPU_SYS(\slot)]
.endm

.macro load_pair a, b, slot
	ldp	x2, x3, [x0, #VCPU_SYS(\slot)]
	msr	\a, x2
	msr	\b, x3
.endm

/*
 * What a switch saves of `base` = the vCPU: slots 0..11, which a partition writes without a
 * trap. A secure partition's others are already there (every access of them traps:
 * arch/vcpu.h). Leaves x4 nonzero when the rest of the save is needed (save_rare): a guest's
 * (w3 = is_guest), or a secure vCPU's virtual timer left in use (CTL or CVAL nonzero), which
 * is tested in the same branch. Uses x2..x5.
 */
.macro save_always base
	save_pair sp_el0, tpidr_el0, SYS_SP_EL0, \base
	save_pair tpidrro_el0, tpidr_el1, SYS_TPIDRRO_EL0, \base
	save_pair sp_el1, elr_el1, SYS_SP_EL1, \base
	save_pair spsr_el1, esr_el1, SYS_SPSR_EL1, \base
	save_pair far_el1, par_el1, SYS_FAR_EL1, \base
	mrs	x2, vbar_el1
	mrs	x3, cntkctl_el1
	mrs	x4, cntv_ctl_el0
	mrs	x5, cntv_cval_el0
	stp	x2, x3, [\base, #VCPU_SYS(SYS_VBAR_EL1)]
	ldrb	w3, [\base, #VCPU_IS_GUEST]
	orr	x4, x4, x5
	orr	x4, x4, x3
.endm

	.text
/* arch_vcpu_save(struct vcpu *v): v's live registers into v. */
	.global	arch_vcpu_save
arch_vcpu_save:
	save_always x0
	cbnz	x4, save_rare
	ret

/*
 * The rest of the save of x0 (w3 its is_guest), returning to the caller: a secure vCPU's
 * virtual timer is saved and cleared by vtimer_save_secure, so that the next partition on the
 * CPU cannot read it; a guest's virtual memory registers are read back, and the guest-only
 * state follows in guest_save.
 */
save_rare:
	cbz	w3, vtimer_save_secure
	/* a guest: CPACR_EL1 is already in v (its writes trap too), MDSCR_EL1 is not its own */
	save_pair ttbr0_el1, contextidr_el1, SYS_TTBR0_EL1
	save_pair mair_el1, amair_el1, SYS_MAIR_EL1
	save_pair afsr0_el1, afsr1_el1, SYS_AFSR0_EL1
	save_pair sctlr_el1, ttbr1_el1, SYS_SCTLR_EL1
	save_pair tcr_el1, csselr_el1, SYS_TCR_EL1
	b	guest_save

/* Slots 12..18 (x0 = the vCPU), whose writes cost no TLB flush (TTBR0_EL1's, which may change
 * the ASID, costs one then: when the partition's own TLB entries should go). Uses x2, x3. */
.macro vm_regs_load
	load_pair ttbr0_el1, contextidr_el1, SYS_TTBR0_EL1
	load_pair mair_el1, amair_el1, SYS_MAIR_EL1
	load_pair afsr0_el1, afsr1_el1, SYS_AFSR0_EL1
	ldr	x2, [x0, #VCPU_SYS(SYS_CPACR_EL1)]
	msr	cpacr_el1, x2
.endm

/* If prev's (x1) and v's (x0) values at offset `off` differ, write v's to `reg`. */
.macro load_if_changed reg, off
	ldr	x4, [x1, #\off]
	ldr	x5, [x0, #\off]
	cmp	x4, x5
	b.eq	.L\@
	msr	\reg, x5
.L\@:
.endm

/*
 * arch_vcpu_load(struct vcpu *v): v's EL1 state and stage 2 onto the CPU, which holds the
 * state of prev = this_cpu()->loaded. In assembly because it runs on every switch and needs
 * no frame: the compiler gave the C version one, and byte loads for the halfword test.
 *   x0 v, x1 prev, x2 this CPU, w3 v's is_guest and vtimer_saved (nonzero: vcpu_load_rare).
 * VTTBR_EL2 is written unconditionally: QEMU flushes its EL1&0 TLB only when the VMID changes
 * (vttbr_write in target/arm/helper.c), and comparing first costs three instructions on every
 * switch, in vain between partitions. The registers that el1_ctx names are skipped when
 * prev's name is v's; slots 0..11 are loaded always.
 */
	.global	arch_vcpu_load
arch_vcpu_load:
	mrs	x2, tpidr_el2
	ldr	x1, [x2, #PCPU_LOADED]
	ldrh	w3, [x0, #VCPU_IS_GUEST]
	cmp	x1, x0
	b.eq	.Lsame
	str	x0, [x2, #PCPU_LOADED]
	cbnz	x1, .Lload_after_prev
	b	vcpu_load_all

/*
 * arch_vcpu_switch(struct vcpu *next, struct vcpu *prev): arch_vcpu_save(prev), then
 * arch_vcpu_load(next), on a CPU that holds prev's state (prev is its current vCPU, next
 * another): one call, and neither the test for the same vCPU nor the one for nobody. next
 * comes first because the load wants it in x0 and prev in x1: no register moves.
 */
	.global	arch_vcpu_switch
arch_vcpu_switch:
	save_always x1
	cbnz	x4, .Lswitch_save_rare
.Lswitch_saved:
	mrs	x2, tpidr_el2
	ldrh	w3, [x0, #VCPU_IS_GUEST]
	str	x0, [x2, #PCPU_LOADED]
	/* falls through into arch_vcpu_load's switch from prev to v */
.Lload_after_prev:
	/*
	 * FP/SIMD use traps unless the CPU holds v's registers (fpsimd.c). While a vCPU is
	 * loaded, the trap is off exactly when it owns them (fpsimd_trap turns it off for the
	 * running vCPU; a CPU that loaded nobody goes through vcpu_load_all, which sets it), so
	 * it changes only if the owner is prev or v.
	 */
	ldr	x4, [x2, #PCPU_FP_OWNER]
	cmp	x4, x1
	ccmp	x4, x0, #4, ne /* owner == prev, or else owner == v */
	b.eq	.Lfp_trap
.Lfp_done:
	ldr	x4, [x0, #VCPU_VTTBR]
	msr	vttbr_el2, x4
	ldr	x4, [x1, #VCPU_EL1_CTX]
	ldr	x5, [x0, #VCPU_EL1_CTX]
	cmp	x4, x5
	b.ne	.Lel1_ctx
.Lel1_ctx_done:
	cbz	w3, el1_regs_load
	/* a guest, or a saved timer: the common part, then vcpu_load_rare */
	stp	x0, x30, [sp, #-16]!
	bl	el1_regs_load
	ldp	x0, x30, [sp], #16
	b	vcpu_load_rare

/* Back on the CPU it left, with nobody in between: only what save took away. Its FP/SIMD
 * trap is still as it was, as nobody else ran here. */
.Lsame:
	cbnz	w3, vcpu_load_rare
	ret

/* prev's save beyond save_always (save_rare returns here), then the load of next. */
.Lswitch_save_rare:
	stp	x0, x1, [sp, #-16]!
	str	x30, [sp, #-16]!
	mov	x0, x1
	bl	save_rare
	ldr	x30, [sp], #16
	ldp	x0, x1, [sp], #16
	b	.Lswitch_saved

/* The trap changes: on unless v is the owner (x4). What fpsimd_set_trap does. */
.Lfp_trap:
	cmp	x4, x0
	cset	w6, ne
	ldr	x4, =CPTR_EL2_BASE /* TCPAC, bit 31: not a mov immediate */
	orr	x4, x4, x6, lsl #CPTR_EL2_TFP_SHIFT
	msr	cptr_el2, x4
	isb
	strb	w6, [x2, #PCPU_FP_TRAPPED]
	b	.Lfp_done

/* What el1_ctx names differs: HCR_EL2 may flush QEMU's TLB (a change of its VM bits), so it
 * is compared; so are the registers whose writes flush; the others are written. */
.Lel1_ctx:
	load_if_changed hcr_el2, VCPU_HCR
	ldr	x5, [x0, #VCPU_VMPIDR]
	msr	vmpidr_el2, x5
	load_if_changed sctlr_el1, VCPU_SYS(SYS_SCTLR_EL1)
	load_if_changed ttbr1_el1, VCPU_SYS(SYS_TTBR1_EL1)
	load_if_changed tcr_el1, VCPU_SYS(SYS_TCR_EL1)
	vm_regs_load /* uses x2, x3: this CPU is not needed any more */
	ldrh	w3, [x0, #VCPU_IS_GUEST]
	b	.Lel1_ctx_done

/* el1_regs_load(const struct arch_vcpu *a): slots 0..11, which every switch loads. */
	.global	el1_regs_load
el1_regs_load:
	load_pair sp_el0, tpidr_el0, SYS_SP_EL0
	load_pair tpidrro_el0, tpidr_el1, SYS_TPIDRRO_EL0
	load_pair sp_el1, elr_el1, SYS_SP_EL1
	load_pair spsr_el1, esr_el1, SYS_SPSR_EL1
	load_pair far_el1, par_el1, SYS_FAR_EL1
	load_pair vbar_el1, cntkctl_el1, SYS_VBAR_EL1
	ret /* no ISB: EL2 does not depend on these, and the ERET into v synchronizes them */

/* el1_vm_regs_load(const struct arch_vcpu *a): slots 12..18. */
	.global	el1_vm_regs_load
el1_vm_regs_load:
	vm_regs_load
	ret
