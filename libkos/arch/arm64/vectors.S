/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL1 vectors of a partition. A secure component takes no interrupts and handles no
 * exceptions itself: anything that arrives here is a fault (undefined instruction, an access
 * its own page tables forbid, ...). It is reported to the hypervisor, which logs it and stops
 * or restarts the partition as its manifest says. No stack is used: sp may be the problem.
 */
#include <uapi/bulkhead/hypercall.h>

.macro fault_entry
	.balign	0x80
	mrs	x1, esr_el1
	mrs	x2, far_el1
	mrs	x3, elr_el1
	ldr	x0, =BH_HC_FAULT_REPORT
	hvc	#0
	b	.
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	__kos_vectors
__kos_vectors:
	.rept	16
	fault_entry
	.endr
