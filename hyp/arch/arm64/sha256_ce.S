/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 compression with the Armv8 cryptographic extension (SHA256H, SHA256H2, SHA256SU0,
 * SHA256SU1): the boot package's images are hashed with it, about twenty times faster under
 * QEMU than the portable C (hyp/core/sha256.c), which the kernel image of a Linux guest makes
 * worth having.
 *
 *   void sha256_ce_blocks(uint32_t state[8], const uint8_t *data, size_t nblocks,
 *                         const uint32_t k[64]);
 *
 * The hypervisor otherwise never touches FP/SIMD registers, which may hold a partition's
 * state: every vector register used here is saved on entry and restored on exit.
 *
 * Registers: v0 = {a, b, c, d}, v1 = {e, f, g, h}; v2, v3 their values at the start of the
 * block; v16..v19 the message schedule, four words each, rotating; v4 = W + K of the group of
 * four rounds; v5 = {a, b, c, d} before the group (SHA256H2 needs it).
 */
	.arch	armv8-a+crypto
	.text

/* Four rounds with W[4g..4g+3] in \w; while g < 12, also schedule W[4g+16..4g+19] into \w. */
.macro	rounds4 w, w1, w2, w3, sched
	ld1	{v4.4s}, [x4], #16
	add	v4.4s, v4.4s, \w\().4s
	.if \sched
	sha256su0 \w\().4s, \w1\().4s
	sha256su1 \w\().4s, \w2\().4s, \w3\().4s
	.endif
	mov	v5.16b, v0.16b
	sha256h	q0, q1, v4.4s
	sha256h2 q1, q5, v4.4s
.endm

	.global	sha256_ce_blocks
	.type	sha256_ce_blocks, %function
sha256_ce_blocks:
	sub	sp, sp, #160
	st1	{v0.16b - v3.16b}, [sp]
	add	x5, sp, #64
	st1	{v4.16b, v5.16b}, [x5], #32
	st1	{v16.16b - v19.16b}, [x5]

	ld1	{v0.4s, v1.4s}, [x0]
	cbz	x2, 2f
1:	ld1	{v16.16b - v19.16b}, [x1], #64
	/* The message is big endian. */
	rev32	v16.16b, v16.16b
	rev32	v17.16b, v17.16b
	rev32	v18.16b, v18.16b
	rev32	v19.16b, v19.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b
	mov	x4, x3
	rounds4	v16, v17, v18, v19, 1
	rounds4	v17, v18, v19, v16, 1
	rounds4	v18, v19, v16, v17, 1
	rounds4	v19, v16, v17, v18, 1
	rounds4	v16, v17, v18, v19, 1
	rounds4	v17, v18, v19, v16, 1
	rounds4	v18, v19, v16, v17, 1
	rounds4	v19, v16, v17, v18, 1
	rounds4	v16, v17, v18, v19, 1
	rounds4	v17, v18, v19, v16, 1
	rounds4	v18, v19, v16, v17, 1
	rounds4	v19, v16, v17, v18, 1
	rounds4	v16, v17, v18, v19, 0
	rounds4	v17, v18, v19, v16, 0
	rounds4	v18, v19, v16, v17, 0
	rounds4	v19, v16, v17, v18, 0
	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	subs	x2, x2, #1
	b.ne	1b
	st1	{v0.4s, v1.4s}, [x0]

2:	ld1	{v0.16b - v3.16b}, [sp]
	add	x5, sp, #64
	ld1	{v4.16b, v5.16b}, [x5], #32
	ld1	{v16.16b - v19.16b}, [x5]
	add	sp, sp, #160
	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks
