/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry. The image starts with an arm64 Linux Image header, so QEMU's -kernel loads it at
 * RAM + text_offset and enters it at EL2 with x0 = the DTB. Secondary CPUs enter at
 * secondary_entry through PSCI CPU_ON with x0 = their CPU index.
 */
#include <arch/vcpu.h>

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0x200000			/* text_offset */
	.quad	_image_size			/* image_size */
	.quad	0xa				/* flags: little endian, 4 KiB pages, 2 MiB aligned */
	.quad	0, 0, 0				/* reserved */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* reserved (PE header offset) */

primary_entry:
	mov	x19, x0				/* DTB */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2
	/* We are linked at the load address; refuse to run anywhere else. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	halt
	msr	daifset, #0xf
	/* Zero .bss with the MMU off (no caches to maintain yet). */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, #0
	bl	cpu_stack_top
	mov	sp, x0
	bl	mmu_build_tables
	bl	mmu_enable
	mov	x0, x19
	bl	hyp_main
	b	halt

	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* CPU index */
	bl	cpu_stack_top
	mov	sp, x0
	bl	mmu_enable
	mov	x0, x19
	bl	hyp_secondary_main
	b	halt

not_el2:
	/* Not started at EL2: QEMU lacks "virtualization=on". Nothing can be printed safely
	 * before the DTB is parsed, but QEMU virt's PL011 is at a fixed address. */
	ldr	x1, =0x09000000
	adr	x2, not_el2_msg
3:	ldrb	w3, [x2], #1
	cbz	w3, halt
	str	w3, [x1]
	b	3b
halt:
	wfe
	b	halt

	.section .rodata
not_el2_msg:
	.asciz	"bulkhead: not entered at EL2; start QEMU with -M virt,virtualization=on\r\n"
