// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>

#include <uapi/bulkhead/hypercall.h>

#include "regs_ipc.h"

#define REGS_PRIME 0
#define REGS_LOAD 248
#define REGS_OUT 496
#define REGS_SP 752
_Static_assert(offsetof(struct regs_frame, load) == REGS_LOAD &&
		   offsetof(struct regs_frame, out) == REGS_OUT &&
		   offsetof(struct regs_frame, sp) == REGS_SP,
	       "regs_ipc's assembly depends on this layout");

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * x0 = f. The callee-saved registers and f go on the stack, which is all that survives the
 * two calls: every register is loaded from f (the base register last), and after the IPC call
 * x0 and x1 are pushed to free a base register for storing the others.
 */
/* clang-format off */
__asm__(
    ".text\n"
    ".global regs_ipc\n"
    ".type regs_ipc, %function\n"
    "regs_ipc:\n"
    "	stp	x29, x30, [sp, #-112]!\n"
    "	stp	x19, x20, [sp, #16]\n"
    "	stp	x21, x22, [sp, #32]\n"
    "	stp	x23, x24, [sp, #48]\n"
    "	stp	x25, x26, [sp, #64]\n"
    "	stp	x27, x28, [sp, #80]\n"
    "	str	x0, [sp, #96]\n"
    "	mov	x1, sp\n"
    "	str	x1, [x0, #" STR(REGS_SP) "]\n"
    "	.irp	base, " STR(REGS_PRIME) ", " STR(REGS_LOAD) "\n"
    "	ldr	x0, [sp, #96]\n"
    "	add	x0, x0, #\\base\n"
    "	ldp	x5, x6, [x0, #40]\n"
    "	ldp	x7, x8, [x0, #56]\n"
    "	ldp	x9, x10, [x0, #72]\n"
    "	ldp	x11, x12, [x0, #88]\n"
    "	ldp	x13, x14, [x0, #104]\n"
    "	ldp	x15, x16, [x0, #120]\n"
    "	ldp	x17, x18, [x0, #136]\n"
    "	ldp	x19, x20, [x0, #152]\n"
    "	ldp	x21, x22, [x0, #168]\n"
    "	ldp	x23, x24, [x0, #184]\n"
    "	ldp	x25, x26, [x0, #200]\n"
    "	ldp	x27, x28, [x0, #216]\n"
    "	ldp	x29, x30, [x0, #232]\n"
    "	ldp	x1, x2, [x0, #8]\n"
    "	ldp	x3, x4, [x0, #24]\n"
    "	ldr	x0, [x0]\n"
    "	hvc	#0\n"
    "	.endr\n"
    "	stp	x0, x1, [sp, #-16]!\n"
    "	ldr	x0, [sp, #112]\n"
    "	add	x0, x0, #" STR(REGS_OUT) "\n"
    "	stp	x2, x3, [x0, #16]\n"
    "	stp	x4, x5, [x0, #32]\n"
    "	stp	x6, x7, [x0, #48]\n"
    "	stp	x8, x9, [x0, #64]\n"
    "	stp	x10, x11, [x0, #80]\n"
    "	stp	x12, x13, [x0, #96]\n"
    "	stp	x14, x15, [x0, #112]\n"
    "	stp	x16, x17, [x0, #128]\n"
    "	stp	x18, x19, [x0, #144]\n"
    "	stp	x20, x21, [x0, #160]\n"
    "	stp	x22, x23, [x0, #176]\n"
    "	stp	x24, x25, [x0, #192]\n"
    "	stp	x26, x27, [x0, #208]\n"
    "	stp	x28, x29, [x0, #224]\n"
    "	add	x1, sp, #16\n"
    "	stp	x30, x1, [x0, #240]\n"
    "	ldp	x2, x3, [sp], #16\n"
    "	stp	x2, x3, [x0]\n"
    "	ldp	x19, x20, [sp, #16]\n"
    "	ldp	x21, x22, [sp, #32]\n"
    "	ldp	x23, x24, [sp, #48]\n"
    "	ldp	x25, x26, [sp, #64]\n"
    "	ldp	x27, x28, [sp, #80]\n"
    "	ldp	x29, x30, [sp], #112\n"
    "	ret\n"
    ".size regs_ipc, . - regs_ipc\n");
/* clang-format on */

/* Distinct in every register, partition, round and pattern ("older" 0xa, "newer" 0xb). */
static uint64_t pattern(unsigned int tag, unsigned int which, unsigned int round, unsigned int reg)
{
	return 0x5a00000000000000ull | (uint64_t)(tag & 0xff) << 48 | (uint64_t)which << 40 |
	       (uint64_t)(round & 0xffffff) << 16 | reg;
}

void regs_fill(struct regs_frame *f, unsigned int tag, unsigned int round, uint64_t fn, uint64_t a1,
	       uint64_t a2, uint64_t a3, uint64_t a4)
{
	f->prime[0] = BH_HC_THREAD_SELF;
	for (unsigned int i = 1; i < 31; i++)
		f->prime[i] = pattern(tag, 0xa, round, i);
	f->load[0] = fn, f->load[1] = a1, f->load[2] = a2, f->load[3] = a3, f->load[4] = a4;
	for (unsigned int i = 5; i < 31; i++)
		f->load[i] = pattern(tag, 0xb, round, i);
	for (unsigned int i = 0; i < 32; i++)
		f->out[i] = 0;
}

int regs_check(const struct regs_frame *f, const char **why)
{
	/* May change: what it holds must still be the caller's own, older or newer. */
	for (int i = 5; i <= 13; i++)
		if (f->out[i] != f->prime[i] && f->out[i] != f->load[i]) {
			*why = "holds a value the caller never had there";
			return i;
		}
	for (int i = 14; i <= 30; i++)
		if (f->out[i] != f->load[i]) {
			*why = "not preserved";
			return i;
		}
	if (f->out[31] != f->sp) {
		*why = "SP not preserved";
		return 31;
	}
	return -1;
}
