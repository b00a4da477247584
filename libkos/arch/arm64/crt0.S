/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Partition entry. The hypervisor starts the first thread here at EL1 with the MMU off,
 * x0 = sp = IPA of struct bh_boot_info (top of RAM).
 */
	.section .text.start, "ax"
	.global	_start
_start:
	mov	x19, x0
	adr	x1, __kos_vectors
	msr	vbar_el1, x1
	isb
	bl	__kos_mmu_init
	/* .bss: the hypervisor hands over zeroed RAM, but a partition must not depend on it. */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, x19
	bl	__kos_start
	b	.

/* Entry of every thread created by KosThreadCreate: x0 = its struct kos_thread. */
	.global	__kos_thread_entry
__kos_thread_entry:
	bl	__kos_thread_main
	b	.
