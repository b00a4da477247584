/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 exception vectors. A trap from a partition saves its registers straight into the
 * current vCPU (this_cpu()->cur_regs, which SP_EL2 points at while it runs), calls the C
 * handler, and returns through return_to_guest, which resumes whichever vCPU the scheduler
 * left in cur_regs. Nothing stays on the hypervisor stack across a return to a partition, so
 * each CPU needs only one stack, and a trap starts it afresh from its top.
 * An exception taken at EL2 itself is a hypervisor bug: it is reported and the system halts.
 */
#include <arch/sysreg.h>
#include <arch/vcpu.h>
#include <uapi/bulkhead/hypercall.h>

/*
 * While a vCPU runs, SP_EL2 points at its saved registers (return_to_guest leaves it there),
 * so a trap stores registers straight away, with no scratch register to free first; then SP
 * becomes the CPU's stack. SP_EL0 is not switched here: it belongs to the EL1 state a world
 * switch moves (vcpu_switch.S), not to every trap. save_x0_x5, save_x6_x13 and save_x14_on
 * together are every register; a hypercall of the IPC group skips save_x6_x13.
 */
.macro save_x0_x5
	stp	x0, x1, [sp, #REGS_X(0)]
	stp	x2, x3, [sp, #REGS_X(2)]
	stp	x4, x5, [sp, #REGS_X(4)]
.endm

.macro save_x6_x13
	stp	x6, x7, [sp, #REGS_X(6)]
	stp	x8, x9, [sp, #REGS_X(8)]
	stp	x10, x11, [sp, #REGS_X(10)]
	stp	x12, x13, [sp, #REGS_X(12)]
.endm

/* x14..x30, ELR and SPSR, then the CPU's stack; x0 = the vCPU (its regs are its start). */
.macro save_x14_on
	stp	x14, x15, [sp, #REGS_X(14)]
	stp	x16, x17, [sp, #REGS_X(16)]
	stp	x18, x19, [sp, #REGS_X(18)]
	stp	x20, x21, [sp, #REGS_X(20)]
	stp	x22, x23, [sp, #REGS_X(22)]
	stp	x24, x25, [sp, #REGS_X(24)]
	stp	x26, x27, [sp, #REGS_X(26)]
	stp	x28, x29, [sp, #REGS_X(28)]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	str	x30, [sp, #REGS_X(30)]
	stp	x2, x3, [sp, #REGS_ELR]
	mov	x0, sp
	mrs	x2, tpidr_el2
	ldr	x2, [x2, #PCPU_STACK_TOP]
	mov	sp, x2
.endm

.macro save_guest
	save_x0_x5
	save_x6_x13
	save_x14_on
.endm

/* Register frame of an exception taken at EL2: x0..x30, ELR, SPSR, ESR, FAR. */
.macro hyp_exception kind
	sub	sp, sp, #(36 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #248]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #264]
	mov	x0, sp
	mov	x1, #\kind
	bl	hyp_exception_report
	b	.
.endm

.macro lower kind
	save_guest
	bl	\kind
	b	return_to_guest
.endm

/*
 * A synchronous exception from AArch64. HVC #0 of the IPC group from a secure partition (not
 * a Linux guest's: its calls are its own, guest_traps.c) does not save x6..x13, which the ABI
 * does not preserve across those calls, and nothing the partition can see depends on that:
 * whichever vCPU return_to_guest resumes gets every register from its own saved copy, so
 * x6..x13 then hold the caller's own older values. Call and ReplyRecv go to their fast path's
 * entries (traps.c), the group's other calls and every other exception to trap_lower_sync();
 * none of them returns (each resumes a vCPU itself). The test costs the other traps nine
 * instructions, since it comes before the saves it decides. 32 instructions: the whole slot.
 */
.macro lower_sync64
	save_x0_x5
	mrs	x2, esr_el2
	mov	x3, #ESR_HVC64_IMM0
	ldr	x1, =BH_HC_IPC_GROUP
	sub	x1, x0, x1
	ldrb	w4, [sp, #VCPU_IS_GUEST]
	tst	x1, #~(BH_HC_IPC_GROUP_SIZE - 1)
	ccmp	x2, x3, #0, eq	/* in the group: is it HVC #0? (not in it: "ne") */
	ccmp	w4, #0, #0, eq	/* and a secure partition's? */
	b.ne	trap_lower_sync64_other
	save_x14_on
	cbz	x1, trap_ipc_call
	cmp	x1, #(BH_HC_IPC_REPLY_RECV - BH_HC_IPC_GROUP)
	b.eq	trap_ipc_reply_recv
	b	trap_lower_sync
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	hyp_vectors
hyp_vectors:
	/* current EL, SP_EL0: never used */
	.balign 0x80
	hyp_exception 0
	.balign 0x80
	hyp_exception 1
	.balign 0x80
	hyp_exception 2
	.balign 0x80
	hyp_exception 3
	/* current EL, SP_EL2 */
	.balign 0x80
	hyp_exception 0
	.balign 0x80
	hyp_exception 1
	.balign 0x80
	hyp_exception 2
	.balign 0x80
	hyp_exception 3
	/* lower EL, AArch64 */
	.balign 0x80
	lower_sync64
	.org	hyp_vectors + 0x480 /* an error if it outgrew its slot (it would shift the rest) */
	.balign 0x80
	lower	trap_lower_irq
	.balign 0x80
	lower	trap_lower_irq
	.balign 0x80
	lower	trap_lower_serror
	/* lower EL, AArch32 (EL0 of a partition may be AArch32: same handling) */
	.balign 0x80
	lower	trap_lower_sync
	.balign 0x80
	lower	trap_lower_irq
	.balign 0x80
	lower	trap_lower_irq
	.balign 0x80
	lower	trap_lower_serror
	.ltorg /* lower_sync64's constant, after the table */

	.text
/* The rest of lower_sync64's full save, for every trap but an IPC hypercall. */
trap_lower_sync64_other:
	save_x6_x13
	save_x14_on
	b	trap_lower_sync

/* Resume the vCPU in this_cpu()->cur_regs. Also the first entry into a partition. */
	.global	return_to_guest
return_to_guest:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CUR_REGS]
	mov	sp, x0 /* for its next trap: save_guest stores through SP */
	ldp	x1, x2, [x0, #REGS_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #REGS_X(2)]
	ldp	x4, x5, [x0, #REGS_X(4)]
	ldp	x6, x7, [x0, #REGS_X(6)]
	ldp	x8, x9, [x0, #REGS_X(8)]
	ldp	x10, x11, [x0, #REGS_X(10)]
	ldp	x12, x13, [x0, #REGS_X(12)]
	ldp	x14, x15, [x0, #REGS_X(14)]
	ldp	x16, x17, [x0, #REGS_X(16)]
	ldp	x18, x19, [x0, #REGS_X(18)]
	ldp	x20, x21, [x0, #REGS_X(20)]
	ldp	x22, x23, [x0, #REGS_X(22)]
	ldp	x24, x25, [x0, #REGS_X(24)]
	ldp	x26, x27, [x0, #REGS_X(26)]
	ldp	x28, x29, [x0, #REGS_X(28)]
	ldr	x30, [x0, #REGS_X(30)]
	ldp	x0, x1, [x0, #REGS_X(0)]
	eret

/* x0 = CPU index -> x0 = top of that CPU's stack. Uses x0..x2 only, no stack. */
	.global	cpu_stack_top
cpu_stack_top:
	ldr	x1, =hyp_stacks
	ldr	x2, =(CONFIG_HYP_STACK_KB * 1024)
	madd	x0, x0, x2, x2
	add	x0, x0, x1
	ret

/* FP/SIMD state of a vCPU (the hypervisor itself never uses these registers). */
	.global	fpsimd_save
fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.global	fpsimd_load
fpsimd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
